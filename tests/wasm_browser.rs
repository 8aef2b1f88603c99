//! The extension's engine in headless Chromium (the same wasm the service worker runs):
//! `CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --no-default-features --test wasm_browser`
//!
//! A restarted service worker rebuilds the engine from bundle bytes before its first
//! answer, so that rebuild must be fast; and a page-sized batch must scan well inside the
//! page budget. Bounds here are loose (debug build, shared CI machine); the release figures
//! are in docs/extension.md.
#![cfg(target_arch = "wasm32")]

use sightline::web::engine::Engine;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const BUNDLE: &[u8] = include_bytes!("../lists/ofac-sdn.bundle");
const BAD: &str = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96";
const GOOD: &str = "0x52908400098527886E0F7030069857D2E4169EE7";

fn now() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
fn rebuild_from_bundle_bytes_is_fast() {
    let t0 = now();
    let mut n = 0;
    for _ in 0..5 {
        if Engine::from_packaged_bundle(BUNDLE).is_ok() {
            n += 1;
        }
    }
    let per = (now() - t0) / 5.0;
    assert_eq!(n, 5);
    web_sys::console::log_1(&JsValue::from_str(&format!("engine rebuild: {per:.1} ms")));
    assert!(per < 250.0, "rebuild took {per} ms");
}

#[wasm_bindgen_test]
fn a_page_batch_scans_inside_the_budget() {
    let e = Engine::from_packaged_bundle(BUNDLE).unwrap_or_else(|_| Engine::empty());
    // ~1 MB of prose with 1,000 addresses, in 400 texts (what one content-script batch holds).
    let para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. ";
    let texts = js_sys::Array::new();
    let mut total = 0;
    for i in 0..400 {
        let mut t = para.repeat(24);
        for k in 0..3 {
            t.push_str(if (i + k) % 50 == 0 { BAD } else { GOOD });
            t.push(' ');
        }
        total += t.len();
        texts.push(&JsValue::from_str(&t));
    }
    let t0 = now();
    let out = e.scan_many(&texts).unwrap_or(JsValue::NULL);
    let ms = now() - t0;
    let arr: js_sys::Array = out.into();
    assert_eq!(arr.length(), 400);
    let mut found = 0;
    for i in 0..arr.length() {
        found += js_sys::Array::from(&arr.get(i)).length();
    }
    assert_eq!(found, 1200);
    web_sys::console::log_1(&JsValue::from_str(&format!(
        "scanMany: {total} bytes in {ms:.1} ms"
    )));
    assert!(ms < 1000.0, "scan of {total} bytes took {ms} ms");
}
