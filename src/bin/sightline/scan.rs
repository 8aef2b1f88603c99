//! `sightline scan [--json] [--list <bundle>] [FILE...]`: every address in plain text or
//! HTML, read as a stream (bounded memory), with byte offsets into each input.
use crate::common::{self, Out, Outcome};
use crate::html::{looks_like_html, HtmlMask};
use serde::Serialize;
use sightline::list::LoadedSet;
use sightline::scan::{Found, Scanner};
use sightline::verdict::Match;
use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

const CHUNK: usize = 1 << 20;

/// How to read the input.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// HTML when the input starts like an HTML document, plain text otherwise.
    Auto,
    Text,
    Html,
}

/// Arguments of `sightline scan`.
#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// One JSON object per line per address found.
    #[arg(long)]
    pub json: bool,
    /// Check against this signed bundle (verified against the pinned publisher key)
    /// instead of the set built into this binary.
    #[arg(long, value_name = "BUNDLE")]
    pub list: Option<PathBuf>,
    /// Input format. HTML: visible text and the href, title, value, aria-label and data-*
    /// attributes (not scripts, styles or comments).
    #[arg(long, value_enum, default_value_t = Format::Auto)]
    pub format: Format,
    /// Also print format-only matches that are not on the list (Solana keys and Tron hex
    /// have no checksum; by default they are shown only when the list names them).
    #[arg(long)]
    pub candidates: bool,
    /// Files to scan (`-` or none: stdin).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Default)]
struct Totals {
    bytes: u64,
    found: u64,
    sanctioned: u64,
}

pub fn run(args: ScanArgs) -> Outcome {
    let set = match common::load_set(args.list.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sightline: {e}");
            return Outcome::Error;
        }
    };
    let mut out = Out::new();
    let mut outcome = Outcome::Clean;
    let mut totals = Totals::default();
    let files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    for path in &files {
        let name = path.display().to_string();
        let result = if name == "-" {
            scan_reader(
                &mut io::stdin().lock(),
                &name,
                &args,
                &set,
                &mut out,
                &mut totals,
            )
        } else {
            match File::open(path) {
                Ok(mut f) => scan_reader(&mut f, &name, &args, &set, &mut out, &mut totals),
                Err(e) => Err(e),
            }
        };
        match result {
            Ok(o) => outcome = outcome.max(o),
            Err(e) => {
                eprintln!("sightline: cannot read {name}: {e}");
                outcome = Outcome::Error;
            }
        }
        if out.closed {
            break;
        }
    }
    out.flush();
    if !args.json {
        eprintln!(
            "sightline: scanned {} bytes: {} addresses, {} sanctioned (list: {} {})",
            totals.bytes,
            totals.found,
            totals.sanctioned,
            set.header().source,
            set.header().source_date
        );
    }
    outcome
}

/// Tracks UTF-8 validity across chunks, to warn once per input.
#[derive(Default)]
struct Utf8Check {
    /// Continuation bytes still owed by a sequence split across chunks.
    need: usize,
    bad_at: Option<u64>,
}

impl Utf8Check {
    fn feed(&mut self, chunk: &[u8], base: u64) {
        if self.bad_at.is_some() {
            return;
        }
        let skip = self.need.min(chunk.len());
        if let Some(p) = chunk[..skip].iter().position(|b| b & 0xc0 != 0x80) {
            self.bad_at = Some(base + p as u64);
            return;
        }
        self.need -= skip;
        if self.need > 0 {
            return;
        }
        let rest = &chunk[skip..];
        match std::str::from_utf8(rest) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => {
                let lead = rest[e.valid_up_to()];
                let len = match lead {
                    0xc0..=0xdf => 2,
                    0xe0..=0xef => 3,
                    _ => 4,
                };
                self.need = len - (rest.len() - e.valid_up_to());
            }
            Err(e) => self.bad_at = Some(base + (skip + e.valid_up_to()) as u64),
        }
    }
    fn finish(&mut self, end: u64) {
        if self.need > 0 && self.bad_at.is_none() {
            self.bad_at = Some(end);
        }
    }
}

