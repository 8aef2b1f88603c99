//! `eth_sendRawTransaction` (and viem's `eth_sendRawTransactionSync`, EIP-7966): a transaction
//! the page already signed, as wallets and RPC nodes receive it. viem's wallet client with a
//! local account and embedded wallets send every transaction this way, so its recipient and
//! calldata are read here exactly as for `eth_sendTransaction`.
//!
//! Encodings (RLP: Ethereum Yellow Paper, appendix B; envelopes: EIP-2718):
//! - legacy (first byte >= 0xc0): `[nonce, gasPrice, gas, to, value, data, v, r, s]`, chain id
//!   from `v` when EIP-155 (`v = chainId * 2 + 35 + y`);
//! - 0x01 (EIP-2930): `[chainId, nonce, gasPrice, gas, to, value, data, accessList, y, r, s]`;
//! - 0x02 (EIP-1559): `[chainId, nonce, maxPriorityFee, maxFee, gas, to, value, data, accessList, ...]`;
//! - 0x03 (EIP-4844): as 0x02, or its network form `[tx, blobs, commitments, proofs]`;
//! - 0x04 (EIP-7702): as 0x02 plus `authorizationList` (each `[chainId, address, nonce, y, r, s]`).
//!
//! RLP items are read with `alloy_rlp::Header` (canonical-length checks included); the field
//! layout above is ours. Other envelope types (rollup deposits) are refused as unreadable.
use crate::hex;
use crate::tx::{malformed, TxError};
use alloy_rlp::Header;
use serde_json::{Map, Value};

/// Most EIP-7702 authorizations read from one transaction.
const MAX_AUTHORIZATIONS: usize = 64;

struct Item<'a> {
    list: bool,
    payload: &'a [u8],
}

fn item<'a>(buf: &mut &'a [u8]) -> Result<Item<'a>, TxError> {
    let h = Header::decode(buf)
        .map_err(|e| malformed(format!("bad RLP in the signed transaction ({e})")))?;
    if h.payload_length > buf.len() {
        return Err(malformed("the signed transaction is truncated"));
    }
    let (payload, rest) = buf.split_at(h.payload_length);
    *buf = rest;
    Ok(Item {
        list: h.list,
        payload,
    })
}

/// The items of one RLP list payload.
fn items(mut payload: &[u8], max: usize) -> Result<Vec<Item<'_>>, TxError> {
    let mut out = Vec::new();
    while !payload.is_empty() {
        if out.len() >= max {
            return Err(malformed("too many fields in the signed transaction"));
        }
        out.push(item(&mut payload)?);
    }
    Ok(out)
}

fn bytes<'a>(f: &[Item<'a>], i: usize, what: &str) -> Result<&'a [u8], TxError> {
    match f.get(i) {
        Some(Item {
            list: false,
            payload,
        }) => Ok(payload),
        _ => Err(malformed(format!("the signed transaction has no {what}"))),
    }
}

fn qty(b: &[u8]) -> String {
    let lead = b.iter().take_while(|x| **x == 0).count();
    let h = hex::encode(&b[lead..]);
    if h.is_empty() {
        "0x0".into()
    } else {
        format!("0x{}", h.trim_start_matches('0'))
    }
}

fn small(b: &[u8]) -> Option<u64> {
    (b.len() <= 8).then(|| b.iter().fold(0u64, |a, x| (a << 8) | u64::from(*x)))
}

fn address(b: &[u8], what: &str) -> Result<Value, TxError> {
    match b.len() {
        0 => Ok(Value::Null),
        20 => Ok(Value::String(format!("0x{}", hex::encode(b)))),
        _ => Err(malformed(format!(
            "the signed transaction's {what} is not an address"
        ))),
    }
}

/// The signed transaction in `text` (hex), as the JSON transaction object `eth_sendTransaction`
/// takes: `to`, `value`, `data`, `chainId`, `authorizationList` (addresses only).
pub(super) fn decode(text: &str) -> Result<Map<String, Value>, TxError> {
    let raw =
        hex::decode(text.trim()).ok_or_else(|| malformed("the signed transaction is not hex"))?;
    let (&first, rest) = raw
        .split_first()
        .ok_or_else(|| malformed("the signed transaction is empty"))?;
    let mut tx = Map::new();
    if first >= 0xc0 {
        let mut buf = raw.as_slice();
        let outer = item(&mut buf)?;
        if !buf.is_empty() || !outer.list {
            return Err(malformed("bytes after the signed transaction"));
        }
        let f = items(outer.payload, 9)?;
        tx.insert(
            "to".into(),
            address(bytes(&f, 3, "recipient")?, "recipient")?,
        );
        tx.insert("value".into(), Value::String(qty(bytes(&f, 4, "value")?)));
        tx.insert(
            "data".into(),
            Value::String(format!("0x{}", hex::encode(bytes(&f, 5, "data")?))),
        );
        if let Some(v) = small(bytes(&f, 6, "signature")?) {
            if v >= 35 {
                tx.insert(
                    "chainId".into(),
                    Value::String(format!("{:#x}", (v - 35) / 2)),
                );
            }
        }
        return Ok(tx);
    }
    let (to_at, auth_at) = match first {
        0x01 => (4, None),
        0x02 | 0x03 => (5, None),
        0x04 => (5, Some(9)),
        t => return Err(malformed(format!("unknown transaction type {t:#04x}"))),
    };
    let mut buf = rest;
    let outer = item(&mut buf)?;
    if !buf.is_empty() || !outer.list {
        return Err(malformed("bytes after the signed transaction"));
    }
    let mut f = items(outer.payload, 16)?;
    if first == 0x03 && f.first().is_some_and(|i| i.list) {
        // The network form wraps the transaction with its blobs.
        f = items(f[0].payload, 16)?;
    }
    if let Some(c) = small(bytes(&f, 0, "chain id")?) {
        tx.insert("chainId".into(), Value::String(format!("{c:#x}")));
    }
    tx.insert(
        "to".into(),
        address(bytes(&f, to_at, "recipient")?, "recipient")?,
    );
    tx.insert(
        "value".into(),
        Value::String(qty(bytes(&f, to_at + 1, "value")?)),
    );
    tx.insert(
        "data".into(),
        Value::String(format!("0x{}", hex::encode(bytes(&f, to_at + 2, "data")?))),
    );
    if let Some(at) = auth_at {
        let list = match f.get(at) {
            Some(Item {
                list: true,
                payload,
            }) => items(payload, MAX_AUTHORIZATIONS)?,
            _ => {
                return Err(malformed(
                    "an EIP-7702 transaction without an authorization list",
                ))
            }
        };
        let mut auths = Vec::new();
        for a in &list {
            if !a.list {
                return Err(malformed("an EIP-7702 authorization is not a list"));
            }
            let fields = items(a.payload, 6)?;
            let mut o = Map::new();
            o.insert(
                "address".into(),
                address(bytes(&fields, 1, "delegate")?, "delegate")?,
            );
            auths.push(Value::Object(o));
        }
        tx.insert("authorizationList".into(), Value::Array(auths));
    }
    Ok(tx)
}
