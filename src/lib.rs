//! Sightline's core: find crypto addresses in text and wallet requests, and check them
//! against a signed, dated sanctions set (the OFAC SDN list's digital-currency addresses).
//!
//! - [`address`]: parse and validate one address per family, with a canonical lookup key.
//! - [`scan`]: text in, spans of validated addresses out, in one pass.
//! - [`list`]: the sanctions set: model, signed bundle codec, lookup index, importers.
//! - [`verdict`]: address + set -> what the UI says and why.
//! - [`tx`]: wallet requests -> the addresses they send value to or grant power to.
//! - [`hex`]: hex digits (a digit's value, text to bytes, bytes to lowercase), written once.
//!
//! Everything here is plain Rust; only `web` (wasm32) knows about browsers.

/// Where the project lives: its issue tracker takes "report a mistake" (Cargo.toml).
pub const PROJECT_URL: &str = env!("CARGO_PKG_REPOSITORY");
/// The project's site (the checker, the list browser, the feed).
pub const HOMEPAGE_URL: &str = env!("CARGO_PKG_HOMEPAGE");

pub mod address;
pub mod hex;
pub mod list;
pub mod scan;
pub mod shortened;
pub mod tx;
pub mod verdict;

#[cfg(target_arch = "wasm32")]
pub mod web;
