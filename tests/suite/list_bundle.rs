//! The signed bundle: round trips, determinism, and every way a bundle can be bad
//! (truncated, bit-flipped, wrongly signed, wrong version, oversized, older), for format
//! version 2 (first-seen dates, the history section) and version 1 (still loads). The
//! embedded set itself: bundled_list.rs.

use crate::fixture::test_keys;
use sightline::address;
use sightline::list::bundle::{
    self, decode_unverified, encode_signed, encode_unsigned, encode_unsigned_version, SetData,
};
use sightline::list::{
    date, sign, BundleError, Delisted, Entity, Entry, Header, Limits, LoadedSet, BUNDLED_SIGNER_KEY,
};
use std::sync::Arc;

/// TORNADO CASH as it was listed.
fn tornado() -> Arc<Entity> {
    Arc::new(Entity {
        name: "TORNADO CASH".into(),
        sdn_uid: Some(39796),
        programs: vec!["CYBER2".into(), "DPRK3".into()],
        ..Entity::default()
    })
}

fn delisted(a: &str, entity: &Arc<Entity>, until: Option<&str>, removed: Option<&str>) -> Delisted {
    Delisted {
        key: address::parse(a).unwrap().key,
        entity: entity.clone(),
        listed_under: vec!["ETH".into()],
        listed_until: until.map(str::to_string),
        removed: removed.map(str::to_string),
    }
}

/// A small set with three entities and six entries over four families, two of them with
/// a first-seen date, and three delisted addresses (one with unknown dates).
fn small_data(sequence: u64) -> SetData {
    let key = |s: &str| address::parse(s).unwrap().key;
    let ent = |name: &str, uid: u32, prog: &str| Entity {
        name: name.into(),
        sdn_uid: Some(uid),
        kind: "entity".into(),
        programs: vec![prog.into()],
        akas: vec![format!("{name} AKA")],
        designated: Some("2020-03-02".into()),
    };
    let entry = |a: &str, e: u32, lu: &[&str]| Entry {
        key: key(a),
        entity: e,
        listed_under: lu.iter().map(|s| s.to_string()).collect(),
        first_seen: match a {
            "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak" => Some("2020-03-02".into()),
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq" => Some("2026-07-01".into()),
            _ => None,
        },
    };
    let other = Arc::new(Entity {
        name: "A FORMER ENTITY".into(),
        sdn_uid: Some(9),
        programs: vec!["P".into()],
        ..Entity::default()
    });
    SetData {
        header: Header {
            sequence,
            generated_at: "2026-08-20T00:00:00Z".into(),
            source: "OFAC SDN list".into(),
            source_date: "2026-08-20".into(),
            delisted: vec![
                delisted("0x8589427373D6D84E98730D7795D8f6f8731FDA16", &tornado(), Some("2025-03-20"), Some("2025-03-21")),
                delisted("0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1", &tornado(), Some("2025-03-20"), Some("2025-03-21")),
                delisted("0x0000000000000000000000000000000000000009", &other, None, None),
            ],
            ..Header::default()
        },
        entities: vec![ent("LAZARUS GROUP", 27307, "DPRK3"), ent("Yinyin TIAN", 28263, "CYBER2"), ent("X", 1, "P")],
        entries: vec![
            entry("0x098B716B8Aaf21512996dC57EB0615e2383E2f96", 0, &["ETH"]),
            entry("0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B", 0, &["ETH", "USDT"]),
            entry("134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak", 1, &["XBT"]),
            entry("TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq", 2, &["XBT"]),
            entry("49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL", 2, &["XMR"]),
            entry("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", 1, &["XBT"]),
        ],
    }
}

