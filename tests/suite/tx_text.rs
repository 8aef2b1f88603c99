//! Engine text the extension localises (src/tx/text.rs, verdict::source_code, address
//! kinds): every code has its message in every locale of extension/_locales with the same
//! placeholders, the English message is the engine's template, and what the extension
//! renders from a report's codes and parameters with the English messages is, word for
//! word, the English the report carries (`action`, `notes`, `error`, the decoder's reason
//! inside it included) for every wallet request vector.

use crate::{fixture, vectors};
use serde_json::{json, Map, Value};
use sightline::tx::text::Text;
use std::collections::BTreeSet;

const EN: &str = include_str!("../../extension/_locales/en/messages.json");
const FR: &str = include_str!("../../extension/_locales/fr/messages.json");
const LOCALES: &[(&str, &str)] = &[("en", EN), ("fr", FR)];

fn messages(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text).expect("messages.json") {
        Value::Object(m) => m,
        _ => panic!("messages.json is not an object"),
    }
}

fn message<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    m.get(key)?.get("message")?.as_str()
}

/// `$1`..`$9` a message uses.
fn placeholders(s: &str) -> BTreeSet<char> {
    let b: Vec<char> = s.chars().collect();
    b.windows(2)
        .filter(|w| w[0] == '$' && ('1'..='9').contains(&w[1]))
        .map(|w| w[1])
        .collect()
}

/// Every engine-text key with the English the engine would write, when it has one.
fn keys() -> Vec<(String, Option<&'static str>)> {
    let mut k: Vec<(String, Option<&str>)> = Text::ALL
        .iter()
        .map(|t| (format!("action_{}", t.code()), Some(t.english())))
        .collect();
    for code in ["ofac_sdn", "user_list"] {
        k.push((format!("source_{code}"), None));
    }
    for kind in kinds() {
        k.push((kind_key(&kind), None));
    }
    k
}

