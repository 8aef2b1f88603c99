//! The shipped data: lists/ofac-sdn.bundle, the set every build embeds, and lists/source/,
//! the files it is built from (ofac_digital_currency_addresses.json, the list, and
//! ofac_address_changes_2024-12_to_2026-08.json, its history of removals). Every assert
//! about what the shipped list holds is in this file, so a data refresh touches it alone;
//! the other tests check the code against fixture sets (fixture.rs) and vectors.
//! The CLI tests (cli.rs) run the binary, which has only the embedded list: the listed and
//! unlisted addresses they use, and how they name the list, are the constants below,
//! checked here.

use crate::fixture;
use sightline::address::{self, encode_key};
use sightline::list::bundle::{encode_signed, encode_unsigned_version};
use sightline::list::feed::{check_bundle, Manifest};
use sightline::list::import::{import_path, import_text};
use sightline::list::{build_set, sign, BuildParams, Import, LoadedSet, BUNDLED_SIGNER_KEY};

/// The committed bundle, as the build embeds it.
const BUNDLED_BYTES: &[u8] = include_bytes!("../../lists/ofac-sdn.bundle");
/// What it is built from.
const SOURCE_JSON: &str = include_str!("../../lists/source/ofac_digital_currency_addresses.json");
const SOURCE_CHANGES: &str =
    include_str!("../../lists/source/ofac_address_changes_2024-12_to_2026-08.json");
const CHANGES_NAME: &str = "ofac_address_changes_2024-12_to_2026-08.json";

/// The format version of the committed bundle. It is 1 until the bundle is rebuilt and
/// signed with the publisher key (which is not in the repository; lists/README.md): the
/// bytes are then the version 2 rebuild below, with first-seen dates and the history.
/// Set it to 2 with that rebuild; every test here then holds the embedded set to it.
pub const COMMITTED_FORMAT: u16 = 1;

pub const SOURCE: &str = "OFAC SDN list";
pub const SOURCE_DATE: &str = "2026-08-20";
pub const SEQUENCE: u64 = 1;
pub const ENTITIES: u32 = 94;
pub const ENTRIES: u32 = 960;

/// Listed under ETH, for LAZARUS GROUP.
pub const LAZARUS: &str = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96";
pub const LAZARUS_NAME: &str = "LAZARUS GROUP";
/// Listed under SOL, for Rolan SOKOLOVSKI.
pub const SOL_LISTED: &str = "42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi";
/// Not listed: the genesis block's address.
pub const GENESIS: &str = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
/// Not listed: a random Solana-shaped key.
pub const SOL_OTHER: &str = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";
/// Delisted: a TORNADO CASH address (uid 39796, CYBER2 + DPRK3), on the list until the
/// list of 2025-03-20, removed in the list of 2025-03-21. In the embedded set's history
/// from format version 2 ([`COMMITTED_FORMAT`]).
pub const TORNADO: &str = "0x8589427373D6D84E98730D7795D8f6f8731FDA16";
/// SOL_LISTED's "on the list since" date (the source's `first_seen`).
pub const SOL_LISTED_SINCE: &str = "2025-11-19";
/// Addresses the source dates (`first_seen`), and listings that keep a date: 403 dated,
/// less the two Monero ones refused and the one listed again after a removal.
pub const DATED_ADDRESSES: usize = 403;
pub const DATED_ENTRIES: usize = 400;
/// The history: 91 removals, 90 of them TORNADO CASH (2025-03-21), 1 listed again.
pub const REMOVALS: usize = 91;
pub const DELISTED: usize = 90;

/// Both source files, imported as `sightline list build --from ... --from ...` does.
fn sources() -> [Import; 2] {
    [
        import_text("ofac_digital_currency_addresses.json", SOURCE_JSON).unwrap(),
        import_text(CHANGES_NAME, SOURCE_CHANGES).unwrap(),
    ]
}

/// The set the sources give, as the rebuild makes it.
fn rebuilt() -> LoadedSet {
    let params = BuildParams {
        sequence: SEQUENCE,
        ..Default::default()
    };
    LoadedSet::from_data(build_set(&sources(), &params).0).unwrap()
}