#[test]
fn small_bundle_round_trip_and_determinism() {
    let (sk, pk) = test_keys();
    let data = small_data(7);
    let a = encode_signed(&data, &sk).unwrap();
    let mut shuffled = small_data(7);
    shuffled.entries.reverse();
    shuffled.header.delisted.reverse();
    assert_eq!(
        a,
        encode_signed(&shuffled, &sk).unwrap(),
        "entry and record order must not matter"
    );
    let set = LoadedSet::from_bundle(&a, &pk).unwrap();
    assert_eq!(set.header().format_version, 2);
    assert_eq!(set.header().sequence, 7);
    assert_eq!(set.header().entry_count, 6);
    assert_eq!(set.header().delisted_count, 3);
    assert_eq!(set.entities(), &data.entities[..]);
    for e in &data.entries {
        let hits = set.lookup(&e.key);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].entity, &data.entities[e.entity as usize]);
        assert_eq!(hits[0].listed_under, &e.listed_under[..]);
        assert_eq!(hits[0].first_seen, e.first_seen.as_deref());
        assert!(set.delisted_of(&e.key).is_empty());
    }
    let mut records = data.header.delisted.clone();
    records.sort();
    assert_eq!(set.delisted(), &records[..]);
    for d in &records {
        assert!(set.lookup(&d.key).is_empty());
        assert_eq!(set.delisted_of(&d.key), [d]);
        assert!(set.was_delisted(&d.key));
    }
    // The same through from_data (no bundle).
    let direct = LoadedSet::from_data(small_data(7)).unwrap();
    assert_eq!(direct.delisted(), set.delisted());
    assert_eq!(direct.header().delisted_count, 3);
    // Unsigned + sign_bundle_in_place = encode_signed.
    let mut u = encode_unsigned(&data).unwrap();
    assert_eq!(
        LoadedSet::from_bundle(&u, &pk).unwrap_err(),
        BundleError::BadSignature
    );
    sign::sign_bundle_in_place(&mut u, &sk);
    assert_eq!(u, a);
}

#[test]
fn wrong_key_is_refused() {
    let (sk, _) = test_keys();
    let a = encode_signed(&small_data(1), &sk).unwrap();
    assert_eq!(
        LoadedSet::from_bundle(&a, &BUNDLED_SIGNER_KEY).unwrap_err(),
        BundleError::BadSignature
    );
    let other = sign::public_key(&[9u8; 32]);
    let e = LoadedSet::from_bundle(&a, &other).unwrap_err();
    assert_eq!(e, BundleError::BadSignature);
    assert!(e.to_string().contains("bad signature"), "{e}");
}

#[test]
fn truncated_bundles_are_refused() {
    let (sk, pk) = test_keys();
    let a = encode_signed(&small_data(1), &sk).unwrap();
    for len in 0..a.len() {
        let e = LoadedSet::from_bundle(&a[..len], &pk).unwrap_err();
        if len >= 23 + 64 {
            assert!(matches!(e, BundleError::Truncated { .. }), "len {len}: {e}");
            assert!(e.to_string().starts_with("truncated bundle"), "{e}");
        }
    }
    let mut long = a.clone();
    long.push(0);
    assert_eq!(
        LoadedSet::from_bundle(&long, &pk).unwrap_err(),
        BundleError::TrailingBytes { extra: 1 }
    );
}

#[test]
fn every_bit_flip_is_refused() {
    let (sk, pk) = test_keys();
    let a = encode_signed(&small_data(1), &sk).unwrap();
    // Every bit of the frame and the signature, every 7th bit elsewhere (debug builds
    // verify slowly); each flip must be refused with a reason.
    for bit in 0..a.len() * 8 {
        let byte = bit / 8;
        if byte >= 23 && byte < a.len() - 64 && bit % 7 != 0 {
            continue;
        }
        let mut b = a.clone();
        b[byte] ^= 1 << (bit % 8);
        let e = LoadedSet::from_bundle(&b, &pk).expect_err("flipped bundle accepted");
        let expected_kind = match byte {
            0..=4 => matches!(e, BundleError::BadMagic),
            5..=6 => matches!(e, BundleError::UnsupportedVersion(_)),
            7..=14 => matches!(
                e,
                BundleError::Truncated { .. }
                    | BundleError::TrailingBytes { .. }
                    | BundleError::Oversized(_)
            ),
            _ => e == BundleError::BadSignature,
        };
        assert!(expected_kind, "bit {bit} (byte {byte}): {e}");
    }
}

