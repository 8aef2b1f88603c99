//! EIP-712 typed data (`eth_signTypedData_v3`/`_v4`): every `address`-typed value; and the
//! legacy v1 form (`eth_signTypedData`, a flat list of typed fields).
//! Spec: <https://eips.ethereum.org/EIPS/eip-712>.
//!
//! We walk the declared `types` from `primaryType`, following fields by their declared type
//! (never by name, as MetaMask's signature-address-extraction does): `address` values are
//! reported, struct types are entered, arrays `T[]` and `T[n]` (any number of dimensions)
//! are iterated. The domain's `verifyingContract` is reported as the contract. The field
//! name only chooses the role shown (`spender` -> spender, `to`/`recipient` -> recipient...).
//!
//! Caps: nesting [`MAX_DEPTH`], [`MAX_NODES`] values visited. Going past a cap, a
//! self-referencing type, a missing struct value or an address field without an address is
//! an error: an unread address could hide behind any of them.
//!
//! Deviations: v3 has no arrays; we accept them anyway (a superset). Unknown atomic types
//! are skipped without validation (the wallet validates them).

use super::rpc;
use crate::address::evm::to_canonical;
use crate::tx::text::{say, Phrase, Text};
use crate::tx::units::amount_words;
use crate::tx::{malformed, short, Extraction, Role, Target, TxError};
use serde_json::{Map, Value};

pub const MAX_DEPTH: usize = 16;
pub const MAX_NODES: usize = 20_000;

/// Finds the typed data among `params` (an object, or a JSON string of one) and reads it.
pub(super) fn extract_params(params: &Value, out: &mut Extraction) -> Result<(), TxError> {
    let list: Vec<&Value> = match params {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    for p in list {
        match p {
            Value::Object(o) if o.contains_key("types") => return extract_typed(o, out),
            Value::String(s) if s.trim_start().starts_with('{') => {
                let v: Value = serde_json::from_str(s).map_err(|_| malformed(Text::TdNotJson))?;
                let o = v.as_object().ok_or_else(|| malformed(Text::TdNotObject))?;
                return extract_typed(o, out);
            }
            _ => {}
        }
    }
    Err(malformed(Text::TdMissing))
}

/// Legacy `eth_signTypedData` (v1): `[[{type, name, value}], address]`. Returns false when
/// the params are not in that shape.
pub(super) fn extract_legacy(params: &Value, out: &mut Extraction) -> Result<bool, TxError> {
    let Some(fields) = params
        .as_array()
        .and_then(|p| p.iter().find_map(Value::as_array))
    else {
        return Ok(false);
    };
    for f in fields.iter().take(MAX_NODES) {
        if f.get("type").and_then(Value::as_str) == Some("address") {
            let name = f.get("name").and_then(Value::as_str).unwrap_or("");
            let v = f
                .get("value")
                .and_then(Value::as_str)
                .and_then(rpc::address)
                .ok_or_else(|| malformed(Text::TdLegacyNoAddress))?;
            let role = role_for(name);
            out.push(Target::new(
                to_canonical(&v),
                role,
                action_for(role, None),
                None,
                None,
            ));
        }
    }
    Ok(true)
}

/// The role an address field plays, from its name.
fn role_for(field: &str) -> Role {
    match field.to_ascii_lowercase().as_str() {
        "spender" | "approved" | "allowed" => Role::Spender,
        "to" | "recipient" | "receiver" | "beneficiary" | "destination" | "dst" | "payee" => {
            Role::Recipient
        }
        "operator" | "delegate" | "delegatee" | "authorized" | "manager" => Role::Operator,
        "offerer" | "maker" | "taker" | "zone" | "counterparty" | "seller" | "buyer" => {
            Role::Counterparty
        }
        "verifyingcontract" => Role::Contract,
        _ => Role::Mentioned,
    }
}

fn action_for(role: Role, what: Option<&str>) -> Phrase {
    match (role, what) {
        (Role::Spender, Some("Permit")) => say!(SignPermit2612),
        (Role::Spender, Some("PermitSingle" | "PermitBatch")) => say!(SignPermit2),
        (Role::Spender, Some(_)) | (Role::Spender, None) => say!(SignPermit),
        (Role::Recipient, _) => say!(SignSendsTo),
        (Role::Operator, _) => say!(SignDelegation),
        (Role::Counterparty, _) => say!(SignOrderWith),
        (Role::Contract, _) => say!(SignForContract),
        (Role::Mentioned, _) => say!(SignNaming),
    }
}

struct Walker<'a> {
    types: &'a Map<String, Value>,
    primary: &'a str,
    nodes: usize,
    found: Vec<(String, [u8; 20])>,
}

