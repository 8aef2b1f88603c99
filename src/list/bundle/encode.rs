//! Encoding: set data -> the bundle's bytes, deterministic (the order is in mod.rs).

use super::*;
use crate::list::model::{Entity, Header};
use crate::list::sign::{self, SIGNATURE_LEN};
use std::collections::BTreeMap;

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
