//! The list's history: the change-history importer (removed addresses, read beside the
//! main JSON), first-seen dates, and `list::carry_history`, which keeps the history from
//! one publication to the next (what `sightline list publish` runs against the feed's
//! current bundle). On excerpts of lists/source (tests/fixtures/) and the fixture set; the
//! whole source's figures: bundled_list.rs.

use crate::fixture;
use sightline::address::parse;
use sightline::list::bundle::encode_signed;
use sightline::list::import::{detect, import_text, Format};
use sightline::list::{build_set, carry_history, BuildParams, Import, LoadedSet, SetData};
use sightline::verdict::check;

const DATED: &str = include_str!("../fixtures/ofac_json_dated_excerpt.json");
const CHANGES: &str = include_str!("../fixtures/ofac_changes_excerpt.json");
/// Removed for Rolan SOKOLOVSKI on 2025-11-24, listed again since for CRYPTO HOME DMCC.
const RELISTED: &str = "bnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf23";
const LAZARUS: [&str; 2] = [
    "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
    "0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B",
];

fn imports() -> [Import; 2] {
    [
        import_text("ofac_json_dated_excerpt.json", DATED).unwrap(),
        import_text("ofac_changes_excerpt.json", CHANGES).unwrap(),
    ]
}

fn params(sequence: u64) -> BuildParams {
    BuildParams {
        sequence,
        ..Default::default()
    }
}

#[test]
fn the_change_history_is_recognised_by_its_content() {
    assert_eq!(detect("x.json", CHANGES), Format::Changes);
    assert_eq!(detect("x.json", DATED), Format::Json);
    // Whatever the file is called.
    assert_eq!(detect("list.txt", CHANGES), Format::Changes);
    let [_, changes] = imports();
    assert!(changes.listings.is_empty());
    assert_eq!(changes.removals.len(), 3);
    assert_eq!(changes.source, "OFAC SDN list");
    assert_eq!(
        changes.source_date, None,
        "the history does not date the set"
    );
}

#[test]
fn removals_become_delisted_records_and_first_seen_dates_are_kept() {
    let (data, report) = build_set(&imports(), &params(1));
    assert_eq!(report.listings_read, 3);
    assert_eq!(report.removals_read, 3);
    assert!(report.rejected.is_empty(), "{}", report.to_text());
    assert_eq!(data.header.source, "OFAC SDN list");
    assert_eq!(data.header.source_date, "2026-08-20");
    let set = LoadedSet::from_data(data).unwrap();

    // The two Tornado Cash addresses: delisted, with the dates the history gives.
    assert_eq!(set.delisted().len(), 2);
    assert_eq!(set.header().delisted_count, 2);
    for d in set.delisted() {
        fixture::assert_tornado_record(d);
    }
    let v = check(&parse(fixture::TORNADO).unwrap(), &set);
    assert!(!v.sanctioned);
    assert_eq!(v.delisted[0].removed.as_deref(), Some("2025-03-21"));

    // First seen where the source dates the address, nothing where it does not.
    let sol = check(&parse(fixture::DATED).unwrap(), &set);
    assert_eq!(
        sol.matches[0].first_seen.as_deref(),
        Some(fixture::DATED_SINCE)
    );
    let laz = check(&parse(LAZARUS[0]).unwrap(), &set);
    assert_eq!(laz.matches[0].first_seen, None);

    // Removed on 2025-11-24 and listed again: listed, no removal kept, and its first-seen
    // date (2025-11-19, before the removal) is not when the current listing began.
    let v = check(&parse(RELISTED).unwrap(), &set);
    assert!(v.sanctioned);
    assert_eq!(v.matches[0].name, "CRYPTO HOME DMCC");
    assert_eq!(v.matches[0].first_seen, None);
    assert!(v.delisted.is_empty());
    let notes: Vec<&str> = report
        .notices
        .iter()
        .filter(|n| n.value == RELISTED)
        .map(|n| n.note.as_str())
        .collect();
    assert_eq!(notes.len(), 2, "{}", report.to_text());
    assert!(notes[0].contains("removed on 2025-11-24 but listed again"));
    assert!(notes[1].contains("first seen 2025-11-19, before its removal"));
}

