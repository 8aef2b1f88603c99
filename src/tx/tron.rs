//! Tron (TronLink's injected `tronWeb`): `trx.sign(transaction)`, `trx.multiSign`, and
//! `trx.sendTransaction(to, amount)` / `trx.sendTrx` / `trx.sendToken(to, amount, token)`.
//!
//! A transaction object is `{txID, raw_data, raw_data_hex, visible}`. What is signed is
//! `sha256(raw_data_hex)`, so when `raw_data_hex` is present we decode it (protobuf
//! `Transaction.raw`, <https://github.com/tronprotocol/protocol/blob/master/core/Tron.proto>)
//! and ignore the JSON, which a hostile page could make disagree with it; only without it
//! do we read `raw_data.contract` JSON (hex `41...` or base58 addresses).
//!
//! Contracts read: `TransferContract` (TRX to `to_address`), `TransferAssetContract`
//! (TRC-10 to `to_address`), `TriggerSmartContract` (the contract, plus TRC-20 calldata
//! decoded like EVM calldata, with Tron addresses). Others get a note.

use super::evm::calldata::{self, Ctx};
use super::text::{say, Text};
use super::units::format_units;
use super::{malformed, Extraction, Role, Target, TxError};
use crate::address::tron as tron_address;
use crate::hex;
use serde_json::Value;

pub const MAX_CONTRACTS: usize = 16;

/// A Tron address in `T...` base58check or `41` + 40 hex form (also `0x` + 40 hex, as some
/// TRC-20 tooling writes it).
pub(crate) fn parse_tron(s: &str) -> Option<[u8; 20]> {
    let s = s.trim();
    match s.strip_prefix("0x") {
        Some(digits) => hex::decode_array(digits),
        None => tron_address::parse_id(s),
    }
}

fn addr_bytes(b: &[u8]) -> Option<[u8; 20]> {
    match b.len() {
        21 if b[0] == 0x41 => b[1..].try_into().ok(),
        20 => b.try_into().ok(),
        _ => None,
    }
}

fn tron_token(addr: &str) -> Option<(&'static str, u32)> {
    Some(match addr {
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t" => ("USDT", 6),
        "TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8" => ("USDC", 6),
        _ => return None,
    })
}

const CTX: Ctx = Ctx {
    fmt: tron_address::to_canonical,
    token: tron_token,
};

fn trx(sun: u64) -> String {
    format_units(&sun.to_be_bytes(), 6)
}

pub fn extract(method: &str, params: &Value) -> Result<Extraction, TxError> {
    let mut out = Extraction::default();
    let p = params.as_array().map(Vec::as_slice).unwrap_or(&[]);
    match method {
        "sign" | "multiSign" | "signTransaction" => {
            let tx = p
                .first()
                .or(Some(params).filter(|v| v.is_object()))
                .ok_or_else(|| malformed(Text::TronNoTx))?;
            if tx.is_string() {
                // trx.sign(message): a plain message, no transfer.
                return Ok(out);
            }
            transaction(tx, &mut out)?;
        }
        "sendTransaction" | "sendTrx" | "sendToken" => {
            let to = p
                .first()
                .and_then(Value::as_str)
                .and_then(parse_tron)
                .ok_or_else(|| malformed(Text::TronRecipient))?;
            let amount = p.get(1).and_then(|v| match v {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.parse().ok(),
                _ => None,
            });
            let (action, asset, amt) = if method == "sendToken" {
                let token = p
                    .get(2)
                    .map(|t| match t {
                        Value::String(s) => s.chars().take(32).collect(),
                        other => other.to_string(),
                    })
                    .unwrap_or_else(|| "?".into());
                let a = amount.map(|a| a.to_string());
                let action = match &a {
                    Some(a) => say!(SendTrc10, a.as_str(), token.as_str()),
                    None => say!(SendSomeTrc10, token.as_str()),
                };
                (action, format!("TRC-10 {token}"), a)
            } else {
                let a = amount.map(trx);
                let action = match &a {
                    Some(a) => say!(Send, a.as_str(), "TRX"),
                    None => say!(SendSome, "TRX"),
                };
                (action, "TRX".to_string(), a)
            };
            out.push(Target::new(
                tron_address::to_canonical(&to),
                Role::Recipient,
                action,
                Some(asset),
                amt,
            ));
        }
        "signMessageV2" => {}
        other => out.note(say!(
            NoteNotRead,
            other.chars().take(48).collect::<String>()
        )),
    }
    Ok(out)
}

