//! Decoding: frame, signature, then the whole body, before anything is returned.

use super::*;
use crate::address::AddressKey;
use crate::list::model::{Delisted, Entity, Header};
use crate::list::sign::{self, SIGNATURE_LEN};
use std::sync::Arc;

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
    if !(MIN_FORMAT_VERSION..=FORMAT_VERSION).contains(&version) {
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

/// A group's prefix, payload length, entity index and asset-code indices.
type GroupHead<'a> = (&'a [u8], usize, u32, Vec<u16>);

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
    /// A date field: `0` = unknown, else a day number + 1 (at most [`date::MAX_DAY`]).
    fn day(&mut self, what: &str) -> Result<Option<u32>, BundleError> {
        match self.varint(what)? {
            0 => Ok(None),
            d if d - 1 <= date::MAX_DAY as u64 => Ok(Some((d - 1) as u32)),
            d => Err(malformed(format!("{what}: day {} after 9999-12-31", d - 1))),
        }
    }
    fn entity(&mut self) -> Result<Entity, BundleError> {
        let name = self.str("entity name", MAX_NAME)?;
        let uid = self.varint("sdn uid")?;
        let sdn_uid = match uid {
            0 => None,
            u if u <= u32::MAX as u64 + 1 => Some((u - 1) as u32),
            _ => return Err(malformed("sdn uid out of range")),
        };
        let kind = self.str("entity kind", MAX_SHORT_STR)?;
        let programs = self.list("program", MAX_SHORT_STR)?;
        let akas = self.list("a.k.a.", MAX_NAME)?;
        let d = self.str("designation date", MAX_SHORT_STR)?;
        Ok(Entity {
            name,
            sdn_uid,
            kind,
            programs,
            akas,
            designated: if d.is_empty() { None } else { Some(d) },
        })
    }
    /// A group's key and payloads (entries and history share the shape): prefix, payload
    /// length, entity index (below `entities`), asset-code indices (below `tickers`).
    fn group_head(&mut self, entities: u64, tickers: usize) -> Result<GroupHead<'a>, BundleError> {
        let plen = self.u8("prefix length")? as usize;
        if plen == 0 || plen > MAX_PREFIX {
            return Err(malformed(format!("prefix length {plen}")));
        }
        let prefix = self.take(plen, "prefix")?;
        let payload_len = self.u8("payload length")? as usize;
        if payload_len == 0 {
            return Err(malformed("payload length 0"));
        }
        let entity = self.varint("entity index")?;
        if entity >= entities {
            return Err(malformed(format!("entity index {entity} of {entities}")));
        }
        let nt = self.count("asset codes of a group", MAX_TICKERS as u64)?;
        let mut t: Vec<u16> = Vec::with_capacity(nt as usize);
        for _ in 0..nt {
            let i = self.varint("asset code index")?;
            if i >= tickers as u64 {
                return Err(malformed(format!("asset code index {i} of {tickers}")));
            }
            if t.last().is_some_and(|&p| p as u64 >= i) {
                return Err(malformed("asset codes of a group not ascending"));
            }
            t.push(i as u16);
        }
        Ok((prefix, payload_len, entity as u32, t))
    }
    /// `count` payloads of `payload_len` bytes, strictly ascending.
    fn payloads(&mut self, count: u64, payload_len: usize) -> Result<&'a [u8], BundleError> {
        let end = self.b.len();
        let bytes_needed = count
            .checked_mul(payload_len as u64)
            .filter(|&n| n <= (end - self.pos) as u64)
            .ok_or_else(|| malformed("group payloads run past the end"))?;
        let payloads = self.take(bytes_needed as usize, "payloads")?;
        for i in 1..count as usize {
            let a = &payloads[(i - 1) * payload_len..i * payload_len];
            let b = &payloads[i * payload_len..(i + 1) * payload_len];
            if a >= b {
                return Err(malformed("payloads of a group not strictly ascending"));
            }
        }
        Ok(payloads)
    }
}

