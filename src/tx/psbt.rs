//! PSBTs (BIP-174 v0, BIP-370 v2): the outputs a partially signed Bitcoin transaction pays,
//! as UniSat `signPsbt`/`signPsbts`/`pushPsbt` (hex) and sats-connect / Xverse / Leather
//! `signPsbt` (base64, or Leather's `{hex}`) carry them.
//!
//! Each output's scriptPubKey becomes the address it pays (Bitcoin mainnet): P2PKH and P2SH
//! (base58check), P2WPKH and P2WSH (bech32, BIP-173), P2TR and later witness versions
//! (bech32m, BIP-350). OP_RETURN data outputs and non-standard scripts are noted, not checked.
//!
//! Why our own reader and not the `bitcoin` crate: `bitcoin` pulls in `secp256k1-sys`, C code
//! that needs a C compiler targeting wasm32 (these machines have gcc only), and we read only
//! the maps and the outputs: ~150 lines, tested against PSBTs built by bitcoinjs-lib
//! (tests/vectors/tx/bitcoin_psbt.json) and against malformed input by the fuzzer.
use super::text::Text;
use super::{malformed, TxError};
use crate::address::base58check::encode_check;
use crate::hex;
use base64::Engine as _;

const MAGIC: &[u8; 5] = b"psbt\xff";
/// Most outputs (and inputs) read from one PSBT.
const MAX_IO: u64 = 4096;

/// One output: its scriptPubKey and amount in satoshis.
type Output = (Vec<u8>, u64);
/// One key-value pair of a PSBT map.
type Pair<'a> = (&'a [u8], &'a [u8]);

struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: u64) -> Result<&'a [u8], TxError> {
        let n = usize::try_from(n).map_err(|_| truncated())?;
        if n > self.b.len() {
            return Err(truncated());
        }
        let (h, t) = self.b.split_at(n);
        self.b = t;
        Ok(h)
    }
    fn u8(&mut self) -> Result<u8, TxError> {
        Ok(self.take(1)?[0])
    }
    /// Bitcoin's CompactSize.
    fn compact(&mut self) -> Result<u64, TxError> {
        Ok(match self.u8()? {
            0xfd => u64::from(u16::from_le_bytes(self.take(2)?.try_into().unwrap())),
            0xfe => u64::from(u32::from_le_bytes(self.take(4)?.try_into().unwrap())),
            0xff => u64::from_le_bytes(self.take(8)?.try_into().unwrap()),
            n => u64::from(n),
        })
    }
    fn u64le(&mut self) -> Result<u64, TxError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    /// One key-value pair of a map, or None at the map's 0x00 separator.
    fn pair(&mut self) -> Result<Option<Pair<'a>>, TxError> {
        let klen = self.compact()?;
        if klen == 0 {
            return Ok(None);
        }
        let key = self.take(klen)?;
        let vlen = self.compact()?;
        Ok(Some((key, self.take(vlen)?)))
    }
}

fn truncated() -> TxError {
    malformed(Text::PsbtTruncated)
}

/// The PSBT in `s`: hex (UniSat) or base64 (BIP-174's text form).
pub(crate) fn decode_text(s: &str) -> Result<Vec<u8>, TxError> {
    let s = s.trim();
    if s.len() >= 10 && s[..10].eq_ignore_ascii_case("70736274ff") {
        return hex::decode(s).ok_or_else(|| malformed(Text::PsbtNotHex));
    }
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|_| malformed(Text::PsbtNotText))
}

