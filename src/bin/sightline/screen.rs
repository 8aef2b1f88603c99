//! `sightline screen FILE`: an export (CSV, TSV or JSON lines) in, every row out unchanged
//! with the result of checking its address column appended:
//! `sightline_valid, sightline_chains, sightline_sanctioned, sightline_entity,
//! sightline_sdn_uid, sightline_programs, sightline_list_date`.
//!
//! Streaming: one row at a time, so memory is bounded by the longest row (at most
//! [`MAX_ROW`] bytes; a longer one is a read error). CSV rows are copied byte for byte from
//! the input (quotes, BOM and all; only the line ending is the file's first one), so
//! `cut`-ting the new columns off gives the input back.
use crate::common::{self, ListInfo, Outcome};
use serde::Serialize;
use sightline::address::{self, Address};
use sightline::list::LoadedSet;
use sightline::verdict::{self, Checked, Verdict};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::rc::Rc;

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
    let (input, size): (Box<dyn Read>, Option<u64>) = if args.file.as_os_str() == "-" {
        (Box::new(io::stdin()), None)
    } else {
        match File::open(&args.file) {
            Ok(f) => {
                let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
                (Box::new(f), size)
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
    let mut s = Screen {
        set: &set,
        list: ListInfo::of(&set),
        out: BufWriter::with_capacity(256 * 1024, out),
        closed: false,
        outcome: Outcome::Clean,
        rows: 0,
        sanctioned: 0,
        invalid: 0,
        progress,
        memo: HashMap::new(),
    };
    let mut input = Tee::new(input);
    let head = match input.peek(64 * 1024) {
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
    let result = if jsonl {
        s.jsonl(input, &args)
    } else {
        let delim = match delimiter(&args, &head) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("sightline: {e}");
                return Outcome::Error;
            }
        };
        s.csv(input, delim, line_ending(&head), &args)
    };
    if let Some(pb) = &s.progress {
        pb.finish_and_clear();
    }
    if !s.closed && s.out.flush().is_err() {
        s.closed = true;
    }
    let mut outcome = s.outcome;
    if let Err(e) = result {
        eprintln!("sightline: {name}: {e}");
        outcome = outcome.and(Outcome::Error);
    } else if s.rows == 0 {
        eprintln!("sightline: {name}: no rows: nothing was screened");
        outcome = outcome.and(Outcome::Error);
    }
    if !s.closed {
        eprintln!(
            "sightline: screened {}: {} sanctioned, {} not a valid address; checked against the {}",
            common::count(s.rows, "row", "rows"),
            s.sanctioned,
            s.invalid,
            common::list_name(&set)
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
            s if s.len() == 1 && s.is_ascii() && s != "\"" => Ok(s.as_bytes()[0]),
            s => Err(format!(
                "--delimiter {s:?}: give one ASCII character (not a quote) or \"tab\""
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

/// Reads through to its inner reader and keeps what it read, so a parsed row can be written
/// out as it was. Shared with the CSV reader that owns it.
struct Tee {
    inner: Box<dyn Read>,
    /// Bytes peeked before the CSV reader started (served first).
    head: Vec<u8>,
    head_pos: usize,
    kept: Rc<RefCell<Kept>>,
}

/// What a [`Tee`] read and nobody consumed yet: `buf[at..]` starts at input offset `base + at`.
#[derive(Default)]
struct Kept {
    buf: Vec<u8>,
    at: usize,
    base: u64,
}

impl Kept {
    /// The bytes from the last consumed offset to input offset `end`, now consumed.
    fn take(&mut self, end: u64) -> &[u8] {
        let from = self.at;
        let to = ((end - self.base) as usize).clamp(from, self.buf.len());
        self.at = to;
        &self.buf[from..to]
    }
    /// Drops consumed bytes once they are most of the buffer (amortized, not per row).
    fn compact(&mut self) {
        if self.at > 1 << 20 && self.at * 2 > self.buf.len() {
            self.buf.drain(..self.at);
            self.base += self.at as u64;
            self.at = 0;
        }
    }
}

impl Tee {
    fn new(inner: Box<dyn Read>) -> Tee {
        Tee {
            inner,
            head: Vec::new(),
            head_pos: 0,
            kept: Rc::new(RefCell::new(Kept::default())),
        }
    }
    /// Up to `n` first bytes, without consuming them.
    fn peek(&mut self, n: usize) -> io::Result<Vec<u8>> {
        let mut head = vec![0u8; n];
        let mut got = 0;
        while got < n {
            match self.inner.read(&mut head[got..]) {
                Ok(0) => break,
                Ok(k) => got += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        head.truncate(got);
        self.head = head.clone();
        Ok(head)
    }
}

impl Read for Tee {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = if self.head_pos < self.head.len() {
            let n = buf.len().min(self.head.len() - self.head_pos);
            buf[..n].copy_from_slice(&self.head[self.head_pos..self.head_pos + n]);
            self.head_pos += n;
            n
        } else {
            self.inner.read(buf)?
        };
        let mut k = self.kept.borrow_mut();
        if k.buf.len() - k.at + n > MAX_ROW + 64 * 1024 {
            return Err(io::Error::other(format!(
                "a row longer than {} MiB",
                MAX_ROW >> 20
            )));
        }
        k.buf.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// One row's result, as the appended columns need it.
#[derive(Clone)]
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

struct Screen<'a> {
    set: &'a LoadedSet,
    list: ListInfo,
    out: BufWriter<Box<dyn Write>>,
    closed: bool,
    outcome: Outcome,
    rows: u64,
    sanctioned: u64,
    invalid: u64,
    progress: Option<indicatif::ProgressBar>,
    /// Results of cells already seen, by their text: exports repeat their counterparties,
    /// and a repeated address costs a lookup here instead of a parse and checksum. Cleared
    /// when it holds MEMO_MAX cells (memory stays bounded).
    memo: HashMap<String, RowResult>,
}

/// Distinct cells remembered at most (a few MB).
const MEMO_MAX: usize = 16_384;

impl Screen<'_> {
    /// The result of `cell`, from the memo when the same text was seen.
    fn result(&mut self, cell: &str, full: bool) -> RowResult {
        if let Some(r) = self.memo.get(cell) {
            return r.clone();
        }
        let r = RowResult::of(cell, self.set, full);
        if self.memo.len() >= MEMO_MAX {
            self.memo.clear();
        }
        self.memo.insert(cell.to_string(), r.clone());
        r
    }

    fn write(&mut self, bytes: &[u8]) {
        if !self.closed && self.out.write_all(bytes).is_err() {
            self.closed = true;
        }
    }

    fn count(&mut self, r: &RowResult, at: u64) {
        self.rows += 1;
        if r.sanctioned() {
            self.sanctioned += 1;
            self.outcome = Outcome::Sanctioned;
        } else if r.parsed.is_err() {
            self.invalid += 1;
            self.outcome = self.outcome.and(Outcome::Invalid);
        }
        if self.rows % 4096 == 0 {
            if let Some(pb) = &self.progress {
                pb.set_position(at);
            }
        }
    }

    /// CSV or TSV in; CSV out (or JSON lines with --json).
    fn csv(
        &mut self,
        input: Tee,
        delim: u8,
        eol: &'static [u8],
        args: &ScreenArgs,
    ) -> io::Result<()> {
        let kept = input.kept.clone();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delim)
            .buffer_capacity(64 * 1024)
            .from_reader(input);
        let mut rec = csv::ByteRecord::new();
        let mut first = true;
        let mut col = 0usize;
        let mut headers: Option<Vec<String>> = None;
        let mut line = Vec::with_capacity(1024);
        let mut cell_buf = Vec::new();
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(csv_error(e)),
            }
            let end = rdr.position().byte();
            let mut k = kept.borrow_mut();
            let raw = trim_eol(k.take(end));
            if first {
                first = false;
                let cells: Vec<String> = rec
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect();
                let holds_address = cells.iter().any(|c| address::parse(c.trim()).is_ok());
                let is_header = !args.no_header && !holds_address;
                col = match &args.column {
                    Some(a) => by_arg(a, is_header.then_some(&cells[..])).map_err(io::Error::other)?,
                    None if is_header => by_header(cells.iter().map(String::as_str))
                        .ok_or_else(|| {
                            io::Error::other(format!(
                                "no column's header says address, wallet, recipient, beneficiary, \
                                 to, ... (headers: {}); name it with --column",
                                cells.join(", ")
                            ))
                        })?,
                    None => cells
                        .iter()
                        .position(|c| address::parse(c.trim()).is_ok())
                        .ok_or_else(|| {
                            io::Error::other(
                                "the first row has no address and no header: name the column with --column",
                            )
                        })?,
                };
                let what = if is_header {
                    format!("{:?}", cells.get(col).map_or("", |s| s.as_str()))
                } else {
                    "no header row".to_string()
                };
                eprintln!("sightline: screening column {} ({what})", col + 1);
                if is_header {
                    if args.json {
                        headers = Some(cells);
                    } else {
                        line.clear();
                        line.extend_from_slice(raw);
                        for c in COLUMNS {
                            line.push(delim);
                            line.extend_from_slice(c.as_bytes());
                        }
                        line.extend_from_slice(eol);
                        drop(k);
                        self.write(&line);
                        if self.closed {
                            return Ok(());
                        }
                    }
                    continue;
                }
            }
            let cell = rec.get(col).unwrap_or(b"");
            cell_buf.clear();
            cell_buf.extend_from_slice(cell);
            let text = String::from_utf8_lossy(&cell_buf);
            let r = self.result(text.trim(), args.json);
            line.clear();
            if args.json {
                line.push(b'{');
                for (i, v) in rec.iter().enumerate() {
                    if i > 0 {
                        line.push(b',');
                    }
                    let key = headers
                        .as_ref()
                        .and_then(|h| h.get(i).cloned())
                        .unwrap_or_else(|| (i + 1).to_string());
                    let _ = serde_json::to_writer(&mut line, &key);
                    line.push(b':');
                    let _ = serde_json::to_writer(&mut line, &String::from_utf8_lossy(v));
                }
                if !rec.is_empty() {
                    line.push(b',');
                }
                push_fields(&mut line, &r.checked(self.set), &self.list);
                line.push(b'\n');
            } else {
                line.extend_from_slice(raw);
                append_csv(&mut line, &r, delim, &self.list.date);
                line.extend_from_slice(eol);
            }
            k.compact();
            drop(k);
            self.count(&r, end);
            self.write(&line);
            if self.closed {
                return Ok(());
            }
        }
        Ok(())
    }

    /// JSON lines in and out: each line as it was, with the sightline_* fields added last.
    fn jsonl(&mut self, input: Tee, args: &ScreenArgs) -> io::Result<()> {
        let mut r = BufReader::with_capacity(256 * 1024, input);
        let mut buf = Vec::with_capacity(4096);
        let mut key: Option<String> = None;
        let mut lineno = 0u64;
        let mut at = 0u64;
        loop {
            buf.clear();
            let n = (&mut r)
                .take(MAX_ROW as u64 + 1)
                .read_until(b'\n', &mut buf)?;
            if n == 0 {
                break;
            }
            at += n as u64;
            lineno += 1;
            if buf.len() > MAX_ROW {
                return Err(io::Error::other(format!(
                    "line {lineno} is longer than {} MiB",
                    MAX_ROW >> 20
                )));
            }
            {
                // Only the read-ahead matters here: the rows come from `buf`.
                let mut k = r.get_ref().kept.borrow_mut();
                let end = k.base + k.buf.len() as u64;
                k.take(end);
                k.compact();
            }
            let mut text = trim_eol(&buf);
            if lineno == 1 {
                text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
            }
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let obj: serde_json::Map<String, serde_json::Value> = match serde_json::from_slice(text)
            {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("sightline: line {lineno} is not a JSON object ({e}): skipped");
                    self.outcome = self.outcome.and(Outcome::Error);
                    continue;
                }
            };
            if key.is_none() {
                let keys: Vec<String> = obj.keys().cloned().collect();
                let k = match &args.column {
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
                };
                eprintln!("sightline: screening key {k:?}");
                key = Some(k);
            }
            let cell = key
                .as_ref()
                .and_then(|k| obj.get(k))
                .and_then(|v| v.as_str())
                .unwrap_or("");
            let r = self.result(cell.trim(), true);
            // The line as it was, up to its closing brace, then the new fields.
            let body = trim_ascii_end(text);
            let mut line = Vec::with_capacity(body.len() + 512);
            line.extend_from_slice(&body[..body.len() - 1]);
            if !obj.is_empty() {
                line.push(b',');
            }
            push_fields(&mut line, &r.checked(self.set), &self.list);
            line.push(b'\n');
            self.count(&r, at);
            self.write(&line);
            if self.closed {
                return Ok(());
            }
        }
        Ok(())
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

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        k => io::Error::other(format!("{k:?}")),
    }
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
    }
}
