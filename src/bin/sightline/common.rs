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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Outcome {
    /// 0: nothing sanctioned and every input understood.
    #[default]
    Clean = 0,
    /// 1: at least one sanctioned hit (wins over everything else).
    Sanctioned = 1,
    /// 2: a usage or read error, or no input at all.
    Error = 2,
    /// 3: nothing sanctioned, but at least one input is not a valid address.
    Invalid = 3,
}

impl Outcome {
    pub fn exit(self) -> ExitCode {
        ExitCode::from(self as u8)
    }
    /// Which of two outcomes a run reports: sanctioned > error > invalid > clean.
    pub fn and(self, other: Outcome) -> Outcome {
        let rank = |o: Outcome| match o {
            Outcome::Clean => 0,
            Outcome::Invalid => 1,
            Outcome::Error => 2,
            Outcome::Sanctioned => 3,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

pub use sightline::list::STALE_AFTER_DAYS as STALE_DAYS;

/// Days from a `YYYY-MM-DD` date to today (UTC), or None when unreadable.
pub fn age_days(ymd: &str) -> Option<i64> {
    let mut it = ymd.get(..10)?.split('-');
    let (y, m, d): (i64, i64, i64) = (
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    );
    // Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let then = era * 146097 + doe - 719468;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs() as i64
        / 86400;
    Some(now - then)
}

/// "OFAC SDN list of 2026-08-20 (sequence 7)": what a clean verdict rests on.
pub fn list_name(set: &LoadedSet) -> String {
    let h = set.header();
    format!(
        "{} of {} (sequence {})",
        h.source, h.source_date, h.sequence
    )
}

/// `{"source", "date", "sequence", "age_days"}` of the set, for JSON output.
pub fn list_json(set: &LoadedSet) -> Value {
    let h = set.header();
    json!({"source": h.source, "date": h.source_date, "sequence": h.sequence, "age_days": age_days(&h.source_date)})
}

/// On stderr, once: the list is older than [`STALE_DAYS`], so a clean verdict rests on old data.
pub fn warn_if_stale(set: &LoadedSet) {
    let h = set.header();
    if let Some(age) = age_days(&h.source_date).filter(|a| *a > STALE_DAYS) {
        eprintln!(
            "sightline: warning: the {} is {age} days old; a clean result only means \
             \"not on that list\". Check for a newer Sightline build or pass a newer bundle with --list.",
            list_name(set)
        );
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
            // At most the parser's cap + 1 bytes: a huge or endless file is refused, not held.
            use std::io::Read;
            let cap = sightline::list::Limits::DEFAULT.max_bytes;
            let mut bytes = Vec::new();
            std::fs::File::open(p)
                .and_then(|f| f.take(cap + 1).read_to_end(&mut bytes))
                .map_err(|e| format!("cannot read list {}: {e}", p.display()))?;
            if bytes.len() as u64 > cap {
                return Err(format!(
                    "list {} refused: larger than {cap} bytes",
                    p.display()
                ));
            }
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
