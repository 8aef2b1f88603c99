//! Segwit addresses (BIP-173 bech32 for witness v0, BIP-350 bech32m for v1..=16) and BNB
//! Beacon Chain addresses (plain bech32).
//!
//! Specs:
//! - BIP-173 "Base32 address format for native v0-16 witness outputs" and BIP-350
//!   "Bech32m format for v1+ witness addresses": hrp `bc` (Bitcoin) or `ltc` (Litecoin,
//!   SLIP-173), separator `1`, witness version, program of 2..=40 bytes (v0: 20 or 32),
//!   zero padding of at most 4 bits, 6-character checksum, at most 90 characters, one case.
//!   Decoding is done by the `bech32` crate (`SegwitHrpstring`, allocation free).
//! - BNB Beacon Chain (BEP-2 era) account addresses: bech32 (BIP-173 checksum), hrp `bnb`,
//!   a 20-byte account id (32 data characters, no padding).
//!
//! Keys: segwit `(Family::Segwit, hrp bytes + [witness version], program)`; BNB
//! `(Family::BnbBeacon, [], 20 bytes)`. Canonical form: lowercase.
//!
//! Deviations from spec: testnet/regtest hrps (`tb`, `bcrt`, `tltc`) are recognised but
//! reported as [`ParseError::UnknownVersion`] (after their checksum verified): Sightline
//! knows mainnet chains only. Litecoin MWEB (`ltcmweb1`) addresses are not parsed.
// `::bech32` is the crate; this module shares its name.
use ::bech32::primitives::decode::{
    CharError, CheckedHrpstring, CheckedHrpstringError, ChecksumError, SegwitHrpstring,
    SegwitHrpstringError, UncheckedHrpstringError,
};
use ::bech32::{Bech32, Fe32, Hrp};

use super::{Address, AddressKey, Chain, ChainSet, Family, Kind, ParseError};

/// Mainnet segwit hrps and their chains.
const SEGWIT_HRPS: [(&str, Chain); 2] = [("bc", Chain::Bitcoin), ("ltc", Chain::Litecoin)];

fn unchecked_err(e: &UncheckedHrpstringError, fam: Family) -> ParseError {
    match e {
        UncheckedHrpstringError::Char(CharError::MixedCase) => ParseError::MixedCase,
        UncheckedHrpstringError::Char(CharError::InvalidChar(_)) => ParseError::BadCharacter(fam),
        UncheckedHrpstringError::Hrp(_) => ParseError::BadCharacter(fam),
        _ => ParseError::UnknownFormat,
    }
}

fn checksum_err(e: &ChecksumError, fam: Family) -> ParseError {
    match e {
        ChecksumError::InvalidResidue => ParseError::BadChecksum(fam),
        _ => ParseError::BadLength(fam),
    }
}

fn segwit_err(e: &SegwitHrpstringError) -> ParseError {
    const FAM: Family = Family::Segwit;
    match e {
        SegwitHrpstringError::Unchecked(u) => unchecked_err(u, FAM),
        SegwitHrpstringError::InvalidWitnessVersion(_) => ParseError::UnknownVersion(FAM),
        SegwitHrpstringError::Checksum(c) => checksum_err(c, FAM),
        // NoData, TooLong, Padding, WitnessLength.
        _ => ParseError::BadLength(FAM),
    }
}

/// The bech32 character set (BIP-173); cashaddr uses the same one.
pub(super) const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// The 5-bit value of each ASCII character (either case), 0xff for none.
pub(super) const REV: [u8; 128] = {
    let mut t = [0xffu8; 128];
    let mut i = 0;
    while i < 32 {
        t[CHARSET[i] as usize] = i as u8;
        t[CHARSET[i].to_ascii_uppercase() as usize] = i as u8;
        i += 1;
    }
    t
};

/// BIP-173 `bech32_polymod` step.
fn polymod_step(chk: u32, v: u8) -> u32 {
    const GEN: [u32; 5] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    let top = chk >> 25;
    let mut chk = (chk & 0x01ff_ffff) << 5 ^ u32::from(v);
    for (i, g) in GEN.iter().enumerate() {
        if (top >> i) & 1 != 0 {
            chk ^= g;
        }
    }
    chk
}

/// The checksum constants: BIP-173 bech32 (witness v0) and BIP-350 bech32m (v1..=16).
const BECH32_CONST: u32 = 1;
const BECH32M_CONST: u32 = 0x2bc8_30a3;

