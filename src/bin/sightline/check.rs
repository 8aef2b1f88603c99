//! `sightline check [--json] [--list <bundle>] ADDRESS...` (`-` reads one per line from stdin).
//!
//! Exit status: 0 all clean, 1 a sanctioned hit, 2 a read error or no input at all (an empty
//! export must not "pass"), 3 nothing sanctioned but some input is not a valid address.
use crate::common::{self, ColorChoice, ListInfo, Out, Outcome, Paint};
use serde::Serialize;
use sightline::list::LoadedSet;
use sightline::shortened::{self, Candidate};
use sightline::verdict::Checked;
use std::io::{self, BufRead, Read};
use std::path::PathBuf;

/// Arguments of `sightline check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// One JSON object per line per input instead of the human form.
    #[arg(long)]
    pub json: bool,
    /// Check against this signed bundle (verified against the pinned publisher key)
    /// instead of the set built into this binary.
    #[arg(long, value_name = "BUNDLE")]
    pub list: Option<PathBuf>,
    /// When to colour the output: auto (stdout is a terminal and NO_COLOR is unset),
    /// always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Addresses to check; `-` reads one address per line from stdin.
    #[arg(required = true, value_name = "ADDRESS")]
    pub addresses: Vec<String>,
}

/// A stdin line longer than [`MAX_LINE`]: its first characters as `input`, `too-long`.
fn too_long(line: &[u8], lineno: u64) -> Checked {
    let head = String::from_utf8_lossy(&line[..line.len().min(64)]);
    let mut c = Checked::invalid(
        &format!("{}...", head.trim_start()),
        &sightline::address::ParseError::TooLong,
    );
    c.error = Some(format!(
        "line {lineno} is longer than {MAX_LINE} bytes: not an address"
    ));
    c
}

/// Longest stdin line read as one input; a longer one (`check - < /dev/zero`) is reported
/// as not an address and skipped to its end in bounded memory.
const MAX_LINE: usize = 64 * 1024;

pub fn run(args: CheckArgs) -> Outcome {
    let Some(set) = common::load_set_or_report(args.list.as_deref()) else {
        return Outcome::Error;
    };
    common::warn_if_stale(&set);
    let ctx = Ctx {
        short: std::cell::OnceCell::new(),
        set: &set,
        list: ListInfo::of(&set),
        list_name: common::list_name(&set),
        json: args.json,
        paint: Paint {
            on: !args.json && args.color.on_stdout(),
        },
    };
    let mut out = Out::new();
    let mut outcome = Outcome::Clean;
    let mut inputs = 0usize;
    for input in &args.addresses {
        if input == "-" {
            let stdin = io::stdin();
            let mut lock = stdin.lock();
            let mut line = Vec::new();
            let mut lineno = 0u64;
            let mut warned = false;
            loop {
                line.clear();
                match (&mut lock)
                    .take(MAX_LINE as u64 + 1)
                    .read_until(b'\n', &mut line)
                {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => {
                        eprintln!("sightline: cannot read stdin: {e}");
                        outcome = outcome.and(Outcome::Error);
                        break;
                    }
                }
                lineno += 1;
                if line.len() > MAX_LINE && line.last() != Some(&b'\n') {
                    // Skip the rest of the line without keeping it.
                    loop {
                        match lock.fill_buf() {
                            Ok([]) | Err(_) => break,
                            Ok(buf) => {
                                let (n, end) = match buf.iter().position(|b| *b == b'\n') {
                                    Some(i) => (i + 1, true),
                                    None => (buf.len(), false),
                                };
                                lock.consume(n);
                                if end {
                                    break;
                                }
                            }
                        }
                    }
                    inputs += 1;
                    let c = too_long(&line, lineno);
                    outcome = outcome.and(report(&c, Some(lineno), &ctx, &mut out));
                    continue;
                }
                let text = match std::str::from_utf8(&line) {
                    Ok(s) => std::borrow::Cow::Borrowed(s),
                    Err(_) => {
                        if !warned {
                            eprintln!(
                                "sightline: warning: stdin line {lineno}: invalid UTF-8, read lossily"
                            );
                            warned = true;
                        }
                        String::from_utf8_lossy(&line)
                    }
                };
                let t = text.trim();
                if t.is_empty() {
                    continue;
                }
                inputs += 1;
                outcome = outcome.and(check_one(t, Some(lineno), &ctx, &mut out));
                if out.closed {
                    break;
                }
            }
        } else {
            inputs += 1;
            outcome = outcome.and(check_one(input, None, &ctx, &mut out));
        }
        if out.closed {
            break;
        }
    }
    out.flush();
    if inputs == 0 {
        eprintln!("sightline: no input: nothing was checked");
        return outcome.and(Outcome::Error);
    }
    outcome
}