/// One contract, however it was read.
struct Contract {
    kind: ContractKind,
    to: Option<[u8; 20]>,
    amount: u64,
    data: Vec<u8>,
    asset: String,
}

#[derive(PartialEq)]
enum ContractKind {
    Transfer,
    TransferAsset,
    Trigger,
    Other(String),
}

fn transaction(tx: &Value, out: &mut Extraction) -> Result<(), TxError> {
    let contracts = if let Some(raw_hex) = tx.get("raw_data_hex").and_then(Value::as_str) {
        let raw = hex::decode(raw_hex).ok_or_else(|| malformed(Text::TronRawNotHex))?;
        contracts_from_proto(&raw).ok_or_else(|| malformed(Text::TronRawNotTx))?
    } else {
        contracts_from_json(tx)?
    };
    if contracts.is_empty() {
        return Err(malformed(Text::TronNoContract));
    }
    for c in contracts {
        match c.kind {
            ContractKind::Transfer | ContractKind::TransferAsset => {
                let to =
                    c.to.ok_or_else(|| malformed(Text::TronTransferNoRecipient))?;
                let (action, asset, amt) = if c.kind == ContractKind::Transfer {
                    let a = trx(c.amount);
                    (say!(Send, a.as_str(), "TRX"), "TRX".to_string(), a)
                } else {
                    let a = c.amount.to_string();
                    (
                        say!(SendTrc10, a.as_str(), c.asset.as_str()),
                        format!("TRC-10 {}", c.asset),
                        a,
                    )
                };
                out.push(Target::new(
                    tron_address::to_canonical(&to),
                    Role::Recipient,
                    action,
                    Some(asset),
                    Some(amt),
                ));
            }
            ContractKind::Trigger => {
                let contract = c.to.ok_or_else(|| malformed(Text::TronCallNoContract))?;
                let cs = tron_address::to_canonical(&contract);
                let has_value = c.amount > 0;
                let (role, action) = if has_value {
                    (Role::Recipient, say!(SendAndCall, trx(c.amount), "TRX"))
                } else {
                    (Role::Contract, say!(CallContract))
                };
                out.push(Target::new(
                    cs.clone(),
                    role,
                    action,
                    has_value.then(|| "TRX".into()),
                    has_value.then(|| trx(c.amount)),
                ));
                calldata::decode(&CTX, &cs, &c.data, 0, out)?;
            }
            ContractKind::Other(name) => out.note(say!(NoteContractNotRead, name)),
        }
    }
    Ok(())
}