fn extract_typed(td: &Map<String, Value>, out: &mut Extraction) -> Result<(), TxError> {
    let types = td
        .get("types")
        .and_then(Value::as_object)
        .ok_or_else(|| malformed(Text::TdNoTypes))?;
    let primary = td
        .get("primaryType")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed(Text::TdNoPrimary))?;
    let message = td
        .get("message")
        .ok_or_else(|| malformed(Text::TdNoMessage))?;
    if !types.contains_key(primary) {
        return Err(malformed(Text::TdPrimaryUndeclared));
    }
    let mut w = Walker {
        types,
        primary,
        nodes: 0,
        found: Vec::new(),
    };
    // The domain: declared fields when EIP712Domain is given, else verifyingContract.
    let mut contract = None;
    if let Some(domain) = td.get("domain").and_then(Value::as_object) {
        if types.contains_key("EIP712Domain") {
            w.walk("EIP712Domain", &Value::Object(domain.clone()), "domain", 0)?;
        } else if let Some(vc) = domain.get("verifyingContract").and_then(Value::as_str) {
            let a = rpc::address(vc).ok_or_else(|| malformed(Text::TdContractNotAddress))?;
            w.found.push(("verifyingContract".into(), a));
        }
        contract = domain
            .get("verifyingContract")
            .and_then(Value::as_str)
            .and_then(rpc::address);
    }
    w.walk(primary, message, "", 0)?;

    // Asset and amount for the permit shapes wallets show: EIP-2612 Permit (token = the
    // verifying contract, `value`) and Permit2 PermitSingle (`details.token`, `details.amount`).
    let msg = message.as_object();
    let (asset, amount) = match primary {
        "Permit" => (
            contract.map(|c| say!(TokenAt, short(&to_canonical(&c))).to_string()),
            msg.and_then(|m| m.get("value")).and_then(amount_text),
        ),
        "PermitSingle" => {
            let d = msg.and_then(|m| m.get("details"));
            (
                d.and_then(|d| d.get("token"))
                    .and_then(Value::as_str)
                    .and_then(rpc::address)
                    .map(|t| say!(TokenAt, short(&to_canonical(&t))).to_string()),
                d.and_then(|d| d.get("amount")).and_then(amount_text),
            )
        }
        _ => (None, None),
    };
    for (field, a) in std::mem::take(&mut w.found) {
        let role = role_for(&field);
        let spender = role == Role::Spender;
        out.push(Target::new(
            to_canonical(&a),
            role,
            action_for(role, Some(primary)),
            if spender { asset.clone() } else { None },
            if spender { amount.clone() } else { None },
        ));
    }
    Ok(())
}

fn amount_text(v: &Value) -> Option<String> {
    // EIP-712 uint values come as decimal strings, hex strings or numbers.
    Some(amount_words(&rpc::quantity(v)?, None).to_string())
}

impl Walker<'_> {
    fn walk(&mut self, ty: &str, value: &Value, field: &str, depth: usize) -> Result<(), TxError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(malformed(Text::TdTooLarge));
        }
        if depth > MAX_DEPTH {
            return Err(malformed(Text::TdTooDeep));
        }
        let ty = ty.trim();
        if let Some(inner) = ty.strip_suffix(']') {
            let open = inner
                .rfind('[')
                .ok_or_else(|| malformed(Text::TdBadArrayType))?;
            let (elem_ty, dim) = (&inner[..open], &inner[open + 1..]);
            let items = value
                .as_array()
                .ok_or_else(|| malformed(Text::TdNotArray))?;
            if !dim.is_empty() {
                let n: usize = dim.parse().map_err(|_| malformed(Text::TdBadArraySize))?;
                if n != items.len() {
                    return Err(malformed(Text::TdArrayLength));
                }
            }
            for item in items {
                self.walk(elem_ty, item, field, depth + 1)?;
            }
            return Ok(());
        }
        if ty == "address" {
            let a = value
                .as_str()
                .and_then(rpc::address)
                .ok_or_else(|| malformed(Text::TdNoAddress))?;
            self.found.push((field.to_string(), a));
            return Ok(());
        }
        let Some(fields) = self.types.get(ty) else {
            // Atomic type (uint256, bytes32, string, bool...): nothing to report.
            return Ok(());
        };
        if depth > 0 && ty == self.primary && depth > MAX_DEPTH / 2 {
            return Err(malformed(Text::TdSelfReference));
        }
        let fields = fields
            .as_array()
            .ok_or_else(|| malformed(Text::TdTypeNotFields))?;
        let obj = value
            .as_object()
            .ok_or_else(|| malformed(Text::TdNotStruct))?;
        for f in fields {
            let name = f.get("name").and_then(Value::as_str).unwrap_or("");
            let fty = f
                .get("type")
                .and_then(Value::as_str)
                .ok_or_else(|| malformed(Text::TdFieldNoType))?;
            match obj.get(name) {
                Some(v) => self.walk(fty, v, name, depth + 1)?,
                // A missing struct or address: the wallet would refuse or fill in zero;
                // missing atomic values are the wallet's business.
                None if fty.starts_with("address") || self.types.contains_key(base(fty)) => {
                    return Err(malformed(say!(TdFieldMissing, format!("{name:?}"))));
                }
                None => {}
            }
        }
        Ok(())
    }
}

