//! Solana: serialized transactions and messages (legacy and v0), as a wallet receives them
//! from `signTransaction`, `signAllTransactions`, `signAndSendTransaction` (Phantom-style
//! providers and Wallet Standard `solana:signTransaction` / `solana:signAndSendTransaction`).
//!
//! Wire format (<https://solana.com/docs/core/transactions>): a transaction is a compact-u16
//! array of 64-byte signatures followed by the message. A message is an optional version
//! prefix (`0x80 | version`; only v0 exists), a 3-byte header, a compact-u16 array of 32-byte
//! account keys, a 32-byte recent blockhash, a compact-u16 array of instructions (program id
//! index, compact-u16 array of account indexes, compact-u16 array of data bytes), and for v0
//! a compact-u16 array of address-table lookups.
//!
//! Read instructions:
//! - System program: `Transfer` (2) -> destination, `TransferWithSeed` (11) -> destination,
//!   `CreateAccount` (0) -> the new account, which receives lamports.
//! - SPL Token and Token-2022: `Transfer` (3) and `TransferChecked` (12) -> destination token
//!   account; `Approve` (4) / `ApproveChecked` (13) -> delegate; `SetAuthority` (6) -> new
//!   authority.
//! - Associated Token Account program `Create`/`CreateIdempotent`: the wallet that owns the
//!   created token account (the real recipient of a transfer to a new token account).
//!
//! Limits (said in notes): accounts loaded from address lookup tables cannot be resolved
//! offline; the owner of an existing destination token account is not in the transaction.

use super::text::{say, Param, Text};
use super::units::format_units;
use super::{malformed, short, Extraction, Role, Target, TxError};
use base64::Engine as _;
use serde_json::Value;

/// Most transactions read from one `signAllTransactions`.
pub const MAX_TRANSACTIONS: usize = 64;

const SYSTEM: [u8; 32] = [0; 32];
use crate::address::solana_ata::{
    self, ATA_PROGRAM as ATA, TOKEN_2022_PROGRAM as TOKEN_2022, TOKEN_PROGRAM as TOKEN,
};

/// Reads one Solana request: params `{transaction}` / `{transactions}` / `{message}` or an
/// array of serialized strings (base58 or base64) / byte arrays.
pub fn extract(method: &str, params: &Value) -> Result<Extraction, TxError> {
    let mut out = Extraction::default();
    match method {
        "signTransaction"
        | "signAllTransactions"
        | "signAndSendTransaction"
        | "signAndSendAllTransactions"
        | "solana:signTransaction"
        | "solana:signAndSendTransaction" => {
            let items = collect(params);
            if items.is_empty() {
                return Err(malformed(Text::SolMissing));
            }
            if items.len() > MAX_TRANSACTIONS {
                return Err(malformed(Text::SolTooMany));
            }
            for item in items {
                let bytes = decode_item(item)?;
                read_transaction_or_message(&bytes, &mut out)?;
            }
        }
        // Messages carry no transfer.
        "signMessage" | "solana:signMessage" | "signIn" | "solana:signIn" => {}
        other => out.note(say!(
            NoteNotRead,
            other.chars().take(48).collect::<String>()
        )),
    }
    Ok(out)
}

fn collect(params: &Value) -> Vec<&Value> {
    match params {
        Value::Array(a) => a.iter().flat_map(collect).collect(),
        Value::Object(o) => {
            for k in ["transaction", "message", "serialized"] {
                if let Some(v) = o.get(k) {
                    return vec![v];
                }
            }
            o.get("transactions")
                .or_else(|| o.get("messages"))
                .map(collect)
                .unwrap_or_default()
        }
        Value::String(_) => vec![params],
        _ => Vec::new(),
    }
}

fn decode_item(v: &Value) -> Result<Vec<u8>, TxError> {
    match v {
        Value::String(s) => decode_text(s.trim()),
        // A byte array as JSON numbers.
        Value::Array(a) => a
            .iter()
            .map(|n| n.as_u64().and_then(|n| u8::try_from(n).ok()))
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| malformed(Text::SolNotBytes)),
        _ => Err(malformed(Text::SolNotText)),
    }
}

