//! EVM requests: transactions (EIP-1193 `eth_sendTransaction`, `eth_signTransaction`, and
//! signed ones, `raw`), batches (EIP-5792 `wallet_sendCalls`), and typed data (EIP-712,
//! see [`typed_data`]). This is the entry point: it reads the method, finds the transaction
//! objects, and reports their recipients; the rest is done by one module per job:
//! - `rpc`: JSON-RPC parameters (quantities, addresses, the params shape);
//! - `calldata`: calldata by 4-byte selector (ERC-20, ERC-721/1155, Permit2, multicall,
//!   Multicall3), one decoder per function;
//! - [`typed_data`]: EIP-712 and legacy v1 typed data;
//! - `raw`: signed transactions (`eth_sendRawTransaction`), read back into the same
//!   transaction object.
//!
//! A transaction's EIP-7702 `authorizationList` entries are reported too (the account is
//! delegated to that code).
//!
//! The modules use each other in one direction only: this one uses all four; `typed_data`
//! uses `rpc`; `calldata`, `rpc` and `raw` use no sibling.

pub(crate) mod calldata;
mod raw;
mod rpc;
pub mod typed_data;

pub use calldata::{sel, MAX_DEPTH};

use super::text::{say, Param, Text};
use super::units::format_units;
use super::{malformed, Extraction, Role, Target, TxError};
use crate::address::evm::to_canonical;
use crate::hex;
use calldata::Ctx;
use serde_json::Value;

/// Calls read from one `wallet_sendCalls`.
pub const MAX_CALLS: usize = 256;

/// Ethereum mainnet tokens named in dialogs (only used when the chain is mainnet or unknown).
fn mainnet_token(addr: &str) -> Option<(&'static str, u32)> {
    Some(match addr {
        "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48" => ("USDC", 6),
        "0xdac17f958d2ee523a2206206994597c13d831ec7" => ("USDT", 6),
        "0x6b175474e89094c44da98b954eedeac495271d0f" => ("DAI", 18),
        "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2" => ("WETH", 18),
        "0x2260fac5e5542a773aa44fbcfedf7c193bc2c599" => ("WBTC", 8),
        _ => return None,
    })
}

fn no_token(_: &str) -> Option<(&'static str, u32)> {
    None
}

fn native_symbol(chain_id: Option<u64>) -> Param {
    Param::from(match chain_id {
        None | Some(1 | 10 | 324 | 8453 | 42161 | 59144 | 534352 | 11155111 | 17000) => "ETH",
        Some(56 | 97) => "BNB",
        Some(137 | 80002) => "POL",
        Some(43114) => "AVAX",
        Some(100) => "xDAI",
        Some(250) => "FTM",
        Some(61) => "ETC",
        _ => return say!(NativeCoin).into(),
    })
}

/// Reads one EVM request.
pub fn extract(method: &str, params: &Value) -> Result<Extraction, TxError> {
    extract_on(method, params, None)
}

/// Reads one EVM request made while the provider was on `chain` (a JSON-RPC quantity).
pub fn extract_on(
    method: &str,
    params: &Value,
    chain: Option<&Value>,
) -> Result<Extraction, TxError> {
    let provider_chain = chain.and_then(rpc::quantity_u64);
    let mut out = Extraction::default();
    match method {
        // wallet_sendTransaction: what viem retries with when a wallet refuses
        // eth_sendTransaction, and then keeps using for that client.
        "eth_sendTransaction" | "wallet_sendTransaction" | "eth_signTransaction" => {
            let tx = rpc::first_object(params).ok_or_else(|| malformed(Text::NoTxObject))?;
            transaction(tx, provider_chain, &mut out)?;
        }
        "eth_sendRawTransaction" | "eth_sendRawTransactionSync" => {
            let raw = match params {
                Value::Array(a) => a.first().and_then(Value::as_str),
                _ => None,
            }
            .ok_or_else(|| malformed(Text::NoSignedTx))?;
            let tx = raw::decode(raw)?;
            transaction(&tx, provider_chain, &mut out)?;
        }
        "wallet_sendCalls" => {
            let batch = rpc::first_object(params).ok_or_else(|| malformed(Text::NoBatchObject))?;
            let chain = batch
                .get("chainId")
                .and_then(rpc::quantity_u64)
                .or(provider_chain);
            let calls = batch
                .get("calls")
                .and_then(Value::as_array)
                .ok_or_else(|| malformed(Text::NoCalls))?;
            if calls.len() > MAX_CALLS {
                return Err(malformed(Text::TooManyCalls));
            }
            for call in calls {
                let call = call
                    .as_object()
                    .ok_or_else(|| malformed(Text::CallNotObject))?;
                transaction(call, chain, &mut out)?;
            }
        }
        "eth_signTypedData_v3" | "eth_signTypedData_v4" => {
            typed_data::extract_params(params, &mut out)?;
        }
        "eth_signTypedData" | "eth_signTypedData_v1" => {
            // v1 (legacy): [[{type, name, value}], address]; v4 semantics if the dApp passes
            // a v4 object to the unsuffixed name, as some wallets accept.
            if !typed_data::extract_legacy(params, &mut out)? {
                typed_data::extract_params(params, &mut out)?;
            }
        }
        // Signing an opaque message names no address we can read.
        "personal_sign" | "eth_sign" => {}
        other => out.note(say!(
            NoteNotRead,
            other.chars().take(48).collect::<String>()
        )),
    }
    Ok(out)
}

