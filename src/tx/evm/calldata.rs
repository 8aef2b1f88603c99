//! EVM calldata, decoded by 4-byte selector (the first 4 bytes of keccak256 of the canonical
//! signature; the constants are verified by a keccak test):
//! - ERC-20 `transfer`, `transferFrom`, `approve`, `increaseAllowance` (EIP-20);
//! - ERC-721 `safeTransferFrom` (both forms), ERC-1155 `safeTransferFrom`,
//!   `safeBatchTransferFrom`, and `setApprovalForAll` (EIP-721, EIP-1155);
//! - Permit2 `approve`, `permit` (single and batch), `transferFrom`, `permitTransferFrom`;
//! - `multicall(bytes[])` and `multicall(uint256,bytes[])` (inner calls go to the same
//!   contract), Multicall3 `aggregate` and `aggregate3` (each call has its own target),
//!   recursing at most [`MAX_DEPTH`] levels.
//!
//! One small decoder per function, registered in [`DECODERS`] with its selector and
//! signature (the shape of Revoke.cash's per-function decoders and their aggregate): adding
//! a function is one row and one function, and the keccak test covers every row.
//!
//! Unknown selectors are not an error: the called contract is still checked, and a note
//! says its arguments were not read. A known selector with truncated arguments is an error
//! (the call would revert anyway, and we will not guess).
//!
//! Tron's `TriggerSmartContract` calls are decoded here too, with Tron's address form
//! ([`Ctx`]).

use crate::hex;
use crate::tx::abi::Args;
use crate::tx::text::{say, Param, Phrase, Text};
use crate::tx::units::{amount_words, to_decimal};
use crate::tx::{malformed, short, Extraction, Role, Target, TxError};

/// Nesting of multicall inside multicall we follow.
pub const MAX_DEPTH: usize = 4;

/// 4-byte selectors (their signatures are in the decoder table).
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
}

/// How addresses and assets are written for one chain (EVM here; Tron reuses the decoders
/// with its own address form).
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    pub fmt: fn(&[u8; 20]) -> String,
    /// Name and decimals of a token contract (already formatted) when well known.
    pub token: fn(&str) -> Option<(&'static str, u32)>,
}

