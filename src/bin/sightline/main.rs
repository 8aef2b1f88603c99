//! The `sightline` command line: `check` addresses, `scan` text and HTML for addresses,
//! and `list` (build, sign, verify, show, diff the sanctions set).
//!
//! Exit codes: 0 nothing sanctioned, 1 something sanctioned, 2 usage or read errors.
mod check;
mod common;
mod html;
mod list;
mod scan;

use clap::{Parser, Subcommand};

/// Spots crypto addresses and checks them against a signed OFAC SDN sanctions set.
#[derive(Parser, Debug)]
#[command(name = "sightline", version, about, long_about = None)]
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
    // clap exits with 2 on usage errors and 0 for --help/--version.
    let cli = Cli::parse();
    let outcome = match cli.cmd {
        Cmd::Check(a) => check::run(a),
        Cmd::Scan(a) => scan::run(a),
        Cmd::List(a) => return list::run(a),
    };
    outcome.exit()
}
