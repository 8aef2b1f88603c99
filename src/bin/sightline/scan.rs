//! `sightline scan [FILE...]`: every address in plain text or HTML, read as a stream in
//! bounded memory, reported the way ripgrep reports matches: by default only the sanctioned
//! hits, one line each, `path:line:column: ADDRESS  chains  ENTITY (...)`.
//!
//! # How a large input is split across cores
//!
//! One reader thread takes every input in turn and deals it out in parts over a small pool
//! of fixed buffers, each part cut right after a byte that cannot be part of an address (so
//! no address spans two parts): a pipe or HTML is read by the reader thread itself; a
//! regular file's parts are read by their workers with pread(2) ([`ReadAt`]), so the copy
//! out of the page cache, most of a sparse input's time, is shared. Workers scan the parts
//! in parallel with the library's streaming [`Scanner`], each with at least the
//! [`OVERLAP`] bytes before its part in front (the scanner's look-behind: a `bitcoincash:`
//! prefix, a glued `+`), and keep only what ends inside their own part. The main thread takes the results back in order, turns each worker's local
//! line and character counts into absolute `line:column`, and prints. Memory: `2 * workers
//! + 2` buffers of about [`CHUNK`] bytes, however large the input (a 1 GB line included).
use crate::common::{self, read_some, ColorChoice, Out, Outcome, Paint};
use crate::html::{looks_like_html, HtmlMask};
use crate::listed::ListedTokens;
use serde::Serialize;
use sightline::address::{Address, AddressKey};
use sightline::list::LoadedSet;
use sightline::scan::{Scanner, MAX_TOKEN};
use sightline::shortened::{self, Candidate, ShortIndex};
use sightline::verdict::{self, Checked, Verdict};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Arc;

/// Bytes read per buffer. Measured on the 64 MB page prose (benches/cli_vs_rg.sh, workers
/// reading their parts, a busy machine): 256 KiB 61-63 ms of CPU per run against 68-72 ms
/// for 1 MiB (a part stays in its worker's cache from its read to its scan), and half the
/// memory (the single line: 6.9 MB peak RSS against 12.5 MB).
const CHUNK: usize = 256 << 10;
/// Bytes before a buffer's own part that its worker also scans (look-behind; more than the
/// longest address, so a cut inside an over-long run is seen as over-long on both sides).
const OVERLAP: usize = 2 * (MAX_TOKEN + 16);
/// Where a cut is looked for: the last `CUT_WINDOW` bytes of a buffer. Without a delimiter
/// there, the run is longer than any address and is cut in its middle.
const CUT_WINDOW: usize = 2 * OVERLAP;
/// Bytes of input kept after every cut: the shortened-address finder looks this far past
/// the end of a span ("0x12ab...cdef.x" is not one).
const LOOK_AHEAD: usize = 2;
/// Bytes of a buffer: a part and the bytes read around it.
const BUF: usize = CHUNK + OVERLAP + CUT_WINDOW + LOOK_AHEAD;
/// Buffers in the pool (reader, a queued and a running job per worker, the printer).
fn buffers(workers: usize) -> usize {
    2 * workers + 2
}

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
    /// Print every address found, not only the sanctioned ones.
    #[arg(short = 'a', long)]
    pub all: bool,
    /// Print, per input, how many hits it has (sanctioned and possible ones; every address
    /// with --all).
    #[arg(short = 'c', long, conflicts_with_all = ["files_with_matches", "quiet", "json"])]
    pub count: bool,
    /// Print only the names of inputs with a sanctioned or possible hit (any address with
    /// --all).
    #[arg(short = 'l', long, conflicts_with_all = ["quiet", "json"])]
    pub files_with_matches: bool,
    /// Print nothing; the exit status says it (1: a sanctioned or possible hit). Stops at
    /// the first hit.
    #[arg(short = 'q', long, conflicts_with = "json")]
    pub quiet: bool,
    /// One JSON object per line per address printed: path, line, column, start and end
    /// (byte offsets) and the shared result fields (docs/cli.md); a possible hit adds
    /// "possible": true and "candidates".
    #[arg(long)]
    pub json: bool,
    /// Do not start lines with the input's name.
    #[arg(long)]
    pub no_filename: bool,
    /// When to colour the output: auto (stdout is a terminal and NO_COLOR is unset),
    /// always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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
    /// Implies --all.
    #[arg(long)]
    pub candidates: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Files to scan (`-` or none: stdin).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// What is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Lines,
    Json,
    Count,
    Files,
    Quiet,
}

impl Mode {
    /// Whether hits are printed one by one (and need their line and column).
    fn positions(self) -> bool {
        matches!(self, Mode::Lines | Mode::Json)
    }
}

/// What the workers need, shared for the whole run.
struct Ctx {
    set: LoadedSet,
    /// Without --all: only tokens that spell a listed address are validated.
    listed: Option<ListedTokens>,
    /// The listed addresses by their ends (shortened forms: possible hits), built when the
    /// first shortened shape is found (most texts have none: start-up stays short).
    short: std::sync::OnceLock<ShortIndex>,
    mode: Mode,
    /// Clean addresses are printed (or counted) too.
    all: bool,
    candidates: bool,
    /// Inputs below this index are done (-l found one hit): stop reading and scanning them.
    skip_below: AtomicUsize,
}

