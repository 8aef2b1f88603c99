//! Bitcoin-alphabet base58check addresses: Bitcoin, Bitcoin Cash and Bitcoin SV legacy,
//! Litecoin, Dogecoin, Verge, Dash, Zcash transparent and Bitcoin Gold.
//!
//! Spec: base58check as Bitcoin Core implements it (`src/base58.cpp`, `DecodeBase58Check`):
//! the string is a big-endian base-58 number (alphabet
//! `123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz`, each leading `1` one zero
//! byte), the last four bytes are the first four of SHA-256(SHA-256(rest)), and the rest is
//! `version || hash160`. The version bytes come from each chain's `chainparams.cpp`
//! (`base58Prefixes[PUBKEY_ADDRESS]` and `[SCRIPT_ADDRESS]`); see [`BASE58_VERSIONS`].
//!
//! Deviations from spec:
//! - Only mainnet versions are known; testnet versions (`m`/`n`/`2`, ...) are reported as
//!   [`ParseError::UnknownVersion`] after the checksum has verified.
//! - A version shared by several chains reports all of them: `1...`/`3...` are Bitcoin,
//!   Bitcoin Cash (legacy form) and Bitcoin SV; `3...` is also Litecoin's old P2SH form;
//!   `D...` is both Dogecoin and Verge. Nothing in the string can tell them apart.
//!
//! The decoder works on stack buffers and allocates only once the address is accepted.
use super::sha256::checksum4;
use super::{Address, AddressKey, Chain, ChainSet, Family, Kind, ParseError};

/// One row of the base58check version table: which chains and kind a version denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Base58Version {
    /// The version bytes (one byte, or two for Zcash transparent addresses).
    pub version: &'static [u8],
    pub kind: Kind,
    pub chains: ChainSet,
    /// What every mainnet address of this version starts with (documentation and UI hints).
    pub lead: &'static str,
}

const LEGACY: ChainSet = ChainSet::of(&[Chain::Bitcoin, Chain::BitcoinCash, Chain::BitcoinSv]);
const LEGACY_P2SH: ChainSet = ChainSet::of(&[
    Chain::Bitcoin,
    Chain::Litecoin,
    Chain::BitcoinCash,
    Chain::BitcoinSv,
]);

/// Every mainnet base58check version Sightline knows, with the chains that use it.
pub const BASE58_VERSIONS: &[Base58Version] = &[
    Base58Version {
        version: &[0x00],
        kind: Kind::P2pkh,
        chains: LEGACY,
        lead: "1",
    },
    Base58Version {
        version: &[0x05],
        kind: Kind::P2sh,
        chains: LEGACY_P2SH,
        lead: "3",
    },
    Base58Version {
        version: &[0x30],
        kind: Kind::P2pkh,
        chains: ChainSet::of(&[Chain::Litecoin]),
        lead: "L",
    },
    Base58Version {
        version: &[0x32],
        kind: Kind::P2sh,
        chains: ChainSet::of(&[Chain::Litecoin]),
        lead: "M",
    },
    Base58Version {
        version: &[0x1e],
        kind: Kind::P2pkh,
        chains: ChainSet::of(&[Chain::Dogecoin, Chain::Verge]),
        lead: "D",
    },
    Base58Version {
        version: &[0x16],
        kind: Kind::P2sh,
        chains: ChainSet::of(&[Chain::Dogecoin]),
        lead: "9 or A",
    },
    Base58Version {
        version: &[0x21],
        kind: Kind::P2sh,
        chains: ChainSet::of(&[Chain::Verge]),
        lead: "E",
    },
    Base58Version {
        version: &[0x4c],
        kind: Kind::P2pkh,
        chains: ChainSet::of(&[Chain::Dash]),
        lead: "X",
    },
    Base58Version {
        version: &[0x10],
        kind: Kind::P2sh,
        chains: ChainSet::of(&[Chain::Dash]),
        lead: "7",
    },
    Base58Version {
        version: &[0x1c, 0xb8],
        kind: Kind::P2pkh,
        chains: ChainSet::of(&[Chain::Zcash]),
        lead: "t1",
    },
    Base58Version {
        version: &[0x1c, 0xbd],
        kind: Kind::P2sh,
        chains: ChainSet::of(&[Chain::Zcash]),
        lead: "t3",
    },
    Base58Version {
        version: &[0x26],
        kind: Kind::P2pkh,
        chains: ChainSet::of(&[Chain::BitcoinGold]),
        lead: "G",
    },
    Base58Version {
        version: &[0x17],
        kind: Kind::P2sh,
        chains: ChainSet::of(&[Chain::BitcoinGold]),
        lead: "A",
    },
];

/// Finds the table row for `version`.
pub fn base58_version(version: &[u8]) -> Option<&'static Base58Version> {
    BASE58_VERSIONS.iter().find(|v| v.version == version)
}

