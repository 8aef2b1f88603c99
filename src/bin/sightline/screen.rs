//! `sightline screen FILE`: an export (CSV, TSV or JSON lines) in, every row out unchanged
//! with the result of checking its address column appended:
//! `sightline_valid, sightline_chains, sightline_sanctioned, sightline_entity,
//! sightline_sdn_uid, sightline_programs, sightline_list_date`.
//!
//! CSV rows are copied byte for byte from the input (quotes, BOM and all; only the line
//! ending is the file's first one), so `cut`-ting the new columns off gives the input back.
//!
//! # How the rows are split across cores
//!
//! A reader thread reads the input into a small pool of buffers of about [`CHUNK`] bytes
//! and splits each into whole rows: CSV records by the csv crate's own rules
//! ([`next_record`]), or JSON lines; of a CSV buffer without quotes it only finds the last
//! line break, and the worker splits it ([`plain_rows`]). An unfinished row moves on to the
//! next buffer, so rows never span two. Workers take the buffers in turn and check each row's address cell
//! (each with its own memo of the cells it has seen), writing the output rows into the
//! buffer's output; the main thread writes the buffers out in input order, so the output is
//! the same byte for byte whatever the number of workers. Memory: `2 * workers + 2` buffers
//! of about [`CHUNK`] bytes in and as much again out; a row longer than a buffer grows it, up
//! to [`MAX_ROW`] (a longer row is a read error).
//!
//! That is the path of stdin, pipes and JSON lines. Of a regular CSV file the workers read
//! their own parts instead, guessing where rows start and checking the guess in order
//! ([`parts`]); the output is the same byte for byte.
use crate::common::{self, read_some, ListInfo, Outcome};
use serde::Serialize;
use sightline::address::{self, Address};
use sightline::list::LoadedSet;
use sightline::verdict::{self, Checked, Verdict};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::OnceLock;

#[path = "screen_parts.rs"]
mod parts;

/// The longest row read (CSV record or JSON line).
pub const MAX_ROW: usize = 16 << 20;
/// Inputs at least this large get a progress bar (when stderr is a terminal).
const PROGRESS_FROM: u64 = 16 << 20;

/// The columns appended to every row, in order.
pub const COLUMNS: [&str; 7] = [
    "sightline_valid",
    "sightline_chains",
    "sightline_sanctioned",
    "sightline_entity",
    "sightline_sdn_uid",
    "sightline_programs",
    "sightline_list_date",
];

/// Header names taken for the address column, best first (compared lower-case, without
/// spaces, `_`, `-` or `.`); then any header containing "address" or "wallet".
const ADDRESS_HEADERS: [&str; 24] = [
    "address",
    "walletaddress",
    "wallet",
    "cryptoaddress",
    "recipientaddress",
    "recipient",
    "beneficiaryaddress",
    "beneficiary",
    "destinationaddress",
    "destination",
    "toaddress",
    "to",
    "receiveraddress",
    "receiver",
    "payeeaddress",
    "payee",
    "counterpartyaddress",
    "counterparty",
    "depositaddress",
    "withdrawaladdress",
    "fromaddress",
    "from",
    "senderaddress",
    "sender",
];

/// The input's format.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON lines when the first byte (after a BOM and blanks) is `{`, else CSV/TSV.
    Auto,
    /// Comma- (or --delimiter-) separated values; the delimiter is detected.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// One JSON object per line.
    Jsonl,
}

/// Arguments of `sightline screen`.
#[derive(clap::Args, Debug)]
pub struct ScreenArgs {
    /// The export to screen (`-`: stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The address column: a header name (case-insensitive), a JSON key, or a 1-based
    /// index. Default: the column whose header says address, wallet, recipient,
    /// beneficiary, destination, to, counterparty, ... or else the first column holding an
    /// address in the first row.
    #[arg(long, value_name = "NAME|INDEX")]
    pub column: Option<String>,
    /// The field delimiter of CSV input: one character, or `tab` (default: detected from
    /// the first line among `,` tab `;` `|`).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// The input format.
    #[arg(long, value_enum, default_value_t = Format::Auto)]
    pub format: Format,
    /// The first CSV row is data, not a header (default: it is a header unless it holds an
    /// address).
    #[arg(long)]
    pub no_header: bool,
    /// Write JSON lines (the row as an object, the sightline_* fields typed, and the whole
    /// result under "sightline") instead of CSV. JSON-lines input is always written so.
    #[arg(long)]
    pub json: bool,
    /// Write to this file instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Never show a progress bar (by default one is shown on a terminal for large inputs).
    #[arg(long)]
    pub no_progress: bool,
    /// Worker threads (default: one per core). The output is the same whatever the number.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Check against this signed bundle (verified against the pinned publisher key)
    /// instead of the set built into this binary.
    #[arg(long, value_name = "BUNDLE")]
    pub list: Option<PathBuf>,
}

pub fn run(args: ScreenArgs) -> Outcome {
    let Some(set) = common::load_set_or_report(args.list.as_deref()) else {
        return Outcome::Error;
    };
    common::warn_if_stale(&set);
    let name = args.file.display().to_string();
    // A regular file also as a File, for its workers to read their parts of ([`parts`]).
    let (mut input, size, file): (Box<dyn Read + Send>, Option<u64>, Option<File>) =
        if args.file.as_os_str() == "-" {
            (Box::new(io::stdin()), None, None)
        } else {
            match File::open(&args.file) {
                Ok(f) => {
                    let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
                    let file = size.and_then(|_| f.try_clone().ok());
                    (Box::new(f), size, file)
                }
                Err(e) => {
                    eprintln!("sightline: cannot read {name}: {e}");
                    return Outcome::Error;
                }
            }
        };
    let out: Box<dyn Write> = match &args.output {
        None => Box::new(io::stdout()),
        Some(p) => match File::create(p) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("sightline: cannot write {}: {e}", p.display());
                return Outcome::Error;
            }
        },
    };
    let progress = progress_bar(size, args.no_progress);
    let head = match peek(&mut input, 64 * 1024) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("sightline: cannot read {name}: {e}");
            return Outcome::Error;
        }
    };
    let jsonl = match args.format {
        Format::Jsonl => true,
        Format::Auto => first_byte(&head) == Some(b'{'),
        Format::Csv | Format::Tsv => false,
    };
    let delim = if jsonl {
        b','
    } else {
        match delimiter(&args, &head) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("sightline: {e}");
                return Outcome::Error;
            }
        }
    };
    let workers = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64);
    // The threads outlive this function when it returns early (a closed stdout while the
    // reader waits on a pipe): what they share lives for the rest of the process.
    let ctx: &'static Ctx = Box::leak(Box::new(Ctx {
        list: ListInfo::of(&set),
        list_name: common::list_name(&set),
        set,
        jsonl,
        json: args.json || jsonl,
        delim,
        eol: line_ending(&head),
        column: args.column.clone(),
        no_header: args.no_header,
        plan: OnceLock::new(),
    }));
    let mut out = BufWriter::with_capacity(256 * 1024, out);
    let end = match (file, size) {
        (Some(file), Some(size)) if !jsonl => {
            let file = parts::Input { file, size };
            parts::pipeline_parts(ctx, file, input, head, workers, &mut out, progress.as_ref())
        }
        _ => pipeline(ctx, input, head, 0, workers, &mut out, progress.as_ref()),
    };
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    let closed = end.closed || out.flush().is_err();
    let mut outcome = end.tally.outcome;
    if let Some(e) = end.error {
        eprintln!("sightline: {name}: {e}");
        outcome = outcome.and(Outcome::Error);
    } else if end.tally.rows == 0 && !closed {
        eprintln!("sightline: {name}: no rows: nothing was screened");
        outcome = outcome.and(Outcome::Error);
    }
    if !closed {
        eprintln!(
            "sightline: screened {}: {} sanctioned, {} not a valid address; checked against the {}",
            common::count(end.tally.rows, "row", "rows"),
            end.tally.sanctioned,
            end.tally.invalid,
            ctx.list_name
        );
    }
    outcome
}

