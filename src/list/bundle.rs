//! The signed bundle codec (format version 1). `docs/list-format.md` documents every byte;
//! this module is the reference implementation.
//!
//! Encoding is deterministic: entities go in the order the caller gives (the builder sorts
//! them), asset codes are sorted into one table, entries are grouped by (key prefix, payload
//! length, entity, asset codes) with groups and the payloads inside each group sorted, so one
//! address costs only its payload bytes. Decoding checks the frame (magic, version, declared
//! length, size cap), then the signature, then parses everything, enforcing canonical order
//! and caps, before anything is returned: a bundle is loaded fully or not at all.

use super::model::{Entity, Entry, Header};
use super::sign::{self, SIGNATURE_LEN};
use crate::address::AddressKey;
use std::collections::BTreeMap;
use std::fmt;

/// The first five bytes of every bundle.
pub const MAGIC: &[u8; 5] = b"SLSET";
/// The only format version this build reads and writes.
pub const FORMAT_VERSION: u16 = 1;
/// magic (5) + version (2) + total length (8) + sequence (8).
pub const FIXED_HEADER_LEN: usize = 23;

/// Caps the decoder enforces before and while parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted bundle, in bytes (checked before hashing anything).
    pub max_bytes: u64,
    pub max_entities: u32,
    pub max_entries: u32,
}

impl Limits {
    /// What [`super::LoadedSet::from_bundle`] accepts: 64 MiB, 1M entities, 3M entries
    /// (today's list: ~60 KB, 94 entities, 961 entries).
    pub const DEFAULT: Limits = Limits {
        max_bytes: 64 << 20,
        max_entities: 1_000_000,
        max_entries: 3_000_000,
    };
    /// For benchmarks and tools that knowingly handle huge synthetic sets.
    pub const LARGE: Limits = Limits {
        max_bytes: 1 << 30,
        max_entities: 10_000_000,
        max_entries: 40_000_000,
    };
}

const MAX_SHORT_STR: usize = 256;
const MAX_NAME: usize = 1024;
const MAX_LIST_ITEMS: u32 = 512;
const MAX_TICKERS: u32 = 1024;
const MAX_PREFIX: usize = 32;

/// Why a bundle was refused. `Display` gives a reason fit for the popup and the CLI.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BundleError {
    /// Shorter than its declared length (a cut-off download).
    Truncated { expected: u64, actual: u64 },
    /// Longer than its declared length.
    TrailingBytes { extra: u64 },
    /// Does not start with `SLSET`.
    BadMagic,
    /// A format version this build does not read.
    UnsupportedVersion(u16),
    /// Over the size or count caps.
    Oversized(String),
    /// The Ed25519 signature does not verify against the pinned key.
    BadSignature,
    /// Not newer than what the caller already has (rollback refused).
    OlderSequence { found: u64, required: u64 },
    /// Signed, but its contents break the format (a publisher bug or a forged key).
    Malformed(String),
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::Truncated { expected, actual } => write!(
                f,
                "truncated bundle: {actual} bytes of the {expected} it declares"
            ),
            BundleError::TrailingBytes { extra } => {
                write!(f, "bundle has {extra} unexpected bytes after its end")
            }
            BundleError::BadMagic => f.write_str("not a Sightline bundle (bad magic bytes)"),
            BundleError::UnsupportedVersion(v) => write!(
                f,
                "unsupported bundle format version {v} (this build reads version {FORMAT_VERSION})"
            ),
            BundleError::Oversized(what) => write!(f, "bundle too large: {what}"),
            BundleError::BadSignature => {
                f.write_str("bad signature: the bundle is not signed by the pinned publisher key")
            }
            BundleError::OlderSequence { found, required } => write!(
                f,
                "older bundle refused: sequence {found}, need at least {required} (no rollback)"
            ),
            BundleError::Malformed(why) => write!(f, "malformed bundle: {why}"),
        }
    }
}

impl std::error::Error for BundleError {}