fn base(ty: &str) -> &str {
    ty.split('[').next().unwrap_or(ty)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(td: Value) -> Result<Extraction, TxError> {
        let mut out = Extraction::default();
        extract_params(
            &json!(["0x0000000000000000000000000000000000000001", td]),
            &mut out,
        )?;
        Ok(out)
    }

    #[test]
    fn arrays_of_structs_and_fixed_arrays() {
        let td = json!({
            "types": {
                "EIP712Domain": [{"name": "name", "type": "string"}],
                "Leg": [{"name": "recipient", "type": "address"}, {"name": "amount", "type": "uint256"}],
                "Order": [{"name": "legs", "type": "Leg[]"}, {"name": "pair", "type": "address[2]"}, {"name": "grid", "type": "address[][1]"}]
            },
            "primaryType": "Order",
            "domain": {"name": "x"},
            "message": {
                "legs": [{"recipient": "0x1111111111111111111111111111111111111111", "amount": "1"},
                         {"recipient": "0x2222222222222222222222222222222222222222", "amount": "2"}],
                "pair": ["0x3333333333333333333333333333333333333333", "0x4444444444444444444444444444444444444444"],
                "grid": [["0x5555555555555555555555555555555555555555"]]
            }
        });
        let ex = run(td).unwrap();
        let addrs: Vec<_> = ex.targets.iter().map(|t| &t.address[2..4]).collect();
        assert_eq!(addrs, ["11", "22", "33", "44", "55"]);
        assert_eq!(ex.targets[0].role, Role::Recipient);
    }

    #[test]
    fn string_form_and_errors() {
        let td = json!({"types": {"M": [{"name": "to", "type": "address"}]}, "primaryType": "M", "message": {"to": "0x1111111111111111111111111111111111111111"}});
        let ex = run(Value::String(td.to_string())).unwrap();
        assert_eq!(ex.targets.len(), 1);
        // Wrong fixed length, non-address, missing primary, missing address.
        for bad in [
            json!({"types": {"M": [{"name": "a", "type": "address[2]"}]}, "primaryType": "M", "message": {"a": ["0x1111111111111111111111111111111111111111"]}}),
            json!({"types": {"M": [{"name": "a", "type": "address"}]}, "primaryType": "M", "message": {"a": "hello"}}),
            json!({"types": {"M": [{"name": "a", "type": "address"}]}, "primaryType": "N", "message": {}}),
            json!({"types": {"M": [{"name": "a", "type": "address"}]}, "primaryType": "M", "message": {}}),
        ] {
            assert!(run(bad).is_err());
        }
    }

    #[test]
    fn self_reference_is_capped() {
        // A recursive type with a deep value: the cap stops it.
        let mut msg = json!({"next": [], "who": "0x1111111111111111111111111111111111111111"});
        for _ in 0..40 {
            msg = json!({"next": [msg], "who": "0x1111111111111111111111111111111111111111"});
        }
        let td = json!({"types": {"Node": [{"name": "who", "type": "address"}, {"name": "next", "type": "Node[]"}]}, "primaryType": "Node", "message": msg});
        assert!(run(td).is_err());
    }

    #[test]
    fn node_budget_is_capped() {
        let many: Vec<Value> = (0..(MAX_NODES + 10))
            .map(|_| json!("0x1111111111111111111111111111111111111111"))
            .collect();
        let td = json!({"types": {"M": [{"name": "a", "type": "address[]"}]}, "primaryType": "M", "message": {"a": many}});
        assert!(run(td).is_err());
    }
}
