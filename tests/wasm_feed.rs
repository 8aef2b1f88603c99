//! The feed's checks (src/web/feed.rs) in wasm, run in node:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --no-default-features --test wasm_feed`
//!
//! The fetching itself is covered end to end in Chromium (tests/e2e/feed.test.mjs); here
//! are the manifest parser, each refusal of `check_bundle` with its stable code, and the
//! list browser's `listEntries`, on the real bundled set.
#![cfg(target_arch = "wasm32")]

use sha2::{Digest, Sha256};
use sightline::list::BUNDLED_SIGNER_KEY;
use sightline::web::engine::Engine;
use sightline::web::feed::{check_bundle, list_entries, parse_manifest, FeedError, Manifest};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const BUNDLE: &[u8] = include_bytes!("../lists/ofac-sdn.bundle");

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn manifest_for(bytes: &[u8], sequence: u64) -> Manifest {
    Manifest {
        sequence,
        url: format!("bundles/{sequence}.bundle"),
        size: bytes.len() as u64,
        sha256: Sha256::digest(bytes).into(),
        source_date: Some("2026-08-20".into()),
    }
}

#[wasm_bindgen_test]
fn parses_the_manifest_list_publish_writes() {
    let sha = hex(&Sha256::digest(BUNDLE));
    let text = format!(
        r#"{{"entries": 960, "generated_at": "2026-08-20T00:00:00Z", "sequence": 1, "sha256": "{sha}",
            "size": {}, "source": "OFAC SDN list", "source_date": "2026-08-20", "url": "bundles/1.bundle"}}"#,
        BUNDLE.len()
    );
    let m = parse_manifest(text.as_bytes()).unwrap();
    assert_eq!(m, manifest_for(BUNDLE, 1));
    // The same fields nested under "bundle" (uppercase hex is fine too).
    let nested = format!(
        r#"{{"sequence": 1, "source_date": "2026-08-20", "bundle": {{"path": "bundles/1.bundle", "size": {}, "sha256": "{}"}}}}"#,
        BUNDLE.len(),
        sha.to_uppercase()
    );
    assert_eq!(parse_manifest(nested.as_bytes()).unwrap(), m);
}