/// Where an input comes from.
enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// A buffer for a worker: `buf[..end]` is scanned; what ends at or before `skip` belongs to
/// the previous job of the same input.
struct Job {
    input: usize,
    buf: Vec<u8>,
    skip: usize,
    end: usize,
    /// `buf[..avail]` is input (at least [`LOOK_AHEAD`] bytes past `end` unless `last`).
    avail: usize,
    /// Absolute offset of `buf[0]` in its input.
    base: u64,
    first: bool,
    last: bool,
    error: Option<io::Error>,
    /// The first invalid UTF-8 byte of the input: in this job's part (read by its worker),
    /// or anywhere (read by the reader thread: set on the input's last job).
    bad_utf8: Option<u64>,
    /// A part of a regular file that the worker reads itself ([`ReadAt`]).
    read_at: Option<ReadAt>,
}

impl Job {
    /// A job over `buf` holding no bytes yet, its input's first and last: the parts below
    /// say only what differs.
    fn empty(input: usize, buf: Vec<u8>) -> Job {
        Job {
            input,
            buf,
            skip: 0,
            end: 0,
            avail: 0,
            base: 0,
            first: true,
            last: true,
            error: None,
            bad_utf8: None,
            read_at: None,
        }
    }
}

/// Part `k` of `parts` of a regular file of `size` bytes, which its worker reads with
/// pread(2): copying the file out of the page cache (the most of a sparse input's time, on
/// one reader thread before) is shared by the workers. Part `k` is nominally
/// `[k * CHUNK, (k + 1) * CHUNK)`; its ends are cut with [`find_cut`] in the bytes just before
/// those offsets, which the worker of each side reads, so both cut at the same place.
struct ReadAt {
    file: Arc<File>,
    k: u64,
    parts: u64,
    size: u64,
}

/// The verdict of a listed address and its entities as printed, made once per address
/// and worker ([`Verdicts`]): a hit costs no allocation or formatting of its own.
struct Listed {
    verdict: Verdict,
    entities: String,
}

/// A worker's verdicts, by address key. Listed addresses are few (about a thousand), so
/// this stays small; clean ones printed with --json are not kept.
#[derive(Default)]
struct Verdicts(HashMap<AddressKey, Arc<Listed>>);

impl Verdicts {
    /// The verdict of `a` when `set` lists it. A listed address seen before is not looked up
    /// again (an explorer page names the same few addresses over and over).
    fn listed(&mut self, a: &Address, set: &LoadedSet) -> Option<Arc<Listed>> {
        if let Some(l) = self.0.get(&a.key) {
            return Some(l.clone());
        }
        if !verdict::is_listed(a, set) {
            return None;
        }
        let verdict = verdict::check(a, set);
        let entities = common::Entities::of(&verdict).to_string();
        let l = Arc::new(Listed { verdict, entities });
        self.0.insert(a.key.clone(), l.clone());
        Some(l)
    }
}

/// What a printed hit is.
enum What {
    Address {
        address: Address,
        verdict: Option<Arc<Listed>>,
        sanctioned: bool,
    },
    /// A shortened address whose ends match these listed ones.
    Possible(Vec<Candidate>),
}

/// One address a worker found that will be printed.
struct Hit {
    /// Offsets into the job's buffer.
    start: usize,
    end: usize,
    what: What,
    /// Newlines between the job's own part's start and the hit.
    line: u64,
    /// Characters since the last of those newlines (or since the part's start: may be
    /// negative when a `bitcoincash:` prefix lies in the overlap).
    col: i64,
}

/// A worker's answer for one job.
struct Done {
    job: Job,
    hits: Vec<Hit>,
    /// Reportable addresses found, shown or not (validated: --all only).
    found: u64,
    sanctioned: u64,
    /// Shortened addresses matching listed ones.
    possible: u64,
    /// Addresses selected for printing or counting.
    selected: u64,
    newlines: u64,
    /// Characters after the last newline of the part (all of them when it has none).
    tail_chars: u64,
}

#[derive(Default)]
struct Totals {
    inputs: u64,
    bytes: u64,
    found: u64,
    sanctioned: u64,
    possible: u64,
}