fn progress_bar(size: Option<u64>, off: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let size = size.filter(|n| *n >= PROGRESS_FROM)?;
    if off || !io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new(size);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "sightline: screening {bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    ) {
        pb.set_style(style);
    }
    Some(pb)
}

fn first_byte(head: &[u8]) -> Option<u8> {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    head.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// `\r\n` when the first line ends so, else `\n`: what every output row ends with.
fn line_ending(head: &[u8]) -> &'static [u8] {
    match memchr::memchr(b'\n', head) {
        Some(i) if i > 0 && head[i - 1] == b'\r' => b"\r\n",
        _ => b"\n",
    }
}

/// `--delimiter`, `--format tsv`, a `.tsv` name, or the most frequent of `,` tab `;` `|`
/// outside quotes in the first line.
fn delimiter(args: &ScreenArgs, head: &[u8]) -> Result<u8, String> {
    if let Some(d) = &args.delimiter {
        return match d.as_str() {
            "tab" | "\\t" | "\t" => Ok(b'\t'),
            s if s.len() == 1 && s.is_ascii() && !matches!(s, "\"" | "\r" | "\n") => {
                Ok(s.as_bytes()[0])
            }
            s => Err(format!(
                "--delimiter {s:?}: give one ASCII character (not a quote or a line break) or \"tab\""
            )),
        };
    }
    if args.format == Format::Tsv
        || args
            .file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
    {
        return Ok(b'\t');
    }
    let line = &head[..memchr::memchr(b'\n', head).unwrap_or(head.len())];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            b',' => counts[0] += 1,
            b'\t' => counts[1] += 1,
            b';' => counts[2] += 1,
            b'|' => counts[3] += 1,
            _ => {}
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], 4 - i)).unwrap_or(0);
    Ok([b',', b'\t', b';', b'|'][best])
}

/// Compared form of a header: lower case, without spaces, `_`, `-` or `.`.
fn norm(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The address column among `headers` by name: the best of [`ADDRESS_HEADERS`], else the
/// first naming an address or a wallet.
fn by_header<'a>(headers: impl Iterator<Item = &'a str> + Clone) -> Option<usize> {
    let names: Vec<String> = headers.map(norm).collect();
    for want in ADDRESS_HEADERS {
        if let Some(i) = names.iter().position(|n| n == want) {
            return Some(i);
        }
    }
    names
        .iter()
        .position(|n| n.contains("address") || n.contains("wallet"))
}

/// `--column`: a 1-based index or a name among `headers`.
fn by_arg(arg: &str, headers: Option<&[String]>) -> Result<usize, String> {
    if let Ok(i) = arg.parse::<usize>() {
        return if i == 0 {
            Err("--column 0: columns are counted from 1".to_string())
        } else {
            Ok(i - 1)
        };
    }
    let Some(headers) = headers else {
        return Err(format!(
            "--column {arg:?}: the input has no header row; give the column's index (from 1)"
        ));
    };
    let want = norm(arg);
    headers.iter().position(|h| norm(h) == want).ok_or_else(|| {
        format!(
            "--column {arg:?}: no such column (headers: {})",
            headers.join(", ")
        )
    })
}

/// Up to `n` first bytes of `r` (fewer at its end): what the format is sniffed from.
fn peek(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = vec![0u8; n];
    let mut got = 0;
    while got < n {
        match read_some(r, &mut head[got..])? {
            0 => break,
            k => got += k,
        }
    }
    head.truncate(got);
    Ok(head)
}

/// Input bytes per buffer. Measured on the 64 MB bench CSV (benches/cli_vs_rg.sh), two
/// workers: 256 KiB and 1 MiB are within noise of each other (100-140 ms on a busy
/// machine); 256 KiB peaks at 9.3 MB RSS, 1 MiB at 21 MB.
const CHUNK: usize = 256 << 10;
/// The largest a buffer grows to hold one row: [`MAX_ROW`] and its line ending.
const MAX_BUF: usize = MAX_ROW + 2;

/// Buffers in the pool (the reader's, a queued and a running one per worker, the writer's).
fn buffers(workers: usize) -> usize {
    2 * workers + 2
}

/// What the threads share, for the whole run.
struct Ctx {
    set: LoadedSet,
    list: ListInfo,
    list_name: String,
    /// JSON lines in.
    jsonl: bool,
    /// JSON lines out (--json, or JSON lines in).
    json: bool,
    delim: u8,
    /// What every CSV output row ends with.
    eol: &'static [u8],
    column: Option<String>,
    no_header: bool,
    /// The address column, set by the reader from the first row before any row reaches a
    /// worker.
    plan: OnceLock<Plan>,
}

enum Plan {
    /// CSV: the 0-based column and, for --json, each header as a JSON key and a colon.
    Csv { col: usize, keys: Vec<Vec<u8>> },
    /// JSON lines: the key.
    Jsonl { key: String },
}

/// A row of a buffer: `buf[start..end]`, without its line ending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Row {
    start: u32,
    end: u32,
    /// A CSV record with a quote somewhere: its fields need unquoting.
    quoted: bool,
}

/// Rows counted and the exit status they give.
#[derive(Clone, Copy, Default)]
struct Tally {
    rows: u64,
    sanctioned: u64,
    invalid: u64,
    outcome: Outcome,
}

impl Tally {
    fn add(&mut self, c: Counts) {
        self.rows += 1;
        if c.sanctioned {
            self.sanctioned += 1;
            self.outcome = Outcome::Sanctioned;
        } else if c.invalid {
            self.invalid += 1;
            self.outcome = self.outcome.and(Outcome::Invalid);
        }
    }
    fn merge(&mut self, o: Tally) {
        self.rows += o.rows;
        self.sanctioned += o.sanctioned;
        self.invalid += o.invalid;
        self.outcome = self.outcome.and(o.outcome);
    }
}

