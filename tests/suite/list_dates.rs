//! Freeze and date attacks (issue 15 item 10): the signed `signed_at`/`expires_at` of a
//! format version 2 header, how a list is aged (`list::publish::Freshness`, the rule the
//! CLI and extension/shared/list-age.js share), and every refusal of the publisher
//! (`list::publish::check_dates`, `Removals`). The CLI paths are in list_cli.rs.

use crate::fixture::{data, test_keys};
use sightline::address;
use sightline::list::bundle::{check_validity, decode_unverified, encode_signed, encode_unsigned};
use sightline::list::bundle::{encode_unsigned_version, Limits};
use sightline::list::publish::{check_dates, Freshness, Removals, CLOCK_SKEW_SECONDS};
use sightline::list::{date, BundleError, Delisted, Header, LoadedSet, SetData};

const DAY: u64 = 86_400;

fn at(s: &str) -> u64 {
    date::parse_timestamp(s).unwrap()
}

/// The fixture set (list of 2026-08-20) signed at `signed`, expiring `valid` days later.
fn dated(sequence: u64, signed: &str, valid: u64) -> SetData {
    let mut d = data(sequence);
    d.header.signed_at = Some(at(signed));
    d.header.expires_at = Some(at(signed) + valid * DAY);
    d
}

#[test]
fn signed_at_and_expires_at_round_trip_in_version_2_and_not_in_version_1() {
    let d = dated(3, "2026-08-21T06:00:00Z", 30);
    let (sk, pk) = test_keys();
    let b = encode_signed(&d, &sk).unwrap();
    let set = LoadedSet::from_bundle(&b, &pk).unwrap();
    assert_eq!(set.header().signed_at, Some(at("2026-08-21T06:00:00Z")));
    assert_eq!(set.header().expires_at, Some(at("2026-09-20T06:00:00Z")));
    // Version 1 has no place for them: they read as not stated (today's behaviour).
    let v1 = encode_unsigned_version(&d, 1).unwrap();
    let h = decode_unverified(&v1, &Limits::DEFAULT).unwrap().header;
    assert_eq!(
        (h.format_version, h.signed_at, h.expires_at),
        (1, None, None)
    );
    // Not stated in version 2 either (a library caller's set): two zero bytes, None.
    let plain = encode_unsigned(&data(3)).unwrap();
    let plain = decode_unverified(&plain, &Limits::DEFAULT).unwrap();
    assert_eq!(
        (plain.header.signed_at, plain.header.expires_at),
        (None, None)
    );
}

#[test]
fn a_bundle_signed_after_it_expires_is_refused() {
    // The encoder does not write one...
    let mut d = dated(3, "2026-08-21T06:00:00Z", 30);
    d.header.expires_at = Some(at("2026-08-20T00:00:00Z"));
    assert!(encode_unsigned(&d)
        .unwrap_err()
        .contains("is after expires_at"));
    d.header.expires_at = None;
    assert!(encode_unsigned(&d).unwrap_err().contains("come together"));
    assert!(check_validity(Some(1), Some(date::MAX_TIMESTAMP + 1)).is_err());
    // ...and the decoder refuses one signed with the publisher's key: the two timestamps
    // of a valid bundle swapped (same varint length), then signed again.
    let d = dated(3, "2026-08-21T06:00:00Z", 30);
    let (sk, pk) = test_keys();
    let mut b = encode_signed(&d, &sk).unwrap();
    let h = &d.header;
    let pos = 23
        + [&h.generated_at, &h.source, &h.source_date]
            .iter()
            .map(|s| 1 + s.len())
            .sum::<usize>();
    let (s, e) = (pos..pos + 5, pos + 5..pos + 10);
    let (sb, eb) = (b[s.clone()].to_vec(), b[e.clone()].to_vec());
    b[s].copy_from_slice(&eb);
    b[e].copy_from_slice(&sb);
    assert!(sightline::list::sign::sign_bundle_in_place(&mut b, &sk));
    match LoadedSet::from_bundle(&b, &pk) {
        Err(BundleError::Malformed(why)) => assert!(why.contains("is after expires_at"), "{why}"),
        other => panic!("expected malformed, got {other:?}"),
    }
}