pub fn run(args: ScanArgs) -> Outcome {
    let Some(set) = common::load_set_or_report(args.list.as_deref()) else {
        return Outcome::Error;
    };
    common::warn_if_stale(&set);
    let mode = if args.quiet {
        Mode::Quiet
    } else if args.count {
        Mode::Count
    } else if args.files_with_matches {
        Mode::Files
    } else if args.json {
        Mode::Json
    } else {
        Mode::Lines
    };
    let sources: Vec<Source> = if args.files.is_empty() {
        vec![Source::Stdin]
    } else {
        args.files
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Source::Stdin
                } else {
                    Source::File(p.clone())
                }
            })
            .collect()
    };
    let names: Vec<String> = sources.iter().map(Source::name).collect();
    let list_name = common::list_name(&set);
    let workers = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64);
    // The threads outlive this function when it returns early (-q, a closed stdout): what
    // they share lives for the rest of the process.
    let all = args.all || args.candidates;
    let ctx: &'static Ctx = Box::leak(Box::new(Ctx {
        listed: (!all).then(|| ListedTokens::of(&set, args.list.is_none())),
        short: std::sync::OnceLock::new(),
        set,
        mode,
        all,
        candidates: args.candidates,
        skip_below: AtomicUsize::new(0),
    }));
    let mut printer = Printer {
        ctx,
        names: &names,
        no_filename: args.no_filename,
        paint: Paint {
            on: mode != Mode::Json && args.color.on_stdout(),
        },
        out: Out::new(),
        outcome: Outcome::Clean,
        totals: Totals::default(),
        file: FileState::default(),
    };
    let stopped = pipeline(sources, args.format, workers, ctx, &mut printer);
    printer.out.flush();
    let Printer {
        mut outcome,
        totals,
        ..
    } = printer;
    if stopped {
        return outcome;
    }
    if mode != Mode::Quiet {
        // Without --all only the spellings of listed addresses were validated: the summary
        // does not claim a count of valid addresses it did not verify.
        let found = if ctx.all {
            format!("{}, ", common::count(totals.found, "address", "addresses"))
        } else {
            String::new()
        };
        eprintln!(
            "sightline: scanned {}, {}: {found}{} sanctioned, {} possible; checked against the {list_name}",
            common::count(totals.inputs, "input", "inputs"),
            common::count(totals.bytes, "byte", "bytes"),
            totals.sanctioned,
            totals.possible,
        );
    }
    if totals.bytes == 0 && outcome != Outcome::Error {
        eprintln!("sightline: no input: nothing was scanned");
        outcome = outcome.and(Outcome::Error);
    }
    outcome
}

/// Runs the reader, the workers and `printer` until every input is done, or until the
/// printer stops early (returns true then: -q found a hit, or stdout closed).
fn pipeline(
    sources: Vec<Source>,
    format: Format,
    workers: usize,
    ctx: &'static Ctx,
    printer: &mut Printer<'_>,
) -> bool {
    let (pool_tx, pool_rx) = mpsc::sync_channel::<Vec<u8>>(buffers(workers));
    for _ in 0..buffers(workers) {
        let _ = pool_tx.send(vec![0u8; BUF]);
    }
    let mut job_txs = Vec::with_capacity(workers);
    let mut done_rxs = Vec::with_capacity(workers);
    for _ in 0..workers {
        let (job_tx, job_rx) = mpsc::sync_channel::<Job>(1);
        let (done_tx, done_rx) = mpsc::sync_channel::<Done>(1);
        std::thread::spawn(move || {
            let mut verdicts = Verdicts::default();
            for job in job_rx {
                if done_tx.send(work(job, ctx, &mut verdicts)).is_err() {
                    break;
                }
            }
        });
        job_txs.push(job_tx);
        done_rxs.push(done_rx);
    }
    std::thread::spawn(move || read_inputs(sources, format, ctx, job_txs, pool_rx));
    // Results in the order the jobs were dealt: round robin over the workers.
    for k in 0.. {
        let Ok(done) = done_rxs[k % workers].recv() else {
            break;
        };
        let stop = printer.done(&done);
        let _ = pool_tx.send(done.job.buf);
        if stop {
            return true;
        }
    }
    false
}

/// The reader thread: every input in turn, cut into jobs dealt round robin to the workers.
fn read_inputs(
    sources: Vec<Source>,
    format: Format,
    ctx: &Ctx,
    job_txs: Vec<SyncSender<Job>>,
    pool: Receiver<Vec<u8>>,
) {
    let mut next = 0usize;
    let mut send = |job: Job| -> bool {
        let ok = job_txs[next % job_txs.len()].send(job).is_ok();
        next += 1;
        ok
    };
    for (input, source) in sources.into_iter().enumerate() {
        let Ok(buf) = pool.recv() else { return };
        let reader: Box<dyn Read + Send> = match &source {
            Source::Stdin => Box::new(io::stdin()),
            Source::File(p) => match File::open(p) {
                Ok(f) => match readable_at(&f, format) {
                    Some(size) => {
                        if !read_parts(input, f, size, buf, ctx, &pool, &mut send) {
                            return;
                        }
                        continue;
                    }
                    None => Box::new(f),
                },
                Err(e) => {
                    let job = Job {
                        error: Some(e),
                        ..Job::empty(input, buf)
                    };
                    if !send(job) {
                        return;
                    }
                    continue;
                }
            },
        };

        if !read_one(input, reader, buf, format, ctx, &pool, &mut send) {
            return;
        }
    }
}

/// The size of `f` when its workers may read it themselves ([`ReadAt`]): a regular file,
/// not empty, read as plain text (HTML is masked as it is read, in order: the reader does
/// that).
fn readable_at(f: &File, format: Format) -> Option<u64> {
    use std::os::unix::fs::FileExt;
    let size = f.metadata().ok().filter(|m| m.is_file())?.len();
    if size == 0 || format == Format::Html {
        return None;
    }
    if format == Format::Auto {
        let mut head = vec![0u8; 4096];
        let n = f.read_at(&mut head, 0).ok()?;
        if looks_like_html(&head[..n]) {
            return None;
        }
    }
    Some(size)
}

