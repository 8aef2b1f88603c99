//! docs/cli.schema.json against real output: every JSON line `check`, `scan` and `screen`
//! write, for clean, sanctioned, invalid, over-long and token-account inputs, validates
//! against its definition (and the file is a valid 2020-12 schema itself).
use crate::bundled_list::{GENESIS, LAZARUS, SOL_LISTED};
use crate::cli::{json_lines, run, temp_file};
use serde_json::{json, Value};

const SCHEMA: &str = include_str!("../../docs/cli.schema.json");

fn validator(def: &str) -> jsonschema::Validator {
    let full: Value = serde_json::from_str(SCHEMA).unwrap();
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": full["$defs"],
        "$ref": format!("#/$defs/{def}"),
    });
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{def}: {e}"))
}

fn assert_valid(def: &str, lines: &[Value]) {
    assert!(!lines.is_empty(), "{def}: no output");
    let v = validator(def);
    let any = jsonschema::validator_for(&serde_json::from_str::<Value>(SCHEMA).unwrap()).unwrap();
    for l in lines {
        let errors: Vec<String> = v.iter_errors(l).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{def}: {errors:?}\n{l}");
        assert!(any.is_valid(l), "the top-level schema refuses {l}");
    }
}

#[test]
fn the_schema_is_a_schema() {
    let s: Value = serde_json::from_str(SCHEMA).unwrap();
    assert!(jsonschema::meta::is_valid(&s));
    // It says something: a line missing a field, or a wrong type, is refused.
    let v = validator("checked");
    assert!(!v.is_valid(&json!({"input": "x", "valid": true})));
    let c = run(&["check", "--json", GENESIS], None);
    let mut line = json_lines(&c).remove(0);
    assert!(validator("check_line").is_valid(&line));
    line["chains"] = json!("bitcoin");
    assert!(!validator("check_line").is_valid(&line));
}

#[test]
fn check_scan_and_screen_output_validates() {
    let mut long = vec![b'a'; 70_000];
    long.push(b'\n');
    long.extend_from_slice(
        format!("{GENESIS}\nhello\n0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\n{LAZARUS}\n")
            .as_bytes(),
    );
    let o = run(&["check", "--json", "-"], Some(&long));
    assert_valid("check_line", &json_lines(&o));
    let o = run(
        &["check", "--json", LAZARUS, GENESIS, "nope", SOL_LISTED],
        None,
    );
    assert_valid("check_line", &json_lines(&o));

    let text = format!(
        "<p>{GENESIS}</p> {LAZARUS} bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a {SOL_LISTED}\n"
    );
    let p = temp_file("schema.txt", text.as_bytes());
    let o = run(
        &[
            "scan",
            "--json",
            "--all",
            "--candidates",
            p.to_str().unwrap(),
        ],
        None,
    );
    let lines = json_lines(&o);
    assert!(lines.len() >= 4, "{lines:?}");
    assert_valid("scan_line", &lines);

    // A shortened listed address: a possible hit, in the scan line shape too.
    let p = temp_file(
        "schema-short.txt",
        format!("to 0x098B71...3E2f96 and {LAZARUS}\n").as_bytes(),
    );
    let o = run(&["scan", "--json", p.to_str().unwrap()], None);
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["possible"], true);
    assert_valid("scan_line", &lines);
    let o = run(&["check", "--json", "0x098B71...3E2f96"], None);
    assert_valid("check_line", &json_lines(&o));
    // The schema refuses a possible line without candidates, or one called valid.
    let mut bad = lines[0].clone();
    bad["candidates"] = json!([]);
    assert!(!validator("scan_line").is_valid(&bad));
    let mut bad = lines[0].clone();
    bad["valid"] = json!(true);
    assert!(!validator("scan_line").is_valid(&bad));

    let csv = format!("id,wallet\n1,{GENESIS}\n2,{LAZARUS}\n3,bad\n4,\n");
    let o = run(&["screen", "--json", "-"], Some(csv.as_bytes()));
    assert_valid("screen_line", &json_lines(&o));
    let jsonl = format!("{{\"to\":\"{LAZARUS}\"}}\n{{\"to\":5}}\n");
    let o = run(&["screen", "-"], Some(jsonl.as_bytes()));
    assert_valid("screen_line", &json_lines(&o));
}
