//! `sightline check [--json] [--list <bundle>] ADDRESS...` (`-` reads one per line from stdin).
//!
//! Exit status: 0 all clean, 1 a sanctioned hit, 2 a read error or no input at all (an empty
//! export must not "pass"), 3 nothing sanctioned but some input is not a valid address.
use crate::common::{self, Out, Outcome};
use serde_json::{json, Value};
use sightline::address;
use sightline::list::LoadedSet;
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
    /// Addresses to check; `-` reads one address per line from stdin.
    #[arg(required = true, value_name = "ADDRESS")]
    pub addresses: Vec<String>,
}

/// Longest stdin line read as one input; a longer one (`check - < /dev/zero`) is reported
/// as not an address and skipped to its end in bounded memory.
const MAX_LINE: usize = 64 * 1024;

pub fn run(args: CheckArgs) -> Outcome {
    let Some(set) = common::load_set_or_report(args.list.as_deref()) else {
        return Outcome::Error;
    };
    common::warn_if_stale(&set);
    let mut out = Out::new();
    let mut outcome = Outcome::Clean;
    let mut inputs = 0usize;
    for input in &args.addresses {
        if input == "-" {
            let stdin = io::stdin();
            let mut lock = stdin.lock();
            let mut line = Vec::new();
            let mut lineno = 0usize;
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
                    let msg =
                        format!("line {lineno} is longer than {MAX_LINE} bytes: not an address");
                    if args.json {
                        out.json(&json!({"input": Value::Null, "line": lineno, "valid": false, "error": msg, "sanctioned": false}));
                    } else {
                        out.line(&format!("invalid     (stdin line {lineno})  {msg}"));
                    }
                    outcome = outcome.and(Outcome::Invalid);
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
                outcome = outcome.and(check_one(t, &set, args.json, &mut out));
                if out.closed {
                    break;
                }
            }
        } else {
            inputs += 1;
            outcome = outcome.and(check_one(input, &set, args.json, &mut out));
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

fn check_one(input: &str, set: &LoadedSet, json: bool, out: &mut Out) -> Outcome {
    match address::parse(input) {
        Ok(a) => {
            let v = common::check(&a, set);
            if json {
                out.json(&json!({
                    "input": input,
                    "valid": true,
                    "chains": common::chains_json(&a),
                    "canonical": a.canonical,
                    "kind": a.kind.label(),
                    "candidate_only": a.candidate_only,
                    "error": Value::Null,
                    "sanctioned": v.sanctioned,
                    "matches": common::matches_json(&v),
                    "token_account_of": v.token_account_of,
                    "list": common::list_json(set),
                }));
            } else if v.sanctioned {
                let of = v.token_account_of.as_ref().map_or(String::new(), |o| {
                    format!("  token account of {} for {}", o.owner, o.token)
                });
                out.line(&format!(
                    "SANCTIONED  {input}  {}{of}\n  {}",
                    common::describe_address(&a),
                    common::describe_matches(&v)
                ));
            } else {
                let canon = if a.canonical != input {
                    format!("  canonical {}", a.canonical)
                } else {
                    String::new()
                };
                out.line(&format!(
                    "ok          {input}  {}{canon}  not on the {}",
                    common::describe_address(&a),
                    common::list_name(set)
                ));
            }
            if v.sanctioned {
                Outcome::Sanctioned
            } else {
                Outcome::Clean
            }
        }
        Err(e) => {
            if json {
                out.json(&json!({
                    "input": input,
                    "valid": false,
                    "chains": [],
                    "canonical": Value::Null,
                    "kind": Value::Null,
                    "candidate_only": false,
                    "error": e.to_string(),
                    "sanctioned": false,
                    "matches": [],
                }));
            } else {
                out.line(&format!("invalid     {input}  {e}"));
            }
            Outcome::Invalid
        }
    }
}
