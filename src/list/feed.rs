//! The list feed's files, native and wasm alike (docs/feed.md): `latest.json`, a small
//! manifest naming the current bundle with its sequence, size and SHA-256; `history.json`,
//! every bundle the feed has published; and the bundles. One definition of each, used by
//! the extension's refresh (web/feed.rs fetches, this checks), the site, and the CLI that
//! writes a feed (`sightline list publish`, `list feed-add`, `list feed`).
//!
//! A downloaded bundle is checked in order of cost ([`check_bundle`]):
//! 1. its URL stays on the manifest's origin (web/feed.rs, with the browser's URL parser);
//! 2. the announced size is under [`MAX_BUNDLE_BYTES`], and the bytes received are exactly
//!    that many (fewer: truncated);
//! 3. their SHA-256 is the manifest's (else: tampered or corrupted in transit);
//! 4. the Ed25519 signature verifies against the pinned publisher key, and the bundle
//!    parses fully ([`LoadedSet::from_bundle`]);
//! 5. its sequence is the manifest's and higher than the installed one (no rollback), and
//!    its dates (source date, `signed_at`) are not before the installed list's: a higher
//!    sequence with older dates is a replayed or frozen list re-numbered, a rollback in
//!    disguise ([`check_newer`]; the publisher refuses to sign one, `publish::check_dates`).
//!
//! Only the signature check (4) is a security boundary; 1-3 give a clearer reason for the
//! common failures and avoid parsing bytes we already know are wrong.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::list::date::timestamp_string;
use crate::list::publish::{EarlierDate, ListDates};
use crate::list::{Header, LoadedSet};

/// The manifest is a few hundred bytes; anything past this is not a manifest.
pub const MAX_MANIFEST_BYTES: usize = 64 * 1024;
/// Largest bundle we accept: what the bundle parser accepts (`Limits::DEFAULT`), so nothing
/// is downloaded that would be refused anyway. Today's list is about 40 KB.
pub const MAX_BUNDLE_BYTES: u64 = crate::list::Limits::DEFAULT.max_bytes;

/// Why a refresh did not install a new set. `code()` is stable (the UI and the tests key
/// on it); `Display` is the human reason.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FeedError {
    /// The feed URL is not a usable http(s) URL.
    BadUrl(String),
    /// fetch() itself failed (offline, DNS, CORS, TLS).
    Network(String),
    /// The server answered with a non-2xx status.
    Http { url: String, status: u16 },
    /// No complete answer within the time allowed (the download was aborted).
    Timeout(u32),
    /// latest.json is not a manifest we understand.
    Manifest(String),
    /// The manifest points the bundle to another origin.
    OffOrigin(String),
    /// The announced or received size is over [`MAX_BUNDLE_BYTES`].
    TooLarge(u64),
    /// Fewer bytes arrived than the manifest announced.
    Truncated { got: u64, expected: u64 },
    /// More bytes arrived than the manifest announced.
    SizeMismatch { got: u64, expected: u64 },
    /// The SHA-256 of the bytes is not the manifest's.
    Checksum,
    /// Signature, format or parse failure from the bundle decoder.
    Bundle(String),
    /// The feed's sequence is older than the installed set (rollback).
    Older { feed: u64, installed: u64 },
    /// The bundle's own sequence differs from the manifest's.
    SequenceMismatch { manifest: u64, bundle: u64 },
    /// A higher sequence whose source date or `signed_at` is before the installed list's
    /// (a replayed or frozen list re-numbered).
    DatedBefore(EarlierDate),
}

