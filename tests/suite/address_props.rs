//! Property tests for address parsing: for every family, random payloads and versions
//! encode (`encode_key`) to a string that parses back to the same key with that string as
//! its canonical form; any encodable key round-trips; `parse` never panics; single-character
//! substitutions in checksummed forms are caught.
#![cfg(not(target_arch = "wasm32"))] // proptest is a native-only dev-dependency
use proptest::prelude::*;
use sightline::address::{
    encode_key, parse, to_eip55, AddressKey, Chain, Family, Kind, BASE58_VERSIONS,
};

/// Encodes `key`, parses the string, and checks it comes back as the same key with that
/// string as canonical form. Returns the string.
fn roundtrip(key: &AddressKey) -> Result<String, TestCaseError> {
    let s =
        encode_key(key).ok_or_else(|| TestCaseError::fail(format!("no encoding for {key:?}")))?;
    let a = parse(&s).map_err(|e| TestCaseError::fail(format!("{s}: {e:?}")))?;
    prop_assert_eq!(&a.key, key, "{}", s);
    prop_assert_eq!(&a.canonical, &s);
    prop_assert_eq!(Some(a.family), key.family());
    Ok(s)
}

/// Parsing anything never panics; whatever is accepted is stable under its canonical form
/// and re-encodes to it.
fn check_any(s: &str) -> Result<(), TestCaseError> {
    if let Ok(a) = parse(s) {
        let again = parse(&a.canonical)
            .map_err(|e| TestCaseError::fail(format!("{s}: canonical {}: {e:?}", a.canonical)))?;
        prop_assert_eq!(&again.key, &a.key);
        prop_assert_eq!(encode_key(&a.key), Some(a.canonical.clone()));
    }
    Ok(())
}

const B58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BECH32: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn string_of(
    alphabet: &'static [u8],
    len: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(alphabet), len)
        .prop_map(|v| String::from_utf8(v).unwrap())
}

