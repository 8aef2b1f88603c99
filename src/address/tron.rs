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

/// The account id in the base58check `T...` form.
fn id_of_base58(s: &str) -> Result<[u8; 20], ParseError> {
    let mut buf = [0u8; 30];
    let n = decode_check(s, &BITCOIN, &mut buf, FAM)?;
    if n != 21 {
        return Err(ParseError::BadLength(FAM));
    }
    if buf[0] != VERSION {
        return Err(ParseError::UnknownVersion(FAM));
    }
    let mut id = [0u8; 20];
    id.copy_from_slice(&buf[1..21]);
    Ok(id)
}

/// The account id in the hex form: `41` followed by 40 hex digits, any case.
fn id_of_hex(s: &str) -> Result<[u8; 20], ParseError> {
    let b = s.as_bytes();
    if b.len() != 42 {
        return Err(ParseError::BadLength(FAM));
    }
    if &b[..2] != b"41" {
        return Err(ParseError::UnknownVersion(FAM));
    }
    hex::decode_array(&s[2..]).ok_or(ParseError::BadCharacter(FAM))
}

/// Parses the base58check `T...` form.
pub(crate) fn parse(s: &str) -> Result<Address, ParseError> {
    Ok(address(&id_of_base58(s)?, s.to_owned()))
}

/// Parses the hex form: `41` followed by 40 hex digits, any case. It has no checksum, and
/// any 42-hex run starting with `41` (a digest, a transaction hash) has its shape: so it is
/// `candidate_only`, shown only when listed, as a Solana key is.
pub(crate) fn parse_hex(s: &str) -> Result<Address, ParseError> {
    let id = id_of_hex(s)?;
    Ok(Address {
        candidate_only: true,
        ..address(&id, to_canonical(&id))
    })
}

/// The account id of either form, for wallet requests (which read Tron's own forms and
/// format them back with [`to_canonical`]).
pub(crate) fn parse_id(s: &str) -> Option<[u8; 20]> {
    if s.len() == 42 && s.starts_with("41") {
        id_of_hex(s).ok()
    } else {
        id_of_base58(s).ok()
    }
}

/// The `T...` form of a 20-byte account id.
pub(crate) fn to_canonical(id: &[u8; 20]) -> String {
    let mut data = [0u8; 21];
    data[0] = VERSION;
    data[1..].copy_from_slice(id);
    // 21 bytes always fit `encode_check`'s buffer.
    encode_check(&data, bs58::Alphabet::BITCOIN).unwrap_or_default()
}

/// Re-encodes a Tron key as its `T...` form.
pub(crate) fn encode(k: &AddressKey) -> Option<String> {
    if k.prefix.len() != 1 {
        return None;
    }
    Some(to_canonical(k.payload.as_slice().try_into().ok()?))
}