#[test]
fn embedded_set_loads_with_provenance() {
    let set = LoadedSet::bundled();
    let h = set.header();
    assert_eq!(h.format_version, COMMITTED_FORMAT);
    assert_eq!(h.sequence, SEQUENCE);
    assert_eq!(h.source, SOURCE);
    assert_eq!(h.source_date, SOURCE_DATE);
    assert_eq!(h.generated_at, "2026-08-20T00:00:00Z");
    assert_eq!(h.entity_count, ENTITIES);
    assert_eq!(h.entry_count, ENTRIES);
    assert_eq!(set.entries().count(), ENTRIES as usize);
    assert_eq!(set.entities().len(), ENTITIES as usize);
    // The committed public key verifies the committed bundle, and the feed's checks pass it.
    LoadedSet::from_bundle(BUNDLED_BYTES, &BUNDLED_SIGNER_KEY).unwrap();
    let m = Manifest::for_bundle(BUNDLED_BYTES, &set, "bundles/1.bundle".into());
    assert_eq!(m.entries, Some(ENTRIES.into()));
    check_bundle(&m, BUNDLED_BYTES, 0, &BUNDLED_SIGNER_KEY).unwrap();
}

/// The addresses the CLI tests use are listed (or not) as they say.
#[test]
fn the_cli_tests_addresses() {
    let set = LoadedSet::bundled();
    let v = sightline::verdict::check(&address::parse(LAZARUS).unwrap(), &set);
    assert!(v.sanctioned);
    assert_eq!(v.matches.len(), 1);
    assert_eq!(v.matches[0].name, LAZARUS_NAME);
    let v = sightline::verdict::check(&address::parse(SOL_LISTED).unwrap(), &set);
    assert!(v.sanctioned);
    assert_eq!(v.matches[0].name, "Rolan SOKOLOVSKI");
    assert_eq!(v.matches[0].listed_under, vec!["SOL"]);
    for clean in [GENESIS, SOL_OTHER] {
        let v = sightline::verdict::check(&address::parse(clean).unwrap(), &set);
        assert!(!v.sanctioned, "{clean}");
    }
}

#[test]
fn lazarus_group_eth_address() {
    let set = LoadedSet::bundled();
    for form in [
        "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
        "0x098b716b8aaf21512996dc57eb0615e2383e2f96",
    ] {
        let a = address::parse(form).unwrap();
        let v = sightline::verdict::check(&a, &set);
        assert!(v.sanctioned, "{form}");
        assert_eq!(v.matches.len(), 1);
        let m = &v.matches[0];
        assert_eq!(m.name, "LAZARUS GROUP");
        assert_eq!(m.sdn_uid, Some(27307));
        assert_eq!(m.programs, vec!["DPRK3"]);
        assert_eq!(m.listed_under, vec!["ETH"]);
        assert_eq!(m.source, "OFAC SDN list");
        assert_eq!(m.source_date, "2026-08-20");
    }
    let clean = address::parse("0x0000000000000000000000000000000000000001").unwrap();
    assert!(!sightline::verdict::check(&clean, &set).sanctioned);
}

/// The 20 Bitcoin addresses of the two people designated on 2020-03-02 for laundering
/// for Lazarus Group (OFAC SDN list; README of ../shared/data/ofac).
const TIAN: [&str; 8] = [
    "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak",
    "14kqryJUxM3a7aEi117KX9hoLUw592WsMR",
    "15YK647qtoZQDzNrvY6HJL6QwXduLHfT28",
    "1AXUTu9y3H8w4wYx4BjyFWgRhZKDhmcMrn",
    "1F2Gdug9ib9NQMhKMGGJczzMk5SuENoqrp",
    "1Hn9ErTCPRP6j5UDBeuXPGuq5RtRjFJxJQ",
    "1PfwHNxUnkpfkK9MKjMqzR3Xq3KCtq9u17",
    "3F2sZ4jbhvDKQdGbHYPC6ZxFXEau2m5Lqj",
];
const LI: [&str; 12] = [
    "17UVSMegvrzfobKC82dHXpZLtLcqzW9stF",
    "1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE",
    "39eboeqYNFe2VoLC3mUGx4dh6GNhLB3D2q",
    "39fhoB2DohisGBbHvvfmkdPdShT75CNHdX",
    "3E6rY4dSCDW6y2bzJNwrjvTtdmMQjB6yeh",
    "3EeR8FbcPbkcGj77D6ttneJxmsr3Nu7KGV",
    "3HQRveQzPifZorZLDXHernc5zjoZax8U9f",
    "3JXKQ81JzBqVbB8VHdV9Jtd7auWokkdPgY",
    "3KHfXU24Bt3YD5Ef4J7uNp2buCuhrxfGen",
    "3LbDu1rUXHNyiz4i8eb3KwkSSBMf7C583D",
    "3MN8nYo1tt5hLxMwMbxDkXWd7Xu522hb9P",
    "3N6WeZ6i34taX8Ditser6LKWBcXmt2XXL4",
];