/// What the encoder takes: a header (format version and counts are filled in) and the
/// entities and entries of a set.
#[derive(Clone, Debug, Default)]
pub struct SetData {
    pub header: Header,
    pub entities: Vec<Entity>,
    pub entries: Vec<Entry>,
}

/// A run of entries sharing key prefix, payload length, entity and asset codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group<'a> {
    pub prefix: &'a [u8],
    pub payload_len: usize,
    pub entity: u32,
    /// Indices into [`Decoded::tickers`], ascending.
    pub tickers: Vec<u16>,
    /// `count * payload_len` bytes, payloads ascending.
    pub payloads: &'a [u8],
}

impl Group<'_> {
    pub fn count(&self) -> usize {
        self.payloads.len() / self.payload_len
    }
    pub fn payload(&self, i: usize) -> &[u8] {
        &self.payloads[i * self.payload_len..(i + 1) * self.payload_len]
    }
}

/// A verified, fully parsed bundle that still borrows its payload bytes.
#[derive(Clone, Debug)]
pub struct Decoded<'a> {
    pub header: Header,
    pub entities: Vec<Entity>,
    pub tickers: Vec<String>,
    pub groups: Vec<Group<'a>>,
}

impl Decoded<'_> {
    /// Materialises the entries (group order, payloads ascending).
    pub fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::with_capacity(self.header.entry_count as usize);
        for g in &self.groups {
            let lu: Vec<String> = g
                .tickers
                .iter()
                .map(|&t| self.tickers[t as usize].clone())
                .collect();
            for i in 0..g.count() {
                out.push(Entry {
                    key: AddressKey {
                        prefix: g.prefix.to_vec(),
                        payload: g.payload(i).to_vec(),
                    },
                    entity: g.entity,
                    listed_under: lu.clone(),
                });
            }
        }
        out
    }
}

// ---------------------------------------------------------------- encoding

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_list(out: &mut Vec<u8>, items: &[String]) {
    put_varint(out, items.len() as u64);
    for s in items {
        put_str(out, s);
    }
}

/// Encodes `data` with an all-zero signature trailer (sign it with
/// [`sign::sign_bundle_in_place`] or use [`encode_signed`]). Errors when the data breaks a
/// cap the decoder would enforce, so nothing unloadable is ever written.
pub fn encode_unsigned(data: &SetData) -> Result<Vec<u8>, String> {
    let h = &data.header;
    let limits = Limits::LARGE;
    if data.entities.len() as u64 > limits.max_entities as u64 {
        return Err("too many entities".into());
    }
    check_str("generated_at", &h.generated_at, MAX_SHORT_STR)?;
    check_str("source", &h.source, MAX_SHORT_STR)?;
    check_str("source_date", &h.source_date, MAX_SHORT_STR)?;

    // Asset-code table.
    let mut tickers: Vec<&str> = data
        .entries
        .iter()
        .flat_map(|e| e.listed_under.iter().map(String::as_str))
        .collect();
    tickers.sort_unstable();
    tickers.dedup();
    if tickers.len() > MAX_TICKERS as usize {
        return Err("too many distinct asset codes".into());
    }
    let tix = |t: &str| tickers.binary_search(&t).map(|i| i as u16);

    // Groups: (prefix, payload len, entity, ticker set) -> payloads.
    type GroupKey<'k> = (&'k [u8], usize, u32, Vec<u16>);
    let mut groups: BTreeMap<GroupKey<'_>, Vec<&[u8]>> = BTreeMap::new();
    for e in &data.entries {
        if e.entity as usize >= data.entities.len() {
            return Err(format!(
                "entry refers to entity {} of {}",
                e.entity,
                data.entities.len()
            ));
        }
        if e.key.prefix.is_empty() || e.key.prefix.len() > MAX_PREFIX {
            return Err("key prefix length out of range".into());
        }
        if e.key.payload.is_empty() || e.key.payload.len() > 255 {
            return Err("key payload length out of range".into());
        }
        let mut t: Vec<u16> = e
            .listed_under
            .iter()
            .map(|s| tix(s).map_err(|_| "asset code table".to_string()))
            .collect::<Result<_, _>>()?;
        t.sort_unstable();
        t.dedup();
        groups
            .entry((&e.key.prefix, e.key.payload.len(), e.entity, t))
            .or_default()
            .push(&e.key.payload);
    }
    let mut entry_count = 0u64;
    for p in groups.values_mut() {
        p.sort_unstable();
        p.dedup();
        entry_count += p.len() as u64;
    }
    if entry_count > limits.max_entries as u64 {
        return Err("too many entries".into());
    }

    let specs: Vec<GroupSpec<'_>> = groups
        .into_iter()
        .map(
            |((prefix, payload_len, entity, tickers), payloads)| GroupSpec {
                prefix,
                payload_len,
                entity,
                tickers,
                payloads: Payloads::List(payloads),
            },
        )
        .collect();
    let tickers: Vec<String> = tickers.iter().map(|t| t.to_string()).collect();
    encode_groups_unsigned(h, &data.entities, &tickers, &specs)
}

