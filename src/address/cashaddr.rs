//! Bitcoin Cash cashaddr addresses.
//!
//! Spec: "Address format for Bitcoin Cash" v1.1 (bitcoincashorg/bitcoincash.org,
//! `spec/cashaddr.md`): `prefix:payload`, the payload in the bech32 character set, holding
//! a version byte (bit 7 reserved zero, bits 3..=6 type, bits 0..=2 hash size: 160, 192,
//! 224, 256, 320, 384, 448 or 512 bits), the hash, zero padding of at most 4 bits, and a
//! 40-bit BCH checksum computed by `PolyMod` over the low 5 bits of each prefix character,
//! a zero for the separator, and the payload. The prefix may be left out when shown to
//! users; the checksum always covers it. One case only (all lower or all upper).
//!
//! Accepted: prefix `bitcoincash` (given or implied), type 0 (P2PKH, `q...`) and type 1
//! (P2SH, `p...`), every hash size. Key: `(Family::CashAddr, b"bitcoincash" + [version
//! byte], hash)`; canonical form: `bitcoincash:` + lowercase payload.
//!
//! Deviations from spec: testnet and regtest prefixes (`bchtest`, `bchreg`) and other types
//! are recognised but reported as [`ParseError::UnknownVersion`]; a cashaddr and the legacy
//! base58 `1...`/`3...` form of the same hash have different keys (different families).
use super::bech32::{CHARSET, REV};
use super::{Address, AddressKey, Chain, ChainSet, Family, Kind, ParseError};

const FAM: Family = Family::CashAddr;
/// The mainnet prefix.
pub(crate) const PREFIX: &str = "bitcoincash";
const CHECKSUM_LEN: usize = 8;
/// Largest payload: version byte + 64-byte hash.
const MAX_BYTES: usize = 65;
/// Hash bytes for each value of the size bits.
const HASH_SIZES: [usize; 8] = [20, 24, 28, 32, 40, 48, 56, 64];

fn polymod_step(c: u64, d: u8) -> u64 {
    let c0 = (c >> 35) as u8;
    let mut c = ((c & 0x07_ffff_ffff) << 5) ^ u64::from(d);
    if c0 & 0x01 != 0 {
        c ^= 0x98_f2bc_8e61;
    }
    if c0 & 0x02 != 0 {
        c ^= 0x79_b76d_99e2;
    }
    if c0 & 0x04 != 0 {
        c ^= 0xf3_3e5f_b3c4;
    }
    if c0 & 0x08 != 0 {
        c ^= 0xae_2eab_e2a8;
    }
    if c0 & 0x10 != 0 {
        c ^= 0x1e_4f43_e470;
    }
    c
}

/// PolyMod state after the prefix and the separator's zero.
fn prefix_state(prefix: &[u8]) -> u64 {
    let c = prefix.iter().fold(1u64, |c, &p| polymod_step(c, p & 0x1f));
    polymod_step(c, 0)
}

/// True if the lengths a prefix-less cashaddr payload can have (type 0/1, any size).
pub(crate) fn is_payload_len(n: usize) -> bool {
    HASH_SIZES
        .iter()
        .any(|h| (8 * (h + 1)).div_ceil(5) + CHECKSUM_LEN == n)
}

