//! Scanner cases as data: every `tests/vectors/scan/cases_*.json` file holds
//! `[{name, note, text, expect: [{address, start, end, candidate_only}]}]`.
//! Each case runs through `scan` and through the streaming `Scanner` at many chunk sizes;
//! all must agree exactly (offsets included).
use crate::vectors::SCAN;
use serde::Deserialize;
use sightline::scan::{scan, Found, Scanner};

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    expect: Vec<Expect>,
}

#[derive(Deserialize, Debug, PartialEq, Eq)]
struct Expect {
    address: String,
    start: usize,
    end: usize,
    candidate_only: bool,
}

fn load() -> Vec<(String, Case)> {
    let mut out = Vec::new();
    for &(name, text) in SCAN.iter().filter(|(n, _)| n.starts_with("cases_")) {
        let cases: Vec<Case> =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("tests/vectors/scan/{name}: {e}"));
        out.extend(cases.into_iter().map(|c| (name.to_string(), c)));
    }
    out
}

fn as_expect(text: &str, found: &[Found]) -> Vec<Expect> {
    found
        .iter()
        .map(|f| Expect {
            address: text[f.start..f.end].to_string(),
            start: f.start,
            end: f.end,
            candidate_only: f.address.candidate_only,
        })
        .collect()
}

fn stream(text: &[u8], chunk: usize) -> Vec<Found> {
    let mut s = Scanner::new();
    let mut out = Vec::new();
    for c in text.chunks(chunk) {
        s.feed(c, |f| out.push(f));
    }
    s.finish(|f| out.push(f));
    out
}

#[test]
fn scan_vectors() {
    let mut failures = Vec::new();
    let cases = load();
    for (file, c) in &cases {
        let got = as_expect(&c.text, &scan(&c.text));
        if got != c.expect {
            failures.push(format!(
                "{file}: {}\n  text: {:?}\n  want: {:?}\n  got:  {:?}",
                c.name, c.text, c.expect, got
            ));
            continue;
        }
        for chunk in [1, 2, 3, 5, 7, 13, 64, 4096] {
            let got = as_expect(&c.text, &stream(c.text.as_bytes(), chunk));
            if got != c.expect {
                failures.push(format!(
                    "{file}: {} (streamed in chunks of {chunk})\n  want: {:?}\n  got:  {:?}",
                    c.name, c.expect, got
                ));
                break;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scan vectors failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Every span is on char boundaries and re-parses to the same address.
#[test]
fn spans_reparse() {
    for (_, c) in load() {
        for f in scan(&c.text) {
            assert!(c.text.is_char_boundary(f.start) && c.text.is_char_boundary(f.end));
            let again = sightline::address::parse(&c.text[f.start..f.end]).unwrap();
            assert_eq!(again.key, f.address.key, "{}", c.name);
        }
    }
}

/// Invalid UTF-8 around an address: offsets are into the raw bytes.
#[test]
fn raw_bytes_offsets() {
    let addr = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    let mut bytes = vec![0xff, 0xfe, b' ', 0xc3];
    bytes.extend_from_slice(addr.as_bytes());
    bytes.extend_from_slice(&[0x80, b'\n']);
    let found = sightline::scan::scan_bytes(&bytes);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].start, found[0].end), (4, 46));
    let streamed = stream(&bytes, 3);
    assert_eq!(streamed, found);
}

/// A very long run of token bytes between two addresses, streamed: the carry stays
/// bounded and nothing is lost on either side.
#[test]
fn long_runs_stream() {
    let addr = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
    let text = format!("{addr} {} {addr}", "a".repeat(100_000));
    for chunk in [1, 100, 65536] {
        let got = stream(text.as_bytes(), chunk);
        assert_eq!(got.len(), 2, "chunk {chunk}");
        assert_eq!(got[1].start, text.len() - addr.len());
    }
}