/// The payloads of one group: a list of slices, or one flat run of `count * payload_len`
/// bytes.
#[derive(Clone, Debug)]
pub enum Payloads<'a> {
    List(Vec<&'a [u8]>),
    Flat(&'a [u8]),
}

/// One group as the low-level encoder takes it (see [`Group`] for the decoded form).
#[derive(Clone, Debug)]
pub struct GroupSpec<'a> {
    pub prefix: &'a [u8],
    pub payload_len: usize,
    pub entity: u32,
    pub tickers: Vec<u16>,
    /// Strictly ascending.
    pub payloads: Payloads<'a>,
}

impl GroupSpec<'_> {
    fn count(&self) -> usize {
        match &self.payloads {
            Payloads::List(v) => v.len(),
            Payloads::Flat(f) => f.len() / self.payload_len.max(1),
        }
    }
    fn get(&self, i: usize) -> &[u8] {
        match &self.payloads {
            Payloads::List(v) => v[i],
            Payloads::Flat(f) => &f[i * self.payload_len..(i + 1) * self.payload_len],
        }
    }
}

/// The low-level encoder: header, entities, the asset-code table and ready-made groups
/// (for tools that build huge sets without materialising [`Entry`] values, such as the
/// scaling benchmark). Validates everything the decoder checks, so what it writes loads.
pub fn encode_groups_unsigned(
    h: &Header,
    entities: &[Entity],
    tickers: &[String],
    groups: &[GroupSpec<'_>],
) -> Result<Vec<u8>, String> {
    let limits = Limits::LARGE;
    check_str("generated_at", &h.generated_at, MAX_SHORT_STR)?;
    check_str("source", &h.source, MAX_SHORT_STR)?;
    check_str("source_date", &h.source_date, MAX_SHORT_STR)?;
    if entities.len() as u64 > limits.max_entities as u64 {
        return Err("too many entities".into());
    }
    if tickers.len() > MAX_TICKERS as usize || tickers.windows(2).any(|w| w[0] >= w[1]) {
        return Err("asset codes must be unique, sorted, at most 1024".into());
    }
    let mut entry_count: u64 = 0;
    for (i, g) in groups.iter().enumerate() {
        if g.prefix.is_empty() || g.prefix.len() > MAX_PREFIX {
            return Err("key prefix length out of range".into());
        }
        if g.payload_len == 0 || g.payload_len > 255 {
            return Err("key payload length out of range".into());
        }
        if let Payloads::Flat(f) = &g.payloads {
            if f.len() % g.payload_len != 0 {
                return Err("flat payloads not a multiple of the payload length".into());
            }
        }
        if g.entity as usize >= entities.len() {
            return Err(format!(
                "group refers to entity {} of {}",
                g.entity,
                entities.len()
            ));
        }
        if g.tickers.windows(2).any(|w| w[0] >= w[1])
            || g.tickers.iter().any(|&t| t as usize >= tickers.len())
        {
            return Err("group asset codes must be ascending indices into the table".into());
        }
        let n = g.count();
        if n == 0 {
            return Err("empty group".into());
        }
        for j in 0..n {
            if g.get(j).len() != g.payload_len {
                return Err("payload of the wrong length".into());
            }
            if j > 0 && g.get(j - 1) >= g.get(j) {
                return Err("payloads of a group must be strictly ascending".into());
            }
        }
        if i > 0 {
            let p = &groups[i - 1];
            if (p.prefix, p.payload_len, p.entity, &p.tickers)
                >= (g.prefix, g.payload_len, g.entity, &g.tickers)
            {
                return Err("groups must be strictly ascending".into());
            }
        }
        entry_count += n as u64;
    }
    if entry_count > limits.max_entries as u64 {
        return Err("too many entries".into());
    }

    let mut out = Vec::with_capacity(
        64 + groups
            .iter()
            .map(|g| g.count() * g.payload_len + 48)
            .sum::<usize>()
            + entities.len() * 64,
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&[0u8; 8]); // total length, patched below
    out.extend_from_slice(&h.sequence.to_le_bytes());
    put_str(&mut out, &h.generated_at);
    put_str(&mut out, &h.source);
    put_str(&mut out, &h.source_date);
    put_varint(&mut out, entities.len() as u64);
    put_varint(&mut out, entry_count);
    put_varint(&mut out, tickers.len() as u64);
    for t in tickers {
        check_str("asset code", t, MAX_SHORT_STR)?;
        put_str(&mut out, t);
    }
    for ent in entities {
        check_str("entity name", &ent.name, MAX_NAME)?;
        check_str("entity kind", &ent.kind, MAX_SHORT_STR)?;
        if ent.programs.len() > MAX_LIST_ITEMS as usize || ent.akas.len() > MAX_LIST_ITEMS as usize
        {
            return Err(format!(
                "entity {:?}: too many programs or a.k.a.s",
                ent.name
            ));
        }
        for p in &ent.programs {
            check_str("program", p, MAX_SHORT_STR)?;
        }
        for a in &ent.akas {
            check_str("a.k.a.", a, MAX_NAME)?;
        }
        put_str(&mut out, &ent.name);
        put_varint(&mut out, ent.sdn_uid.map_or(0, |u| u as u64 + 1));
        put_str(&mut out, &ent.kind);
        put_list(&mut out, &ent.programs);
        put_list(&mut out, &ent.akas);
        let d = ent.designated.as_deref().unwrap_or("");
        check_str("designation date", d, MAX_SHORT_STR)?;
        put_str(&mut out, d);
    }
    put_varint(&mut out, groups.len() as u64);
    for g in groups {
        out.push(g.prefix.len() as u8);
        out.extend_from_slice(g.prefix);
        out.push(g.payload_len as u8);
        put_varint(&mut out, g.entity as u64);
        put_varint(&mut out, g.tickers.len() as u64);
        for &i in &g.tickers {
            put_varint(&mut out, i as u64);
        }
        put_varint(&mut out, g.count() as u64);
        match &g.payloads {
            Payloads::List(v) => v.iter().for_each(|p| out.extend_from_slice(p)),
            Payloads::Flat(f) => out.extend_from_slice(f),
        }
    }
    out.extend_from_slice(&[0u8; SIGNATURE_LEN]);
    let total = out.len() as u64;
    if total > limits.max_bytes {
        return Err(format!("bundle would be {total} bytes"));
    }
    out[7..15].copy_from_slice(&total.to_le_bytes());
    Ok(out)
}

/// Encodes and signs with the 32-byte secret seed.
pub fn encode_signed(data: &SetData, secret: &[u8; 32]) -> Result<Vec<u8>, String> {
    let mut b = encode_unsigned(data)?;
    sign::sign_bundle_in_place(&mut b, secret);
    Ok(b)
}

fn check_str(what: &str, s: &str, max: usize) -> Result<(), String> {
    if s.len() > max {
        Err(format!("{what} longer than {max} bytes: {s:?}"))
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------- decoding

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
