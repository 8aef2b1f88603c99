//! EVM requests: transactions (EIP-1193 `eth_sendTransaction`, `eth_signTransaction`),
//! batches (EIP-5792 `wallet_sendCalls`), and typed data (EIP-712, see [`super::typed_data`]).
//!
//! Calldata is decoded by 4-byte selector (the first 4 bytes of keccak256 of the canonical
//! signature; the constants are verified by a keccak test):
//! - ERC-20 `transfer`, `transferFrom`, `approve`, `increaseAllowance` (EIP-20);
//! - ERC-721 `safeTransferFrom` (both forms), ERC-1155 `safeTransferFrom`,
//!   `safeBatchTransferFrom`, and `setApprovalForAll` (EIP-721, EIP-1155);
//! - Permit2 `approve`, `permit` (single and batch), `transferFrom`, `permitTransferFrom`;
//! - `multicall(bytes[])` and `multicall(uint256,bytes[])` (inner calls go to the same
//!   contract), Multicall3 `aggregate` and `aggregate3` (each call has its own target),
//!   recursing at most [`MAX_DEPTH`] levels;
//! - EIP-7702 `authorizationList` entries (the account is delegated to that code).
//!
//! Unknown selectors are not an error: the called contract is still checked, and a note
//! says its arguments were not read. A known selector with truncated arguments is an error
//! (the call would revert anyway, and we will not guess).

use super::abi::Args;
use super::units::{format_units, is_unlimited, parse_decimal, to_decimal};
use super::{malformed, short, typed_data, Extraction, Role, Target, TxError};
use crate::hex;
use serde_json::Value;

/// Nesting of multicall inside multicall we follow.
pub const MAX_DEPTH: usize = 4;
/// Calls read from one `wallet_sendCalls`.
pub const MAX_CALLS: usize = 256;

/// 4-byte selectors and the signatures they hash from.
pub mod sel {
    pub const TRANSFER: [u8; 4] = [0xa9, 0x05, 0x9c, 0xbb];
    pub const TRANSFER_FROM: [u8; 4] = [0x23, 0xb8, 0x72, 0xdd];
    pub const APPROVE: [u8; 4] = [0x09, 0x5e, 0xa7, 0xb3];
    pub const INCREASE_ALLOWANCE: [u8; 4] = [0x39, 0x50, 0x93, 0x51];
    pub const SAFE_TRANSFER_FROM_721: [u8; 4] = [0x42, 0x84, 0x2e, 0x0e];
    pub const SAFE_TRANSFER_FROM_721_DATA: [u8; 4] = [0xb8, 0x8d, 0x4f, 0xde];
    pub const SAFE_TRANSFER_FROM_1155: [u8; 4] = [0xf2, 0x42, 0x43, 0x2a];
    pub const SAFE_BATCH_TRANSFER_FROM_1155: [u8; 4] = [0x2e, 0xb2, 0xc2, 0xd6];
    pub const SET_APPROVAL_FOR_ALL: [u8; 4] = [0xa2, 0x2c, 0xb4, 0x65];
    pub const PERMIT2_APPROVE: [u8; 4] = [0x87, 0x51, 0x7c, 0x45];
    pub const PERMIT2_PERMIT_SINGLE: [u8; 4] = [0x2b, 0x67, 0xb5, 0x70];
    pub const PERMIT2_PERMIT_BATCH: [u8; 4] = [0x2a, 0x2d, 0x80, 0xd1];
    pub const PERMIT2_TRANSFER_FROM: [u8; 4] = [0x36, 0xc7, 0x85, 0x16];
    pub const PERMIT2_PERMIT_TRANSFER_FROM: [u8; 4] = [0x30, 0xf2, 0x8b, 0x7a];
    pub const MULTICALL: [u8; 4] = [0xac, 0x96, 0x50, 0xd8];
    pub const MULTICALL_DEADLINE: [u8; 4] = [0x5a, 0xe4, 0x01, 0xdc];
    pub const AGGREGATE: [u8; 4] = [0x25, 0x2d, 0xba, 0x42];
    pub const AGGREGATE3: [u8; 4] = [0x82, 0xad, 0x56, 0xcb];

