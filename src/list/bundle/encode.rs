//! Encoding: set data -> the bundle's bytes, deterministic (the order is in mod.rs).

use super::*;
use crate::address::AddressKey;
use crate::list::model::{Delisted, Entity, Header};
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
/// cap the decoder would enforce, so nothing unloadable is ever written. Writes format
/// version [`FORMAT_VERSION`], with `data.header.delisted` as the history section.
pub fn encode_unsigned(data: &SetData) -> Result<Vec<u8>, String> {
    encode_unsigned_version(data, FORMAT_VERSION)
}

/// [`encode_unsigned`] in an older format version: `1` writes what version 1 readers
/// expect, without signed validity, first-seen dates or history (dropped). For compatibility tests and for
/// checking a committed version 1 bundle against a rebuild.
pub fn encode_unsigned_version(data: &SetData, version: u16) -> Result<Vec<u8>, String> {
    if !(MIN_FORMAT_VERSION..=FORMAT_VERSION).contains(&version) {
        return Err(format!("cannot write format version {version}"));
    }
    let h = &data.header;
    let limits = Limits::LARGE;
    if data.entities.len() as u64 > limits.max_entities as u64 {
        return Err("too many entities".into());
    }
    check_str("generated_at", &h.generated_at, MAX_SHORT_STR)?;
    check_str("source", &h.source, MAX_SHORT_STR)?;
    check_str("source_date", &h.source_date, MAX_SHORT_STR)?;
    let delisted: &[Delisted] = if version >= 2 { &h.delisted } else { &[] };

    // Asset-code table: the entries' codes and the delisted records'.
    let mut tickers: Vec<&str> = data
        .entries
        .iter()
        .flat_map(|e| e.listed_under.iter())
        .chain(delisted.iter().flat_map(|d| d.listed_under.iter()))
        .map(String::as_str)
        .collect();
    tickers.sort_unstable();
    tickers.dedup();
    if tickers.len() > MAX_TICKERS as usize {
        return Err("too many distinct asset codes".into());
    }
    let tix = |t: &str| tickers.binary_search(&t).map(|i| i as u16);

    // Groups: (prefix, payload len, entity, ticker set, first seen) -> payloads.
    type GroupKey<'k> = (&'k [u8], usize, u32, Vec<u16>, Option<u32>);
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
        let first_seen = if version >= 2 {
            opt_day("first_seen", e.first_seen.as_deref())?
        } else {
            None
        };
        groups
            .entry((&e.key.prefix, e.key.payload.len(), e.entity, t, first_seen))
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
            |((prefix, payload_len, entity, tickers, first_seen), payloads)| GroupSpec {
                prefix,
                payload_len,
                entity,
                tickers,
                first_seen,
                payloads: Payloads::List(payloads),
            },
        )
        .collect();
    let tickers: Vec<String> = tickers.iter().map(|t| t.to_string()).collect();
    write_bundle(version, h, &data.entities, &tickers, &specs, delisted)
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
    /// First-seen day number ([`crate::list::date`]) of the group's addresses, or None.
    pub first_seen: Option<u32>,
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

/// The low-level encoder: header (its `delisted` records become the history section),
/// entities, the asset-code table (which must hold the delisted records' codes too) and
/// ready-made groups (for tools that build huge sets without materialising [`Entry`]
/// values, such as the scaling benchmark). Validates everything the decoder checks, so
/// what it writes loads. Writes format version [`FORMAT_VERSION`].
pub fn encode_groups_unsigned(
    h: &Header,
    entities: &[Entity],
    tickers: &[String],
    groups: &[GroupSpec<'_>],
) -> Result<Vec<u8>, String> {
    write_bundle(FORMAT_VERSION, h, entities, tickers, groups, &h.delisted)
}

/// A history record as the encoder groups it: (prefix, payload length, former entity,
/// asset codes, listed_until, removed).
type DelistedKey<'k> = (&'k [u8], usize, u32, Vec<u16>, Option<u32>, Option<u32>);

