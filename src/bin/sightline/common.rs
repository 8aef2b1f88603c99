//! What `check`, `scan` and `screen` share: the sanctions set to check against, exit codes,
//! the list a result rests on, one-line descriptions, colour, and writing to stdout
//! without panicking on a closed pipe.
use serde::Serialize;
use sightline::address::{Address, ChainSet};
use sightline::list::{LoadedSet, PUBLISHER_KEY};
use sightline::verdict::{Checked, Match, TokenAccountOf, Verdict};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

/// The exit status of a run (the same for every command; README and docs/cli.md).
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

/// The list a result rests on, in JSON (`check`'s `list` field; docs/cli.md).
#[derive(Clone, Debug, Serialize)]
pub struct ListInfo {
    pub source: String,
    pub date: String,
    pub sequence: u64,
    pub entries: u32,
    pub age_days: Option<i64>,
}

impl ListInfo {
    pub fn of(set: &LoadedSet) -> ListInfo {
        let h = set.header();
        ListInfo {
            source: h.source.clone(),
            date: h.source_date.clone(),
            sequence: h.sequence,
            entries: h.entry_count,
            age_days: age_days(&h.source_date),
        }
    }
}

/// On stderr, once: the list is older than [`STALE_DAYS`] (aged by the later of its source
/// date and its signed `signed_at`), dated in the future (suspect: a far-future date must
/// not silence this), or past its signed `expires_at`; so a clean verdict rests on old data.
pub fn warn_if_stale(set: &LoadedSet) {
    use sightline::list::{date::timestamp_string, publish::Freshness};
    let h = set.header();
    let now = sightline::list::date::now_seconds();
    let f = Freshness::of(h, now);
    let why = if f.future {
        format!(
            "is dated in the future (list date {}, signed {}): its dates cannot be trusted",
            h.source_date,
            h.signed_at.map_or("-".into(), timestamp_string)
        )
    } else if let (true, Some(e)) = (f.expired, h.expires_at) {
        format!("expired on {}", timestamp_string(e))
    } else if let Some(age) = f.age_days.filter(|a| *a as i64 > STALE_DAYS) {
        format!("is {age} days old")
    } else {
        return;
    };
    eprintln!(
        "sightline: warning: the {} {why}; a clean result only means \
         \"not on that list\". Check for a newer Sightline build or pass a newer bundle with --list.",
        list_name(set)
    );
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

/// What a hit is, on one line: "LAZARUS GROUP (SDN uid 23304; DPRK3; listed under ETH)",
/// several entities joined by " | ", and a token account's owner last.
pub struct Entities<'a> {
    pub matches: &'a [Match],
    pub token_account_of: Option<&'a TokenAccountOf>,
}

impl<'a> Entities<'a> {
    pub fn of(v: &'a Verdict) -> Entities<'a> {
        Entities {
            matches: &v.matches,
            token_account_of: v.token_account_of.as_ref(),
        }
    }
    pub fn of_checked(c: &'a Checked) -> Entities<'a> {
        Entities {
            matches: &c.matches,
            token_account_of: c.token_account_of.as_ref(),
        }
    }
}

impl std::fmt::Display for Entities<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, m) in self.matches.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{} (", m.name)?;
            let mut sep = "";
            if let Some(uid) = m.sdn_uid {
                write!(f, "SDN uid {uid}")?;
                sep = "; ";
            }
            if !m.programs.is_empty() {
                write!(f, "{sep}{}", m.programs.join(", "))?;
                sep = "; ";
            }
            if !m.listed_under.is_empty() {
                write!(f, "{sep}listed under {}", m.listed_under.join(", "))?;
                sep = "; ";
            }
            if let Some(o) = self.token_account_of {
                write!(f, "{sep}its {} token account of {}", o.token, o.owner)?;
                sep = "; ";
            }
            if sep.is_empty() {
                f.write_str(&m.source)?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// What a possible hit (a shortened address) may be, on one line: "shortened: its start
/// and end match the listed ADDRESS (ENTITY, SDN uid N); ...; check the full address".
pub struct PossibleNote<'a>(pub &'a [sightline::shortened::Candidate]);

impl std::fmt::Display for PossibleNote<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("shortened: its start and end match the listed ")?;
        for (i, m) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{} ({}", m.address, m.name)?;
            if let Some(u) = m.sdn_uid {
                write!(f, ", SDN uid {u}")?;
            }
            f.write_str(")")?;
        }
        f.write_str("; check the full address")
    }
}

/// The chains of an address as one word: "bitcoin,bitcoin-cash".
pub struct Chains(pub ChainSet);

impl std::fmt::Display for Chains {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, c) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(c.id())?;
        }
        Ok(())
    }
}

/// "1 address", "2 addresses": a count and its noun, singular or plural.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `--color`: when to colour the output.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour stdout.
    pub fn on_stdout(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

/// ANSI styles, or nothing when colour is off (ripgrep's palette: paths magenta, positions
/// green, the match bold red).
#[derive(Clone, Copy, Debug)]
pub struct Paint {
    pub on: bool,
}

impl Paint {
    pub const PATH: &'static str = "\x1b[35m";
    pub const POS: &'static str = "\x1b[32m";
    pub const HIT: &'static str = "\x1b[1;31m";
    pub const BOLD: &'static str = "\x1b[1m";
    pub const OK: &'static str = "\x1b[32m";
    pub const WARN: &'static str = "\x1b[33m";
    const RESET: &'static str = "\x1b[0m";
    /// The escape for `style`, or "".
    pub fn on(self, style: &'static str) -> &'static str {
        if self.on {
            style
        } else {
            ""
        }
    }
    /// The reset escape, or "".
    pub fn off(self) -> &'static str {
        if self.on {
            Self::RESET
        } else {
            ""
        }
    }
}

/// "bitcoin, bitcoin-cash (P2PKH)".
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
    pub fn flush(&mut self) {
        if !self.closed && self.w.flush().is_err() {
            self.closed = true;
        }
    }
}

/// One `read` (retried when interrupted): a pipe hands over what it has, so a slow producer
/// (`tail -f log | sightline scan`) is answered line by line.
pub fn read_some(r: &mut dyn io::Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match r.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}