/// Deals a regular file's parts to the workers, which read them ([`ReadAt`], [`read_part`]);
/// false when the printer has gone.
fn read_parts(
    input: usize,
    f: File,
    size: u64,
    mut buf: Vec<u8>,
    ctx: &Ctx,
    pool: &Receiver<Vec<u8>>,
    send: &mut dyn FnMut(Job) -> bool,
) -> bool {
    let file = Arc::new(f);
    // The last part takes the tail: every other cut has LOOK_AHEAD bytes after it.
    let parts = 1 + size.saturating_sub(LOOK_AHEAD as u64 + 1) / CHUNK as u64;
    for k in 0..parts {
        // -l has what it needs from this input: end it with an empty part.
        let done = ctx.skip_below.load(Ordering::Relaxed) > input;
        let job = Job {
            first: k == 0,
            last: done || k + 1 == parts,
            read_at: (!done).then(|| ReadAt {
                file: file.clone(),
                k,
                parts,
                size,
            }),
            ..Job::empty(input, buf)
        };
        let last = job.last;
        if !send(job) {
            return false;
        }
        if last {
            break;
        }
        let Ok(next) = pool.recv() else {
            return false;
        };
        buf = next;
    }
    true
}

/// A worker's read of its part of a file: the part and the bytes around it into the job's
/// buffer, its cuts, and the first invalid UTF-8 byte of the part.
fn read_part(job: &mut Job, r: &ReadAt) {
    use std::os::unix::fs::FileExt;
    let chunk = CHUNK as u64;
    let last = r.k + 1 == r.parts;
    let from = r.k * chunk;
    let to = if last { r.size } else { from + chunk };
    // From OVERLAP bytes before the earliest possible cut to LOOK_AHEAD bytes past `to`.
    let start = from.saturating_sub((CUT_WINDOW + OVERLAP) as u64);
    let want = ((to + LOOK_AHEAD as u64).min(r.size) - start) as usize;
    let mut n = 0;
    while n < want {
        match r.file.read_at(&mut job.buf[n..want], start + n as u64) {
            Ok(0) => break, // the file shrank: scan what is there
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                job.error = Some(e);
                return;
            }
        }
    }
    let data = &job.buf[..n];
    // The cut for the nominal offset `at`: as find_cut places it from the bytes before `at`.
    let cut = |at: u64| {
        let b = ((at - start) as usize).min(n);
        find_cut(&data[..(b + LOOK_AHEAD).min(n)], 0).unwrap_or(b)
    };
    let end = if last || n < want { n } else { cut(to) };
    let skip = if r.k == 0 { 0 } else { cut(from).min(end) };
    // UTF-8, from the character each cut falls in (a cut may split one): the parts tile
    // the file at character starts, so the first error of the first part that has one is
    // where it is in the whole file.
    let char_start = |mut i: usize| {
        for _ in 0..3 {
            if i == 0 || i >= n || data[i] & 0xc0 != 0x80 {
                break;
            }
            i -= 1;
        }
        i
    };
    let (u, v) = (char_start(skip), if end == n { n } else { char_start(end) });
    let part = &data[u..v];
    if !part.is_ascii() {
        if let Err(e) = std::str::from_utf8(part) {
            job.bad_utf8 = Some(start + (u + e.valid_up_to()) as u64);
        }
    }
    job.base = start;
    job.skip = skip;
    job.end = end;
    job.avail = n;
}

/// Reads one input into jobs; false when the printer has gone.
fn read_one(
    input: usize,
    mut r: Box<dyn Read + Send>,
    mut buf: Vec<u8>,
    format: Format,
    ctx: &Ctx,
    pool: &Receiver<Vec<u8>>,
    send: &mut dyn FnMut(Job) -> bool,
) -> bool {
    let mut html = (format == Format::Html).then(HtmlMask::default);
    let mut raw: Vec<u8> = Vec::new();
    let mut masked: Vec<u8> = Vec::new();
    let mut utf8 = Utf8Check::default();
    let mut first = true;
    let mut sniffed = format != Format::Auto;
    // The buffer holds [overlap | own part | tail]; `len` bytes of it are input.
    let mut skip = 0usize;
    let mut len = 0usize;
    let mut base = 0u64;
    let mut read_pos = 0u64;
    loop {
        if ctx.skip_below.load(Ordering::Relaxed) > input {
            // -l has what it needs from this input: end it here.
            len = skip;
        }
        let room = CHUNK + OVERLAP + CUT_WINDOW - len;
        let n = if ctx.skip_below.load(Ordering::Relaxed) > input {
            Ok(0)
        } else if html.is_some() || !sniffed {
            raw.resize(room, 0);
            let n = read_some(&mut r, &mut raw);
            if let Ok(n) = n {
                if !sniffed {
                    sniffed = true;
                    if looks_like_html(&raw[..n]) {
                        html = Some(HtmlMask::default());
                    }
                }
                utf8.feed(&raw[..n], read_pos);
                match html.as_mut() {
                    Some(m) => {
                        m.mask(&raw[..n], &mut masked);
                        buf[len..len + n].copy_from_slice(&masked);
                    }
                    None => buf[len..len + n].copy_from_slice(&raw[..n]),
                }
            }
            n
        } else {
            let n = read_some(&mut r, &mut buf[len..len + room]);
            if let Ok(n) = n {
                utf8.feed(&buf[len..len + n], read_pos);
            }
            n
        };
        let n = match n {
            Ok(n) => n,
            Err(e) => {
                let job = Job {
                    skip,
                    end: skip,
                    avail: skip,
                    base,
                    first,
                    error: Some(e),
                    ..Job::empty(input, buf)
                };
                return send(job);
            }
        };
        read_pos += n as u64;
        len += n;
        if n == 0 {
            utf8.finish(read_pos);
            let job = Job {
                skip,
                end: len,
                avail: len,
                base,
                first,
                bad_utf8: utf8.bad_at,
                ..Job::empty(input, buf)
            };
            return send(job);
        }
        let Some(cut) = find_cut(&buf[..len], skip) else {
            continue; // a short read without a place to cut: read more into the same buffer
        };
        let Ok(mut next) = pool.recv() else {
            return false;
        };
        let keep = cut.min(OVERLAP);
        let carry = cut - keep..len;
        next[..carry.len()].copy_from_slice(&buf[carry.clone()]);
        let job = Job {
            skip,
            end: cut,
            avail: len,
            base,
            first,
            last: false,
            ..Job::empty(input, buf)
        };
        if !send(job) {
            return false;
        }
        first = false;
        base += (cut - keep) as u64;
        skip = keep;
        len = carry.len();
        buf = next;
    }
}

