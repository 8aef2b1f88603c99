//! The extension's engine (src/web/engine.rs) in wasm, run in node:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --no-default-features --test wasm_node`
//!
//! What JS sees: UTF-16 offsets, verdicts and matches on the real bundled set, Solana
//! candidates dropped unless listed, user lists, refusals with readable reasons, and no
//! panic on hostile input.
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use sightline::list::{BUNDLED_SIGNER_KEY, PUBLISHER_KEY};
use sightline::web::engine::Engine;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const BUNDLE: &[u8] = include_bytes!("../lists/ofac-sdn.bundle");
const BAD: &str = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96";
const GOOD: &str = "0x52908400098527886E0F7030069857D2E4169EE7";
/// Listed under SOL (Rolan SOKOLOVSKI).
const SOL_LISTED: &str = "42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi";
/// A random 32-byte key, not listed.
const SOL_OTHER: &str = "7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV";

fn engine() -> Engine {
    match Engine::from_packaged_bundle(BUNDLE) {
        Ok(e) => e,
        Err(_) => panic!("the packaged bundle loads"),
    }
}

fn v(js: Result<JsValue, wasm_bindgen::JsError>) -> Value {
    match js {
        Ok(j) => serde_wasm_bindgen::from_value(j).unwrap_or(Value::Null),
        Err(_) => panic!("engine call failed"),
    }
}