/// The segwit parser's common cases without the `bech32` crate: a mainnet hrp, one case,
/// all characters in the charset, a witness version of 0..=16. Answers a valid address or a
/// checksum mismatch; `None` for everything else, which [`parse_segwit`] hands to the crate
/// (so its error, and any case this does not cover, stay the crate's).
///
/// Why not just the crate: in the wasm build (simd128, `wasm-opt -Oz`, node 20; 2026-11-25,
/// interleaved best-of runs of `benchValidate` over the `bc1` inputs of `benches/peers`,
/// half valid and half near misses, JS call included) a call took 560 ns through
/// `SegwitHrpstring::new` + `byte_iter` and 386 ns with this direct BIP-173/350 check in
/// front. `fast_segwit_agrees_with_crate` and `fast_segwit_matches_crate` keep the crate as
/// the oracle.
fn fast_segwit(s: &str) -> Option<Result<Address, ParseError>> {
    const FAM: Family = Family::Segwit;
    let b = s.as_bytes();
    if b.len() > 90 {
        return None;
    }
    let sep = b.iter().rposition(|&c| c == b'1')?;
    let (hrp, data) = (&b[..sep], &b[sep + 1..]);
    let (hrp_str, chain) = *SEGWIT_HRPS
        .iter()
        .find(|(h, _)| hrp.eq_ignore_ascii_case(h.as_bytes()))?;
    if data.len() < 7 {
        return None;
    }
    // One case for the whole string (the hrp is letters only).
    let upper = b[0].is_ascii_uppercase();
    // hrp expansion: high bits, a zero, low bits (of the lowercase hrp).
    let mut chk = 1u32;
    for &c in hrp_str.as_bytes() {
        chk = polymod_step(chk, c >> 5);
    }
    chk = polymod_step(chk, 0);
    for &c in hrp_str.as_bytes() {
        chk = polymod_step(chk, c & 0x1f);
    }
    for &c in hrp {
        if c.is_ascii_uppercase() != upper {
            return None;
        }
    }
    let mut values = [0u8; 90];
    for (slot, &c) in values.iter_mut().zip(data) {
        let v = *REV.get(usize::from(c))?;
        if v == 0xff || (c.is_ascii_alphabetic() && c.is_ascii_uppercase() != upper) {
            return None;
        }
        *slot = v;
        chk = polymod_step(chk, v);
    }
    let values = &values[..data.len()];
    let version = values[0];
    let expected = match version {
        0 => BECH32_CONST,
        1..=16 => BECH32M_CONST,
        _ => return None,
    };
    if chk != expected {
        return Some(Err(ParseError::BadChecksum(FAM)));
    }
    // 5-bit groups -> bytes; at most 4 padding bits, all zero.
    let mut program = [0u8; 40];
    let (mut acc, mut bits, mut len) = (0u32, 0u32, 0usize);
    for &v in &values[1..values.len() - 6] {
        acc = acc << 5 | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            *program.get_mut(len)? = (acc >> bits) as u8;
            len += 1;
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 4 || acc != 0 || len < 2 || (version == 0 && len != 20 && len != 32) {
        return None;
    }
    Some(Ok(segwit_address(
        s,
        hrp_str,
        chain,
        version,
        &program[..len],
    )))
}

fn segwit_address(s: &str, hrp: &str, chain: Chain, version: u8, program: &[u8]) -> Address {
    const FAM: Family = Family::Segwit;
    let kind = match (version, program.len()) {
        (0, 20) => Kind::SegwitV0Keyhash,
        (0, 32) => Kind::SegwitV0Scripthash,
        (1, 32) => Kind::Taproot,
        _ => Kind::SegwitFuture,
    };
    let mut version_bytes = [0u8; 4];
    version_bytes[..hrp.len()].copy_from_slice(hrp.as_bytes());
    version_bytes[hrp.len()] = version;
    Address {
        family: FAM,
        kind,
        chains: ChainSet::of(&[chain]),
        canonical: s.to_ascii_lowercase(),
        key: AddressKey::new(FAM, &version_bytes[..hrp.len() + 1], program),
        checksummed: false,
        candidate_only: false,
    }
}

/// Parses a `bc1`/`ltc1` segwit address.
pub(crate) fn parse_segwit(s: &str) -> Result<Address, ParseError> {
    if let Some(r) = fast_segwit(s) {
        return r;
    }
    parse_segwit_crate(s)
}

/// [`parse_segwit`] through the `bech32` crate: every case, and the oracle for [`fast_segwit`].
fn parse_segwit_crate(s: &str) -> Result<Address, ParseError> {
    const FAM: Family = Family::Segwit;
    let seg = SegwitHrpstring::new(s).map_err(|e| segwit_err(&e))?;
    let hrp = seg.hrp();
    let (hrp_str, chain) = SEGWIT_HRPS
        .iter()
        .find(|(h, _)| hrp.as_bytes().eq_ignore_ascii_case(h.as_bytes()))
        .copied()
        .ok_or(ParseError::UnknownVersion(FAM))?;
    let version = seg.witness_version().to_u8();
    let mut program = [0u8; 40];
    let mut len = 0;
    for b in seg.byte_iter() {
        // The crate checked the program is 2..=40 bytes.
        *program.get_mut(len).ok_or(ParseError::BadLength(FAM))? = b;
        len += 1;
    }
    Ok(segwit_address(s, hrp_str, chain, version, &program[..len]))
}

/// Parses a `bnb1` BNB Beacon Chain address.
pub(crate) fn parse_bnb(s: &str) -> Result<Address, ParseError> {
    const FAM: Family = Family::BnbBeacon;
    let checked = CheckedHrpstring::new::<Bech32>(s).map_err(|e| match e {
        CheckedHrpstringError::Parse(u) => unchecked_err(&u, FAM),
        CheckedHrpstringError::Checksum(c) => checksum_err(&c, FAM),
        _ => ParseError::UnknownFormat,
    })?;
    if !checked.hrp().as_bytes().eq_ignore_ascii_case(b"bnb") {
        return Err(ParseError::UnknownVersion(FAM));
    }
    // 20 bytes = 160 bits = exactly 32 characters: no padding to check.
    if checked.data_part_ascii_no_checksum().len() != 32 {
        return Err(ParseError::BadLength(FAM));
    }
    let mut id = [0u8; 20];
    for (slot, b) in id.iter_mut().zip(checked.byte_iter()) {
        *slot = b;
    }
    Ok(Address {
        family: FAM,
        kind: Kind::BnbBeacon,
        chains: ChainSet::of(&[Chain::BnbBeacon]),
        canonical: s.to_ascii_lowercase(),
        key: AddressKey::new(FAM, &[], &id),
        checksummed: false,
        candidate_only: false,
    })
}

/// Re-encodes a segwit key.
pub(crate) fn encode_segwit(k: &AddressKey) -> Option<String> {
    let (&version, hrp) = k.prefix.get(1..)?.split_last()?;
    if !SEGWIT_HRPS.iter().any(|(h, _)| h.as_bytes() == hrp) {
        return None;
    }
    let hrp = Hrp::parse(std::str::from_utf8(hrp).ok()?).ok()?;
    let version = Fe32::try_from(version).ok()?;
    if version.to_u8() > 16 {
        return None;
    }
    ::bech32::segwit::encode(hrp, version, &k.payload).ok()
}

/// Re-encodes a BNB Beacon key.
pub(crate) fn encode_bnb(k: &AddressKey) -> Option<String> {
    if k.prefix.len() != 1 || k.payload.len() != 20 {
        return None;
    }
    let hrp = Hrp::parse("bnb").ok()?;
    ::bech32::encode::<Bech32>(hrp, &k.payload).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fast_segwit` answers only what the crate path answers the same way.
    fn agrees(s: &str) {
        if let Some(fast) = fast_segwit(s) {
            assert_eq!(fast, parse_segwit_crate(s), "{s}");
        }
    }

    #[test]
    fn fast_segwit_agrees_with_crate() {
        let valid = [
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
            "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
            "bc1sw50qgdz25j",
            "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "ltc1qr8ntsedq8tv0svmxqhzvdcdl5k7kntdmnhwep7",
        ];
        for s in valid {
            assert!(fast_segwit(s).is_some_and(|r| r.is_ok()), "{s}");
            agrees(s);
            // Every one-character change and every truncation.
            for i in 0..s.len() {
                for c in b"qpzry9x8gf2tvdw0s3jn54khce6mua7lQPZ1bio!" {
                    let mut m = s.as_bytes().to_vec();
                    m[i] = *c;
                    agrees(std::str::from_utf8(&m).unwrap());
                }
                agrees(&s[..i]);
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Round trips of random programs and random strings: the fast path never disagrees.
        #[test]
        fn fast_segwit_matches_crate(
            version in 0u8..=16,
            program in proptest::collection::vec(proptest::num::u8::ANY, 2..=40),
            ltc in proptest::bool::ANY,
            upper in proptest::bool::ANY,
            junk in "(bc|ltc|BC|Bc)1[qpzry9x8gf2tvdw0s3jn54khce6mua7lQP]{0,70}",
        ) {
            let hrp = Hrp::parse(if ltc { "ltc" } else { "bc" }).unwrap();
            let v = Fe32::try_from(version).unwrap();
            if let Ok(s) = ::bech32::segwit::encode(hrp, v, &program) {
                let s = if upper { s.to_ascii_uppercase() } else { s };
                agrees(&s);
                proptest::prop_assert!(fast_segwit(&s).is_some_and(|r| r.is_ok()));
            }
            agrees(&junk);
        }
    }
}
