//! The `sightline` command line (stub; being implemented).
fn main() {}