/// One transaction or batch call: `to`, `value`, `data`/`input`, `authorizationList`.
fn transaction(
    tx: &serde_json::Map<String, Value>,
    batch_chain: Option<u64>,
    out: &mut Extraction,
) -> Result<(), TxError> {
    let chain = tx
        .get("chainId")
        .and_then(rpc::quantity_u64)
        .or(batch_chain);
    let ctx = Ctx {
        fmt: to_canonical,
        token: if matches!(chain, None | Some(1)) {
            mainnet_token
        } else {
            no_token
        },
    };
    let native = native_symbol(chain);
    let value = match tx.get("value") {
        None => vec![0],
        Some(v) => rpc::quantity(v).ok_or_else(|| malformed(Text::ValueNotNumber))?,
    };
    let has_value = value.iter().any(|b| *b != 0);
    let data = match tx.get("data").or_else(|| tx.get("input")) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => {
            hex::decode(s.trim()).ok_or_else(|| malformed(Text::DataNotHex))?
        }
        Some(_) => return Err(malformed(Text::DataNotString)),
    };
    let amount = format_units(&value, 18);
    match tx.get("to") {
        None | Some(Value::Null) => {
            out.note(say!(NoteDeploys));
        }
        Some(Value::String(s)) if s.is_empty() => out.note(say!(NoteDeploys)),
        Some(Value::String(s)) => {
            let to = rpc::address(s).ok_or_else(|| malformed(Text::ToNotAddress))?;
            let to_s = to_canonical(&to);
            if data.is_empty() {
                out.push(Target::new(
                    to_s,
                    Role::Recipient,
                    say!(Send, amount.as_str(), &native),
                    Some(native.to_string()),
                    Some(amount),
                ));
            } else {
                let (role, action) = if has_value {
                    (Role::Recipient, say!(SendAndCall, amount.as_str(), &native))
                } else {
                    (Role::Contract, say!(CallContract))
                };
                out.push(Target::new(
                    to_s.clone(),
                    role,
                    action,
                    has_value.then(|| native.to_string()),
                    has_value.then_some(amount),
                ));
                calldata::decode(&ctx, &to_s, &data, 0, out)?;
            }
        }
        Some(_) => return Err(malformed(Text::ToNotString)),
    }
    if let Some(list) = tx.get("authorizationList") {
        let list = list
            .as_array()
            .ok_or_else(|| malformed(Text::AuthListNotList))?;
        for auth in list.iter().take(MAX_CALLS) {
            let a = auth
                .get("address")
                .or_else(|| auth.get("contractAddress"))
                .and_then(Value::as_str)
                .and_then(rpc::address)
                .ok_or_else(|| malformed(Text::AuthNoAddress))?;
            out.push(Target::new(
                to_canonical(&a),
                Role::Operator,
                say!(Delegate7702),
                None,
                None,
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tx::abi::enc::*;
    use serde_json::json;

    #[test]
    fn provider_chain_names_the_native_coin() {
        let req = json!([{"to": "0x1111111111111111111111111111111111111111", "value": "0xde0b6b3a7640000"}]);
        let on = |c: Option<Value>| {
            extract_on("eth_sendTransaction", &req, c.as_ref())
                .unwrap()
                .targets[0]
                .action
                .clone()
        };
        assert_eq!(on(None), "send 1 ETH to");
        assert_eq!(on(Some(json!("0x89"))), "send 1 POL to");
        assert_eq!(on(Some(json!("0x38"))), "send 1 BNB to");
        // The transaction's own chainId wins over the provider's.
        let req2 = json!([{"to": "0x1111111111111111111111111111111111111111", "value": "0x1", "chainId": "0x1"}]);
        let t = extract_on("eth_sendTransaction", &req2, Some(&json!("0x89"))).unwrap();
        assert!(t.targets[0].action.contains("ETH"));
        // USDC is only named on mainnet.
        let usdc = json!([{"to": "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
            "data": "0xa9059cbb00000000000000000000000011111111111111111111111111111111111111110000000000000000000000000000000000000000000000000000000000000001"}]);
        let t = extract_on("eth_sendTransaction", &usdc, Some(&json!("0x89"))).unwrap();
        assert!(t.targets[1].action.contains("raw units"), "{:?}", t.targets);
    }

    #[test]
    fn unknown_selector_checks_contract_and_says_so() {
        let data = call([1, 2, 3, 4], &[word_u(7)]);
        let req = json!([{"to": "0x1111111111111111111111111111111111111111", "data": format!("0x{}", hex::encode(&data))}]);
        let ex = extract("eth_sendTransaction", &req).unwrap();
        assert_eq!(ex.targets.len(), 1);
        assert_eq!(ex.targets[0].role, Role::Contract);
        assert!(ex.notes[0].to_string().contains("0x01020304"));
    }

    #[test]
    fn truncated_known_selector_is_an_error() {
        let data = call(sel::TRANSFER, &[word_u(7)]);
        let req = json!([{"to": "0x1111111111111111111111111111111111111111", "data": format!("0x{}", hex::encode(&data))}]);
        let e = extract("eth_sendTransaction", &req).unwrap_err();
        assert!(e.to_string().contains("transfer"));
    }

    #[test]
    fn multicall_depth_is_capped() {
        let mut inner = call(sel::TRANSFER, &[word_addr(&[9; 20]), word_u(1)]);
        for _ in 0..(MAX_DEPTH + 2) {
            let mut t = word_u(32);
            t.extend(bytes_array_tail(&[inner]));
            inner = call(sel::MULTICALL, &[t]);
        }
        let req = json!([{"to": "0x1111111111111111111111111111111111111111", "data": format!("0x{}", hex::encode(&inner))}]);
        assert!(extract("eth_sendTransaction", &req).is_err());
    }
}
