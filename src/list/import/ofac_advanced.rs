//! OFAC's SDN_ADVANCED.XML (root `Sanctions`), streamed; see `../shared/data/ofac/FORMAT.md`
//! section 2.
//!
//! - Reference tables (`ReferenceValueSets/*Values/*`) map IDs to texts. Digital-currency
//!   features are found by TEXT: any `FeatureType` whose text starts with
//!   `Digital Currency Address - ` (the rest is the asset code), never by a fixed ID.
//! - Each `DistinctParty@FixedRef` is the SDN uid. Its primary identity's primary alias
//!   gives the name (name parts ordered first/middle/last through `NamePartGroup` ->
//!   `NamePartType`); every other documented name is an a.k.a. Its `Feature`s of a
//!   digital-currency type hold the addresses in `VersionDetail`.
//! - `SanctionsEntry@ProfileID` links a party to its programs (`SanctionsMeasure` whose
//!   `SanctionsType` text is "Program", the program in its `Comment`) and listing dates
//!   (`EntryEvent/Date`; the earliest is the designation date).
//! - `DateOfIssue` dates the publication.
//!
//! Everything is resolved at the end, so the order of the top-level sections does not
//! matter. Memory: the reference tables, and per party only its names and features.

use super::xml::{ends_with, num, walk, Step};
use super::{ymd, OFAC_SOURCE};
use crate::list::{Entity, Import, Listing, Rejected};
use std::collections::BTreeMap;
use std::io::BufRead;

const DCA_PREFIX: &str = "Digital Currency Address - ";

#[derive(Default)]
struct Alias {
    primary: bool,
    /// One entry per DocumentedName: (NamePartGroupID, text) in document order.
    names: Vec<Vec<(u64, String)>>,
}

#[derive(Default)]
struct Identity {
    primary: bool,
    aliases: Vec<Alias>,
    /// NamePartGroup ID -> NamePartType ID.
    groups: BTreeMap<u64, u64>,
}

#[derive(Default)]
struct Party {
    uid: u32,
    subtype: Option<u64>,
    identities: Vec<Identity>,
    /// (FeatureType ID, VersionDetail texts).
    features: Vec<(u64, Vec<String>)>,
}

#[derive(Default)]
struct SanctionsInfo {
    /// (SanctionsType ID, comment).
    measures: Vec<(u64, String)>,
    dates: Vec<String>,
}

#[derive(Default)]
struct State {
    date_of_issue: (Option<u32>, Option<u32>, Option<u32>),
    /// Table element name ("FeatureType") -> ID -> text.
    tables: BTreeMap<String, BTreeMap<u64, String>>,
    /// PartySubType ID -> PartyType ID.
    subtype_party_type: BTreeMap<u64, u64>,
    parties: Vec<Party>,
    cur: Option<Party>,
    cur_feature: Option<(u64, Vec<String>)>,
    sanctions: BTreeMap<u64, SanctionsInfo>,
    cur_entry: Option<u64>,
    cur_measure: Option<u64>,
    cur_date: (Option<u32>, Option<u32>, Option<u32>),
    parties_seen: u64,
    /// A reference-table element being read: (table element name, ID).
    pending_ref: Option<(String, u64)>,
    /// IdentityReference of the feature being read (for features outside any party).
    cur_identity_ref: Option<u64>,
    /// Address features found outside any DistinctParty (fragments): (type, values, identity).
    orphans: Vec<(u64, Vec<String>, Option<u64>)>,
}

/// Reads SDN_ADVANCED.XML from `input`.
pub fn import<R: BufRead>(origin: &str, input: R) -> Result<Import, String> {
    let mut st = State::default();
    walk(origin, input, |step| on_step(&mut st, step))?;
    finish(origin, st)
}

