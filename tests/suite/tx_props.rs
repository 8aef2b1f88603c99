//! Property tests: extraction never panics on hostile bytes in any decoder, and every
//! mutation of a valid vector either reads or says "could not read this request".

use crate::vectors;
use proptest::prelude::*;
use serde_json::{json, Value};
use sightline::tx::{extract, MAX_TARGETS};
use std::sync::OnceLock;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn requests(data: &[u8]) -> Vec<Value> {
    let h = hex(data);
    vec![
        json!({"family": "evm", "method": "eth_sendTransaction",
               "params": [{"to": "0x1111111111111111111111111111111111111111", "data": format!("0x{h}")}]}),
        json!({"family": "solana", "method": "signTransaction", "params": [data.to_vec()]}),
        json!({"family": "tron", "method": "sign", "params": [{"raw_data_hex": h}]}),
    ]
}

fn assert_sane(r: &Value) {
    match extract(r) {
        Ok(ex) => assert!(ex.targets.len() <= MAX_TARGETS),
        Err(e) => assert!(e.to_string().starts_with("could not read this request")),
    }
}

/// The vectors of the four request families, parsed once.
fn family_vectors() -> &'static [Vec<Value>; 4] {
    static PARSED: OnceLock<[Vec<Value>; 4]> = OnceLock::new();
    PARSED.get_or_init(|| {
        ["evm.json", "solana.json", "tron.json", "bitcoin.json"]
            .map(|name| serde_json::from_str(vectors::tx(name)).unwrap())
    })
}

/// Known selectors followed by random words: exercises every calldata branch.
const SELECTORS: &[[u8; 4]] = &[
    [0xa9, 0x05, 0x9c, 0xbb],
    [0x09, 0x5e, 0xa7, 0xb3],
    [0x2a, 0x2d, 0x80, 0xd1],
    [0xac, 0x96, 0x50, 0xd8],
    [0x5a, 0xe4, 0x01, 0xdc],
    [0x82, 0xad, 0x56, 0xcb],
    [0xf2, 0x42, 0x43, 0x2a],
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        for r in requests(&data) {
            assert_sane(&r);
        }
    }

    #[test]
    fn known_selectors_with_small_words(sel in 0..SELECTORS.len(), words in proptest::collection::vec(0u64..400, 0..24)) {
        let mut data = SELECTORS[sel].to_vec();
        for w in words {
            let mut word = [0u8; 32];
            word[24..].copy_from_slice(&w.to_be_bytes());
            data.extend(word);
        }
        for r in requests(&data) {
            assert_sane(&r);
        }
    }

    #[test]
    fn mutated_vectors_never_panic(file in 0usize..4, idx in 0usize..64, pos in any::<usize>(), byte in any::<u8>()) {
        let v = &family_vectors()[file];
        let mut text = v[idx % v.len()]["request"].to_string().into_bytes();
        let p = pos % text.len();
        text[p] = byte;
        if let Ok(s) = std::str::from_utf8(&text) {
            if let Ok(r) = serde_json::from_str::<Value>(s) {
                assert_sane(&r);
            }
        }
    }
}