fn header(source_date: &str, signed: Option<&str>, expires: Option<&str>) -> Header {
    Header {
        sequence: 2,
        source_date: source_date.into(),
        signed_at: signed.map(at),
        expires_at: expires.map(at),
        ..Header::default()
    }
}

#[test]
fn a_bundle_dated_9999_12_31_is_flagged_not_silently_fresh() {
    let now = at("2026-12-01T12:00:00Z");
    for h in [
        header("9999-12-31", None, None),
        header(
            "9999-12-31",
            Some("2026-11-30T00:00:00Z"),
            Some("2026-12-30T00:00:00Z"),
        ),
        header(
            "2026-11-30",
            Some("9999-12-31T00:00:00Z"),
            Some("9999-12-31T23:59:59Z"),
        ),
    ] {
        let f = Freshness::of(&h, now);
        assert!(f.future && f.stale(), "{h:?}: {f:?}");
        assert!(f.age_days.unwrap() > 14, "{f:?}");
    }
    // Within a day of the clock is not the future (time zones).
    let f = Freshness::of(&header("2026-12-02", None, None), now);
    assert!(!f.future && !f.stale(), "{f:?}");
}

#[test]
fn a_list_is_aged_by_the_later_of_its_date_and_signed_at_and_expires() {
    let now = at("2026-12-01T12:00:00Z");
    // OFAC's list of Aug 20, checked current and signed yesterday: fresh.
    let h = header(
        "2026-08-20",
        Some("2026-11-30T06:00:00Z"),
        Some("2026-12-30T06:00:00Z"),
    );
    let f = Freshness::of(&h, now);
    assert_eq!(
        (f.age_days, f.future, f.expired, f.stale()),
        (Some(1), false, false, false)
    );
    // A frozen feed: the bundle it keeps serving was signed 40 days ago and expired.
    let h = header(
        "2026-10-22",
        Some("2026-10-22T06:00:00Z"),
        Some("2026-11-21T06:00:00Z"),
    );
    let f = Freshness::of(&h, now);
    assert_eq!((f.age_days, f.expired, f.stale()), (Some(40), true, true));
    // Expired though young: still stale.
    let h = header(
        "2026-11-29",
        Some("2026-11-29T00:00:00Z"),
        Some("2026-11-30T00:00:00Z"),
    );
    assert!(Freshness::of(&h, now).stale());
    // Version 1: the list date alone, as before.
    let f = Freshness::of(&header("2026-08-20", None, None), now);
    assert_eq!((f.age_days, f.expired), (Some(103), false));
}

#[test]
fn the_publisher_refuses_every_bad_date() {
    let now = at("2026-12-01T12:00:00Z");
    let prev = header(
        "2026-11-20",
        Some("2026-11-25T06:00:00Z"),
        Some("2026-12-25T06:00:00Z"),
    );
    let ok = header(
        "2026-11-30",
        Some("2026-12-01T12:00:00Z"),
        Some("2026-12-31T12:00:00Z"),
    );
    check_dates(&ok, Some(&prev), now).unwrap();
    check_dates(&ok, None, now).unwrap();
    let cases = [
        // No signed_at at all.
        (header("2026-11-30", None, None), "states no signed_at"),
        // signed_at more than a day ahead of the clock.
        (
            header(
                "2026-11-30",
                Some("2026-12-03T00:00:00Z"),
                Some("2027-01-03T00:00:00Z"),
            ),
            "signed_at 2026-12-03T00:00:00Z is in the future",
        ),
        // The upstream file claims a date in the future (the 9999-12-31 attack).
        (
            header(
                "9999-12-31",
                Some("2026-12-01T12:00:00Z"),
                Some("2026-12-31T12:00:00Z"),
            ),
            "the list's date 9999-12-31 is in the future",
        ),
        // A list older than the previous bundle's (its sequence would be higher).
        (
            header(
                "2026-11-01",
                Some("2026-12-01T12:00:00Z"),
                Some("2026-12-31T12:00:00Z"),
            ),
            "the list's date 2026-11-01 is older than bundle 2's 2026-11-20",
        ),
        // Signed before the previous bundle was.
        (
            header(
                "2026-11-20",
                Some("2026-11-24T00:00:00Z"),
                Some("2026-12-24T00:00:00Z"),
            ),
            "signed_at 2026-11-24T00:00:00Z is older than bundle 2's 2026-11-25T06:00:00Z",
        ),
        // Not a date.
        (
            header(
                "20 Nov 2026",
                Some("2026-12-01T12:00:00Z"),
                Some("2026-12-31T12:00:00Z"),
            ),
            "is not a date",
        ),
        // Expiring before it is signed.
        (
            header(
                "2026-11-30",
                Some("2026-12-01T12:00:00Z"),
                Some("2026-12-01T11:00:00Z"),
            ),
            "is after expires_at",
        ),
    ];
    for (h, why) in cases {
        let e = check_dates(&h, Some(&prev), now).unwrap_err();
        assert!(e.contains(why), "{h:?}: {e}");
    }
    // A date a day ahead of signing is clock skew, not the future.
    let skew = header(
        "2026-12-02",
        Some("2026-12-01T12:00:00Z"),
        Some("2026-12-31T12:00:00Z"),
    );
    check_dates(&skew, None, now).unwrap();
    assert_eq!(CLOCK_SKEW_SECONDS, DAY);
}