/// Where to end a job's part in `buf` (whose own part starts at `skip`): right after the
/// last byte that cannot be in an address, within the last [`CUT_WINDOW`] bytes but
/// [`LOOK_AHEAD`] bytes before the end; in the middle of that window when it is one run of
/// letters and digits (longer than any address: nothing is lost); None when the part is too
/// short to tell yet.
fn find_cut(buf: &[u8], skip: usize) -> Option<usize> {
    let n = buf.len().checked_sub(LOOK_AHEAD)?;
    let lo = skip.max(n.saturating_sub(CUT_WINDOW));
    if lo >= n {
        return None;
    }
    if let Some(q) = buf[lo..n].iter().rposition(|b| !b.is_ascii_alphanumeric()) {
        return Some(lo + q + 1);
    }
    (n - lo >= CUT_WINDOW).then(|| n - CUT_WINDOW / 2)
}

/// The shortened addresses in `buf` whose ends match listed ones and whose span ends in
/// `lo + 1..=hi` (a job's own part), in order. Ellipses are found 16 bytes at a time
/// ([`ellipses`]) rather than byte by byte as [`shortened::find`] does; the spans are the
/// same (see [`shortened::ellipsis_at`]).
fn possible_hits(
    buf: &[u8],
    lo: usize,
    hi: usize,
    ctx: &Ctx,
) -> Vec<(usize, usize, Vec<Candidate>)> {
    let mut out = Vec::new();
    ellipses(buf, |at| {
        let Some(s) =
            shortened::ellipsis_at(buf, at).and_then(|len| shortened::shortened_at(buf, at, len))
        else {
            return;
        };
        if s.end <= lo || s.end > hi {
            return;
        }
        let short = ctx.short.get_or_init(|| ShortIndex::build(&ctx.set));
        let candidates = short.candidates(&s);
        if !candidates.is_empty() {
            out.push((s.start, s.end, candidates));
        }
    });
    out
}

/// Calls `f` with every position of `buf` where `..` or `…` (E2 80 A6) starts, in order.
/// Whole ellipses are matched 64 bytes at a time in bit masks (a `.` followed by a `.`, an
/// E2 followed by 80 and A6), so prose, with a `.` every sentence, costs no branch per `.`;
/// only the block's last two bytes, where an ellipsis may run into the next block, are
/// checked one by one (measured on the 64 MB page prose, two workers: checking every `.`
/// and E2 found took about a third of the scanning workers' time; see README, "Speed").
fn ellipses(buf: &[u8], mut f: impl FnMut(usize)) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (just checked).
        unsafe { ellipses_avx2(buf, &mut f) };
        return;
    }
    #[cfg(target_arch = "x86_64")]
    ellipses_by(buf, &mut f, Some(marks64_sse2));
    #[cfg(not(target_arch = "x86_64"))]
    ellipses_by(buf, &mut f, ONE_BY_ONE);
}

/// No block pass: every position checked.
#[cfg(any(test, not(target_arch = "x86_64")))]
const ONE_BY_ONE: Option<Marks> = None;

/// The masks of `.`, E2, 80 and A6 in 64 bytes.
#[cfg(any(test, not(target_arch = "x86_64")))]
type Marks = fn(&[u8]) -> [u64; 4];

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn ellipses_avx2(buf: &[u8], f: &mut dyn FnMut(usize)) {
    ellipses_by(buf, f, Some(marks64_avx2));
}

/// The scan of [`ellipses`], with `marks` giving the masks of `.`, E2, 80 and A6 in 64 bytes.
#[inline(always)]
fn ellipses_by(buf: &[u8], f: &mut dyn FnMut(usize), marks: Option<impl Fn(&[u8]) -> [u64; 4]>) {
    let n = buf.len();
    let at = |j: usize| {
        (buf[j] == b'.' && buf.get(j + 1) == Some(&b'.')) || buf[j..].starts_with("…".as_bytes())
    };
    let mut i = 0;
    if let Some(marks) = marks {
        while i + 64 <= n {
            let [dot, e2, x80, xa6] = marks(&buf[i..i + 64]);
            let mut m = (dot & dot >> 1) | (e2 & x80 >> 1 & xa6 >> 2);
            // An ellipsis that starts here and ends in the next block.
            m |= (dot | e2) & 1 << 63 | e2 & 1 << 62;
            while m != 0 {
                let j = i + m.trailing_zeros() as usize;
                if at(j) {
                    f(j);
                }
                m &= m - 1;
            }
            i += 64;
        }
    }
    while i + 1 < n {
        if at(i) {
            f(i);
        }
        i += 1;
    }
}

