//! The list browser's view of a set (src/web/feed.rs `listEntries`) in wasm, run in node:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --no-default-features --test wasm_feed`
//!
//! On the real bundled set. The feed's pure checks are native (tests/suite/list_feed.rs); the
//! fetching is covered end to end in Chromium (tests/e2e/feed.test.mjs).
#![cfg(target_arch = "wasm32")]

use sightline::web::engine::Engine;
use sightline::web::feed::list_entries;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const BUNDLE: &[u8] = include_bytes!("../lists/ofac-sdn.bundle");

fn get(v: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

#[wasm_bindgen_test]
fn list_entries_gives_every_entry_with_its_entity() {
    let engine = Engine::from_packaged_bundle(BUNDLE).unwrap();
    let list = list_entries(&engine).unwrap();
    assert_eq!(get(&list, "sequence").as_f64(), Some(1.0));
    assert_eq!(
        get(&list, "sourceDate").as_string().as_deref(),
        Some("2026-08-20")
    );
    let entries = js_sys::Array::from(&get(&list, "entries"));
    let entities = js_sys::Array::from(&get(&list, "entities"));
    assert_eq!(entries.length(), 960);
    assert_eq!(entities.length(), 94);
    let lazarus = entries
        .iter()
        .find(|e| {
            get(e, "address").as_string().as_deref()
                == Some("0x098b716b8aaf21512996dc57eb0615e2383e2f96")
        })
        .expect("the LAZARUS GROUP address is listed");
    let chains = js_sys::Array::from(&get(&lazarus, "chains"));
    assert_eq!(chains.get(0).as_string().as_deref(), Some("evm"));
    let entity = entities.get(get(&lazarus, "entity").as_f64().unwrap() as u32);
    assert_eq!(
        get(&entity, "name").as_string().as_deref(),
        Some("LAZARUS GROUP")
    );
    assert_eq!(get(&entity, "sdnUid").as_f64(), Some(27307.0));
    // Every entry re-encodes to an address string.
    assert!(entries.iter().all(|e| get(&e, "address").is_string()));
}
