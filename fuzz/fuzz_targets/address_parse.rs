#![no_main]
//! Every parser, on arbitrary strings: never panics; anything accepted is stable under its
//! canonical form, and its key re-encodes to that form. Keys built from arbitrary bytes
//! either do not encode or parse back to themselves.
use libfuzzer_sys::fuzz_target;
use sightline::address::{encode_key, parse, AddressKey};

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(a) = parse(s) {
            let b = parse(&a.canonical).expect("canonical form parses");
            assert_eq!(b.key, a.key);
            assert_eq!(b.canonical, a.canonical);
            assert_eq!(encode_key(&a.key).as_deref(), Some(a.canonical.as_str()));
        }
    }
    if let Some((&n, rest)) = data.split_first() {
        let n = usize::from(n % 16).min(rest.len());
        let key = AddressKey {
            prefix: rest[..n].to_vec(),
            payload: rest[n..].to_vec(),
        };
        if let Some(s) = encode_key(&key) {
            assert_eq!(parse(&s).map(|a| a.key), Ok(key), "{s}");
        }
    }
});
