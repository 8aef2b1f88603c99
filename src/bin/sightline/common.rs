//! What `check` and `scan` share: the sanctions set to check against, exit codes, JSON
//! shapes, and writing to stdout without panicking on a closed pipe.
use serde_json::{json, Value};
use sightline::address::{Address, ChainSet};
use sightline::list::{LoadedSet, PUBLISHER_KEY};
use sightline::verdict::{self, Verdict};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

/// 0: nothing sanctioned; 1: something sanctioned; 2: usage or read errors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    #[default]
    Clean = 0,
    Sanctioned = 1,
    Error = 2,
}

impl Outcome {
    pub fn exit(self) -> ExitCode {
        ExitCode::from(self as u8)
    }
}

/// The set to check against: `--list <bundle>` (verified against the pinned publisher
/// key) or the set embedded in this build.
/// [`load_set`], reporting a failure on stderr (the caller exits 2).
pub fn load_set_or_report(list: Option<&Path>) -> Option<LoadedSet> {
    load_set(list).map_err(|e| eprintln!("sightline: {e}")).ok()
}

fn load_set(list: Option<&Path>) -> Result<LoadedSet, String> {
    match list {
        // try_bundled is bundled() without its panic: a clear message and exit 2 instead.
        None => LoadedSet::try_bundled()
            .map_err(|e| format!("the sanctions set built into this binary does not load: {e}")),
        Some(p) => {
            let bytes =
                std::fs::read(p).map_err(|e| format!("cannot read list {}: {e}", p.display()))?;
            LoadedSet::from_bundle(&bytes, &PUBLISHER_KEY)
                .map_err(|e| format!("list {} refused: {e}", p.display()))
        }
    }
}

/// The `matches` array of a verdict.
pub fn matches_json(v: &Verdict) -> Value {
    serde_json::to_value(&v.matches).unwrap_or(Value::Array(Vec::new()))
}

/// One line for a hit: "NAME (SDN uid N; PROGRAMS; listed under XBT) - OFAC SDN list 2026-08-20".
pub fn describe_matches(v: &Verdict) -> String {
    v.matches
        .iter()
        .map(|m| {
            let mut parts = Vec::new();
            if let Some(uid) = m.sdn_uid {
                parts.push(format!("SDN uid {uid}"));
            }
            if !m.programs.is_empty() {
                parts.push(m.programs.join(", "));
            }
            if !m.listed_under.is_empty() {
                parts.push(format!("listed under {}", m.listed_under.join(", ")));
            }
            let src = [m.source.as_str(), m.source_date.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            format!("{} ({}) - {}", m.name, parts.join("; "), src)
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// "bitcoin, bitcoin-cash (P2PKH)".
pub fn describe_address(a: &Address) -> String {
    AddressNote(a).to_string()
}

/// [`describe_address`] without the allocation.
pub struct AddressNote<'a>(pub &'a Address);

impl std::fmt::Display for AddressNote<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let a = self.0;
        for (i, c) in a.chains.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(c.id())?;
        }
        write!(f, " ({}", a.kind.label())?;
        if a.checksummed {
            f.write_str(", EIP-55 checksum")?;
        }
        if a.candidate_only {
            f.write_str(", no checksum: format only")?;
        }
        f.write_str(")")
    }
}

/// A chain set serialized as its ids, without collecting them.
pub struct ChainIds(pub ChainSet);

impl serde::Serialize for ChainIds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|c| c.id()))
    }
}

pub fn check(a: &Address, set: &LoadedSet) -> Verdict {
    verdict::check(a, set)
}

/// Stdout, buffered; a closed pipe (`| head`) ends the run quietly instead of panicking.
pub struct Out {
    w: io::BufWriter<io::Stdout>,
    pub closed: bool,
}

impl Out {
    pub fn new() -> Out {
        Out {
            w: io::BufWriter::with_capacity(64 * 1024, io::stdout()),
            closed: false,
        }
    }
    pub fn line(&mut self, s: &str) {
        if self.closed {
            return;
        }
        if self
            .w
            .write_all(s.as_bytes())
            .and_then(|_| self.w.write_all(b"\n"))
            .is_err()
        {
            self.closed = true;
        }
    }
    pub fn write_fmt(&mut self, args: std::fmt::Arguments<'_>) {
        if !self.closed && self.w.write_fmt(args).is_err() {
            self.closed = true;
        }
    }
    pub fn serialize<T: serde::Serialize>(&mut self, v: &T) {
        if self.closed {
            return;
        }
        if serde_json::to_writer(&mut self.w, v).is_err() || self.w.write_all(b"\n").is_err() {
            self.closed = true;
        }
    }
    pub fn json(&mut self, v: &Value) {
        let s = v.to_string();
        self.line(&s);
    }
    pub fn flush(&mut self) {
        if !self.closed && self.w.flush().is_err() {
            self.closed = true;
        }
    }
}

/// `{"chains": [...]}` as ids.
pub fn chains_json(a: &Address) -> Value {
    json!(a.chains.ids())
}
