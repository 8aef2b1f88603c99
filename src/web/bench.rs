//! Exports used only by the peer benchmark (`benches/peers/run.mjs`): the engine's raw
//! speed with the JS boundary included, and without it (text already in wasm memory).
//!
//! Nothing here touches the sanctions set; the extension does not call these.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::address;
use crate::scan;

thread_local! {
    /// One reusable buffer for "text already in wasm memory" runs.
    static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Is `s` a valid address of any family? (The per-string validation benchmark.)
#[wasm_bindgen(js_name = benchValidate)]
pub fn validate(s: &str) -> bool {
    address::parse(s).is_ok()
}

/// Validates every line of `text` (one JS call for many strings); returns how many are valid.
#[wasm_bindgen(js_name = benchValidateLines)]
pub fn validate_lines(text: &str) -> u32 {
    text.lines().filter(|l| address::parse(l).is_ok()).count() as u32
}

/// Copies `text` in and scans it: addresses found that are not candidate-only.
#[wasm_bindgen(js_name = benchScanCount)]
pub fn scan_count(text: &str) -> u32 {
    scan::count_confirmed(text.as_bytes()) as u32
}

/// Same, counting candidate-only shapes too (Solana keys, Tron hex).
#[wasm_bindgen(js_name = benchScanCountAll)]
pub fn scan_count_all(text: &str) -> u32 {
    let mut n = 0u32;
    scan::scan_with(text.as_bytes(), |_| n += 1);
    n
}

/// Makes the reusable buffer `len` bytes long and returns its address in wasm memory,
/// for JS to write text into (`new Uint8Array(memory.buffer, ptr, len)`).
#[wasm_bindgen(js_name = benchBuffer)]
pub fn buffer(len: usize) -> *mut u8 {
    BUF.with(|b| {
        let mut b = b.borrow_mut();
        b.clear();
        b.resize(len, 0);
        b.as_mut_ptr()
    })
}

/// Scans the reusable buffer (text already in wasm memory): non-candidate addresses found.
#[wasm_bindgen(js_name = benchScanBuffer)]
pub fn scan_buffer() -> u32 {
    BUF.with(|b| scan::count_confirmed(&b.borrow()) as u32)
}

/// Scans the first `len` bytes of the reusable buffer (JS wrote them there with
/// `TextEncoder.encodeInto`, the fastest way to copy a JS string into wasm memory).
#[wasm_bindgen(js_name = benchScanBufferPrefix)]
pub fn scan_buffer_prefix(len: usize) -> u32 {
    BUF.with(|b| {
        let b = b.borrow();
        scan::count_confirmed(&b[..len.min(b.len())]) as u32
    })
}

/// The spans found in `text` as `[start, end, candidate(0/1), ...]` byte offsets, for the
/// benchmark's false-positive count on the decoy corpus.
#[wasm_bindgen(js_name = benchScanSpans)]
pub fn scan_spans(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    scan::scan_with(text.as_bytes(), |f| {
        out.push(f.start as u32);
        out.push(f.end as u32);
        out.push(u32::from(f.address.candidate_only));
    });
    out
}