/// One function we read.
pub(crate) struct Decoder {
    pub selector: [u8; 4],
    /// The canonical signature `selector` hashes from (read by the keccak test; here it
    /// also documents the row).
    #[cfg_attr(not(test), allow(dead_code))]
    pub signature: &'static str,
    /// What errors call it ("transfer call data is truncated or malformed").
    pub name: &'static str,
    pub decode: fn(&Call<'_>, &mut Extraction) -> Decoded,
}

/// What a decoder returns: its targets and notes go to the `Extraction`.
type Decoded = Result<(), TxError>;

/// Every function we read, by selector.
pub(crate) const DECODERS: &[Decoder] = &[
    Decoder {
        selector: sel::TRANSFER,
        signature: "transfer(address,uint256)",
        name: "transfer",
        decode: transfer,
    },
    Decoder {
        selector: sel::TRANSFER_FROM,
        signature: "transferFrom(address,address,uint256)",
        name: "transferFrom",
        decode: transfer_from,
    },
    Decoder {
        selector: sel::APPROVE,
        signature: "approve(address,uint256)",
        name: "approve",
        decode: approve,
    },
    Decoder {
        selector: sel::INCREASE_ALLOWANCE,
        signature: "increaseAllowance(address,uint256)",
        name: "increaseAllowance",
        decode: increase_allowance,
    },
    Decoder {
        selector: sel::SAFE_TRANSFER_FROM_721,
        signature: "safeTransferFrom(address,address,uint256)",
        name: "safeTransferFrom",
        decode: safe_transfer_721,
    },
    Decoder {
        selector: sel::SAFE_TRANSFER_FROM_721_DATA,
        signature: "safeTransferFrom(address,address,uint256,bytes)",
        name: "safeTransferFrom",
        decode: safe_transfer_721_data,
    },
    Decoder {
        selector: sel::SAFE_TRANSFER_FROM_1155,
        signature: "safeTransferFrom(address,address,uint256,uint256,bytes)",
        name: "safeTransferFrom",
        decode: safe_transfer_1155,
    },
    Decoder {
        selector: sel::SAFE_BATCH_TRANSFER_FROM_1155,
        signature: "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)",
        name: "safeBatchTransferFrom",
        decode: safe_batch_transfer_1155,
    },
    Decoder {
        selector: sel::SET_APPROVAL_FOR_ALL,
        signature: "setApprovalForAll(address,bool)",
        name: "setApprovalForAll",
        decode: set_approval_for_all,
    },
    Decoder {
        selector: sel::PERMIT2_APPROVE,
        signature: "approve(address,address,uint160,uint48)",
        name: "Permit2 approve",
        decode: permit2_approve,
    },
    Decoder {
        selector: sel::PERMIT2_PERMIT_SINGLE,
        signature: "permit(address,((address,uint160,uint48,uint48),address,uint256),bytes)",
        name: "Permit2 permit",
        decode: permit2_permit_single,
    },
    Decoder {
        selector: sel::PERMIT2_PERMIT_BATCH,
        signature: "permit(address,((address,uint160,uint48,uint48)[],address,uint256),bytes)",
        name: "Permit2 permit",
        decode: permit2_permit_batch,
    },
    Decoder {
        selector: sel::PERMIT2_TRANSFER_FROM,
        signature: "transferFrom(address,address,uint160,address)",
        name: "Permit2 transferFrom",
        decode: permit2_transfer_from,
    },
    Decoder {
        selector: sel::PERMIT2_PERMIT_TRANSFER_FROM,
        signature: "permitTransferFrom(((address,uint256),uint256,uint256),(address,uint256),address,bytes)",
        name: "permitTransferFrom",
        decode: permit2_permit_transfer_from,
    },
    Decoder {
        selector: sel::MULTICALL,
        signature: "multicall(bytes[])",
        name: "multicall",
        decode: multicall,
    },
    Decoder {
        selector: sel::MULTICALL_DEADLINE,
        signature: "multicall(uint256,bytes[])",
        name: "multicall",
        decode: multicall_deadline,
    },
    Decoder {
        selector: sel::AGGREGATE,
        signature: "aggregate((address,bytes)[])",
        name: "aggregate",
        decode: aggregate,
    },
    Decoder {
        selector: sel::AGGREGATE3,
        signature: "aggregate3((address,bool,bytes)[])",
        name: "aggregate",
        decode: aggregate3,
    },
];

/// Decodes calldata sent to `contract` (already formatted by `ctx.fmt`).
pub(crate) fn decode(
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
        return Err(malformed(Text::CallsTooDeep));
    }
    let selector = &data[..4];
    let Some(d) = DECODERS.iter().find(|d| d.selector == selector) else {
        out.note(say!(
            NoteUnknownCall,
            format!("0x{}", hex::encode(selector)),
            short(contract)
        ));
        return Ok(());
    };
    let call = Call {
        ctx,
        contract,
        args: Args::new(&data[4..]),
        depth,
        name: d.name,
    };
    (d.decode)(&call, out)
}

/// One call being decoded: where it goes, its arguments, and reads that fail as "truncated".
pub(crate) struct Call<'a> {
    ctx: &'a Ctx,
    /// The called contract, formatted by `ctx.fmt`.
    contract: &'a str,
    args: Args<'a>,
    depth: usize,
    name: &'static str,
}

impl<'a> Call<'a> {
    fn truncated(&self) -> TxError {
        malformed(say!(CallDataBad, self.name))
    }
    /// A read that must succeed.
    fn need<T>(&self, v: Option<T>) -> Result<T, TxError> {
        v.ok_or_else(|| self.truncated())
    }
    /// An address read, in this chain's form.
    fn fmt(&self, a: Option<[u8; 20]>) -> Result<String, TxError> {
        self.need(a).map(|a| (self.ctx.fmt)(&a))
    }
    fn addr(&self, i: usize) -> Result<String, TxError> {
        self.fmt(self.args.address(i))
    }
    fn word(&self, i: usize) -> Result<&'a [u8], TxError> {
        self.need(self.args.word(i))
    }
    fn bytes(&self, i: usize) -> Result<&'a [u8], TxError> {
        self.need(self.args.bytes(i))
    }
    /// The called contract as a token: its name ("USDC", "token 0xa0b8…eb48") and decimals.
    fn token(&self) -> (Param, Option<u32>) {
        self.token_at(self.contract)
    }
    fn token_at(&self, contract: &str) -> (Param, Option<u32>) {
        match (self.ctx.token)(contract) {
            Some((name, dec)) => (name.into(), Some(dec)),
            None => (say!(TokenAt, short(contract)).into(), None),
        }
    }
}

