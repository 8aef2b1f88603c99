//! OFAC's classic SDN.XML (root `sdnList`), streamed; see `../shared/data/ofac/FORMAT.md`
//! section 3.
//!
//! One `sdnEntry` per SDN: `uid`, `firstName`, `lastName` (the whole name for entities),
//! `sdnType`, `programList/program`, `akaList/aka` (with their own first/last names, which
//! must not be taken for the entry's name), and `idList/id` rows whose `idType` is
//! `Digital Currency Address - XXX` with the address in `idNumber`.
//! `publshInformation/Publish_Date` (MM/DD/YYYY; the misspelling is OFAC's) dates the
//! publication; `Record_Count` is cross-checked against the entries read, so a cut-off
//! download is refused rather than taken for a shorter list.

use super::xml::{ends_with, walk, Step};
use super::{mdy_to_iso, OFAC_SOURCE};
use crate::list::{Entity, Import, Listing};
use std::io::BufRead;

const DCA_PREFIX: &str = "Digital Currency Address - ";

#[derive(Default)]
struct Cur {
    uid: Option<u32>,
    first: String,
    last: String,
    kind: String,
    programs: Vec<String>,
    akas: Vec<String>,
    aka_first: String,
    aka_last: String,
    id_type: String,
    id_number: String,
    /// (ticker, address)
    addrs: Vec<(String, String)>,
}

/// Reads SDN.XML from `input`.
pub fn import<R: BufRead>(origin: &str, input: R) -> Result<Import, String> {
    let mut imp = Import {
        origin: origin.to_string(),
        source: OFAC_SOURCE.to_string(),
        ..Import::default()
    };
    let mut cur: Option<Cur> = None;
    let mut record_count: Option<u64> = None;
    let mut entries: u64 = 0;
    let mut publish_date: Option<String> = None;
    walk(origin, input, |step| {
        match step {
            Step::Start { path, .. } => {
                let name = path.last().map(String::as_str).unwrap_or("");
                match name {
                    "sdnEntry" if path.len() == 2 => {
                        entries += 1;
                        cur = Some(Cur::default());
                    }
                    "aka" => {
                        if let Some(c) = cur.as_mut() {
                            c.aka_first.clear();
                            c.aka_last.clear();
                        }
                    }
                    "id" => {
                        if let Some(c) = cur.as_mut() {
                            c.id_type.clear();
                            c.id_number.clear();
                        }
                    }
                    _ => {}
                }
            }
            Step::End { path, text } => {
                let name = path.last().map(String::as_str).unwrap_or("");
                if ends_with(path, &["publshInformation", "Publish_Date"]) {
                    publish_date = Some(
                        mdy_to_iso(text)
                            .ok_or_else(|| format!("{origin}: bad Publish_Date {text:?}"))?,
                    );
                    return Ok(());
                }
                if ends_with(path, &["publshInformation", "Record_Count"]) {
                    record_count = text.parse().ok();
                    return Ok(());
                }
                let Some(c) = cur.as_mut() else {
                    return Ok(());
                };
                let depth = path.len();
                match name {
                    // Direct children of sdnEntry only (akaList has its own names).
                    "uid" if depth == 3 => {
                        c.uid = Some(text.parse().map_err(|_| {
                            format!("{origin}: sdnEntry uid {text:?} is not a number")
                        })?)
                    }
                    "firstName" if depth == 3 => c.first = text.to_string(),
                    "lastName" if depth == 3 => c.last = text.to_string(),
                    "sdnType" if depth == 3 => c.kind = text.to_ascii_lowercase(),
                    "program" if ends_with(path, &["programList", "program"]) => {
                        c.programs.push(text.to_string())
                    }
                    "firstName" if ends_with(path, &["aka", "firstName"]) => {
                        c.aka_first = text.to_string()
                    }
                    "lastName" if ends_with(path, &["aka", "lastName"]) => {
                        c.aka_last = text.to_string()
                    }
                    "aka" => {
                        let n = join_name(&c.aka_first, &c.aka_last);
                        if !n.is_empty() && !c.akas.contains(&n) {
                            c.akas.push(n);
                        }
                    }
                    "idType" if ends_with(path, &["id", "idType"]) => c.id_type = text.to_string(),
                    "idNumber" if ends_with(path, &["id", "idNumber"]) => {
                        c.id_number = text.to_string()
                    }
                    "id" if ends_with(path, &["idList", "id"]) => {
                        if let Some(t) = c.id_type.strip_prefix(DCA_PREFIX) {
                            c.addrs.push((t.trim().to_string(), c.id_number.clone()));
                        }
                    }
                    "sdnEntry" if depth == 2 => {
                        let c = cur.take().unwrap_or_default();
                        if !c.addrs.is_empty() {
                            let uid = c
                                .uid
                                .ok_or_else(|| format!("{origin}: sdnEntry without uid"))?;
                            let name = join_name(&c.first, &c.last);
                            let mut programs = c.programs;
                            programs.sort();
                            programs.dedup();
                            imp.entities.push(Entity {
                                name: if name.is_empty() {
                                    format!("SDN uid {uid}")
                                } else {
                                    name
                                },
                                sdn_uid: Some(uid),
                                kind: c.kind,
                                programs,
                                akas: c.akas,
                                designated: None,
                            });
                            let ix = imp.entities.len() - 1;
                            for (t, a) in c.addrs {
                                imp.listings.push(Listing {
                                    address: a,
                                    listed_under: t,
                                    entity: ix,
                                    line: Some(entries),
                                    first_seen: None,
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    })?;
    if let Some(n) = record_count {
        if n != entries {
            return Err(format!(
                "{origin}: Record_Count says {n} entries but {entries} were read (cut-off download?)"
            ));
        }
    }
    imp.source_date = publish_date;
    Ok(imp)
}

fn join_name(first: &str, last: &str) -> String {
    match (first.trim(), last.trim()) {
        ("", l) => l.to_string(),
        (f, "") => f.to_string(),
        (f, l) => format!("{f} {l}"),
    }
}
