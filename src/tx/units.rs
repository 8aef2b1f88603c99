//! Amounts: big-endian unsigned integers (up to 256 bits) to decimal text, with decimals.

use super::text::{say, Param};

/// An amount as the user reads it: "unlimited", "1.5", or "1000 (raw units)" when the
/// token's decimals are not known.
pub(crate) fn amount_words(raw: &[u8], decimals: Option<u32>) -> Param {
    if is_unlimited(raw) {
        return say!(Unlimited).into();
    }
    match decimals {
        Some(d) => format_units(raw, d).into(),
        None => say!(RawUnits, to_decimal(raw)).into(),
    }
}

/// Decimal digits of a big-endian unsigned integer of any length.
pub(crate) fn to_decimal(be: &[u8]) -> String {
    let mut n: Vec<u8> = be.iter().copied().skip_while(|b| *b == 0).collect();
    if n.is_empty() {
        return "0".to_string();
    }
    let mut digits = Vec::with_capacity(n.len() * 3);
    while !n.is_empty() {
        // Divide n by 10 in place, keeping the remainder.
        let mut rem = 0u32;
        for b in n.iter_mut() {
            let cur = (rem << 8) | u32::from(*b);
            *b = (cur / 10) as u8;
            rem = cur % 10;
        }
        digits.push(b'0' + rem as u8);
        let lead = n.iter().take_while(|b| **b == 0).count();
        n.drain(..lead);
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// A decimal string (at most 78 digits, enough for 2^256) as big-endian bytes.
pub(crate) fn parse_decimal(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if s.is_empty() || s.len() > 78 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut n = [0u8; 33];
    for d in s.bytes() {
        // n = n * 10 + d
        let mut carry = u32::from(d - b'0');
        for b in n.iter_mut().rev() {
            let cur = u32::from(*b) * 10 + carry;
            *b = (cur & 0xff) as u8;
            carry = cur >> 8;
        }
        if carry != 0 {
            return None;
        }
    }
    if n[0] != 0 {
        return None; // above 2^256 - 1
    }
    Some(n[1..].to_vec())
}

/// `value / 10^decimals` as text without trailing zeros ("1.5", "0.000001", "12").
pub(crate) fn format_units(be: &[u8], decimals: u32) -> String {
    let d = to_decimal(be);
    let decimals = decimals as usize;
    if decimals == 0 {
        return d;
    }
    let (int, frac) = if d.len() > decimals {
        (
            d[..d.len() - decimals].to_string(),
            d[d.len() - decimals..].to_string(),
        )
    } else {
        ("0".to_string(), format!("{d:0>decimals$}"))
    };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    }
}

/// True for "unlimited" approvals: 2^256-1, 2^160-1 (Permit2), and anything at or above
/// 2^255 or with at least 30 leading 0xff-ish bits, as wallets show them.
pub(crate) fn is_unlimited(be: &[u8]) -> bool {
    let n: Vec<u8> = be.iter().copied().skip_while(|b| *b == 0).collect();
    // uint256 max, uint160 max (Permit2's), uint96 max and friends: all-ones of >= 12 bytes.
    n.len() >= 12 && n.iter().all(|b| *b == 0xff) || (be.len() == 32 && be[0] & 0x80 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(to_decimal(&[]), "0");
        assert_eq!(to_decimal(&[0, 0]), "0");
        assert_eq!(to_decimal(&[1, 0]), "256");
        assert_eq!(
            to_decimal(&[0xff; 32]),
            "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        );
        // 1.5 ETH = 1500000000000000000 wei = 0x14d1120d7b160000
        let wei = 1_500_000_000_000_000_000u64.to_be_bytes();
        assert_eq!(format_units(&wei, 18), "1.5");
        assert_eq!(format_units(&1u64.to_be_bytes(), 6), "0.000001");
        assert_eq!(format_units(&12_000_000u64.to_be_bytes(), 6), "12");
        assert_eq!(format_units(&[0], 18), "0");
    }

    #[test]
    fn parses_decimals() {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
        assert_eq!(parse_decimal(max).unwrap(), vec![0xff; 32]);
        assert!(parse_decimal(
            "115792089237316195423570985008687907853269984665640564039457584007913129639936"
        )
        .is_none());
        assert_eq!(
            to_decimal(&parse_decimal("1234567890").unwrap()),
            "1234567890"
        );
        assert!(parse_decimal("12a").is_none());
        assert!(parse_decimal("").is_none());
    }

    #[test]
    fn unlimited() {
        assert!(is_unlimited(&[0xff; 32]));
        let mut p2 = [0u8; 32];
        p2[12..].fill(0xff);
        assert!(is_unlimited(&p2));
        assert!(!is_unlimited(&1_000_000u64.to_be_bytes()));
        let mut big = [0u8; 32];
        big[0] = 0x80;
        assert!(is_unlimited(&big));
    }
}
