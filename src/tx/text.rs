//! Every text the engine says about a wallet request, defined once: a stable code and its
//! English template, `$1`..`$9` where the parameters go (as chrome.i18n writes them).
//!
//! The extension shows `action_<code>` from `extension/_locales/<lang>/messages.json` with
//! the parameters filled in, and falls back to the English rendering the report carries
//! beside the code (`Target::action`, `Report::notes`, `Report::error`), which is also what
//! the CLI prints. A parameter is data (an amount, a token symbol, an address) or itself a
//! phrase (`unlimited`, `1000 (raw units)`, `token 0xa0b8…eb48`), serialised as
//! `{code, params}`, or a list of those (an array, shown joined by ", "). Tests: every code is unique and has a message with as many
//! placeholders in every locale, whose English is the template here
//! (tests/suite/tx_text.rs).

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! texts {
    ($($name:ident = $code:literal $en:literal,)*) => {
        /// One text of the table (see the module docs).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Text {
            $($name,)*
        }
        impl Text {
            /// Every text, in table order.
            pub const ALL: &'static [Text] = &[$(Text::$name,)*];
            /// The stable code: the extension's message is `action_<code>`.
            pub const fn code(self) -> &'static str {
                match self { $(Text::$name => $code,)* }
            }
            /// The English template.
            pub const fn english(self) -> &'static str {
                match self { $(Text::$name => $en,)* }
            }
        }
    };
}

texts! {
    // What a request does, ending where the address goes.
    Send = "send" "send $1 $2 to",
    SendAndCall = "send_and_call" "send $1 $2 to and call contract",
    CallContract = "call_contract" "call contract",
    TransferFrom = "transfer_from" "transfer $1 (amount or NFT id $2) to",
    Approve = "approve" "approve $1 $2 spending by",
    ApprovePermit2 = "approve_permit2" "approve $1 $2 spending (Permit2) by",
    ApproveListPermit2 = "approve_list_permit2" "approve spending of $1 (Permit2) by",
    TransferNft = "transfer_nft" "transfer NFT #$1 of $2 to",
    TransferItems = "transfer_items" "transfer $1 of item #$2 of $3 to",
    TransferSeveralItems = "transfer_several_items" "transfer several items of $1 to",
    Operator = "operator" "let this operator move all your $1 items:",
    Delegate7702 = "delegate_7702" "hand control of your account (EIP-7702 delegation) to the code at",
    SignPermit2612 = "sign_permit_2612" "sign a permit (EIP-2612) allowing token spending by",
    SignPermit2 = "sign_permit2" "sign a Permit2 approval allowing token spending by",
    SignPermit = "sign_permit" "sign a permit allowing token spending by",
    SignSendsTo = "sign_sends_to" "sign an order or transfer that sends assets to",
    SignDelegation = "sign_delegation" "sign a delegation of control to",
    SignOrderWith = "sign_order_with" "sign an order with",
    SignForContract = "sign_for_contract" "sign a message for contract",
    SignNaming = "sign_naming" "sign a message naming",
    FundAccount = "fund_account" "fund a new account with $1 SOL:",
    SendToTokenAccount = "send_to_token_account" "send $1 $2 to token account",
    SendViaTokenAccount = "send_via_token_account" "send $1 $2 to the token account $3 of",
    ApproveRawUnits = "approve_raw_units" "approve spending of $1 token units (raw) by",
    NewAuthority = "new_authority" "make this address the new authority of a token account or mint:",
    CreateTokenAccount = "create_token_account" "create a token account (to receive tokens) owned by",
    SendSome = "send_some" "send some $1 to",
    SendTrc10 = "send_trc10" "send $1 of TRC-10 token $2 to",
    SendSomeTrc10 = "send_some_trc10" "send some of TRC-10 token $1 to",
    SendBitcoin = "send_bitcoin" "send bitcoin to",
    SendInscription = "send_inscription" "send an inscription to",
    SendRunes = "send_runes" "send runes to",
    // Amounts and assets inside those.
    Unlimited = "unlimited" "unlimited",
    RawUnits = "raw_units" "$1 (raw units)",
    TokenAt = "token_at" "token $1",
    NoTokens = "no_tokens" "no tokens",
    Tokens = "tokens" "tokens",
    NativeCoin = "native_coin" "native coin",
    // Notes: what could not be read, or is no risk.
    NoteTooMany = "note_too_many" "too many addresses in this request: only the first 256 were read",
    NoteUnknownCall = "note_unknown_call" "calls function $1 on $2: its arguments were not read",
    NoteRemovesApproval = "note_removes_approval" "removes the approval of $1 (not a risk)",
    NoteRemovesOperator = "note_removes_operator" "removes operator $1 (not a risk)",
    NoteNotRead = "note_not_read" "$1 is not a request we read",
    NoteDeploys = "note_deploys" "deploys a new contract (no recipient)",
    NoteUnresolvedTokenAccount = "note_unresolved_token_account" "an SPL token transfer here names a token account, not a wallet: it is not the associated token account of a listed owner, and other token accounts cannot be resolved offline",
    NoteLookupTables = "note_lookup_tables" "some accounts come from address lookup tables, which cannot be read offline: those addresses were not checked",
    NoteLookupProgram = "note_lookup_program" "an instruction's program comes from a lookup table and was not read",
    NoteLookupAccount = "note_lookup_account" "an account comes from an address lookup table, which cannot be read offline: it was not checked",
    NoteContractNotRead = "note_contract_not_read" "a $1 contract was not read: its addresses were not checked",
    NotePsbtData = "note_psbt_data" "the PSBT has a data (OP_RETURN) output",
    NotePsbtNonStandard = "note_psbt_non_standard" "the PSBT pays a non-standard script, which names no address",
    // Why a request could not be read ($1 of `error_unreadable`: the decoder's words).
    ErrorTooLarge = "error_too_large" "could not read this request: larger than 1 MB",
    ErrorNotCopied = "error_not_copied" "could not read this request: the page's request could not be copied for checking",
    ErrorUnknownFamily = "error_unknown_family" "could not read this request: unknown wallet family $1",
    ErrorUnreadable = "error_unreadable" "could not read this request: $1",
}

