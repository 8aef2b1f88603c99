//! The `sightline` command line: `check` addresses, `scan` text and HTML for addresses,
//! and `list` (build, sign, verify, show, diff the sanctions set).
//!
//! Exit codes (every command): 0 nothing sanctioned and every input understood; 1 at least
//! one sanctioned hit (wins over the rest); 2 usage or read error, or no input at all; 3
//! nothing sanctioned but at least one input is not a valid address.
mod check;
mod common;
mod feed;
mod html;
mod list;
mod list_view;
mod scan;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

const EXIT_CODES: &str = "Exit status: 0 nothing sanctioned and every input understood; \
1 at least one sanctioned hit (wins over the rest); 2 usage or read error, or no input at all; \
3 nothing sanctioned but at least one input is not a valid address.";

/// Spots crypto addresses and checks them against a signed OFAC SDN sanctions set.
#[derive(Parser, Debug)]
#[command(name = "sightline", version, about, long_about = None, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Validate addresses and check them against the sanctions set.
    Check(check::CheckArgs),
    /// Find every address in text or HTML files (or stdin) and check each one.
    Scan(scan::ScanArgs),
    /// Build, sign, verify, show, diff and publish sanctions-set bundles.
    List(list::ListArgs),
}

fn main() -> std::process::ExitCode {
    // clap exits with 2 on usage errors and 0 for --help/--version. --version names the
    // list built in: which data a clean result rests on.
    // (Leaked once per process: clap wants a 'static str.)
    let version: &'static str = Box::leak(version_text().into_boxed_str());
    let matches = Cli::command().version(version).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let outcome = match cli.cmd {
        Cmd::Check(a) => check::run(a),
        Cmd::Scan(a) => scan::run(a),
        Cmd::List(a) => return list::run(a),
    };
    outcome.exit()
}

/// "0.1.0 (built-in list: OFAC SDN list of 2026-08-20, sequence 7, 958 addresses)".
fn version_text() -> String {
    let v = env!("CARGO_PKG_VERSION");
    match sightline::list::LoadedSet::try_bundled() {
        Ok(set) => {
            let h = set.header();
            format!(
                "{v} (built-in list: {} of {}, sequence {}, {} entries)",
                h.source, h.source_date, h.sequence, h.entry_count
            )
        }
        Err(e) => format!("{v} (the built-in list does not load: {e})"),
    }
}