/// A buffer of whole rows on its way from the reader through a worker to the writer.
#[derive(Default)]
struct Batch {
    /// Input; the rows are ranges of it. Its length is its capacity (read into in place).
    buf: Vec<u8>,
    rows: Vec<Row>,
    /// JSON lines: the line number of `rows[0]` (every line is a row, blank ones too).
    first_line: u64,
    /// Written before the rows (the CSV header row with the new column names).
    pre: Vec<u8>,
    /// Said on stderr before the messages of rows from this index on (the column chosen).
    notice: Option<(usize, String)>,
    /// Input offset at the end of these rows (the progress bar).
    at: u64,
    /// Nothing follows: the input's end, or `error`.
    last: bool,
    error: Option<io::Error>,
    /// Rows the worker splits itself, from `buf[from..to]` ([`unquoted_rows`],
    /// [`parts`]); `rows` is empty.
    unsplit: Option<(usize, usize)>,
    /// The rows after these are read the sequential way, from this input offset (a part
    /// of a file ended inside a quoted field, [`parts`]).
    resume: Option<u64>,
    /// From the worker: the output rows, per-row messages (by row index), and the tally.
    out: Vec<u8>,
    notes: Vec<(usize, String)>,
    tally: Tally,
}

impl Batch {
    /// Forgets what the batch said about the rows it held before (it is read into again).
    fn clear_rows(&mut self) {
        self.rows.clear();
        self.pre.clear();
        self.notice = None;
        self.unsplit = None;
        self.resume = None;
    }
}

/// How the writer's part ended.
#[derive(Default)]
struct End {
    tally: Tally,
    error: Option<io::Error>,
    /// The output was closed (`| head`): nothing more is said.
    closed: bool,
}

/// Runs the reader and the workers and writes their batches in order. `input` is read
/// from offset `base` (after `head`, its first bytes already read).
fn pipeline(
    ctx: &'static Ctx,
    input: Box<dyn Read + Send>,
    head: Vec<u8>,
    base: u64,
    workers: usize,
    out: &mut dyn Write,
    progress: Option<&indicatif::ProgressBar>,
) -> End {
    let (pool_tx, pool_rx) = mpsc::sync_channel::<Batch>(buffers(workers));
    for _ in 0..buffers(workers) {
        let _ = pool_tx.send(Batch::default());
    }
    let mut job_txs = Vec::with_capacity(workers);
    let mut done_rxs = Vec::with_capacity(workers);
    for _ in 0..workers {
        let (job_tx, job_rx) = mpsc::sync_channel::<Batch>(1);
        let (done_tx, done_rx) = mpsc::sync_channel::<Batch>(1);
        std::thread::spawn(move || {
            let mut memo = Memo::default();
            let mut fields = Fields::default();
            for mut b in job_rx {
                work(&mut b, ctx, &mut memo, &mut fields);
                if done_tx.send(b).is_err() {
                    break;
                }
            }
        });
        job_txs.push(job_tx);
        done_rxs.push(done_rx);
    }
    std::thread::spawn(move || read_rows(ctx, input, head, base, pool_rx, job_txs));
    let mut end = End::default();
    // Batches in the order they were dealt: round robin over the workers.
    for k in 0.. {
        let Ok(mut b) = done_rxs[k % workers].recv() else {
            break;
        };
        if !deliver(&mut b, out, &mut end, progress) {
            break;
        }
        let _ = pool_tx.send(b);
    }
    end
}

/// A worker's batch written out (its messages said first) and counted; false when nothing
/// more follows (the input's end, an error, or a closed output).
fn deliver(
    b: &mut Batch,
    out: &mut dyn Write,
    end: &mut End,
    progress: Option<&indicatif::ProgressBar>,
) -> bool {
    let mut notice = b.notice.take();
    for (i, msg) in b.notes.drain(..) {
        if let Some((_, n)) = notice.take_if(|(at, _)| *at <= i) {
            eprintln!("{n}");
        }
        eprintln!("{msg}");
    }
    if let Some((_, n)) = notice {
        eprintln!("{n}");
    }
    if out.write_all(&b.out).is_err() {
        end.closed = true;
    }
    end.tally.merge(b.tally);
    if let Some(pb) = progress {
        pb.set_position(b.at);
    }
    if b.last {
        end.error = b.error.take();
    }
    !b.last && !end.closed
}