fn on_step(st: &mut State, step: Step<'_>) -> Result<(), String> {
    match step {
        Step::Start { path, attrs } => {
            let name = path.last().map(String::as_str).unwrap_or("");
            // Reference tables: Sanctions/ReferenceValueSets/XValues/X
            if (path.len() == 4 && path[1] == "ReferenceValueSets") || name == "FeatureType" {
                st.pending_ref = num(attrs, "ID").map(|id| (name.to_string(), id));
                if name == "PartySubType" {
                    if let (Some(id), Some(pt)) = (num(attrs, "ID"), num(attrs, "PartyTypeID")) {
                        st.subtype_party_type.insert(id, pt);
                    }
                }
                return Ok(());
            }
            match name {
                "DistinctParty" => {
                    st.parties_seen += 1;
                    let uid = num(attrs, "FixedRef")
                        .filter(|&u| u <= u32::MAX as u64)
                        .ok_or("DistinctParty without a numeric FixedRef")?;
                    st.cur = Some(Party {
                        uid: uid as u32,
                        ..Party::default()
                    });
                }
                "Profile" if st.cur.is_some() => {
                    if let Some(p) = st.cur.as_mut() {
                        p.subtype = num(attrs, "PartySubTypeID");
                    }
                }
                "Identity" => {
                    if let Some(p) = st.cur.as_mut() {
                        p.identities.push(Identity {
                            primary: attrs.get("Primary").is_some_and(|v| v == "true"),
                            ..Identity::default()
                        });
                    }
                }
                "Alias" => {
                    if let Some(id) = st.cur.as_mut().and_then(|p| p.identities.last_mut()) {
                        id.aliases.push(Alias {
                            primary: attrs.get("Primary").is_some_and(|v| v == "true"),
                            names: Vec::new(),
                        });
                    }
                }
                "DocumentedName" => {
                    if let Some(a) = st
                        .cur
                        .as_mut()
                        .and_then(|p| p.identities.last_mut())
                        .and_then(|i| i.aliases.last_mut())
                    {
                        a.names.push(Vec::new());
                    }
                }
                "NamePartValue" => {
                    let g = num(attrs, "NamePartGroupID").unwrap_or(0);
                    if let Some(n) = st
                        .cur
                        .as_mut()
                        .and_then(|p| p.identities.last_mut())
                        .and_then(|i| i.aliases.last_mut())
                        .and_then(|a| a.names.last_mut())
                    {
                        n.push((g, String::new()));
                    }
                }
                "NamePartGroup" => {
                    if let Some(i) = st.cur.as_mut().and_then(|p| p.identities.last_mut()) {
                        if let (Some(id), Some(t)) =
                            (num(attrs, "ID"), num(attrs, "NamePartTypeID"))
                        {
                            i.groups.insert(id, t);
                        }
                    }
                }
                "Feature" => {
                    st.cur_feature =
                        Some((num(attrs, "FeatureTypeID").unwrap_or(u64::MAX), Vec::new()));
                    st.cur_identity_ref = None;
                }
                "IdentityReference" if st.cur_feature.is_some() => {
                    st.cur_identity_ref = num(attrs, "IdentityID");
                }
                "SanctionsEntry" => {
                    st.cur_entry = num(attrs, "ProfileID");
                }
                "SanctionsMeasure" => {
                    st.cur_measure = num(attrs, "SanctionsTypeID");
                }
                "Date" if st.cur_entry.is_some() && ends_with(path, &["EntryEvent", "Date"]) => {
                    st.cur_date = (None, None, None);
                }
                _ => {}
            }
        }
        Step::End { path, text } => {
            let name = path.last().map(String::as_str).unwrap_or("");
            if let Some((table, id)) = st.pending_ref.take() {
                if table == name {
                    st.tables
                        .entry(table)
                        .or_default()
                        .insert(id, text.to_string());
                    return Ok(());
                }
            }
            if path.len() == 3 && path[1] == "DateOfIssue" {
                let v = text.parse().ok();
                match name {
                    "Year" => st.date_of_issue.0 = v,
                    "Month" => st.date_of_issue.1 = v,
                    "Day" => st.date_of_issue.2 = v,
                    _ => {}
                }
                return Ok(());
            }
            match name {
                "NamePartValue" => {
                    if let Some(last) = st
                        .cur
                        .as_mut()
                        .and_then(|p| p.identities.last_mut())
                        .and_then(|i| i.aliases.last_mut())
                        .and_then(|a| a.names.last_mut())
                        .and_then(|n| n.last_mut())
                    {
                        last.1 = text.to_string();
                    }
                }
                "VersionDetail" => {
                    if let Some((_, v)) = st.cur_feature.as_mut() {
                        v.push(text.to_string());
                    }
                }
                "Feature" => {
                    if let Some(f) = st.cur_feature.take() {
                        match st.cur.as_mut() {
                            Some(p) => p.features.push(f),
                            None => st.orphans.push((f.0, f.1, st.cur_identity_ref)),
                        }
                    }
                }
                "DistinctParty" => {
                    if let Some(mut p) = st.cur.take() {
                        // In OFAC's files the reference tables come first: drop every
                        // feature that is not a digital-currency address right away, so
                        // memory stays small on the 100+ MB file. (Without the table yet,
                        // keep them all and resolve at the end.)
                        if let Some(ft) = st.tables.get("FeatureType") {
                            p.features.retain(|(t, _)| {
                                ft.get(t).is_some_and(|x| x.starts_with(DCA_PREFIX))
                            });
                        }
                        // Keep only parties that have features at all (cheap filter; the
                        // digital-currency test needs the FeatureType table, resolved later).
                        if !p.features.is_empty() {
                            st.parties.push(p);
                        }
                    }
                }
                "Comment"
                    if st.cur_measure.is_some()
                        && ends_with(path, &["SanctionsMeasure", "Comment"]) =>
                {
                    if let (Some(pid), Some(t)) = (st.cur_entry, st.cur_measure) {
                        st.sanctions
                            .entry(pid)
                            .or_default()
                            .measures
                            .push((t, text.to_string()));
                    }
                }
                "SanctionsMeasure" => st.cur_measure = None,
                "SanctionsEntry" => st.cur_entry = None,
                "Year" | "Month" | "Day"
                    if st.cur_entry.is_some() && ends_with(path, &["EntryEvent", "Date", name]) =>
                {
                    let v = text.parse().ok();
                    match name {
                        "Year" => st.cur_date.0 = v,
                        "Month" => st.cur_date.1 = v,
                        _ => st.cur_date.2 = v,
                    }
                }
                "Date" if st.cur_entry.is_some() && ends_with(path, &["EntryEvent", "Date"]) => {
                    if let (Some(pid), (Some(y), Some(m), Some(d))) = (st.cur_entry, st.cur_date) {
                        if let Some(iso) = ymd(y, m, d) {
                            st.sanctions.entry(pid).or_default().dates.push(iso);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Name-part order for display: given names first, family name last (as OFAC's own
/// classic files print "firstName lastName").
fn part_rank(type_text: &str) -> u8 {
    match type_text {
        "First Name" => 0,
        "Middle Name" => 1,
        "Patronymic" => 2,
        "Matronymic" => 3,
        "Maiden Name" => 5,
        "Last Name" => 6,
        _ => 4,
    }
}

fn compose(
    parts: &[(u64, String)],
    groups: &BTreeMap<u64, u64>,
    types: &BTreeMap<u64, String>,
) -> String {
    let mut ranked: Vec<(u8, usize, &str)> = parts
        .iter()
        .enumerate()
        .filter(|(_, (_, t))| !t.is_empty())
        .map(|(i, (g, t))| {
            let ty = groups
                .get(g)
                .and_then(|t| types.get(t))
                .map(String::as_str)
                .unwrap_or("");
            (part_rank(ty), i, t.as_str())
        })
        .collect();
    ranked.sort();
    ranked.iter().map(|r| r.2).collect::<Vec<_>>().join(" ")
}

fn finish(origin: &str, st: State) -> Result<Import, String> {
    let feature_types = st.tables.get("FeatureType").cloned().unwrap_or_default();
    if (st.parties_seen > 0 || !st.orphans.is_empty()) && feature_types.is_empty() {
        return Err(format!(
            "{origin}: no FeatureType reference table; cannot tell addresses apart"
        ));
    }
    let dca: BTreeMap<u64, String> = feature_types
        .iter()
        .filter_map(|(id, t)| {
            t.strip_prefix(DCA_PREFIX)
                .map(|tk| (*id, tk.trim().to_string()))
        })
        .collect();
    let name_types = st.tables.get("NamePartType").cloned().unwrap_or_default();
    let party_types = st.tables.get("PartyType").cloned().unwrap_or_default();
    let sanctions_types = st.tables.get("SanctionsType").cloned().unwrap_or_default();

    let source_date = match st.date_of_issue {
        (Some(y), Some(m), Some(d)) => {
            Some(ymd(y, m, d).ok_or_else(|| format!("{origin}: bad DateOfIssue"))?)
        }
        _ => None,
    };
    let mut imp = Import {
        origin: origin.to_string(),
        source: OFAC_SOURCE.to_string(),
        source_date,
        ..Import::default()
    };
    for (t, values, identity) in &st.orphans {
        if let Some(ticker) = dca.get(t) {
            for v in values {
                imp.rejected.push(Rejected {
                    origin: origin.to_string(),
                    line: None,
                    entity: identity.map(|i| format!("IdentityID {i}")),
                    listed_under: ticker.clone(),
                    value: v.clone(),
                    reason:
                        "address feature outside any DistinctParty: owner unknown (a fragment?)"
                            .into(),
                });
            }
        }
    }
    for p in st.parties {
        let addrs: Vec<(&String, &Vec<String>)> = p
            .features
            .iter()
            .filter_map(|(t, v)| dca.get(t).map(|tk| (tk, v)))
            .collect();
        if addrs.is_empty() {
            continue;
        }
        let primary = p
            .identities
            .iter()
            .find(|i| i.primary)
            .or(p.identities.first());
        let mut all_names: Vec<String> = Vec::new();
        let mut name = String::new();
        if let Some(id) = primary {
            let main_alias = id.aliases.iter().find(|a| a.primary).or(id.aliases.first());
            if let Some(a) = main_alias {
                if let Some(parts) = a.names.first() {
                    name = compose(parts, &id.groups, &name_types);
                }
            }
        }
        for id in &p.identities {
            for a in &id.aliases {
                for parts in &a.names {
                    let n = compose(parts, &id.groups, &name_types);
                    if !n.is_empty() && n != name && !all_names.contains(&n) {
                        all_names.push(n);
                    }
                }
            }
        }
        if name.is_empty() {
            name = format!("SDN uid {}", p.uid);
        }
        let kind = p
            .subtype
            .and_then(|s| st.subtype_party_type.get(&s))
            .and_then(|t| party_types.get(t))
            .map(|t| t.to_ascii_lowercase())
            .unwrap_or_default();
        let info = st.sanctions.get(&(p.uid as u64));
        let mut programs: Vec<String> = info
            .map(|i| {
                i.measures
                    .iter()
                    .filter(|(t, c)| {
                        sanctions_types.get(t).is_some_and(|s| s == "Program") && !c.is_empty()
                    })
                    .map(|(_, c)| c.clone())
                    .collect()
            })
            .unwrap_or_default();
        programs.sort();
        programs.dedup();
        let designated = info.and_then(|i| i.dates.iter().min().cloned());
        imp.entities.push(Entity {
            name: name.clone(),
            sdn_uid: Some(p.uid),
            kind,
            programs,
            akas: all_names,
            designated,
        });
        let ix = imp.entities.len() - 1;
        for (ticker, details) in addrs {
            if details.iter().all(|d| d.is_empty()) {
                imp.rejected.push(Rejected {
                    origin: origin.to_string(),
                    line: None,
                    entity: Some(format!("{name} (uid {})", p.uid)),
                    listed_under: ticker.clone(),
                    value: String::new(),
                    reason: "digital-currency feature without a value".into(),
                });
            }
            for d in details.iter().filter(|d| !d.is_empty()) {
                imp.listings.push(Listing {
                    address: d.clone(),
                    listed_under: ticker.clone(),
                    entity: ix,
                    line: None,
                    first_seen: None,
                });
            }
        }
    }
    Ok(imp)
}
