//! From importer records to a set: parse every address, merge entities, group listings.
//!
//! Importers (OFAC XML, the JSON extraction, CSV) each produce an [`Import`]: entities and
//! raw (address, asset code, entity) listings, plus what they already could not use.
//! [`build_set`] runs every address through [`crate::address::parse`], keeps the valid,
//! reports every unusable one with its reason, merges entities that share an SDN uid, and
//! produces deterministic [`SetData`] for the encoder. Listings may carry the date their
//! address first appeared; an import may also carry [`Removal`]s (the history of addresses
//! the list dropped), which become the set's delisted records.
//!
//! [`carry_history`] keeps the history from one publication to the next: what the previous
//! bundle listed and the new one does not becomes delisted, and the previous bundle's
//! delisted records and first-seen dates are carried forward.

use super::bundle::SetData;
use super::model::{Delisted, Entity, Entry, Header, Notice, Rejected};
use super::LoadedSet;
use crate::address::{self, AddressKey, Chain, ParseError};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One raw listing as an importer read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    /// The value as published (trimmed).
    pub address: String,
    /// Asset code ("XBT"), or "" when the input has none (CSV).
    pub listed_under: String,
    /// Index into [`Import::entities`].
    pub entity: usize,
    /// Line or record number, for the report.
    pub line: Option<u64>,
    /// YYYY-MM-DD of the first list the address appeared on, when the input says.
    pub first_seen: Option<String>,
}

/// One address the list dropped, as an importer read it (the change history): it was
/// listed for an entity, under some asset codes, until a date, and removed on another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Removal {
    /// The value as published (trimmed).
    pub address: String,
    /// Asset codes it was listed under.
    pub listed_under: Vec<String>,
    /// Index into [`Import::entities`]: the entity as it was listed.
    pub entity: usize,
    /// YYYY-MM-DD of the last list that held it, when known.
    pub listed_until: Option<String>,
    /// YYYY-MM-DD of the first list without it, when known.
    pub removed: Option<String>,
    /// Line or record number, for the report.
    pub line: Option<u64>,
}

/// What an importer read from one input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Import {
    /// File name or label, for the report.
    pub origin: String,
    /// Publication name, e.g. "OFAC SDN list".
    pub source: String,
    /// The publication's own date, YYYY-MM-DD, when the input states one.
    pub source_date: Option<String>,
    pub entities: Vec<Entity>,
    pub listings: Vec<Listing>,
    /// Addresses the list dropped (a change history); their entities are in `entities`.
    pub removals: Vec<Removal>,
    /// Values the importer could not even turn into a listing (no address, ...).
    pub rejected: Vec<Rejected>,
}

/// What building kept, refused and noticed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct BuildReport {
    pub rejected: Vec<Rejected>,
    pub notices: Vec<Notice>,
    /// Listings read, over all inputs.
    pub listings_read: usize,
    /// Removal records read, over all inputs.
    pub removals_read: usize,
}

impl BuildReport {
    /// The report as text, one line per rejected value and per notice.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "{} listings read, {} rejected, {} kept with a notice\n",
            self.listings_read,
            self.rejected.len(),
            self.notices.len()
        );
        if self.removals_read > 0 {
            s.push_str(&format!("{} removal records read\n", self.removals_read));
        }
        for r in &self.rejected {
            s.push_str(&format!("REJECTED {r}\n"));
        }
        for n in &self.notices {
            s.push_str(&format!("NOTICE   {n}\n"));
        }
        s
    }
}

/// Header values the caller chooses.
#[derive(Clone, Debug, Default)]
pub struct BuildParams {
    pub sequence: u64,
    /// RFC 3339; default: the source date at 00:00:00Z (so a rebuild gives the same bytes).
    pub generated_at: Option<String>,
    /// Overrides the publication name taken from the inputs.
    pub source: Option<String>,
    /// Overrides the publication date taken from the inputs.
    pub source_date: Option<String>,
    /// When the bundle is signed and until when it is vouched for, unix seconds
    /// ([`Header::signed_at`]); None: not stated (the CLI always states them).
    pub signed_at: Option<u64>,
    pub expires_at: Option<u64>,
}