fn push(
    out: &mut Extraction,
    address: String,
    role: Role,
    action: Phrase,
    asset: &Param,
    amount: Option<&Param>,
) {
    let amount = amount.map(Param::to_string);
    out.push(Target::new(
        address,
        role,
        action,
        Some(asset.to_string()),
        amount,
    ));
}

/// ERC-20 `transfer(to, amount)`.
fn transfer(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    let (token, decimals) = c.token();
    let to = c.addr(0)?;
    let amt = amount_words(c.word(1)?, decimals);
    let action = say!(Send, &amt, &token);
    push(out, to, Role::Recipient, action, &token, Some(&amt));
    Ok(())
}

/// `transferFrom(from, to, amount)`: an ERC-20 amount or an ERC-721 token id, same selector.
fn transfer_from(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    let (token, decimals) = c.token();
    let to = c.addr(1)?;
    let raw = c.word(2)?;
    let amt = amount_words(raw, decimals);
    let action = say!(TransferFrom, &token, to_decimal(raw));
    push(out, to, Role::Recipient, action, &token, Some(&amt));
    Ok(())
}

/// ERC-20 `approve(spender, amount)`: an amount of zero removes the approval.
fn approve(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    allowance(c, out, true)
}

/// `increaseAllowance(spender, added)`: adds to an approval, never removes one.
fn increase_allowance(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    allowance(c, out, false)
}

fn allowance(c: &Call<'_>, out: &mut Extraction, zero_removes: bool) -> Decoded {
    let (token, decimals) = c.token();
    let spender = c.addr(0)?;
    let raw = c.word(1)?;
    if zero_removes && raw.iter().all(|b| *b == 0) {
        out.note(say!(NoteRemovesApproval, short(&spender)));
    } else {
        let amt = amount_words(raw, decimals);
        let action = say!(Approve, &amt, &token);
        push(out, spender, Role::Spender, action, &token, Some(&amt));
    }
    Ok(())
}

/// ERC-721 `safeTransferFrom(from, to, id)`.
fn safe_transfer_721(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    nft_transfer(c, out, false)
}

/// ERC-721 `safeTransferFrom(from, to, id, data)`.
fn safe_transfer_721_data(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    nft_transfer(c, out, true)
}

fn nft_transfer(c: &Call<'_>, out: &mut Extraction, with_data: bool) -> Decoded {
    let (token, _) = c.token();
    let to = c.addr(1)?;
    let id = to_decimal(c.word(2)?);
    if with_data {
        c.bytes(3)?;
    }
    let action = say!(TransferNft, id, &token);
    push(out, to, Role::Recipient, action, &token, None);
    Ok(())
}

/// ERC-1155 `safeTransferFrom(from, to, id, amount, data)`.
fn safe_transfer_1155(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    let (token, _) = c.token();
    let to = c.addr(1)?;
    let id = to_decimal(c.word(2)?);
    let amt = to_decimal(c.word(3)?);
    c.bytes(4)?;
    let amt = Param::from(amt);
    let action = say!(TransferItems, &amt, id, &token);
    push(out, to, Role::Recipient, action, &token, Some(&amt));
    Ok(())
}

/// ERC-1155 `safeBatchTransferFrom(from, to, ids, amounts, data)`.
fn safe_batch_transfer_1155(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    let (token, _) = c.token();
    let to = c.addr(1)?;
    c.need(c.args.array(2))?;
    let action = say!(TransferSeveralItems, &token);
    push(out, to, Role::Recipient, action, &token, None);
    Ok(())
}

/// ERC-721/1155 `setApprovalForAll(operator, approved)`: false removes the operator.
fn set_approval_for_all(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    let (token, _) = c.token();
    let op = c.addr(0)?;
    let on = c.word(1)?;
    if on.iter().all(|b| *b == 0) {
        out.note(say!(NoteRemovesOperator, short(&op)));
    } else {
        let action = say!(Operator, &token);
        push(out, op, Role::Operator, action, &token, None);
    }
    Ok(())
}

/// Permit2 `approve(token, spender, amount, expiration)`.
fn permit2_approve(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    let tok = c.addr(0)?;
    let spender = c.addr(1)?;
    let (tname, tdec) = c.token_at(&tok);
    let amt = amount_words(c.word(2)?, tdec);
    let action = say!(ApprovePermit2, &amt, &tname);
    push(out, spender, Role::Spender, action, &tname, Some(&amt));
    Ok(())
}