/// base64 (with `base64:` prefix, or when it has `+ / =` or fails base58) or base58.
fn decode_text(s: &str) -> Result<Vec<u8>, TxError> {
    let b64 = base64::engine::general_purpose::STANDARD;
    if let Some(rest) = s.strip_prefix("base64:") {
        return b64.decode(rest).map_err(|_| malformed(Text::SolBadBase64));
    }
    if let Some(rest) = s.strip_prefix("base58:") {
        return bs58::decode(rest)
            .into_vec()
            .map_err(|_| malformed(Text::SolBadBase58));
    }
    if let Ok(b) = bs58::decode(s).into_vec() {
        // A string of only base58 characters can also be base64; prefer the reading that
        // parses as a transaction.
        if parse_any(&b).is_ok() {
            return Ok(b);
        }
    }
    b64.decode(s).map_err(|_| malformed(Text::SolNotEncoded))
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.b.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|s| s[0])
    }
    /// compact-u16 (shortvec): 1-3 bytes, 7 bits each, little-endian.
    fn compact_u16(&mut self) -> Option<usize> {
        let mut v: usize = 0;
        for i in 0..3 {
            let byte = self.u8()?;
            if i == 2 && byte > 3 {
                return None;
            }
            v |= usize::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                // Reject non-minimal encodings (a trailing zero byte) like the runtime does.
                if i > 0 && byte == 0 {
                    return None;
                }
                return Some(v);
            }
        }
        None
    }
    fn done(&self) -> bool {
        self.pos == self.b.len()
    }
}

/// A decoded message.
#[derive(Debug)]
pub struct Message {
    pub version: Option<u8>,
    pub keys: Vec<[u8; 32]>,
    pub instructions: Vec<Instruction>,
    /// Accounts loaded from lookup tables (v0): writable + readonly counts.
    pub looked_up: usize,
}

#[derive(Debug)]
pub struct Instruction {
    pub program: usize,
    pub accounts: Vec<usize>,
    pub data: Vec<u8>,
}

fn parse_message(r: &mut Reader<'_>) -> Option<Message> {
    let first = *r.b.get(r.pos)?;
    let version = if first & 0x80 != 0 {
        r.u8()?;
        let v = first & 0x7f;
        if v != 0 {
            return None;
        }
        Some(v)
    } else {
        None
    };
    let header = r.take(3)?;
    let n_keys = r.compact_u16()?;
    let mut keys = Vec::with_capacity(n_keys.min(256));
    for _ in 0..n_keys {
        keys.push(r.take(32)?.try_into().ok()?);
    }
    if usize::from(header[0]) > keys.len() {
        return None;
    }
    r.take(32)?; // recent blockhash
    let n_ix = r.compact_u16()?;
    let mut instructions = Vec::with_capacity(n_ix.min(64));
    for _ in 0..n_ix {
        let program = usize::from(r.u8()?);
        let n_acc = r.compact_u16()?;
        let accounts = r.take(n_acc)?.iter().map(|i| usize::from(*i)).collect();
        let n_data = r.compact_u16()?;
        let data = r.take(n_data)?.to_vec();
        instructions.push(Instruction {
            program,
            accounts,
            data,
        });
    }
    let mut looked_up = 0;
    if version.is_some() {
        let n_lookups = r.compact_u16()?;
        for _ in 0..n_lookups {
            r.take(32)?;
            let w = r.compact_u16()?;
            r.take(w)?;
            let ro = r.compact_u16()?;
            r.take(ro)?;
            looked_up += w + ro;
        }
    }
    Some(Message {
        version,
        keys,
        instructions,
        looked_up,
    })
}

/// Parses bytes as a full transaction (signatures + message) or, failing that, as a bare
/// message. Both readings must consume every byte.
pub fn parse_any(bytes: &[u8]) -> Result<Message, TxError> {
    let mut r = Reader { b: bytes, pos: 0 };
    if let Some(n_sigs) = r.compact_u16() {
        if n_sigs > 0 && r.take(n_sigs.saturating_mul(64)).is_some() {
            let start = r.pos;
            if let Some(m) = parse_message(&mut r) {
                if r.done()
                    && usize::from(bytes[start + usize::from(m.version.is_some())]) == n_sigs
                {
                    return Ok(m);
                }
            }
        }
    }
    let mut r = Reader { b: bytes, pos: 0 };
    match parse_message(&mut r) {
        Some(m) if r.done() => Ok(m),
        _ => Err(malformed(Text::SolNotSolana)),
    }
}

fn b58(k: &[u8; 32]) -> String {
    bs58::encode(k).into_string()
}