fn entity_label(e: &Entity) -> String {
    match e.sdn_uid {
        Some(u) => format!("{} (uid {u})", e.name),
        None => e.name.clone(),
    }
}

/// The chains an asset code implies, for the "filed under the wrong code" notice.
fn chains_of_ticker(t: &str) -> Option<&'static [Chain]> {
    Some(match t {
        "XBT" | "BTC" => &[Chain::Bitcoin],
        "ETH" | "ETC" | "ARB" | "BSC" | "USDC" => &[Chain::Evm],
        "USDT" => &[Chain::Evm, Chain::Tron, Chain::Bitcoin],
        "TRX" => &[Chain::Tron],
        "LTC" => &[Chain::Litecoin],
        "BCH" => &[Chain::BitcoinCash],
        "BSV" => &[Chain::BitcoinSv],
        "BTG" => &[Chain::BitcoinGold],
        "DASH" => &[Chain::Dash],
        "ZEC" => &[Chain::Zcash],
        "XVG" => &[Chain::Verge],
        "DOGE" => &[Chain::Dogecoin],
        "BNB" => &[Chain::BnbBeacon],
        "XMR" => &[Chain::Monero],
        "XRP" => &[Chain::Xrp],
        "SOL" => &[Chain::Solana],
        _ => return None,
    })
}

/// Parses one listed value. EVM hex whose published casing fails EIP-55 is kept
/// case-insensitively (OFAC's casing is not authoritative for hex), with a note.
fn parse_listed(value: &str) -> Result<(address::Address, Option<String>), ParseError> {
    match address::parse(value) {
        Ok(a) => Ok((a, None)),
        Err(ParseError::BadEip55) => {
            let a = address::parse(&value.to_ascii_lowercase())?;
            Ok((
                a,
                Some("published casing fails EIP-55; kept case-insensitively".into()),
            ))
        }
        Err(e) => Err(e),
    }
}

/// Sorts `v` (duplicates kept) through the `&str` sort the wasm build already has for the
/// asset-code table: a sort of `String`s is another instantiation of the standard
/// library's sort, ~6 KB of wasm code (name-section sizes, 2026-12-01). The vectors sorted
/// here are an entity's programs and a listing's asset codes: a handful each.
fn sort_strings(v: &mut Vec<String>) {
    let mut refs: Vec<&str> = v.iter().map(String::as_str).collect();
    refs.sort_unstable();
    let sorted: Vec<String> = refs.into_iter().map(str::to_owned).collect();
    *v = sorted;
}

