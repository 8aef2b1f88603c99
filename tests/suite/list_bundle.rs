//! The signed bundle: round trips, determinism, and every way a bundle can be bad
//! (truncated, bit-flipped, wrongly signed, wrong version, oversized, older). The embedded
//! set itself: bundled_list.rs.

use crate::fixture::test_keys;
use sightline::address;
use sightline::list::bundle::{self, decode_unverified, encode_signed, encode_unsigned, SetData};
use sightline::list::{
    sign, BundleError, Entity, Entry, Header, Limits, LoadedSet, BUNDLED_SIGNER_KEY,
};

/// A small set with three entities and six entries over four families.
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
    };
    SetData {
        header: Header {
            sequence,
            generated_at: "2026-08-20T00:00:00Z".into(),
            source: "OFAC SDN list".into(),
            source_date: "2026-08-20".into(),
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
    assert_eq!(
        a,
        encode_signed(&shuffled, &sk).unwrap(),
        "entry order must not matter"
    );
    let set = LoadedSet::from_bundle(&a, &pk).unwrap();
    assert_eq!(set.header().sequence, 7);
    assert_eq!(set.header().entry_count, 6);
    assert_eq!(set.entities(), &data.entities[..]);
    for e in &data.entries {
        let hits = set.lookup(&e.key);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].entity, &data.entities[e.entity as usize]);
        assert_eq!(hits[0].listed_under, &e.listed_under[..]);
    }
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
        assert_eq!(s.entries().len(), s.header().entry_count as usize);
    }
}

#[test]
fn wrong_version_is_refused() {
    let (sk, pk) = test_keys();
    let mut a = encode_signed(&small_data(1), &sk).unwrap();
    a[5..7].copy_from_slice(&2u16.to_le_bytes());
    sign::sign_bundle_in_place(&mut a, &sk);
    let e = LoadedSet::from_bundle(&a, &pk).unwrap_err();
    assert_eq!(e, BundleError::UnsupportedVersion(2));
    assert!(
        e.to_string()
            .contains("unsupported bundle format version 2"),
        "{e}"
    );
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