fn parse_body<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Decoded<'a>, BundleError> {
    let version = u16::from_le_bytes([bytes[5], bytes[6]]);
    let end = bytes.len() - SIGNATURE_LEN;
    let mut c = Cursor {
        b: &bytes[..end],
        pos: FIXED_HEADER_LEN,
    };
    let sequence = peek_sequence(bytes).ok_or_else(|| malformed("no sequence"))?;
    let generated_at = c.str("generated_at", MAX_SHORT_STR)?;
    let source = c.str("source", MAX_SHORT_STR)?;
    let source_date = c.str("source_date", MAX_SHORT_STR)?;
    let (signed_at, expires_at) = if version >= 2 {
        let stated = |v: u64| (v != 0).then_some(v);
        let s = stated(c.varint("signed_at")?);
        let e = stated(c.varint("expires_at")?);
        check_validity(s, e).map_err(malformed)?;
        (s, e)
    } else {
        (None, None)
    };
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
        entities.push(c.entity()?);
    }

    let group_count = c.count("group count", limits.max_entries as u64)?;
    let mut groups: Vec<Group<'a>> =
        Vec::with_capacity((group_count as usize).min((end - c.pos) / 5));
    let mut total: u64 = 0;
    for _ in 0..group_count {
        let (prefix, payload_len, entity, tickers_of) =
            c.group_head(entity_count as u64, tickers.len())?;
        let first_seen = if version >= 2 {
            c.day("first_seen")?
        } else {
            None
        };
        let count = c.count("group size", limits.max_entries as u64)?;
        if count == 0 {
            return Err(malformed("empty group"));
        }
        total += count;
        if total > entry_count as u64 {
            return Err(malformed("more entries than the header declares"));
        }
        let payloads = c.payloads(count, payload_len)?;
        let g = Group {
            prefix,
            payload_len,
            entity,
            tickers: tickers_of,
            first_seen,
            payloads,
        };
        if let Some(p) = groups.last() {
            if (p.prefix, p.payload_len, p.entity, &p.tickers, p.first_seen)
                >= (g.prefix, g.payload_len, g.entity, &g.tickers, g.first_seen)
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
    let delisted = if version >= 2 {
        parse_history(&mut c, limits, &tickers)?
    } else {
        Vec::new()
    };
    if c.pos != end {
        return Err(malformed(format!(
            "{} unparsed bytes before the signature",
            end - c.pos
        )));
    }
    Ok(Decoded {
        header: Header {
            format_version: version,
            sequence,
            generated_at,
            source,
            source_date,
            signed_at,
            expires_at,
            entity_count,
            entry_count,
            delisted_count: delisted.len() as u32,
            delisted,
        },
        entities,
        tickers,
        groups,
    })
}

/// The history section (version 2): former entities (strictly ascending, each used), the
/// record count, then groups of delisted records in strictly ascending order; one record
/// per (address, entity). Returns the records sorted (their canonical order). That no
/// delisted address is listed now is checked when the set is indexed.
fn parse_history(
    c: &mut Cursor<'_>,
    limits: &Limits,
    tickers: &[String],
) -> Result<Vec<Delisted>, BundleError> {
    let end = c.b.len();
    let former_count = c.count("history entity count", limits.max_entities as u64)?;
    let mut former: Vec<Arc<Entity>> =
        Vec::with_capacity((former_count as usize).min((end - c.pos) / 6));
    for _ in 0..former_count {
        let e = c.entity()?;
        if former.last().is_some_and(|p| **p >= e) {
            return Err(malformed("history entities not strictly ascending"));
        }
        former.push(Arc::new(e));
    }
    let declared = c.count("delisted count", limits.max_entries as u64)?;
    let group_count = c.count("history group count", limits.max_entries as u64)?;
    let mut used = vec![false; former.len()];
    // Records are materialised (each with its asset codes): bound the codes they copy, so
    // a signed but hostile history cannot ask for more memory than a large real one.
    let mut refs = 0u64;
    let mut out: Vec<Delisted> = Vec::new();
    // (group head, listed_until, removed) of the previous group.
    let mut prev: Option<(GroupHead<'_>, Option<u32>, Option<u32>)> = None;
    let mut total = 0u64;
    for _ in 0..group_count {
        let (prefix, payload_len, entity, t) = c.group_head(former.len() as u64, tickers.len())?;
        let until = c.day("listed_until")?;
        let removed = c.day("removed")?;
        let count = c.count("history group size", limits.max_entries as u64)?;
        if count == 0 {
            return Err(malformed("empty history group"));
        }
        total += count;
        if total > declared {
            return Err(malformed("more delisted records than declared"));
        }
        refs += count * (t.len() as u64 + 1);
        if refs > 4 * limits.max_entries as u64 {
            return Err(BundleError::Oversized(format!(
                "history: {refs} records and asset codes over the cap {}",
                4 * limits.max_entries as u64
            )));
        }
        let payloads = c.payloads(count, payload_len)?;
        let key = ((prefix, payload_len, entity, t), until, removed);
        if prev.as_ref().is_some_and(|p| *p >= key) {
            return Err(malformed("history groups not in ascending order"));
        }
        used[entity as usize] = true;
        let listed_under: Vec<String> = (key.0)
            .3
            .iter()
            .map(|&i| tickers[i as usize].clone())
            .collect();
        for i in 0..count as usize {
            out.push(Delisted {
                key: AddressKey {
                    prefix: prefix.to_vec(),
                    payload: payloads[i * payload_len..(i + 1) * payload_len].to_vec(),
                },
                entity: former[entity as usize].clone(),
                listed_under: listed_under.clone(),
                listed_until: until.map(date::day_string),
                removed: removed.map(date::day_string),
            });
        }
        prev = Some(key);
    }
    if total != declared {
        return Err(malformed(format!(
            "history declares {declared} delisted records, found {total}"
        )));
    }
    if used.iter().any(|u| !u) {
        return Err(malformed("a history entity no record refers to"));
    }
    // One sort, in the records' own order (address, then entity: the former entities are
    // distinct, so records of one address and one entity end up side by side). Unstable:
    // records that compare equal are equal. Each sort instantiation costs the wasm build
    // 2-9 KB; this one served both the check and the order (a second one by (address,
    // entity index) was 8.1 KB of code, name-section sizes 2026-12-01).
    out.sort_unstable();
    if out
        .windows(2)
        .any(|w| w[0].key == w[1].key && w[0].entity == w[1].entity)
    {
        return Err(malformed(
            "two delisted records of one address for one entity",
        ));
    }
    Ok(out)
}
