//! `sightline list show` and `list diff`: what a bundle holds, and what changed between two.

use sightline::address::{encode_key, AddressKey};
use sightline::list::publish::Freshness;
use sightline::list::{date, sign, Header, LoadedSet, STALE_AFTER_DAYS};
use std::collections::{BTreeMap, BTreeSet};

fn address_text(k: &AddressKey) -> String {
    encode_key(k).unwrap_or_else(|| format!("key:{}", sign::to_hex(&k.to_bytes())))
}

fn chain_label(k: &AddressKey) -> String {
    match sightline::address::parse(&address_text(k)) {
        Ok(a) => a.chains.ids().join("/"),
        Err(_) => format!("family {}", k.prefix.first().copied().unwrap_or(0)),
    }
}

/// `signed_at`, `expires_at` (RFC 3339; "not stated" in a version 1 bundle) and what they
/// and the list date say now (`list::publish::Freshness`, the rule every client warns by).
pub(crate) fn validity(h: &Header) -> [String; 3] {
    let f = Freshness::of(h, date::now_seconds());
    let stamp = |t: Option<u64>| {
        t.map_or(
            "not stated (format version 1)".to_string(),
            date::timestamp_string,
        )
    };
    let mut status = Vec::new();
    if f.future {
        status.push("SUSPECT: dated in the future".to_string());
    }
    if f.expired {
        status.push("EXPIRED".to_string());
    }
    if let Some(d) = f.age_days.filter(|_| !f.future) {
        let old = if d > STALE_AFTER_DAYS as u64 {
            "OLD: "
        } else {
            ""
        };
        status.push(format!(
            "{old}{d} days since the later of the list date and signed_at"
        ));
    }
    [stamp(h.signed_at), stamp(h.expires_at), status.join("; ")]
}

pub(crate) fn show(set: &LoadedSet, top: usize, json: bool) {
    let h = set.header();
    let mut per_chain: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_program: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_entity: BTreeMap<u32, usize> = BTreeMap::new();
    let mut keys: Vec<AddressKey> = Vec::new();
    for e in set.entries() {
        keys.push(e.key());
        *per_entity.entry(e.entity).or_default() += 1;
        for p in &set.entities()[e.entity as usize].programs {
            *per_program.entry(p.clone()).or_default() += 1;
        }
    }
    keys.sort();
    keys.dedup();
    for k in &keys {
        *per_chain.entry(chain_label(k)).or_default() += 1;
    }
    let mut tops: Vec<(usize, u32)> = per_entity.iter().map(|(e, n)| (*n, *e)).collect();
    tops.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    tops.truncate(top);
    let first = first_seen_known(set);
    let history = history_summary(set);
    if json {
        let v = serde_json::json!({
            "header": h,
            "addresses": keys.len(),
            "first_seen_known": first.0,
            "first_seen_earliest": first.1,
            "history": history.json(),
            "per_chain": per_chain,
            "per_program": per_program,
            "top_entities": tops.iter().map(|(n, e)| {
                let ent = &set.entities()[*e as usize];
                serde_json::json!({"name": ent.name, "sdn_uid": ent.sdn_uid, "programs": ent.programs, "entries": n})
            }).collect::<Vec<_>>(),
        });
        println!("{v}");
        return;
    }
    println!("source:        {} of {}", h.source, h.source_date);
    println!("sequence:      {}", h.sequence);
    println!("generated at:  {}", h.generated_at);
    let [signed, expires, status] = validity(h);
    println!("signed at:     {signed}");
    println!("expires at:    {expires}");
    println!("age:           {status}");
    println!("format:        version {}", h.format_version);
    println!(
        "entries:       {} ({} distinct addresses)",
        h.entry_count,
        keys.len()
    );
    println!("entities:      {}", h.entity_count);
    match first.1 {
        Some(d) => println!(
            "first seen:    known for {} of {} addresses (earliest {d})",
            first.0,
            keys.len()
        ),
        None => println!("first seen:    not in this bundle"),
    }
    history.print(h.format_version);
    println!("per chain (distinct addresses):");
    for (c, n) in &per_chain {
        println!("  {c:<40} {n:>7}");
    }
    println!("per program (entries):");
    for (p, n) in &per_program {
        println!("  {p:<40} {n:>7}");
    }
    println!("top entities:");
    for (n, e) in &tops {
        let ent = &set.entities()[*e as usize];
        let uid = ent
            .sdn_uid
            .map(|u| format!(" (uid {u})"))
            .unwrap_or_default();
        println!("  {n:>6}  {}{uid}  [{}]", ent.name, ent.programs.join(", "));
    }
}