#[test]
fn every_code_is_unique_and_has_a_message_in_every_locale() {
    let mut seen = BTreeSet::new();
    for t in Text::ALL {
        assert!(seen.insert(t.code()), "code {} twice", t.code());
        assert!(
            t.code()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{}",
            t.code()
        );
    }
    let en = messages(EN);
    let mut missing = Vec::new();
    for (lang, text) in LOCALES {
        let m = messages(text);
        for (key, english) in keys() {
            let Some(msg) = message(&m, &key) else {
                missing.push(format!("{lang}: {key}"));
                continue;
            };
            let want = english.map_or_else(
                || placeholders(message(&en, &key).unwrap_or("")),
                placeholders,
            );
            assert_eq!(placeholders(msg), want, "{lang}: {key}: {msg:?}");
            if *lang == "en" {
                if let Some(e) = english {
                    assert_eq!(msg, e, "en: {key} is not the engine's English");
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "messages missing:\n{}",
        missing.join("\n")
    );
}

/// What the extension does (extension/shared/engine-text.js `phrase`): the message of the
/// code with its parameters rendered the same way, lists joined by ", ".
fn render(m: &Map<String, Value>, code: &Value, params: &Value) -> String {
    let code = code.as_str().expect("code");
    let msg =
        message(m, &format!("action_{code}")).unwrap_or_else(|| panic!("no message for {code}"));
    let subs: Vec<String> = params
        .as_array()
        .map(|a| a.iter().map(|p| param(m, p)).collect())
        .unwrap_or_default();
    let mut out = msg.to_string();
    for (i, s) in subs.iter().enumerate().rev() {
        out = out.replace(&format!("${}", i + 1), s);
    }
    out
}

fn param(m: &Map<String, Value>, p: &Value) -> String {
    match p {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(|x| param(m, x)).collect::<Vec<_>>().join(", "),
        Value::Object(o) => render(m, &o["code"], &o["params"]),
        other => panic!("parameter {other}"),
    }
}

fn requests() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (name, text) in vectors::TX.iter().filter(|(n, _)| n.ends_with(".json")) {
        let v: Value = serde_json::from_str(text).unwrap();
        let list = v.as_array().or_else(|| v["requests"].as_array()).unwrap();
        for x in list {
            out.push((format!("{name}: {}", x["name"]), x["request"].clone()));
        }
    }
    // Texts the vector files do not reach.
    let tron = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8";
    let btc = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
    let evm = "0x098b716b8aaf21512996dc57eb0615e2383e2f96";
    for (name, req) in [
        (
            "unknown family",
            json!({"family": "cosmos", "method": "x", "params": []}),
        ),
        (
            "too large",
            json!({"family": "evm", "method": "x", "tooLarge": true}),
        ),
        (
            "not copied",
            json!({"family": "evm", "method": "x", "unreadable": true}),
        ),
        (
            "TRC-10 send",
            json!({"family": "tron", "method": "sendToken", "params": [tron, 5, "1002000"]}),
        ),
        (
            "TRC-10 send, no amount",
            json!({"family": "tron", "method": "sendToken", "params": [tron]}),
        ),
        (
            "TRX send, no amount",
            json!({"family": "tron", "method": "sendTrx", "params": [tron]}),
        ),
        (
            "inscription",
            json!({"family": "bitcoin", "method": "sendInscription", "params": [btc]}),
        ),
        (
            "runes",
            json!({"family": "bitcoin", "method": "sendRunes", "params": [btc]}),
        ),
        (
            "bitcoin, no amount",
            json!({"family": "bitcoin", "method": "sendBitcoin", "params": [btc]}),
        ),
        (
            "value and call",
            json!({"family": "evm", "method": "eth_sendTransaction",
            "params": [{"to": evm, "value": "0x1", "data": "0x12345678"}]}),
        ),
        // Decoder reasons with parameters, or a reason of their own (alloy_rlp's words).
        (
            "RLP length with a leading zero",
            json!({"family": "evm", "method": "eth_sendRawTransaction", "params": ["0xf90038"]}),
        ),
        (
            "RLP long form of a short length",
            json!({"family": "evm", "method": "eth_sendRawTransaction", "params": ["0xf83700"]}),
        ),
        (
            "unknown envelope",
            json!({"family": "evm", "method": "eth_sendRawTransaction", "params": ["0x05c0"]}),
        ),
        (
            "typed data without a struct field",
            json!({"family": "evm", "method": "eth_signTypedData_v4", "params": [evm, {
                "types": {"Mail": [{"name": "to", "type": "address"}]},
                "primaryType": "Mail", "domain": {}, "message": {}}]}),
        ),
        (
            "Tron field not an address",
            json!({"family": "tron", "method": "sign", "params": [{"raw_data": {"contract": [
                {"type": "TransferContract", "parameter": {"value": {"to_address": "x"}}}]}}]}),
        ),
        (
            "truncated ERC-20 transfer",
            json!({"family": "evm", "method": "eth_sendTransaction",
            "params": [{"to": evm, "data": "0xa9059cbb00"}]}),
        ),
        (
            "truncated PSBT",
            json!({"family": "bitcoin", "method": "signPsbt", "params": ["70736274ff01004c02000000"]}),
        ),
        ("not an object", json!([])),
    ] {
        out.push((name.into(), req));
    }
    out.push(("not JSON".into(), Value::String("{".into())));
    out
}

#[test]
fn the_english_messages_render_what_the_report_says() {
    let en = messages(EN);
    let set = fixture::set();
    let mut used = BTreeSet::new();
    let mut reasons = BTreeSet::new();
    let mut n = 0;
    for (name, req) in requests() {
        let report = sightline::tx::check(&req, &set);
        let r = serde_json::to_value(&report).unwrap();
        if let Some(e) = r.get("error") {
            let code = &r["error_code"];
            let params = r.get("error_params").cloned().unwrap_or(Value::Null);
            assert_eq!(&Value::String(render(&en, code, &params)), e, "{name}");
            used.insert(code.as_str().unwrap().to_string());
            if code == "error_unreadable" {
                // The reason is a phrase of its own, never bare English.
                let why = &params[0];
                assert!(why["code"].is_string(), "{name}: {params}");
                codes_in(why, &mut reasons);
            }
        }
        for t in r["targets"].as_array().unwrap() {
            let got = render(&en, &t["action_code"], &t["action_params"]);
            assert_eq!(t["action"].as_str(), Some(got.as_str()), "{name}: {t}");
            used.insert(t["action_code"].as_str().unwrap().to_string());
            n += 1;
        }
        let notes = r["notes"].as_array().unwrap();
        let coded = r["note_codes"].as_array().unwrap();
        assert_eq!(notes.len(), coded.len(), "{name}");
        for (text, c) in notes.iter().zip(coded) {
            assert_eq!(
                text.as_str(),
                Some(render(&en, &c["code"], &c["params"]).as_str()),
                "{name}"
            );
        }
        assert_eq!(r["list_source_code"], "ofac_sdn", "{name}");
    }
    assert!(n > 100, "{n} targets");
    // Most codes are reached here (every one has its message: the test above).
    assert!(used.len() >= 30, "{used:?}");
    // The reasons, and alloy_rlp's inside `raw_bad_rlp`.
    assert!(reasons.len() >= 26, "{reasons:?}");
    assert!(reasons.contains("rlp_leading_zero") && reasons.contains("rlp_size"));
}

/// Every code in a phrase, nested ones too.
fn codes_in(p: &Value, out: &mut BTreeSet<String>) {
    match p {
        Value::Array(a) => a.iter().for_each(|x| codes_in(x, out)),
        Value::Object(o) => {
            out.insert(o["code"].as_str().expect("code").to_string());
            codes_in(&o["params"], out);
        }
        _ => {}
    }
}

#[test]
fn list_sources_have_codes() {
    use sightline::verdict::source_code;
    assert_eq!(
        source_code(sightline::list::import::OFAC_SOURCE),
        Some("ofac_sdn")
    );
    assert_eq!(source_code("your list: watch"), Some("user_list"));
    assert_eq!(source_code("Some other list"), None);
    let (set, _) = fixture::set()
        .with_user_list("watch", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96,mine\n")
        .unwrap();
    let a = sightline::address::parse("0x098B716B8Aaf21512996dC57EB0615e2383E2f96").unwrap();
    let codes: BTreeSet<_> = sightline::verdict::check(&a, &set)
        .matches
        .iter()
        .map(|m| m.source_code)
        .collect();
    assert_eq!(
        codes,
        [Some("ofac_sdn"), Some("user_list")].into(),
        "{codes:?}"
    );
}

/// The message of an address kind (engine-text.js `kindName`).
fn kind_key(label: &str) -> String {
    let mut k = String::from("kind_");
    let mut gap = false;
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            if gap {
                k.push('_');
            }
            gap = false;
            k.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    if gap {
        k.push('_');
    }
    k
}

/// Every kind label the address vectors produce.
fn kinds() -> BTreeSet<String> {
    fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::String(s) => out.push(s),
            Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    let parsed: Vec<Value> = vectors::ADDRESS
        .iter()
        .filter(|(n, _)| n.ends_with(".json"))
        .map(|(_, t)| serde_json::from_str(t).unwrap())
        .collect();
    for v in &parsed {
        strings(v, &mut all);
    }
    let set = sightline::list::LoadedSet::default();
    let kinds: BTreeSet<String> = all
        .iter()
        .filter_map(|s| sightline::verdict::Checked::parse(s, &set).kind)
        .map(str::to_string)
        .collect();
    // P2PKH .. classic: every Kind's label (address::Kind::label).
    assert!(kinds.len() >= 13, "{kinds:?}");
    kinds
}