fn read_transaction_or_message(bytes: &[u8], out: &mut Extraction) -> Result<(), TxError> {
    let m = parse_any(bytes)?;
    let token = bs58_key(TOKEN);
    let token22 = bs58_key(TOKEN_2022);
    let ata = bs58_key(ATA);
    if m.looked_up > 0 {
        out.note(say!(NoteLookupTables));
    }
    for ix in &m.instructions {
        let Some(program) = m.keys.get(ix.program) else {
            out.note(say!(NoteLookupProgram));
            continue;
        };
        // The account at instruction position `i`, when it is a static key.
        let acct = |i: usize, out: &mut Extraction| -> Option<String> {
            let idx = *ix.accounts.get(i)?;
            match m.keys.get(idx) {
                Some(k) => Some(b58(k)),
                None => {
                    out.note(say!(NoteLookupAccount));
                    None
                }
            }
        };
        let d = &ix.data;
        if *program == SYSTEM {
            let tag = d
                .get(..4)
                .map(|t| u32::from_le_bytes([t[0], t[1], t[2], t[3]]));
            let lamports = |at: usize| -> Option<String> {
                let b: [u8; 8] = d.get(at..at + 8)?.try_into().ok()?;
                Some(format_units(&u64::from_le_bytes(b).to_be_bytes(), 9))
            };
            let (dest_pos, amt) = match tag {
                Some(2) => (1, lamports(4)),
                Some(11) => (2, lamports(4)),
                Some(0) => (1, lamports(4)),
                _ => continue,
            };
            let amt = amt.ok_or_else(|| malformed(Text::SolSystemTruncated))?;
            if let Some(to) = acct(dest_pos, out) {
                let action = if tag == Some(0) {
                    say!(FundAccount, amt.as_str())
                } else {
                    say!(Send, amt.as_str(), "SOL")
                };
                out.push(Target::new(
                    to,
                    Role::Recipient,
                    action,
                    Some("SOL".into()),
                    Some(amt),
                ));
            } else if ix.accounts.len() <= dest_pos {
                return Err(malformed(Text::SolSystemAccounts));
            }
        } else if program == &token || program == &token22 {
            let raw_amount = |at: usize| -> Option<u64> {
                Some(u64::from_le_bytes(d.get(at..at + 8)?.try_into().ok()?))
            };
            match d.first() {
                Some(3) | Some(12) => {
                    let checked = d[0] == 12;
                    let amount = raw_amount(1).ok_or_else(|| malformed(Text::SolSplTruncated))?;
                    let (amt, mint) = if checked {
                        let dec = *d.get(9).ok_or_else(|| malformed(Text::SolSplTruncated))?;
                        (
                            Param::from(format_units(&amount.to_be_bytes(), u32::from(dec))),
                            acct(1, out),
                        )
                    } else {
                        (say!(RawUnits, amount.to_string()).into(), None)
                    };
                    let dest_pos = if checked { 2 } else { 1 };
                    if ix.accounts.len() <= dest_pos {
                        return Err(malformed(Text::SolSplAccounts));
                    }
                    if let Some(to) = acct(dest_pos, out) {
                        let asset: Param = mint
                            .as_ref()
                            .map(|m| match solana_ata::mint_symbol(&bs58_key(m)) {
                                Some(symbol) => symbol.into(),
                                None => say!(TokenAt, short(m)).into(),
                            })
                            .unwrap_or_else(|| say!(Tokens).into());
                        // check() resolves the owner when this is a listed owner's
                        // associated token account.
                        out.token_accounts.push(super::TokenAccount {
                            account: to.clone(),
                            mint: mint.as_deref().map(bs58_key),
                            program: *program,
                            amount: amt.clone(),
                        });
                        out.push(Target::new(
                            to,
                            Role::Recipient,
                            say!(SendToTokenAccount, &amt, &asset),
                            Some(asset.to_string()),
                            Some(amt.to_string()),
                        ));
                    }
                }
                Some(4) | Some(13) => {
                    let pos = if d[0] == 13 { 2 } else { 1 };
                    let amount =
                        raw_amount(1).ok_or_else(|| malformed(Text::SolApproveTruncated))?;
                    if ix.accounts.len() <= pos {
                        return Err(malformed(Text::SolApproveAccounts));
                    }
                    if let Some(del) = acct(pos, out) {
                        out.push(Target::new(
                            del,
                            Role::Spender,
                            say!(ApproveRawUnits, amount.to_string()),
                            None,
                            Some(amount.to_string()),
                        ));
                    }
                }
                // SetAuthority: [6, authority_type, COption<Pubkey>]
                Some(6) if d.get(2) == Some(&1) => {
                    let k: [u8; 32] = d
                        .get(3..35)
                        .and_then(|s| s.try_into().ok())
                        .ok_or_else(|| malformed(Text::SolAuthorityTruncated))?;
                    out.push(Target::new(
                        b58(&k),
                        Role::Operator,
                        say!(NewAuthority),
                        None,
                        None,
                    ));
                }
                _ => {}
            }
        } else if program == &ata {
            // Create (empty data or [0]) / CreateIdempotent ([1]): accounts
            // [payer, token account, owner wallet, mint, system, token program].
            if matches!(d.first(), None | Some(0) | Some(1)) {
                if let Some(owner) = acct(2, out) {
                    out.push(Target::new(
                        owner,
                        Role::Recipient,
                        say!(CreateTokenAccount),
                        None,
                        None,
                    ));
                }
            }
        }
    }
    Ok(())
}