impl FeedError {
    /// A stable short code: `bad-url`, `network`, `http`, `manifest`, `off-origin`,
    /// `too-large`, `truncated`, `size-mismatch`, `checksum`, `bundle`, `older`,
    /// `sequence-mismatch`, `dated-before`.
    pub fn code(&self) -> &'static str {
        match self {
            FeedError::BadUrl(_) => "bad-url",
            FeedError::Network(_) => "network",
            FeedError::Http { .. } => "http",
            FeedError::Timeout(_) => "timeout",
            FeedError::Manifest(_) => "manifest",
            FeedError::OffOrigin(_) => "off-origin",
            FeedError::TooLarge(_) => "too-large",
            FeedError::Truncated { .. } => "truncated",
            FeedError::SizeMismatch { .. } => "size-mismatch",
            FeedError::Checksum => "checksum",
            FeedError::Bundle(_) => "bundle",
            FeedError::Older { .. } => "older",
            FeedError::SequenceMismatch { .. } => "sequence-mismatch",
            FeedError::DatedBefore(_) => "dated-before",
        }
    }

    /// For the extension's own wording of a refusal (message `feed_reason_<key>`, with
    /// these parameters; `Display` is the English): the key and its parameters, for the
    /// kinds that have one. Dates as the bundles state them (YYYY-MM-DD, RFC 3339 UTC).
    pub fn reason_params(&self) -> Option<(&'static str, Vec<String>)> {
        let FeedError::DatedBefore(d) = self else {
            return None;
        };
        Some(match d {
            EarlierDate::Source { new, prev } if new.is_empty() => {
                ("dated_before_no_date", vec![prev.clone()])
            }
            EarlierDate::Source { new, prev } => {
                ("dated_before_source", vec![new.clone(), prev.clone()])
            }
            EarlierDate::Signed { new: None, prev } => {
                ("dated_before_unsigned", vec![timestamp_string(*prev)])
            }
            EarlierDate::Signed {
                new: Some(new),
                prev,
            } => (
                "dated_before_signed",
                vec![timestamp_string(*new), timestamp_string(*prev)],
            ),
        })
    }

    /// True when the feed answered but what it served was refused (as opposed to the
    /// feed being unreachable).
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            FeedError::BadUrl(_)
                | FeedError::Network(_)
                | FeedError::Http { .. }
                | FeedError::Timeout(_)
        )
    }
}

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedError::BadUrl(s) => write!(f, "feed URL not usable: {s}"),
            FeedError::Network(s) => write!(f, "network error: {s}"),
            FeedError::Http { url, status } => write!(f, "HTTP {status} for {url}"),
            FeedError::Timeout(s) => write!(f, "no complete answer from the feed within {s} s"),
            FeedError::Manifest(s) => write!(f, "manifest refused: {s}"),
            FeedError::OffOrigin(u) => {
                write!(f, "manifest refused: bundle URL {u} is not on the feed's origin")
            }
            FeedError::TooLarge(n) => write!(
                f,
                "bundle refused: {n} bytes is over the {MAX_BUNDLE_BYTES}-byte limit"
            ),
            FeedError::Truncated { got, expected } => write!(
                f,
                "bundle refused: truncated ({got} of the {expected} bytes the manifest announces)"
            ),
            FeedError::SizeMismatch { got, expected } => write!(
                f,
                "bundle refused: {got} bytes, the manifest announces {expected}"
            ),
            FeedError::Checksum => f.write_str(
                "bundle refused: SHA-256 does not match the manifest (tampered or corrupted)",
            ),
            FeedError::Bundle(s) => write!(f, "bundle refused: {s}"),
            FeedError::Older { feed, installed } => write!(
                f,
                "bundle refused: the feed's sequence {feed} is older than the installed {installed} (rollback)"
            ),
            FeedError::SequenceMismatch { manifest, bundle } => write!(
                f,
                "bundle refused: its sequence {bundle} is not the manifest's {manifest}"
            ),
            FeedError::DatedBefore(d) => {
                f.write_str("bundle refused: dated before the installed list (")?;
                match d {
                    EarlierDate::Source { new, prev } if new.is_empty() => {
                        write!(f, "it states no list date; the installed list is of {prev}")?
                    }
                    EarlierDate::Source { new, prev } => {
                        write!(f, "a list of {new}; the installed list is of {prev}")?
                    }
                    EarlierDate::Signed { new: None, prev } => write!(
                        f,
                        "it states no signing time; the installed list was signed at {}",
                        timestamp_string(*prev)
                    )?,
                    EarlierDate::Signed { new: Some(new), prev } => write!(
                        f,
                        "signed at {}; the installed list was signed at {}",
                        timestamp_string(*new),
                        timestamp_string(*prev)
                    )?,
                }
                f.write_str("): the feed replays an old list or is frozen")
            }
        }
    }
}

impl std::error::Error for FeedError {}

