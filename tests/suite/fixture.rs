//! The fixture set: a small sanctions set built here from records, the way the importers
//! feed `list::build_set`. Its entries are real ones, copied from the OFAC SDN list of
//! 2026-08-20 (lists/source/), a few per family, so the tests of the code check against
//! data that no refresh of the shipped list can change. What the shipped list holds is
//! asserted in bundled_list.rs alone. Also here: the test key pair (tests/keys/).
//!
//! The set has history too, as the shipped one does: first-seen dates on the listings
//! whose address the source dates (`first_seen` in lists/source), and two of the Tornado
//! Cash addresses OFAC delisted on 2025-03-21 (the change history in lists/source).

use sightline::list::bundle::encode_signed;
use sightline::list::{
    build_set, sign, BuildParams, Entity, Import, Listing, LoadedSet, Removal, SetData,
};

pub const SOURCE: &str = "OFAC SDN list";
pub const SOURCE_DATE: &str = "2026-08-20";
pub const ENTITY_COUNT: u32 = 8;
pub const ENTRY_COUNT: u32 = 14;
pub const DELISTED_COUNT: u32 = 2;

/// TORNADO CASH: delisted, with all its addresses, in the SDN list of 2025-03-21.
pub const TORNADO: &str = "0x8589427373D6D84E98730D7795D8f6f8731FDA16";
pub const TORNADO_2: &str = "0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1";
pub const TORNADO_UID: u32 = 39796;

/// A delisted record of a Tornado Cash address as OFAC's change history gives it (the
/// fixture's and the shipped sources' alike): listed under ETH until the list of 2025-03-20,
/// removed in that of 2025-03-21.
pub fn assert_tornado_record(d: &sightline::list::model::Delisted) {
    assert_eq!(d.entity.name, "TORNADO CASH");
    assert_eq!(d.entity.sdn_uid, Some(TORNADO_UID));
    assert_eq!(d.entity.programs, ["CYBER2", "DPRK3"]);
    assert_eq!(d.listed_under, ["ETH"]);
    assert_eq!(d.listed_until.as_deref(), Some("2025-03-20"));
    assert_eq!(d.removed.as_deref(), Some("2025-03-21"));
}
/// Listed for Rolan SOKOLOVSKI, first seen in the SDN list of 2025-11-19.
pub const DATED: &str = "42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi";
pub const DATED_SINCE: &str = "2025-11-19";

/// (SDN uid, name, programs, a.k.a.s) of each entity.
const ENTITIES: &[(u32, &str, &[&str], &[&str])] = &[
    (
        27307,
        "LAZARUS GROUP",
        &["DPRK3"],
        &["HIDDEN COBRA", "OFFICE 91"],
    ),
    (
        28263,
        "Yinyin TIAN",
        &["CYBER2", "DPRK3"],
        &["tianyinyin0404", "snowsjohn"],
    ),
    (
        42496,
        "Huihui WU",
        &["DPRK3"],
        &["WAKEMEUPUPUP", "FAST4RELEASE"],
    ),
    (56360, "Rolan SOKOLOVSKI", &["ILLICIT-DRUGS-EO14059"], &[]),
    (18647, "ISIL KHORASAN", &["FTO", "SDGT"], &["ISIS-K"]),
    (43421, "Yunhe WANG", &["CYBER2"], &["Jack WAN", "Jack WANG"]),
    (
        31212,
        "SOUTHFRONT",
        &["CYBER2", "ELECTION-EO13848", "NPWMD"],
        &["SOUTH FRONT"],
    ),
    (
        30518,
        "SECONDEYE SOLUTION",
        &["CYBER2", "ELECTION-EO13848"],
        &["FORWARDERZ"],
    ),
];

/// (address as published, asset code, SDN uid, first seen) of each listing.
pub const LISTINGS: &[(&str, &str, u32, Option<&str>)] = &[
    ("0x098B716B8Aaf21512996dC57EB0615e2383E2f96", "ETH", 27307, None),
    ("0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B", "ETH", 27307, None),
    ("134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak", "XBT", 28263, None),
    ("14kqryJUxM3a7aEi117KX9hoLUw592WsMR", "XBT", 28263, None),
    ("3F2sZ4jbhvDKQdGbHYPC6ZxFXEau2m5Lqj", "XBT", 28263, None),
    ("18aqbRhHupgvC9K8qEqD78phmTQQWs7B5d", "XBT", 42496, None),
    ("42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi", "SOL", 56360, Some("2025-11-19")),
    ("TBcLqqqyZjNj1ptuXFgj5H768NhNU5nDyn", "TRX", 56360, Some("2025-11-19")),
    ("TA3rH2A7iHnm6pKH8gr9cK1EZnShnmZdFg", "TRX", 18647, Some("2026-07-01")),
    ("44dZUJ7w1T3fKAvFW8XyXUVoAGSbFvXef2wcbnsjNKGWYorpLJBjth5VKSFhLGkpYKJb2J341tdZHBnbpv72WL7e8zuxfR2", "XMR", 18647, Some("2026-07-01")),
    ("bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw", "XBT", 43421, None),
    ("LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb", "LTC", 43421, None),
    ("qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq", "BCH", 31212, None),
    ("18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB", "BCH", 30518, None),
];

