//! EVM account addresses (Ethereum and every EVM chain: ETC, Arbitrum, BSC, ...).
//!
//! Spec: EIP-55 "Mixed-case checksum address encoding": `0x` + 40 hex digits; a letter
//! digit is upper case exactly when the matching nibble of Keccak-256(lowercase hex
//! digits as ASCII) is >= 8. Keccak-256 is the original Keccak padding (`sha3::Keccak256`),
//! not FIPS SHA3-256.
//!
//! - All-lower and all-upper digits carry no checksum: accepted, `checksummed = false`.
//! - Mixed case must verify, else [`ParseError::BadEip55`]; then `checksummed = true`.
//! - Canonical form: `0x` + lowercase; key: the 20 bytes.
//!
//! Deviations from spec: a `0X` prefix is accepted like `0x` (people type it; the digits
//! carry the meaning).
use sha3::{Digest, Keccak256};

use crate::hex;

use super::{Address, AddressKey, Chain, ChainSet, Family, Kind, ParseError};

const FAM: Family = Family::Evm;

/// Parses `0x` + 40 hex digits.
pub(crate) fn parse(s: &str) -> Result<Address, ParseError> {
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b'0' || (b[1] != b'x' && b[1] != b'X') {
        return Err(ParseError::UnknownFormat);
    }
    let digits = &b[2..];
    if digits.len() != 40 {
        return Err(ParseError::BadLength(FAM));
    }
    let mut bytes = [0u8; 20];
    let mut lower = [0u8; 40];
    let (mut has_lower, mut has_upper) = (false, false);
    for (i, &c) in digits.iter().enumerate() {
        let v = hex::val(c).ok_or(ParseError::BadCharacter(FAM))?;
        has_lower |= c.is_ascii_lowercase();
        has_upper |= c.is_ascii_uppercase();
        lower[i] = c.to_ascii_lowercase();
        bytes[i / 2] |= if i % 2 == 0 { v << 4 } else { v };
    }
    let checksummed = has_lower && has_upper;
    if checksummed && !eip55_matches(digits, &lower) {
        return Err(ParseError::BadEip55);
    }
    let mut canonical = String::with_capacity(42);
    canonical.push_str("0x");
    // `lower` holds ASCII hex digits only, so it is UTF-8.
    canonical.push_str(std::str::from_utf8(&lower).map_err(|_| ParseError::BadCharacter(FAM))?);
    Ok(Address {
        family: FAM,
        kind: Kind::Evm,
        chains: ChainSet::of(&[Chain::Evm]),
        canonical,
        key: AddressKey::new(FAM, &[], &bytes),
        checksummed,
        candidate_only: false,
    })
}

/// The 20 bytes of `0x` + 40 hex digits in any case, without the EIP-55 check: for wallet
/// requests, where a wrong checksum is the wallet's business and the address must still be
/// read.
pub(crate) fn parse_unchecked(s: &str) -> Option<[u8; 20]> {
    hex::decode_array(hex::strip_0x(s)?)
}

/// The canonical form of a 20-byte address: `0x` + lowercase.
pub(crate) fn to_canonical(bytes: &[u8; 20]) -> String {
    format!("0x{}", hex::encode(bytes))
}

/// True when the case of every letter in `digits` follows EIP-55 for `lower`.
fn eip55_matches(digits: &[u8], lower: &[u8; 40]) -> bool {
    let hash = Keccak256::digest(lower);
    digits.iter().enumerate().all(|(i, &c)| {
        if !c.is_ascii_alphabetic() {
            return true;
        }
        let nibble = if i % 2 == 0 {
            hash[i / 2] >> 4
        } else {
            hash[i / 2] & 0x0f
        };
        c.is_ascii_uppercase() == (nibble >= 8)
    })
}

/// The EIP-55 mixed-case form of a 20-byte address (for display).
pub fn to_eip55(bytes: &[u8; 20]) -> String {
    let lower = hex::encode(bytes);
    let hash = Keccak256::digest(lower.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in lower.bytes().enumerate() {
        let nibble = if i % 2 == 0 {
            hash[i / 2] >> 4
        } else {
            hash[i / 2] & 0x0f
        };
        let c = if c.is_ascii_alphabetic() && nibble >= 8 {
            c.to_ascii_uppercase()
        } else {
            c
        };
        out.push(c as char);
    }
    out
}

/// Re-encodes an EVM key in its canonical lowercase form.
pub(crate) fn encode(k: &AddressKey) -> Option<String> {
    if k.prefix.len() != 1 {
        return None;
    }
    Some(to_canonical(k.payload.as_slice().try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eip55_display_matches_spec_example() {
        let a = parse("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359").unwrap();
        let bytes: [u8; 20] = a.key.payload.as_slice().try_into().unwrap();
        assert_eq!(
            to_eip55(&bytes),
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
        );
    }

    #[test]
    fn unchecked_reads_the_same_bytes_without_eip55() {
        let good = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
        let bad = "0xFB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
        let key = parse(good).unwrap().key.payload;
        assert_eq!(parse_unchecked(good).unwrap().as_slice(), key);
        assert_eq!(parse(bad), Err(ParseError::BadEip55));
        assert_eq!(parse_unchecked(bad).unwrap().as_slice(), key);
        assert_eq!(
            to_canonical(&parse_unchecked(bad).unwrap()),
            good.to_lowercase()
        );
        assert!(parse_unchecked(&good[2..]).is_none());
    }
}
