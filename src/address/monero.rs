//! Monero addresses: standard, integrated and subaddress (mainnet).
//!
//! Spec: the Monero source, `src/common/base58.cpp` (`encode_addr`/`decode_addr`) and
//! `src/cryptonote_config.h` (network tags):
//! - data = varint(tag) || public spend key (32) || public view key (32)
//!   [|| payment id (8), integrated only] || checksum (4), where the checksum is the first
//!   four bytes of Keccak-256 (original Keccak, `sha3::Keccak256`) of everything before it;
//! - "block base58": the data is cut into 8-byte blocks, each written as exactly 11
//!   Bitcoin-alphabet characters (left-padded with `1`), and a final partial block of
//!   n bytes as `encoded_block_sizes[n]` = [0, 2, 3, 5, 6, 7, 9, 10, 11][n] characters.
//!   A block whose value does not fit its byte size is invalid.
//! - mainnet tags: 18 standard (`4...`, 95 chars), 19 integrated (`4...`, 106 chars),
//!   42 subaddress (`8...`, 95 chars).
//!
//! Key: `(Family::Monero, varint tag bytes, spend || view [|| payment id])`; canonical form:
//! the input (block base58 is one-to-one, so it re-encodes to itself).
//!
//! Deviations from spec: testnet (53/54/63) and stagenet (24/25/36) tags are reported as
//! [`ParseError::UnknownVersion`]; a non-minimal varint tag is rejected (as Monero's
//! `tools::read_varint` does).
use sha3::{Digest, Keccak256};

use super::{Address, AddressKey, Chain, ChainSet, Family, Kind, ParseError};

const FAM: Family = Family::Monero;
const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const ENCODED_BLOCK_SIZES: [usize; 9] = [0, 2, 3, 5, 6, 7, 9, 10, 11];
const FULL_BLOCK: usize = 8;
const FULL_ENCODED_BLOCK: usize = 11;
/// Longest data we decode: 1-byte tag + 72 bytes + 4 checksum bytes, with room to spare
/// for a longer varint.
const MAX_DATA: usize = 96;

const TAG_STANDARD: u64 = 18;
const TAG_INTEGRATED: u64 = 19;
const TAG_SUBADDRESS: u64 = 42;

const fn decode_table() -> [u8; 128] {
    let mut t = [0xffu8; 128];
    let mut i = 0;
    while i < 58 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
}
const DECODE: [u8; 128] = decode_table();

/// Decodes one block of `chars` into `out` (`out.len()` bytes, big-endian).
fn decode_block(chars: &[u8], out: &mut [u8]) -> Result<(), ParseError> {
    let mut v: u128 = 0;
    for &c in chars {
        let d = *DECODE
            .get(c as usize)
            .ok_or(ParseError::BadCharacter(FAM))?;
        if d == 0xff {
            return Err(ParseError::BadCharacter(FAM));
        }
        // 11 digits < 58^11 < 2^65: no u128 overflow.
        v = v * 58 + u128::from(d);
    }
    if v >> (8 * out.len()) != 0 {
        return Err(ParseError::BadLength(FAM));
    }
    for (i, b) in out.iter_mut().rev().enumerate() {
        *b = (v >> (8 * i)) as u8;
    }
    Ok(())
}

/// Block-base58 decodes `s` into `out`, returning the number of bytes.
fn decode(s: &[u8], out: &mut [u8]) -> Result<usize, ParseError> {
    let full = s.len() / FULL_ENCODED_BLOCK;
    let rem = s.len() % FULL_ENCODED_BLOCK;
    let rem_bytes = ENCODED_BLOCK_SIZES
        .iter()
        .position(|&x| x == rem)
        .ok_or(ParseError::BadLength(FAM))?;
    let total = full * FULL_BLOCK + rem_bytes;
    if total > out.len() {
        return Err(ParseError::BadLength(FAM));
    }
    for i in 0..full {
        decode_block(
            &s[i * FULL_ENCODED_BLOCK..(i + 1) * FULL_ENCODED_BLOCK],
            &mut out[i * FULL_BLOCK..(i + 1) * FULL_BLOCK],
        )?;
    }
    if rem > 0 {
        decode_block(
            &s[full * FULL_ENCODED_BLOCK..],
            &mut out[full * FULL_BLOCK..total],
        )?;
    }
    Ok(total)
}

/// Block-base58 encodes `data`.
fn encode_blocks(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len() / FULL_BLOCK * FULL_ENCODED_BLOCK + 11);
    for block in data.chunks(FULL_BLOCK) {
        let mut v: u64 = block.iter().fold(0, |acc, &b| acc << 8 | u64::from(b));
        let width = ENCODED_BLOCK_SIZES[block.len()];
        let mut chars = [ALPHABET[0]; FULL_ENCODED_BLOCK];
        for slot in chars[..width].iter_mut().rev() {
            *slot = ALPHABET[(v % 58) as usize];
            v /= 58;
        }
        out.extend(chars[..width].iter().map(|&c| c as char));
    }
    out
}

