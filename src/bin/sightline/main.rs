//! The `sightline` command line: `check` addresses, `scan` text and HTML for addresses,
//! `screen` exports (CSV, TSV, JSON lines), `list` (build, sign, verify, show, diff the
//! sanctions set), and `completions` and `man` generated from these definitions.
//! docs/cli.md is the reference; docs/cli.schema.json the JSON every command writes.
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
mod listed;
mod scan;
mod screen;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

const EXIT_CODES: &str = "Exit status: 0 nothing sanctioned and every input understood; \
1 at least one sanctioned hit (wins over the rest); 2 usage or read error, or no input at all; \
3 nothing sanctioned but at least one input is not a valid address (check, screen).";

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
    #[command(after_help = EXIT_CODES)]
    Check(check::CheckArgs),
    /// Find every address in text or HTML files (or stdin), check each one, and print the
    /// sanctioned ones (every one with --all) as path:line:column: ADDRESS  chains  ENTITY,
    /// and shortened addresses (0x098B71...3E2f96) whose ends match a listed one as
    /// POSSIBLE: a possible hit counts as a hit for the exit status (1).
    #[command(after_help = EXIT_CODES)]
    Scan(scan::ScanArgs),
    /// Screen an export (CSV, TSV or JSON lines): every row out unchanged plus the
    /// sightline_* columns for its address column.
    #[command(after_help = EXIT_CODES)]
    Screen(screen::ScreenArgs),
    /// Build, sign, verify, show, diff and publish sanctions-set bundles.
    List(list::ListArgs),
    /// Print a shell completion script (e.g. `sightline completions bash >
    /// /etc/bash_completion.d/sightline`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into a directory.
    Man {
        /// Write sightline.1, sightline-check.1, ... into this directory instead.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<std::path::PathBuf>,
    },
}

fn main() -> std::process::ExitCode {
    // clap exits with 2 on usage errors and 0 for --help/--version. --version names the
    // list built in: which data a clean result rests on. Making that text loads the list,
    // which the command loads again: only done when it is printed (-V, --version, man).
    // (Leaked once per process: clap wants a 'static str.)
    let asked = std::env::args_os()
        .skip(1)
        .any(|a| a == "-V" || a == "--version" || a == "man");
    let version: &'static str = if asked {
        Box::leak(version_text().into_boxed_str())
    } else {
        env!("CARGO_PKG_VERSION")
    };
    let matches = command(version).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let outcome = match cli.cmd {
        Cmd::Check(a) => check::run(a),
        Cmd::Scan(a) => scan::run(a),
        Cmd::Screen(a) => screen::run(a),
        Cmd::List(a) => return list::run(a),
        Cmd::Completions { shell } => {
            let mut cmd = command(version);
            clap_complete::generate(shell, &mut cmd, "sightline", &mut std::io::stdout());
            return std::process::ExitCode::SUCCESS;
        }
        Cmd::Man { out_dir } => return man(version, out_dir.as_deref()),
    };
    outcome.exit()
}

/// The clap command with the long version string.
fn command(version: &'static str) -> clap::Command {
    Cli::command().version(version)
}

/// `sightline man`: the top page on stdout, or every page into `dir`.
fn man(version: &'static str, dir: Option<&std::path::Path>) -> std::process::ExitCode {
    let cmd = command(version);
    let result = match dir {
        None => clap_mangen::Man::new(cmd).render(&mut std::io::stdout()),
        Some(d) => std::fs::create_dir_all(d).and_then(|_| clap_mangen::generate_to(cmd, d)),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sightline: man: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

/// "0.1.0 (built-in list: OFAC SDN list of 2026-08-20, sequence 7, 958 addresses)".
fn version_text() -> String {
    let v = env!("CARGO_PKG_VERSION");
    match sightline::list::LoadedSet::try_bundled() {
        Ok(set) => {
            let h = set.header();
            let signed = match h.signed_at.zip(h.expires_at) {
                Some((s, e)) => format!(
                    ", signed {}, expires {}",
                    sightline::list::date::timestamp_string(s),
                    sightline::list::date::timestamp_string(e)
                ),
                None => String::new(),
            };
            format!(
                "{v} (built-in list: {} of {}, sequence {}, {} entries{signed})",
                h.source, h.source_date, h.sequence, h.entry_count
            )
        }
        Err(e) => format!("{v} (the built-in list does not load: {e})"),
    }
}