/// Builds a set from imports. Deterministic: the same imports and params give the same
/// [`SetData`] (and so the same bundle bytes).
pub fn build_set(imports: &[Import], params: &BuildParams) -> (SetData, BuildReport) {
    let mut report = BuildReport::default();
    // Merge entities: same SDN uid = same entity; without uid, same name.
    #[derive(PartialEq, Eq, PartialOrd, Ord, Clone)]
    enum EKey {
        Uid(u32),
        Name(String),
    }
    let mut merged: BTreeMap<EKey, Entity> = BTreeMap::new();
    let mut listings: Vec<(AddressKey, EKey, String, Option<Arc<str>>)> = Vec::new();
    // (key, entity) -> the record; a later removal of the same listing replaces an earlier.
    let mut removals: BTreeMap<(AddressKey, EKey), (Delisted, String)> = BTreeMap::new();
    for imp in imports {
        report.rejected.extend(imp.rejected.iter().cloned());
        let keys: Vec<EKey> = imp
            .entities
            .iter()
            .map(|e| match e.sdn_uid {
                Some(u) => EKey::Uid(u),
                None => EKey::Name(e.name.clone()),
            })
            .collect();
        let mut used = vec![false; imp.entities.len()];
        for l in &imp.listings {
            report.listings_read += 1;
            let Some(ent) = imp.entities.get(l.entity) else {
                continue;
            };
            let reject = |reason: String| Rejected {
                origin: imp.origin.clone(),
                line: l.line,
                entity: Some(entity_label(ent)),
                listed_under: l.listed_under.clone(),
                value: l.address.clone(),
                reason,
            };
            match parse_listed(&l.address) {
                Ok((a, note)) => {
                    let mut notes: Vec<String> = note.into_iter().collect();
                    if let Some(cs) = chains_of_ticker(&l.listed_under) {
                        if !cs.iter().any(|c| a.chains.contains(*c)) {
                            notes.push(format!(
                                "kept as a {} address although filed under {}",
                                a.chains.ids().join("/"),
                                l.listed_under
                            ));
                        }
                    }
                    for note in notes {
                        report.notices.push(Notice {
                            origin: imp.origin.clone(),
                            entity: Some(entity_label(ent)),
                            listed_under: l.listed_under.clone(),
                            value: l.address.clone(),
                            note,
                        });
                    }
                    used[l.entity] = true;
                    listings.push((
                        a.key,
                        keys[l.entity].clone(),
                        l.listed_under.clone(),
                        l.first_seen.as_deref().map(Arc::from),
                    ));
                }
                Err(e) => report.rejected.push(reject(describe(&l.address, &e))),
            }
        }
        for r in &imp.removals {
            report.removals_read += 1;
            let Some(ent) = imp.entities.get(r.entity) else {
                continue;
            };
            let mut listed_under = r.listed_under.clone();
            sort_strings(&mut listed_under);
            listed_under.dedup();
            match parse_listed(&r.address) {
                Ok((a, _)) => {
                    let mut entity = ent.clone();
                    sort_strings(&mut entity.programs);
                    entity.programs.dedup();
                    let d = Delisted {
                        key: a.key.clone(),
                        entity: Arc::new(entity),
                        listed_under,
                        listed_until: r.listed_until.clone(),
                        removed: r.removed.clone(),
                    };
                    let slot = removals
                        .entry((a.key, keys[r.entity].clone()))
                        .or_insert_with(|| (d.clone(), imp.origin.clone()));
                    if d.removed > slot.0.removed {
                        *slot = (d, imp.origin.clone());
                    } else if d.removed == slot.0.removed {
                        let mut lu = std::mem::take(&mut slot.0.listed_under);
                        lu.extend(d.listed_under);
                        sort_strings(&mut lu);
                        lu.dedup();
                        slot.0.listed_under = lu;
                    }
                }
                Err(e) => report.rejected.push(Rejected {
                    origin: imp.origin.clone(),
                    line: r.line,
                    entity: Some(entity_label(ent)),
                    listed_under: listed_under.join(","),
                    value: r.address.clone(),
                    reason: format!("removed address: {}", describe(&r.address, &e)),
                }),
            }
        }
        for (i, e) in imp.entities.iter().enumerate() {
            if !used[i] {
                continue;
            }
            let m = merged.entry(keys[i].clone()).or_insert_with(|| Entity {
                name: e.name.clone(),
                sdn_uid: e.sdn_uid,
                ..Entity::default()
            });
            if m.kind.is_empty() {
                m.kind = e.kind.clone();
            }
            for p in &e.programs {
                if !m.programs.contains(p) {
                    m.programs.push(p.clone());
                }
            }
            for a in &e.akas {
                if !m.akas.contains(a) && *a != m.name {
                    m.akas.push(a.clone());
                }
            }
            m.designated = match (m.designated.take(), e.designated.clone()) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
    for m in merged.values_mut() {
        sort_strings(&mut m.programs);
    }
    // Entity index = position among the merged keys (ascending): a binary search, not a
    // map collected from an iterator (that collect is a stable sort, 9 KB of wasm code).
    let keys: Vec<EKey> = merged.keys().cloned().collect();
    let index_of = |k: &EKey| {
        keys.binary_search(k)
            .expect("every listing's entity is merged") as u32
    };
    let entities: Vec<Entity> = merged.into_values().collect();

    type Grouped = BTreeMap<(AddressKey, u32), (BTreeSet<String>, Option<Arc<str>>)>;
    let mut grouped: Grouped = BTreeMap::new();
    for (key, ek, t, first_seen) in listings {
        let (set, fs) = grouped.entry((key, index_of(&ek))).or_default();
        if !t.is_empty() {
            set.insert(t);
        }
        // The earliest date any input gives for the address.
        *fs = match (fs.take(), first_seen) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let mut entries: Vec<Entry> = grouped
        .into_iter()
        .map(|((key, entity), (lu, first_seen))| Entry {
            key,
            entity,
            listed_under: lu.into_iter().collect(),
            first_seen,
        })
        .collect();

    // A removed address that is listed again: its removal is not history the set can hold
    // (a delisted address is one not listed now), and a first-seen date from before that
    // removal is not the start of the current listing.
    let mut delisted: Vec<Delisted> = Vec::new();
    for ((key, _), (d, origin)) in removals {
        let again: Vec<&mut Entry> = entries.iter_mut().filter(|e| e.key == key).collect();
        if again.is_empty() {
            delisted.push(d);
            continue;
        }
        let value = address::encode_key(&key).unwrap_or_default();
        report.notices.push(Notice {
            origin: origin.clone(),
            entity: Some(entity_label(&d.entity)),
            listed_under: d.listed_under.join(","),
            value: value.clone(),
            note: format!(
                "removed on {} but listed again (for {}): the removal is not kept",
                d.removed.as_deref().unwrap_or("an unknown date"),
                again
                    .iter()
                    .map(|e| entity_label(&entities[e.entity as usize]))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
        let bound = d.removed.clone().or(d.listed_until.clone());
        for e in again {
            let Some(fs) = e.first_seen.clone() else {
                continue;
            };
            if bound.as_deref().is_none_or(|b| *fs <= *b) {
                e.first_seen = None;
                report.notices.push(Notice {
                    origin: origin.clone(),
                    entity: Some(entity_label(&entities[e.entity as usize])),
                    listed_under: e.listed_under.join(","),
                    value: value.clone(),
                    note: format!(
                        "first seen {fs}, before its removal: the current listing began \
                         later, on a date the inputs do not give; first_seen dropped"
                    ),
                });
            }
        }
    }
    delisted.sort_unstable();

    let mut sources: Vec<&str> = imports
        .iter()
        .map(|i| i.source.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let source = params.source.clone().unwrap_or_else(|| sources.join(" + "));
    let source_date = params.source_date.clone().unwrap_or_else(|| {
        imports
            .iter()
            .filter_map(|i| i.source_date.clone())
            .max()
            .unwrap_or_default()
    });
    let generated_at = params.generated_at.clone().unwrap_or_else(|| {
        if source_date.is_empty() {
            String::new()
        } else {
            format!("{source_date}T00:00:00Z")
        }
    });
    let header = Header {
        format_version: super::bundle::FORMAT_VERSION,
        sequence: params.sequence,
        generated_at,
        source,
        source_date,
        signed_at: params.signed_at,
        expires_at: params.expires_at,
        entity_count: entities.len() as u32,
        entry_count: entries.len() as u32,
        delisted_count: delisted.len() as u32,
        delisted,
    };
    (
        SetData {
            header,
            entities,
            entries,
        },
        report,
    )
}

/// The new set `new` as the next publication after `prev`, with the history carried:
///
/// - an address `prev` lists and `new` does not becomes a delisted record for each of its
///   listings (the entity as `prev` had it), `listed_until` = `prev`'s list date and
///   `removed` = `new`'s;
/// - `prev`'s delisted records are carried forward, unless the address is listed again;
/// - an address still listed keeps `prev`'s first-seen date when `new` has none, and an
///   address `new` adds (or lists again after a removal) is on the list since `new`'s
///   list date.
///
/// Records `new` already holds (from an import's change history) win over carried ones
/// for the same (address, entity). The removals and first-seen dates inferred from the
/// difference are written only when both list dates are known and `new`'s is the later:
/// a rebuild of the same list (an importer fix) is not a change of the list. Deterministic.
pub fn carry_history(prev: &LoadedSet, mut new: SetData) -> SetData {
    let date = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let (prev_date, new_date) = (
        date(&prev.header().source_date),
        date(&new.header.source_date),
    );
    let changed = matches!((&prev_date, &new_date), (Some(p), Some(n)) if n > p);
    let listed: BTreeSet<AddressKey> = new.entries.iter().map(|e| e.key.clone()).collect();

    // First-seen dates: carried for addresses still listed, the new list's date for added.
    let mut prev_first: BTreeMap<AddressKey, Option<&str>> = BTreeMap::new();
    for e in prev.entries() {
        let fs = prev_first.entry(e.key()).or_insert(None);
        if let Some(d) = e.first_seen {
            *fs = Some(fs.map_or(d, |f| f.min(d)));
        }
    }
    for e in new.entries.iter_mut().filter(|e| e.first_seen.is_none()) {
        e.first_seen = match prev_first.get(&e.key) {
            Some(carried) => carried.map(Arc::from),
            None if changed => new_date.as_deref().map(Arc::from),
            None => None,
        };
    }

    // History: new's own records, then what `prev` listed and `new` drops, then `prev`'s
    // records; the first for each (address, entity) is kept.
    let ident = |e: &Entity| {
        (
            e.sdn_uid,
            if e.sdn_uid.is_some() {
                String::new()
            } else {
                e.name.clone()
            },
        )
    };
    let mut history: BTreeMap<(AddressKey, (Option<u32>, String)), Delisted> = BTreeMap::new();
    for d in std::mem::take(&mut new.header.delisted) {
        if !listed.contains(&d.key) {
            history
                .entry((d.key.clone(), ident(&d.entity)))
                .or_insert(d);
        }
    }
    if changed {
        let mut shared: BTreeMap<u32, Arc<Entity>> = BTreeMap::new();
        for e in prev.entries() {
            let key = e.key();
            if listed.contains(&key) {
                continue;
            }
            let entity = shared
                .entry(e.entity)
                .or_insert_with(|| Arc::new(prev.entities()[e.entity as usize].clone()))
                .clone();
            history
                .entry((key.clone(), ident(&entity)))
                .or_insert_with(|| Delisted {
                    key,
                    entity,
                    listed_under: e.listed_under.to_vec(),
                    listed_until: prev_date.clone(),
                    removed: new_date.clone(),
                });
        }
    }
    for d in prev.delisted().iter().filter(|d| !listed.contains(&d.key)) {
        history
            .entry((d.key.clone(), ident(&d.entity)))
            .or_insert_with(|| d.clone());
    }
    let mut delisted: Vec<Delisted> = history.into_values().collect();
    delisted.sort_unstable();
    new.header.delisted_count = delisted.len() as u32;
    new.header.delisted = delisted;
    new
}

/// A reason worth reading for a value that does not parse.
fn describe(value: &str, e: &ParseError) -> String {
    let v = value.trim();
    if v.is_empty() {
        return "empty value".into();
    }
    let hex = crate::hex::strip_0x(v);
    if let Some(h) = hex {
        if h.bytes().all(|c| c.is_ascii_hexdigit()) && h.len() != 40 {
            return format!(
                "0x + {} hex digits: an EVM address has 40 (published typo?)",
                h.len()
            );
        }
    }
    if v.len() == 64 && v.bytes().all(|c| c.is_ascii_hexdigit()) {
        return "64 hex digits: a hash or key, not an address in any supported format".into();
    }
    format!("not a valid address: {e}")
}
