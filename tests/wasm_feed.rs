//! The feed's wasm glue (src/web/feed.rs) in node: the list browser's view of a set
//! (`listEntries`), and a refresh (`feedRefresh`) against a feed served by a stand-in
//! `fetch`, checked against the installed list the extension describes.
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --no-default-features --test wasm_feed`
//!
//! On the real bundled set. The feed's pure checks are native (tests/suite/list_feed.rs); the
//! fetching is covered end to end in Chromium (tests/e2e/feed.test.mjs).
#![cfg(target_arch = "wasm32")]

use sightline::list::feed::Manifest;
use sightline::list::{LoadedSet, BUNDLED_SIGNER_KEY, PUBLISHER_KEY};
use sightline::web::engine::Engine;
use sightline::web::feed::{bundle_after, feed_refresh, list_entries};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const BUNDLE: &[u8] = include_bytes!("../lists/ofac-sdn.bundle");

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

const FEED: &str = "http://127.0.0.1:9/feed/latest.json";

/// Replaces the global `fetch` with one that serves the packaged bundle as a feed's
/// bundle 1 (`/feed/latest.json`, `/feed/bundles/1.bundle`) and 404 for anything else.
fn serve_packaged_bundle_as_feed() {
    let set = LoadedSet::from_bundle(BUNDLE, &BUNDLED_SIGNER_KEY).unwrap();
    let manifest = Manifest::for_bundle(BUNDLE, &set, "bundles/1.bundle".into()).to_json();
    let files = js_sys::Map::new();
    files.set(
        &"/feed/latest.json".into(),
        &js_sys::Uint8Array::from(manifest.as_bytes()),
    );
    files.set(
        &"/feed/bundles/1.bundle".into(),
        &js_sys::Uint8Array::from(BUNDLE),
    );
    let make = js_sys::Function::new_with_args(
        "files",
        "return (req) => { const b = files.get(new URL(req.url).pathname); \
         return Promise.resolve(b ? new Response(b) : new Response('no such file', { status: 404 })); }",
    );
    let fetch = make.call1(&JsValue::NULL, &files).unwrap();
    js_sys::Reflect::set(&js_sys::global(), &"fetch".into(), &fetch).unwrap();
}

fn installed(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn text(v: &JsValue, k: &str) -> Option<String> {
    get(v, k).as_string()
}

#[wasm_bindgen_test]
async fn a_refresh_refuses_a_higher_sequence_dated_before_the_installed_list() {
    if PUBLISHER_KEY != BUNDLED_SIGNER_KEY {
        // Built to pin another feed key: the packaged bundle is no feed bundle here.
        return;
    }
    serve_packaged_bundle_as_feed();
    // The feed serves bundle 1, a list of 2026-08-20; the client has sequence 0 of a
    // later list (as a frozen feed re-numbering an old list looks to it).
    let out = feed_refresh(
        FEED.into(),
        installed(r#"{"sequence": 0, "sourceDate": "2026-09-01", "signedAt": null}"#),
        Some(10_000.0),
    )
    .await;
    assert_eq!(text(&out, "status").as_deref(), Some("refused"));
    assert_eq!(text(&out, "code").as_deref(), Some("dated-before"));
    let reason = text(&out, "reason").unwrap();
    assert!(
        reason.contains("dated before the installed list"),
        "{reason}"
    );
    assert_eq!(
        text(&out, "reasonKey").as_deref(),
        Some("dated_before_source")
    );
    let params = js_sys::Array::from(&get(&out, "reasonParams"));
    assert_eq!(params.get(0).as_string().as_deref(), Some("2026-08-20"));
    assert_eq!(params.get(1).as_string().as_deref(), Some("2026-09-01"));
    assert!(get(&out, "bytes").is_undefined(), "no bytes to install");

    // The installed list states a signing time, the packaged bundle none (a version 1
    // bundle): refused too, a list cannot drop its date to pass.
    let out = feed_refresh(
        FEED.into(),
        installed(
            r#"{"sequence": 0, "sourceDate": "2026-08-20", "signedAt": "2026-08-21T06:00:00Z"}"#,
        ),
        Some(10_000.0),
    )
    .await;
    assert_eq!(
        text(&out, "code").as_deref(),
        Some("dated-before"),
        "{:?}",
        text(&out, "reason")
    );
    assert_eq!(
        text(&out, "reasonKey").as_deref(),
        Some("dated_before_unsigned")
    );
    let params = js_sys::Array::from(&get(&out, "reasonParams"));
    assert_eq!(
        params.get(0).as_string().as_deref(),
        Some("2026-08-21T06:00:00Z")
    );

    // A description that is not one (the old API passed a bare sequence) fails the
    // refresh; it never reads as "nothing installed".
    let out = feed_refresh(FEED.into(), JsValue::from_f64(0.0), Some(10_000.0)).await;
    assert_eq!(text(&out, "status").as_deref(), Some("failed"));
    assert_eq!(text(&out, "code").as_deref(), Some("installed"));

    // An earlier installed list: the same feed updates, and the bytes pass bundleAfter
    // over an empty engine but not over the packaged one (the same sequence).
    let out = feed_refresh(
        FEED.into(),
        installed(r#"{"sequence": 0, "sourceDate": "2026-08-01", "signedAt": null}"#),
        Some(10_000.0),
    )
    .await;
    assert_eq!(
        text(&out, "status").as_deref(),
        Some("updated"),
        "{:?}",
        text(&out, "reason")
    );
    let bytes = js_sys::Uint8Array::from(get(&out, "bytes")).to_vec();
    assert_eq!(bytes, BUNDLE);
    let next = bundle_after(&bytes, &Engine::empty()).unwrap();
    assert_eq!(next.sequence(), 1.0);
    assert!(bundle_after(&bytes, &next).is_err(), "not above itself");
}