#[test]
fn tian_and_li_bitcoin_addresses() {
    let set = LoadedSet::bundled();
    for (addrs, name, uid) in [
        (&TIAN[..], "Yinyin TIAN", 28263),
        (&LI[..], "Jiadong LI", 28264),
    ] {
        for a in addrs {
            let v = sightline::verdict::check(&address::parse(a).unwrap(), &set);
            assert!(v.sanctioned, "{a}");
            assert_eq!(v.matches[0].name, name, "{a}");
            assert_eq!(v.matches[0].sdn_uid, Some(uid));
            assert_eq!(v.matches[0].programs, vec!["CYBER2", "DPRK3"]);
            assert_eq!(v.matches[0].listed_under, vec!["XBT"]);
        }
        let n = set
            .entries()
            .filter(|e| set.entities()[e.entity as usize].sdn_uid == Some(uid))
            .count();
        assert_eq!(n, addrs.len(), "{name}");
    }
}

#[test]
fn every_bundled_address_round_trips() {
    // bundle -> entry key -> canonical text -> parse -> lookup finds that same listing.
    let set = LoadedSet::bundled();
    for e in set.entries() {
        let text = encode_key(&e.key()).unwrap_or_else(|| panic!("cannot encode {e:?}"));
        let a = address::parse(&text).unwrap_or_else(|err| panic!("{text}: {err}"));
        assert_eq!(a.key, e.key(), "{text}");
        let hits = set.lookup(&a.key);
        assert!(
            hits.iter()
                .any(|h| std::ptr::eq(h.entity, &set.entities()[e.entity as usize])),
            "{text}"
        );
    }
}

/// The source files' quirks as the importer reports them (lists/ofac-sdn.report.txt);
/// the same quirks on fixed excerpts: list_import.rs, list_history.rs.
#[test]
fn the_source_imports_as_reported() {
    let [imp, changes] = sources();
    assert_eq!(imp.source_date.as_deref(), Some(SOURCE_DATE));
    assert_eq!(changes.source_date, None);
    let dated: std::collections::BTreeSet<&str> = imp
        .listings
        .iter()
        .filter(|l| l.first_seen.is_some())
        .map(|l| l.address.as_str())
        .collect();
    // The two Monero addresses whose case is lost are dated too, but never listings.
    assert_eq!(dated.len() + 2, DATED_ADDRESSES);
    let (data, report) = build_set(
        &[imp, changes],
        &BuildParams {
            sequence: SEQUENCE,
            ..Default::default()
        },
    );
    let set = LoadedSet::from_data(data).unwrap();
    assert_eq!(report.listings_read, 974);
    assert_eq!(report.removals_read, REMOVALS);
    assert_eq!(report.rejected.len(), 3, "{}", report.to_text());
    assert_eq!(
        report
            .rejected
            .iter()
            .filter(|r| r.reason.contains("case unknown"))
            .count(),
        2
    );
    assert!(report
        .rejected
        .iter()
        .any(|r| r.value.starts_with("5be5543f")));
    // The Tron address filed under XBT; the BNB address removed and listed again (its
    // removal, and its first-seen date from before it, not kept).
    assert_eq!(report.notices.len(), 3, "{}", report.to_text());
    assert_eq!(set.entities().len(), ENTITIES as usize);
    assert_eq!(set.entries().count(), ENTRIES as usize);
    assert_eq!(set.delisted().len(), DELISTED);
    assert_eq!(
        set.entries().filter(|e| e.first_seen.is_some()).count(),
        DATED_ENTRIES
    );
}

/// The history the sources give: the 90 Tornado Cash addresses delisted on 2025-03-21,
/// first-seen dates where the source has them.
#[test]
fn the_sources_history() {
    let set = rebuilt();
    for d in set.delisted() {
        fixture::assert_tornado_record(d);
    }
    let v = sightline::verdict::check(&address::parse(TORNADO).unwrap(), &set);
    assert!(!v.sanctioned);
    assert!(v.matches.is_empty());
    assert_eq!(v.delisted.len(), 1);
    assert_eq!(v.delisted[0].removed.as_deref(), Some("2025-03-21"));
    let v = sightline::verdict::check(&address::parse(SOL_LISTED).unwrap(), &set);
    assert_eq!(v.matches[0].first_seen.as_deref(), Some(SOL_LISTED_SINCE));
    let v = sightline::verdict::check(&address::parse(LAZARUS).unwrap(), &set);
    assert_eq!(
        v.matches[0].first_seen, None,
        "listed before the source's history begins"
    );
    // Dates are the source's: every one is an SDN list date of its history (2025-02-11 on).
    for e in set.entries() {
        if let Some(d) = e.first_seen {
            assert!(("2025-02-11"..=SOURCE_DATE).contains(&d), "{d}");
        }
    }
}