/// What `latest.json` says about the current bundle (and what `history.json` says about
/// each: the same record without the provenance fields).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub sequence: u64,
    /// The source publication, e.g. "OFAC SDN list".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The source publication's date, YYYY-MM-DD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
    /// The bundle's signed `signed_at` and `expires_at`, RFC 3339 UTC, copied into the
    /// manifest so the site's landing page (which verifies no bundle) ages the list as the
    /// other pages do. Unsigned here: a reader that verifies the bundle reads its header
    /// instead. Absent in manifests written before them, and for a version 1 bundle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Listings in the bundle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entries: Option<u64>,
    pub size: u64,
    #[serde(serialize_with = "hex_bytes")]
    pub sha256: [u8; 32],
    /// As written in the manifest: relative to the manifest's URL, or absolute.
    pub url: String,
}

fn hex_bytes<S: serde::Serializer>(b: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::hex::encode(b))
}

fn field<'a>(v: &'a serde_json::Value, names: &[&str]) -> Option<&'a serde_json::Value> {
    let obj = v.as_object()?;
    names.iter().find_map(|n| obj.get(*n))
}

impl Manifest {
    /// The record of `bytes`, a bundle that loaded as `set`, stored at `url` (relative to
    /// the feed's root): what `sightline list publish` and `list feed-add` write.
    pub fn for_bundle(bytes: &[u8], set: &LoadedSet, url: String) -> Manifest {
        let h = set.header();
        Manifest {
            sequence: h.sequence,
            source: Some(h.source.clone()),
            source_date: Some(h.source_date.clone()),
            generated_at: Some(h.generated_at.clone()),
            signed_at: h.signed_at.map(timestamp_string),
            expires_at: h.expires_at.map(timestamp_string),
            entries: Some(u64::from(h.entry_count)),
            size: bytes.len() as u64,
            sha256: Sha256::digest(bytes).into(),
            url,
        }
    }

    /// The record without its provenance fields, as `history.json` lists it.
    pub fn record(&self) -> Manifest {
        Manifest {
            source: None,
            source_date: None,
            generated_at: None,
            signed_at: None,
            expires_at: None,
            entries: None,
            ..self.clone()
        }
    }

    /// Pretty JSON with a final newline, as the feed's files are written.
    pub fn to_json(&self) -> String {
        pretty(self)
    }

    /// Parses a manifest (or one record of `history.json`). The bundle's fields may sit at
    /// the top level or in a `bundle` object; `url` may also be spelled `path` or `file`.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, FeedError> {
        if bytes.len() > MAX_MANIFEST_BYTES {
            return Err(FeedError::Manifest(format!(
                "{} bytes, more than a manifest can be",
                bytes.len()
            )));
        }
        let root: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| FeedError::Manifest(format!("not JSON ({e})")))?;
        Manifest::from_value(&root)
    }

    fn from_value(root: &serde_json::Value) -> Result<Manifest, FeedError> {
        if !root.is_object() {
            return Err(FeedError::Manifest("not a JSON object".into()));
        }
        let nested = field(root, &["bundle"]).filter(|b| b.is_object());
        let get = |names: &[&str]| {
            nested
                .and_then(|b| field(b, names))
                .or_else(|| field(root, names))
        };
        let text = |names: &[&str]| {
            get(names)
                .and_then(serde_json::Value::as_str)
                .map(str::to_string)
        };
        let sequence = get(&["sequence"])
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| FeedError::Manifest("no numeric \"sequence\"".into()))?;
        let url = text(&["url", "path", "file"])
            .filter(|s| !s.is_empty())
            .ok_or_else(|| FeedError::Manifest("no bundle \"url\"".into()))?;
        let size = get(&["size", "bytes"])
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| FeedError::Manifest("no numeric bundle \"size\"".into()))?;
        let sha_hex = text(&["sha256", "sha_256", "sha-256"])
            .ok_or_else(|| FeedError::Manifest("no bundle \"sha256\"".into()))?;
        let sha256 = crate::hex::decode_array(sha_hex.trim())
            .ok_or_else(|| FeedError::Manifest("\"sha256\" is not 64 hex digits".into()))?;
        Ok(Manifest {
            sequence,
            source: text(&["source"]),
            source_date: field(root, &["source_date", "sourceDate", "published"])
                .and_then(serde_json::Value::as_str)
                .map(str::to_string),
            generated_at: text(&["generated_at"]),
            signed_at: text(&["signed_at", "signedAt"]),
            expires_at: text(&["expires_at", "expiresAt"]),
            entries: get(&["entries"]).and_then(serde_json::Value::as_u64),
            size,
            sha256,
            url,
        })
    }
}

/// `history.json`: every bundle of the feed, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct History {
    pub format: u32,
    pub bundles: Vec<Manifest>,
}