/// A JSON value as JS objects (what the options page passes), not `Map`s.
fn to_js(value: &Value) -> JsValue {
    use serde::Serialize;
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// `text.slice(start, end)` as JS computes it (UTF-16 code units).
fn js_slice(text: &str, start: u64, end: u64) -> String {
    let s = js_sys::JsString::from(text);
    String::from(s.slice(start as u32, end as u32))
}

#[wasm_bindgen_test]
fn scan_reports_utf16_offsets_that_js_can_slice() {
    let e = engine();
    // é is 1 UTF-16 unit (2 UTF-8 bytes), 😀 is 2 units (4 bytes), 中 is 1 unit (3 bytes).
    let text = format!("é😀 pay {BAD} 中文 or {GOOD}.");
    let hits = v(e.scan(&text));
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["start"], json!(8));
    for h in hits {
        let sliced = js_slice(
            &text,
            h["start"].as_u64().unwrap(),
            h["end"].as_u64().unwrap(),
        );
        assert_eq!(sliced.to_lowercase(), h["address"].as_str().unwrap());
    }
    assert_eq!(hits[0]["address"], json!(BAD.to_lowercase()));
    assert_eq!(hits[0]["sanctioned"], json!(true));
    assert_eq!(hits[0]["chains"], json!(["evm"]));
    assert_eq!(hits[0]["kind"], json!("account"));
    assert_eq!(hits[0]["candidate"], json!(false));
    let m = &hits[0]["matches"][0];
    assert_eq!(m["name"], json!("LAZARUS GROUP"));
    assert!(m["sdn_uid"].as_u64().is_some());
    assert_eq!(m["source"], json!("OFAC SDN list"));
    assert!(m["programs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p == "DPRK3"));
    assert_eq!(hits[1]["sanctioned"], json!(false));
    assert_eq!(hits[1]["matches"], json!([]));
}

#[wasm_bindgen_test]
fn solana_candidates_only_when_listed() {
    let e = engine();
    let hits = v(e.scan(&format!("{SOL_OTHER} and {SOL_LISTED}")));
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["address"], json!(SOL_LISTED));
    assert_eq!(hits[0]["candidate"], json!(true));
    assert_eq!(hits[0]["sanctioned"], json!(true));
}

#[wasm_bindgen_test]
fn scan_many_keeps_order_and_tolerates_non_strings() {
    let e = engine();
    let arr = js_sys::Array::new();
    arr.push(&JsValue::from_str(&format!("a {GOOD}")));
    arr.push(&JsValue::from_f64(42.0));
    arr.push(&JsValue::from_str(BAD));
    let out = v(e.scan_many(&arr));
    let out = out.as_array().unwrap();
    assert_eq!(out.len(), 3);
    assert_eq!(out[0][0]["sanctioned"], json!(false));
    assert_eq!(out[1], json!([]));
    assert_eq!(out[2][0]["sanctioned"], json!(true));
    assert_eq!(out[2][0]["start"], json!(0));
}

#[wasm_bindgen_test]
fn check_gives_a_verdict_or_a_reason() {
    let e = engine();
    let bad = v(e.check(&format!("  {BAD}\n")));
    assert_eq!(bad["valid"], json!(true));
    assert_eq!(bad["sanctioned"], json!(true));
    assert_eq!(bad["address"], json!(BAD.to_lowercase()));
    assert_eq!(bad["input"], json!(format!("  {BAD}\n")));
    // One result shape (verdict::Checked): a scan hit is the same fields plus its span.
    let hit = v(e.scan(&format!("pay {BAD} now")));
    let mut keys: Vec<String> = hit[0].as_object().unwrap().keys().cloned().collect();
    keys.retain(|k| k != "start" && k != "end");
    keys.sort();
    let mut check_keys: Vec<String> = bad.as_object().unwrap().keys().cloned().collect();
    check_keys.sort();
    assert_eq!(keys, check_keys);
    assert_eq!(hit[0]["input"], json!(BAD));
    // checkText: the hits, or why a lone token is not an address.
    let t = v(e.check_text("0x098B716B8Aaf21512996dC57EB0615e2383E2F96"));
    assert_eq!(t["hits"], json!([]));
    assert_eq!(t["single"]["valid"], json!(false));
    let t = v(e.check_text("no address in this sentence"));
    assert_eq!(t["single"], json!(null));
    let typo = v(e.check("0x098B716B8Aaf21512996dC57EB0615e2383E2F96"));
    assert_eq!(typo["valid"], json!(false));
    assert!(typo["error"].as_str().unwrap().contains("EIP-55"), "{typo}");
    let junk = v(e.check("<img src=x onerror=alert(1)>"));
    assert_eq!(junk["valid"], json!(false));
    assert_eq!(junk["sanctioned"], json!(false));
}

#[wasm_bindgen_test]
fn info_describes_the_set() {
    let i = v(engine().info());
    assert_eq!(i["source"], json!("OFAC SDN list"));
    assert!(i["sequence"].as_u64().unwrap() >= 1);
    assert!(i["entryCount"].as_u64().unwrap() > 900);
    assert!(i["entityCount"].as_u64().unwrap() > 50);
    assert!(i["sourceDate"].as_str().unwrap().len() == 10);
    assert!(i["generatedAt"].as_str().is_some());
}

#[wasm_bindgen_test]
fn refusals_say_why() {
    assert!(Engine::from_packaged_bundle(&BUNDLE[..BUNDLE.len() - 10]).is_err());
    assert!(Engine::from_packaged_bundle(b"not a bundle at all").is_err());
    assert!(Engine::from_bundle(b"", None).is_err());
    if PUBLISHER_KEY == BUNDLED_SIGNER_KEY {
        let seq = engine().sequence();
        assert!(Engine::from_bundle(BUNDLE, Some(seq)).is_ok());
        // A strictly newer set is required when the caller passes current + 1.
        let err = Engine::from_bundle(BUNDLE, Some(seq + 1.0))
            .err()
            .expect("older refused");
        let msg: JsValue = err.into();
        let msg = msg
            .dyn_into::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_default();
        assert!(msg.contains("sequence") || msg.contains("older"), "{msg}");
    }
}

#[wasm_bindgen_test]
fn user_lists_add_their_label_beside_ofac_hits() {
    let mut e = engine();
    let lists = to_js(&json!([
        {"label": "Desk <b>watch</b>", "csv": format!("address,label\n{GOOD},Known scam\n{BAD},Lazarus again\nnope,bad row\n")},
        {"label": "  ", "csv": "x"}
    ]));
    let rep = v(e.set_user_lists(lists));
    assert_eq!(rep[0]["entries"], json!(2));
    assert_eq!(rep[0]["rejected"], json!(1));
    assert!(rep[1]["error"].as_str().is_some());
    let hits = v(e.scan(&format!("{GOOD} {BAD}")));
    let good = &hits[0];
    assert_eq!(
        good["matches"][0]["source"],
        json!("your list: Desk <b>watch</b>")
    );
    assert_eq!(good["matches"][0]["name"], json!("Known scam"));
    assert_eq!(
        good["sanctioned"],
        json!(true),
        "a user-list hit flags the address too"
    );
    let bad = &hits[1];
    assert_eq!(
        bad["matches"][0]["source"],
        json!("OFAC SDN list"),
        "official hits first"
    );
    assert_eq!(bad["matches"].as_array().unwrap().len(), 2);
    // Replacing with nothing removes them.
    v(e.set_user_lists(to_js(&json!([]))));
    assert_eq!(v(e.scan(GOOD))[0]["sanctioned"], json!(false));
    // Wrong shape: an error, not a panic.
    assert!(e.set_user_lists(JsValue::from_str("nope")).is_err());
}

#[wasm_bindgen_test]
fn hostile_text_never_panics() {
    let e = engine();
    let long_hex = "f".repeat(100_000);
    let nul = "\0".repeat(1000);
    let mixed = format!("{}{BAD}{}", "\u{200B}".repeat(50), "😀".repeat(5000));
    let cases: [&str; 8] = [
        "",
        "0x",
        &long_hex,
        &nul,
        &mixed,
        "bitcoincash:",
        "bc1",
        "\u{FEFF}\u{FFFF}",
    ];
    for c in cases {
        let _ = v(e.scan(c));
        let _ = v(e.check(c));
    }
    let empty = Engine::empty();
    assert_eq!(v(empty.scan(BAD))[0]["sanctioned"], json!(false));
    assert_eq!(v(empty.info())["entryCount"], json!(0));
}
