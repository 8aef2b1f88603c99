//! The change history of the JSON extraction,
//! `../shared/data/ofac/ofac_address_changes_2024-12_to_2026-08.json`: `{description,
//! events: [...], removed_addresses: [{address, address_lower, currencies,
//! last_listed_sdn_date: "MM/DD/YYYY", removed_in_sdn_date: "MM/DD/YYYY", sdn_entries:
//! [{name, programs: "CYBER2, DPRK3", sdn_uid}], source_commit_date}]}`.
//!
//! Only `removed_addresses` is read: each becomes a [`Removal`] per SDN entry (the
//! address was listed for it under `currencies` until `last_listed_sdn_date`, and the list
//! of `removed_in_sdn_date` no longer had it). `events` counts additions and removals per
//! name, which says nothing per address. Build it together with the main file:
//! `sightline list build --from ofac_digital_currency_addresses.json --from <this file>`.

use super::{list_date, OFAC_SOURCE};
use crate::list::{Entity, Import, Rejected, Removal};
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct File {
    removed_addresses: Vec<Removed>,
}

#[derive(Deserialize)]
struct Removed {
    address: Option<String>,
    #[serde(default)]
    address_lower: Option<String>,
    #[serde(default)]
    currencies: Vec<String>,
    last_listed_sdn_date: Option<String>,
    removed_in_sdn_date: Option<String>,
    #[serde(default)]
    sdn_entries: Vec<Ent>,
}

#[derive(Deserialize)]
struct Ent {
    sdn_uid: Option<u32>,
    name: String,
    #[serde(default)]
    programs: Programs,
}

/// `"CYBER2, DPRK3"` in this file; a list in the main one. Both are read.
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Programs {
    Text(String),
    List(Vec<String>),
    #[default]
    None,
}

impl Programs {
    fn to_vec(&self) -> Vec<String> {
        let mut v: Vec<String> = match self {
            Programs::Text(s) => s
                .split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            Programs::List(l) => l.iter().map(|p| p.trim().to_string()).collect(),
            Programs::None => Vec::new(),
        };
        v.sort();
        v.dedup();
        v
    }
}

#[derive(Deserialize)]
struct Probe {
    addresses: Option<IgnoredAny>,
    removed_addresses: Option<IgnoredAny>,
}

/// True when `text` is a JSON object with `removed_addresses` and no `addresses`: this
/// file, not the main extraction.
pub fn looks_like(text: &str) -> bool {
    serde_json::from_str::<Probe>(text)
        .is_ok_and(|p| p.removed_addresses.is_some() && p.addresses.is_none())
}

