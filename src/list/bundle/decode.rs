//! Decoding: frame, signature, then the whole body, before anything is returned.

use super::*;
use crate::list::model::{Entity, Header};
use crate::list::sign::{self, SIGNATURE_LEN};

/// Checks the frame: magic, version, declared length against the actual length and the
/// cap. Cheap; runs before the signature is hashed.
pub fn check_frame(bytes: &[u8], limits: &Limits) -> Result<(), BundleError> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(BundleError::Oversized(format!(
            "{} bytes, the limit is {}",
            bytes.len(),
            limits.max_bytes
        )));
    }
    if bytes.len() < MAGIC.len() {
        if MAGIC.starts_with(bytes) {
            return Err(BundleError::Truncated {
                expected: (FIXED_HEADER_LEN + SIGNATURE_LEN) as u64,
                actual: bytes.len() as u64,
            });
        }
        return Err(BundleError::BadMagic);
    }
    if &bytes[..5] != MAGIC {
        return Err(BundleError::BadMagic);
    }
    if bytes.len() < 7 {
        return Err(BundleError::Truncated {
            expected: (FIXED_HEADER_LEN + SIGNATURE_LEN) as u64,
            actual: bytes.len() as u64,
        });
    }
    let version = u16::from_le_bytes([bytes[5], bytes[6]]);
    if version != FORMAT_VERSION {
        return Err(BundleError::UnsupportedVersion(version));
    }
    if bytes.len() < FIXED_HEADER_LEN + SIGNATURE_LEN {
        return Err(BundleError::Truncated {
            expected: (FIXED_HEADER_LEN + SIGNATURE_LEN) as u64,
            actual: bytes.len() as u64,
        });
    }
    let declared = u64::from_le_bytes(bytes[7..15].try_into().expect("8 bytes"));
    if declared > limits.max_bytes {
        return Err(BundleError::Oversized(format!(
            "declares {declared} bytes, the limit is {}",
            limits.max_bytes
        )));
    }
    let actual = bytes.len() as u64;
    if actual < declared {
        return Err(BundleError::Truncated {
            expected: declared,
            actual,
        });
    }
    if actual > declared {
        return Err(BundleError::TrailingBytes {
            extra: actual - declared,
        });
    }
    Ok(())
}

/// Reads the sequence number after [`check_frame`] succeeded (no signature check).
pub fn peek_sequence(bytes: &[u8]) -> Option<u64> {
    bytes
        .get(15..23)
        .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
}

/// Frame, signature, full parse. Nothing is returned unless everything checks out.
pub fn decode<'a>(
    bytes: &'a [u8],
    pubkey: &[u8; 32],
    limits: &Limits,
) -> Result<Decoded<'a>, BundleError> {
    check_frame(bytes, limits)?;
    let split = bytes.len() - SIGNATURE_LEN;
    let sig: &[u8; SIGNATURE_LEN] = bytes[split..].try_into().expect("64 bytes");
    if !sign::verify(pubkey, &bytes[..split], sig) {
        return Err(BundleError::BadSignature);
    }
    parse_body(bytes, limits)
}

/// Frame and full parse WITHOUT the signature check: for `list show`/`sign` of a bundle
/// being prepared, and for fuzzing the parser. Never use it to load a set.
pub fn decode_unverified<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Decoded<'a>, BundleError> {
    check_frame(bytes, limits)?;
    parse_body(bytes, limits)
}

struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
}

fn malformed(s: impl Into<String>) -> BundleError {
    BundleError::Malformed(s.into())
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], BundleError> {
        if self.b.len() - self.pos < n {
            return Err(malformed(format!(
                "{what} runs past the end at byte {}",
                self.pos
            )));
        }
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self, what: &str) -> Result<u8, BundleError> {
        Ok(self.take(1, what)?[0])
    }
    fn varint(&mut self, what: &str) -> Result<u64, BundleError> {
        let mut v = 0u64;
        for i in 0..10 {
            let b = self.u8(what)?;
            if i == 9 && b > 1 {
                break;
            }
            v |= ((b & 0x7f) as u64) << (7 * i);
            if b & 0x80 == 0 {
                // Reject non-minimal encodings so one set has exactly one byte form.
                if i > 0 && b == 0 {
                    return Err(malformed(format!("{what}: non-minimal varint")));
                }
                return Ok(v);
            }
        }
        Err(malformed(format!("{what}: varint overflow")))
    }
    fn count(&mut self, what: &str, max: u64) -> Result<u64, BundleError> {
        let v = self.varint(what)?;
        if v > max {
            return Err(BundleError::Oversized(format!(
                "{what} {v} over the cap {max}"
            )));
        }
        Ok(v)
    }
    fn str(&mut self, what: &str, max: usize) -> Result<String, BundleError> {
        let n = self.count(what, max as u64)? as usize;
        let raw = self.take(n, what)?;
        std::str::from_utf8(raw)
            .map(str::to_owned)
            .map_err(|_| malformed(format!("{what} is not UTF-8")))
    }
    fn list(&mut self, what: &str, max_len: usize) -> Result<Vec<String>, BundleError> {
        let n = self.count(what, MAX_LIST_ITEMS as u64)?;
        let mut v = Vec::with_capacity(n as usize);
        for _ in 0..n {
            v.push(self.str(what, max_len)?);
        }
        Ok(v)
    }
}