fn contracts_from_json(tx: &Value) -> Result<Vec<Contract>, TxError> {
    let list = tx
        .get("raw_data")
        .and_then(|r| r.get("contract"))
        .and_then(Value::as_array)
        .ok_or_else(|| malformed(Text::TronNoRawContract))?;
    let mut v = Vec::new();
    for c in list.iter().take(MAX_CONTRACTS) {
        let kind = c.get("type").and_then(Value::as_str).unwrap_or("");
        let val = c
            .get("parameter")
            .and_then(|p| p.get("value"))
            .ok_or_else(|| malformed(Text::TronNoValue))?;
        let addr = |k: &str| -> Result<Option<[u8; 20]>, TxError> {
            match val.get(k) {
                None => Ok(None),
                Some(s) => s
                    .as_str()
                    .and_then(parse_tron)
                    .map(Some)
                    .ok_or_else(|| malformed(say!(TronNotAddress, k))),
            }
        };
        let amount = |k: &str| val.get(k).and_then(Value::as_u64).unwrap_or(0);
        v.push(match kind {
            "TransferContract" => Contract {
                kind: ContractKind::Transfer,
                to: addr("to_address")?,
                amount: amount("amount"),
                data: Vec::new(),
                asset: String::new(),
            },
            "TransferAssetContract" => Contract {
                kind: ContractKind::TransferAsset,
                to: addr("to_address")?,
                amount: amount("amount"),
                data: Vec::new(),
                asset: val
                    .get("asset_name")
                    .and_then(Value::as_str)
                    .map(asset_name)
                    .unwrap_or_default(),
            },
            "TriggerSmartContract" => Contract {
                kind: ContractKind::Trigger,
                to: addr("contract_address")?,
                amount: amount("call_value"),
                data: match val.get("data") {
                    None | Some(Value::Null) => Vec::new(),
                    Some(d) => d
                        .as_str()
                        .and_then(hex::decode)
                        .ok_or_else(|| malformed(Text::TronDataNotHex))?,
                },
                asset: String::new(),
            },
            other => Contract {
                kind: ContractKind::Other(other.chars().take(48).collect()),
                to: None,
                amount: 0,
                data: Vec::new(),
                asset: String::new(),
            },
        });
    }
    Ok(v)
}

/// TRC-10 asset names come as hex of the id's digits ("31303030303031" = "1000001").
fn asset_name(s: &str) -> String {
    hex::decode(s)
        .and_then(|b| String::from_utf8(b).ok())
        .filter(|t| t.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or_else(|| s.chars().take(32).collect())
}

/// Minimal protobuf reader: varints and length-delimited fields; everything bounds-checked.
struct Proto<'a> {
    b: &'a [u8],
    pos: usize,
}

enum Field<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