#[test]
fn signed_garbage_never_half_loads() {
    // A holder of the key who signs garbage still cannot crash or half-load a client:
    // every single-bit change of the body (checked without the signature, which is what a
    // re-signed bundle would pass) either parses completely or is refused as malformed.
    let (sk, pk) = test_keys();
    let a = encode_signed(&small_data(1), &sk).unwrap();
    let body = 23..a.len() - 64;
    let mut parsed = 0;
    for bit in body.start * 8..body.end * 8 {
        let mut b = a.clone();
        b[bit / 8] ^= 1 << (bit % 8);
        match decode_unverified(&b, &Limits::DEFAULT) {
            Ok(d) => {
                parsed += 1;
                assert_eq!(d.entries().len(), d.header.entry_count as usize);
            }
            Err(BundleError::Malformed(_)) | Err(BundleError::Oversized(_)) => {}
            Err(e) => panic!("bit {bit}: unexpected {e}"),
        }
    }
    assert!(parsed > 0); // e.g. a flipped letter in a name is still a valid set
                         // And one re-signed for real: loads or is refused, never half-loaded.
    let mut b = a.clone();
    b[30] ^= 0x40;
    sign::sign_bundle_in_place(&mut b, &sk);
    if let Ok(s) = LoadedSet::from_bundle(&b, &pk) {
        assert_eq!(s.entries().count(), s.header().entry_count as usize);
    }
}

#[test]
fn wrong_version_is_refused() {
    let (sk, pk) = test_keys();
    for v in [0u16, 3, 0x0102, u16::MAX] {
        let mut a = encode_signed(&small_data(1), &sk).unwrap();
        a[5..7].copy_from_slice(&v.to_le_bytes());
        sign::sign_bundle_in_place(&mut a, &sk);
        let e = LoadedSet::from_bundle(&a, &pk).unwrap_err();
        assert_eq!(e, BundleError::UnsupportedVersion(v));
        assert!(
            e.to_string().contains(&format!(
                "unsupported bundle format version {v} (this build reads versions 1 to 2)"
            )),
            "{e}"
        );
    }
    assert_eq!(
        LoadedSet::from_bundle(b"NOTASET-----", &pk).unwrap_err(),
        BundleError::BadMagic
    );
}

#[test]
fn oversized_is_refused_before_hashing() {
    let (sk, pk) = test_keys();
    let a = encode_signed(&small_data(1), &sk).unwrap();
    let tiny = Limits {
        max_bytes: 100,
        ..Limits::DEFAULT
    };
    let e = LoadedSet::from_bundle_with(&a, &pk, 0, &tiny).unwrap_err();
    assert!(matches!(e, BundleError::Oversized(_)), "{e}");
    // A declared length over the cap is refused too, whatever the actual bytes.
    let mut b = a.clone();
    b[7..15].copy_from_slice(&(1u64 << 40).to_le_bytes());
    assert!(matches!(
        LoadedSet::from_bundle(&b, &pk).unwrap_err(),
        BundleError::Oversized(_)
    ));
    // Count caps: more entries than the limit allows.
    let few = Limits {
        max_entries: 3,
        ..Limits::DEFAULT
    };
    let e = LoadedSet::from_bundle_with(&a, &pk, 0, &few).unwrap_err();
    assert!(matches!(e, BundleError::Oversized(_)), "{e}");
    // 64 MiB + 1 of zeros: refused by size, instantly.
    let huge = vec![0u8; (64 << 20) + 1];
    assert!(matches!(
        LoadedSet::from_bundle(&huge, &pk).unwrap_err(),
        BundleError::Oversized(_)
    ));
}

#[test]
fn older_sequence_is_refused() {
    let (sk, pk) = test_keys();
    let a = encode_signed(&small_data(5), &sk).unwrap();
    assert!(LoadedSet::from_bundle_min_sequence(&a, &pk, 5).is_ok());
    let e = LoadedSet::from_bundle_min_sequence(&a, &pk, 6).unwrap_err();
    assert_eq!(
        e,
        BundleError::OlderSequence {
            found: 5,
            required: 6
        }
    );
    assert!(e.to_string().contains("no rollback"), "{e}");
}

#[test]
fn unverified_decode_matches_verified() {
    let (sk, pk) = test_keys();
    let a = encode_signed(&small_data(3), &sk).unwrap();
    let u = decode_unverified(&a, &Limits::DEFAULT).unwrap();
    let v = bundle::decode(&a, &pk, &Limits::DEFAULT).unwrap();
    assert_eq!(u.entries(), v.entries());
    assert_eq!(u.header, v.header);
}