/// How many distinct listed addresses carry a first-seen date, and the earliest.
fn first_seen_known(set: &LoadedSet) -> (usize, Option<String>) {
    let mut known: BTreeMap<AddressKey, &str> = BTreeMap::new();
    for e in set.entries() {
        if let Some(d) = e.first_seen {
            known.insert(e.key(), d);
        }
    }
    let earliest = known.values().min().map(|d| d.to_string());
    (known.len(), earliest)
}

/// The delisted part of a bundle (version 2): addresses and entities, grouped by the date
/// of the first list without them, most addresses first.
struct History {
    addresses: usize,
    entities: usize,
    /// (removed date or None, distinct addresses, entity labels)
    removals: Vec<(Option<String>, usize, Vec<String>)>,
}

fn entity_label(name: &str, uid: Option<u32>) -> String {
    uid.map_or_else(|| name.to_string(), |u| format!("{name} (uid {u})"))
}

/// Per removal date: the addresses removed then, and how many of them each entity had.
type Removals<'a> = BTreeMap<Option<&'a str>, (BTreeSet<&'a AddressKey>, BTreeMap<String, usize>)>;

fn history_summary(set: &LoadedSet) -> History {
    let mut by_date: Removals = BTreeMap::new();
    let mut addresses = BTreeSet::new();
    let mut entities = BTreeSet::new();
    for d in set.delisted() {
        addresses.insert(&d.key);
        let label = entity_label(&d.entity.name, d.entity.sdn_uid);
        entities.insert(label.clone());
        let slot = by_date.entry(d.removed.as_deref()).or_default();
        slot.0.insert(&d.key);
        *slot.1.entry(label).or_default() += 1;
    }
    let mut removals: Vec<(Option<String>, usize, Vec<String>)> = by_date
        .into_iter()
        .map(|(date, (keys, ents))| {
            let mut ents: Vec<(usize, String)> = ents.into_iter().map(|(e, n)| (n, e)).collect();
            ents.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            (
                date.map(str::to_owned),
                keys.len(),
                ents.into_iter().map(|(_, e)| e).collect(),
            )
        })
        .collect();
    removals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    History {
        addresses: addresses.len(),
        entities: entities.len(),
        removals,
    }
}

impl History {
    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "delisted_addresses": self.addresses,
            "entities": self.entities,
            "removals": self.removals.iter().map(|(d, n, e)| serde_json::json!({"removed": d, "addresses": n, "entities": e})).collect::<Vec<_>>(),
        })
    }

    fn print(&self, format_version: u16) {
        if format_version < 2 {
            println!("history:       none (format version 1 holds no delistings)");
            return;
        }
        println!(
            "history:       {} delisted addresses of {} {}",
            self.addresses,
            self.entities,
            if self.entities == 1 {
                "entity"
            } else {
                "entities"
            }
        );
        for (date, n, ents) in self.removals.iter().take(10) {
            let more = if ents.len() > 2 {
                format!(" and {} more", ents.len() - 2)
            } else {
                String::new()
            };
            println!(
                "  removed {:<12} {n:>5}  {}{more}",
                date.as_deref().unwrap_or("(date unknown)"),
                ents.iter().take(2).cloned().collect::<Vec<_>>().join("; ")
            );
        }
        if self.removals.len() > 10 {
            println!("  ... {} more removal dates", self.removals.len() - 10);
        }
    }
}

