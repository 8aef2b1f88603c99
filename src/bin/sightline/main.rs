//! The `sightline` command line (being written: check, scan, list ...).
mod list;

fn main() -> std::process::ExitCode {
    let _ = list::ListArgs::default();
    std::process::ExitCode::SUCCESS
}
