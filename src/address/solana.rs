//! Solana account addresses.
//!
//! Spec: Solana docs, "Accounts" / `Pubkey`: an account address is a 32-byte Ed25519 public
//! key (or a program-derived address) written in Bitcoin-alphabet base58 without any
//! checksum, 32 to 44 characters.
//!
//! With no checksum, almost any base58 word of the right length decodes to 32 bytes, so
//! every accepted string is `candidate_only`: only an exact match against a known set means
//! anything. The key is the 32 bytes; the canonical form is the input (base58 without a
//! checksum is still one-to-one, so it re-encodes to itself).
//!
//! Deviations from spec: none; whether the key is on the Ed25519 curve is not checked
//! (program-derived addresses are deliberately off the curve).
use super::base58check::{decode58, BITCOIN};
use super::{Address, AddressKey, Chain, ChainSet, Family, Kind, ParseError};

const FAM: Family = Family::Solana;

/// Parses a base58 string decoding to exactly 32 bytes.
pub(crate) fn parse(s: &str) -> Result<Address, ParseError> {
    if !(32..=44).contains(&s.len()) {
        return Err(ParseError::BadLength(FAM));
    }
    let mut buf = [0u8; 32];
    let n = decode58(s.as_bytes(), &BITCOIN, &mut buf, FAM)?;
    if n != 32 {
        return Err(ParseError::BadLength(FAM));
    }
    Ok(Address {
        family: FAM,
        kind: Kind::Solana,
        chains: ChainSet::of(&[Chain::Solana]),
        canonical: s.to_owned(),
        key: AddressKey::new(FAM, &[], &buf),
        checksummed: false,
        candidate_only: true,
    })
}

/// Re-encodes a Solana key as base58.
pub(crate) fn encode(k: &AddressKey) -> Option<String> {
    if k.prefix.len() != 1 || k.payload.len() != 32 {
        return None;
    }
    Some(bs58::encode(&k.payload).into_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every 32-byte key, with 0..=12 leading zero bytes (so its base58 is 32..=44
    /// characters and may start like a base58check address), parses: as Solana, or as a
    /// checksummed family that happens to accept it. `parse` skips the Solana decode after
    /// some base58check failures; this checks that never drops a key.
    #[test]
    fn every_key_parses_through_parse() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..20_000usize {
            let mut key = [0u8; 32];
            for b in key.iter_mut() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = x as u8;
            }
            key[..i % 13].fill(0);
            let s = bs58::encode(key).into_string();
            let a = crate::address::parse(&s).unwrap_or_else(|e| panic!("{s}: {e}"));
            if a.family == FAM {
                assert_eq!(a.key.payload, key, "{s}");
            }
        }
    }
}