/// True for the 58 characters of the Bitcoin alphabet (the Ripple and Monero alphabets use
/// the same characters in other orders). A table lookup: `parse` runs it on every character
/// before decoding.
pub(crate) fn is_base58_char(c: u8) -> bool {
    BITCOIN
        .table
        .get(usize::from(c))
        .is_some_and(|&d| d != 0xff)
}

/// A base58 alphabet for the decoder: the digit of each ASCII character (0xff: none), and
/// the character for digit zero.
pub(crate) struct Digits {
    table: [u8; 128],
    zero: u8,
}

impl Digits {
    const fn new(alphabet: &[u8; 58]) -> Digits {
        let mut table = [0xffu8; 128];
        let mut i = 0;
        while i < 58 {
            table[alphabet[i] as usize] = i as u8;
            i += 1;
        }
        Digits {
            table,
            zero: alphabet[0],
        }
    }
}

/// The Bitcoin alphabet (also Solana's and, by blocks, Monero's).
pub(crate) const BITCOIN: Digits =
    Digits::new(b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz");
/// The XRP Ledger alphabet.
pub(crate) const RIPPLE: Digits =
    Digits::new(b"rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz");

/// Decodes base58 `s` into `out` (big-endian; each leading zero character is one zero
/// byte, as in Bitcoin Core's `DecodeBase58`), returning the number of bytes.
///
/// This is on the scanner's hot path, so instead of one multiply per character and output
/// byte it works in 32-bit limbs and takes five characters at a time (58^5 < 2^32): about
/// ten times fewer multiplications than the textbook loop, and no allocation.
pub(crate) fn decode58(
    s: &[u8],
    digits: &Digits,
    out: &mut [u8],
    family: Family,
) -> Result<usize, ParseError> {
    const LIMBS: usize = 12; // 384 bits: more than 64 base58 characters never reach here.
    if s.len() > 64 {
        return Err(ParseError::BadLength(family));
    }
    let zeros = s.iter().take_while(|&&c| c == digits.zero).count();
    let mut limbs = [0u32; LIMBS]; // little-endian
    let mut used = 0usize;
    for chunk in s[zeros..].chunks(5) {
        let (mut value, mut scale) = (0u64, 1u64);
        for &c in chunk {
            let d = *digits
                .table
                .get(usize::from(c))
                .ok_or(ParseError::BadCharacter(family))?;
            if d == 0xff {
                return Err(ParseError::BadCharacter(family));
            }
            value = value * 58 + u64::from(d);
            scale *= 58;
        }
        let mut carry = value;
        for limb in &mut limbs[..used] {
            let x = u64::from(*limb) * scale + carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry != 0 {
            if used == LIMBS {
                return Err(ParseError::BadLength(family));
            }
            limbs[used] = carry as u32;
            used += 1;
        }
    }
    // Big-endian bytes of the value, without leading zero bytes.
    let mut value = [0u8; 4 * LIMBS];
    for (i, limb) in limbs[..used].iter().enumerate() {
        value[4 * LIMBS - 4 * (i + 1)..4 * LIMBS - 4 * i].copy_from_slice(&limb.to_be_bytes());
    }
    let value = &value[4 * LIMBS - 4 * used..];
    let value = &value[value.iter().take_while(|&&b| b == 0).count()..];
    let n = zeros + value.len();
    if n > out.len() {
        return Err(ParseError::BadLength(family));
    }
    out[..zeros].fill(0);
    out[zeros..n].copy_from_slice(value);
    Ok(n)
}

/// Decodes base58 `s` onto `buf` and verifies the trailing 4-byte double-SHA-256
/// checksum. Returns the length of the data before the checksum.
pub(crate) fn decode_check(
    s: &str,
    digits: &Digits,
    buf: &mut [u8],
    family: Family,
) -> Result<usize, ParseError> {
    let n = decode58(s.as_bytes(), digits, buf, family)?;
    if n < 5 {
        return Err(ParseError::BadLength(family));
    }
    let (data, check) = buf[..n].split_at(n - 4);
    if checksum4(data) != *check {
        return Err(ParseError::BadChecksum(family));
    }
    Ok(n - 4)
}

/// Encodes `data || checksum4(data)` in `alphabet`. `data` is at most 60 bytes here.
pub(crate) fn encode_check(data: &[u8], alphabet: &bs58::Alphabet) -> Option<String> {
    let mut buf = [0u8; 64];
    let n = data.len();
    if n + 4 > buf.len() {
        return None;
    }
    buf[..n].copy_from_slice(data);
    buf[n..n + 4].copy_from_slice(&checksum4(data));
    Some(
        bs58::encode(&buf[..n + 4])
            .with_alphabet(alphabet)
            .into_string(),
    )
}

/// Parses a Bitcoin-alphabet base58check address with a known mainnet version.
pub(crate) fn parse(s: &str) -> Result<Address, ParseError> {
    const FAM: Family = Family::Base58Check;
    // 26 data bytes (2-byte version + hash160) + 4 checksum bytes; anything longer is
    // reported as a length error by the decoder.
    let mut buf = [0u8; 30];
    let n = decode_check(s, &BITCOIN, &mut buf, FAM)?;
    let data = &buf[..n];
    // The version table is prefix-free (no 1-byte version is the first byte of a 2-byte
    // one), so the version is found before the length is known.
    let row = BASE58_VERSIONS
        .iter()
        .find(|v| data.starts_with(v.version))
        .ok_or(ParseError::UnknownVersion(FAM))?;
    let hash = &data[row.version.len()..];
    if hash.len() != 20 {
        return Err(ParseError::BadLength(FAM));
    }
    Ok(Address {
        family: FAM,
        kind: row.kind,
        chains: row.chains,
        canonical: s.to_owned(),
        key: AddressKey::new(FAM, row.version, hash),
        checksummed: false,
        candidate_only: false,
    })
}

/// Re-encodes a base58check key (known version, 20-byte hash).
pub(crate) fn encode(k: &AddressKey) -> Option<String> {
    let version = k.prefix.get(1..)?;
    let row = base58_version(version)?;
    if k.payload.len() != 20 {
        return None;
    }
    let mut data = [0u8; 22];
    let vl = row.version.len();
    data[..vl].copy_from_slice(row.version);
    data[vl..vl + 20].copy_from_slice(&k.payload);
    encode_check(&data[..vl + 20], bs58::Alphabet::BITCOIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_table_is_prefix_free_and_has_right_leads() {
        for (i, a) in BASE58_VERSIONS.iter().enumerate() {
            for b in &BASE58_VERSIONS[i + 1..] {
                assert!(!a.version.starts_with(b.version) && !b.version.starts_with(a.version));
            }
            // Lowest and highest hash encode to strings starting with the documented lead.
            for fill in [0x00u8, 0xff] {
                let key = AddressKey::new(Family::Base58Check, a.version, &[fill; 20]);
                let s = encode(&key).unwrap();
                assert!(
                    a.lead.split(" or ").any(|l| s.starts_with(l)),
                    "{s} does not start with {}",
                    a.lead
                );
            }
        }
    }

    // proptest is a native-only dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The limb decoder agrees with the bs58 crate on every string, in both alphabets.
        #[test]
        fn decode58_matches_bs58(s in "[1-9A-HJ-NP-Za-km-z]{0,64}", ripple in proptest::bool::ANY) {
            let (digits, alphabet) = if ripple {
                (&RIPPLE, bs58::Alphabet::RIPPLE)
            } else {
                (&BITCOIN, bs58::Alphabet::BITCOIN)
            };
            let mut a = [0u8; 64];
            let mut b = [0u8; 64];
            let ours = decode58(s.as_bytes(), digits, &mut a, Family::Solana);
            let theirs = bs58::decode(&s).with_alphabet(alphabet).onto(&mut b);
            match (ours, theirs) {
                (Ok(n), Ok(m)) => proptest::prop_assert_eq!(&a[..n], &b[..m]),
                (o, t) => proptest::prop_assert!(false, "{:?} vs {:?}", o, t),
            }
        }
    }

    #[test]
    fn base58_char_table() {
        let alphabet = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        for c in 0..=255u8 {
            assert_eq!(is_base58_char(c), alphabet.contains(&c), "{c}");
            // `parse` relies on the Ripple alphabet having the same characters.
            let ripple = RIPPLE.table.get(usize::from(c)).is_some_and(|&d| d != 0xff);
            assert_eq!(ripple, alphabet.contains(&c), "{c}");
        }
    }

    #[test]
    fn decode58_edges() {
        let mut out = [0u8; 4];
        assert_eq!(decode58(b"", &BITCOIN, &mut out, Family::Solana), Ok(0));
        assert_eq!(decode58(b"111", &BITCOIN, &mut out, Family::Solana), Ok(3));
        assert_eq!(decode58(b"1z", &BITCOIN, &mut out, Family::Solana), Ok(2));
        assert_eq!(out[..2], [0, 57]);
        assert_eq!(
            decode58(b"11111", &BITCOIN, &mut out, Family::Solana),
            Err(ParseError::BadLength(Family::Solana))
        );
        assert_eq!(
            decode58(b"1O", &BITCOIN, &mut out, Family::Solana),
            Err(ParseError::BadCharacter(Family::Solana))
        );
        assert_eq!(
            decode58("1é".as_bytes(), &BITCOIN, &mut out, Family::Solana),
            Err(ParseError::BadCharacter(Family::Solana))
        );
    }

    #[test]
    fn genesis_address() {
        let a = parse("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa").unwrap();
        assert_eq!(a.kind, Kind::P2pkh);
        assert_eq!(
            a.key.payload,
            [
                0x62, 0xe9, 0x07, 0xb1, 0x5c, 0xbf, 0x27, 0xd5, 0x42, 0x53, 0x99, 0xeb, 0xf6, 0xf0,
                0xfb, 0x50, 0xeb, 0xb8, 0x8f, 0x18
            ]
        );
        assert_eq!(
            parse("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"),
            Err(ParseError::BadChecksum(Family::Base58Check))
        );
    }
}
