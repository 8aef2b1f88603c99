//! The feed's files and checks (src/list/feed.rs), natively: the manifest and history
//! formats as the CLI writes and the extension reads them, each refusal of `check_bundle`
//! with its stable code, and the URL rules, on the fixture set signed with the test key.
//! The fetching itself runs in wasm and is covered end to end in Chromium
//! (tests/e2e/feed.test.mjs).
use crate::fixture;
use sha2::{Digest, Sha256};
use sightline::list::bundle::encode_signed;
use sightline::list::feed::{check_bundle, check_feed_origin, check_newer, FeedError, History};
use sightline::list::feed::{Installed, Manifest};
use sightline::list::publish::EarlierDate;
use sightline::list::{date, Header, LoadedSet};
use std::sync::OnceLock;

/// The fixture set, sequence 1, signed with the test key.
fn bundle() -> &'static [u8] {
    static BUNDLE: OnceLock<Vec<u8>> = OnceLock::new();
    BUNDLE.get_or_init(|| fixture::signed_bundle(1))
}

/// The test key's public half, which signed [`bundle`].
fn pubkey() -> [u8; 32] {
    fixture::test_keys().1
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn manifest_for(bytes: &[u8], sequence: u64) -> Manifest {
    Manifest {
        sequence,
        source: Some("OFAC SDN list".into()),
        source_date: Some("2026-08-20".into()),
        generated_at: Some("2026-08-20T00:00:00Z".into()),
        signed_at: None,
        expires_at: None,
        entries: Some(fixture::ENTRY_COUNT.into()),
        url: format!("bundles/{sequence}.bundle"),
        size: bytes.len() as u64,
        sha256: Sha256::digest(bytes).into(),
    }
}

trait RecordWithDate {
    fn record_with_date(&self) -> Manifest;
}
impl RecordWithDate for Manifest {
    /// The bundle record alone, with the top-level date (a nested manifest's fields).
    fn record_with_date(&self) -> Manifest {
        Manifest {
            source_date: self.source_date.clone(),
            ..self.record()
        }
    }
}

#[test]
fn parses_the_manifest_list_publish_writes() {
    let sha = hex(&Sha256::digest(bundle()));
    let text = format!(
        r#"{{"entries": {}, "generated_at": "2026-08-20T00:00:00Z", "sequence": 1, "sha256": "{sha}",
            "size": {}, "source": "OFAC SDN list", "source_date": "2026-08-20", "url": "bundles/1.bundle"}}"#,
        fixture::ENTRY_COUNT,
        bundle().len()
    );
    let m = Manifest::parse(text.as_bytes()).unwrap();
    assert_eq!(m, manifest_for(bundle(), 1));
    assert_eq!(m.entries, Some(fixture::ENTRY_COUNT.into()));
    assert_eq!(m.source.as_deref(), Some("OFAC SDN list"));
    // The same fields nested under "bundle" (uppercase hex is fine too).
    let nested = format!(
        r#"{{"sequence": 1, "source_date": "2026-08-20", "bundle": {{"path": "bundles/1.bundle", "size": {}, "sha256": "{}"}}}}"#,
        bundle().len(),
        sha.to_uppercase()
    );
    assert_eq!(
        Manifest::parse(nested.as_bytes()).unwrap(),
        m.record_with_date()
    );
}

#[test]
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
        let e = Manifest::parse(text.as_bytes()).unwrap_err();
        assert_eq!(e.code(), "manifest", "{text:.80}");
        assert!(e.to_string().contains(why), "{e} should mention {why}");
        assert!(e.is_refusal());
    }
}

#[test]
fn accepts_a_sound_newer_bundle() {
    let set = check_bundle(&manifest_for(bundle(), 1), bundle(), 0, &pubkey()).unwrap();
    assert_eq!(set.header().sequence, 1);
    assert_eq!(set.header().source_date, "2026-08-20");
}