#[test]
fn the_order_of_the_inputs_does_not_matter() {
    let [main, changes] = imports();
    let (sk, _) = fixture::test_keys();
    let (a, _) = build_set(&[main.clone(), changes.clone()], &params(1));
    let (b, _) = build_set(&[changes.clone(), main], &params(1));
    assert_eq!(
        encode_signed(&a, &sk).unwrap(),
        encode_signed(&b, &sk).unwrap()
    );
    // The history alone: every removal is history (nothing is listed), no entity.
    let (c, _) = build_set(&[changes], &params(1));
    assert!(c.entries.is_empty() && c.entities.is_empty());
    assert_eq!(c.header.delisted.len(), 3);
}

/// The fixture set as the next list: `f` edits its data, dated `date`.
fn next(date: &str, f: impl FnOnce(&mut SetData)) -> SetData {
    let mut d = fixture::data(2);
    d.header.source_date = date.into();
    d.header.generated_at = format!("{date}T00:00:00Z");
    d.header.delisted.clear();
    d.entries.iter_mut().for_each(|e| e.first_seen = None);
    f(&mut d);
    d
}

fn key(a: &str) -> sightline::address::AddressKey {
    parse(a).unwrap().key
}

#[test]
fn publishing_carries_removals_forward() {
    let prev = fixture::set();
    // The next list drops LAZARUS GROUP's two addresses and has no history of its own.
    let new = next("2026-09-03", |d| {
        d.entries
            .retain(|e| !LAZARUS.iter().any(|a| key(a) == e.key));
    });
    let carried = carry_history(&prev, new);
    assert_eq!(carried.header.delisted_count, 4);
    let set = LoadedSet::from_data(carried).unwrap();
    assert_eq!(set.delisted().len(), 4);
    for a in LAZARUS {
        let v = check(&parse(a).unwrap(), &set);
        assert!(!v.sanctioned, "{a}");
        assert_eq!(v.delisted.len(), 1);
        let d = &v.delisted[0];
        assert_eq!((d.name.as_str(), d.sdn_uid), ("LAZARUS GROUP", Some(27307)));
        assert_eq!(d.programs, ["DPRK3"]);
        assert_eq!(d.listed_under, ["ETH"]);
        assert_eq!(
            d.listed_until.as_deref(),
            Some("2026-08-20"),
            "the previous list's date"
        );
        assert_eq!(
            d.removed.as_deref(),
            Some("2026-09-03"),
            "the new list's date"
        );
    }
    // The previous bundle's own records come along unchanged.
    let v = check(&parse(fixture::TORNADO).unwrap(), &set);
    assert_eq!(v.delisted[0].name, "TORNADO CASH");
    assert_eq!(v.delisted[0].listed_until.as_deref(), Some("2025-03-20"));
    assert_eq!(v.delisted[0].removed.as_deref(), Some("2025-03-21"));
    // First-seen dates carried for what is still listed.
    let v = check(&parse(fixture::DATED).unwrap(), &set);
    assert_eq!(
        v.matches[0].first_seen.as_deref(),
        Some(fixture::DATED_SINCE)
    );
    let v = check(&parse("134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak").unwrap(), &set);
    assert_eq!(v.matches[0].first_seen, None, "unknown stays unknown");
}

#[test]
fn an_address_listed_again_leaves_the_history() {
    let prev = fixture::set();
    let tornado = key(fixture::TORNADO);
    let new = next("2026-09-03", |d| {
        d.entries.push(sightline::list::Entry {
            key: tornado.clone(),
            entity: 0,
            listed_under: vec!["ETH".into()],
            first_seen: None,
        });
    });
    let set = LoadedSet::from_data(carry_history(&prev, new)).unwrap();
    assert_eq!(
        set.delisted().len(),
        1,
        "only the other Tornado Cash address"
    );
    let v = check(&parse(fixture::TORNADO).unwrap(), &set);
    assert!(v.sanctioned);
    assert!(v.delisted.is_empty());
    // Listed again on 2026-09-03: on the list since then; so is a new address.
    assert_eq!(v.matches[0].first_seen.as_deref(), Some("2026-09-03"));
}

#[test]
fn added_addresses_are_first_seen_on_the_new_list() {
    let prev = LoadedSet::from_data(next("2026-08-20", |d| {
        d.entries.retain(|e| e.key != key(LAZARUS[1]));
    }))
    .unwrap();
    let set = LoadedSet::from_data(carry_history(&prev, next("2026-09-03", |_| {}))).unwrap();
    let v = check(&parse(LAZARUS[1]).unwrap(), &set);
    assert_eq!(v.matches[0].first_seen.as_deref(), Some("2026-09-03"));
    let v = check(&parse(LAZARUS[0]).unwrap(), &set);
    assert_eq!(
        v.matches[0].first_seen, None,
        "in the previous list, undated"
    );
    assert!(set.delisted().is_empty());
}

