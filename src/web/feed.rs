//! List refresh from the signed feed, and the list browser's view of a loaded set.
//!
//! [`feed_refresh`] fetches the manifest (`latest.json`) and, when it announces a newer
//! sequence, the bundle, checked against the installed list's sequence and dates;
//! [`bundle_after`] checks the same again when the bundle is swapped in. What the files
//! mean and how a bundle is checked is
//! [`crate::list::feed`]'s (native, shared with the CLI). Here: the fetches, the URL rules
//! applied with the browser's own URL parser (the one `fetch` uses), and the JS glue.
//! Whatever fails, the caller keeps its current set and shows the reason.
//!
//! Privacy: every request is a plain GET with `credentials: 'omit'`, `cache: 'no-store'`,
//! `referrerPolicy: 'no-referrer'` and no custom header, so the feed host learns nothing
//! but the client's IP address and user agent.

use gloo::timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, ReadableStreamDefaultReader, ReferrerPolicy, Request,
    RequestCache, RequestCredentials, RequestInit, RequestMode, RequestRedirect, Response, Url,
};

use super::engine::Engine;
use crate::address;
use crate::list::feed::Manifest;
use crate::list::feed::{check_bundle, check_feed_origin, check_newer, FeedError, Installed};
use crate::list::feed::{MAX_BUNDLE_BYTES, MAX_MANIFEST_BYTES};
use crate::list::publish::ListDates;

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

/// Parses the feed URL and applies [`check_feed_origin`].
fn feed_url(s: &str) -> Result<Url, FeedError> {
    let url = Url::new(s.trim()).map_err(|e| FeedError::BadUrl(js_reason(&e)))?;
    check_feed_origin(&url.protocol(), &url.hostname())?;
    Ok(url)
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
    /// `ok`, `up-to-date`, `installed` (the installed list was not described), or a
    /// [`FeedError::code`].
    code: &'static str,
    reason: String,
    /// The reason's message key and parameters for the extension's own wording
    /// ([`FeedError::reason_params`]); absent for the kinds shown in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason_key: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason_params: Option<Vec<String>>,
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
    let (key, params) = e.reason_params().unzip();
    Outcome {
        status: if e.is_refusal() { "refused" } else { "failed" },
        code: e.code(),
        reason: e.to_string(),
        reason_key: key,
        reason_params: params,
        feed_sequence: feed_sequence.map(|s| s as f64),
        source_date: None,
        entry_count: None,
        bundle_url,
    }
}

/// The installed list as JS describes it to [`feed_refresh`]: `engine.info()` will do.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InstalledIn {
    sequence: f64,
    #[serde(default)]
    source_date: Option<String>,
    /// RFC 3339 UTC, as `info()` gives it; null for a version 1 bundle.
    #[serde(default)]
    signed_at: Option<String>,
}

/// The sequence and dates of `v`. An error (never "nothing installed") when `v` does not
/// describe a list: a garbled argument must not let a rollback through.
fn installed_of(v: JsValue) -> Result<(u64, String, Option<u64>), String> {
    let i: InstalledIn = serde_wasm_bindgen::from_value(v).map_err(|e| {
        format!("the installed list must be {{sequence, sourceDate, signedAt}}: {e}")
    })?;
    if !(i.sequence.is_finite() && i.sequence >= 0.0) {
        return Err(format!(
            "the installed sequence {} is not a number",
            i.sequence
        ));
    }
    let signed_at = match i.signed_at.as_deref() {
        None => None,
        Some(t) => Some(
            crate::list::date::parse_timestamp(t)
                .ok_or_else(|| format!("the installed signedAt {t:?} is not a time"))?,
        ),
    };
    Ok((
        i.sequence as u64,
        i.source_date.unwrap_or_default(),
        signed_at,
    ))
}

