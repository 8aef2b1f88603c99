//! `sightline check [--json] [--list <bundle>] ADDRESS...` (`-` reads one per line from stdin).
use crate::common::{self, Out, Outcome};
use serde_json::{json, Value};
use sightline::address;
use sightline::list::LoadedSet;
use std::io::{self, BufRead};
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

pub fn run(args: CheckArgs) -> Outcome {
    let Some(set) = common::load_set_or_report(args.list.as_deref()) else {
        return Outcome::Error;
    };
    let mut out = Out::new();
    let mut outcome = Outcome::Clean;
    for input in &args.addresses {
        if input == "-" {
            let stdin = io::stdin();
            let mut lock = stdin.lock();
            let mut line = Vec::new();
            let mut lineno = 0usize;
            let mut warned = false;
            loop {
                line.clear();
                match lock.read_until(b'\n', &mut line) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => {
                        eprintln!("sightline: cannot read stdin: {e}");
                        outcome = Outcome::Error;
                        break;
                    }
                }
                lineno += 1;
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
                outcome = outcome.max(check_one(t, &set, args.json, &mut out));
                if out.closed {
                    break;
                }
            }
        } else {
            outcome = outcome.max(check_one(input, &set, args.json, &mut out));
        }
        if out.closed {
            break;
        }
    }
    out.flush();
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
                }));
            } else if v.sanctioned {
                out.line(&format!(
                    "SANCTIONED  {input}  {}\n  {}",
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
                    "ok          {input}  {}{canon}  not on the list",
                    common::describe_address(&a)
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
            Outcome::Clean
        }
    }
}