#[wasm_bindgen_test]
fn refuses_manifests_that_are_not() {
    let sha = "ab".repeat(32);
    let cases: Vec<(String, &str)> = vec![
        ("<html>busy</html>".into(), "not JSON"),
        ("[1, 2]".into(), "not a JSON object"),
        (
            format!(r#"{{"url": "b", "size": 1, "sha256": "{sha}"}}"#),
            "sequence",
        ),
        (
            format!(r#"{{"sequence": -1, "url": "b", "size": 1, "sha256": "{sha}"}}"#),
            "sequence",
        ),
        (
            format!(r#"{{"sequence": 2, "size": 1, "sha256": "{sha}"}}"#),
            "url",
        ),
        (
            format!(r#"{{"sequence": 2, "url": "", "size": 1, "sha256": "{sha}"}}"#),
            "url",
        ),
        (
            format!(r#"{{"sequence": 2, "url": "b", "sha256": "{sha}"}}"#),
            "size",
        ),
        (
            r#"{"sequence": 2, "url": "b", "size": 1, "sha256": "abc"}"#.into(),
            "64 hex",
        ),
        (
            r#"{"sequence": 2, "url": "b", "size": 1, "sha256": 7}"#.into(),
            "sha256",
        ),
        (
            format!(
                r#"{{"sequence": 2, "url": "b", "size": 1, "sha256": "{}"}}"#,
                "zz".repeat(32)
            ),
            "64 hex",
        ),
        (
            format!("{{\"pad\": \"{}\"}}", "x".repeat(70_000)),
            "more than a manifest",
        ),
    ];
    for (text, why) in cases {
        let e = parse_manifest(text.as_bytes()).unwrap_err();
        assert_eq!(e.code(), "manifest", "{text:.80}");
        assert!(e.to_string().contains(why), "{e} should mention {why}");
        assert!(e.is_refusal());
    }
}

#[wasm_bindgen_test]
fn accepts_a_sound_newer_bundle() {
    let set = check_bundle(&manifest_for(BUNDLE, 1), BUNDLE, 0, &BUNDLED_SIGNER_KEY).unwrap();
    assert_eq!(set.header().sequence, 1);
    assert_eq!(set.header().source_date, "2026-08-20");
}

#[wasm_bindgen_test]
fn refuses_each_bad_bundle_with_its_reason() {
    let m = manifest_for(BUNDLE, 1);
    let key = &BUNDLED_SIGNER_KEY;

    let e = check_bundle(&m, BUNDLE, 1, key).unwrap_err();
    assert_eq!(
        e,
        FeedError::Older {
            feed: 1,
            installed: 1
        }
    );
    assert!(e.to_string().contains("rollback"));

    let e = check_bundle(&m, &BUNDLE[..BUNDLE.len() - 1], 0, key).unwrap_err();
    assert_eq!(e.code(), "truncated");
    assert!(e
        .to_string()
        .contains(&format!("{} of the {}", BUNDLE.len() - 1, BUNDLE.len())));

    let mut longer = BUNDLE.to_vec();
    longer.push(0);
    assert_eq!(
        check_bundle(&m, &longer, 0, key).unwrap_err().code(),
        "size-mismatch"
    );

    let mut flipped = BUNDLE.to_vec();
    flipped[BUNDLE.len() / 2] ^= 1;
    assert_eq!(
        check_bundle(&m, &flipped, 0, key).unwrap_err(),
        FeedError::Checksum
    );
    // With a manifest that matches the tampered bytes, the signature refuses them.
    let e = check_bundle(&manifest_for(&flipped, 1), &flipped, 0, key).unwrap_err();
    assert_eq!(e.code(), "bundle", "{e}");

    let mut other_key = *key;
    other_key[0] ^= 0x80;
    let e = check_bundle(&m, BUNDLE, 0, &other_key).unwrap_err();
    assert_eq!(e.code(), "bundle", "{e}");

    let e = check_bundle(&manifest_for(BUNDLE, 7), BUNDLE, 0, key).unwrap_err();
    assert_eq!(
        e,
        FeedError::SequenceMismatch {
            manifest: 7,
            bundle: 1
        }
    );

    let e = check_bundle(&manifest_for(&[], 1), &[], 0, key).unwrap_err();
    assert_eq!(e.code(), "bundle", "an empty bundle: {e}");
}

#[wasm_bindgen_test]
fn network_failures_are_not_refusals() {
    let e = FeedError::Http {
        url: "https://x/latest.json".into(),
        status: 404,
    };
    assert_eq!(e.code(), "http");
    assert!(!e.is_refusal());
    assert!(e.to_string().contains("HTTP 404"));
    assert!(!FeedError::Network("offline".into()).is_refusal());
    assert!(FeedError::TooLarge(1 << 40).is_refusal());
}

fn get(v: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

#[wasm_bindgen_test]
fn list_entries_gives_every_entry_with_its_entity() {
    let engine = Engine::from_packaged_bundle(BUNDLE).unwrap();
    let list = list_entries(&engine).unwrap();
    assert_eq!(get(&list, "sequence").as_f64(), Some(1.0));
    assert_eq!(
        get(&list, "sourceDate").as_string().as_deref(),
        Some("2026-08-20")
    );
    let entries = js_sys::Array::from(&get(&list, "entries"));
    let entities = js_sys::Array::from(&get(&list, "entities"));
    assert_eq!(entries.length(), 960);
    assert_eq!(entities.length(), 94);
    let lazarus = entries
        .iter()
        .find(|e| {
            get(e, "address").as_string().as_deref()
                == Some("0x098b716b8aaf21512996dc57eb0615e2383e2f96")
        })
        .expect("the LAZARUS GROUP address is listed");
    let chains = js_sys::Array::from(&get(&lazarus, "chains"));
    assert_eq!(chains.get(0).as_string().as_deref(), Some("evm"));
    let entity = entities.get(get(&lazarus, "entity").as_f64().unwrap() as u32);
    assert_eq!(
        get(&entity, "name").as_string().as_deref(),
        Some("LAZARUS GROUP")
    );
    assert_eq!(get(&entity, "sdnUid").as_f64(), Some(27307.0));
    // Every entry re-encodes to an address string.
    assert!(entries.iter().all(|e| get(&e, "address").is_string()));
}