/// The bytes the ellipsis finder marks: `.` and the three of U+2026 `…` in UTF-8.
const MARK_BYTES: [u8; 4] = [b'.', 0xe2, 0x80, 0xa6];

/// Masks of `.`, E2, 80 and A6 in `b[..64]`, 16 bytes at a time (SSE2: the x86_64 baseline).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn marks64_sse2(b: &[u8]) -> [u64; 4] {
    use std::arch::x86_64::*;
    assert!(b.len() >= 64);
    let mut out = [0u64; 4];
    for k in 0..4 {
        // SAFETY: b has 64 bytes (asserted): the 16-byte unaligned load at 16 * k is in
        // bounds; SSE2 is part of the x86_64 baseline.
        unsafe {
            let v = _mm_loadu_si128(b.as_ptr().add(16 * k) as *const __m128i);
            for (o, c) in out.iter_mut().zip(MARK_BYTES) {
                let bits = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8)));
                *o |= (bits as u32 as u64) << (16 * k);
            }
        }
    }
    out
}

/// [`marks64_sse2`] 32 bytes at a time; only inlined into AVX2 code ([`ellipses_avx2`]).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn marks64_avx2(b: &[u8]) -> [u64; 4] {
    use std::arch::x86_64::*;
    assert!(b.len() >= 64);
    let mut out = [0u64; 4];
    for k in 0..2 {
        // SAFETY: b has 64 bytes (asserted): the 32-byte unaligned load at 32 * k is in
        // bounds; only called from AVX2 code, on CPUs that have it (ellipses checks).
        unsafe {
            let v = _mm256_loadu_si256(b.as_ptr().add(32 * k) as *const __m256i);
            for (o, c) in out.iter_mut().zip(MARK_BYTES) {
                let bits = _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(c as i8)));
                *o |= (bits as u32 as u64) << (32 * k);
            }
        }
    }
    out
}

/// A worker: scans one job's buffer and keeps what ends inside its own part.
fn work(mut job: Job, ctx: &Ctx, verdicts: &mut Verdicts) -> Done {
    if let Some(r) = job.read_at.take() {
        if ctx.skip_below.load(Ordering::Relaxed) <= job.input {
            read_part(&mut job, &r);
        }
    }
    let mut done = Done {
        job,
        hits: Vec::new(),
        found: 0,
        sanctioned: 0,
        possible: 0,
        selected: 0,
        newlines: 0,
        tail_chars: 0,
    };
    let job = &done.job;
    if job.error.is_some() || ctx.skip_below.load(Ordering::Relaxed) > job.input {
        return done;
    }
    let data = &job.buf[..job.end];
    let positions = ctx.mode.positions();
    let mut at = Position::new(job.skip);
    let mut scanner = Scanner::new();
    let (mut found, mut sanctioned, mut selected) = (0u64, 0u64, 0u64);
    let mut hits = Vec::new();
    // Possible hits go out in input order with the addresses: each before the first
    // address that starts after it.
    let mut possible = possible_hits(&job.buf[..job.avail], job.skip, job.end, ctx)
        .into_iter()
        .peekable();
    let n_possible = possible.len() as u64;
    let mut flush_possible = |upto: usize, at: &mut Position, hits: &mut Vec<Hit>| {
        while let Some((start, end, candidates)) = possible.next_if(|p| p.0 < upto) {
            if positions {
                let (line, col) = at.of(data, start);
                hits.push(Hit {
                    start,
                    end,
                    what: What::Possible(candidates),
                    line,
                    col,
                });
            }
        }
    };
    let mut emit = |f: sightline::scan::Found, _text: &str| {
        if f.end <= job.skip {
            return; // the previous job's
        }
        let a = &f.address;
        // Most addresses are not listed: no verdict for them unless it is printed.
        let v = verdicts.listed(a, &ctx.set);
        let is_hit = v.as_ref().is_some_and(|v| v.verdict.sanctioned);
        if !ctx.candidates && !verdict::reportable(a, is_hit) {
            return;
        }
        found += 1;
        sanctioned += u64::from(is_hit);
        if !(is_hit || ctx.all) {
            return;
        }
        selected += 1;
        if !positions {
            return;
        }
        flush_possible(f.start, &mut at, &mut hits);
        let (line, col) = at.of(data, f.start);
        // JSON prints every verdict: a clean one is made here, in parallel, not kept.
        let v = match (v, ctx.mode) {
            (None, Mode::Json) => Some(Arc::new(Listed {
                verdict: verdict::check(a, &ctx.set),
                entities: String::new(),
            })),
            (v, _) => v,
        };
        hits.push(Hit {
            start: f.start,
            end: f.end,
            what: What::Address {
                address: f.address,
                verdict: v,
                sanctioned: is_hit,
            },
            line,
            col,
        });
    };
    match &ctx.listed {
        Some(pre) => {
            scanner.feed_filtered(data, pre, &mut emit);
            scanner.finish_filtered(pre, &mut emit);
        }
        None => {
            scanner.feed_text(data, &mut emit);
            scanner.finish_text(&mut emit);
        }
    }
    flush_possible(usize::MAX, &mut at, &mut hits);
    if positions {
        at.advance(data, data.len());
    }
    done.hits = hits;
    done.found = found;
    done.sanctioned = sanctioned;
    done.possible = n_possible;
    done.selected = selected + n_possible;
    done.newlines = at.line;
    done.tail_chars = at.col.max(0) as u64;
    done
}

