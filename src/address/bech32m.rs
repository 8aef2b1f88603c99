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
use bech32::primitives::decode::{
    CharError, CheckedHrpstring, CheckedHrpstringError, ChecksumError, SegwitHrpstring,
    SegwitHrpstringError, UncheckedHrpstringError,
};
use bech32::{Bech32, Fe32, Hrp};

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

/// Parses a `bc1`/`ltc1` segwit address.
pub(crate) fn parse_segwit(s: &str) -> Result<Address, ParseError> {
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
    let kind = match (version, len) {
        (0, 20) => Kind::SegwitV0Keyhash,
        (0, 32) => Kind::SegwitV0Scripthash,
        (1, 32) => Kind::Taproot,
        _ => Kind::SegwitFuture,
    };
    let mut version_bytes = [0u8; 4];
    version_bytes[..hrp_str.len()].copy_from_slice(hrp_str.as_bytes());
    version_bytes[hrp_str.len()] = version;
    Ok(Address {
        family: FAM,
        kind,
        chains: ChainSet::of(&[chain]),
        canonical: s.to_ascii_lowercase(),
        key: AddressKey::new(FAM, &version_bytes[..hrp_str.len() + 1], &program[..len]),
        checksummed: false,
        candidate_only: false,
    })
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
    bech32::segwit::encode(hrp, version, &k.payload).ok()
}

/// Re-encodes a BNB Beacon key.
pub(crate) fn encode_bnb(k: &AddressKey) -> Option<String> {
    if k.prefix.len() != 1 || k.payload.len() != 20 {
        return None;
    }
    let hrp = Hrp::parse("bnb").ok()?;
    bech32::encode::<Bech32>(hrp, &k.payload).ok()
}