fn parse_body<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Decoded<'a>, BundleError> {
    let end = bytes.len() - SIGNATURE_LEN;
    let mut c = Cursor {
        b: &bytes[..end],
        pos: FIXED_HEADER_LEN,
    };
    let sequence = peek_sequence(bytes).ok_or_else(|| malformed("no sequence"))?;
    let generated_at = c.str("generated_at", MAX_SHORT_STR)?;
    let source = c.str("source", MAX_SHORT_STR)?;
    let source_date = c.str("source_date", MAX_SHORT_STR)?;
    let entity_count = c.count("entity count", limits.max_entities as u64)? as u32;
    let entry_count = c.count("entry count", limits.max_entries as u64)? as u32;

    let ticker_count = c.count("asset code count", MAX_TICKERS as u64)?;
    let mut tickers: Vec<String> = Vec::with_capacity(ticker_count as usize);
    for _ in 0..ticker_count {
        let t = c.str("asset code", MAX_SHORT_STR)?;
        if tickers.last().is_some_and(|p| *p >= t) {
            return Err(malformed("asset codes not strictly ascending"));
        }
        tickers.push(t);
    }

    // Each entity takes at least 6 bytes: never reserve more than the input can hold.
    let remaining = (end - c.pos) / 6;
    let mut entities = Vec::with_capacity((entity_count as usize).min(remaining));
    for _ in 0..entity_count {
        let name = c.str("entity name", MAX_NAME)?;
        let uid = c.varint("sdn uid")?;
        let sdn_uid = match uid {
            0 => None,
            u if u <= u32::MAX as u64 + 1 => Some((u - 1) as u32),
            _ => return Err(malformed("sdn uid out of range")),
        };
        let kind = c.str("entity kind", MAX_SHORT_STR)?;
        let programs = c.list("program", MAX_SHORT_STR)?;
        let akas = c.list("a.k.a.", MAX_NAME)?;
        let d = c.str("designation date", MAX_SHORT_STR)?;
        entities.push(Entity {
            name,
            sdn_uid,
            kind,
            programs,
            akas,
            designated: if d.is_empty() { None } else { Some(d) },
        });
    }

    let group_count = c.count("group count", limits.max_entries as u64)?;
    let mut groups: Vec<Group<'a>> =
        Vec::with_capacity((group_count as usize).min((end - c.pos) / 5));
    let mut total: u64 = 0;
    for _ in 0..group_count {
        let plen = c.u8("prefix length")? as usize;
        if plen == 0 || plen > MAX_PREFIX {
            return Err(malformed(format!("prefix length {plen}")));
        }
        let prefix = c.take(plen, "prefix")?;
        let payload_len = c.u8("payload length")? as usize;
        if payload_len == 0 {
            return Err(malformed("payload length 0"));
        }
        let entity = c.varint("entity index")?;
        if entity >= entity_count as u64 {
            return Err(malformed(format!(
                "entity index {entity} of {entity_count}"
            )));
        }
        let nt = c.count("asset codes of a group", MAX_TICKERS as u64)?;
        let mut t: Vec<u16> = Vec::with_capacity(nt as usize);
        for _ in 0..nt {
            let i = c.varint("asset code index")?;
            if i >= tickers.len() as u64 {
                return Err(malformed(format!(
                    "asset code index {i} of {}",
                    tickers.len()
                )));
            }
            if t.last().is_some_and(|&p| p as u64 >= i) {
                return Err(malformed("asset codes of a group not ascending"));
            }
            t.push(i as u16);
        }
        let count = c.count("group size", limits.max_entries as u64)?;
        if count == 0 {
            return Err(malformed("empty group"));
        }
        total += count;
        if total > entry_count as u64 {
            return Err(malformed("more entries than the header declares"));
        }
        let bytes_needed = count
            .checked_mul(payload_len as u64)
            .filter(|&n| n <= (end - c.pos) as u64)
            .ok_or_else(|| malformed("group payloads run past the end"))?;
        let payloads = c.take(bytes_needed as usize, "payloads")?;
        for i in 1..count as usize {
            let a = &payloads[(i - 1) * payload_len..i * payload_len];
            let b = &payloads[i * payload_len..(i + 1) * payload_len];
            if a >= b {
                return Err(malformed("payloads of a group not strictly ascending"));
            }
        }
        let g = Group {
            prefix,
            payload_len,
            entity: entity as u32,
            tickers: t,
            payloads,
        };
        if let Some(p) = groups.last() {
            if (p.prefix, p.payload_len, p.entity, &p.tickers)
                >= (g.prefix, g.payload_len, g.entity, &g.tickers)
            {
                return Err(malformed("groups not in ascending order"));
            }
        }
        groups.push(g);
    }
    if total != entry_count as u64 {
        return Err(malformed(format!(
            "header declares {entry_count} entries, found {total}"
        )));
    }
    if c.pos != end {
        return Err(malformed(format!(
            "{} unparsed bytes before the signature",
            end - c.pos
        )));
    }
    Ok(Decoded {
        header: Header {
            format_version: FORMAT_VERSION,
            sequence,
            generated_at,
            source,
            source_date,
            entity_count,
            entry_count,
        },
        entities,
        tickers,
        groups,
    })
}
