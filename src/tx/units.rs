//! Amounts: big-endian unsigned integers (up to 256 bits) to decimal text, with decimals.

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
