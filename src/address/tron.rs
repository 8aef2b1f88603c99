//! Tron account addresses.
//!
//! Spec: Tron's address format (TRON developer docs, "Account" / address format; java-tron
//! `Commons.decode58Check`): 21 bytes `0x41 || keccak-derived 20-byte account id`, written
//! either as Bitcoin-alphabet base58check (`T...`, 34 characters, double-SHA-256 checksum)
//! or as 42 hex digits starting `41`.
//!
//! Both forms give the same [`AddressKey`] (`Family::Tron`, no version bytes, the 20-byte
//! id); the canonical form is always the `T...` string.
//!
//! Deviations from spec: the hex form has no checksum, so any `41` + 40 hex digits is
//! accepted (case-insensitively), as Tron nodes accept it.
use super::base58check::{decode_check, encode_check, BITCOIN};
use super::{Address, AddressKey, Chain, ChainSet, Family, Kind, ParseError};
use crate::hex;

const VERSION: u8 = 0x41;
const FAM: Family = Family::Tron;

fn address(hash: &[u8], canonical: String) -> Address {
    Address {
        family: FAM,
        kind: Kind::Tron,
        chains: ChainSet::of(&[Chain::Tron]),
        canonical,
        key: AddressKey::new(FAM, &[], hash),
        checksummed: false,
        candidate_only: false,
    }
}

/// Parses the base58check `T...` form.
pub(crate) fn parse(s: &str) -> Result<Address, ParseError> {
    let mut buf = [0u8; 30];
    let n = decode_check(s, &BITCOIN, &mut buf, FAM)?;
    if n != 21 {
        return Err(ParseError::BadLength(FAM));
    }
    if buf[0] != VERSION {
        return Err(ParseError::UnknownVersion(FAM));
    }
    Ok(address(&buf[1..21], s.to_owned()))
}

/// Parses the hex form: `41` followed by 40 hex digits, any case.
pub(crate) fn parse_hex(s: &str) -> Result<Address, ParseError> {
    let b = s.as_bytes();
    if b.len() != 42 {
        return Err(ParseError::BadLength(FAM));
    }
    if &b[..2] != b"41" {
        return Err(ParseError::UnknownVersion(FAM));
    }
    let id: [u8; 20] = hex::decode_array(&s[2..]).ok_or(ParseError::BadCharacter(FAM))?;
    let mut data = [0u8; 21];
    data[0] = VERSION;
    data[1..].copy_from_slice(&id);
    let canonical =
        encode_check(&data, bs58::Alphabet::BITCOIN).ok_or(ParseError::BadLength(FAM))?;
    Ok(address(&data[1..], canonical))
}

/// Re-encodes a Tron key as its `T...` form.
pub(crate) fn encode(k: &AddressKey) -> Option<String> {
    if k.prefix.len() != 1 || k.payload.len() != 20 {
        return None;
    }
    let mut data = [0u8; 21];
    data[0] = VERSION;
    data[1..].copy_from_slice(&k.payload);
    encode_check(&data, bs58::Alphabet::BITCOIN)
}