    /// Every selector with the signature it must hash from (checked by a keccak test).
    pub const ALL: &[([u8; 4], &str)] = &[
        (TRANSFER, "transfer(address,uint256)"),
        (TRANSFER_FROM, "transferFrom(address,address,uint256)"),
        (APPROVE, "approve(address,uint256)"),
        (INCREASE_ALLOWANCE, "increaseAllowance(address,uint256)"),
        (SAFE_TRANSFER_FROM_721, "safeTransferFrom(address,address,uint256)"),
        (SAFE_TRANSFER_FROM_721_DATA, "safeTransferFrom(address,address,uint256,bytes)"),
        (SAFE_TRANSFER_FROM_1155, "safeTransferFrom(address,address,uint256,uint256,bytes)"),
        (
            SAFE_BATCH_TRANSFER_FROM_1155,
            "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)",
        ),
        (SET_APPROVAL_FOR_ALL, "setApprovalForAll(address,bool)"),
        (PERMIT2_APPROVE, "approve(address,address,uint160,uint48)"),
        (
            PERMIT2_PERMIT_SINGLE,
            "permit(address,((address,uint160,uint48,uint48),address,uint256),bytes)",
        ),
        (
            PERMIT2_PERMIT_BATCH,
            "permit(address,((address,uint160,uint48,uint48)[],address,uint256),bytes)",
        ),
        (PERMIT2_TRANSFER_FROM, "transferFrom(address,address,uint160,address)"),
        (
            PERMIT2_PERMIT_TRANSFER_FROM,
            "permitTransferFrom(((address,uint256),uint256,uint256),(address,uint256),address,bytes)",
        ),
        (MULTICALL, "multicall(bytes[])"),
        (MULTICALL_DEADLINE, "multicall(uint256,bytes[])"),
        (AGGREGATE, "aggregate((address,bytes)[])"),
        (AGGREGATE3, "aggregate3((address,bool,bytes)[])"),
    ];
}

/// How addresses and assets are written for one chain (EVM here; Tron reuses the decoders
/// with its own address form).
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    pub fmt: fn(&[u8; 20]) -> String,
    /// Name and decimals of a token contract (already formatted) when well known.
    pub token: fn(&str) -> Option<(&'static str, u32)>,
}

/// EVM lowercase canonical form.
pub(crate) fn evm_fmt(a: &[u8; 20]) -> String {
    format!("0x{}", hex::encode(a))
}

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

fn native_symbol(chain_id: Option<u64>) -> &'static str {
    match chain_id {
        None | Some(1 | 10 | 324 | 8453 | 42161 | 59144 | 534352 | 11155111 | 17000) => "ETH",
        Some(56 | 97) => "BNB",
        Some(137 | 80002) => "POL",
        Some(43114) => "AVAX",
        Some(100) => "xDAI",
        Some(250) => "FTM",
        Some(61) => "ETC",
        _ => "native coin",
    }
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
    let provider_chain = chain.and_then(quantity_u64);
    let mut out = Extraction::default();
    match method {
        // wallet_sendTransaction: what viem retries with when a wallet refuses
        // eth_sendTransaction, and then keeps using for that client.
        "eth_sendTransaction" | "wallet_sendTransaction" | "eth_signTransaction" => {
            let tx = first_object(params).ok_or_else(|| malformed("no transaction object"))?;
            transaction(tx, provider_chain, &mut out)?;
        }
        "eth_sendRawTransaction" | "eth_sendRawTransactionSync" => {
            let raw = match params {
                Value::Array(a) => a.first().and_then(Value::as_str),
                _ => None,
            }
            .ok_or_else(|| malformed("no signed transaction"))?;
            let tx = super::evm_raw::decode(raw)?;
            transaction(&tx, provider_chain, &mut out)?;
        }
        "wallet_sendCalls" => {
            let batch = first_object(params).ok_or_else(|| malformed("no batch object"))?;
            let chain = batch
                .get("chainId")
                .and_then(quantity_u64)
                .or(provider_chain);
            let calls = batch
                .get("calls")
                .and_then(Value::as_array)
                .ok_or_else(|| malformed("wallet_sendCalls without calls"))?;
            if calls.len() > MAX_CALLS {
                return Err(malformed("too many calls in one batch"));
            }
            for call in calls {
                let call = call
                    .as_object()
                    .ok_or_else(|| malformed("a call in the batch is not an object"))?;
                transaction(call, chain, &mut out)?;
            }
        }
        "eth_signTypedData_v3" | "eth_signTypedData_v4" => {
            typed_data::extract_params(params, &mut out)?;
        }
        "eth_signTypedData" | "eth_signTypedData_v1" => {
            // v1 (legacy): [[{type, name, value}], address]; v4 semantics if the dApp passes
            // a v4 object to the unsuffixed name, as some wallets accept.
            if !legacy_typed_data(params, &mut out)? {
                typed_data::extract_params(params, &mut out)?;
            }
        }
        // Signing an opaque message names no address we can read.
        "personal_sign" | "eth_sign" => {}
        other => out.note(format!(
            "{} is not a request we read",
            other.chars().take(48).collect::<String>()
        )),
    }
    Ok(out)
}

