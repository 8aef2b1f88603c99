//! The signed bundle codec (format version 2; version 1 still reads). `docs/list-format.md`
//! documents every byte; this module is the reference implementation.
//!
//! Encoding is deterministic: entities go in the order the caller gives (the builder sorts
//! them), asset codes are sorted into one table, entries are grouped by (key prefix, payload
//! length, entity, asset codes, first-seen date) with groups and the payloads inside each
//! group sorted, so one address costs only its payload bytes. Version 2 adds the signed
//! validity to the header (`signed_at`, `expires_at`), the first-seen date to each group and, after the groups, the history section: the entities of removed
//! listings and the delisted records, grouped the same way. Decoding checks the frame
//! (magic, version, declared length, size cap), then the signature, then parses everything,
//! enforcing canonical order and caps, before anything is returned: a bundle is loaded
//! fully or not at all.

use super::model::{Entity, Entry, Header};
use crate::address::AddressKey;
use crate::list::date;
use std::fmt;

// Files: encode.rs (data -> bytes), decode.rs (bytes -> data, checked); the types here.
mod decode;
mod encode;
pub use decode::*;
pub use encode::*;

/// The first five bytes of every bundle.
pub const MAGIC: &[u8; 5] = b"SLSET";
/// The format version this build writes.
pub const FORMAT_VERSION: u16 = 2;
/// The oldest format version this build reads (version 1: no dates, no history).
pub const MIN_FORMAT_VERSION: u16 = 1;
/// magic (5) + version (2) + total length (8) + sequence (8).
pub const FIXED_HEADER_LEN: usize = 23;

/// Caps the decoder enforces before and while parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted bundle, in bytes (checked before hashing anything).
    pub max_bytes: u64,
    pub max_entities: u32,
    pub max_entries: u32,
}

impl Limits {
    /// What [`super::LoadedSet::from_bundle`] accepts: 64 MiB, 1M entities, 3M entries
    /// (today's list: ~60 KB, 94 entities, 961 entries).
    pub const DEFAULT: Limits = Limits {
        max_bytes: 64 << 20,
        max_entities: 1_000_000,
        max_entries: 3_000_000,
    };
    /// For benchmarks and tools that knowingly handle huge synthetic sets.
    pub const LARGE: Limits = Limits {
        max_bytes: 1 << 30,
        max_entities: 10_000_000,
        max_entries: 40_000_000,
    };
}

const MAX_SHORT_STR: usize = 256;
const MAX_NAME: usize = 1024;
const MAX_LIST_ITEMS: u32 = 512;
const MAX_TICKERS: u32 = 1024;
const MAX_PREFIX: usize = 32;

/// The signed validity of a header (format version 2): `signed_at` and `expires_at` are
/// both stated or both not (`0` in the bytes), within 9999-12-31, and a bundle does not
/// expire before it is signed. The encoder and the decoder both apply it.
pub fn check_validity(signed_at: Option<u64>, expires_at: Option<u64>) -> Result<(), String> {
    match (signed_at, expires_at) {
        (None, None) => Ok(()),
        (Some(s), Some(e)) if s == 0 || e == 0 => {
            Err("signed_at and expires_at must be after 1970-01-01T00:00:00Z".into())
        }
        (Some(s), Some(e)) if s.max(e) > date::MAX_TIMESTAMP => {
            Err("signed_at or expires_at after 9999-12-31".into())
        }
        (Some(s), Some(e)) if s > e => Err(format!(
            "signed_at {} is after expires_at {}",
            date::timestamp_string(s),
            date::timestamp_string(e)
        )),
        (Some(_), Some(_)) => Ok(()),
        _ => Err("signed_at and expires_at come together".into()),
    }
}