/// Reads the change history. Errors when the text is not that shape, or a date in it is
/// not a real MM/DD/YYYY date.
pub fn import(origin: &str, text: &str) -> Result<Import, String> {
    let f: File = serde_json::from_str(text)
        .map_err(|e| format!("{origin}: not the OFAC change-history shape: {e}"))?;
    let mut imp = Import {
        origin: origin.to_string(),
        source: OFAC_SOURCE.to_string(),
        ..Import::default()
    };
    let date = |what: &str, i: usize, d: Option<&str>| -> Result<Option<String>, String> {
        d.map(|d| {
            list_date(d).ok_or_else(|| format!("{origin}: record {}: bad {what} {d:?}", i + 1))
        })
        .transpose()
    };
    let mut ent_ix: BTreeMap<(Option<u32>, String, Vec<String>), usize> = BTreeMap::new();
    for (i, r) in f.removed_addresses.iter().enumerate() {
        let line = Some(i as u64 + 1);
        let listed_until = date("last_listed_sdn_date", i, r.last_listed_sdn_date.as_deref())?;
        let removed = date("removed_in_sdn_date", i, r.removed_in_sdn_date.as_deref())?;
        let mut listed_under = r.currencies.clone();
        listed_under.sort();
        listed_under.dedup();
        if r.sdn_entries.is_empty() {
            imp.rejected.push(Rejected {
                origin: origin.to_string(),
                line,
                entity: None,
                listed_under: listed_under.join(","),
                value: r.address.clone().unwrap_or_default(),
                reason: "removed address without the SDN entry it was listed for".into(),
            });
        }
        for e in &r.sdn_entries {
            let programs = e.programs.to_vec();
            let idx = *ent_ix
                .entry((e.sdn_uid, e.name.clone(), programs.clone()))
                .or_insert_with(|| {
                    imp.entities.push(Entity {
                        name: e.name.clone(),
                        sdn_uid: e.sdn_uid,
                        programs,
                        ..Entity::default()
                    });
                    imp.entities.len() - 1
                });
            match &r.address {
                Some(a) => imp.removals.push(Removal {
                    address: a.trim().to_string(),
                    listed_under: listed_under.clone(),
                    entity: idx,
                    listed_until: listed_until.clone(),
                    removed: removed.clone(),
                    line,
                }),
                None => imp.rejected.push(Rejected {
                    origin: origin.to_string(),
                    line,
                    entity: Some(match e.sdn_uid {
                        Some(u) => format!("{} (uid {u})", e.name),
                        None => e.name.clone(),
                    }),
                    listed_under: listed_under.join(","),
                    value: r.address_lower.clone().unwrap_or_default(),
                    reason: "removed address whose exact case is unknown (only the \
                             lowercased form survives)"
                        .into(),
                }),
            }
        }
    }
    Ok(imp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_removals_and_their_dates() {
        let text = r#"{"description": "x", "events": [{"added": {}}],
          "removed_addresses": [
            {"address": "0x8589427373D6D84E98730D7795D8f6f8731FDA16",
             "address_lower": "0x8589427373d6d84e98730d7795d8f6f8731fda16",
             "currencies": ["ETH"], "last_listed_sdn_date": "03/20/2025",
             "removed_in_sdn_date": "03/21/2025",
             "sdn_entries": [{"name": "TORNADO CASH", "programs": "DPRK3, CYBER2", "sdn_uid": 39796}],
             "source_commit_date": "2025-03-22"},
            {"address": null, "address_lower": "0xabc", "currencies": ["ETH"],
             "last_listed_sdn_date": null, "removed_in_sdn_date": "11/24/2025",
             "sdn_entries": [{"name": "TORNADO CASH", "programs": ["CYBER2", "DPRK3"], "sdn_uid": 39796}]}
          ]}"#;
        assert!(looks_like(text));
        let imp = import("changes.json", text).unwrap();
        assert_eq!(imp.source, OFAC_SOURCE);
        assert_eq!(imp.source_date, None);
        assert!(imp.listings.is_empty());
        assert_eq!(
            imp.entities.len(),
            1,
            "one entity for both spellings of its programs"
        );
        assert_eq!(imp.entities[0].programs, ["CYBER2", "DPRK3"]);
        assert_eq!(imp.removals.len(), 1);
        let r = &imp.removals[0];
        assert_eq!(r.address, "0x8589427373D6D84E98730D7795D8f6f8731FDA16");
        assert_eq!(r.listed_under, ["ETH"]);
        assert_eq!(r.listed_until.as_deref(), Some("2025-03-20"));
        assert_eq!(r.removed.as_deref(), Some("2025-03-21"));
        assert_eq!(imp.rejected.len(), 1);
        assert!(imp.rejected[0].reason.contains("exact case"));
    }

    #[test]
    fn refuses_bad_dates_and_other_shapes() {
        let bad = r#"{"removed_addresses": [{"address": "x", "last_listed_sdn_date": "02/30/2025",
            "removed_in_sdn_date": null, "sdn_entries": []}]}"#;
        let e = import("c.json", bad).unwrap_err();
        assert!(e.contains("bad last_listed_sdn_date"), "{e}");
        assert!(!looks_like(r#"{"addresses": [], "removed_addresses": []}"#));
        assert!(!looks_like("[1, 2]"));
        assert!(import("c.json", r#"{"addresses": []}"#).is_err());
    }
}