/// Checks a cashaddr string whose prefix is given or implied (`default_prefix`) and
/// unpacks its payload (version byte first) into `out`. Returns the prefix as written (or
/// the default) and the number of payload bytes. Works for any prefix and type.
pub(crate) fn decode_raw<'a>(
    s: &'a str,
    default_prefix: &'a str,
    out: &mut [u8],
) -> Result<(&'a str, usize), ParseError> {
    let (prefix, payload) = match s.rfind(':') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (default_prefix, s),
    };
    let (mut lower, mut upper) = (false, false);
    for &c in s.as_bytes() {
        lower |= c.is_ascii_lowercase();
        upper |= c.is_ascii_uppercase();
    }
    if lower && upper {
        return Err(ParseError::MixedCase);
    }
    if prefix.is_empty() || !prefix.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ParseError::UnknownFormat);
    }
    let p = payload.as_bytes();
    if p.len() < CHECKSUM_LEN {
        return Err(ParseError::BadLength(FAM));
    }
    let mut c = prefix_state(prefix.as_bytes());
    for &ch in p {
        let d = *REV.get(ch as usize).ok_or(ParseError::BadCharacter(FAM))?;
        if d == 0xff {
            return Err(ParseError::BadCharacter(FAM));
        }
        c = polymod_step(c, d);
    }
    if c != 1 {
        return Err(ParseError::BadChecksum(FAM));
    }
    if p.len() == CHECKSUM_LEN {
        return Err(ParseError::BadLength(FAM));
    }
    // 5-bit groups -> bytes; at most 4 padding bits, all zero.
    let data = &p[..p.len() - CHECKSUM_LEN];
    let (mut acc, mut bits, mut n) = (0u32, 0u32, 0usize);
    for &ch in data {
        acc = (acc << 5 | u32::from(REV[ch as usize])) & 0xfff;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            *out.get_mut(n).ok_or(ParseError::BadLength(FAM))? = (acc >> bits) as u8;
            n += 1;
        }
    }
    if bits > 4 || acc & ((1 << bits) - 1) != 0 {
        return Err(ParseError::BadLength(FAM));
    }
    Ok((prefix, n))
}

/// Encodes `bytes` (version byte first) under `prefix`, lowercase, with the prefix.
pub(crate) fn encode_raw(prefix: &str, bytes: &[u8]) -> String {
    let mut out = String::with_capacity(prefix.len() + 1 + (bytes.len() * 8).div_ceil(5) + 8);
    out.push_str(prefix);
    out.push(':');
    let mut c = prefix_state(prefix.as_bytes());
    let (mut acc, mut bits) = (0u32, 0u32);
    let push = |d: u8, c: &mut u64, out: &mut String| {
        *c = polymod_step(*c, d);
        out.push(CHARSET[d as usize] as char);
    };
    for &b in bytes {
        acc = (acc << 8 | u32::from(b)) & 0xfff;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            push(((acc >> bits) & 0x1f) as u8, &mut c, &mut out);
        }
    }
    if bits > 0 {
        push(((acc << (5 - bits)) & 0x1f) as u8, &mut c, &mut out);
    }
    for _ in 0..CHECKSUM_LEN {
        c = polymod_step(c, 0);
    }
    let check = c ^ 1;
    for i in (0..CHECKSUM_LEN).rev() {
        out.push(CHARSET[((check >> (5 * i)) & 0x1f) as usize] as char);
    }
    out
}

/// What a version byte means for the accepted types: kind and hash length.
fn version_info(v: u8) -> Option<(Kind, usize)> {
    let kind = match v >> 3 {
        0 => Kind::CashAddrKeyhash,
        1 => Kind::CashAddrScripthash,
        _ => return None,
    };
    Some((kind, HASH_SIZES[(v & 7) as usize]))
}

/// Parses a mainnet cashaddr, with or without its `bitcoincash:` prefix.
pub(crate) fn parse(s: &str) -> Result<Address, ParseError> {
    let mut buf = [0u8; MAX_BYTES];
    let (prefix, n) = decode_raw(s, PREFIX, &mut buf)?;
    if !prefix.eq_ignore_ascii_case(PREFIX) || n == 0 {
        return Err(ParseError::UnknownVersion(FAM));
    }
    let version = buf[0];
    let (kind, hash_len) = version_info(version).ok_or(ParseError::UnknownVersion(FAM))?;
    if n - 1 != hash_len {
        return Err(ParseError::BadLength(FAM));
    }
    let payload = &s[s.rfind(':').map_or(0, |i| i + 1)..];
    let mut canonical = String::with_capacity(PREFIX.len() + 1 + payload.len());
    canonical.push_str(PREFIX);
    canonical.push(':');
    canonical.extend(payload.chars().map(|c| c.to_ascii_lowercase()));
    let mut version_bytes = [0u8; PREFIX.len() + 1];
    version_bytes[..PREFIX.len()].copy_from_slice(PREFIX.as_bytes());
    version_bytes[PREFIX.len()] = version;
    Ok(Address {
        family: FAM,
        kind,
        chains: ChainSet::of(&[Chain::BitcoinCash]),
        canonical,
        key: AddressKey::new(FAM, &version_bytes, &buf[1..n]),
        checksummed: false,
        candidate_only: false,
    })
}