impl History {
    pub const FORMAT: u32 = 1;

    /// The history of these records (any order), newest first, one per sequence.
    pub fn of(mut records: Vec<Manifest>) -> History {
        records.sort_by_key(|r| std::cmp::Reverse(r.sequence));
        records.dedup_by_key(|r| r.sequence);
        History {
            format: Self::FORMAT,
            bundles: records.iter().map(Manifest::record).collect(),
        }
    }

    pub fn parse(bytes: &[u8]) -> Result<History, FeedError> {
        let root: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| FeedError::Manifest(format!("history: not JSON ({e})")))?;
        let list = field(&root, &["bundles"])
            .and_then(serde_json::Value::as_array)
            .ok_or_else(|| FeedError::Manifest("history: no \"bundles\" list".into()))?;
        let bundles = list
            .iter()
            .map(Manifest::from_value)
            .collect::<Result<_, _>>()?;
        Ok(History {
            format: field(&root, &["format"])
                .and_then(serde_json::Value::as_u64)
                .unwrap_or(1) as u32,
            bundles,
        })
    }

    pub fn to_json(&self) -> String {
        pretty(self)
    }
}

fn pretty<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Where a feed may be fetched from: https anywhere, http only on the loopback interface
/// (tests and a locally served feed). `protocol` as URL parsers give it (`"https:"`).
pub fn check_feed_origin(protocol: &str, hostname: &str) -> Result<(), FeedError> {
    let loopback = matches!(hostname, "localhost" | "127.0.0.1" | "[::1]");
    match protocol {
        "https:" => Ok(()),
        "http:" if loopback => Ok(()),
        p => Err(FeedError::BadUrl(format!(
            "{p} is not allowed (https, or http on localhost)"
        ))),
    }
}

/// What the client has installed, as far as a new bundle is checked against it: the
/// sequence it must be above, the dates it must not be before. From a [`Header`], or from a
/// bare sequence when nothing dated is installed (`0`: a feed checked on its own, as
/// `sightline list feed` and the site's list browser check it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Installed<'a> {
    pub sequence: u64,
    pub dates: ListDates<'a>,
}

impl From<u64> for Installed<'static> {
    fn from(sequence: u64) -> Self {
        Installed {
            sequence,
            dates: ListDates::default(),
        }
    }
}

impl<'a> From<&'a Header> for Installed<'a> {
    fn from(h: &'a Header) -> Self {
        Installed {
            sequence: h.sequence,
            dates: ListDates::of(h),
        }
    }
}

/// Step 5 alone, for a bundle already verified: `new` may replace `installed` (a higher
/// sequence, no date before the installed list's).
pub fn check_newer(new: &Header, installed: &Installed) -> Result<(), FeedError> {
    if new.sequence <= installed.sequence {
        return Err(FeedError::Older {
            feed: new.sequence,
            installed: installed.sequence,
        });
    }
    match ListDates::of(new).earlier_than(&installed.dates) {
        Some(d) => Err(FeedError::DatedBefore(d)),
        None => Ok(()),
    }
}

/// Checks bundle bytes against their manifest record, the key and what is installed
/// (steps 2-5 of the module docs).
pub fn check_bundle<'a>(
    manifest: &Manifest,
    bytes: &[u8],
    installed: impl Into<Installed<'a>>,
    key: &[u8; 32],
) -> Result<LoadedSet, FeedError> {
    let got = bytes.len() as u64;
    if got > MAX_BUNDLE_BYTES {
        return Err(FeedError::TooLarge(got));
    }
    if got < manifest.size {
        return Err(FeedError::Truncated {
            got,
            expected: manifest.size,
        });
    }
    if got > manifest.size {
        return Err(FeedError::SizeMismatch {
            got,
            expected: manifest.size,
        });
    }
    let digest: [u8; 32] = Sha256::digest(bytes).into();
    if digest != manifest.sha256 {
        return Err(FeedError::Checksum);
    }
    let set = LoadedSet::from_bundle(bytes, key).map_err(|e| FeedError::Bundle(e.to_string()))?;
    let seq = set.header().sequence;
    if seq != manifest.sequence {
        return Err(FeedError::SequenceMismatch {
            manifest: manifest.sequence,
            bundle: seq,
        });
    }
    check_newer(set.header(), &installed.into())?;
    Ok(set)
}
