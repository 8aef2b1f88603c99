//! The background engine: one verified sanctions set, and scan/check/info for JS.
//!
//! JS holds an opaque [`Engine`] handle. Everything crossing the boundary is plain data
//! (serde-wasm-bindgen, JSON-compatible: `None` becomes `null`), errors cross as
//! `JsError` with a readable reason, and nothing here may panic: a panic in a
//! `panic = "abort"` wasm build traps and takes the whole instance down, so this module
//! uses no `unwrap`/`expect`/indexing that could fail on hostile input.
//!
//! Offsets: `scan` returns `start`/`end` in UTF-16 code units, because that is what
//! `String.prototype.slice` and DOM `Range` offsets use. The scanner works in UTF-8 byte
//! offsets; [`Utf16Cursor`] converts them in one forward pass per text.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Once;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::address::Address;
use crate::list::{LoadedSet, UserListError, MAX_USER_LIST_BYTES};
use crate::scan;
use crate::verdict::{self, Checked};

/// Texts longer than this are refused by `scan` (the background caps earlier; this is
/// the last line of defence against a page handing us hundreds of megabytes).
const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// `scanMany` accepts at most this many texts per call.
const MAX_TEXTS: u32 = 100_000;

static PANIC_HOOK: Once = Once::new();

fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        std::panic::set_hook(Box::new(console_error_panic_hook::hook));
    });
}

/// The engine: one loaded sanctions set (plus the user's own lists merged in).
#[wasm_bindgen]
pub struct Engine {
    set: LoadedSet,
    /// The listed addresses by their ends, for shortened ones: built on the first met.
    short: std::cell::OnceCell<crate::shortened::ShortIndex>,
}

/// One address found by `scan`, as JS sees it: its span (UTF-16 code units) and the
/// shared result shape.
#[derive(Serialize)]
struct ScanHit {
    start: u32,
    end: u32,
    #[serde(flatten)]
    checked: Checked,
}

/// The answer to `scanPacked`.
#[derive(Serialize)]
struct PackedOut {
    hits: String,
    addrs: Vec<Checked>,
    /// Shortened addresses whose ends match listed ones (rare; empty on clean pages).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    possible: Vec<PossibleOut>,
}

/// A possible hit: a shortened address (UTF-16 span in text `text`) and the listed
/// addresses it could be.
#[derive(Serialize)]
struct PossibleOut {
    text: u32,
    start: u32,
    end: u32,
    shown: String,
    candidates: Vec<crate::shortened::Candidate>,
}

/// `n` in base 36 (what JS's parseInt(s, 36) reads): shorter than decimal for offsets.
fn radix36(mut n: usize) -> String {
    const D: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    if n == 0 {
        return "0".into();
    }
    let mut out = Vec::new();
    while n > 0 {
        out.push(D[n % 36]);
        n /= 36;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The answer to `checkText`.
#[derive(Serialize)]
struct CheckTextOut {
    hits: Vec<ScanHit>,
    single: Option<Checked>,
}

/// One user list as the options page stores it.
#[derive(serde::Deserialize)]
struct UserListIn {
    label: String,
    csv: String,
}

#[derive(Serialize)]
struct RejectedRow {
    line: Option<u64>,
    value: String,
    reason: String,
}

#[derive(Serialize)]
struct UserListReport {
    label: String,
    entries: usize,
    rejected: usize,
    rows: Vec<RejectedRow>,
    error: Option<String>,
}

/// The answer to `info`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InfoOut<'a> {
    sequence: f64,
    source: &'a str,
    /// [`verdict::source_code`] of `source`, for the popup to name it in the UI's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    source_code: Option<&'static str>,
    source_date: &'a str,
    generated_at: &'a str,
    /// The signed `signed_at` and `expires_at` as RFC 3339 UTC; null in a version 1 bundle.
    signed_at: Option<String>,
    expires_at: Option<String>,
    entity_count: u32,
    entry_count: u32,
    /// Distinct addresses (an address listed for two entities is one address, two entries).
    address_count: u32,
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&ser)
        .map_err(|e| JsError::new(&format!("could not convert the result for JS: {e}")))
}

/// Converts ascending UTF-8 byte offsets of one text into UTF-16 code unit offsets.
struct Utf16Cursor<'a> {
    text: &'a str,
    ascii: bool,
    byte: usize,
    unit: usize,
}