/// Version 1 (no dates, no history) still loads: the same set less what version 1 cannot
/// hold. The committed bundle is one (bundled_list.rs).
#[test]
fn version_1_bundles_still_load() {
    let (sk, pk) = test_keys();
    let data = small_data(4);
    let mut v1 = encode_unsigned_version(&data, 1).unwrap();
    assert_eq!(v1[5..7], 1u16.to_le_bytes());
    sign::sign_bundle_in_place(&mut v1, &sk);
    let set = LoadedSet::from_bundle(&v1, &pk).unwrap();
    let h = set.header();
    assert_eq!((h.format_version, h.sequence, h.entry_count), (1, 4, 6));
    assert_eq!(h.delisted_count, 0);
    assert!(set.delisted().is_empty());
    for e in &data.entries {
        let hits = set.lookup(&e.key);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].entity, &data.entities[e.entity as usize]);
        assert_eq!(hits[0].first_seen, None);
    }
    for d in &data.header.delisted {
        assert!(set.delisted_of(&d.key).is_empty());
    }
    // A version 1 bundle is shorter by exactly what version 2 adds.
    let v2 = encode_unsigned(&data).unwrap();
    let mut bare = small_data(4);
    bare.header.delisted.clear();
    bare.entries.iter_mut().for_each(|e| e.first_seen = None);
    let v2_bare = encode_unsigned(&bare).unwrap();
    // signed_at and expires_at (not stated: one byte each), one first-seen byte per group,
    // three empty history counts.
    let groups = decode_unverified(&v2_bare, &Limits::DEFAULT)
        .unwrap()
        .groups
        .len();
    assert_eq!(v2_bare.len(), v1.len() + 2 + groups + 3);
    assert!(v2.len() > v2_bare.len());
    assert_eq!(
        encode_unsigned_version(&data, 3).unwrap_err(),
        "cannot write format version 3"
    );
}

#[test]
fn the_encoder_refuses_what_the_decoder_would() {
    let bad_date = |s: &str| {
        let mut d = small_data(1);
        d.entries[0].first_seen = Some(s.into());
        encode_unsigned(&d).unwrap_err()
    };
    for s in ["2025-02-30", "03/21/2025", "1969-12-31", ""] {
        assert!(bad_date(s).contains("not a YYYY-MM-DD date"), "{s}");
    }
    let mut d = small_data(1);
    d.header.delisted[0].removed = Some("2025-3-21".into());
    assert!(encode_unsigned(&d).unwrap_err().contains("removed"));
    // A delisted address is not listed now.
    let mut d = small_data(1);
    let listed = d.entries[0].key.clone();
    d.header.delisted[0].key = listed;
    assert!(encode_unsigned(&d)
        .unwrap_err()
        .contains("both listed and delisted"));
    assert!(LoadedSet::from_data(d)
        .unwrap_err()
        .contains("both listed and delisted"));
    // One record per (address, entity).
    let mut d = small_data(1);
    let mut twice = d.header.delisted[0].clone();
    twice.removed = Some("2025-03-22".into());
    d.header.delisted.push(twice);
    assert!(encode_unsigned(&d)
        .unwrap_err()
        .contains("two delisted records"));
    assert!(LoadedSet::from_data(d)
        .unwrap_err()
        .contains("two delisted records"));
}

/// Bundles written by hand, to reach what the encoder never writes: one entity ("A",
/// uid 1), one asset code (ETH), one listed EVM address (0x11 x 20), then `history` as
/// given (version 2), or nothing (version 1).
struct Raw(Vec<u8>);