/// The reader thread: the input cut into batches of whole rows, dealt round robin.
fn read_rows(
    ctx: &'static Ctx,
    mut input: Box<dyn Read + Send>,
    head: Vec<u8>,
    mut base: u64,
    pool: Receiver<Batch>,
    jobs: Vec<SyncSender<Batch>>,
) {
    let mut dealt = 0usize;
    let mut send = |b: Batch| -> bool {
        let ok = jobs[dealt % jobs.len()].send(b).is_ok();
        dealt += 1;
        ok
    };
    let Ok(mut b) = pool.recv() else { return };
    let mut len = head.len();
    size(&mut b.buf, CHUNK.max(len));
    b.buf[..len].copy_from_slice(&head);
    drop(head);
    // Input offset of b.buf[0] (`base`); number of the next JSON line.
    let mut line = 1u64;
    let mut eof = false;
    loop {
        let mut error = None;
        while !eof && len < b.buf.len() {
            match read_some(&mut input, &mut b.buf[len..]) {
                Ok(0) => eof = true,
                Ok(n) => len += n,
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        let done = eof || error.is_some();
        b.clear_rows();
        b.first_line = line;
        let rest = if ctx.jsonl {
            split_lines(&b.buf[..len], eof, &mut b.rows)
        } else if let Some(rest) = unquoted_rows(ctx, &b.buf[..len], done) {
            b.unsplit = Some((0, rest));
            rest
        } else {
            split_records(&b.buf[..len], ctx.delim, eof, &mut b.rows)
        };
        if ctx.jsonl {
            line += b.rows.len() as u64;
        }
        // A row longer than MAX_ROW: an error (after the rows before it).
        let long = b
            .rows
            .iter()
            .position(|r| (r.end - r.start) as usize > MAX_ROW);
        if let Some(i) = long {
            b.rows.truncate(i);
            error = Some(too_long(ctx, b.first_line + i as u64));
        } else if rest == 0 && !done && b.rows.is_empty() {
            // One unfinished row fills the buffer: grow it (up to MAX_BUF) and read on.
            if b.buf.len() >= MAX_BUF {
                error = Some(too_long(ctx, line));
            } else {
                let n = (2 * b.buf.len()).min(MAX_BUF);
                size(&mut b.buf, n);
                continue;
            }
        }
        if ctx.plan.get().is_none() && error.is_none() {
            match plan(ctx, &mut b) {
                Ok(()) => {}
                Err((i, e)) => {
                    b.rows.truncate(i);
                    error = Some(e);
                }
            }
        }
        if error.is_some() || eof {
            b.at = base + len as u64;
            b.error = error;
            b.last = true;
            let _ = send(b);
            return;
        }
        // Hand the rows on; the unfinished one starts the next buffer.
        let Ok(mut next) = pool.recv() else { return };
        let carry = len - rest;
        size(&mut next.buf, CHUNK.max(carry + CHUNK / 2));
        next.buf[..carry].copy_from_slice(&b.buf[rest..len]);
        b.at = base + rest as u64;
        b.last = false;
        b.error = None;
        if !send(b) {
            return;
        }
        b = next;
        base += rest as u64;
        len = carry;
    }
}

/// Where the unfinished row of a CSV buffer without any quote starts, when the workers may
/// split its rows themselves: every line break then ends a record, so the last one is where
/// [`split_records`] would stop. The reader splitting every row was the bottleneck of a
/// `screen` of the bench CSV on two cores (`perf`: the reader thread busy for the whole
/// run, the workers less). Not for the first rows (the plan is made from them), the last
/// ones, or a buffer grown past [`MAX_ROW`] (its rows' lengths are checked).
fn unquoted_rows(ctx: &Ctx, buf: &[u8], done: bool) -> Option<usize> {
    if done
        || ctx.plan.get().is_none()
        || buf.len() > MAX_ROW
        || memchr::memchr(b'"', buf).is_some()
    {
        return None;
    }
    let rest = memchr::memrchr2(b'\n', b'\r', buf).map_or(0, |i| i + 1);
    // No line break: one unfinished row (the reader grows the buffer).
    (rest > 0).then_some(rest)
}

/// `buf` resized to `n` bytes (zeroed once when it grows: it is read into in place), and
/// its memory given back after a long row grew it.
fn size(buf: &mut Vec<u8>, n: usize) {
    if buf.len() != n {
        buf.resize(n, 0);
    }
    if buf.capacity() > 4 * n {
        buf.shrink_to(n);
    }
}

fn too_long(ctx: &Ctx, line: u64) -> io::Error {
    io::Error::other(if ctx.jsonl {
        format!("line {line} is longer than {} MiB", MAX_ROW >> 20)
    } else {
        format!("a row longer than {} MiB", MAX_ROW >> 20)
    })
}

/// What the next row of a buffer is.
#[derive(Debug, PartialEq, Eq)]
enum Next {
    /// A whole row, and where the one after it may start.
    Row(Row, usize),
    /// The row starting here may go on past the buffer's end (more input is needed).
    More(usize),
    /// Nothing more (at the input's end).
    End,
}

/// Every whole JSON line of `buf` into `rows`; returns where the unfinished one starts.
fn split_lines(buf: &[u8], eof: bool, rows: &mut Vec<Row>) -> usize {
    let mut i = 0;
    loop {
        match next_line(buf, i, eof) {
            Next::Row(r, next) => {
                rows.push(r);
                i = next;
            }
            Next::More(at) => return at,
            Next::End => return buf.len(),
        }
    }
}

fn next_line(buf: &[u8], i: usize, eof: bool) -> Next {
    if i == buf.len() {
        return if eof { Next::End } else { Next::More(i) };
    }
    let row = |end: usize| Row {
        start: i as u32,
        end: end as u32,
        quoted: false,
    };
    match memchr::memchr(b'\n', &buf[i..]) {
        Some(p) => Next::Row(row(i + p), i + p + 1),
        None if eof => Next::Row(row(buf.len()), buf.len()),
        None => Next::More(i),
    }
}

/// Every whole CSV record of `buf` into `rows`; returns where the unfinished one starts.
fn split_records(buf: &[u8], delim: u8, eof: bool, rows: &mut Vec<Row>) -> usize {
    let mut i = 0;
    loop {
        match next_record(buf, i, delim, eof) {
            Next::Row(r, next) => {
                rows.push(r);
                i = next;
            }
            Next::More(at) => return at,
            Next::End => return buf.len(),
        }
    }
}

/// The CSV record starting at or after `i`, cut where the csv crate's reader (csv_core,
/// with the defaults `screen` used it with: `"` quotes, `""` inside quotes, CR, LF or CRLF
/// ends a record, blank lines are skipped) ends it: at a line break outside quotes, where
/// a quote opens a quoted field only at a field's start (elsewhere it is a plain byte), and
/// after a closing quote anything but a quote, the delimiter or a line break is plain
/// again. Jumps from quote to line break with memchr, so a record without quotes costs one
/// search (tests: [`tests::records_split_as_the_csv_crate_does`]).
fn next_record(buf: &[u8], mut i: usize, delim: u8, eof: bool) -> Next {
    let n = buf.len();
    while i < n && (buf[i] == b'\r' || buf[i] == b'\n') {
        i += 1;
    }
    if i == n {
        return if eof { Next::End } else { Next::More(n) };
    }
    let start = i;
    let mut quoted = false;
    // Whether `i` is at the start of a field.
    let mut field_start = true;
    let row = |end: usize, quoted: bool| Row {
        start: start as u32,
        end: end as u32,
        quoted,
    };
    let unfinished = || {
        if eof {
            Next::Row(row(n, true), n)
        } else {
            Next::More(start)
        }
    };
    loop {
        if field_start && i < n && buf[i] == b'"' {
            quoted = true;
            i += 1;
            // Inside quotes: to the closing quote (a doubled one stays inside).
            loop {
                let Some(q) = memchr::memchr(b'"', &buf[i..]) else {
                    return unfinished();
                };
                i += q + 1;
                if i == n {
                    return unfinished();
                }
                if buf[i] != b'"' {
                    break;
                }
                i += 1;
            }
            match buf[i] {
                b'\r' | b'\n' => return Next::Row(row(i, true), i + 1),
                b if b == delim => {
                    i += 1;
                    continue;
                }
                _ => field_start = false,
            }
        }
        // Outside quotes: to the next line break, or quote (which may open a field).
        match memchr::memchr3(b'"', b'\r', b'\n', &buf[i..]) {
            None if eof => return Next::Row(row(n, quoted), n),
            None => return Next::More(start),
            Some(p) if buf[i + p] != b'"' => return Next::Row(row(i + p, quoted), i + p + 1),
            Some(p) => {
                quoted = true;
                let at = i + p;
                field_start = if p == 0 {
                    field_start
                } else {
                    buf[at - 1] == delim
                };
                i = if field_start { at } else { at + 1 };
            }
        }
    }
}

/// A quoted record's fields, unquoted as csv_core does (reused from row to row).
#[derive(Default)]
struct Fields {
    data: Vec<u8>,
    ends: Vec<usize>,
}

impl Fields {
    /// Parses one whole record (without its line ending).
    fn parse(&mut self, rec: &[u8], delim: u8) {
        #[derive(Clone, Copy)]
        enum S {
            Start,
            Plain,
            Quoted,
            QuoteInQuoted,
        }
        self.data.clear();
        self.ends.clear();
        let mut s = S::Start;
        for &c in rec {
            s = match (s, c) {
                (S::Start, b'"') => S::Quoted,
                (S::Start | S::Plain | S::QuoteInQuoted, c) if c == delim => {
                    self.ends.push(self.data.len());
                    S::Start
                }
                (S::Quoted, b'"') => S::QuoteInQuoted,
                (S::QuoteInQuoted, b'"') | (S::Quoted, _) => {
                    self.data.push(c);
                    S::Quoted
                }
                (S::Start | S::Plain | S::QuoteInQuoted, _) => {
                    self.data.push(c);
                    S::Plain
                }
            };
        }
        self.ends.push(self.data.len());
    }
    fn len(&self) -> usize {
        self.ends.len()
    }
    fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.data[start..end])
    }
}