/// Why a bundle was refused. `Display` gives a reason fit for the popup and the CLI.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BundleError {
    /// Shorter than its declared length (a cut-off download).
    Truncated { expected: u64, actual: u64 },
    /// Longer than its declared length.
    TrailingBytes { extra: u64 },
    /// Does not start with `SLSET`.
    BadMagic,
    /// A format version this build does not read.
    UnsupportedVersion(u16),
    /// Over the size or count caps.
    Oversized(String),
    /// The Ed25519 signature does not verify against the pinned key.
    BadSignature,
    /// Not newer than what the caller already has (rollback refused).
    OlderSequence { found: u64, required: u64 },
    /// Signed, but its contents break the format (a publisher bug or a forged key).
    Malformed(String),
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::Truncated { expected, actual } => write!(
                f,
                "truncated bundle: {actual} bytes of the {expected} it declares"
            ),
            BundleError::TrailingBytes { extra } => {
                write!(f, "bundle has {extra} unexpected bytes after its end")
            }
            BundleError::BadMagic => f.write_str("not a Sightline bundle (bad magic bytes)"),
            BundleError::UnsupportedVersion(v) => write!(
                f,
                "unsupported bundle format version {v} (this build reads versions \
                 {MIN_FORMAT_VERSION} to {FORMAT_VERSION})"
            ),
            BundleError::Oversized(what) => write!(f, "bundle too large: {what}"),
            BundleError::BadSignature => {
                f.write_str("bad signature: the bundle is not signed by the pinned publisher key")
            }
            BundleError::OlderSequence { found, required } => write!(
                f,
                "older bundle refused: sequence {found}, need at least {required} (no rollback)"
            ),
            BundleError::Malformed(why) => write!(f, "malformed bundle: {why}"),
        }
    }
}

impl std::error::Error for BundleError {}

/// What the encoder takes: a header (format version and counts are filled in; its
/// `delisted` records are the history section) and the entities and entries of a set.
#[derive(Clone, Debug, Default)]
pub struct SetData {
    pub header: Header,
    pub entities: Vec<Entity>,
    pub entries: Vec<Entry>,
}

/// A run of entries sharing key prefix, payload length, entity and asset codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group<'a> {
    pub prefix: &'a [u8],
    pub payload_len: usize,
    pub entity: u32,
    /// Indices into [`Decoded::tickers`], ascending.
    pub tickers: Vec<u16>,
    /// First-seen date of every address of the group, as a day number
    /// ([`crate::list::date`]); None when unknown (always in a version 1 bundle).
    pub first_seen: Option<u32>,
    /// `count * payload_len` bytes, payloads ascending.
    pub payloads: &'a [u8],
}

impl Group<'_> {
    pub fn count(&self) -> usize {
        self.payloads.len() / self.payload_len
    }
    pub fn payload(&self, i: usize) -> &[u8] {
        &self.payloads[i * self.payload_len..(i + 1) * self.payload_len]
    }
}

/// A verified, fully parsed bundle that still borrows its payload bytes. The history
/// section (version 2) is materialised into `header.delisted`.
#[derive(Clone, Debug)]
pub struct Decoded<'a> {
    pub header: Header,
    pub entities: Vec<Entity>,
    pub tickers: Vec<String>,
    pub groups: Vec<Group<'a>>,
}

impl Decoded<'_> {
    /// Materialises the entries (group order, payloads ascending).
    pub fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::with_capacity(self.header.entry_count as usize);
        for g in &self.groups {
            let lu: Vec<String> = g
                .tickers
                .iter()
                .map(|&t| self.tickers[t as usize].clone())
                .collect();
            let first_seen: Option<std::sync::Arc<str>> =
                g.first_seen.map(|d| date::day_string(d).into());
            for i in 0..g.count() {
                out.push(Entry {
                    key: AddressKey {
                        prefix: g.prefix.to_vec(),
                        payload: g.payload(i).to_vec(),
                    },
                    entity: g.entity,
                    listed_under: lu.clone(),
                    first_seen: first_seen.clone(),
                });
            }
        }
        out
    }
}