impl<'a> Proto<'a> {
    fn new(b: &'a [u8]) -> Self {
        Proto { b, pos: 0 }
    }
    fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for i in 0..10 {
            let byte = *self.b.get(self.pos)?;
            self.pos += 1;
            v |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    /// The next (field number, value); None at the end; Err on malformed input.
    fn next(&mut self) -> Result<Option<(u64, Field<'a>)>, ()> {
        if self.pos >= self.b.len() {
            return Ok(None);
        }
        let key = self.varint().ok_or(())?;
        let f = match key & 7 {
            0 => Field::Varint(self.varint().ok_or(())?),
            1 | 5 => {
                let n = if key & 7 == 1 { 8 } else { 4 };
                self.pos = self
                    .pos
                    .checked_add(n)
                    .filter(|p| *p <= self.b.len())
                    .ok_or(())?;
                Field::Fixed
            }
            2 => {
                let n = usize::try_from(self.varint().ok_or(())?).map_err(|_| ())?;
                let end = self
                    .pos
                    .checked_add(n)
                    .filter(|p| *p <= self.b.len())
                    .ok_or(())?;
                let s = &self.b[self.pos..end];
                self.pos = end;
                Field::Bytes(s)
            }
            _ => return Err(()),
        };
        Ok(Some((key >> 3, f)))
    }
}

fn contracts_from_proto(raw: &[u8]) -> Option<Vec<Contract>> {
    let mut p = Proto::new(raw);
    let mut out = Vec::new();
    while let Some((num, f)) = p.next().ok()? {
        if let (11, Field::Bytes(c)) = (num, f) {
            if out.len() >= MAX_CONTRACTS {
                return None;
            }
            out.push(contract_from_proto(c)?);
        }
    }
    Some(out)
}

fn contract_from_proto(c: &[u8]) -> Option<Contract> {
    let mut p = Proto::new(c);
    let mut kind = 0u64;
    let mut value: &[u8] = &[];
    while let Some((num, f)) = p.next().ok()? {
        match (num, f) {
            (1, Field::Varint(k)) => kind = k,
            (2, Field::Bytes(any)) => {
                let mut a = Proto::new(any);
                while let Some((n, f)) = a.next().ok()? {
                    if let (2, Field::Bytes(v)) = (n, f) {
                        value = v;
                    }
                }
            }
            _ => {}
        }
    }
    // Field numbers per contract type (Tron.proto / contract/*.proto).
    let (to_field, amount_field, data_field, asset_field, k) = match kind {
        1 => (2, 3, 0, 0, ContractKind::Transfer),
        2 => (3, 4, 0, 1, ContractKind::TransferAsset),
        31 => (2, 3, 4, 0, ContractKind::Trigger),
        other => (0, 0, 0, 0, ContractKind::Other(format!("type {other}"))),
    };
    let mut ct = Contract {
        kind: k,
        to: None,
        amount: 0,
        data: Vec::new(),
        asset: String::new(),
    };
    let mut p = Proto::new(value);
    while let Some((num, f)) = p.next().ok()? {
        match f {
            Field::Bytes(b) if num == to_field => ct.to = Some(addr_bytes(b)?),
            Field::Bytes(b) if num == data_field => ct.data = b.to_vec(),
            Field::Bytes(b) if num == asset_field => {
                ct.asset = String::from_utf8_lossy(b).chars().take(32).collect()
            }
            Field::Varint(v) if num == amount_field => ct.amount = v,
            _ => {}
        }
    }
    Some(ct)
}

/// Test helpers: protobuf encoding of the few messages we read.
#[cfg(test)]
pub(crate) mod build {
    fn varint(mut v: u64, out: &mut Vec<u8>) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
    }
    fn bytes_field(n: u64, b: &[u8], out: &mut Vec<u8>) {
        varint(n << 3 | 2, out);
        varint(b.len() as u64, out);
        out.extend_from_slice(b);
    }
    fn varint_field(n: u64, v: u64, out: &mut Vec<u8>) {
        varint(n << 3, out);
        varint(v, out);
    }
    /// raw_data bytes with one contract of `kind` whose parameter value has these fields.
    pub fn raw(kind: u64, type_url: &str, fields: &[(u64, Result<u64, Vec<u8>>)]) -> Vec<u8> {
        let mut value = Vec::new();
        for (n, f) in fields {
            match f {
                Ok(v) => varint_field(*n, *v, &mut value),
                Err(b) => bytes_field(*n, b, &mut value),
            }
        }
        let mut any = Vec::new();
        bytes_field(1, type_url.as_bytes(), &mut any);
        bytes_field(2, &value, &mut any);
        let mut contract = Vec::new();
        varint_field(1, kind, &mut contract);
        bytes_field(2, &any, &mut contract);
        let mut raw = Vec::new();
        bytes_field(1, &[0xab, 0xcd], &mut raw); // ref_block_bytes
        bytes_field(4, &[1, 2, 3, 4, 5, 6, 7, 8], &mut raw); // ref_block_hash
        varint_field(8, 1_700_000_000_000, &mut raw); // expiration
        bytes_field(11, &contract, &mut raw);
        varint_field(14, 1_700_000_000_000, &mut raw); // timestamp
        raw
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_forms_agree() {
        let t = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
        let a = parse_tron(t).unwrap();
        assert_eq!(tron_address::to_canonical(&a), t);
        let hex41 = format!("41{}", hex::encode(&a));
        assert_eq!(parse_tron(&hex41), Some(a));
        // One character changed: checksum fails.
        assert!(parse_tron("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u").is_none());
        assert!(parse_tron("41zz").is_none());
    }

    #[test]
    fn truncated_proto_is_rejected() {
        let raw = build::raw(1, "x", &[(2, Err(vec![0x41; 21])), (3, Ok(5))]);
        for cut in 1..raw.len() {
            // Never panics; a cut inside a field is an error or a shorter read.
            let _ = contracts_from_proto(&raw[..cut]);
        }
        assert!(contracts_from_proto(&raw).is_some());
        assert!(contracts_from_proto(&[0x5a, 0xff, 0xff, 0xff, 0xff, 0x0f]).is_none());
    }
}