/// Field `col` of a record without quotes ("" when it has fewer fields). Delimiters are
/// found 16 bytes at a time: fields are short, and a memchr call per field took 15% of a
/// `screen -j 1` of the bench CSV (`perf`).
fn plain_field(rec: &[u8], delim: u8, col: usize) -> &[u8] {
    let n = rec.len();
    let (mut start, mut seen) = (0usize, 0usize);
    // Called at each delimiter: the field once its end is found.
    let mut at = |p: usize| -> bool {
        seen += 1;
        if seen == col {
            start = p + 1;
        }
        seen > col
    };
    let mut i = 0;
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        while i + 16 <= n {
            // SAFETY: i + 16 <= n, so the unaligned 16-byte load is in bounds; SSE2 is part
            // of the x86_64 baseline.
            let mut m = unsafe {
                let v = _mm_loadu_si128(rec.as_ptr().add(i) as *const __m128i);
                _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(delim as i8))) as u32
            };
            while m != 0 {
                let p = i + m.trailing_zeros() as usize;
                if at(p) {
                    return &rec[start..p];
                }
                m &= m - 1;
            }
            i += 16;
        }
    }
    while i < n {
        if rec[i] == delim && at(i) {
            return &rec[start..i];
        }
        i += 1;
    }
    if seen == col {
        &rec[start..]
    } else {
        b""
    }
}

/// The records of `buf`, whole ones without any quote, into `rows`, and their field `col`
/// (its place in `buf` and [`Memo::hash`]) into `cells`: what [`split_records`] and
/// [`plain_field`] give, in one pass finding line breaks and delimiters 16 bytes at a time
/// (tests: [`tests::records_split_as_the_csv_crate_does`]).
fn plain_rows(
    buf: &[u8],
    from: usize,
    delim: u8,
    col: usize,
    rows: &mut Vec<Row>,
    cells: &mut Vec<(u32, u32, Option<u64>)>,
) {
    rows.clear();
    cells.clear();
    let n = buf.len();
    let mut i = from;
    loop {
        while i < n && (buf[i] == b'\r' || buf[i] == b'\n') {
            i += 1;
        }
        if i == n {
            return;
        }
        let start = i;
        // Delimiters seen in this record, and where field `col` starts and ends.
        let mut seen = 0usize;
        let mut from = (col == 0).then_some(start);
        let mut to = None;
        let mut at = |p: usize| {
            seen += 1;
            if seen == col {
                from = Some(p + 1);
            } else if seen == col + 1 {
                to = Some(p);
            }
        };
        let mut end = None;
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::*;
            while end.is_none() && i + 16 <= n {
                // SAFETY: i + 16 <= n, so the unaligned 16-byte load is in bounds; SSE2 is
                // part of the x86_64 baseline.
                let (mut d, lb) = unsafe {
                    let v = _mm_loadu_si128(buf.as_ptr().add(i) as *const __m128i);
                    let d = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(delim as i8)));
                    let lb = _mm_or_si128(
                        _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8)),
                        _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8)),
                    );
                    (d as u32, _mm_movemask_epi8(lb) as u32)
                };
                if lb != 0 {
                    let k = lb.trailing_zeros();
                    d &= (1u32 << k) - 1;
                    end = Some(i + k as usize);
                }
                while d != 0 {
                    at(i + d.trailing_zeros() as usize);
                    d &= d - 1;
                }
                i += 16;
            }
        }
        let end = end.unwrap_or_else(|| {
            while i < n && buf[i] != b'\r' && buf[i] != b'\n' {
                if buf[i] == delim {
                    at(i);
                }
                i += 1;
            }
            i
        });
        rows.push(Row {
            start: start as u32,
            end: end as u32,
            quoted: false,
        });
        let (a, b) = match from {
            Some(a) => (a, to.unwrap_or(end)),
            None => (end, end),
        };
        cells.push((a as u32, b as u32, Memo::hash(&buf[a..b])));
        i = end;
    }
}

/// The first row decides the plan: which column (or key) holds the address, and whether a
/// CSV header is there. On error, the index of the row it is about.
fn plan(ctx: &Ctx, b: &mut Batch) -> Result<(), (usize, io::Error)> {
    let mut fields = Fields::default();
    if ctx.jsonl {
        for (i, r) in b.rows.iter().enumerate() {
            let text = json_text(&b.buf, *r, b.first_line + i as u64);
            let Some(Ok(obj)) = text.map(serde_json::from_slice::<JsonObject>) else {
                continue; // blank or not an object: the worker says so
            };
            let key = json_key(ctx, &obj).map_err(|e| (i, e))?;
            b.notice = Some((i, format!("sightline: screening key {key:?}")));
            let _ = ctx.plan.set(Plan::Jsonl { key });
            return Ok(());
        }
        return Ok(()); // no object yet
    }
    let Some(first) = b.rows.first().copied() else {
        return Ok(());
    };
    fields.parse(&b.buf[first.start as usize..first.end as usize], ctx.delim);
    let cells: Vec<String> = (0..fields.len())
        .map(|i| String::from_utf8_lossy(fields.get(i).unwrap_or(b"")).into_owned())
        .collect();
    let holds_address = cells.iter().any(|c| address::parse(c.trim()).is_ok());
    let is_header = !ctx.no_header && !holds_address;
    let col = match &ctx.column {
        Some(a) => by_arg(a, is_header.then_some(&cells[..])),
        None if is_header => by_header(cells.iter().map(String::as_str)).ok_or_else(|| {
            format!(
                "no column's header says address, wallet, recipient, beneficiary, \
                 to, ... (headers: {}); name it with --column",
                cells.join(", ")
            )
        }),
        None => cells
            .iter()
            .position(|c| address::parse(c.trim()).is_ok())
            .ok_or_else(|| {
                "the first row has no address and no header: name the column with --column"
                    .to_string()
            }),
    }
    .map_err(|e| (0, io::Error::other(e)))?;
    let what = if is_header {
        format!("{:?}", cells.get(col).map_or("", |s| s.as_str()))
    } else {
        "no header row".to_string()
    };
    b.notice = Some((
        0,
        format!("sightline: screening column {} ({what})", col + 1),
    ));
    let mut keys = Vec::new();
    if is_header {
        if ctx.json {
            keys = cells.iter().map(|c| json_key_prefix(c)).collect();
        } else {
            b.pre
                .extend_from_slice(trim_eol(&b.buf[first.start as usize..first.end as usize]));
            for c in COLUMNS {
                b.pre.push(ctx.delim);
                b.pre.extend_from_slice(c.as_bytes());
            }
            b.pre.extend_from_slice(ctx.eol);
        }
        b.rows.remove(0);
    }
    let _ = ctx.plan.set(Plan::Csv { col, keys });
    Ok(())
}

/// `"key":`, the JSON key of a CSV column.
fn json_key_prefix(key: &str) -> Vec<u8> {
    let mut v = serde_json::to_vec(key).unwrap_or_else(|_| b"\"\"".to_vec());
    v.push(b':');
    v
}

type JsonObject = serde_json::Map<String, serde_json::Value>;

/// A JSON line's text, or None when blank (the BOM of line 1 taken off).
fn json_text(buf: &[u8], r: Row, line: u64) -> Option<&[u8]> {
    let mut text = trim_eol(&buf[r.start as usize..r.end as usize]);
    if line == 1 {
        text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
    }
    (!text.iter().all(u8::is_ascii_whitespace)).then_some(text)
}