#[test]
fn refuses_each_bad_bundle_with_its_reason() {
    let m = manifest_for(bundle(), 1);
    let key = &pubkey();

    let e = check_bundle(&m, bundle(), 1, key).unwrap_err();
    assert_eq!(
        e,
        FeedError::Older {
            feed: 1,
            installed: 1
        }
    );
    assert!(e.to_string().contains("rollback"));

    let e = check_bundle(&m, &bundle()[..bundle().len() - 1], 0, key).unwrap_err();
    assert_eq!(e.code(), "truncated");
    assert!(e
        .to_string()
        .contains(&format!("{} of the {}", bundle().len() - 1, bundle().len())));

    let mut longer = bundle().to_vec();
    longer.push(0);
    assert_eq!(
        check_bundle(&m, &longer, 0, key).unwrap_err().code(),
        "size-mismatch"
    );

    let mut flipped = bundle().to_vec();
    flipped[bundle().len() / 2] ^= 1;
    assert_eq!(
        check_bundle(&m, &flipped, 0, key).unwrap_err(),
        FeedError::Checksum
    );
    // With a manifest that matches the tampered bytes, the signature refuses them.
    let e = check_bundle(&manifest_for(&flipped, 1), &flipped, 0, key).unwrap_err();
    assert_eq!(e.code(), "bundle", "{e}");

    let mut other_key = *key;
    other_key[0] ^= 0x80;
    let e = check_bundle(&m, bundle(), 0, &other_key).unwrap_err();
    assert_eq!(e.code(), "bundle", "{e}");

    let e = check_bundle(&manifest_for(bundle(), 7), bundle(), 0, key).unwrap_err();
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

/// The fixture set (list of 2026-08-20) as bundle `sequence`, signed with the test key at
/// `signed` (None: a header that states no signing time).
fn signed_at(sequence: u64, signed: Option<&str>) -> Vec<u8> {
    let mut d = fixture::data(sequence);
    d.header.signed_at = signed.map(|s| date::parse_timestamp(s).unwrap());
    d.header.expires_at = d.header.signed_at.map(|s| s + 30 * 86_400);
    encode_signed(&d, &fixture::test_keys().0).unwrap()
}

/// What a client has installed: sequence 1, of `source_date`, signed at `signed`.
fn installed(source_date: &str, signed: Option<&str>) -> Header {
    Header {
        sequence: 1,
        source_date: source_date.into(),
        signed_at: signed.map(|s| date::parse_timestamp(s).unwrap()),
        ..Header::default()
    }
}

#[test]
fn refuses_a_higher_sequence_dated_before_the_installed_list() {
    // A replayed or frozen feed: bundle 2 is a list of 2026-08-20 signed on 2026-08-21,
    // re-numbered above what the client has.
    let b = signed_at(2, Some("2026-08-21T06:00:00Z"));
    let m = manifest_for(&b, 2);
    let key = &pubkey();

    // The installed list is of a later date: refused, by the source date.
    let newer_list = installed("2026-09-01", None);
    let e = check_bundle(&m, &b, &newer_list, key).unwrap_err();
    assert_eq!(
        e,
        FeedError::DatedBefore(EarlierDate::Source {
            new: "2026-08-20".into(),
            prev: "2026-09-01".into()
        })
    );
    assert_eq!(e.code(), "dated-before");
    assert!(e.is_refusal());
    assert_eq!(
        e.to_string(),
        "bundle refused: dated before the installed list (a list of 2026-08-20; the installed \
         list is of 2026-09-01): the feed replays an old list or is frozen"
    );
    assert_eq!(
        e.reason_params(),
        Some((
            "dated_before_source",
            vec!["2026-08-20".to_string(), "2026-09-01".to_string()]
        ))
    );

    // Same list date, signed later than the feed's: refused, by signed_at.
    let resigned = installed("2026-08-20", Some("2026-08-22T00:00:00Z"));
    let e = check_bundle(&m, &b, &resigned, key).unwrap_err();
    assert_eq!(e.code(), "dated-before");
    assert!(
        e.to_string().contains(
            "signed at 2026-08-21T06:00:00Z; the installed list was signed at 2026-08-22T00:00:00Z"
        ),
        "{e}"
    );
    assert_eq!(
        e.reason_params().map(|(k, _)| k),
        Some("dated_before_signed")
    );

    // A bundle that states no signing time cannot pass a signed installed list.
    let unsigned = signed_at(2, None);
    let e = check_bundle(&manifest_for(&unsigned, 2), &unsigned, &resigned, key).unwrap_err();
    assert_eq!(
        e,
        FeedError::DatedBefore(EarlierDate::Signed {
            new: None,
            prev: date::parse_timestamp("2026-08-22T00:00:00Z").unwrap()
        })
    );
    assert!(e.to_string().contains("states no signing time"), "{e}");
    assert_eq!(
        e.reason_params(),
        Some((
            "dated_before_unsigned",
            vec!["2026-08-22T00:00:00Z".to_string()]
        ))
    );

    // The rollback check comes first: a lower sequence is "older", whatever its dates.
    let e = check_newer(
        LoadedSet::from_bundle(&b, key).unwrap().header(),
        &Installed {
            sequence: 5,
            ..(&newer_list).into()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "older");

    // Dated the same as, or after, the installed list: accepted. An undated installed list
    // (the packaged one of a version 1 bundle) is compared by its source date alone.
    for ok in [
        installed("2026-08-20", Some("2026-08-21T06:00:00Z")),
        installed("2026-08-19", Some("2026-08-20T00:00:00Z")),
        installed("2026-08-20", None),
        installed("", None),
    ] {
        let set = check_bundle(&m, &b, &ok, key).unwrap_or_else(|e| panic!("{ok:?}: {e}"));
        assert_eq!(set.header().sequence, 2);
    }
    // Nothing installed (a feed checked on its own).
    assert!(check_bundle(&m, &b, 0, key).is_ok());
}

#[test]
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

#[test]
fn the_manifest_of_a_bundle_round_trips_through_its_json() {
    let set = LoadedSet::from_bundle(bundle(), &pubkey()).unwrap();
    let m = Manifest::for_bundle(bundle(), &set, "bundles/1.bundle".into());
    assert_eq!(
        m,
        manifest_for(bundle(), 1),
        "the fields come from the bundle's header"
    );
    let json = m.to_json();
    assert!(json.ends_with("}\n"));
    assert!(json.contains(&format!(
        "\"sha256\": \"{}\"",
        hex(&Sha256::digest(bundle()))
    )));
    assert_eq!(Manifest::parse(json.as_bytes()).unwrap(), m);
    assert!(check_bundle(
        &Manifest::parse(json.as_bytes()).unwrap(),
        bundle(),
        0,
        &pubkey()
    )
    .is_ok());
}

#[test]
fn the_manifest_carries_the_signed_dates_for_the_landing_page_and_older_ones_still_read() {
    let b = signed_at(2, Some("2026-08-21T06:00:00Z"));
    let set = LoadedSet::from_bundle(&b, &pubkey()).unwrap();
    let m = Manifest::for_bundle(&b, &set, "bundles/2.bundle".into());
    assert_eq!(m.signed_at.as_deref(), Some("2026-08-21T06:00:00Z"));
    assert_eq!(m.expires_at.as_deref(), Some("2026-09-20T06:00:00Z"));
    let json = m.to_json();
    assert!(
        json.contains("\"signed_at\": \"2026-08-21T06:00:00Z\""),
        "{json}"
    );
    assert_eq!(Manifest::parse(json.as_bytes()).unwrap(), m);
    // history.json's records leave them out, as the other provenance fields.
    let r = m.record();
    assert_eq!((r.signed_at, r.expires_at), (None, None));
    // A manifest written before them reads as before (None), and one of a version 1
    // bundle states none.
    let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
    old.as_object_mut()
        .unwrap()
        .retain(|k, _| !k.ends_with("_at") || k == "generated_at");
    let old = Manifest::parse(old.to_string().as_bytes()).unwrap();
    assert_eq!(
        old,
        Manifest {
            signed_at: None,
            expires_at: None,
            ..m.clone()
        }
    );
    let unsigned = signed_at(3, None);
    let set = LoadedSet::from_bundle(&unsigned, &pubkey()).unwrap();
    let m = Manifest::for_bundle(&unsigned, &set, "bundles/3.bundle".into());
    assert!(!m.to_json().contains("signed_at"));
}

#[test]
fn the_history_lists_each_bundle_once_newest_first_without_provenance() {
    let h = History::of(vec![
        manifest_for(bundle(), 1),
        manifest_for(bundle(), 3),
        manifest_for(bundle(), 2),
        manifest_for(bundle(), 3),
    ]);
    assert_eq!(
        h.bundles.iter().map(|b| b.sequence).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    assert!(h
        .bundles
        .iter()
        .all(|b| b.source.is_none() && b.entries.is_none()));
    let json = h.to_json();
    assert!(json.contains("\"format\": 1"));
    assert_eq!(History::parse(json.as_bytes()).unwrap(), h);
    assert_eq!(History::parse(b"{}").unwrap_err().code(), "manifest");
}

#[test]
fn feeds_are_https_or_loopback_http() {
    assert!(check_feed_origin("https:", "lists.example.org").is_ok());
    assert!(check_feed_origin("http:", "localhost").is_ok());
    assert!(check_feed_origin("http:", "127.0.0.1").is_ok());
    assert!(check_feed_origin("http:", "[::1]").is_ok());
    for (p, h) in [
        ("http:", "lists.example.org"),
        ("ftp:", "localhost"),
        ("file:", ""),
        ("data:", ""),
    ] {
        let e = check_feed_origin(p, h).unwrap_err();
        assert_eq!(e.code(), "bad-url", "{p}//{h}");
        assert!(!e.is_refusal());
    }
}
