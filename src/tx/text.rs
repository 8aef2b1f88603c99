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
    // Why a request could not be read ($1 of `error_unreadable`: the decoder's reason, below).
    ErrorTooLarge = "error_too_large" "could not read this request: larger than 1 MB",
    ErrorNotCopied = "error_not_copied" "could not read this request: the page's request could not be copied for checking",
    ErrorUnknownFamily = "error_unknown_family" "could not read this request: unknown wallet family $1",
    ErrorUnreadable = "error_unreadable" "could not read this request: $1",
    // The decoders' reasons: $1 of `error_unreadable`.
    // The request object (src/tx/mod.rs).
    NotObject = "not_object" "expected an object",
    NoFamily = "no_family" "missing family",
    NoMethod = "no_method" "missing method",
    NotJson = "not_json" "not valid JSON",
    // EVM requests (src/tx/evm).
    NoTxObject = "no_tx_object" "no transaction object",
    NoSignedTx = "no_signed_tx" "no signed transaction",
    NoBatchObject = "no_batch_object" "no batch object",
    NoCalls = "no_calls" "wallet_sendCalls without calls",
    TooManyCalls = "too_many_calls" "too many calls in one batch",
    CallNotObject = "call_not_object" "a call in the batch is not an object",
    ValueNotNumber = "value_not_number" "transaction value is not a number",
    DataNotHex = "data_not_hex" "transaction data is not hex",
    DataNotString = "data_not_string" "transaction data is not a string",
    ToNotAddress = "to_not_address" "`to` is not an address",
    ToNotString = "to_not_string" "`to` is not a string",
    AuthListNotList = "auth_list_not_list" "authorizationList is not a list",
    AuthNoAddress = "auth_no_address" "an EIP-7702 authorization has no address",
    CallsTooDeep = "calls_too_deep" "calls nested too deeply to check",
    CallDataBad = "call_data_bad" "$1 call data is truncated or malformed",
    // EIP-712 typed data.
    TdNotJson = "td_not_json" "typed data is not valid JSON",
    TdNotObject = "td_not_object" "typed data is not an object",
    TdMissing = "td_missing" "no typed data in the request",
    TdLegacyNoAddress = "td_legacy_no_address" "an address field holds no address",
    TdNoTypes = "td_no_types" "typed data has no types",
    TdNoPrimary = "td_no_primary" "typed data has no primaryType",
    TdNoMessage = "td_no_message" "typed data has no message",
    TdPrimaryUndeclared = "td_primary_undeclared" "primaryType is not declared in types",
    TdContractNotAddress = "td_contract_not_address" "verifyingContract is not an address",
    TdTooLarge = "td_too_large" "typed data is too large to check",
    TdTooDeep = "td_too_deep" "typed data is nested too deeply to check",
    TdBadArrayType = "td_bad_array_type" "typed data has a malformed array type",
    TdNotArray = "td_not_array" "typed data: an array field holds no array",
    TdBadArraySize = "td_bad_array_size" "typed data has a malformed array size",
    TdArrayLength = "td_array_length" "typed data: a fixed-size array has the wrong length",
    TdNoAddress = "td_no_address" "typed data: an address field holds no address",
    TdSelfReference = "td_self_reference" "typed data refers to itself too deeply",
    TdTypeNotFields = "td_type_not_fields" "typed data: a type is not a field list",
    TdNotStruct = "td_not_struct" "typed data: a struct field holds no object",
    TdFieldNoType = "td_field_no_type" "typed data: a field has no type",
    TdFieldMissing = "td_field_missing" "typed data: field $1 is missing",
    // Signed EVM transactions (RLP); $1 of `raw_bad_rlp` is alloy_rlp's reason, in its words.
    RawBadRlp = "raw_bad_rlp" "bad RLP in the signed transaction ($1)",
    RlpOverflow = "rlp_overflow" "overflow",
    RlpLeadingZero = "rlp_leading_zero" "leading zero",
    RlpInputTooShort = "rlp_input_too_short" "input too short",
    RlpSingleByte = "rlp_single_byte" "non-canonical single byte",
    RlpSize = "rlp_size" "non-canonical size",
    RlpTooBig = "rlp_too_big" "Input too big",
    RawTruncated = "raw_truncated" "the signed transaction is truncated",
    RawTooManyFields = "raw_too_many_fields" "too many fields in the signed transaction",
    RawNoRecipient = "raw_no_recipient" "the signed transaction has no recipient",
    RawNoValue = "raw_no_value" "the signed transaction has no value",
    RawNoData = "raw_no_data" "the signed transaction has no data",
    RawNoSignature = "raw_no_signature" "the signed transaction has no signature",
    RawNoChainId = "raw_no_chain_id" "the signed transaction has no chain id",
    RawNoDelegate = "raw_no_delegate" "the signed transaction has no delegate",
    RawRecipientNotAddress = "raw_recipient_not_address" "the signed transaction's recipient is not an address",
    RawDelegateNotAddress = "raw_delegate_not_address" "the signed transaction's delegate is not an address",
    RawNotHex = "raw_not_hex" "the signed transaction is not hex",
    RawEmpty = "raw_empty" "the signed transaction is empty",
    RawTrailing = "raw_trailing" "bytes after the signed transaction",
    RawUnknownType = "raw_unknown_type" "unknown transaction type $1",
    RawNoAuthList = "raw_no_auth_list" "an EIP-7702 transaction without an authorization list",
    RawAuthNotList = "raw_auth_not_list" "an EIP-7702 authorization is not a list",
    // Bitcoin requests and PSBTs.
    BtcNoArgs = "btc_no_args" "sendBitcoin without arguments",
    BtcNoRecipient = "btc_no_recipient" "sendBitcoin without a recipient",
    TransferNoParams = "transfer_no_params" "sendTransfer without parameters",
    RecipientsNotList = "recipients_not_list" "recipients is not a list",
    RecipientsCount = "recipients_count" "recipients list is empty or too long",
    RecipientNoAddress = "recipient_no_address" "a recipient has no address",
    TransferNoRecipients = "transfer_no_recipients" "sendTransfer without recipients",
    PsbtMissing = "psbt_missing" "no PSBT in the request",
    NoRecipient = "no_recipient" "no recipient",
    NoRecipients = "no_recipients" "no recipients",
    TooManyRecipients = "too_many_recipients" "too many recipients",
    RecipientNotAddress = "recipient_not_address" "recipient is not an address",
    PsbtTruncated = "psbt_truncated" "the PSBT is truncated",
    PsbtNotHex = "psbt_not_hex" "the PSBT is not hex",
    PsbtNotText = "psbt_not_text" "the PSBT is neither hex nor base64",
    PsbtNoMagic = "psbt_no_magic" "not a PSBT (no magic bytes)",
    PsbtNoTx = "psbt_no_tx" "the PSBT has no transaction",
    PsbtTooManyInputs = "psbt_too_many_inputs" "too many inputs in the PSBT",
    PsbtNoUnsignedTx = "psbt_no_unsigned_tx" "the PSBT has no unsigned transaction",
    PsbtNoOutputCount = "psbt_no_output_count" "a PSBT v2 without an output count",
    PsbtTooManyOutputs = "psbt_too_many_outputs" "too many outputs in the PSBT",
    PsbtOutputNoScript = "psbt_output_no_script" "a PSBT v2 output without a script",
    // Solana requests.
    SolMissing = "sol_missing" "no serialized transaction in the request",
    SolTooMany = "sol_too_many" "too many transactions in one request",
    SolNotBytes = "sol_not_bytes" "transaction bytes are not bytes",
    SolNotText = "sol_not_text" "transaction is not a string or bytes",
    SolBadBase64 = "sol_bad_base64" "transaction is not valid base64",
    SolBadBase58 = "sol_bad_base58" "transaction is not valid base58",
    SolNotEncoded = "sol_not_encoded" "transaction is neither base58 nor base64",
    SolNotSolana = "sol_not_solana" "not a Solana transaction or message",
    SolSystemTruncated = "sol_system_truncated" "System transfer data is truncated",
    SolSystemAccounts = "sol_system_accounts" "System transfer lacks its accounts",
    SolSplTruncated = "sol_spl_truncated" "SPL transfer data is truncated",
    SolSplAccounts = "sol_spl_accounts" "SPL transfer lacks its accounts",
    SolApproveTruncated = "sol_approve_truncated" "SPL approve data is truncated",
    SolApproveAccounts = "sol_approve_accounts" "SPL approve lacks its accounts",
    SolAuthorityTruncated = "sol_authority_truncated" "SPL SetAuthority data is truncated",
    // Tron requests.
    TronNoTx = "tron_no_tx" "no transaction to sign",
    TronRecipient = "tron_recipient" "recipient is not a Tron address",
    TronRawNotHex = "tron_raw_not_hex" "raw_data_hex is not hex",
    TronRawNotTx = "tron_raw_not_tx" "raw_data_hex is not a Tron transaction",
    TronNoContract = "tron_no_contract" "the transaction has no contract",
    TronTransferNoRecipient = "tron_transfer_no_recipient" "a transfer has no recipient",
    TronCallNoContract = "tron_call_no_contract" "a contract call has no contract",
    TronNoRawContract = "tron_no_raw_contract" "no raw_data.contract in the transaction",
    TronNoValue = "tron_no_value" "a contract has no parameter value",
    TronNotAddress = "tron_not_address" "$1 is not a Tron address",
    TronDataNotHex = "tron_data_not_hex" "contract call data is not hex",
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
/// A text without parameters.
impl From<Text> for Phrase {
    fn from(text: Text) -> Phrase {
        Phrase {
            text,
            params: Vec::new(),
        }
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