/// Lines and characters counted from the start of a job's own part, as far as `pos`.
struct Position {
    skip: usize,
    pos: usize,
    line: u64,
    col: i64,
}

impl Position {
    fn new(skip: usize) -> Position {
        Position {
            skip,
            pos: skip,
            line: 0,
            col: 0,
        }
    }

    fn advance(&mut self, data: &[u8], to: usize) {
        if to <= self.pos {
            return;
        }
        let seg = &data[self.pos..to];
        match memchr::memrchr(b'\n', seg) {
            Some(i) => {
                self.line += memchr::memchr_iter(b'\n', &seg[..=i]).count() as u64;
                self.col = chars(&seg[i + 1..]) as i64;
            }
            None => self.col += chars(seg) as i64,
        }
        self.pos = to;
    }

    /// (newlines, characters since the last one) at `start`, which may lie before the own
    /// part only by a `bitcoincash:` prefix (ASCII, no newline).
    fn of(&mut self, data: &[u8], start: usize) -> (u64, i64) {
        self.advance(data, start.max(self.skip));
        let before = self.skip.saturating_sub(start) as i64;
        (self.line, self.col - before)
    }
}

/// Characters in UTF-8 `bytes` as an editor counts them (bytes that do not continue a
/// character; an invalid byte counts as one).
fn chars(bytes: &[u8]) -> usize {
    if bytes.is_ascii() {
        return bytes.len(); // word-wise, and the usual case
    }
    bytes.len() - bytes.iter().filter(|&&b| (b as i8) < -64).count()
}

/// Per input, in the printer.
#[derive(Default)]
struct FileState {
    /// 1-based line at the start of the next job's own part.
    line: u64,
    /// Characters since that line's start.
    col: u64,
    bytes: u64,
    selected: u64,
    listed_file: bool,
    /// The first invalid UTF-8 byte found so far.
    bad_utf8: Option<u64>,
}

/// The main thread's side: prints each job's results in order.
struct Printer<'a> {
    ctx: &'static Ctx,
    names: &'a [String],
    no_filename: bool,
    paint: Paint,
    out: Out,
    outcome: Outcome,
    totals: Totals,
    file: FileState,
}

/// One `scan --json` line (docs/cli.md): where, then the shared result.
#[derive(Serialize)]
struct ScanLine<'a> {
    path: &'a str,
    line: u64,
    column: u64,
    start: u64,
    end: u64,
    #[serde(flatten)]
    checked: Checked,
    /// A shortened address ("0x098B...2f96") whose ends match listed ones: a possible hit.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    possible: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    candidates: &'a [Candidate],
}

