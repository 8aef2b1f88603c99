//! XRP Ledger classic addresses.
//!
//! Spec: XRPL "Base58 Encodings" and "Addresses" (xrpl.org): base58check with the Ripple
//! alphabet `rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz`, the double-SHA-256
//! 4-byte checksum, type prefix `0x00` (AccountID) and a 20-byte account id, so every
//! classic address starts with `r` and is 25 to 35 characters long.
//!
//! Deviations from spec: X-addresses (XLS-5d, `X...` with a destination tag) are not
//! parsed; the key is the account id alone (no version bytes), as only one version exists.
use super::base58check::{decode_check, encode_check, RIPPLE};
use super::{Address, AddressKey, Chain, ChainSet, Family, Kind, ParseError};

const FAM: Family = Family::Xrp;

/// Parses a classic `r...` address.
pub(crate) fn parse(s: &str) -> Result<Address, ParseError> {
    let mut buf = [0u8; 30];
    let n = decode_check(s, &RIPPLE, &mut buf, FAM)?;
    if n != 21 {
        return Err(ParseError::BadLength(FAM));
    }
    if buf[0] != 0x00 {
        return Err(ParseError::UnknownVersion(FAM));
    }
    Ok(Address {
        family: FAM,
        kind: Kind::Xrp,
        chains: ChainSet::of(&[Chain::Xrp]),
        canonical: s.to_owned(),
        key: AddressKey::new(FAM, &[], &buf[1..21]),
        checksummed: false,
        candidate_only: false,
    })
}

/// Re-encodes an XRP key as its classic address.
pub(crate) fn encode(k: &AddressKey) -> Option<String> {
    if k.prefix.len() != 1 || k.payload.len() != 20 {
        return None;
    }
    let mut data = [0u8; 21];
    data[1..].copy_from_slice(&k.payload);
    encode_check(&data, bs58::Alphabet::RIPPLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genesis_account() {
        // The XRPL genesis account, from xrpl.org "Accounts" (special addresses).
        let a = parse("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh").unwrap();
        assert_eq!(
            a.key.payload,
            [
                0xb5, 0xf7, 0x62, 0x79, 0x8a, 0x53, 0xd5, 0x43, 0xa0, 0x14, 0xca, 0xf8, 0xb2, 0x97,
                0xcf, 0xf8, 0xf2, 0xf9, 0x37, 0xe8
            ]
        );
        // ACCOUNT_ZERO: the all-zero account id.
        let z = parse("rrrrrrrrrrrrrrrrrrrrrhoLvTp").unwrap();
        assert_eq!(z.key.payload, [0u8; 20]);
        assert_eq!(encode(&z.key).unwrap(), "rrrrrrrrrrrrrrrrrrrrrhoLvTp");
    }
}