/// The key of the first JSON object that holds the address.
fn json_key(ctx: &Ctx, obj: &JsonObject) -> io::Result<String> {
    let keys: Vec<String> = obj.keys().cloned().collect();
    Ok(match &ctx.column {
        Some(c) if obj.contains_key(c) => c.clone(),
        Some(c) => {
            let want = norm(c);
            keys.iter()
                .find(|k| norm(k) == want)
                .cloned()
                .ok_or_else(|| {
                    io::Error::other(format!(
                        "--column {c:?}: the first object has no such key (keys: {})",
                        keys.join(", ")
                    ))
                })?
        }
        None => by_header(keys.iter().map(String::as_str))
            .map(|i| keys[i].clone())
            .or_else(|| {
                obj.iter()
                    .find(|(_, v)| v.as_str().is_some_and(|s| address::parse(s.trim()).is_ok()))
                    .map(|(k, _)| k.clone())
            })
            .ok_or_else(|| {
                io::Error::other(format!(
                    "no key of the first object names an address (keys: {}); name it with --column",
                    keys.join(", ")
                ))
            })?,
    })
}

/// A worker: every row of a batch checked and written to its output.
fn work(b: &mut Batch, ctx: &Ctx, memo: &mut Memo, fields: &mut Fields) {
    let Batch {
        buf,
        rows,
        first_line,
        pre,
        out,
        notes,
        tally,
        unsplit,
        ..
    } = b;
    // Set only once a CSV plan is (by the reader, for CSV input).
    let unsplit = unsplit.take();
    out.clear();
    notes.clear();
    *tally = Tally::default();
    out.extend_from_slice(pre);
    match ctx.plan.get() {
        // No key yet: these lines are blank or not JSON objects (said so below).
        None if ctx.jsonl => jsonl_rows(ctx, buf, rows, *first_line, None, memo, out, notes, tally),
        // No CSV row yet (blank lines, or the first row's error).
        None => {}
        Some(Plan::Jsonl { key }) => jsonl_rows(
            ctx,
            buf,
            rows,
            *first_line,
            Some(key),
            memo,
            out,
            notes,
            tally,
        ),
        Some(Plan::Csv { col, keys }) => {
            // The cells of rows without quotes and their hashes first, so that each row's
            // memo entry is fetched a few rows before it is looked up.
            let ahead = &mut memo.ahead;
            ahead.clear();
            if let Some((from, to)) = unsplit {
                plain_rows(&buf[..to], from, ctx.delim, *col, rows, ahead);
            }
            ahead.extend(rows[ahead.len()..].iter().map(|r| {
                if r.quoted {
                    return (0, 0, None);
                }
                let rec = &buf[r.start as usize..r.end as usize];
                let cell = plain_field(rec, ctx.delim, *col);
                // A missing field is a static "", not in `buf`.
                let at = if cell.is_empty() {
                    0
                } else {
                    cell.as_ptr() as usize - buf.as_ptr() as usize
                };
                (at as u32, (at + cell.len()) as u32, Memo::hash(cell))
            }));
            for (i, r) in rows.iter().enumerate() {
                if let Some(&(_, _, Some(h))) = memo.ahead.get(i + PREFETCH) {
                    memo.prefetch(h);
                }
                let rec = &buf[r.start as usize..r.end as usize];
                let (cell, h) = match memo.ahead[i] {
                    (s, e, Some(h)) => (&buf[s as usize..e as usize], Some(h)),
                    _ => {
                        fields.parse(rec, ctx.delim);
                        (fields.get(*col).unwrap_or(b""), None)
                    }
                };
                let h = h.or_else(|| Memo::hash(cell));
                if ctx.json {
                    out.push(b'{');
                    let mut field = |i: usize, v: &[u8]| {
                        if i > 0 {
                            out.push(b',');
                        }
                        match keys.get(i) {
                            Some(k) => out.extend_from_slice(k),
                            None => out.extend_from_slice(&json_key_prefix(&(i + 1).to_string())),
                        }
                        let _ = serde_json::to_writer(&mut *out, &String::from_utf8_lossy(v));
                    };
                    if r.quoted {
                        for i in 0..fields.len() {
                            field(i, fields.get(i).unwrap_or(b""));
                        }
                    } else {
                        for (i, v) in rec.split(|&c| c == ctx.delim).enumerate() {
                            field(i, v);
                        }
                    }
                    out.push(b',');
                    tally.add(memo.put(cell, h, ctx, out));
                    out.push(b'\n');
                } else {
                    out.extend_from_slice(trim_eol(rec));
                    tally.add(memo.put(cell, h, ctx, out));
                    out.extend_from_slice(ctx.eol);
                }
            }
        }
    }
}

/// JSON lines in and out: each line as it was, with the sightline_* fields added last.
#[allow(clippy::too_many_arguments)]
fn jsonl_rows(
    ctx: &Ctx,
    buf: &[u8],
    rows: &[Row],
    first_line: u64,
    key: Option<&str>,
    memo: &mut Memo,
    out: &mut Vec<u8>,
    notes: &mut Vec<(usize, String)>,
    tally: &mut Tally,
) {
    for (i, r) in rows.iter().enumerate() {
        let line = first_line + i as u64;
        let Some(text) = json_text(buf, *r, line) else {
            continue;
        };
        let obj: JsonObject = match serde_json::from_slice(text) {
            Ok(o) => o,
            Err(e) => {
                notes.push((
                    i,
                    format!("sightline: line {line} is not a JSON object ({e}): skipped"),
                ));
                tally.outcome = tally.outcome.and(Outcome::Error);
                continue;
            }
        };
        // The reader sets the key at the first object, before sending it.
        let cell = key
            .and_then(|k| obj.get(k))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        // The line as it was, up to its closing brace, then the new fields.
        let body = trim_ascii_end(text);
        out.extend_from_slice(&body[..body.len() - 1]);
        if !obj.is_empty() {
            out.push(b',');
        }
        tally.add(memo.put(cell.as_bytes(), Memo::hash(cell.as_bytes()), ctx, out));
        out.push(b'\n');
    }
}

/// How a row counts.
#[derive(Clone, Copy)]
struct Counts {
    sanctioned: bool,
    invalid: bool,
}

/// A cell's answer as written: what is appended to its row (CSV: the seven cells, each
/// after a delimiter; JSON: the fields that close the object), and how it counts.
fn answer(cell: &[u8], ctx: &Ctx) -> (Vec<u8>, Counts) {
    let text = String::from_utf8_lossy(cell);
    let r = RowResult::of(text.trim(), &ctx.set, ctx.json);
    let mut tail = Vec::new();
    if ctx.json {
        push_fields(&mut tail, &r.checked(&ctx.set), &ctx.list);
    } else {
        append_csv(&mut tail, &r, ctx.delim, &ctx.list.date);
    }
    let counts = Counts {
        sanctioned: r.sanctioned(),
        invalid: r.parsed.is_err(),
    };
    (tail, counts)
}