#[test]
fn rebuild_from_the_source_gives_the_committed_bytes() {
    // build -> verify -> lookup with the test key, and byte-identical content (everything
    // but the signature) to the committed bundle signed with the real key, in the
    // committed bundle's format version.
    let params = BuildParams {
        sequence: SEQUENCE,
        ..Default::default()
    };
    let (data, _) = build_set(&sources(), &params);
    let (data2, _) = build_set(&sources(), &params);
    let (sk, pk) = fixture::test_keys();
    let a = encode_signed(&data, &sk).unwrap();
    let b = encode_signed(&data2, &sk).unwrap();
    assert_eq!(a, b, "same input, same bytes");
    let mut c = encode_unsigned_version(&data, COMMITTED_FORMAT).unwrap();
    sign::sign_bundle_in_place(&mut c, &sk);
    let committed = BUNDLED_BYTES;
    assert_eq!(c.len(), committed.len());
    assert_eq!(
        c[..c.len() - 64],
        committed[..committed.len() - 64],
        "lists/ofac-sdn.bundle is not a rebuild of lists/source"
    );
    let set = LoadedSet::from_bundle(&a, &pk).unwrap();
    assert_eq!(set.header().format_version, 2);
    assert_eq!(set.delisted().len(), DELISTED);
    let embedded = LoadedSet::bundled();
    for e in embedded.entries() {
        let a = address::parse(&encode_key(&e.key()).unwrap()).unwrap();
        assert!(!set.lookup(&a.key).is_empty());
    }
    assert_eq!(set.entries().count(), embedded.entries().count());
    // The embedded set's history is what its format version can hold of the rebuild's.
    let as_committed = LoadedSet::from_bundle(&c, &pk).unwrap();
    assert_eq!(embedded.delisted(), as_committed.delisted());
    assert!(embedded.entries().eq(as_committed.entries()));
}

/// `list build --from <file>` reads the history file as the tests read its text.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_history_file_imports_from_its_path() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("lists/source")
        .join(CHANGES_NAME);
    assert_eq!(import_path(&path).unwrap(), sources()[1]);
}

/// The false-match rate of shortened addresses (issue 14): random displays in the shapes
/// wallets and explorers use, with the fewest visible characters Sightline accepts (4 after
/// the prefix, 4 at the end), looked up in the shipped list's index. Each comes from the
/// alphabet of its format and is compared the way real ones are (EVM hex lowercase, which
/// matches whatever the case: the worst case). The README quotes this figure.
#[test]
fn random_shortened_displays_do_not_match_the_shipped_list() {
    use sightline::shortened::{ShortIndex, Shortened};
    const N: usize = 500_000;
    let set = LoadedSet::from_bundle(BUNDLED_BYTES, &BUNDLED_SIGNER_KEY).unwrap();
    let index = ShortIndex::build(&set);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    const HEX: &[u8] = b"0123456789abcdef";
    const B58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    const B32: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    // (prefix, alphabet, share of the samples): EVM and Tron as most pages show them.
    let shapes: [(&str, &[u8], u64); 5] = [
        ("0x", HEX, 40),
        ("T", B58, 30),
        ("bc1q", B32, 10),
        ("1", B58, 10),
        ("3", B58, 10),
    ];
    let mut hits = 0;
    for _ in 0..N {
        let r = next() % 100;
        let mut acc = 0;
        let &(prefix, alphabet, _) = shapes
            .iter()
            .find(|s| {
                acc += s.2;
                r < acc
            })
            .unwrap();
        let mut pick = |n: usize| -> String {
            (0..n)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
                .collect()
        };
        let head = format!("{prefix}{}", pick(4));
        let tail = pick(4);
        hits += index
            .candidates(&Shortened {
                start: 0,
                end: 0,
                head,
                tail,
            })
            .len();
    }
    eprintln!(
        "shortened false matches: {hits} of {N} random displays against {} listed addresses",
        set.entries().count()
    );
    assert_eq!(hits, 0);
}