impl<'a> Utf16Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Utf16Cursor {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            unit: 0,
        }
    }

    /// UTF-16 offset of byte offset `target` (a char boundary). Cheap when targets come
    /// in ascending order; correct in any order.
    fn utf16_at(&mut self, target: usize) -> usize {
        if self.ascii {
            return target;
        }
        if target < self.byte {
            self.byte = 0;
            self.unit = 0;
        }
        let piece = self.text.get(self.byte..target).unwrap_or("");
        self.unit += piece.chars().map(char::len_utf16).sum::<usize>();
        self.byte = target;
        self.unit
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[wasm_bindgen]
impl Engine {
    /// A bundle fetched for one record of the feed (`latest.json`, or an entry of
    /// `history.json`, as JSON text): checked against the record's size and SHA-256, the
    /// pinned publisher key and its sequence, as the extension's refresh checks it
    /// ([`crate::list::feed::check_bundle`]). The site's list browser uses this.
    #[wasm_bindgen(js_name = fromFeedRecord)]
    pub fn from_feed_record(record_json: &str, bytes: &[u8]) -> Result<Engine, JsError> {
        install_panic_hook();
        let fail = |e: crate::list::feed::FeedError| JsError::new(&e.to_string());
        let record = crate::list::feed::Manifest::parse(record_json.as_bytes()).map_err(fail)?;
        let set = crate::list::feed::check_bundle(&record, bytes, 0, &crate::list::PUBLISHER_KEY)
            .map_err(fail)?;
        Ok(Engine::of(set))
    }

    /// Verifies `bytes` (a signed bundle from the feed, or one stored after a refresh)
    /// against the pinned publisher key ([`crate::list::PUBLISHER_KEY`]), parses it fully
    /// and builds the index. `minSequence` (optional, default 0) refuses bundles whose
    /// sequence is lower: pass `current + 1` to require a strictly newer one.
    #[wasm_bindgen(js_name = fromBundle)]
    pub fn from_bundle(bytes: &[u8], min_sequence: Option<f64>) -> Result<Engine, JsError> {
        install_panic_hook();
        let min = min_sequence
            .filter(|m| m.is_finite() && *m > 0.0)
            .map(|m| m.ceil() as u64)
            .unwrap_or(0);
        let set = LoadedSet::from_bundle_min_sequence(bytes, &crate::list::PUBLISHER_KEY, min)
            .map_err(|e| JsError::new(&format!("bundle refused: {e}")))?;
        Ok(Engine::of(set))
    }

    /// Loads the bundle packaged with the extension (`lists/ofac-sdn.bundle`), verified
    /// against the key that signed it ([`crate::list::BUNDLED_SIGNER_KEY`]); a test build
    /// that pins another feed key still loads the real packaged set.
    #[wasm_bindgen(js_name = fromPackagedBundle)]
    pub fn from_packaged_bundle(bytes: &[u8]) -> Result<Engine, JsError> {
        install_panic_hook();
        let set = LoadedSet::from_bundle(bytes, &crate::list::BUNDLED_SIGNER_KEY)
            .map_err(|e| JsError::new(&format!("packaged bundle refused: {e}")))?;
        Ok(Engine::of(set))
    }

    /// An engine with no entries: every address is "clear". Used when no bundle could
    /// be loaded, so pages still get detection and cards.
    pub fn empty() -> Engine {
        install_panic_hook();
        Engine {
            short: std::cell::OnceCell::new(),
            set: LoadedSet::default(),
        }
    }

    /// Finds every address in `text`: `[{start, end, address, chains, kind, candidate,
    /// sanctioned, matches}]`, offsets in UTF-16 code units. Solana strings (no checksum)
    /// are only reported when they are in the set.
    pub fn scan(&self, text: &str) -> Result<JsValue, JsError> {
        let hits = self.scan_text(text)?;
        to_js(&hits)
    }

    /// `scan` over an array of strings in one call; returns an array of result arrays in
    /// the same order (a non-string element gives an empty result).
    #[wasm_bindgen(js_name = scanMany)]
    pub fn scan_many(&self, texts: &js_sys::Array) -> Result<JsValue, JsError> {
        let n = texts.length();
        if n > MAX_TEXTS {
            return Err(JsError::new(&format!(
                "too many texts in one call ({n}; at most {MAX_TEXTS})"
            )));
        }
        let out = js_sys::Array::new_with_length(n);
        for i in 0..n {
            let value = match texts.get(i).as_string() {
                Some(s) => to_js(&self.scan_text(&s)?)?,
                None => js_sys::Array::new().into(),
            };
            out.set(i, value);
        }
        Ok(out.into())
    }

    /// What a checker box shows for any text: `{hits, single}`, the addresses `scan` finds,
    /// and when there are none and the text is one token ([`verdict::lone_token`]), its
    /// `check` (which says why it is not an address); `single` is null otherwise.
    #[wasm_bindgen(js_name = checkText)]
    pub fn check_text(&self, text: &str) -> Result<JsValue, JsError> {
        let hits = self.scan_text(text)?;
        let single = match verdict::lone_token(text) {
            Some(token) if hits.is_empty() => Some(self.check_out(token)),
            _ => None,
        };
        to_js(&CheckTextOut { hits, single })
    }

    /// `scanMany` for the content script, in the form that is cheapest to send to a page:
    /// extension messages are converted value by value, so 400 texts and 12,000 hit objects
    /// cost the page far more to receive than one string and one small table. `joined` is
    /// the texts separated by U+0000 (the content script turns any U+0000 of a page into a
    /// space first: both are delimiters to the scanner). Returns `{hits, addrs}`: `hits` a
    /// string of base-36 numbers, four per hit, `text,start,end,addr` (UTF-16 offsets in that
    /// text; `addr` indexes `addrs`), `addrs` one [`Checked`] per distinct address (a page
    /// that shows one address in text, href and title sends it once). With `chains`, only
    /// addresses on one of those chains are kept (the user's "chains to watch").
    #[wasm_bindgen(js_name = scanPacked)]
    pub fn scan_packed(
        &self,
        joined: &str,
        chains: Option<Vec<String>>,
    ) -> Result<JsValue, JsError> {
        use std::fmt::Write;
        let mut hits = String::new();
        let mut addrs: Vec<Checked> = Vec::new();
        let mut possible = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (ti, text) in joined.split('\0').enumerate() {
            if ti as u32 >= MAX_TEXTS {
                return Err(JsError::new(&format!(
                    "too many texts in one call (at most {MAX_TEXTS})"
                )));
            }
            for s in crate::shortened::find(text) {
                let candidates = self.short_index().candidates(&s);
                if !candidates.is_empty() {
                    let u16_at = |b: usize| clamp_u32(text[..b].encode_utf16().count());
                    possible.push(PossibleOut {
                        text: ti as u32,
                        start: u16_at(s.start),
                        end: u16_at(s.end),
                        shown: text[s.start..s.end].to_string(),
                        candidates,
                    });
                }
            }
            for h in self.scan_text(text)? {
                let c = h.checked;
                if let Some(watch) = &chains {
                    if !c.chains.iter().any(|id| watch.iter().any(|w| w == id)) {
                        continue;
                    }
                }
                let key = c.address.clone().unwrap_or_default();
                let ai = match index.get(&key) {
                    Some(&i) => i,
                    None => {
                        addrs.push(c);
                        index.insert(key, addrs.len() - 1);
                        addrs.len() - 1
                    }
                };
                if !hits.is_empty() {
                    hits.push(',');
                }
                let _ = write!(
                    hits,
                    "{},{},{},{}",
                    radix36(ti),
                    radix36(h.start as usize),
                    radix36(h.end as usize),
                    radix36(ai)
                );
            }
        }
        to_js(&PackedOut {
            hits,
            addrs,
            possible,
        })
    }

    /// Checks one pasted or typed string: `{valid, error, chains, canonical, kind,
    /// candidate, sanctioned, matches}`.
    pub fn check(&self, input: &str) -> Result<JsValue, JsError> {
        to_js(&self.check_out(input))
    }

    fn check_out(&self, input: &str) -> Checked {
        Checked::parse(input, &self.set)
    }

    /// Provenance of the loaded set: `{sequence, source, sourceCode?, sourceDate, generatedAt,
    /// signedAt, expiresAt (RFC 3339 UTC or null),
    /// entityCount, entryCount, addressCount}` (`addressCount`: distinct addresses of the
    /// official set; `entryCount` counts listings).
    pub fn info(&self) -> Result<JsValue, JsError> {
        let h = self.set.header();
        to_js(&InfoOut {
            sequence: h.sequence as f64,
            source: &h.source,
            source_code: verdict::source_code(&h.source),
            source_date: &h.source_date,
            generated_at: &h.generated_at,
            signed_at: h.signed_at.map(crate::list::date::timestamp_string),
            expires_at: h.expires_at.map(crate::list::date::timestamp_string),
            entity_count: h.entity_count,
            entry_count: h.entry_count,
            address_count: u32::try_from(self.set.address_count()).unwrap_or(u32::MAX),
        })
    }

    /// Replaces the user's own lists with `lists` (`[{label, csv}]`, CSV rows
    /// `address,label[,program]`). Returns one report per list: `{label, entries,
    /// rejected, rows: [{line, value, reason}] (first 50), error}`. A list that is refused
    /// as a whole (no name, too large) is reported with `error` and left out.
    #[wasm_bindgen(js_name = setUserLists)]
    pub fn set_user_lists(&mut self, lists: JsValue) -> Result<JsValue, JsError> {
        let lists: Vec<UserListIn> = serde_wasm_bindgen::from_value(lists)
            .map_err(|e| JsError::new(&format!("user lists must be [{{label, csv}}]: {e}")))?;
        let mut set = std::mem::take(&mut self.set);
        let names: Vec<String> = set
            .user_lists()
            .iter()
            .map(|u| u.name().to_string())
            .collect();
        for n in names {
            set = set.without_user_list(&n);
        }
        let mut reports = Vec::with_capacity(lists.len());
        for l in lists {
            // Checked here so that `with_user_list` (which consumes the set) cannot fail.
            let refused = if l.label.trim().is_empty() {
                Some(UserListError::EmptyName)
            } else if l.csv.len() > MAX_USER_LIST_BYTES {
                Some(UserListError::TooLarge {
                    bytes: l.csv.len(),
                    limit: MAX_USER_LIST_BYTES,
                })
            } else {
                None
            };
            if let Some(e) = refused {
                reports.push(UserListReport {
                    label: l.label,
                    entries: 0,
                    rejected: 0,
                    rows: Vec::new(),
                    error: Some(e.to_string()),
                });
                continue;
            }
            match set.with_user_list(&l.label, &l.csv) {
                Ok((next, rejected)) => {
                    let entries = next
                        .user_lists()
                        .iter()
                        .find(|u| u.name() == l.label.trim())
                        .map_or(0, |u| u.entry_count());
                    reports.push(UserListReport {
                        label: l.label,
                        entries,
                        rejected: rejected.len(),
                        rows: rejected
                            .into_iter()
                            .take(50)
                            .map(|r| RejectedRow {
                                line: r.line,
                                value: r.value,
                                reason: r.reason,
                            })
                            .collect(),
                        error: None,
                    });
                    set = next;
                }
                Err(e) => {
                    // Unreachable after the checks above; the set was consumed, so say so.
                    return Err(JsError::new(&format!(
                        "user list {:?} refused and the set must be reloaded: {e}",
                        l.label
                    )));
                }
            }
        }
        self.set = set;
        self.short = std::cell::OnceCell::new(); // the user's lists changed what is listed
        to_js(&reports)
    }

    /// The user's lists as bytes, for the extension's cache (`list::user_cache`).
    #[wasm_bindgen(js_name = userListsBytes)]
    pub fn user_lists_bytes(&self) -> Result<Vec<u8>, JsError> {
        self.set.user_lists_bytes().map_err(|e| JsError::new(&e))
    }

    /// Replaces the user's lists with cached bytes from [`Engine::user_lists_bytes`];
    /// throws (changing nothing) when they are refused.
    #[wasm_bindgen(js_name = restoreUserLists)]
    pub fn restore_user_lists(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.set
            .restore_user_lists(bytes)
            .map_err(|e| JsError::new(&format!("user-list cache refused: {e}")))?;
        self.short = std::cell::OnceCell::new();
        Ok(())
    }

    /// The official set as the site's downloads write it (CSV and JSON, built in the page):
    /// `{sequence, source, sourceDate, generatedAt, entries: [{address, chains, entity,
    /// sdnUid, programs, listedUnder, firstSeen, designated}], delisted: [{address, chains,
    /// entity, sdnUid, programs, listedUnder, listedUntil, removed}]}`, one row per listing,
    /// in the set's order; `address` as people write it (EIP-55 for EVM); unknown dates are
    /// null (a version 1 bundle has no first-seen dates and no delisted records).
    #[wasm_bindgen(js_name = exportList)]
    pub fn export_list(&self) -> Result<JsValue, JsError> {
        export::list(&self.set)
    }

    /// The loaded set's sequence number (a plain number for cheap comparisons in JS).
    #[wasm_bindgen(getter)]
    pub fn sequence(&self) -> f64 {
        self.set.header().sequence as f64
    }
}

/// Rust-only API (the wallet checks in `tx.rs` use the set directly).
impl Engine {
    fn of(set: LoadedSet) -> Engine {
        Engine {
            set,
            short: std::cell::OnceCell::new(),
        }
    }

    fn short_index(&self) -> &crate::shortened::ShortIndex {
        self.short
            .get_or_init(|| crate::shortened::ShortIndex::build(&self.set))
    }

    /// The loaded set.
    pub fn set(&self) -> &LoadedSet {
        &self.set
    }

    fn scan_text(&self, text: &str) -> Result<Vec<ScanHit>, JsError> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(JsError::new(&format!(
                "text too long to scan ({} bytes; at most {MAX_TEXT_BYTES})",
                text.len()
            )));
        }
        let found = scan::scan(text);
        let mut cursor = Utf16Cursor::new(text);
        let mut hits = Vec::with_capacity(found.len());
        for f in found {
            let v = verdict::check(&f.address, &self.set);
            if !verdict::reportable(&f.address, v.sanctioned) {
                continue;
            }
            let start = cursor.utf16_at(f.start);
            let end = cursor.utf16_at(f.end);
            hits.push(hit(start, end, &text[f.start..f.end], &f.address, v));
        }
        Ok(hits)
    }
}