/// Answers of cells already seen: exports repeat their counterparties, and a repeated cell
/// costs a hash and a compare instead of a parse, a checksum and formatting. An open-addressed
/// table whose entries hold the cell's bytes themselves and the number of its answer: a hit
/// reads one entry's first cache line (an address fits in it) and an answer among the few
/// distinct ones a CSV export has (hot in L1). Before, a map slot then the cell and answer
/// in an arena: two cache misses per row, the input streaming through the cache between
/// them, 25% of a `screen -j 1` of the bench CSV (`perf`). Cleared when it holds
/// [`MEMO_MAX`] cells, so memory stays bounded; one per worker.
#[derive(Default)]
struct Memo {
    /// A power of two long (or empty), at most half full.
    table: Vec<Entry>,
    /// Cells in `table`.
    cells: usize,
    /// Each distinct answer once (CSV: a handful; JSON repeats the cell, so one per cell).
    tails: Vec<(u32, u32, Counts)>,
    tail_bytes: Vec<u8>,
    /// The index of each answer in `tails`, by its bytes (looked up on a miss only).
    tail_ids: HashMap<Vec<u8>, u32>,
    /// A batch's address cells (`buf[start..end]`) and hashes; None: a quoted row's.
    ahead: Vec<(u32, u32, Option<u64>)>,
}

/// A remembered cell: two cache lines, the first holding the answer's number, the length
/// and up to 59 bytes of the cell (an address of most chains).
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Entry {
    tail: u32,
    /// The cell's length plus one; 0: a free entry.
    used: u8,
    cell: [u8; MEMO_CELL],
}

impl Default for Entry {
    fn default() -> Entry {
        Entry {
            tail: 0,
            used: 0,
            cell: [0; MEMO_CELL],
        }
    }
}

/// How many rows ahead the memo entry is fetched.
const PREFETCH: usize = 8;
/// Distinct cells remembered at most, per worker (the table is then 4 MB).
const MEMO_MAX: usize = 16_384;
/// Longer cells are not remembered (no address is so long: Cardano's, the longest, are
/// about 103 characters).
const MEMO_CELL: usize = 123;

impl Memo {
    /// The hash `put` and `prefetch` take; None: a cell not remembered (too long).
    fn hash(cell: &[u8]) -> Option<u64> {
        (cell.len() <= MEMO_CELL).then(|| xxhash_rust::xxh3::xxh3_64(cell))
    }

    /// Starts loading the entry where the cell of hash `h` lies or would go.
    fn prefetch(&self, h: u64) {
        if let Some(mask) = self.table.len().checked_sub(1) {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: a prefetch is a hint: it never faults, and the address is in bounds.
            unsafe {
                use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                _mm_prefetch::<_MM_HINT_T0>(self.table.as_ptr().add(h as usize & mask).cast());
            }
            #[cfg(not(target_arch = "x86_64"))]
            let _ = mask;
        }
    }

    /// Appends the answer for `cell` (of hash `h`, [`Memo::hash`]) to `out`.
    fn put(&mut self, cell: &[u8], h: Option<u64>, ctx: &Ctx, out: &mut Vec<u8>) -> Counts {
        let Some(h) = h else {
            let (tail, counts) = answer(cell, ctx);
            out.extend_from_slice(&tail);
            return counts;
        };
        if let Some(i) = self.find(h, cell) {
            let e = &self.table[i];
            if e.used != 0 {
                let (at, len, counts) = self.tails[e.tail as usize];
                out.extend_from_slice(&self.tail_bytes[at as usize..(at + len) as usize]);
                return counts;
            }
        }
        let (tail, counts) = answer(cell, ctx);
        out.extend_from_slice(&tail);
        if self.cells >= MEMO_MAX {
            self.table = Vec::new();
            self.cells = 0;
            self.tails.clear();
            self.tail_bytes.clear();
            self.tail_ids.clear();
        }
        if 2 * (self.cells + 1) > self.table.len() {
            self.grow();
        }
        let id = match self.tail_ids.get(&tail) {
            Some(&id) => id,
            None => {
                let id = self.tails.len() as u32;
                let at = self.tail_bytes.len() as u32;
                self.tail_bytes.extend_from_slice(&tail);
                self.tails.push((at, tail.len() as u32, counts));
                self.tail_ids.insert(tail, id);
                id
            }
        };
        let Some(i) = self.find(h, cell) else {
            return counts; // unreachable: the table has free entries
        };
        let e = &mut self.table[i];
        e.tail = id;
        e.used = cell.len() as u8 + 1;
        e.cell[..cell.len()].copy_from_slice(cell);
        self.cells += 1;
        counts
    }

