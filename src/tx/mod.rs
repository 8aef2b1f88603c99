//! Wallet requests -> the addresses they send value to or grant power to.
//!
//! The page-world script (`extension/inpage.js`) turns every signing or sending call a dApp
//! makes into one JSON object, as the page sees it:
//!
//! ```json
//! {"family": "evm", "method": "eth_sendTransaction", "params": [{"to": "0x...", "data": "0x..."}]}
//! ```
//!
//! [`extract`] reads it and returns every address the request would send value to or
//! authorise ([`Target`]s, each with a role and the action in plain words), plus notes on
//! what could not be read offline. [`check`] looks each target up in a sanctions set.
//! Hostile or malformed input gives [`TxError`] ("could not read this request"), never a
//! panic: every decoder bounds-checks its reads and caps its recursion and output size.
//!
//! Families and what is decoded (the modules cite their specs):
//! - [`evm`]: `eth_sendTransaction`/`eth_signTransaction` (`to`, value, calldata by 4-byte
//!   selector: ERC-20, ERC-721/1155, Permit2, multicall, Multicall3), `wallet_sendCalls`
//!   (EIP-5792, each call), `eth_sendRawTransaction`, and [`evm::typed_data`]:
//!   `eth_signTypedData_v3`/`_v4` (EIP-712).
//! - [`solana`]: serialized transactions or messages (legacy and v0): System transfers,
//!   SPL Token transfers/approvals, associated-token-account creation.
//! - [`tron`]: `TransferContract`, `TransferAssetContract`, `TriggerSmartContract` with
//!   TRC-20 calldata, read from `raw_data_hex` (what is signed) when present.
//! - [`bitcoin`]: UniSat `sendBitcoin`, the sats-connect/Leather/Xverse `sendTransfer`, and
//!   PSBTs ([`psbt`], BIP-174/370) for `signPsbt`, `signPsbts`, `pushPsbt`.
//!
//! Deviations and limits: ERC-20 decimals are only known for a few well-known tokens
//! (other amounts are shown in raw units); Solana accounts loaded through address lookup
//! tables cannot be resolved offline (a note says so), and the owner of a destination token
//! account is only known when the same transaction creates it; PSBT outputs are read as
//! Bitcoin mainnet addresses.

pub mod bitcoin;
pub mod evm;
pub mod solana;
pub mod tron;

mod abi;
mod psbt;
pub mod text;
mod units;

use crate::address;
use crate::list::LoadedSet;
use crate::verdict::{self, Verdict};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use text::{say, Param, Phrase, Text};

/// Largest request (JSON text) we read; the page-world script caps at the same size.
pub const MAX_REQUEST_BYTES: usize = 1 << 20;
/// Most targets reported for one request (a batch of thousands is cut, with a note).
pub const MAX_TARGETS: usize = 256;

/// What an address can do with the user's assets if the request goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Receives value (coins, tokens, NFTs).
    Recipient,
    /// May spend the user's tokens (ERC-20/Permit/Permit2 approvals, SPL delegates).
    Spender,
    /// May move all of the user's NFTs of a collection (`setApprovalForAll`).
    Operator,
    /// The contract or program the request calls or signs for.
    Contract,
    /// The other side of a signed order (Seaport offerer, zone, maker).
    Counterparty,
    /// Named in a signed message, role unknown.
    Mentioned,
}

/// One address a request sends value to or grants power to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Target {
    /// Canonical for EVM (lowercase 0x), Solana (base58) and Tron (`T...`); as given for
    /// Bitcoin (canonicalised by [`check`]).
    pub address: String,
    pub role: Role,
    /// What the request does, in plain words, ending where the address goes:
    /// "send 1.5 ETH to", "approve unlimited USDC spending by" (English: the CLI's words and
    /// the extension's fallback).
    pub action: String,
    /// The same as a [`text::Text`] code and its parameters, for the extension to localise
    /// (`action_<code>`).
    pub action_code: &'static str,
    pub action_params: Vec<Param>,
    /// The asset when known: "ETH", "USDC", "token 0xa0b8...", "SOL".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    /// The amount when decodable: "1.5", "unlimited", "1000000 (raw units)".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

impl Target {
    /// A target doing `action` (its English and its code from the one [`text`] table).
    pub(crate) fn new(
        address: String,
        role: Role,
        action: Phrase,
        asset: Option<String>,
        amount: Option<String>,
    ) -> Target {
        Target {
            address,
            role,
            action: action.to_string(),
            action_code: action.text.code(),
            action_params: action.params,
            asset,
            amount,
        }
    }
}

/// Every address a request names, and what could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    pub targets: Vec<Target>,
    /// Notes: what could not be resolved offline, what was cut (`to_string()`: English).
    pub notes: Vec<Phrase>,
    /// SPL transfer destinations (token accounts), for [`check`] to resolve to their owner.
    #[serde(skip)]
    pub(crate) token_accounts: Vec<TokenAccount>,
}

