//! Property tests: an address from a pool of valid ones (tests/vectors/scan/pool.json),
//! placed anywhere in random text behind and before a delimiter, is found with exact
//! offsets, streamed or not; the same address glued inside a longer alphanumeric token
//! is never found (the longer token as a whole may only be a candidate-only shape).
use crate::vectors;
use proptest::prelude::*;
use sightline::scan::{scan, Scanner};
use std::sync::OnceLock;

fn pool() -> &'static Vec<String> {
    static POOL: OnceLock<Vec<String>> = OnceLock::new();
    POOL.get_or_init(|| {
        let v: serde_json::Value = serde_json::from_str(vectors::scan("pool.json")).unwrap();
        v["addresses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect()
    })
}

/// Random filler: words, digits, punctuation, non-ASCII; never a valid address by itself
/// (too short per word, checked below).
fn filler() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 ,.;:!?()\\[\\]{}<>\"'/\\\\=&#@*\\n\\té中💰-]{0,80}")
        .unwrap()
}

fn delimiter() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        " ", "\n", "\t", ",", ";", "\"", "'", "(", ")", "[", "]", "<", ">", "/", "?", "&", "=",
        ".", "!", "|", "中", "💰", "\u{a0}",
    ])
}

fn glue() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9]{1,6}").unwrap()
}

fn stream(text: &str, chunk: usize) -> Vec<(usize, usize)> {
    let mut s = Scanner::new();
    let mut out = Vec::new();
    for c in text.as_bytes().chunks(chunk) {
        s.feed(c, |f| out.push((f.start, f.end)));
    }
    s.finish(|f| out.push((f.start, f.end)));
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn found_anywhere(idx in 0usize..64, pre in filler(), post in filler(),
                      d1 in delimiter(), d2 in delimiter(), chunk in 1usize..200) {
        let pool = pool();
        let addr = &pool[idx % pool.len()];
        let text = format!("{pre}{d1}{addr}{d2}{post}");
        let start = pre.len() + d1.len();
        let end = start + addr.len();
        let spans: Vec<_> = scan(&text).iter().map(|f| (f.start, f.end)).collect();
        // The filler may hold a "bitcoincash:" prefix by chance only if it is generated
        // literally; the span then includes it. Otherwise the span is exact.
        prop_assert!(spans.contains(&(start, end)), "{:?} not found in {:?}: {:?}", addr, text, spans);
        prop_assert_eq!(spans.len(), 1, "{:?}", text);
        prop_assert_eq!(stream(&text, chunk), spans);
    }

    #[test]
    fn never_inside_a_longer_token(idx in 0usize..64, pre in filler(), post in filler(),
                                   left in glue(), right in glue(), side in 0u8..3) {
        let pool = pool();
        // A prefixed cashaddr is glued by its body: "bitcoincash:" is a separate word.
        let addr = pool[idx % pool.len()].rsplit(':').next().unwrap();
        let glued = match side {
            0 => format!("{left}{addr}"),
            1 => format!("{addr}{right}"),
            _ => format!("{left}{addr}{right}"),
        };
        let text = format!("{pre} {glued} {post}");
        let (gs, ge) = (pre.len() + 1, pre.len() + 1 + glued.len());
        let found = scan(&text);
        // Nothing inside the glued token; the whole token may only come back as a
        // candidate-only shape (e.g. 43 base58 chars look like a Solana key).
        prop_assert!(found.iter().all(|f| f.end <= gs || f.start >= ge
            || (f.address.candidate_only && (f.start, f.end) == (gs, ge))),
            "{:?} found glued in {:?}", addr, text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Shortened-address detection on any text, ASCII or not, never panics and gives spans
    /// on character boundaries whose text is head, ellipsis, tail.
    #[test]
    fn shortened_spans_are_sound(text in "(\\PC|…|\\.{2,3}|0x[0-9a-f]{4,6}|T[1-9A-Za-z]{5})*") {
        for s in sightline::shortened::find(&text) {
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            let span = &text[s.start..s.end];
            prop_assert!(span.starts_with(&s.head) && span.ends_with(&s.tail), "{:?}", s);
        }
    }
}