fn hit(start: usize, end: usize, input: &str, addr: &Address, v: verdict::Verdict) -> ScanHit {
    ScanHit {
        start: clamp_u32(start),
        end: clamp_u32(end),
        checked: Checked::of(input, addr, v),
    }
}

/// [`Engine::export_list`]: the rows of the site's CSV and JSON downloads.
mod export {
    use serde::Serialize;
    use wasm_bindgen::prelude::*;

    use crate::address::{self, AddressKey};
    use crate::list::{Entity, LoadedSet};

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Row<'a> {
        address: Option<String>,
        chains: Vec<&'static str>,
        entity: &'a str,
        sdn_uid: Option<u32>,
        programs: &'a [String],
        listed_under: &'a [String],
        #[serde(skip_serializing_if = "Option::is_none")]
        first_seen: Option<Option<&'a str>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        designated: Option<Option<&'a str>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        listed_until: Option<Option<&'a str>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        removed: Option<Option<&'a str>>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Out<'a> {
        sequence: f64,
        source: &'a str,
        source_date: &'a str,
        generated_at: &'a str,
        entries: Vec<Row<'a>>,
        delisted: Vec<Row<'a>>,
    }

    /// A row's common part: the address (display form) and chains of `key`, and `entity`.
    fn row<'a>(key: &AddressKey, entity: &'a Entity, listed_under: &'a [String]) -> Row<'a> {
        let parsed = address::encode_key(key).and_then(|a| address::parse(&a).ok());
        Row {
            address: parsed.as_ref().map(|a| a.display()),
            chains: parsed.map(|a| a.chains.ids()).unwrap_or_default(),
            entity: &entity.name,
            sdn_uid: entity.sdn_uid,
            programs: &entity.programs,
            listed_under,
            first_seen: None,
            designated: None,
            listed_until: None,
            removed: None,
        }
    }

    pub(super) fn list(set: &LoadedSet) -> Result<JsValue, JsError> {
        let h = set.header();
        let unknown = Entity::default();
        let entries = set
            .entries()
            .map(|e| {
                let entity = set.entities().get(e.entity as usize).unwrap_or(&unknown);
                Row {
                    first_seen: Some(e.first_seen),
                    designated: Some(entity.designated.as_deref()),
                    ..row(&e.key(), entity, e.listed_under)
                }
            })
            .collect();
        let delisted = set
            .delisted()
            .iter()
            .map(|d| Row {
                listed_until: Some(d.listed_until.as_deref()),
                removed: Some(d.removed.as_deref()),
                ..row(&d.key, &d.entity, &d.listed_under)
            })
            .collect();
        super::to_js(&Out {
            sequence: h.sequence as f64,
            source: &h.source,
            source_date: &h.source_date,
            generated_at: &h.generated_at,
            entries,
            delisted,
        })
    }
}