impl Printer<'_> {
    /// Prints a job's results; true when the run should stop (-q found a hit, stdout closed).
    fn done(&mut self, d: &Done) -> bool {
        let job = &d.job;
        let name = self.names[job.input].as_str();
        if job.first {
            self.file = FileState {
                line: 1,
                ..FileState::default()
            };
            self.totals.inputs += 1;
        }
        if let Some(e) = &job.error {
            eprintln!("sightline: cannot read {name}: {e}");
            self.outcome = self.outcome.and(Outcome::Error);
        }
        self.file.bad_utf8 = self.file.bad_utf8.or(job.bad_utf8);
        let own = (job.end - job.skip) as u64;
        self.file.bytes += own;
        self.totals.bytes += own;
        self.totals.found += d.found;
        self.totals.sanctioned += d.sanctioned;
        self.totals.possible += d.possible;
        self.file.selected += d.selected;
        // A possible hit counts as a hit for the exit status: the full address must be checked.
        if d.sanctioned + d.possible > 0 {
            self.outcome = Outcome::Sanctioned;
            if self.ctx.mode == Mode::Quiet {
                return true;
            }
        }
        for h in &d.hits {
            let line = self.file.line + h.line;
            let column = if h.line == 0 {
                self.file.col as i64 + h.col
            } else {
                h.col
            } as u64
                + 1;
            let text = std::str::from_utf8(&job.buf[h.start..h.end]).unwrap_or("");
            if self.ctx.mode == Mode::Json {
                let (checked, candidates) = match &h.what {
                    What::Address {
                        address, verdict, ..
                    } => {
                        let v = match verdict {
                            Some(l) => l.verdict.clone(),
                            None => verdict::check(address, &self.ctx.set),
                        };
                        (Checked::of(text, address, v), &[][..])
                    }
                    What::Possible(c) => (Checked::parse(text, &self.ctx.set), &c[..]),
                };
                self.out.serialize(&ScanLine {
                    path: name,
                    line,
                    column,
                    start: job.base + h.start as u64,
                    end: job.base + h.end as u64,
                    checked,
                    possible: !candidates.is_empty(),
                    candidates,
                });
            } else {
                self.line(name, line, column, text, h);
            }
        }
        if d.newlines > 0 {
            self.file.line += d.newlines;
            self.file.col = d.tail_chars;
        } else {
            self.file.col += d.tail_chars;
        }
        if self.ctx.mode == Mode::Files && self.file.selected > 0 && !self.file.listed_file {
            self.file.listed_file = true;
            let p = self.paint;
            self.out
                .write_fmt(format_args!("{}{name}{}\n", p.on(Paint::PATH), p.off()));
            // Enough of this input: the reader and workers skip the rest of it.
            self.ctx
                .skip_below
                .fetch_max(job.input + 1, Ordering::Relaxed);
        }
        if job.last {
            self.end_of_input(name, job);
        }
        self.out.closed
    }

    fn line(&mut self, name: &str, line: u64, column: u64, text: &str, h: &Hit) {
        let p = self.paint;
        if !self.no_filename {
            self.out
                .write_fmt(format_args!("{}{name}{}:", p.on(Paint::PATH), p.off()));
        }
        let (address, verdict, sanctioned) = match &h.what {
            What::Address {
                address,
                verdict,
                sanctioned,
            } => (address, verdict, *sanctioned),
            What::Possible(candidates) => {
                self.out.write_fmt(format_args!(
                    "{}{line}:{column}{}: {}{text}{}  {}POSSIBLE{}  {}\n",
                    p.on(Paint::POS),
                    p.off(),
                    p.on(Paint::WARN),
                    p.off(),
                    p.on(Paint::HIT),
                    p.off(),
                    common::PossibleNote(candidates),
                ));
                return;
            }
        };
        let chains = common::Chains(address.chains);
        match verdict.as_ref().filter(|_| sanctioned) {
            Some(v) => self.out.write_fmt(format_args!(
                "{}{line}:{column}{}: {}{text}{}  {chains}  {}{}{}\n",
                p.on(Paint::POS),
                p.off(),
                p.on(Paint::HIT),
                p.off(),
                p.on(Paint::BOLD),
                v.entities,
                p.off(),
            )),
            None => self.out.write_fmt(format_args!(
                "{}{line}:{column}{}: {text}  {chains}\n",
                p.on(Paint::POS),
                p.off(),
            )),
        }
    }

    fn end_of_input(&mut self, name: &str, job: &Job) {
        if self.ctx.mode == Mode::Count {
            let n = self.file.selected;
            if self.no_filename {
                self.out.write_fmt(format_args!("{n}\n"));
            } else {
                let p = self.paint;
                self.out
                    .write_fmt(format_args!("{}{name}{}:{n}\n", p.on(Paint::PATH), p.off()));
            }
        }
        if job.error.is_none() && self.file.bytes == 0 {
            eprintln!("sightline: {name}: empty input, nothing to scan");
        }
        if let Some(at) = self.file.bad_utf8 {
            eprintln!(
                "sightline: warning: {name}: invalid UTF-8 (first at byte {at}); scanned lossily, \
                 columns count each invalid byte as one character"
            );
        }
    }
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
        if self.need == 0 && chunk.is_ascii() {
            return; // the common case, checked word-wise
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_after_a_delimiter_or_inside_an_over_long_run() {
        let mut b = vec![b'a'; 10_000];
        b[9_000] = b' ';
        assert_eq!(find_cut(&b, 0), Some(b.len() - LOOK_AHEAD - CUT_WINDOW / 2));
        b[9_900] = b',';
        assert_eq!(find_cut(&b, 0), Some(9_901));
        // The last LOOK_AHEAD bytes stay after the cut.
        b[9_999] = b' ';
        assert_eq!(find_cut(&b, 0), Some(9_901));
        // Too short to tell: read more.
        assert_eq!(find_cut(b"abc", 0), None);
        assert_eq!(find_cut(b"abc ", 0), None);
        assert_eq!(find_cut(b"abc xy", 0), Some(4));
    }

    #[test]
    fn ellipses_are_found_at_every_offset() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut texts: Vec<Vec<u8>> = (0..150)
            .map(|pad| {
                let t = format!("{}a..b … c...d.e{}", "x".repeat(pad), "y".repeat(pad % 7));
                t.repeat(3).into_bytes()
            })
            .collect();
        // The bytes of both ellipses in every arrangement, across block ends.
        texts.extend((0..300).map(|_| {
            (0..200)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    b".\xe2\x80\xa6a"[(x % 5) as usize]
                })
                .collect()
        }));
        for b in &texts {
            let want: Vec<usize> = (0..b.len())
                .filter(|&i| b[i..].starts_with(b"..") || b[i..].starts_with("…".as_bytes()))
                .collect();
            let mut got = Vec::new();
            ellipses(b, |i| got.push(i));
            assert_eq!(got, want, "{b:?}");
            got.clear();
            ellipses_by(b, &mut |i| got.push(i), ONE_BY_ONE);
            assert_eq!(got, want, "one by one: {b:?}");
            #[cfg(target_arch = "x86_64")]
            {
                got.clear();
                ellipses_by(b, &mut |i| got.push(i), Some(marks64_sse2));
                assert_eq!(got, want, "SSE2: {b:?}");
                if std::is_x86_feature_detected!("avx2") {
                    got.clear();
                    // SAFETY: the CPU has AVX2 (just checked).
                    unsafe { ellipses_avx2(b, &mut |i| got.push(i)) };
                    assert_eq!(got, want, "AVX2: {b:?}");
                }
            }
        }
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(chars("héllo, 世界".as_bytes()), 9);
        let mut p = Position::new(0);
        let data = "ab\ncdé\nxyz".as_bytes();
        assert_eq!(p.of(data, 9), (2, 1));
        p.advance(data, data.len());
        assert_eq!((p.line, p.col), (2, 3));
    }
}
