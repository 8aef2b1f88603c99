//! List refresh from the signed feed, and the list browser's view of a loaded set.
//!
//! The feed is two kinds of static file (docs/feed.md): a small manifest, `latest.json`,
//! naming the current bundle with its sequence, size and SHA-256, and the signed bundles.
//! [`feed_refresh`] fetches the manifest and, when it announces a newer sequence, the
//! bundle, then checks it in order of cost:
//!
//! 1. the manifest parses, and its bundle URL stays on the manifest's origin;
//! 2. the announced size is under [`MAX_BUNDLE_BYTES`], and the bytes received are exactly
//!    that many (fewer: truncated);
//! 3. their SHA-256 is the manifest's (else: tampered or corrupted in transit);
//! 4. the Ed25519 signature verifies against the pinned publisher key, and the bundle
//!    parses fully ([`LoadedSet::from_bundle`]);
//! 5. its sequence is the manifest's and higher than the installed one (no rollback).
//!
//! Only the signature check (4) is a security boundary; 1-3 give a clearer reason for
//! the common failures and avoid parsing bytes we already know are wrong. Whatever fails,
//! the caller keeps its current set and shows the reason.
//!
//! Privacy: every request is a plain GET with `credentials: 'omit'`, `cache: 'no-store'`,
//! `referrerPolicy: 'no-referrer'` and no custom header, so the feed host learns nothing
//! but the client's IP address and user agent.

use gloo::timers::callback::Timeout;
use serde::Serialize;
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, ReadableStreamDefaultReader, ReferrerPolicy, Request,
    RequestCache, RequestCredentials, RequestInit, RequestMode, RequestRedirect, Response, Url,
};

use super::engine::Engine;
use crate::address;
use crate::list::LoadedSet;

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
}

impl FeedError {
    /// A stable short code: `bad-url`, `network`, `http`, `manifest`, `off-origin`,
    /// `too-large`, `truncated`, `size-mismatch`, `checksum`, `bundle`, `older`,
    /// `sequence-mismatch`.
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
        }
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
        }
    }
}

impl std::error::Error for FeedError {}

/// What `latest.json` says about the current bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub sequence: u64,
    /// As written in the manifest: relative to the manifest's URL, or absolute.
    pub url: String,
    pub size: u64,
    pub sha256: [u8; 32],
    /// The source publication's date, when the manifest carries it.
    pub source_date: Option<String>,
}

fn field<'a>(v: &'a serde_json::Value, names: &[&str]) -> Option<&'a serde_json::Value> {
    let obj = v.as_object()?;
    names.iter().find_map(|n| obj.get(*n))
}

/// 64 hex digits -> 32 bytes.
fn hex32(s: &str) -> Option<[u8; 32]> {
    let b = s.trim().as_bytes();
    if b.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
        let hi = (pair[0] as char).to_digit(16)?;
        let lo = (pair[1] as char).to_digit(16)?;
        *o = (hi << 4 | lo) as u8;
    }
    Some(out)
}

/// Parses a manifest. The bundle's fields may sit at the top level or in a `bundle`
/// object; `url` may also be spelled `path` or `file`.
pub fn parse_manifest(bytes: &[u8]) -> Result<Manifest, FeedError> {
    if bytes.len() > MAX_MANIFEST_BYTES {
        return Err(FeedError::Manifest(format!(
            "{} bytes, more than a manifest can be",
            bytes.len()
        )));
    }
    let root: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| FeedError::Manifest(format!("not JSON ({e})")))?;
    if !root.is_object() {
        return Err(FeedError::Manifest("not a JSON object".into()));
    }
    let nested = field(&root, &["bundle"]).filter(|b| b.is_object());
    let get = |names: &[&str]| {
        nested
            .and_then(|b| field(b, names))
            .or_else(|| field(&root, names))
    };
    let sequence = get(&["sequence"])
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| FeedError::Manifest("no numeric \"sequence\"".into()))?;
    let url = get(&["url", "path", "file"])
        .and_then(serde_json::Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| FeedError::Manifest("no bundle \"url\"".into()))?
        .to_string();
    let size = get(&["size", "bytes"])
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| FeedError::Manifest("no numeric bundle \"size\"".into()))?;
    let sha_hex = get(&["sha256", "sha_256", "sha-256"])
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| FeedError::Manifest("no bundle \"sha256\"".into()))?;
    let sha256 = hex32(sha_hex)
        .ok_or_else(|| FeedError::Manifest("\"sha256\" is not 64 hex digits".into()))?;
    let source_date = field(&root, &["source_date", "sourceDate", "published"])
        .and_then(serde_json::Value::as_str)
        .map(str::to_string);
    Ok(Manifest {
        sequence,
        url,
        size,
        sha256,
        source_date,
    })
}