/// A set of `n` lowercase EVM addresses from `start` (one entity), optionally recording
/// `delisted` (addresses from the same numbering) as removed by its input.
fn evm_set(range: std::ops::Range<u64>, delisted: &[u64]) -> SetData {
    let key = |i: u64| {
        address::parse(&format!("0x{:040x}", 0x5157_0000 + i))
            .unwrap()
            .key
    };
    let mut d = data(2);
    let template = d.entries[0].clone();
    d.entries = range
        .map(|i| sightline::list::Entry {
            key: key(i),
            ..template.clone()
        })
        .collect();
    let entity = std::sync::Arc::new(d.entities[0].clone());
    d.header.delisted = delisted
        .iter()
        .map(|&i| Delisted {
            key: key(i),
            entity: entity.clone(),
            listed_under: Vec::new(),
            listed_until: None,
            removed: None,
        })
        .collect();
    d
}

#[test]
fn the_shrink_check_compares_address_sets_and_names_the_removed() {
    let prev = LoadedSet::from_data(evm_set(0..100, &[])).unwrap();
    // One more: nothing removed.
    let r = Removals::between(&prev, &evm_set(0..101, &[]));
    assert_eq!(
        (r.removed.len(), r.summary(), r.refusal(0.9)),
        (0, None, None)
    );
    // Ten removed (10%): reported, not refused.
    let r = Removals::between(&prev, &evm_set(10..100, &[]));
    assert_eq!(r.removed.len(), 10);
    let s = r.summary().unwrap();
    assert!(
        s.starts_with("10 of the 100 addresses of bundle 2 (0 recorded"),
        "{s}"
    );
    assert!(s.contains(&format!("0x{:040x}", 0x5157_0000)), "{s}");
    assert!(s.ends_with("and 5 more"), "{s}");
    assert_eq!(r.refusal(0.9), None);
    // The same size, most addresses swapped for others: refused though the count is equal.
    let r = Removals::between(&prev, &evm_set(50..150, &[]));
    assert_eq!(
        (r.prev_addresses, r.new_addresses, r.unexplained()),
        (100, 100, 50)
    );
    let why = r.refusal(0.9).unwrap();
    assert!(
        why.contains("50 of its 100 addresses would be removed"),
        "{why}"
    );
    assert!(!why.contains("far fewer"), "{why}");
    assert!(why.contains("--force"), "{why}");
    // A collapse: refused, and said to be one.
    let why = Removals::between(&prev, &evm_set(0..50, &[]))
        .refusal(0.9)
        .unwrap();
    assert!(
        why.starts_with("only 50 addresses, far fewer than the 100 of bundle 2"),
        "{why}"
    );
    // Removals the input records as delisted (a change history) are explained: 30 gone,
    // 25 of them recorded, 5 unexplained: accepted.
    let recorded: Vec<u64> = (0..25).collect();
    let r = Removals::between(&prev, &evm_set(30..100, &recorded));
    assert_eq!((r.removed.len(), r.explained, r.unexplained()), (30, 25, 5));
    assert_eq!(r.refusal(0.9), None);
    assert!(r
        .summary()
        .unwrap()
        .contains("(25 recorded as delisted by the input)"));
    // A looser ratio lets the swap through.
    assert_eq!(
        Removals::between(&prev, &evm_set(50..150, &[])).refusal(0.4),
        None
    );
}