/// Permit2 `permit(owner, PermitSingle, signature)`.
fn permit2_permit_single(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    // owner, (token, amount, expiration, nonce), spender, sigDeadline, sig: static
    // tuple inlined in the head.
    let tok = c.addr(1)?;
    let (tname, tdec) = c.token_at(&tok);
    let amt = amount_words(c.word(2)?, tdec);
    let spender = c.addr(5)?;
    c.bytes(7)?;
    let action = say!(ApprovePermit2, &amt, &tname);
    push(out, spender, Role::Spender, action, &tname, Some(&amt));
    Ok(())
}

/// Permit2 `permit(owner, PermitBatch, signature)`.
fn permit2_permit_batch(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    // owner, offset -> (details[] offset, spender, sigDeadline), sig
    let tuple = c.need(c.args.tail(1))?;
    let spender = c.fmt(tuple.address(1))?;
    let (n, details) = c.need(tuple.array(0))?;
    let mut tokens = Vec::new();
    for k in 0..n {
        let t = c.fmt(details.address(k * 4))?;
        tokens.push(c.token_at(&t).0);
    }
    let list = if tokens.is_empty() {
        say!(NoTokens).into()
    } else {
        Param::List(tokens)
    };
    let action = say!(ApproveListPermit2, &list);
    push(out, spender, Role::Spender, action, &list, None);
    Ok(())
}

/// Permit2 `transferFrom(from, to, amount, token)`.
fn permit2_transfer_from(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    let to = c.addr(1)?;
    let tok = c.addr(3)?;
    let (tname, tdec) = c.token_at(&tok);
    let amt = amount_words(c.word(2)?, tdec);
    let action = say!(Send, &amt, &tname);
    push(out, to, Role::Recipient, action, &tname, Some(&amt));
    Ok(())
}

/// Permit2 `permitTransferFrom(permit, transferDetails, owner, signature)`.
fn permit2_permit_transfer_from(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    // ((token, amount), nonce, deadline), (to, requestedAmount), owner, sig
    let tok = c.addr(0)?;
    let (tname, tdec) = c.token_at(&tok);
    let to = c.addr(4)?;
    let amt = amount_words(c.word(5)?, tdec);
    let action = say!(Send, &amt, &tname);
    push(out, to, Role::Recipient, action, &tname, Some(&amt));
    Ok(())
}

/// `multicall(bytes[] data)`.
fn multicall(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    same_contract_calls(c, out, 0)
}

/// `multicall(uint256 deadline, bytes[] data)`.
fn multicall_deadline(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    same_contract_calls(c, out, 1)
}

/// The `bytes[]` at `slot`: calls that run on the same contract (delegatecall to self).
fn same_contract_calls(c: &Call<'_>, out: &mut Extraction, slot: usize) -> Decoded {
    for call in c.need(c.args.bytes_array(slot))? {
        decode(c.ctx, c.contract, call, c.depth + 1, out)?;
    }
    Ok(())
}

/// Multicall3 `aggregate((address target, bytes callData)[])`.
fn aggregate(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    each_target_calls(c, out, 1)
}

/// Multicall3 `aggregate3((address target, bool allowFailure, bytes callData)[])`.
fn aggregate3(c: &Call<'_>, out: &mut Extraction) -> Decoded {
    each_target_calls(c, out, 2)
}

/// Calls that each name their own target, the call data in tuple slot `data_slot`.
fn each_target_calls(c: &Call<'_>, out: &mut Extraction, data_slot: usize) -> Decoded {
    let (n, elems) = c.need(c.args.array(0))?;
    for k in 0..n {
        let call = c.need(elems.tail(k))?;
        let target = c.fmt(call.address(0))?;
        let inner = c.need(call.bytes(data_slot))?;
        out.push(Target::new(
            target.clone(),
            Role::Contract,
            say!(CallContract),
            None,
            None,
        ));
        decode(c.ctx, &target, inner, c.depth + 1, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha3::{Digest, Keccak256};

    #[test]
    fn selectors_are_keccak_of_their_signatures() {
        for d in DECODERS {
            let h = Keccak256::digest(d.signature.as_bytes());
            assert_eq!(h[..4], d.selector, "{}", d.signature);
        }
    }

    #[test]
    fn one_decoder_per_selector() {
        for (i, a) in DECODERS.iter().enumerate() {
            for b in &DECODERS[i + 1..] {
                assert_ne!(
                    a.selector, b.selector,
                    "{} and {}",
                    a.signature, b.signature
                );
            }
        }
    }
}