fn bs58_key(s: &str) -> [u8; 32] {
    let mut k = [0u8; 32];
    if let Ok(v) = bs58::decode(s).into_vec() {
        if v.len() == 32 {
            k.copy_from_slice(&v);
        }
    }
    k
}

/// Test helpers: build messages and transactions byte by byte.
#[cfg(test)]
pub(crate) mod build {
    pub fn compact(n: usize, out: &mut Vec<u8>) {
        let mut n = n;
        loop {
            let mut b = (n & 0x7f) as u8;
            n >>= 7;
            if n != 0 {
                b |= 0x80;
            }
            out.push(b);
            if n == 0 {
                break;
            }
        }
    }
    /// keys, instructions (program index, account indexes, data), v0 lookups (w, ro).
    pub fn message(
        v0: bool,
        keys: &[[u8; 32]],
        ixs: &[(u8, Vec<u8>, Vec<u8>)],
        lookups: &[(usize, usize)],
    ) -> Vec<u8> {
        let mut m = Vec::new();
        if v0 {
            m.push(0x80);
        }
        m.extend([1, 0, 1]);
        compact(keys.len(), &mut m);
        for k in keys {
            m.extend(k);
        }
        m.extend([7u8; 32]);
        compact(ixs.len(), &mut m);
        for (p, accs, data) in ixs {
            m.push(*p);
            compact(accs.len(), &mut m);
            m.extend(accs);
            compact(data.len(), &mut m);
            m.extend(data);
        }
        if v0 {
            compact(lookups.len(), &mut m);
            for (w, ro) in lookups {
                m.extend([9u8; 32]);
                compact(*w, &mut m);
                m.extend((0..*w).map(|i| i as u8));
                compact(*ro, &mut m);
                m.extend((0..*ro).map(|i| i as u8));
            }
        }
        m
    }
    pub fn transaction(msg: &[u8]) -> Vec<u8> {
        let mut t = Vec::new();
        compact(1, &mut t);
        t.extend([0u8; 64]);
        t.extend(msg);
        t
    }
}

#[cfg(test)]
mod tests {
    use super::build::*;
    use super::*;
    use serde_json::json;

    #[test]
    fn compact_u16_edges() {
        for n in [0usize, 1, 127, 128, 255, 16383, 16384, 65535] {
            let mut v = Vec::new();
            compact(n, &mut v);
            let mut r = Reader { b: &v, pos: 0 };
            assert_eq!(r.compact_u16(), Some(n), "{n}");
            assert!(r.done());
        }
        // Non-minimal and overlong encodings.
        assert_eq!(
            Reader {
                b: &[0x80, 0x00],
                pos: 0
            }
            .compact_u16(),
            None
        );
        assert_eq!(
            Reader {
                b: &[0xff, 0xff, 0x04],
                pos: 0
            }
            .compact_u16(),
            None
        );
        assert_eq!(Reader { b: &[0x80], pos: 0 }.compact_u16(), None);
    }

    #[test]
    fn lookup_tables_are_noted() {
        let from = [1u8; 32];
        let mut data = 2u32.to_le_bytes().to_vec();
        data.extend(1_000_000_000u64.to_le_bytes());
        // Destination index 2 lies in the lookup table (2 static keys + 1 looked up).
        let msg = message(true, &[from, SYSTEM], &[(1, vec![0, 2], data)], &[(1, 0)]);
        let tx = transaction(&msg);
        let s = bs58::encode(&tx).into_string();
        let ex = extract("signTransaction", &json!([s])).unwrap();
        assert!(ex.targets.is_empty());
        assert!(ex
            .notes
            .iter()
            .any(|n| n.to_string().contains("lookup table")));
    }

    #[test]
    fn garbage_is_an_error() {
        for s in ["", "abc", "AAAA", "base64:!!!"] {
            assert!(extract("signTransaction", &json!([s])).is_err(), "{s}");
        }
        assert!(extract("signTransaction", &json!([])).is_err());
    }
}