#[test]
fn a_rebuild_of_the_same_list_infers_nothing() {
    // Same list date (an importer fix, not a change of the list): nothing dropped becomes
    // delisted and nothing added is dated; carried records and dates still come along.
    let prev = fixture::set();
    let new = next(fixture::SOURCE_DATE, |d| {
        d.entries.retain(|e| e.key != key(LAZARUS[0]));
    });
    let set = LoadedSet::from_data(carry_history(&prev, new)).unwrap();
    assert_eq!(set.delisted().len(), 2, "the Tornado Cash records only");
    assert!(set.delisted_of(&key(LAZARUS[0])).is_empty());
    let v = check(&parse(fixture::DATED).unwrap(), &set);
    assert_eq!(
        v.matches[0].first_seen.as_deref(),
        Some(fixture::DATED_SINCE)
    );
    // An older list is no change either.
    let older = next("2026-08-01", |d| d.entries.truncate(3));
    let set = LoadedSet::from_data(carry_history(&prev, older)).unwrap();
    assert_eq!(set.delisted().len(), 2);
}

#[test]
fn the_new_lists_own_records_win() {
    let prev = fixture::set();
    let new = next("2026-09-03", |d| {
        let mut r = fixture::data(1).header.delisted[0].clone();
        r.removed = Some("2025-03-24".into());
        d.header.delisted.push(r);
    });
    let set = LoadedSet::from_data(carry_history(&prev, new)).unwrap();
    assert_eq!(set.delisted().len(), 2);
    let removed: Vec<_> = set
        .delisted()
        .iter()
        .map(|d| d.removed.as_deref())
        .collect();
    assert!(removed.contains(&Some("2025-03-24")), "{removed:?}");
    assert!(removed.contains(&Some("2025-03-21")), "{removed:?}");
}

/// build -> publish -> bundle, twice: the history survives the bundle format and a second
/// publication, byte for byte the same when repeated.
#[test]
fn history_round_trips_through_bundles() {
    let (sk, pk) = fixture::test_keys();
    let first = LoadedSet::from_bundle(&fixture::signed_bundle(1), &pk).unwrap();
    let second = next("2026-09-03", |d| {
        d.entries.retain(|e| e.key != key(LAZARUS[0]));
    });
    let b2 = encode_signed(&carry_history(&first, second.clone()), &sk).unwrap();
    assert_eq!(
        b2,
        encode_signed(&carry_history(&first, second), &sk).unwrap()
    );
    let s2 = LoadedSet::from_bundle(&b2, &pk).unwrap();
    assert_eq!(s2.delisted().len(), 3);
    let third = next("2026-10-01", |d| {
        d.header.sequence = 3;
        d.entries
            .retain(|e| e.key != key(LAZARUS[0]) && e.key != key(fixture::DATED));
    });
    let b3 = encode_signed(&carry_history(&s2, third), &sk).unwrap();
    let s3 = LoadedSet::from_bundle(&b3, &pk).unwrap();
    assert_eq!(s3.delisted().len(), 4);
    let lazarus = &s3.delisted_of(&key(LAZARUS[0]))[0];
    assert_eq!(lazarus.listed_until.as_deref(), Some("2026-08-20"));
    assert_eq!(lazarus.removed.as_deref(), Some("2026-09-03"));
    let sol = &s3.delisted_of(&key(fixture::DATED))[0];
    assert_eq!(sol.entity.name, "Rolan SOKOLOVSKI");
    assert_eq!(sol.listed_until.as_deref(), Some("2026-09-03"));
    assert_eq!(sol.removed.as_deref(), Some("2026-10-01"));
    // A version 1 previous bundle (no history) still gives the inferred removals.
    let mut v1 = sightline::list::bundle::encode_unsigned_version(&fixture::data(1), 1).unwrap();
    sightline::list::sign::sign_bundle_in_place(&mut v1, &sk);
    let old = LoadedSet::from_bundle(&v1, &pk).unwrap();
    let s = LoadedSet::from_data(carry_history(
        &old,
        next("2026-09-03", |d| {
            d.entries.retain(|e| e.key != key(LAZARUS[0]))
        }),
    ))
    .unwrap();
    assert_eq!(s.delisted().len(), 1);
    assert_eq!(s.delisted()[0].entity.name, "LAZARUS GROUP");
}