/// Checks downloaded bundle bytes against the manifest, the pinned key and the installed
/// sequence (steps 2-5 of the module docs).
pub fn check_bundle(
    manifest: &Manifest,
    bytes: &[u8],
    installed: u64,
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
    if seq <= installed {
        return Err(FeedError::Older {
            feed: seq,
            installed,
        });
    }
    Ok(set)
}

/// Plain GET: no credentials, no cache, no referrer, no custom header, and no redirect (a
/// redirect would be a request to a host other than the feed's: an error instead), aborted
/// by `signal` when the time is up.
fn plain_get(url: &str, signal: &AbortSignal) -> Result<Request, FeedError> {
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(RequestCredentials::Omit);
    init.set_cache(RequestCache::NoStore);
    init.set_mode(RequestMode::Cors);
    init.set_redirect(RequestRedirect::Error);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    init.set_signal(Some(signal));
    Request::new_with_str_and_init(url, &init).map_err(|e| FeedError::BadUrl(js_reason(&e)))
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (window, worker and service worker alike).
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> js_sys::Promise;
}

fn js_reason(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// Fetches `url` and returns its body, refusing bodies over `cap` bytes: by Content-Length
/// when the server sends one, and while streaming otherwise, so an endless or huge body is
/// cut (and the download cancelled) one chunk past the cap instead of being held whole.
async fn get_bytes(url: &str, cap: u64, signal: &AbortSignal) -> Result<Vec<u8>, FeedError> {
    let aborted = |e: JsValue| {
        if signal.aborted() {
            FeedError::Timeout(0)
        } else {
            FeedError::Network(js_reason(&e))
        }
    };
    let request = plain_get(url, signal)?;
    let resp = JsFuture::from(global_fetch(&request))
        .await
        .map_err(aborted)?;
    let resp: Response = resp
        .dyn_into()
        .map_err(|_| FeedError::Network("fetch did not return a Response".into()))?;
    if !resp.ok() {
        return Err(FeedError::Http {
            url: url.to_string(),
            status: resp.status(),
        });
    }
    if let Ok(Some(len)) = resp.headers().get("content-length") {
        if let Ok(n) = len.trim().parse::<u64>() {
            if n > cap {
                return Err(FeedError::TooLarge(n));
            }
        }
    }
    let Some(body) = resp.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| FeedError::Network("the response body cannot be read".into()))?;
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(aborted)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            break;
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into()).unwrap_or(JsValue::UNDEFINED);
        let Some(part) = value.dyn_ref::<js_sys::Uint8Array>() else {
            return Err(FeedError::Network("the response body is not bytes".into()));
        };
        let total = bytes.len() as u64 + u64::from(part.length());
        if total > cap {
            let _ = reader.cancel();
            return Err(FeedError::TooLarge(total));
        }
        let at = bytes.len();
        bytes.resize(at + part.length() as usize, 0);
        part.copy_to(&mut bytes[at..]);
    }
    Ok(bytes)
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host == "127.0.0.1" || host == "[::1]"
}

/// Parses the feed URL: https anywhere, http only on the loopback interface (tests and
/// a locally served feed).
fn feed_url(s: &str) -> Result<Url, FeedError> {
    let url = Url::new(s.trim()).map_err(|e| FeedError::BadUrl(js_reason(&e)))?;
    match url.protocol().as_str() {
        "https:" => Ok(url),
        "http:" if is_loopback(&url.hostname()) => Ok(url),
        p => Err(FeedError::BadUrl(format!(
            "{p} is not allowed (https, or http on localhost)"
        ))),
    }
}

