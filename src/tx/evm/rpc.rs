//! EIP-1193 / JSON-RPC parameters as dApps send them: the params array or object, quantities
//! (`"0x1a"`, and the decimal strings and numbers some dApps send instead) and addresses.
//! Every EVM module reads its values through these, so "what is a number" and "what is an
//! address" are decided once.

use crate::address::evm::parse_unchecked;
use crate::hex;
use crate::tx::units::parse_decimal;
use serde_json::{Map, Value};

/// The first object in `params` (`[{...}, ...]`), or `params` itself when it is an object.
pub(super) fn first_object(params: &Value) -> Option<&Map<String, Value>> {
    match params {
        Value::Array(a) => a.first()?.as_object(),
        Value::Object(o) => Some(o),
        _ => None,
    }
}

/// A JSON-RPC quantity ("0x1a", also decimal strings and numbers some dApps send) as
/// big-endian bytes; None when unreadable.
pub(super) fn quantity(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::String(s) => {
            let s = s.trim();
            if let Some(h) = hex::strip_0x(s) {
                if h.is_empty() {
                    return Some(vec![0]);
                }
                if h.len() > 64 {
                    return None;
                }
                let padded = if h.len() % 2 == 1 {
                    format!("0{h}")
                } else {
                    h.to_string()
                };
                hex::decode(&padded)
            } else {
                parse_decimal(s)
            }
        }
        Value::Number(n) => n.as_u64().map(|n| n.to_be_bytes().to_vec()),
        Value::Null => Some(vec![0]),
        _ => None,
    }
}

/// A quantity that fits 64 bits (chain ids); None otherwise.
pub(super) fn quantity_u64(v: &Value) -> Option<u64> {
    let b = quantity(v)?;
    let lead = b.iter().take_while(|x| **x == 0).count();
    let b = &b[lead..];
    if b.len() > 8 {
        return None;
    }
    let mut w = [0u8; 8];
    w[8 - b.len()..].copy_from_slice(b);
    Some(u64::from_be_bytes(w))
}

/// A 20-byte address in `0x` + 40 hex, any case, surrounding spaces ignored (EIP-55 is
/// the wallet's business).
pub(super) fn address(s: &str) -> Option<[u8; 20]> {
    parse_unchecked(s.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quantities() {
        assert_eq!(quantity(&json!("0x1")), Some(vec![1]));
        assert_eq!(quantity(&json!("0x")), Some(vec![0]));
        assert_eq!(quantity(&json!("0x0100")), Some(vec![1, 0]));
        assert_eq!(quantity(&json!(5)), Some(5u64.to_be_bytes().to_vec()));
        assert!(quantity(&json!("0xzz")).is_none());
        assert!(quantity(&json!([1])).is_none());
        assert_eq!(quantity_u64(&json!("0x89")), Some(137));
    }

    #[test]
    fn addresses_any_case_no_checksum() {
        let a = address(" 0xFB6916095ca1df60bb79ce92ce3ea74c37c5d359 ").unwrap();
        assert_eq!(a[0], 0xfb);
        assert!(address("0Xfb6916095ca1df60bb79ce92ce3ea74c37c5d359").is_some());
        for bad in [
            "fb6916095ca1df60bb79ce92ce3ea74c37c5d359",
            "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d35",
            "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d3590",
            "0x0xb6916095ca1df60bb79ce92ce3ea74c37c5d35",
            "0xgb6916095ca1df60bb79ce92ce3ea74c37c5d359",
        ] {
            assert!(address(bad).is_none(), "{bad}");
        }
    }
}