/// (address, asset code, last list date, removal date) of each delisted address, all of
/// TORNADO CASH (uid 39796, CYBER2 + DPRK3), as the change history has them.
pub const REMOVED: &[(&str, &str, &str, &str)] = &[
    (TORNADO, "ETH", "2025-03-20", "2025-03-21"),
    (TORNADO_2, "ETH", "2025-03-20", "2025-03-21"),
];

/// The records as one importer's output.
fn import() -> Import {
    let mut entities: Vec<Entity> = ENTITIES
        .iter()
        .map(|&(uid, name, programs, akas)| Entity {
            name: name.into(),
            sdn_uid: Some(uid),
            kind: String::new(),
            programs: programs.iter().map(|p| p.to_string()).collect(),
            akas: akas.iter().map(|a| a.to_string()).collect(),
            designated: None,
        })
        .collect();
    let listings = LISTINGS
        .iter()
        .enumerate()
        .map(|(i, &(address, code, uid, first_seen))| Listing {
            address: address.into(),
            listed_under: code.into(),
            entity: ENTITIES.iter().position(|e| e.0 == uid).unwrap(),
            line: Some(i as u64 + 1),
            first_seen: first_seen.map(str::to_string),
        })
        .collect();
    entities.push(Entity {
        name: "TORNADO CASH".into(),
        sdn_uid: Some(TORNADO_UID),
        programs: vec!["CYBER2".into(), "DPRK3".into()],
        ..Entity::default()
    });
    let removals = REMOVED
        .iter()
        .enumerate()
        .map(|(i, &(address, code, until, removed))| Removal {
            address: address.into(),
            listed_under: vec![code.into()],
            entity: entities.len() - 1,
            listed_until: Some(until.into()),
            removed: Some(removed.into()),
            line: Some(i as u64 + 1),
        })
        .collect();
    Import {
        origin: "tests/suite/fixture.rs".into(),
        source: SOURCE.into(),
        source_date: Some(SOURCE_DATE.into()),
        entities,
        listings,
        removals,
        rejected: Vec::new(),
    }
}

/// The fixture set's data, with this sequence number.
pub fn data(sequence: u64) -> SetData {
    let (data, report) = build_set(
        &[import()],
        &BuildParams {
            sequence,
            ..Default::default()
        },
    );
    assert!(
        report.rejected.is_empty() && report.notices.is_empty(),
        "{}",
        report.to_text()
    );
    data
}

/// The fixture set, sequence 1.
pub fn set() -> LoadedSet {
    LoadedSet::from_data(data(1)).unwrap()
}

/// The fixture set as a bundle signed with the test key.
pub fn signed_bundle(sequence: u64) -> Vec<u8> {
    encode_signed(&data(sequence), &test_keys().0).unwrap()
}

/// tests/keys: (secret, public).
pub fn test_keys() -> ([u8; 32], [u8; 32]) {
    let sk = sign::parse_key_hex(include_str!("../keys/test.key")).unwrap();
    let pk = sign::parse_key_hex(include_str!("../keys/test.pub")).unwrap();
    assert_eq!(
        sign::public_key(&sk),
        pk,
        "tests/keys: test.pub is not test.key's public key"
    );
    (sk, pk)
}

#[test]
fn the_fixture_set_is_what_it_says() {
    let set = set();
    let h = set.header();
    assert_eq!(
        (h.sequence, h.source.as_str(), h.source_date.as_str()),
        (1, SOURCE, SOURCE_DATE)
    );
    assert_eq!(h.generated_at, "2026-08-20T00:00:00Z");
    assert_eq!(h.entity_count, ENTITY_COUNT);
    assert_eq!(h.entry_count, ENTRY_COUNT);
    assert_eq!(h.delisted_count, DELISTED_COUNT);
    assert_eq!(set.entries().count(), LISTINGS.len());
    assert_eq!(set.delisted().len(), REMOVED.len());
    for &(address, code, uid, first_seen) in LISTINGS {
        let a = sightline::address::parse(address).unwrap();
        let hits = set.lookup(&a.key);
        assert_eq!(hits.len(), 1, "{address}");
        assert_eq!(hits[0].entity.sdn_uid, Some(uid), "{address}");
        assert_eq!(hits[0].listed_under, [code], "{address}");
        assert_eq!(hits[0].source, SOURCE);
        assert_eq!(hits[0].source_date, SOURCE_DATE);
        assert_eq!(hits[0].first_seen, first_seen, "{address}");
        assert!(set.delisted_of(&a.key).is_empty(), "{address}");
    }
    for &(address, code, until, removed) in REMOVED {
        let a = sightline::address::parse(address).unwrap();
        assert!(set.lookup(&a.key).is_empty(), "{address}");
        let d = set.delisted_of(&a.key);
        assert_eq!(d.len(), 1, "{address}");
        assert_eq!(d[0].entity.name, "TORNADO CASH");
        assert_eq!(d[0].entity.sdn_uid, Some(TORNADO_UID));
        assert_eq!(d[0].entity.programs, ["CYBER2", "DPRK3"]);
        assert_eq!(d[0].listed_under, [code]);
        assert_eq!(d[0].listed_until.as_deref(), Some(until));
        assert_eq!(d[0].removed.as_deref(), Some(removed));
    }
    let (_, pk) = test_keys();
    let loaded = LoadedSet::from_bundle(&signed_bundle(1), &pk).unwrap();
    assert!(loaded.entries().eq(set.entries()));
    assert_eq!(loaded.header(), set.header());
    assert_eq!(loaded.delisted(), set.delisted());
    assert_eq!(loaded.header().format_version, 2);
}