impl Raw {
    fn varint(&mut self, mut v: u64) -> &mut Raw {
        while v >= 0x80 {
            self.0.push((v as u8 & 0x7f) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
        self
    }
    fn str(&mut self, s: &str) -> &mut Raw {
        self.varint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
        self
    }
    fn entity(&mut self, name: &str, uid: u32) -> &mut Raw {
        self.str(name)
            .varint(uid as u64 + 1)
            .str("")
            .varint(1)
            .str("P")
            .varint(0)
            .str("")
    }
    fn day(&mut self, s: Option<&str>) -> &mut Raw {
        self.varint(s.map_or(0, |s| date::day_number(s).unwrap() as u64 + 1))
    }
    /// A history group: EVM prefix, 20-byte payloads of the given byte values.
    fn hgroup(
        &mut self,
        entity: u64,
        until: Option<&str>,
        removed: Option<&str>,
        payloads: &[u8],
    ) -> &mut Raw {
        self.0.extend_from_slice(&[1, 2, 20]);
        self.varint(entity)
            .varint(1)
            .varint(0)
            .day(until)
            .day(removed);
        self.varint(payloads.len() as u64);
        for &p in payloads {
            self.0.extend_from_slice(&[p; 20]);
        }
        self
    }
}

fn head(version: u16) -> Raw {
    let mut r = Raw(Vec::new());
    r.0.extend_from_slice(b"SLSET");
    r.0.extend_from_slice(&version.to_le_bytes());
    r.0.extend_from_slice(&[0; 8]);
    r.0.extend_from_slice(&1u64.to_le_bytes());
    r.str("2026-08-20T00:00:00Z")
        .str("OFAC SDN list")
        .str("2026-08-20");
    if version >= 2 {
        // signed_at, expires_at: not stated.
        r.varint(0).varint(0);
    }
    r.varint(1).varint(1).varint(1).str("ETH");
    r.entity("A", 1);
    r.varint(1).0.extend_from_slice(&[1, 2, 20]);
    r.varint(0).varint(1).varint(0);
    if version >= 2 {
        r.day(Some("2026-07-01"));
    }
    r.varint(1).0.extend_from_slice(&[0x11; 20]);
    r
}

/// `head(2)` + `history`, framed and signed with the test key.
fn with_history(history: &Raw) -> Vec<u8> {
    let mut r = head(2);
    r.0.extend_from_slice(&history.0);
    framed(r)
}

fn framed(mut r: Raw) -> Vec<u8> {
    r.0.extend_from_slice(&[0; 64]);
    let n = r.0.len() as u64;
    r.0[7..15].copy_from_slice(&n.to_le_bytes());
    sign::sign_bundle_in_place(&mut r.0, &test_keys().0);
    r.0
}

fn hist() -> Raw {
    Raw(Vec::new())
}

/// The one valid history the tests below break one rule of: entity B (uid 2), records
/// 0x22.. and 0x33.. removed on 2025-03-21.
fn good_history() -> Raw {
    let mut h = hist();
    h.varint(1).entity("B", 2).varint(2).varint(1);
    h.hgroup(0, Some("2025-03-20"), Some("2025-03-21"), &[0x22, 0x33]);
    h
}

fn malformed(b: &[u8]) -> String {
    match LoadedSet::from_bundle(b, &test_keys().1) {
        Err(BundleError::Malformed(why)) => why,
        other => panic!("expected malformed, got {other:?}"),
    }
}

#[test]
fn hand_written_history_reads_as_documented() {
    let b = with_history(&good_history());
    let set = LoadedSet::from_bundle(&b, &test_keys().1).unwrap();
    let listed = set.lookup(
        &address::parse(&format!("0x{}", "11".repeat(20)))
            .unwrap()
            .key,
    );
    assert_eq!(listed[0].first_seen, Some("2026-07-01"));
    assert_eq!(set.delisted().len(), 2);
    let d = &set.delisted()[0];
    assert_eq!(
        d.key,
        address::parse(&format!("0x{}", "22".repeat(20)))
            .unwrap()
            .key
    );
    assert_eq!((d.entity.name.as_str(), d.entity.sdn_uid), ("B", Some(2)));
    assert_eq!(d.entity.programs, ["P"]);
    assert_eq!(d.listed_under, ["ETH"]);
    assert_eq!(d.listed_until.as_deref(), Some("2025-03-20"));
    assert_eq!(d.removed.as_deref(), Some("2025-03-21"));
    // The encoder writes exactly these bytes for that set (docs/list-format.md is exact).
    let data = SetData {
        header: set.header().clone(),
        entities: set.entities().to_vec(),
        entries: set.entries().map(|e| e.to_entry()).collect(),
    };
    assert_eq!(encode_signed(&data, &test_keys().0).unwrap(), b);
    // Version 1: the same head without dates or history section.
    let v1 = framed(head(1));
    let set = LoadedSet::from_bundle(&v1, &test_keys().1).unwrap();
    assert_eq!(set.header().format_version, 1);
    assert!(set.entries().all(|e| e.first_seen.is_none()));
}

#[test]
fn history_out_of_canonical_order_is_refused() {
    // Former entities not strictly ascending.
    let mut h = hist();
    h.varint(2)
        .entity("C", 3)
        .entity("B", 2)
        .varint(2)
        .varint(2);
    h.hgroup(0, None, None, &[0x22])
        .hgroup(1, None, None, &[0x33]);
    assert!(malformed(&with_history(&h)).contains("history entities not strictly ascending"));
    // Groups not ascending (by dates, then by entity).
    let mut h = hist();
    h.varint(1).entity("B", 2).varint(2).varint(2);
    h.hgroup(0, None, Some("2025-03-22"), &[0x22])
        .hgroup(0, None, Some("2025-03-21"), &[0x33]);
    assert!(malformed(&with_history(&h)).contains("history groups not in ascending order"));
    let mut h = hist();
    h.varint(2)
        .entity("B", 2)
        .entity("C", 3)
        .varint(2)
        .varint(2);
    h.hgroup(1, None, None, &[0x22])
        .hgroup(0, None, None, &[0x33]);
    assert!(malformed(&with_history(&h)).contains("history groups not in ascending order"));
    // Payloads of a group not ascending, or repeated.
    for p in [[0x33, 0x22], [0x22, 0x22]] {
        let mut h = hist();
        h.varint(1)
            .entity("B", 2)
            .varint(2)
            .varint(1)
            .hgroup(0, None, None, &p);
        assert!(malformed(&with_history(&h)).contains("not strictly ascending"));
    }
    // The same (address, entity) twice, in two groups.
    let mut h = hist();
    h.varint(1).entity("B", 2).varint(2).varint(2);
    h.hgroup(0, None, Some("2025-03-21"), &[0x22])
        .hgroup(0, None, Some("2025-03-22"), &[0x22]);
    assert!(malformed(&with_history(&h)).contains("two delisted records"));
    // But one address for two entities is two records.
    let mut h = hist();
    h.varint(2)
        .entity("B", 2)
        .entity("C", 3)
        .varint(2)
        .varint(2);
    h.hgroup(0, None, None, &[0x22])
        .hgroup(1, None, None, &[0x22]);
    let set = LoadedSet::from_bundle(&with_history(&h), &test_keys().1).unwrap();
    assert_eq!(set.delisted_of(&set.delisted()[0].key).len(), 2);
}

#[test]
fn inconsistent_history_is_refused() {
    let case = |h: &Raw| malformed(&with_history(h));
    // Declared counts that do not match.
    let mut h = hist();
    h.varint(1)
        .entity("B", 2)
        .varint(3)
        .varint(1)
        .hgroup(0, None, None, &[0x22, 0x33]);
    assert!(case(&h).contains("history declares 3 delisted records, found 2"));
    let mut h = hist();
    h.varint(1)
        .entity("B", 2)
        .varint(1)
        .varint(1)
        .hgroup(0, None, None, &[0x22, 0x33]);
    assert!(case(&h).contains("more delisted records than declared"));
    // An entity index past the table; an entity no record uses; an empty group.
    let mut h = hist();
    h.varint(1)
        .entity("B", 2)
        .varint(1)
        .varint(1)
        .hgroup(1, None, None, &[0x22]);
    assert!(case(&h).contains("entity index 1 of 1"));
    let mut h = hist();
    h.varint(2)
        .entity("B", 2)
        .entity("C", 3)
        .varint(1)
        .varint(1)
        .hgroup(0, None, None, &[0x22]);
    assert!(case(&h).contains("no record refers to"));
    let mut h = hist();
    h.varint(1)
        .entity("B", 2)
        .varint(0)
        .varint(1)
        .hgroup(0, None, None, &[]);
    assert!(case(&h).contains("empty history group"));
    // A day after 9999-12-31; a non-minimal varint for a date.
    let mut h = hist();
    h.varint(1).entity("B", 2).varint(1).varint(1);
    h.0.extend_from_slice(&[1, 2, 20, 0, 1, 0]);
    h.varint(date::MAX_DAY as u64 + 2)
        .varint(0)
        .varint(1)
        .0
        .extend_from_slice(&[0x22; 20]);
    assert!(case(&h).contains("after 9999-12-31"));
    let mut h = hist();
    h.varint(1).entity("B", 2).varint(1).varint(1);
    h.0.extend_from_slice(&[1, 2, 20, 0, 1, 0, 0x80, 0x00, 0, 1]);
    h.0.extend_from_slice(&[0x22; 20]);
    assert!(case(&h).contains("non-minimal varint"));
    // An unknown asset code index.
    let mut h = hist();
    h.varint(1).entity("B", 2).varint(1).varint(1);
    h.0.extend_from_slice(&[1, 2, 20, 0, 1, 1, 0, 0, 1]);
    h.0.extend_from_slice(&[0x22; 20]);
    assert!(case(&h).contains("asset code index 1 of 1"));
    // A delisted address that is listed: parses, but is refused when the set loads.
    let mut h = hist();
    h.varint(1)
        .entity("B", 2)
        .varint(1)
        .varint(1)
        .hgroup(0, None, None, &[0x11]);
    let b = with_history(&h);
    assert!(decode_unverified(&b, &Limits::DEFAULT).is_ok());
    assert!(case(&h).contains("both listed and delisted"));
    // Bytes after the history section; a version 1 bundle with a history section.
    let mut h = good_history();
    h.0.push(0);
    assert!(case(&h).contains("1 unparsed bytes before the signature"));
    let mut r = head(1);
    r.0.extend_from_slice(&good_history().0);
    assert!(malformed(&framed(r)).contains("unparsed bytes before the signature"));
    // Version 2 without its history section at all.
    assert!(malformed(&framed(head(2))).contains("runs past the end"));
}

#[test]
fn truncated_history_is_refused() {
    // Cut anywhere inside the history section (and framed again, so only the parser can
    // tell): refused as malformed, never half-loaded.
    let h = good_history();
    for n in 0..h.0.len() {
        let cut = Raw(h.0[..n].to_vec());
        let why = malformed(&with_history(&cut));
        assert!(why.contains("past the end"), "cut at {n}: {why}");
    }
}

#[test]
fn history_over_its_caps_is_refused() {
    let (_, pk) = test_keys();
    let b = with_history(&good_history());
    // Two records; one entry: a cap of one entry refuses the history, not the entries.
    let one = Limits {
        max_entries: 1,
        ..Limits::DEFAULT
    };
    match LoadedSet::from_bundle_with(&b, &pk, 0, &one) {
        Err(BundleError::Oversized(why)) => assert!(why.contains("delisted count 2"), "{why}"),
        other => panic!("{other:?}"),
    }
    // Two former entities; one listed: a cap of one entity refuses the history.
    let mut h = hist();
    h.varint(2)
        .entity("B", 2)
        .entity("C", 3)
        .varint(2)
        .varint(2);
    h.hgroup(0, None, None, &[0x22])
        .hgroup(1, None, None, &[0x33]);
    let b = with_history(&h);
    let one = Limits {
        max_entities: 1,
        ..Limits::DEFAULT
    };
    match LoadedSet::from_bundle_with(&b, &pk, 0, &one) {
        Err(BundleError::Oversized(why)) => {
            assert!(why.contains("history entity count 2"), "{why}")
        }
        other => panic!("{other:?}"),
    }
    assert!(LoadedSet::from_bundle(&b, &pk).is_ok());
    // A history group claiming more records than the cap.
    let mut h = hist();
    h.varint(1).entity("B", 2).varint(2).varint(1);
    h.0.extend_from_slice(&[1, 2, 20, 0, 1, 0, 0, 0]);
    h.varint(4_000_000);
    match LoadedSet::from_bundle(&with_history(&h), &pk) {
        Err(BundleError::Oversized(why)) => assert!(why.contains("history group size"), "{why}"),
        other => panic!("{other:?}"),
    }
}