fn scan_reader(
    r: &mut dyn Read,
    name: &str,
    args: &ScanArgs,
    set: &LoadedSet,
    out: &mut Out,
    totals: &mut Totals,
) -> io::Result<Outcome> {
    let mut buf = vec![0u8; CHUNK];
    let mut masked = Vec::with_capacity(CHUNK);
    let mut scanner = Scanner::new();
    let mut utf8 = Utf8Check::default();
    let mut html: Option<HtmlMask> = match args.format {
        Format::Html => Some(HtmlMask::default()),
        _ => None,
    };
    let mut first = true;
    let mut pos: u64 = 0;
    let mut outcome = Outcome::Clean;
    loop {
        let n = read_full(r, &mut buf)?;
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        if first && args.format == Format::Auto && looks_like_html(chunk) {
            html = Some(HtmlMask::default());
        }
        first = false;
        utf8.feed(chunk, pos);
        pos += n as u64;
        let data: &[u8] = match html.as_mut() {
            Some(m) => {
                m.mask(chunk, &mut masked);
                &masked
            }
            None => chunk,
        };
        scanner.feed_text(data, |f, text| {
            outcome = outcome.max(report(name, &f, text, args, set, out, totals));
        });
        if out.closed {
            return Ok(outcome);
        }
    }
    scanner.finish_text(|f, text| {
        outcome = outcome.max(report(name, &f, text, args, set, out, totals));
    });
    utf8.finish(pos);
    totals.bytes += pos;
    if pos == 0 {
        eprintln!("sightline: {name}: empty input, nothing to scan");
    }
    if let Some(at) = utf8.bad_at {
        eprintln!(
            "sightline: warning: {name}: invalid UTF-8 (first at byte {at}); scanned lossily, offsets are byte offsets into the input"
        );
    }
    Ok(outcome)
}

/// Fills `buf` as far as the reader allows (fewer bytes only at the end of input).
fn read_full(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// One `--json` line of `scan`.
#[derive(Serialize)]
struct JsonLine<'a> {
    file: &'a str,
    address: &'a str,
    canonical: &'a str,
    chains: common::ChainIds,
    kind: &'static str,
    start: usize,
    end: usize,
    candidate_only: bool,
    sanctioned: bool,
    matches: &'a [Match],
}

fn report(
    name: &str,
    f: &Found,
    text: &str,
    args: &ScanArgs,
    set: &LoadedSet,
    out: &mut Out,
    totals: &mut Totals,
) -> Outcome {
    let a = &f.address;
    // Most addresses are not listed: skip building a verdict for them.
    let verdict = if set.lookup(&a.key).is_empty() {
        None
    } else {
        Some(common::check(a, set))
    };
    let sanctioned = verdict.as_ref().is_some_and(|v| v.sanctioned);
    if a.candidate_only && !sanctioned && !args.candidates {
        return Outcome::Clean;
    }
    totals.found += 1;
    if sanctioned {
        totals.sanctioned += 1;
    }
    if args.json {
        out.serialize(&JsonLine {
            file: name,
            address: text,
            canonical: &a.canonical,
            chains: common::ChainIds(a.chains),
            kind: a.kind.label(),
            start: f.start,
            end: f.end,
            candidate_only: a.candidate_only,
            sanctioned,
            matches: verdict.as_ref().map_or(&[], |v| &v.matches),
        });
    } else {
        let flag = if sanctioned { "  SANCTIONED" } else { "" };
        out.write_fmt(format_args!(
            "{name}:{}-{}{flag}  {text}  {}\n",
            f.start,
            f.end,
            common::AddressNote(a)
        ));
        if let Some(v) = verdict.as_ref().filter(|v| v.sanctioned) {
            out.write_fmt(format_args!("  {}\n", common::describe_matches(v)));
        }
    }
    if sanctioned {
        Outcome::Sanctioned
    } else {
        Outcome::Clean
    }
}