/// The destination token account of an SPL transfer, with what the transfer says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TokenAccount {
    pub account: String,
    /// Only `TransferChecked` names the mint.
    pub mint: Option<[u8; 32]>,
    pub program: [u8; 32],
    pub amount: Param,
}

impl Extraction {
    pub(crate) fn push(&mut self, t: Target) {
        if self.targets.len() >= MAX_TARGETS {
            let cut = say!(NoteTooMany);
            if !self.notes.contains(&cut) {
                self.notes.push(cut);
            }
            return;
        }
        if !self.targets.contains(&t) {
            self.targets.push(t);
        }
    }
    pub(crate) fn note(&mut self, n: Phrase) {
        if !self.notes.contains(&n) && self.notes.len() < 32 {
            self.notes.push(n);
        }
    }
}

/// Why a request could not be read. `Display` starts with "could not read this request".
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TxError {
    /// Larger than [`MAX_REQUEST_BYTES`].
    TooLarge,
    /// The page-world script could not copy the page's request.
    NotCopied,
    /// Not JSON, or not the `{family, method, params}` shape (why, as a [`text`] phrase).
    BadShape(Phrase),
    /// A family we do not know.
    UnknownFamily(String),
    /// The request's payload (calldata, typed data, serialized transaction) is malformed
    /// (why, as a [`text`] phrase).
    Malformed(Phrase),
}

impl TxError {
    /// What the user is told, as a [`text`] phrase (the decoder's reason is its parameter).
    pub fn phrase(&self) -> Phrase {
        match self {
            TxError::TooLarge => say!(ErrorTooLarge),
            TxError::NotCopied => say!(ErrorNotCopied),
            TxError::BadShape(why) | TxError::Malformed(why) => say!(ErrorUnreadable, why.clone()),
            TxError::UnknownFamily(s) => say!(ErrorUnknownFamily, format!("{s:?}")),
        }
    }
}

impl fmt::Display for TxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.phrase().fmt(f)
    }
}

impl std::error::Error for TxError {}

/// `malformed(Text::PsbtTruncated)`, `malformed(say!(RawUnknownType, "0x05"))`.
pub(crate) fn malformed(why: impl Into<Phrase>) -> TxError {
    TxError::Malformed(why.into())
}

/// Reads one request object `{family, method, params}` (EVM requests may carry the
/// provider's `chainId` beside them).
pub fn extract(req: &Value) -> Result<Extraction, TxError> {
    let obj = req
        .as_object()
        .ok_or_else(|| TxError::BadShape(Text::NotObject.into()))?;
    let family = obj
        .get("family")
        .and_then(Value::as_str)
        .ok_or_else(|| TxError::BadShape(Text::NoFamily.into()))?;
    let method = obj
        .get("method")
        .and_then(Value::as_str)
        .ok_or_else(|| TxError::BadShape(Text::NoMethod.into()))?;
    // The page-world script sends only the envelope when the params were too large to copy.
    if obj.get("tooLarge").and_then(Value::as_bool) == Some(true) {
        return Err(TxError::TooLarge);
    }
    if obj.get("unreadable").and_then(Value::as_bool) == Some(true) {
        return Err(TxError::NotCopied);
    }
    let params = obj.get("params").unwrap_or(&Value::Null);
    match family {
        // The provider's current chain, when the page-world script could read it; a
        // transaction's own chainId wins.
        "evm" => evm::extract_on(method, params, obj.get("chainId")),
        "solana" => solana::extract(method, params),
        "tron" => tron::extract(method, params),
        "bitcoin" => bitcoin::extract(method, params),
        other => Err(TxError::UnknownFamily(other.chars().take(32).collect())),
    }
}

/// [`extract`] on JSON text (size-capped).
pub fn extract_json(text: &str) -> Result<Extraction, TxError> {
    if text.len() > MAX_REQUEST_BYTES {
        return Err(TxError::TooLarge);
    }
    let v: Value =
        serde_json::from_str(text).map_err(|_| TxError::BadShape(Text::NotJson.into()))?;
    extract(&v)
}

/// One target with its verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckedTarget {
    #[serde(flatten)]
    pub target: Target,
    /// None when the address itself does not parse (then `invalid` says why).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid: Option<String>,
}

/// What the extension acts on: `sanctioned` -> the blocking dialog; `error` -> "could not
/// check" choice; otherwise the request passes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub sanctioned: bool,
    /// "could not read this request: ..." when the request was unreadable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `error` as a [`text`] code and its parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub error_params: Vec<Param>,
    pub targets: Vec<CheckedTarget>,
    /// In English, and as [`text`] phrases (`{code, params}`) in `note_codes`, in the same order.
    pub notes: Vec<String>,
    pub note_codes: Vec<Phrase>,
    /// The set's source and date, for the dialog ("OFAC SDN list of 2026-08-20"), and the
    /// source as a code when it is a list the extension names ([`verdict::source_code`]).
    pub list_source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_source_code: Option<&'static str>,
    pub list_date: String,
}