/// Fetches the manifest at `manifestUrl` and, when it announces a sequence above the
/// installed one, the bundle; verifies it (module docs) against the pinned publisher key
/// and `installed` (`{sequence, sourceDate, signedAt}`, as the installed engine's `info()`
/// gives them: a higher sequence dated before them is refused). Never rejects: resolves to
/// `{status, code, reason, reasonKey?, reasonParams?, feedSequence, sourceDate, entryCount,
/// bundleUrl, bytes?}` where `bytes` (a `Uint8Array`) is present only when `status` is
/// `updated`; hand it to [`bundle_after`].
///
/// `timeout_ms` (default 120 s) bounds the whole refresh: when it runs out, the download is
/// aborted (not just ignored) and the outcome is `failed` / `timeout`.
#[wasm_bindgen(js_name = feedRefresh)]
pub async fn feed_refresh(
    manifest_url: String,
    installed: JsValue,
    timeout_ms: Option<f64>,
) -> JsValue {
    let (sequence, source_date, signed_at) = match installed_of(installed) {
        Ok(i) => i,
        Err(reason) => {
            let o = Outcome {
                status: "failed",
                code: "installed",
                reason,
                reason_key: None,
                reason_params: None,
                feed_sequence: None,
                source_date: None,
                entry_count: None,
                bundle_url: None,
            };
            return outcome_js(&o, None);
        }
    };
    let installed = Installed {
        sequence,
        dates: ListDates {
            source_date: &source_date,
            signed_at,
        },
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
        &installed,
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
    installed: &Installed<'_>,
    key: &[u8; 32],
    signal: &AbortSignal,
) -> (Outcome, Option<Vec<u8>>) {
    let murl = match feed_url(manifest_url) {
        Ok(u) => u,
        Err(e) => return (failure(e, None, None), None),
    };
    let manifest = match get_bytes(&murl.href(), MAX_MANIFEST_BYTES as u64, signal).await {
        Ok(b) => Manifest::parse(&b),
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
    if manifest.sequence == installed.sequence {
        return (
            Outcome {
                status: "current",
                code: "up-to-date",
                reason: format!("up to date (sequence {})", installed.sequence),
                reason_key: None,
                reason_params: None,
                feed_sequence: Some(installed.sequence as f64),
                source_date: manifest.source_date,
                entry_count: None,
                bundle_url: None,
            },
            None,
        );
    }
    if manifest.sequence < installed.sequence {
        let e = FeedError::Older {
            feed: manifest.sequence,
            installed: installed.sequence,
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
    match check_bundle(&manifest, &bytes, *installed, key) {
        Ok(set) => {
            let h = set.header();
            let outcome = Outcome {
                status: "updated",
                code: "ok",
                reason_key: None,
                reason_params: None,
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

/// Verifies `bytes` (a bundle a refresh brought) against the pinned publisher key and
/// builds its engine, if it may replace `installed`'s set: a higher sequence, and no date
/// before the installed list's (`list::feed::check_newer`, the refresh's own step 5).
/// Throws `bundle refused: <reason>` otherwise; `installed` is left as it is.
#[wasm_bindgen(js_name = bundleAfter)]
pub fn bundle_after(bytes: &[u8], installed: &Engine) -> Result<Engine, JsError> {
    let next = Engine::from_bundle(bytes, None)?;
    check_newer(next.set().header(), &installed.set().header().into())
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(next)
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
    /// The signed `signed_at` and `expires_at` as RFC 3339 UTC; null in a version 1 bundle.
    signed_at: Option<String>,
    expires_at: Option<String>,
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
        .map(|e| {
            let address = address::encode_key(&e.key());
            let chains = address
                .as_deref()
                .and_then(|a| address::parse(a).ok())
                .map(|a| a.chains.ids())
                .unwrap_or_default();
            EntryOut {
                address,
                chains,
                entity: e.entity,
                listed_under: e.listed_under,
            }
        })
        .collect();
    let out = ListOut {
        sequence: h.sequence as f64,
        source: &h.source,
        source_date: &h.source_date,
        generated_at: &h.generated_at,
        signed_at: h.signed_at.map(crate::list::date::timestamp_string),
        expires_at: h.expires_at.map(crate::list::date::timestamp_string),
        entities,
        entries,
    };
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    out.serialize(&ser)
        .map_err(|e| JsError::new(&format!("could not convert the list for JS: {e}")))
}