/// address -> sorted listings "NAME (uid N) [XBT,USDT]".
fn listing_map(set: &LoadedSet) -> BTreeMap<String, Vec<serde_json::Value>> {
    let mut m: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for e in set.entries() {
        let ent = &set.entities()[e.entity as usize];
        m.entry(address_text(&e.key()))
            .or_default()
            .push(serde_json::json!({
                "name": ent.name,
                "sdn_uid": ent.sdn_uid,
                "programs": ent.programs,
                "listed_under": e.listed_under,
            }));
    }
    for v in m.values_mut() {
        v.sort_by_key(|x| x.to_string());
    }
    m
}

fn describe(v: &[serde_json::Value]) -> String {
    let strs = |x: &serde_json::Value| -> Vec<String> {
        x.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    v.iter()
        .map(|x| {
            let mut s = x["name"].as_str().unwrap_or("").to_string();
            if let Some(u) = x["sdn_uid"].as_u64() {
                s.push_str(&format!(" (uid {u})"));
            }
            let programs = strs(&x["programs"]);
            if !programs.is_empty() {
                s.push_str(&format!(" programs {}", programs.join(",")));
            }
            let lu = strs(&x["listed_under"]);
            if !lu.is_empty() {
                s.push_str(&format!(" under {}", lu.join(",")));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn diff(o: &LoadedSet, n: &LoadedSet, json: bool, count: Option<&str>) {
    let (om, nm) = (listing_map(o), listing_map(n));
    let added: Vec<(&String, &Vec<serde_json::Value>)> =
        nm.iter().filter(|(k, _)| !om.contains_key(*k)).collect();
    let removed: Vec<(&String, &Vec<serde_json::Value>)> =
        om.iter().filter(|(k, _)| !nm.contains_key(*k)).collect();
    let changed: Vec<(&String, &Vec<serde_json::Value>, &Vec<serde_json::Value>)> = om
        .iter()
        .filter_map(|(k, ov)| nm.get(k).filter(|nv| *nv != ov).map(|nv| (k, ov, nv)))
        .collect();
    let (oh, nh) = (o.header(), n.header());
    // The new bundle's record of why an address went (version 2 history): its removal date.
    let mut delisted: BTreeMap<String, Option<String>> = BTreeMap::new();
    for d in n.delisted() {
        let e = delisted.entry(address_text(&d.key)).or_default();
        if e.is_none() {
            *e = d.removed.clone();
        }
    }
    let removed_note = |a: &str| match delisted.get(a) {
        Some(Some(date)) => format!("  [delisted {date}]"),
        Some(None) => "  [delisted]".to_string(),
        None => String::new(),
    };
    if let Some(kind) = count {
        let n = match kind {
            "added" => added.len(),
            "removed" => removed.len(),
            "changed" => changed.len(),
            _ => added.len() + removed.len() + changed.len(),
        };
        println!("{n}");
        return;
    }
    if json {
        let v = serde_json::json!({
            "old": {"sequence": oh.sequence, "source_date": oh.source_date},
            "new": {"sequence": nh.sequence, "source_date": nh.source_date},
            "added": added.iter().map(|(a, l)| serde_json::json!({"address": a, "listings": l})).collect::<Vec<_>>(),
            "removed": removed.iter().map(|(a, l)| serde_json::json!({"address": a, "listings": l, "delisted": delisted.contains_key(a.as_str()), "removed_on": delisted.get(a.as_str()).cloned().flatten()})).collect::<Vec<_>>(),
            "changed": changed.iter().map(|(a, ol, nl)| serde_json::json!({"address": a, "old": ol, "new": nl})).collect::<Vec<_>>(),
        });
        println!("{v}");
        return;
    }
    println!(
        "sequence {} ({}) -> {} ({}): {} added, {} removed ({} recorded as delisted), {} changed",
        oh.sequence,
        oh.source_date,
        nh.sequence,
        nh.source_date,
        added.len(),
        removed.len(),
        removed
            .iter()
            .filter(|(a, _)| delisted.contains_key(a.as_str()))
            .count(),
        changed.len()
    );
    for (a, l) in &added {
        println!("+ {a}  {}", describe(l));
    }
    for (a, l) in &removed {
        println!("- {a}  {}{}", describe(l), removed_note(a));
    }
    for (a, ol, nl) in &changed {
        println!("~ {a}  {}  ->  {}", describe(ol), describe(nl));
    }
}