/// A text with its parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub text: Text,
    pub params: Vec<Param>,
}

/// One parameter: data, a phrase of its own, or a list of either (shown joined by ", ").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Param {
    Data(String),
    Phrase(Phrase),
    List(Vec<Param>),
}

/// `say!(Send, amount, token)`: the phrase `Text::Send` with those parameters (anything
/// `Param: From`).
macro_rules! say {
    ($text:ident $(, $p:expr)* $(,)?) => {
        $crate::tx::text::Phrase {
            text: $crate::tx::text::Text::$text,
            params: vec![$($crate::tx::text::Param::from($p)),*],
        }
    };
}
pub(crate) use say;

impl From<String> for Param {
    fn from(s: String) -> Param {
        Param::Data(s)
    }
}
impl From<&str> for Param {
    fn from(s: &str) -> Param {
        Param::Data(s.to_string())
    }
}
impl From<Phrase> for Param {
    fn from(p: Phrase) -> Param {
        Param::Phrase(p)
    }
}
impl From<&Param> for Param {
    fn from(p: &Param) -> Param {
        p.clone()
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Param::Data(s) => f.write_str(s),
            Param::Phrase(p) => p.fmt(f),
            Param::List(l) => {
                for (i, p) in l.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    p.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

/// The English rendering.
impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.text.english();
        while let Some(i) = rest.find('$') {
            f.write_str(&rest[..i])?;
            let digit = rest[i + 1..].chars().next().and_then(|c| c.to_digit(10));
            match digit {
                Some(n @ 1..=9) => {
                    if let Some(p) = self.params.get(n as usize - 1) {
                        p.fmt(f)?;
                    }
                    rest = &rest[i + 2..];
                }
                _ => {
                    f.write_str("$")?;
                    rest = &rest[i + 1..];
                }
            }
        }
        f.write_str(rest)
    }
}

/// `{code, params}`.
impl Serialize for Phrase {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Phrase", 2)?;
        st.serialize_field("code", self.text.code())?;
        st.serialize_field("params", &self.params)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_english_with_nested_params() {
        let p = say!(Approve, say!(RawUnits, "5"), say!(TokenAt, "0x3333…3333"));
        assert_eq!(
            p.to_string(),
            "approve 5 (raw units) token 0x3333…3333 spending by"
        );
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({"code": "approve", "params": [
                {"code": "raw_units", "params": ["5"]},
                {"code": "token_at", "params": ["0x3333…3333"]}]})
        );
        // A `$` not followed by a digit is text; a missing parameter is empty.
        assert_eq!(say!(Send, "$5").to_string(), "send $5  to");
    }
}
