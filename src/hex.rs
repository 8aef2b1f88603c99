//! Hex digits, written once: the value of one digit, hex text to bytes, bytes to lowercase
//! hex. Addresses, calldata, signed transactions, PSBTs and key files all use these.
//!
//! Digits are ASCII `0-9`, `a-f`, `A-F` only; anything else (including non-ASCII) is not a
//! digit. Decoding never allocates more than the output.

/// The lowercase digits, by value.
const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// The value of the hex digit `c`, either case; None for anything else. `const` so that
/// compile-time key parsing can use it too.
#[inline]
pub const fn val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// What follows a leading `0x` or `0X`; None when `s` has no such prefix.
pub fn strip_0x(s: &str) -> Option<&str> {
    s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))
}

/// Decodes a hex string with or without `0x` (odd length or bad digits -> None).
pub fn decode(s: &str) -> Option<Vec<u8>> {
    let b = strip_0x(s).unwrap_or(s).as_bytes();
    if b.len() % 2 != 0 {
        return None;
    }
    b.chunks_exact(2).map(|p| pair(p[0], p[1])).collect()
}

/// Decodes exactly `2 * N` hex digits, no prefix, into `N` bytes.
pub fn decode_array<const N: usize>(digits: &str) -> Option<[u8; N]> {
    let b = digits.as_bytes();
    if b.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (o, p) in out.iter_mut().zip(b.chunks_exact(2)) {
        *o = pair(p[0], p[1])?;
    }
    Some(out)
}

#[inline]
fn pair(hi: u8, lo: u8) -> Option<u8> {
    Some(val(hi)? << 4 | val(lo)?)
}

/// Lowercase hex of `bytes`, no prefix.
pub fn encode(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_values() {
        for c in 0..=255u8 {
            let want = (c as char).to_digit(16).map(|d| d as u8);
            assert_eq!(val(c), want, "{c}");
        }
    }

    #[test]
    fn roundtrip() {
        assert_eq!(decode("0x00ff10").unwrap(), vec![0, 255, 16]);
        assert_eq!(decode("0X00FF10").unwrap(), vec![0, 255, 16]);
        assert_eq!(decode("00ff10").unwrap(), vec![0, 255, 16]);
        assert_eq!(decode("0x").unwrap(), Vec::<u8>::new());
        assert_eq!(encode(&[0, 255, 16]), "00ff10");
        assert!(decode("0x0").is_none());
        assert!(decode("zz").is_none());
        assert!(decode("0x0x00").is_none());
        assert!(decode("é0").is_none());
        assert_eq!(decode_array::<2>("aBcd"), Some([0xab, 0xcd]));
        assert_eq!(decode_array::<2>("0xab"), None);
        assert_eq!(decode_array::<2>("abc"), None);
        assert_eq!(decode_array::<2>("abcdef"), None);
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)).unwrap(), all);
    }
}