/// One `check --json` line: the shared result, the stdin line it came from, and the list
/// it was checked against (docs/cli.md).
#[derive(Serialize)]
struct CheckLine<'a> {
    #[serde(flatten)]
    checked: &'a Checked,
    /// 1-based line of stdin (`check -`); absent for an argument.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    list: &'a ListInfo,
    /// A shortened address ("0x098B...2f96") whose ends match listed ones: a possible hit.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    possible: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    candidates: &'a [Candidate],
}

/// Checks one input and prints its result; `line` is its stdin line, if any.
fn check_one(input: &str, line: Option<u64>, ctx: &Ctx<'_>, out: &mut Out) -> Outcome {
    let c = Checked::parse(input, ctx.set);
    if !c.valid {
        // Not an address: maybe a shortened display of a listed one.
        let trimmed = input.trim();
        if let Some(s) = shortened::find(trimmed)
            .into_iter()
            .find(|s| s.start == 0 && s.end == trimmed.len())
        {
            let candidates = ctx.short().candidates(&s);
            if !candidates.is_empty() {
                return report_possible(&c, &candidates, line, ctx, out);
            }
        }
    }
    report(&c, line, ctx, out)
}

/// A possible hit: the shortened input and the listed addresses it could be. Counts as a
/// hit for the exit status (1): the user must check the full address.
fn report_possible(
    c: &Checked,
    candidates: &[Candidate],
    line: Option<u64>,
    ctx: &Ctx<'_>,
    out: &mut Out,
) -> Outcome {
    let p = ctx.paint;
    if ctx.json {
        json_line(c, line, candidates, ctx, out);
    } else {
        out.write_fmt(format_args!(
            "{}POSSIBLE{}    {}  {}\n",
            p.on(Paint::HIT),
            p.off(),
            c.input,
            common::PossibleNote(candidates),
        ));
    }
    Outcome::Sanctioned
}

/// What every result of a `check` run needs: the set, its description, the output form.
struct Ctx<'a> {
    set: &'a LoadedSet,
    /// The listed addresses by their ends, built on the first shortened input.
    short: std::cell::OnceCell<shortened::ShortIndex>,
    list: ListInfo,
    list_name: String,
    json: bool,
    paint: Paint,
}

impl Ctx<'_> {
    fn short(&self) -> &shortened::ShortIndex {
        self.short
            .get_or_init(|| shortened::ShortIndex::build(self.set))
    }
}

/// The JSON line of one result; `candidates` non-empty for a possible hit.
fn json_line(
    c: &Checked,
    line: Option<u64>,
    candidates: &[Candidate],
    ctx: &Ctx<'_>,
    out: &mut Out,
) {
    out.serialize(&CheckLine {
        checked: c,
        line,
        list: &ctx.list,
        possible: !candidates.is_empty(),
        candidates,
    });
}

fn report(c: &Checked, line: Option<u64>, ctx: &Ctx<'_>, out: &mut Out) -> Outcome {
    let p = ctx.paint;
    if ctx.json {
        json_line(c, line, &[], ctx, out);
    } else if !c.valid {
        let at = line.map_or(String::new(), |n| format!("  (stdin line {n})"));
        out.write_fmt(format_args!(
            "{}invalid{}     {}{at}  {}\n",
            p.on(Paint::WARN),
            p.off(),
            c.input,
            c.error.as_deref().unwrap_or("not an address")
        ));
    } else {
        // Valid: the parse succeeded, so describe it from a second (cheap) parse.
        let note = sightline::address::parse(&c.input)
            .map(|a| common::AddressNote(&a).to_string())
            .unwrap_or_default();
        let shown = c.display.as_deref().unwrap_or(&c.input);
        let also = if shown != c.input {
            format!("  written {shown}")
        } else {
            String::new()
        };
        if c.sanctioned {
            out.write_fmt(format_args!(
                "{}SANCTIONED{}  {}{}{}  {note}  {}{}{}\n",
                p.on(Paint::HIT),
                p.off(),
                p.on(Paint::HIT),
                c.input,
                p.off(),
                p.on(Paint::BOLD),
                common::Entities::of_checked(c),
                p.off(),
            ));
        } else if let Some(d) = c.delisted.first() {
            // Formerly listed: said as such, never as sanctioned (exit status 0).
            let when = match (&d.listed_until, &d.removed) {
                (Some(u), Some(r)) => format!(" until {u}, removed {r}"),
                (None, Some(r)) => format!(", removed {r}"),
                _ => String::new(),
            };
            out.write_fmt(format_args!(
                "{}DELISTED{}    {}  {note}{also}  formerly on the {} ({}; {}){when}; not on it now\n",
                p.on(Paint::WARN),
                p.off(),
                c.input,
                d.source,
                d.name,
                d.programs.join(", "),
            ));
        } else {
            out.write_fmt(format_args!(
                "{}ok{}          {}  {note}{also}  not on the {}\n",
                p.on(Paint::OK),
                p.off(),
                c.input,
                ctx.list_name
            ));
        }
    }
    if c.sanctioned {
        Outcome::Sanctioned
    } else if c.valid {
        Outcome::Clean
    } else {
        Outcome::Invalid
    }
}
