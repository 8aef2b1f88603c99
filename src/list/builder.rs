//! From importer records to a set: parse every address, merge entities, group listings.
//!
//! Importers (OFAC XML, the JSON extraction, CSV) each produce an [`Import`]: entities and
//! raw (address, asset code, entity) listings, plus what they already could not use.
//! [`build_set`] runs every address through [`crate::address::parse`], keeps the valid,
//! reports every unusable one with its reason, merges entities that share an SDN uid, and
//! produces deterministic [`SetData`] for the encoder.

use super::bundle::SetData;
use super::model::{Entity, Entry, Header, Notice, Rejected};
use crate::address::{self, AddressKey, Chain, ParseError};
use std::collections::{BTreeMap, BTreeSet};

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
    let mut listings: Vec<(AddressKey, EKey, String)> = Vec::new();
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
                    listings.push((a.key, keys[l.entity].clone(), l.listed_under.clone()));
                }
                Err(e) => report.rejected.push(reject(describe(&l.address, &e))),
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
        m.programs.sort();
    }
    let index_of: BTreeMap<EKey, u32> = merged
        .keys()
        .enumerate()
        .map(|(i, k)| (k.clone(), i as u32))
        .collect();
    let entities: Vec<Entity> = merged.into_values().collect();

    let mut grouped: BTreeMap<(AddressKey, u32), BTreeSet<String>> = BTreeMap::new();
    for (key, ek, t) in listings {
        let set = grouped.entry((key, index_of[&ek])).or_default();
        if !t.is_empty() {
            set.insert(t);
        }
    }
    let entries: Vec<Entry> = grouped
        .into_iter()
        .map(|((key, entity), lu)| Entry {
            key,
            entity,
            listed_under: lu.into_iter().collect(),
        })
        .collect();

    let mut sources: Vec<&str> = imports.iter().map(|i| i.source.as_str()).collect();
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
        entity_count: entities.len() as u32,
        entry_count: entries.len() as u32,
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
