#![no_main]
//! Wallet-request extraction on arbitrary input: never panics. The bytes are tried as JSON
//! text, and also wrapped as EVM calldata, a Solana transaction (a byte array) and Tron
//! raw_data_hex an EVM signed transaction (RLP) and a PSBT, so the binary decoders see hostile bytes directly, not only through JSON.
use libfuzzer_sys::fuzz_target;
use sightline::tx::{extract_json, MAX_TARGETS};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = extract_json(text);
    }
    let hex: String = data.iter().map(|x| format!("{x:02x}")).collect();
    let bytes: Vec<String> = data.iter().map(|b| b.to_string()).collect();
    let bytes = bytes.join(",");
    let requests = [
        format!(
            r#"{{"family":"evm","method":"eth_sendTransaction","params":[{{"to":"0x1111111111111111111111111111111111111111","data":"0x{hex}"}}]}}"#
        ),
        format!(r#"{{"family":"solana","method":"signTransaction","params":[[{bytes}]]}}"#),
        format!(r#"{{"family":"tron","method":"sign","params":[{{"raw_data_hex":"{hex}"}}]}}"#),
        format!(r#"{{"family":"evm","method":"eth_sendRawTransaction","params":["0x{hex}"]}}"#),
        format!(r#"{{"family":"bitcoin","method":"signPsbt","params":["70736274ff{hex}"]}}"#),
    ];
    for r in &requests {
        if let Ok(ex) = extract_json(r) {
            assert!(ex.targets.len() <= MAX_TARGETS);
        }
    }
});
