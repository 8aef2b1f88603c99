#![no_main]
//! Every parser, on arbitrary strings: never panics; anything accepted re-encodes to itself.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(a) = sightline::address::parse(s) {
            assert_eq!(sightline::address::parse(&a.canonical).map(|b| b.key), Ok(a.key));
        }
    }
});