/// The bundle URL, resolved against the manifest URL, on the same origin.
fn bundle_url(manifest_url: &Url, rel: &str) -> Result<String, FeedError> {
    let base = manifest_url.href();
    let url = Url::new_with_base(rel, &base)
        .map_err(|e| FeedError::Manifest(format!("bad bundle URL {rel:?}: {}", js_reason(&e))))?;
    if url.origin() != manifest_url.origin() {
        return Err(FeedError::OffOrigin(url.href()));
    }
    Ok(url.href())
}

/// A refresh's outcome as JS sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Outcome {
    /// `updated` (bytes carry the new bundle), `current` (nothing newer), `refused`
    /// (the feed served something we will not install), `failed` (feed unreachable).
    status: &'static str,
    /// `ok`, `up-to-date`, or a [`FeedError::code`].
    code: &'static str,
    reason: String,
    /// The manifest's sequence when it was read, else the installed one.
    feed_sequence: Option<f64>,
    source_date: Option<String>,
    entry_count: Option<u32>,
    bundle_url: Option<String>,
}

fn outcome_js(o: &Outcome, bytes: Option<Vec<u8>>) -> JsValue {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    let value = o.serialize(&ser).unwrap_or(JsValue::NULL);
    if let Some(b) = bytes {
        if value.is_object() {
            let arr = js_sys::Uint8Array::from(b.as_slice());
            // Setting a property on a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(&value, &JsValue::from_str("bytes"), &arr);
        }
    }
    value
}

fn failure(e: FeedError, feed_sequence: Option<u64>, bundle_url: Option<String>) -> Outcome {
    Outcome {
        status: if e.is_refusal() { "refused" } else { "failed" },
        code: e.code(),
        reason: e.to_string(),
        feed_sequence: feed_sequence.map(|s| s as f64),
        source_date: None,
        entry_count: None,
        bundle_url,
    }
}

/// Fetches the manifest at `manifestUrl` and, when it announces a sequence above
/// `installedSequence`, the bundle; verifies it (module docs) against the pinned
/// publisher key. Never rejects: resolves to `{status, code, reason, feedSequence,
/// sourceDate, entryCount, bundleUrl, bytes?}` where `bytes` (a `Uint8Array`) is present
/// only when `status` is `updated`; hand it to `Engine.fromBundle`.
///
/// `timeout_ms` (default 120 s) bounds the whole refresh: when it runs out, the download is
/// aborted (not just ignored) and the outcome is `failed` / `timeout`.
#[wasm_bindgen(js_name = feedRefresh)]
pub async fn feed_refresh(
    manifest_url: String,
    installed_sequence: f64,
    timeout_ms: Option<f64>,
) -> JsValue {
    let installed = if installed_sequence.is_finite() && installed_sequence > 0.0 {
        installed_sequence as u64
    } else {
        0
    };
    let ms = timeout_ms
        .filter(|t| t.is_finite() && *t > 0.0)
        .map_or(120_000, |t| t.min(600_000.0) as u32);
    let Ok(controller) = AbortController::new() else {
        let e = FeedError::Network("AbortController is missing".into());
        return outcome_js(&failure(e, None, None), None);
    };
    let signal = controller.signal();
    let timer = Timeout::new(ms, move || controller.abort());
    let (mut outcome, bytes) = refresh(
        &manifest_url,
        installed,
        &crate::list::PUBLISHER_KEY,
        &signal,
    )
    .await;
    drop(timer);
    if outcome.code == "timeout" {
        outcome.reason = FeedError::Timeout(ms.div_ceil(1000)).to_string();
    }
    outcome_js(&outcome, bytes)
}