/// Reads a minimal LEB128 varint; returns (value, bytes used).
fn read_varint(data: &[u8]) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    for (i, &b) in data.iter().enumerate().take(10) {
        v |= u64::from(b & 0x7f).checked_shl(7 * i as u32)?;
        if b & 0x80 == 0 {
            // Non-minimal: a trailing zero group after the first byte.
            if b == 0 && i > 0 {
                return None;
            }
            return Some((v, i + 1));
        }
    }
    None
}

fn write_varint(mut v: u64, out: &mut [u8; 10]) -> usize {
    let mut n = 0;
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out[n] = b;
            return n + 1;
        }
        out[n] = b | 0x80;
        n += 1;
    }
}

fn kind_of(tag: u64) -> Option<(Kind, usize)> {
    match tag {
        TAG_STANDARD => Some((Kind::MoneroStandard, 64)),
        TAG_INTEGRATED => Some((Kind::MoneroIntegrated, 72)),
        TAG_SUBADDRESS => Some((Kind::MoneroSubaddress, 64)),
        _ => None,
    }
}

/// Parses a mainnet Monero address.
pub(crate) fn parse(s: &str) -> Result<Address, ParseError> {
    let mut buf = [0u8; MAX_DATA];
    let n = decode(s.as_bytes(), &mut buf)?;
    if n < 5 {
        return Err(ParseError::BadLength(FAM));
    }
    let (data, check) = buf[..n].split_at(n - 4);
    if Keccak256::digest(data)[..4] != *check {
        return Err(ParseError::BadChecksum(FAM));
    }
    let (tag, used) = read_varint(data).ok_or(ParseError::UnknownVersion(FAM))?;
    let (kind, len) = kind_of(tag).ok_or(ParseError::UnknownVersion(FAM))?;
    let payload = &data[used..];
    if payload.len() != len {
        return Err(ParseError::BadLength(FAM));
    }
    Ok(Address {
        family: FAM,
        kind,
        chains: ChainSet::of(&[Chain::Monero]),
        canonical: s.to_owned(),
        key: AddressKey::new(FAM, &data[..used], payload),
        checksummed: false,
        candidate_only: false,
    })
}

/// Re-encodes a Monero key.
pub(crate) fn encode(k: &AddressKey) -> Option<String> {
    let tag_bytes = k.prefix.get(1..)?;
    let (tag, used) = read_varint(tag_bytes)?;
    if used != tag_bytes.len() {
        return None;
    }
    let (_, len) = kind_of(tag)?;
    if k.payload.len() != len {
        return None;
    }
    let mut data = [0u8; MAX_DATA];
    let mut tb = [0u8; 10];
    let t = write_varint(tag, &mut tb);
    data[..t].copy_from_slice(&tb[..t]);
    data[t..t + len].copy_from_slice(&k.payload);
    let body = t + len;
    let check = Keccak256::digest(&data[..body]);
    data[body..body + 4].copy_from_slice(&check[..4]);
    Some(encode_blocks(&data[..body + 4]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_sizes() {
        // Every partial block length round-trips and has its documented width.
        for n in 1..=8usize {
            let data: Vec<u8> = (0..n as u8).map(|i| 0xff - i).collect();
            let s = encode_blocks(&data);
            assert_eq!(s.len(), ENCODED_BLOCK_SIZES[n]);
            let mut out = [0u8; 8];
            assert_eq!(decode(s.as_bytes(), &mut out).unwrap(), n);
            assert_eq!(&out[..n], &data[..]);
        }
        // 11 chars that overflow 2^64 ("zzzzzzzzzzz" = 58^11 - 1).
        let mut out = [0u8; 8];
        assert_eq!(
            decode(b"zzzzzzzzzzz", &mut out),
            Err(ParseError::BadLength(FAM))
        );
        // A 4-character final block is not a valid size.
        assert_eq!(decode(b"1111", &mut out), Err(ParseError::BadLength(FAM)));
    }

    #[test]
    fn varints() {
        assert_eq!(read_varint(&[18]), Some((18, 1)));
        assert_eq!(read_varint(&[0x92, 0x00]), None);
        assert_eq!(read_varint(&[0x80, 0x01]), Some((128, 2)));
        let mut b = [0u8; 10];
        assert_eq!(write_varint(300, &mut b), 2);
        assert_eq!(read_varint(&b[..2]), Some((300, 2)));
    }
}