/// Every output of the PSBT `bytes`: (script, satoshis).
fn outputs(bytes: &[u8]) -> Result<Vec<Output>, TxError> {
    let mut r = Reader { b: bytes };
    if r.take(5)? != MAGIC {
        return Err(malformed(Text::PsbtNoMagic));
    }
    let mut version = 0u32;
    let mut tx_outputs = None;
    let (mut n_in, mut n_out) = (None, None);
    while let Some((key, value)) = r.pair()? {
        match key[0] {
            0x00 if key.len() == 1 => {
                let (i, o) = unsigned_tx(value)?;
                n_in = Some(i);
                tx_outputs = Some(o);
            }
            0x04 if key.len() == 1 => n_in = Some(Reader { b: value }.compact()?),
            0x05 if key.len() == 1 => n_out = Some(Reader { b: value }.compact()?),
            0xfb if key.len() == 1 && value.len() == 4 => {
                version = u32::from_le_bytes(value.try_into().unwrap())
            }
            _ => {}
        }
    }
    let n_in = n_in.ok_or_else(|| malformed(Text::PsbtNoTx))?;
    if n_in > MAX_IO {
        return Err(malformed(Text::PsbtTooManyInputs));
    }
    for _ in 0..n_in {
        while r.pair()?.is_some() {}
    }
    if let Some(outs) = tx_outputs {
        return Ok(outs);
    }
    if version != 2 {
        return Err(malformed(Text::PsbtNoUnsignedTx));
    }
    let n_out = n_out.ok_or_else(|| malformed(Text::PsbtNoOutputCount))?;
    if n_out > MAX_IO {
        return Err(malformed(Text::PsbtTooManyOutputs));
    }
    let mut outs = Vec::new();
    for _ in 0..n_out {
        let (mut script, mut amount) = (None, None);
        while let Some((key, value)) = r.pair()? {
            match key[0] {
                0x03 if value.len() == 8 => {
                    amount = Some(u64::from_le_bytes(value.try_into().unwrap()))
                }
                0x04 => script = Some(value.to_vec()),
                _ => {}
            }
        }
        let script = script.ok_or_else(|| malformed(Text::PsbtOutputNoScript))?;
        outs.push((script, amount.unwrap_or(0)));
    }
    Ok(outs)
}

/// The unsigned transaction of a v0 PSBT (no witness): its input count and outputs.
fn unsigned_tx(tx: &[u8]) -> Result<(u64, Vec<Output>), TxError> {
    let mut r = Reader { b: tx };
    r.take(4)?; // version
    let n_in = r.compact()?;
    if n_in > MAX_IO {
        return Err(malformed(Text::PsbtTooManyInputs));
    }
    for _ in 0..n_in {
        r.take(36)?;
        let l = r.compact()?;
        r.take(l)?;
        r.take(4)?;
    }
    let n_out = r.compact()?;
    if n_out > MAX_IO {
        return Err(malformed(Text::PsbtTooManyOutputs));
    }
    let mut outs = Vec::new();
    for _ in 0..n_out {
        let value = r.u64le()?;
        let l = r.compact()?;
        outs.push((r.take(l)?.to_vec(), value));
    }
    r.take(4)?; // lock time
    Ok((n_in, outs))
}

/// The mainnet address a standard output script pays, or None (OP_RETURN, non-standard).
pub(crate) fn script_address(s: &[u8]) -> Option<String> {
    let b58 = |version: u8, h: &[u8]| {
        let mut d = [0u8; 21];
        d[0] = version;
        d[1..].copy_from_slice(h);
        encode_check(&d, bs58::Alphabet::BITCOIN)
    };
    match s {
        [0x76, 0xa9, 0x14, h @ .., 0x88, 0xac] if h.len() == 20 => b58(0x00, h),
        [0xa9, 0x14, h @ .., 0x87] if h.len() == 20 => b58(0x05, h),
        [v, n, prog @ ..]
            if (*v == 0 || (0x51..=0x60).contains(v))
                && usize::from(*n) == prog.len()
                && (2..=40).contains(&prog.len()) =>
        {
            let version = if *v == 0 { 0 } else { v - 0x50 };
            if version == 0 && prog.len() != 20 && prog.len() != 32 {
                return None;
            }
            let fe = bech32::Fe32::try_from(version).ok()?;
            bech32::segwit::encode(bech32::hrp::BC, fe, prog).ok()
        }
        _ => None,
    }
}

/// What one output of a PSBT pays.
pub(crate) enum Payee {
    /// A standard script's mainnet address, and the satoshis.
    Address(String, u64),
    /// An OP_RETURN data output.
    Data,
    /// A non-standard script, which names no address.
    NonStandard,
}

/// What every output of the PSBT in `text` (hex or base64) pays, in order.
pub(crate) fn payees(text: &str) -> Result<Vec<Payee>, TxError> {
    let bytes = decode_text(text)?;
    Ok(outputs(&bytes)?
        .into_iter()
        .map(|(script, sats)| match script_address(&script) {
            Some(address) => Payee::Address(address, sats),
            None if script.first() == Some(&0x6a) => Payee::Data,
            None => Payee::NonStandard,
        })
        .collect())
}
