#![no_main]
//! The scanner on arbitrary bytes: never panics; every span is in bounds, ASCII, on char
//! boundaries of the lossy text, and re-parses to the same key; the streaming scanner,
//! fed in chunks of a size chosen by the input, finds exactly the same spans.
use libfuzzer_sys::fuzz_target;
use sightline::scan::{scan, scan_bytes, Scanner};

fuzz_target!(|data: &[u8]| {
    let found = scan_bytes(data);
    for f in &found {
        assert!(f.start < f.end && f.end <= data.len());
        let span = std::str::from_utf8(&data[f.start..f.end]).expect("spans are ASCII");
        assert!(span.is_ascii());
        let again = sightline::address::parse(span).expect("span re-parses");
        assert_eq!(again.key, f.address.key);
    }
    let chunk = 1 + data.first().map_or(0, |b| *b as usize % 97);
    let mut s = Scanner::new();
    let mut streamed = Vec::new();
    for c in data.chunks(chunk) {
        s.feed(c, |f| streamed.push(f));
    }
    s.finish(|f| streamed.push(f));
    assert_eq!(streamed, found);
    // The &str API on the lossy text: same addresses (offsets move with replacements).
    let text = String::from_utf8_lossy(data);
    let on_text = scan(&text);
    assert_eq!(on_text.len(), found.len());
    for f in &on_text {
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
    }
});