/// Re-encodes a cashaddr key as `bitcoincash:...`.
pub(crate) fn encode(k: &AddressKey) -> Option<String> {
    let (&version, prefix) = k.prefix.get(1..)?.split_last()?;
    if prefix != PREFIX.as_bytes() {
        return None;
    }
    let (_, hash_len) = version_info(version)?;
    if k.payload.len() != hash_len {
        return None;
    }
    let mut bytes = [0u8; MAX_BYTES];
    bytes[0] = version;
    bytes[1..=hash_len].copy_from_slice(&k.payload);
    Some(encode_raw(PREFIX, &bytes[..=hash_len]))
}

#[cfg(test)]
mod tests {
    //! The spec's own vectors, at the raw level (every prefix and type), from the same data
    //! file the integration tests use.
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        crate::hex::decode(s).unwrap()
    }

    fn vectors() -> serde_json::Value {
        serde_json::from_str(include_str!("../../tests/vectors/address/cashaddr.json")).unwrap()
    }

    #[test]
    fn spec_checksum_only_vectors() {
        let v = vectors();
        for s in v["checksum_valid"].as_array().unwrap() {
            let s = s.as_str().unwrap();
            let mut buf = [0u8; 256];
            // Valid checksum; the payload may not unpack (that is the point of them).
            match decode_raw(s, PREFIX, &mut buf) {
                Ok(_) | Err(ParseError::BadLength(_)) => {}
                Err(e) => panic!("{s}: {e:?}"),
            }
            // The same string with its last character changed fails the checksum.
            let last = s.as_bytes()[s.len() - 1];
            let other = if last == b'q' { 'p' } else { 'q' };
            let broken = format!("{}{}", &s[..s.len() - 1], other);
            assert_eq!(
                decode_raw(&broken, PREFIX, &mut buf),
                Err(ParseError::BadChecksum(FAM)),
                "{broken}"
            );
        }
    }

    #[test]
    fn spec_payload_vectors_raw() {
        let v = vectors();
        let mut count = 0;
        for case in v["raw"].as_array().unwrap() {
            let addr = case["cashaddr"].as_str().unwrap();
            let ty = case["type"].as_u64().unwrap() as u8;
            let data = unhex(case["data"].as_str().unwrap());
            let (prefix, _) = addr.split_once(':').unwrap();
            let mut buf = [0u8; 256];
            let (p, n) = decode_raw(addr, PREFIX, &mut buf).unwrap();
            assert_eq!(p, prefix);
            assert_eq!(buf[0] >> 3, ty, "{addr}");
            assert_eq!(&buf[1..n], &data[..], "{addr}");
            assert_eq!(encode_raw(prefix, &buf[..n]), addr);
            // The upper-case form is the same address; a mixed-case one is not.
            let mut buf2 = [0u8; 256];
            assert!(decode_raw(&addr.to_ascii_uppercase(), PREFIX, &mut buf2).is_ok());
            let mixed = format!("{}{}", &addr[..1].to_ascii_uppercase(), &addr[1..]);
            assert_eq!(
                decode_raw(&mixed, PREFIX, &mut buf2),
                Err(ParseError::MixedCase)
            );
            count += 1;
        }
        assert!(count >= 24, "only {count} raw vectors");
    }

    #[test]
    fn payload_lengths() {
        assert!(is_payload_len(42));
        assert!(is_payload_len(112));
        assert!(!is_payload_len(43));
    }
}
