//! Bitcoin provider requests:
//! - UniSat `sendBitcoin(toAddress, satoshis, options)`:
//!   <https://docs.unisat.io/dev/unisat-developer-center/unisat-wallet>;
//! - sats-connect / Xverse / Leather `request('sendTransfer', {recipients: [{address,
//!   amount}]})` (amount in satoshis), and Leather's older single `{address, amount}` form.
//!
//! - PSBTs ([`super::psbt`]): UniSat `signPsbt(hex)`, `signPsbts([hex])`, `pushPsbt(hex)`;
//!   sats-connect / Xverse `signPsbt({psbt: base64})`, Leather `signPsbt({hex})`: every
//!   output's address;
//! - UniSat `sendInscription(address, id)` and `sendRunes(address, runeid, amount)`,
//!   sats-connect `ord_sendInscriptions({transfers})` and `runes_transfer({recipients})`.
//!
//! Addresses are returned as given (trimmed); [`super::check`] validates and canonicalises
//! them.

use super::psbt::{self, Payee};
use super::text::{say, Phrase, Text};
use super::units::format_units;
use super::{malformed, Extraction, Role, Target, TxError};
use serde_json::Value;

pub const MAX_RECIPIENTS: usize = 256;

pub fn extract(method: &str, params: &Value) -> Result<Extraction, TxError> {
    let mut out = Extraction::default();
    match method {
        "sendBitcoin" => {
            let p = params
                .as_array()
                .ok_or_else(|| malformed(Text::BtcNoArgs))?;
            let to = p
                .first()
                .and_then(Value::as_str)
                .ok_or_else(|| malformed(Text::BtcNoRecipient))?;
            push(&mut out, to, p.get(1))?;
        }
        "sendTransfer" | "sendBtcTransaction" => {
            let p = match params {
                Value::Array(a) => a.first().unwrap_or(&Value::Null),
                other => other,
            };
            let p = p
                .as_object()
                .ok_or_else(|| malformed(Text::TransferNoParams))?;
            if let Some(rs) = p.get("recipients") {
                let rs = rs
                    .as_array()
                    .ok_or_else(|| malformed(Text::RecipientsNotList))?;
                if rs.is_empty() || rs.len() > MAX_RECIPIENTS {
                    return Err(malformed(Text::RecipientsCount));
                }
                for r in rs {
                    let to = r
                        .get("address")
                        .and_then(Value::as_str)
                        .ok_or_else(|| malformed(Text::RecipientNoAddress))?;
                    push(&mut out, to, r.get("amount"))?;
                }
            } else {
                let to = p
                    .get("address")
                    .and_then(Value::as_str)
                    .ok_or_else(|| malformed(Text::TransferNoRecipients))?;
                push(&mut out, to, p.get("amount"))?;
            }
        }
        "signPsbt" | "signPsbts" | "pushPsbt" | "signPsbtRequest" => {
            let first = match params {
                Value::Array(a) => a.first(),
                other => Some(other),
            };
            let psbts: Vec<&str> = match first {
                Some(Value::String(s)) => vec![s.as_str()],
                Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
                Some(Value::Object(o)) => o
                    .get("psbt")
                    .or_else(|| o.get("hex"))
                    .or_else(|| o.get("psbtBase64"))
                    .and_then(Value::as_str)
                    .into_iter()
                    .collect(),
                _ => vec![],
            };
            if psbts.is_empty() || psbts.len() > MAX_RECIPIENTS {
                return Err(malformed(Text::PsbtMissing));
            }
            for p in psbts {
                push_psbt(&mut out, p)?;
            }
        }
        "sendInscription" | "sendRunes" => {
            let to = params
                .as_array()
                .and_then(|a| a.first())
                .and_then(Value::as_str)
                .ok_or_else(|| malformed(Text::NoRecipient))?;
            push_asset(
                &mut out,
                to,
                if method == "sendInscription" {
                    say!(SendInscription)
                } else {
                    say!(SendRunes)
                },
            )?;
        }
        "ord_sendInscriptions" | "runes_transfer" => {
            let list = first_param(params)
                .and_then(|p| p.get("transfers").or_else(|| p.get("recipients")))
                .and_then(Value::as_array)
                .ok_or_else(|| malformed(Text::NoRecipients))?;
            if list.len() > MAX_RECIPIENTS {
                return Err(malformed(Text::TooManyRecipients));
            }
            for r in list {
                let to = r
                    .get("address")
                    .and_then(Value::as_str)
                    .ok_or_else(|| malformed(Text::RecipientNoAddress))?;
                push_asset(
                    &mut out,
                    to,
                    if method == "runes_transfer" {
                        say!(SendRunes)
                    } else {
                        say!(SendInscription)
                    },
                )?;
            }
        }
        "signMessage" => {}
        other => out.note(say!(
            NoteNotRead,
            other.chars().take(48).collect::<String>()
        )),
    }
    Ok(out)
}

fn first_param(params: &Value) -> Option<&Value> {
    match params {
        Value::Array(a) => a.first(),
        other => Some(other),
    }
}

fn push(out: &mut Extraction, to: &str, amount: Option<&Value>) -> Result<(), TxError> {
    let sats = match amount {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    push_recipient(out, to, sats, say!(SendBitcoin), Some("BTC"))
}

fn push_asset(out: &mut Extraction, to: &str, what: Phrase) -> Result<(), TxError> {
    push_recipient(out, to, None, what, None)
}

/// One PSBT (text): a recipient per standard output, a note for the others. Outputs that
/// pay the user's own change address are listed too: we cannot tell them apart.
fn push_psbt(out: &mut Extraction, text: &str) -> Result<(), TxError> {
    for payee in psbt::payees(text)? {
        match payee {
            Payee::Address(to, sats) => {
                push_recipient(out, &to, Some(sats), say!(SendBitcoin), Some("BTC"))?
            }
            Payee::Data => out.note(say!(NotePsbtData)),
            Payee::NonStandard => out.note(say!(NotePsbtNonStandard)),
        }
    }
    Ok(())
}

/// One recipient: "send 1.5 BTC to" when `sats` is known, else `what` ("send runes to").
fn push_recipient(
    out: &mut Extraction,
    to: &str,
    sats: Option<u64>,
    what: Phrase,
    asset: Option<&str>,
) -> Result<(), TxError> {
    let to = to.trim();
    if to.is_empty() || to.len() > 120 {
        return Err(malformed(Text::RecipientNotAddress));
    }
    let amt = sats.map(|s| format_units(&s.to_be_bytes(), 8));
    let action = match &amt {
        Some(a) => say!(Send, a.as_str(), "BTC"),
        None => what,
    };
    out.push(Target::new(
        to.to_string(),
        Role::Recipient,
        action,
        asset.map(str::to_string),
        amt,
    ));
    Ok(())
}