/// Replaces character `i` (mod len) of `s` with the next character of `alphabet`.
fn substitute(s: &str, i: usize, alphabet: &[u8]) -> String {
    let mut b = s.as_bytes().to_vec();
    let i = i % b.len();
    let pos = alphabet.iter().position(|&c| c == b[i]).unwrap_or(0);
    b[i] = alphabet[(pos + 1) % alphabet.len()];
    String::from_utf8(b).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn base58check_roundtrip(row in 0..BASE58_VERSIONS.len(), hash in any::<[u8; 20]>(), i in any::<usize>()) {
        let v = &BASE58_VERSIONS[row];
        let key = AddressKey::new(Family::Base58Check, v.version, &hash);
        let s = roundtrip(&key)?;
        let a = parse(&s).unwrap();
        prop_assert_eq!(a.chains, v.chains);
        prop_assert_eq!(a.kind, v.kind);
        prop_assert!(v.lead.split(" or ").any(|l| s.starts_with(l)), "{} lead {}", s, v.lead);
        // One substitution past the version characters breaks the checksum.
        let j = 2 + i % (s.len() - 2);
        let broken = substitute(&s, j, B58);
        prop_assert_eq!(parse(&broken).map(|a| a.key), Err(sightline::address::ParseError::BadChecksum(Family::Base58Check)));
    }

    #[test]
    fn tron_roundtrip(hash in any::<[u8; 20]>()) {
        let key = AddressKey::new(Family::Tron, &[], &hash);
        let s = roundtrip(&key)?;
        prop_assert!(s.starts_with('T') && s.len() == 34);
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        for form in [format!("41{hex}"), format!("41{}", hex.to_uppercase())] {
            let a = parse(&form).unwrap();
            prop_assert_eq!(&a.key, &key);
            prop_assert_eq!(&a.canonical, &s);
        }
    }

    #[test]
    fn xrp_roundtrip(hash in any::<[u8; 20]>()) {
        let s = roundtrip(&AddressKey::new(Family::Xrp, &[], &hash))?;
        prop_assert!(s.starts_with('r'));
        prop_assert_eq!(parse(&s).unwrap().chains.ids(), vec!["xrp"]);
    }

    #[test]
    fn segwit_roundtrip(
        ltc in any::<bool>(),
        version in 0u8..=16,
        program in prop::collection::vec(any::<u8>(), 2..=40),
        i in any::<usize>(),
    ) {
        let len_ok = if version == 0 { program.len() == 20 || program.len() == 32 } else { true };
        prop_assume!(len_ok);
        let hrp: &[u8] = if ltc { b"ltc" } else { b"bc" };
        let mut v = hrp.to_vec();
        v.push(version);
        let key = AddressKey::new(Family::Segwit, &v, &program);
        let s = roundtrip(&key)?;
        let upper = parse(&s.to_uppercase()).unwrap();
        prop_assert_eq!(&upper.key, &key);
        prop_assert_eq!(&upper.canonical, &s);
        let chain = if ltc { Chain::Litecoin } else { Chain::Bitcoin };
        prop_assert!(upper.chains.contains(chain));
        let kind = upper.kind;
        prop_assert_eq!(kind == Kind::Taproot, version == 1 && program.len() == 32);
        // Bech32 catches every single substitution in the data part.
        let sep = s.rfind('1').unwrap();
        let j = sep + 1 + i % (s.len() - sep - 1);
        prop_assert!(parse(&substitute(&s, j, BECH32)).is_err());
    }

    #[test]
    fn bnb_roundtrip(id in any::<[u8; 20]>(), i in any::<usize>()) {
        let s = roundtrip(&AddressKey::new(Family::BnbBeacon, &[], &id))?;
        prop_assert!(s.starts_with("bnb1") && s.len() == 42);
        let j = 4 + i % (s.len() - 4);
        prop_assert!(parse(&substitute(&s, j, BECH32)).is_err());
    }

    #[test]
    fn cashaddr_roundtrip(p2sh in any::<bool>(), size in 0u8..8, bytes in any::<[u8; 64]>(), i in any::<usize>()) {
        let len = [20, 24, 28, 32, 40, 48, 56, 64][size as usize];
        let version = (u8::from(p2sh) << 3) | size;
        let mut prefix = b"bitcoincash".to_vec();
        prefix.push(version);
        let key = AddressKey::new(Family::CashAddr, &prefix, &bytes[..len]);
        let s = roundtrip(&key)?;
        let bare = &s["bitcoincash:".len()..];
        let lead = if p2sh { 'p' } else { 'q' };
        prop_assert!(bare.starts_with(lead), "{}", bare);
        let a = parse(bare).unwrap();
        prop_assert_eq!(&a.key, &key);
        prop_assert_eq!(&a.canonical, &s);
        prop_assert_eq!(parse(&bare.to_uppercase()).unwrap().key, key);
        // The BCH code catches every single substitution.
        prop_assert!(parse(&substitute(bare, i, BECH32)).is_err());
    }

    #[test]
    fn evm_roundtrip(bytes in any::<[u8; 20]>()) {
        let key = AddressKey::new(Family::Evm, &[], &bytes);
        let s = roundtrip(&key)?;
        let mixed = to_eip55(&bytes);
        let a = parse(&mixed).unwrap();
        prop_assert_eq!(&a.key, &key);
        prop_assert_eq!(&a.canonical, &s);
        let has_letters = mixed.bytes().skip(2).any(|c| c.is_ascii_alphabetic());
        let has_upper = mixed.bytes().skip(2).any(|c| c.is_ascii_uppercase());
        let has_lower = mixed.bytes().skip(2).any(|c| c.is_ascii_lowercase());
        prop_assert_eq!(a.checksummed, has_letters && has_upper && has_lower);
        let upper = format!("0x{}", s[2..].to_uppercase());
        prop_assert_eq!(parse(&upper).unwrap().key, key);
    }

    #[test]
    fn monero_roundtrip(kind in 0usize..3, bytes in any::<[u8; 72]>(), i in any::<usize>()) {
        let (tag, len, lead) = [(18u8, 64, '4'), (19, 72, '4'), (42, 64, '8')][kind];
        let key = AddressKey::new(Family::Monero, &[tag], &bytes[..len]);
        let s = roundtrip(&key)?;
        prop_assert!(s.starts_with(lead));
        prop_assert_eq!(s.len(), if len == 72 { 106 } else { 95 });
        // Lowering one digit keeps every block in range, so only the checksum can catch it.
        let j = 1 + i % (s.len() - 1);
        let c = s.as_bytes()[j];
        if c != b'1' {
            let broken = format!("{}1{}", &s[..j], &s[j + 1..]);
            prop_assert_eq!(parse(&broken).map(|a| a.key), Err(sightline::address::ParseError::BadChecksum(Family::Monero)));
        }
    }

    #[test]
    fn solana_roundtrip(bytes in any::<[u8; 32]>()) {
        let s = roundtrip(&AddressKey::new(Family::Solana, &[], &bytes))?;
        let a = parse(&s).unwrap();
        prop_assert!(a.candidate_only);
        prop_assert!((32..=44).contains(&s.len()));
    }

    /// Any key that encodes at all parses back to itself.
    #[test]
    fn any_encodable_key_roundtrips(family in 1u8..=9, version in prop::collection::vec(any::<u8>(), 0..13), payload in prop::collection::vec(any::<u8>(), 0..70)) {
        let mut prefix = vec![family];
        prefix.extend(version);
        let key = AddressKey { prefix, payload };
        if encode_key(&key).is_some() {
            roundtrip(&key)?;
        }
    }

    /// Real prefixes with payloads of any length: encoders refuse wrong lengths rather than
    /// produce strings that do not parse back.
    #[test]
    fn known_prefixes_with_any_payload_length(which in 0usize..16, payload in prop::collection::vec(any::<u8>(), 0..70)) {
        let prefixes: [&[u8]; 16] = [
            &[1, 0x00], &[1, 0x1c, 0xb8], &[1, 0x1c], &[2], &[3, b'b', b'c', 0], &[3, b'l', b't', b'c', 1],
            &[3, b'b', b'c', 16], &[4, b'b', b'i', b't', b'c', b'o', b'i', b'n', b'c', b'a', b's', b'h', 0x0b],
            &[5, 18], &[5, 19], &[5, 42], &[6], &[7], &[8], &[9], &[5, 0x92, 0x00],
        ];
        let key = AddressKey { prefix: prefixes[which].to_vec(), payload };
        if encode_key(&key).is_some() {
            roundtrip(&key)?;
        }
    }

    #[test]
    fn parse_never_panics_on_any_string(s in any::<String>()) {
        check_any(&s)?;
    }

    #[test]
    fn parse_never_panics_on_base58(s in string_of(B58, 0..=120)) {
        check_any(&s)?;
    }

    #[test]
    fn parse_never_panics_on_bech32_shapes(
        prefix in prop::sample::select(vec!["bc1", "BC1", "ltc1", "tb1", "bnb1", "bitcoincash:", "bchtest:", "q", "p", ""]),
        body in string_of(BECH32, 0..=110),
    ) {
        check_any(&format!("{prefix}{body}"))?;
    }

    #[test]
    fn parse_never_panics_on_hex(prefix in prop::sample::select(vec!["0x", "0X", "41", ""]), body in "[0-9a-fA-F]{0,70}") {
        check_any(&format!("{prefix}{body}"))?;
    }
}
