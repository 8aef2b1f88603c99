//! The JSON extraction in `../shared/data/ofac/ofac_digital_currency_addresses.json`:
//! `{sdn_publish_date: "MM/DD/YYYY", addresses: [{address, address_lower, currencies,
//! case_note, entries: [{sdn_uid, name, programs, akas, listed_under}],
//! first_seen?: {source_commit_date, sdn_publish_date}}]}`. `first_seen` (on the addresses
//! added since 2024-12-29) names the SDN list the address first appeared on: its
//! `sdn_publish_date` becomes the listings' first-seen date.
//!
//! `address` is null where only the lowercased form survived (two Monero addresses): those
//! are reported, not guessed, since base58 case cannot be recovered from lowercase.

use super::{list_date, mdy_to_iso, OFAC_SOURCE};
use crate::list::{Entity, Import, Listing, Rejected};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct File {
    sdn_publish_date: Option<String>,
    addresses: Vec<Addr>,
}

#[derive(Deserialize)]
struct Addr {
    address: Option<String>,
    #[serde(default)]
    address_lower: Option<String>,
    #[serde(default)]
    case_note: Option<String>,
    #[serde(default)]
    entries: Vec<Ent>,
    #[serde(default)]
    first_seen: Option<FirstSeen>,
}

#[derive(Deserialize)]
struct FirstSeen {
    sdn_publish_date: Option<String>,
}

#[derive(Deserialize)]
struct Ent {
    sdn_uid: Option<u32>,
    name: String,
    #[serde(default)]
    programs: Vec<String>,
    #[serde(default)]
    akas: Vec<String>,
    #[serde(default)]
    listed_under: Vec<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

/// Reads the JSON shape. Errors only when the text is not that shape at all.
pub fn import(origin: &str, text: &str) -> Result<Import, String> {
    let f: File = serde_json::from_str(text)
        .map_err(|e| format!("{origin}: not the OFAC JSON shape: {e}"))?;
    let source_date = match f.sdn_publish_date.as_deref() {
        Some(d) => {
            Some(mdy_to_iso(d).ok_or_else(|| format!("{origin}: bad sdn_publish_date {d:?}"))?)
        }
        None => None,
    };
    let mut imp = Import {
        origin: origin.to_string(),
        source: OFAC_SOURCE.to_string(),
        source_date,
        ..Import::default()
    };
    let mut ent_ix: BTreeMap<(Option<u32>, String), usize> = BTreeMap::new();
    for (i, a) in f.addresses.iter().enumerate() {
        let record = Some(i as u64 + 1);
        let first_seen =
            match a
                .first_seen
                .as_ref()
                .and_then(|f| f.sdn_publish_date.as_deref())
            {
                Some(d) => Some(list_date(d).ok_or_else(|| {
                    format!("{origin}: record {}: bad first_seen date {d:?}", i + 1)
                })?),
                None => None,
            };
        for e in &a.entries {
            let idx = *ent_ix
                .entry((e.sdn_uid, e.name.clone()))
                .or_insert_with(|| {
                    imp.entities.push(Entity {
                        name: e.name.clone(),
                        sdn_uid: e.sdn_uid,
                        kind: e.kind.clone().unwrap_or_default().to_ascii_lowercase(),
                        programs: e.programs.clone(),
                        akas: e.akas.clone(),
                        designated: None,
                    });
                    imp.entities.len() - 1
                });
            let tickers: Vec<String> = if e.listed_under.is_empty() {
                vec![String::new()]
            } else {
                e.listed_under.clone()
            };
            for t in tickers {
                match &a.address {
                    Some(addr) => imp.listings.push(Listing {
                        address: addr.trim().to_string(),
                        listed_under: t,
                        entity: idx,
                        line: record,
                        first_seen: first_seen.clone(),
                    }),
                    None => imp.rejected.push(Rejected {
                        origin: origin.to_string(),
                        line: record,
                        entity: Some(match e.sdn_uid {
                            Some(u) => format!("{} (uid {u})", e.name),
                            None => e.name.clone(),
                        }),
                        listed_under: t,
                        value: a.address_lower.clone().unwrap_or_default(),
                        reason: format!(
                            "exact case unknown (only the lowercased form survives: {}); \
                             base58 case cannot be guessed, re-derive it from an OFAC file",
                            a.case_note.as_deref().unwrap_or("no case note")
                        ),
                    }),
                }
            }
        }
    }
    Ok(imp)
}
