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
use crate::tx::text::{say, Param, Text};
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
    let h = Header::decode(buf).map_err(|e| malformed(say!(RawBadRlp, rlp_reason(e))))?;
    if h.payload_length > buf.len() {
        return Err(malformed(Text::RawTruncated));
    }
    let (payload, rest) = buf.split_at(h.payload_length);
    *buf = rest;
    Ok(Item {
        list: h.list,
        payload,
    })
}

/// alloy_rlp's reason for a bad header, as a phrase whose English is alloy_rlp's own words.
fn rlp_reason(e: alloy_rlp::Error) -> Param {
    use alloy_rlp::Error as E;
    let text = match e {
        E::Overflow => Text::RlpOverflow,
        E::LeadingZero => Text::RlpLeadingZero,
        E::InputTooShort => Text::RlpInputTooShort,
        E::NonCanonicalSingleByte => Text::RlpSingleByte,
        E::NonCanonicalSize => Text::RlpSize,
        E::Custom("Input too big") => Text::RlpTooBig,
        // Not from Header::decode (alloy-rlp 0.3): its English as data.
        other => return other.to_string().into(),
    };
    Param::Phrase(text.into())
}

/// The items of one RLP list payload.
fn items(mut payload: &[u8], max: usize) -> Result<Vec<Item<'_>>, TxError> {
    let mut out = Vec::new();
    while !payload.is_empty() {
        if out.len() >= max {
            return Err(malformed(Text::RawTooManyFields));
        }
        out.push(item(&mut payload)?);
    }
    Ok(out)
}

/// Field `i`, a string; `missing` says it is not there.
fn bytes<'a>(f: &[Item<'a>], i: usize, missing: Text) -> Result<&'a [u8], TxError> {
    match f.get(i) {
        Some(Item {
            list: false,
            payload,
        }) => Ok(payload),
        _ => Err(malformed(missing)),
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

/// An address field (empty: none); `bad` says it is not an address.
fn address(b: &[u8], bad: Text) -> Result<Value, TxError> {
    match b.len() {
        0 => Ok(Value::Null),
        20 => Ok(Value::String(format!("0x{}", hex::encode(b)))),
        _ => Err(malformed(bad)),
    }
}

/// The signed transaction in `text` (hex), as the JSON transaction object `eth_sendTransaction`
/// takes: `to`, `value`, `data`, `chainId`, `authorizationList` (addresses only).
pub(super) fn decode(text: &str) -> Result<Map<String, Value>, TxError> {
    let raw = hex::decode(text.trim()).ok_or_else(|| malformed(Text::RawNotHex))?;
    let (&first, rest) = raw.split_first().ok_or_else(|| malformed(Text::RawEmpty))?;
    let mut tx = Map::new();
    if first >= 0xc0 {
        let mut buf = raw.as_slice();
        let outer = item(&mut buf)?;
        if !buf.is_empty() || !outer.list {
            return Err(malformed(Text::RawTrailing));
        }
        let f = items(outer.payload, 9)?;
        tx.insert(
            "to".into(),
            address(
                bytes(&f, 3, Text::RawNoRecipient)?,
                Text::RawRecipientNotAddress,
            )?,
        );
        tx.insert(
            "value".into(),
            Value::String(qty(bytes(&f, 4, Text::RawNoValue)?)),
        );
        tx.insert(
            "data".into(),
            Value::String(format!("0x{}", hex::encode(bytes(&f, 5, Text::RawNoData)?))),
        );
        if let Some(v) = small(bytes(&f, 6, Text::RawNoSignature)?) {
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
        t => return Err(malformed(say!(RawUnknownType, format!("{t:#04x}")))),
    };
    let mut buf = rest;
    let outer = item(&mut buf)?;
    if !buf.is_empty() || !outer.list {
        return Err(malformed(Text::RawTrailing));
    }
    let mut f = items(outer.payload, 16)?;
    if first == 0x03 && f.first().is_some_and(|i| i.list) {
        // The network form wraps the transaction with its blobs.
        f = items(f[0].payload, 16)?;
    }
    if let Some(c) = small(bytes(&f, 0, Text::RawNoChainId)?) {
        tx.insert("chainId".into(), Value::String(format!("{c:#x}")));
    }
    tx.insert(
        "to".into(),
        address(
            bytes(&f, to_at, Text::RawNoRecipient)?,
            Text::RawRecipientNotAddress,
        )?,
    );
    tx.insert(
        "value".into(),
        Value::String(qty(bytes(&f, to_at + 1, Text::RawNoValue)?)),
    );
    tx.insert(
        "data".into(),
        Value::String(format!(
            "0x{}",
            hex::encode(bytes(&f, to_at + 2, Text::RawNoData)?)
        )),
    );
    if let Some(at) = auth_at {
        let list = match f.get(at) {
            Some(Item {
                list: true,
                payload,
            }) => items(payload, MAX_AUTHORIZATIONS)?,
            _ => return Err(malformed(Text::RawNoAuthList)),
        };
        let mut auths = Vec::new();
        for a in &list {
            if !a.list {
                return Err(malformed(Text::RawAuthNotList));
            }
            let fields = items(a.payload, 6)?;
            let mut o = Map::new();
            o.insert(
                "address".into(),
                address(
                    bytes(&fields, 1, Text::RawNoDelegate)?,
                    Text::RawDelegateNotAddress,
                )?,
            );
            auths.push(Value::Object(o));
        }
        tx.insert("authorizationList".into(), Value::Array(auths));
    }
    Ok(tx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_rlp::Error as E;

    /// The English of each reason is alloy_rlp's, word for word (the CLI's text is unchanged).
    #[test]
    fn rlp_reasons_keep_alloys_words() {
        for e in [
            E::Overflow,
            E::LeadingZero,
            E::InputTooShort,
            E::NonCanonicalSingleByte,
            E::NonCanonicalSize,
            E::Custom("Input too big"),
        ] {
            let p = rlp_reason(e);
            assert!(matches!(p, Param::Phrase(_)), "{e:?} has no code");
            assert_eq!(p.to_string(), e.to_string());
        }
        assert_eq!(rlp_reason(E::UnexpectedList).to_string(), "unexpected list");
    }
}