    /// The entry holding `cell`, else the free one where it goes (None: an empty table).
    fn find(&self, h: u64, cell: &[u8]) -> Option<usize> {
        let mask = self.table.len().checked_sub(1)?;
        let mut i = h as usize & mask;
        loop {
            let e = &self.table[i];
            if e.used == 0 || (e.used as usize == cell.len() + 1 && &e.cell[..cell.len()] == cell) {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// Twice the entries (1,024 at first), the cells moved over.
    fn grow(&mut self) {
        let n = (2 * self.table.len()).max(1024);
        let old = std::mem::replace(&mut self.table, vec![Entry::default(); n]);
        for e in old.into_iter().filter(|e| e.used != 0) {
            let cell = &e.cell[..e.used as usize - 1];
            if let Some(i) = self.find(xxhash_rust::xxh3::xxh3_64(cell), cell) {
                self.table[i] = e;
            }
        }
    }
}

/// One row's result, as the appended columns need it.
struct RowResult {
    checked_input: String,
    parsed: Result<Address, address::ParseError>,
    verdict: Option<Verdict>,
}

impl RowResult {
    fn of(cell: &str, set: &LoadedSet, full: bool) -> RowResult {
        let parsed = address::parse(cell);
        let verdict = match &parsed {
            Ok(a) if full || verdict::is_listed(a, set) => Some(verdict::check(a, set)),
            _ => None,
        };
        RowResult {
            checked_input: cell.to_string(),
            parsed,
            verdict,
        }
    }
    fn sanctioned(&self) -> bool {
        self.verdict.as_ref().is_some_and(|v| v.sanctioned)
    }
    fn checked(&self, set: &LoadedSet) -> Checked {
        match (&self.parsed, &self.verdict) {
            (Ok(a), Some(v)) => Checked::of(&self.checked_input, a, v.clone()),
            // Not looked up in full (CSV output): the whole verdict now.
            (Ok(a), None) => Checked::of(&self.checked_input, a, verdict::check(a, set)),
            (Err(e), _) => Checked::invalid(&self.checked_input, e),
        }
    }
}

/// The typed sightline_* fields of a JSON line (and the whole result).
#[derive(Serialize)]
struct JsonCols<'a> {
    sightline_valid: bool,
    sightline_chains: Vec<&'static str>,
    sightline_sanctioned: bool,
    sightline_entity: Vec<&'a str>,
    sightline_sdn_uid: Vec<u32>,
    sightline_programs: Vec<&'a str>,
    sightline_list_date: &'a str,
    sightline: &'a Checked,
}

fn json_cols<'a>(c: &'a Checked, list: &'a ListInfo) -> JsonCols<'a> {
    let mut programs: Vec<&str> = Vec::new();
    for m in &c.matches {
        for p in &m.programs {
            if !programs.contains(&p.as_str()) {
                programs.push(p);
            }
        }
    }
    JsonCols {
        sightline_valid: c.valid,
        sightline_chains: c.chains.clone(),
        sightline_sanctioned: c.sanctioned,
        sightline_entity: c.matches.iter().map(|m| m.name.as_str()).collect(),
        sightline_sdn_uid: c.matches.iter().filter_map(|m| m.sdn_uid).collect(),
        sightline_programs: programs,
        sightline_list_date: &list.date,
        sightline: c,
    }
}

/// `"sightline_valid":...,"sightline":{...}}`: the fields that close a JSON row.
fn push_fields(line: &mut Vec<u8>, c: &Checked, list: &ListInfo) {
    let v = serde_json::to_vec(&json_cols(c, list)).unwrap_or_else(|_| b"{}".to_vec());
    line.extend_from_slice(&v[1..]);
}

/// The seven appended CSV cells, each with its delimiter before it.
fn append_csv(line: &mut Vec<u8>, r: &RowResult, delim: u8, date: &str) {
    let (valid, chains) = match &r.parsed {
        Ok(a) => (
            "true",
            a.chains
                .iter()
                .map(|c| c.id())
                .collect::<Vec<_>>()
                .join(";"),
        ),
        Err(_) => ("false", String::new()),
    };
    let v = r.verdict.as_ref().filter(|v| v.sanctioned);
    let entity = v.map_or(String::new(), |v| {
        v.matches
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    });
    let uids = v.map_or(String::new(), |v| {
        v.matches
            .iter()
            .filter_map(|m| m.sdn_uid.map(|u| u.to_string()))
            .collect::<Vec<_>>()
            .join(";")
    });
    let programs = v.map_or(String::new(), |v| {
        let mut p: Vec<&str> = Vec::new();
        for m in &v.matches {
            for x in &m.programs {
                if !p.contains(&x.as_str()) {
                    p.push(x);
                }
            }
        }
        p.join(";")
    });
    let sanctioned = if r.sanctioned() { "true" } else { "false" };
    for cell in [valid, &chains, sanctioned, &entity, &uids, &programs, date] {
        line.push(delim);
        push_cell(line, cell.as_bytes(), delim);
    }
}

/// A CSV cell, quoted when it holds the delimiter, a quote or a line break.
fn push_cell(line: &mut Vec<u8>, cell: &[u8], delim: u8) {
    if cell
        .iter()
        .any(|&b| b == delim || b == b'"' || b == b'\n' || b == b'\r')
    {
        line.push(b'"');
        for &b in cell {
            if b == b'"' {
                line.push(b'"');
            }
            line.push(b);
        }
        line.push(b'"');
    } else {
        line.extend_from_slice(cell);
    }
}

/// `raw` without the line breaks around it (a CSV record's own bytes).
fn trim_eol(raw: &[u8]) -> &[u8] {
    let start = raw
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(raw.len());
    let end = raw
        .iter()
        .rposition(|&b| b != b'\r' && b != b'\n')
        .map_or(start, |i| i + 1);
    &raw[start..end]
}

fn trim_ascii_end(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &b[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_delimiters() {
        let h = ["Date", "Tx Hash", "To_Address", "Amount"];
        assert_eq!(by_header(h.iter().copied()), Some(2));
        let h = ["id", "Beneficiary", "wallet address"];
        assert_eq!(by_header(h.iter().copied()), Some(2));
        assert_eq!(by_header(["a", "b"].iter().copied()), None);
        assert_eq!(trim_eol(b"\r\na,b\r\n"), b"a,b");
        let mut l = Vec::new();
        push_cell(&mut l, b"TIAN, \"Y\"", b',');
        assert_eq!(l, b"\"TIAN, \"\"Y\"\"\"");
        assert_eq!(plain_field(b"a,bb,,ccc", b',', 1), b"bb");
        assert_eq!(plain_field(b"a,bb,,ccc", b',', 2), b"");
        assert_eq!(plain_field(b"a,bb,,ccc", b',', 3), b"ccc");
        assert_eq!(plain_field(b"a,bb,,ccc", b',', 4), b"");
    }

    /// Each record as the csv crate reads it (has_headers off, flexible, the delimiter):
    /// its own bytes as `screen` wrote them before (from the reader's position, line
    /// endings trimmed) and its fields.
    fn csv_crate_records(input: &[u8], delim: u8) -> Vec<(Vec<u8>, Vec<Vec<u8>>)> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delim)
            .from_reader(input);
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        let mut at = 0usize;
        while rdr.read_byte_record(&mut rec).unwrap() {
            let end = rdr.position().byte() as usize;
            let raw = trim_eol(&input[at..end]).to_vec();
            at = end;
            out.push((raw, rec.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    /// The same through `next_record`, the input handed over in pieces of `step` bytes (as
    /// buffers of a stream: an unfinished record starts the next piece), and the fields
    /// through `Fields` or, without quotes, `plain_field`.
    fn our_records(input: &[u8], delim: u8, step: usize) -> Vec<(Vec<u8>, Vec<Vec<u8>>)> {
        let mut out = Vec::new();
        let (mut from, mut upto) = (0usize, step.min(input.len()));
        let mut fields = Fields::default();
        loop {
            let eof = upto == input.len();
            let mut rows = Vec::new();
            let rest = split_records(&input[from..upto], delim, eof, &mut rows);
            for r in rows {
                let rec = &input[from + r.start as usize..from + r.end as usize];
                fields.parse(rec, delim);
                let got: Vec<Vec<u8>> = (0..fields.len())
                    .map(|i| fields.get(i).unwrap().to_vec())
                    .collect();
                if !r.quoted {
                    for (i, f) in got.iter().enumerate() {
                        assert_eq!(plain_field(rec, delim, i), &f[..]);
                    }
                }
                out.push((trim_eol(rec).to_vec(), got));
            }
            if eof {
                return out;
            }
            from += rest;
            upto = (upto + step).min(input.len()).max(from);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Records (where they start and end, their bytes, their fields) are cut exactly
        /// as the csv crate cuts them, whatever the quotes, line breaks and pieces.
        #[test]
        fn records_split_as_the_csv_crate_does(
            input in proptest::collection::vec(proptest::sample::select(
                b"ab,;\"\"\r\n\n \xc3".to_vec()), 0..120),
            step in 1usize..40,
            semicolon in proptest::bool::ANY,
        ) {
            let delim = if semicolon { b';' } else { b',' };
            let want = csv_crate_records(&input, delim);
            proptest::prop_assert_eq!(our_records(&input, delim, step), want.clone());
            proptest::prop_assert_eq!(our_records(&input, delim, input.len().max(1)), want);
            // Without quotes, up to the last line break (as the reader hands such buffers
            // over): one pass gives the same records and fields.
            let cut = input.iter().rposition(|&b| b == b'\r' || b == b'\n').map_or(0, |i| i + 1);
            let plain: Vec<u8> = input[..cut].iter().map(|&b| if b == b'"' { b'a' } else { b }).collect();
            let mut rows = Vec::new();
            split_records(&plain, delim, false, &mut rows);
            for col in 0..4 {
                let (mut got_rows, mut cells) = (Vec::new(), Vec::new());
                plain_rows(&plain, 0, delim, col, &mut got_rows, &mut cells);
                proptest::prop_assert_eq!(&got_rows, &rows);
                for (r, &(a, b, h)) in rows.iter().zip(&cells) {
                    let want = plain_field(&plain[r.start as usize..r.end as usize], delim, col);
                    proptest::prop_assert_eq!(&plain[a as usize..b as usize], want);
                    proptest::prop_assert_eq!(h, Memo::hash(want));
                }
            }
        }
    }
}