fn first_object(params: &Value) -> Option<&serde_json::Map<String, Value>> {
    match params {
        Value::Array(a) => a.first()?.as_object(),
        Value::Object(o) => Some(o),
        _ => None,
    }
}

/// A JSON-RPC quantity ("0x1a", also decimal strings and numbers some dApps send) as
/// big-endian bytes; None when unreadable.
pub(crate) fn quantity(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::String(s) => {
            let s = s.trim();
            if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
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

fn quantity_u64(v: &Value) -> Option<u64> {
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

/// A 20-byte address in `0x` + 40 hex (any case; EIP-55 is the wallet's business).
pub(crate) fn parse_addr(s: &str) -> Option<[u8; 20]> {
    let s = s.trim();
    if s.len() != 42 {
        return None;
    }
    let b = hex::decode(s)?;
    if !(s.starts_with("0x") || s.starts_with("0X")) {
        return None;
    }
    b.try_into().ok()
}

/// One transaction or batch call: `to`, `value`, `data`/`input`, `authorizationList`.
fn transaction(
    tx: &serde_json::Map<String, Value>,
    batch_chain: Option<u64>,
    out: &mut Extraction,
) -> Result<(), TxError> {
    let chain = tx.get("chainId").and_then(quantity_u64).or(batch_chain);
    let ctx = Ctx {
        fmt: evm_fmt,
        token: if matches!(chain, None | Some(1)) {
            mainnet_token
        } else {
            no_token
        },
    };
    let native = native_symbol(chain);
    let value = match tx.get("value") {
        None => vec![0],
        Some(v) => quantity(v).ok_or_else(|| malformed("transaction value is not a number"))?,
    };
    let has_value = value.iter().any(|b| *b != 0);
    let data = match tx.get("data").or_else(|| tx.get("input")) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => {
            hex::decode(s.trim()).ok_or_else(|| malformed("transaction data is not hex"))?
        }
        Some(_) => return Err(malformed("transaction data is not a string")),
    };
    let amount = format_units(&value, 18);
    match tx.get("to") {
        None | Some(Value::Null) => {
            out.note("deploys a new contract (no recipient)");
        }
        Some(Value::String(s)) if s.is_empty() => out.note("deploys a new contract (no recipient)"),
        Some(Value::String(s)) => {
            let to = parse_addr(s).ok_or_else(|| malformed("`to` is not an address"))?;
            let to_s = evm_fmt(&to);
            if data.is_empty() {
                out.push(Target {
                    address: to_s,
                    role: Role::Recipient,
                    action: format!("send {amount} {native} to"),
                    asset: Some(native.to_string()),
                    amount: Some(amount),
                });
            } else {
                let action = if has_value {
                    format!("send {amount} {native} to and call contract")
                } else {
                    "call contract".to_string()
                };
                out.push(Target {
                    address: to_s.clone(),
                    role: if has_value {
                        Role::Recipient
                    } else {
                        Role::Contract
                    },
                    action,
                    asset: has_value.then(|| native.to_string()),
                    amount: has_value.then_some(amount),
                });
                calldata(&ctx, &to_s, &data, 0, out)?;
            }
        }
        Some(_) => return Err(malformed("`to` is not a string")),
    }
    if let Some(list) = tx.get("authorizationList") {
        let list = list
            .as_array()
            .ok_or_else(|| malformed("authorizationList is not a list"))?;
        for auth in list.iter().take(MAX_CALLS) {
            let a = auth
                .get("address")
                .or_else(|| auth.get("contractAddress"))
                .and_then(Value::as_str)
                .and_then(parse_addr)
                .ok_or_else(|| malformed("an EIP-7702 authorization has no address"))?;
            out.push(Target {
                address: evm_fmt(&a),
                role: Role::Operator,
                action: "hand control of your account (EIP-7702 delegation) to the code at".into(),
                asset: None,
                amount: None,
            });
        }
    }
    Ok(())
}

fn token_words(ctx: &Ctx, contract: &str) -> (String, Option<u32>) {
    match (ctx.token)(contract) {
        Some((name, dec)) => (name.to_string(), Some(dec)),
        None => (format!("token {}", short(contract)), None),
    }
}

fn amount_words(raw: &[u8], decimals: Option<u32>) -> String {
    if is_unlimited(raw) {
        return "unlimited".into();
    }
    match decimals {
        Some(d) => format_units(raw, d),
        None => format!("{} (raw units)", to_decimal(raw)),
    }
}

fn truncated(what: &str) -> TxError {
    malformed(format!("{what} call data is truncated or malformed"))
}

/// Decodes calldata sent to `contract` (already formatted by `ctx.fmt`).
pub(crate) fn calldata(
    ctx: &Ctx,
    contract: &str,
    data: &[u8],
    depth: usize,
    out: &mut Extraction,
) -> Result<(), TxError> {
    if data.len() < 4 {
        return Ok(());
    }
    if depth > MAX_DEPTH {
        return Err(malformed("calls nested too deeply to check"));
    }
    let selector: [u8; 4] = [data[0], data[1], data[2], data[3]];
    let args = Args::new(&data[4..]);
    let addr = |i: usize, what: &str| {
        args.address(i)
            .map(|a| (ctx.fmt)(&a))
            .ok_or_else(|| truncated(what))
    };
    let word = |i: usize, what: &str| args.word(i).ok_or_else(|| truncated(what));
    let (token, decimals) = token_words(ctx, contract);
    let mut push = |address: String,
                    role: Role,
                    action: String,
                    asset: Option<String>,
                    amount: Option<String>| {
        out.push(Target {
            address,
            role,
            action,
            asset,
            amount,
        })
    };
    match selector {
        sel::TRANSFER => {
            let to = addr(0, "transfer")?;
            let amt = amount_words(word(1, "transfer")?, decimals);
            push(
                to,
                Role::Recipient,
                format!("send {amt} {token} to"),
                Some(token),
                Some(amt),
            );
        }
        sel::TRANSFER_FROM => {
            let to = addr(1, "transferFrom")?;
            let raw = word(2, "transferFrom")?;
            // ERC-20 amount or ERC-721 token id: same selector.
            let amt = amount_words(raw, decimals);
            push(
                to,
                Role::Recipient,
                format!("transfer {token} (amount or NFT id {}) to", to_decimal(raw)),
                Some(token),
                Some(amt),
            );
        }
        sel::APPROVE | sel::INCREASE_ALLOWANCE => {
            let name = if selector == sel::APPROVE {
                "approve"
            } else {
                "increaseAllowance"
            };
            let spender = addr(0, name)?;
            let raw = word(1, name)?;
            if raw.iter().all(|b| *b == 0) && selector == sel::APPROVE {
                out.note(format!(
                    "removes the approval of {} (not a risk)",
                    short(&spender)
                ));
            } else {
                let amt = amount_words(raw, decimals);
                push(
                    spender,
                    Role::Spender,
                    format!("approve {amt} {token} spending by"),
                    Some(token),
                    Some(amt),
                );
            }
        }
        sel::SAFE_TRANSFER_FROM_721 | sel::SAFE_TRANSFER_FROM_721_DATA => {
            let to = addr(1, "safeTransferFrom")?;
            let id = to_decimal(word(2, "safeTransferFrom")?);
            if selector == sel::SAFE_TRANSFER_FROM_721_DATA {
                args.bytes(3).ok_or_else(|| truncated("safeTransferFrom"))?;
            }
            push(
                to,
                Role::Recipient,
                format!("transfer NFT #{id} of {token} to"),
                Some(token),
                None,
            );
        }
        sel::SAFE_TRANSFER_FROM_1155 => {
            let to = addr(1, "safeTransferFrom")?;
            let id = to_decimal(word(2, "safeTransferFrom")?);
            let amt = to_decimal(word(3, "safeTransferFrom")?);
            args.bytes(4).ok_or_else(|| truncated("safeTransferFrom"))?;
            push(
                to,
                Role::Recipient,
                format!("transfer {amt} of item #{id} of {token} to"),
                Some(token),
                Some(amt),
            );
        }
        sel::SAFE_BATCH_TRANSFER_FROM_1155 => {
            let to = addr(1, "safeBatchTransferFrom")?;
            args.array(2)
                .ok_or_else(|| truncated("safeBatchTransferFrom"))?;
            push(
                to,
                Role::Recipient,
                format!("transfer several items of {token} to"),
                Some(token),
                None,
            );
        }
        sel::SET_APPROVAL_FOR_ALL => {
            let op = addr(0, "setApprovalForAll")?;
            let on = word(1, "setApprovalForAll")?;
            if on.iter().all(|b| *b == 0) {
                out.note(format!("removes operator {} (not a risk)", short(&op)));
            } else {
                push(
                    op,
                    Role::Operator,
                    format!("let this operator move all your {token} items:"),
                    Some(token),
                    None,
                );
            }
        }
        sel::PERMIT2_APPROVE => {
            let tok = addr(0, "Permit2 approve")?;
            let spender = addr(1, "Permit2 approve")?;
            let (tname, tdec) = token_words(ctx, &tok);
            let amt = amount_words(word(2, "Permit2 approve")?, tdec);
            push(
                spender,
                Role::Spender,
                format!("approve {amt} {tname} spending (Permit2) by"),
                Some(tname),
                Some(amt),
            );
        }
        sel::PERMIT2_PERMIT_SINGLE => {
            // owner, (token, amount, expiration, nonce), spender, sigDeadline, sig: static
            // tuple inlined in the head.
            let tok = addr(1, "Permit2 permit")?;
            let (tname, tdec) = token_words(ctx, &tok);
            let amt = amount_words(word(2, "Permit2 permit")?, tdec);
            let spender = addr(5, "Permit2 permit")?;
            args.bytes(7).ok_or_else(|| truncated("Permit2 permit"))?;
            push(
                spender,
                Role::Spender,
                format!("approve {amt} {tname} spending (Permit2) by"),
                Some(tname),
                Some(amt),
            );
        }
        sel::PERMIT2_PERMIT_BATCH => {
            // owner, offset -> (details[] offset, spender, sigDeadline), sig
            let tuple = args.tail(1).ok_or_else(|| truncated("Permit2 permit"))?;
            let spender = tuple
                .address(1)
                .map(|a| (ctx.fmt)(&a))
                .ok_or_else(|| truncated("Permit2 permit"))?;
            let (n, details) = tuple.array(0).ok_or_else(|| truncated("Permit2 permit"))?;
            let mut tokens = Vec::new();
            for k in 0..n {
                let t = details
                    .address(k * 4)
                    .map(|a| (ctx.fmt)(&a))
                    .ok_or_else(|| truncated("Permit2 permit"))?;
                tokens.push(token_words(ctx, &t).0);
            }
            let list = if tokens.is_empty() {
                "no tokens".to_string()
            } else {
                tokens.join(", ")
            };
            push(
                spender,
                Role::Spender,
                format!("approve spending of {list} (Permit2) by"),
                Some(list),
                None,
            );
        }
        sel::PERMIT2_TRANSFER_FROM => {
            let to = addr(1, "Permit2 transferFrom")?;
            let tok = addr(3, "Permit2 transferFrom")?;
            let (tname, tdec) = token_words(ctx, &tok);
            let amt = amount_words(word(2, "Permit2 transferFrom")?, tdec);
            push(
                to,
                Role::Recipient,
                format!("send {amt} {tname} to"),
                Some(tname),
                Some(amt),
            );
        }
        sel::PERMIT2_PERMIT_TRANSFER_FROM => {
            // ((token, amount), nonce, deadline), (to, requestedAmount), owner, sig
            let tok = addr(0, "permitTransferFrom")?;
            let (tname, tdec) = token_words(ctx, &tok);
            let to = addr(4, "permitTransferFrom")?;
            let amt = amount_words(word(5, "permitTransferFrom")?, tdec);
            push(
                to,
                Role::Recipient,
                format!("send {amt} {tname} to"),
                Some(tname),
                Some(amt),
            );
        }
        sel::MULTICALL | sel::MULTICALL_DEADLINE => {
            let slot = usize::from(selector == sel::MULTICALL_DEADLINE);
            let inner = args
                .bytes_array(slot)
                .ok_or_else(|| truncated("multicall"))?;
            for call in inner {
                // Inner calls run on the same contract (delegatecall to self).
                calldata(ctx, contract, call, depth + 1, out)?;
            }
        }
        sel::AGGREGATE | sel::AGGREGATE3 => {
            let (n, elems) = args.array(0).ok_or_else(|| truncated("aggregate"))?;
            let data_slot = if selector == sel::AGGREGATE3 { 2 } else { 1 };
            for k in 0..n {
                let call = elems.tail(k).ok_or_else(|| truncated("aggregate"))?;
                let target = call
                    .address(0)
                    .map(|a| (ctx.fmt)(&a))
                    .ok_or_else(|| truncated("aggregate"))?;
                let inner = call
                    .bytes(data_slot)
                    .ok_or_else(|| truncated("aggregate"))?;
                out.push(Target {
                    address: target.clone(),
                    role: Role::Contract,
                    action: "call contract".into(),
                    asset: None,
                    amount: None,
                });
                calldata(ctx, &target, inner, depth + 1, out)?;
            }
        }
        other => {
            out.note(format!(
                "calls function 0x{} on {}: its arguments were not read",
                hex::encode(&other),
                short(contract)
            ));
        }
    }
    Ok(())
}

/// Legacy `eth_signTypedData` (v1): `[[{type, name, value}], address]`. Returns false when
/// the params are not in that shape.
fn legacy_typed_data(params: &Value, out: &mut Extraction) -> Result<bool, TxError> {
    let Some(fields) = params
        .as_array()
        .and_then(|p| p.iter().find_map(Value::as_array))
    else {
        return Ok(false);
    };
    for f in fields.iter().take(typed_data::MAX_NODES) {
        if f.get("type").and_then(Value::as_str) == Some("address") {
            let name = f.get("name").and_then(Value::as_str).unwrap_or("");
            let v = f
                .get("value")
                .and_then(Value::as_str)
                .and_then(parse_addr)
                .ok_or_else(|| malformed("an address field holds no address"))?;
            let role = typed_data::role_for(name);
            out.push(Target {
                address: evm_fmt(&v),
                role,
                action: typed_data::action_for(role, None).into(),
                asset: None,
                amount: None,
            });
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::super::abi::enc::*;
    use super::*;
    use serde_json::json;
    use sha3::{Digest, Keccak256};

    #[test]
    fn selectors_are_keccak_of_their_signatures() {
        for (s, sig) in sel::ALL {
            let h = Keccak256::digest(sig.as_bytes());
            assert_eq!(&h[..4], s, "{sig}");
        }
    }

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
        assert!(ex.notes[0].contains("0x01020304"));
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