async fn refresh(
    manifest_url: &str,
    installed: u64,
    key: &[u8; 32],
    signal: &AbortSignal,
) -> (Outcome, Option<Vec<u8>>) {
    let murl = match feed_url(manifest_url) {
        Ok(u) => u,
        Err(e) => return (failure(e, None, None), None),
    };
    let manifest = match get_bytes(&murl.href(), MAX_MANIFEST_BYTES as u64, signal).await {
        Ok(b) => parse_manifest(&b),
        Err(FeedError::TooLarge(n)) => Err(FeedError::Manifest(format!(
            "{n} bytes, more than a manifest can be"
        ))),
        Err(e) => Err(e),
    };
    let manifest = match manifest {
        Ok(m) => m,
        Err(e) => return (failure(e, None, None), None),
    };
    let seq = Some(manifest.sequence);
    if manifest.sequence == installed {
        return (
            Outcome {
                status: "current",
                code: "up-to-date",
                reason: format!("up to date (sequence {installed})"),
                feed_sequence: Some(installed as f64),
                source_date: manifest.source_date,
                entry_count: None,
                bundle_url: None,
            },
            None,
        );
    }
    if manifest.sequence < installed {
        let e = FeedError::Older {
            feed: manifest.sequence,
            installed,
        };
        return (failure(e, seq, None), None);
    }
    if manifest.size > MAX_BUNDLE_BYTES {
        return (failure(FeedError::TooLarge(manifest.size), seq, None), None);
    }
    let burl = match bundle_url(&murl, &manifest.url) {
        Ok(u) => u,
        Err(e) => return (failure(e, seq, None), None),
    };
    // Allow one byte more than announced, so "too long" is told apart from "too large".
    let bytes = match get_bytes(
        &burl,
        manifest.size.saturating_add(1).min(MAX_BUNDLE_BYTES),
        signal,
    )
    .await
    {
        Ok(b) => b,
        Err(FeedError::TooLarge(n)) if n <= MAX_BUNDLE_BYTES => {
            let e = FeedError::SizeMismatch {
                got: n,
                expected: manifest.size,
            };
            return (failure(e, seq, Some(burl)), None);
        }
        Err(e) => return (failure(e, seq, Some(burl)), None),
    };
    match check_bundle(&manifest, &bytes, installed, key) {
        Ok(set) => {
            let h = set.header();
            let outcome = Outcome {
                status: "updated",
                code: "ok",
                reason: format!(
                    "updated to sequence {} ({} of {})",
                    h.sequence, h.source, h.source_date
                ),
                feed_sequence: Some(h.sequence as f64),
                source_date: Some(h.source_date.clone()),
                entry_count: Some(h.entry_count),
                bundle_url: Some(burl),
            };
            (outcome, Some(bytes))
        }
        Err(e) => (failure(e, seq, Some(burl)), None),
    }
}

/// One entity as the list browser shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntityOut<'a> {
    name: &'a str,
    sdn_uid: Option<u32>,
    kind: &'a str,
    programs: &'a [String],
    akas: &'a [String],
    designated: Option<&'a str>,
}

/// One entry as the list browser shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryOut<'a> {
    /// Canonical address; None if the key cannot be re-encoded (should not happen).
    address: Option<String>,
    chains: Vec<&'static str>,
    entity: u32,
    listed_under: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListOut<'a> {
    sequence: f64,
    source: &'a str,
    source_date: &'a str,
    generated_at: &'a str,
    entities: Vec<EntityOut<'a>>,
    entries: Vec<EntryOut<'a>>,
}

/// Every entry of the engine's set, for the list browser: `{sequence, source,
/// sourceDate, generatedAt, entities: [{name, sdnUid, kind, programs, akas,
/// designated}], entries: [{address, chains, entity, listedUnder}]}` where `entity`
/// indexes `entities`.
#[wasm_bindgen(js_name = listEntries)]
pub fn list_entries(engine: &Engine) -> Result<JsValue, JsError> {
    let set = engine.set();
    let h = set.header();
    let entities = set
        .entities()
        .iter()
        .map(|e| EntityOut {
            name: &e.name,
            sdn_uid: e.sdn_uid,
            kind: &e.kind,
            programs: &e.programs,
            akas: &e.akas,
            designated: e.designated.as_deref(),
        })
        .collect();
    let entries = set
        .entries()
        .iter()
        .map(|e| {
            let address = address::encode_key(&e.key);
            let chains = address
                .as_deref()
                .and_then(|a| address::parse(a).ok())
                .map(|a| a.chains.ids())
                .unwrap_or_default();
            EntryOut {
                address,
                chains,
                entity: e.entity,
                listed_under: &e.listed_under,
            }
        })
        .collect();
    let out = ListOut {
        sequence: h.sequence as f64,
        source: &h.source,
        source_date: &h.source_date,
        generated_at: &h.generated_at,
        entities,
        entries,
    };
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    out.serialize(&ser)
        .map_err(|e| JsError::new(&format!("could not convert the list for JS: {e}")))
}