impl Report {
    fn fail(&mut self, e: &TxError) {
        let p = e.phrase();
        self.error = Some(p.to_string());
        self.error_code = Some(p.text.code());
        self.error_params = p.params;
    }
    fn note(&mut self, n: Phrase) {
        self.notes.push(n.to_string());
        self.note_codes.push(n);
    }
}

/// Extracts and checks every target of `req` against `set`.
pub fn check(req: &Value, set: &LoadedSet) -> Report {
    let header = set.header();
    let mut report = Report {
        list_source: header.source.clone(),
        list_source_code: verdict::source_code(&header.source),
        list_date: header.source_date.clone(),
        ..Report::default()
    };
    match extract(req) {
        Err(e) => report.fail(&e),
        Ok(mut ex) => {
            let unresolved = resolve_token_owners(&mut ex, set);
            for n in ex.notes {
                report.note(n);
            }
            for target in ex.targets {
                let (verdict, invalid) = match address::parse(&target.address) {
                    Ok(a) => (Some(verdict::check(&a, set)), None),
                    Err(e) => (None, Some(e.to_string())),
                };
                if verdict.as_ref().is_some_and(|v| v.sanctioned) {
                    report.sanctioned = true;
                }
                report.targets.push(CheckedTarget {
                    target,
                    verdict,
                    invalid,
                });
            }
            if unresolved && report.sanctioned {
                report.note(say!(NoteUnresolvedTokenAccount));
            }
        }
    }
    report
}

/// An SPL transfer to the associated token account of a listed owner is a transfer to that
/// owner: the owner becomes a target beside the token account. A destination that is not
/// such an account cannot be resolved offline; that is said only when the request is
/// otherwise flagged (a clean send is not nagged).
fn resolve_token_owners(ex: &mut Extraction, set: &LoadedSet) -> bool {
    let mut unresolved = false;
    for ta in std::mem::take(&mut ex.token_accounts) {
        let Ok(account) =
            <[u8; 32]>::try_from(bs58::decode(&ta.account).into_vec().unwrap_or_default())
        else {
            continue;
        };
        match set.solana_token_account_owner(&account, ta.mint.as_ref().map(|m| (m, &ta.program))) {
            Some((owner, symbol)) => {
                let token = symbol.map_or_else(|| say!(Tokens).into(), Param::from);
                // The owner target names the token account: one line, not two.
                ex.targets.retain(|t| t.address != ta.account);
                ex.push(Target::new(
                    bs58::encode(owner).into_string(),
                    Role::Recipient,
                    say!(SendViaTokenAccount, &ta.amount, &token, short(&ta.account)),
                    Some(token.to_string()),
                    Some(ta.amount.to_string()),
                ));
            }
            None => unresolved = true,
        }
    }
    unresolved
}

/// [`check`] on JSON text (size-capped); unreadable text becomes `Report::error`.
pub fn check_json(text: &str, set: &LoadedSet) -> Report {
    let e = if text.len() > MAX_REQUEST_BYTES {
        TxError::TooLarge
    } else {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => return check(&v, set),
            Err(_) => TxError::BadShape(Text::NotJson.into()),
        }
    };
    let mut report = Report::default();
    report.fail(&e);
    report
}

/// Shortens an address for action texts ("token 0xa0b8…eb48").
pub(crate) fn short(addr: &str) -> String {
    if addr.len() <= 14 || !addr.is_ascii() {
        return addr.to_string();
    }
    format!("{}…{}", &addr[..6], &addr[addr.len() - 4..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unreadable_requests_say_so() {
        for bad in [
            json!(null),
            json!([]),
            json!({"method": "eth_sendTransaction"}),
            json!({"family": "evm"}),
            json!({"family": "cosmos", "method": "x", "params": []}),
        ] {
            let e = extract(&bad).unwrap_err();
            assert!(
                e.to_string().starts_with("could not read this request"),
                "{e}"
            );
        }
        assert!(extract_json("{").is_err());
        let big = "x".repeat(MAX_REQUEST_BYTES + 1);
        assert!(matches!(extract_json(&big), Err(TxError::TooLarge)));
    }

    #[test]
    fn check_reports_errors_instead_of_failing() {
        let r = check_json("not json", &LoadedSet::default());
        assert!(r.error.unwrap().starts_with("could not read this request"));
        assert!(!r.sanctioned);
    }

    #[test]
    fn short_keeps_ends() {
        assert_eq!(
            short("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"),
            "0xa0b8…eb48"
        );
        assert_eq!(short("abc"), "abc");
    }
}