fn write_bundle(
    version: u16,
    h: &Header,
    entities: &[Entity],
    tickers: &[String],
    groups: &[GroupSpec<'_>],
    delisted: &[Delisted],
) -> Result<Vec<u8>, String> {
    let limits = Limits::LARGE;
    if version < 2 && (!delisted.is_empty() || groups.iter().any(|g| g.first_seen.is_some())) {
        return Err(format!(
            "format version {version} holds no dates or history"
        ));
    }
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
        if g.first_seen.is_some_and(|d| d > date::MAX_DAY) {
            return Err("first_seen day number out of range".into());
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
            if (p.prefix, p.payload_len, p.entity, &p.tickers, p.first_seen)
                >= (g.prefix, g.payload_len, g.entity, &g.tickers, g.first_seen)
            {
                return Err("groups must be strictly ascending".into());
            }
        }
        entry_count += n as u64;
    }
    if entry_count > limits.max_entries as u64 {
        return Err("too many entries".into());
    }
    let history = history_groups(groups, tickers, delisted)?;

    let mut out = Vec::with_capacity(
        64 + groups
            .iter()
            .map(|g| g.count() * g.payload_len + 48)
            .sum::<usize>()
            + entities.len() * 64
            + delisted.len() * 40,
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&[0u8; 8]); // total length, patched below
    out.extend_from_slice(&h.sequence.to_le_bytes());
    put_str(&mut out, &h.generated_at);
    put_str(&mut out, &h.source);
    put_str(&mut out, &h.source_date);
    if version >= 2 {
        check_validity(h.signed_at, h.expires_at)?;
        put_varint(&mut out, h.signed_at.unwrap_or(0));
        put_varint(&mut out, h.expires_at.unwrap_or(0));
    }
    put_varint(&mut out, entities.len() as u64);
    put_varint(&mut out, entry_count);
    put_varint(&mut out, tickers.len() as u64);
    for t in tickers {
        check_str("asset code", t, MAX_SHORT_STR)?;
        put_str(&mut out, t);
    }
    for ent in entities {
        put_entity(&mut out, ent)?;
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
        if version >= 2 {
            put_day(&mut out, g.first_seen);
        }
        put_varint(&mut out, g.count() as u64);
        match &g.payloads {
            Payloads::List(v) => v.iter().for_each(|p| out.extend_from_slice(p)),
            Payloads::Flat(f) => out.extend_from_slice(f),
        }
    }
    if version >= 2 {
        let (former, hgroups) = &history;
        put_varint(&mut out, former.len() as u64);
        for ent in former {
            put_entity(&mut out, ent)?;
        }
        put_varint(&mut out, delisted.len() as u64);
        put_varint(&mut out, hgroups.len() as u64);
        for ((prefix, payload_len, entity, tickers, until, removed), payloads) in hgroups {
            out.push(prefix.len() as u8);
            out.extend_from_slice(prefix);
            out.push(*payload_len as u8);
            put_varint(&mut out, *entity as u64);
            put_varint(&mut out, tickers.len() as u64);
            for &i in tickers {
                put_varint(&mut out, i as u64);
            }
            put_day(&mut out, *until);
            put_day(&mut out, *removed);
            put_varint(&mut out, payloads.len() as u64);
            payloads.iter().for_each(|p| out.extend_from_slice(p));
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

/// The history section's tables: the former entities (sorted, distinct) and the delisted
/// records grouped like entries, groups and payloads ascending. Checks what the decoder
/// checks: caps, one record per (address, entity), no delisted address among the entries.
#[allow(clippy::type_complexity)]
fn history_groups<'d>(
    groups: &[GroupSpec<'_>],
    tickers: &[String],
    delisted: &'d [Delisted],
) -> Result<(Vec<&'d Entity>, BTreeMap<DelistedKey<'d>, Vec<&'d [u8]>>), String> {
    let limits = Limits::LARGE;
    let mut hgroups: BTreeMap<DelistedKey<'d>, Vec<&'d [u8]>> = BTreeMap::new();
    if delisted.is_empty() {
        return Ok((Vec::new(), hgroups));
    }
    if delisted.len() as u64 > limits.max_entries as u64 {
        return Err("too many delisted records".into());
    }
    let mut former: Vec<&Entity> = delisted.iter().map(|d| &*d.entity).collect();
    former.sort_unstable();
    former.dedup();
    if former.len() as u64 > limits.max_entities as u64 {
        return Err("too many entities in the history".into());
    }
    let mut seen: std::collections::BTreeSet<(&AddressKey, usize)> = Default::default();
    let mut refs = 0u64;
    for d in delisted {
        refs += d.listed_under.len() as u64 + 1;
        if refs > 4 * limits.max_entries as u64 {
            return Err("history: too many records and asset codes".into());
        }
        let (prefix, payload) = (&d.key.prefix[..], &d.key.payload[..]);
        if prefix.is_empty() || prefix.len() > MAX_PREFIX {
            return Err("delisted key prefix length out of range".into());
        }
        if payload.is_empty() || payload.len() > 255 {
            return Err("delisted key payload length out of range".into());
        }
        let entity = former
            .binary_search(&&*d.entity)
            .expect("the table holds every record's entity");
        if !seen.insert((&d.key, entity)) {
            return Err(format!(
                "two delisted records of one address for {:?}",
                d.entity.name
            ));
        }
        let mut t: Vec<u16> = Vec::with_capacity(d.listed_under.len());
        for code in &d.listed_under {
            let i = tickers.binary_search(code).map_err(|_| {
                format!("asset code {code:?} of a delisted record not in the table")
            })?;
            t.push(i as u16);
        }
        t.sort_unstable();
        t.dedup();
        let until = opt_day("listed_until", d.listed_until.as_deref())?;
        let removed = opt_day("removed", d.removed.as_deref())?;
        hgroups
            .entry((prefix, payload.len(), entity as u32, t, until, removed))
            .or_default()
            .push(payload);
    }
    for p in hgroups.values_mut() {
        p.sort_unstable();
    }
    // A delisted address is not listed now.
    for g in groups {
        for j in 0..g.count() {
            let k = AddressKey {
                prefix: g.prefix.to_vec(),
                payload: g.get(j).to_vec(),
            };
            if seen.range((&k, 0)..=(&k, usize::MAX)).next().is_some() {
                return Err(format!("address {k:?} is both listed and delisted"));
            }
        }
    }
    Ok((former, hgroups))
}

fn put_entity(out: &mut Vec<u8>, ent: &Entity) -> Result<(), String> {
    check_str("entity name", &ent.name, MAX_NAME)?;
    check_str("entity kind", &ent.kind, MAX_SHORT_STR)?;
    if ent.programs.len() > MAX_LIST_ITEMS as usize || ent.akas.len() > MAX_LIST_ITEMS as usize {
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
    let d = ent.designated.as_deref().unwrap_or("");
    check_str("designation date", d, MAX_SHORT_STR)?;
    put_str(out, &ent.name);
    put_varint(out, ent.sdn_uid.map_or(0, |u| u as u64 + 1));
    put_str(out, &ent.kind);
    put_list(out, &ent.programs);
    put_list(out, &ent.akas);
    put_str(out, d);
    Ok(())
}

/// A date field: `0` when unknown, else the day number + 1.
fn put_day(out: &mut Vec<u8>, day: Option<u32>) {
    put_varint(out, day.map_or(0, |d| d as u64 + 1));
}

/// A `YYYY-MM-DD` string (or None) as a day number, or why not.
fn opt_day(what: &str, s: Option<&str>) -> Result<Option<u32>, String> {
    s.map(|s| date::day_number(s).ok_or_else(|| format!("{what} {s:?} is not a YYYY-MM-DD date")))
        .transpose()
}

fn check_str(what: &str, s: &str, max: usize) -> Result<(), String> {
    if s.len() > max {
        Err(format!("{what} longer than {max} bytes: {s:?}"))
    } else {
        Ok(())
    }
}
