#![no_main]
//! Fuzzes the importers (SDN_ADVANCED.XML, SDN.XML, the JSON extraction, CSV; the format
//! is sniffed from the input as `sightline list build` does) and the set builder and
//! encoder behind them. No panic; whatever builds must encode, decode and look up.
use libfuzzer_sys::fuzz_target;
use sightline::list::bundle::{decode_unverified, encode_unsigned, Limits};
use sightline::list::import::import_text;
use sightline::list::{build_set, BuildParams};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for origin in ["in.xml", "in.json", "in.csv"] {
        let Ok(imp) = import_text(origin, &text) else {
            continue;
        };
        let (set, report) = build_set(&[imp], &BuildParams::default());
        assert!(report.listings_read >= set.entries.len());
        if let Ok(bytes) = encode_unsigned(&set) {
            let d = decode_unverified(&bytes, &Limits::LARGE).expect("what we encode must decode");
            assert_eq!(d.entries().len(), set.entries.len());
        }
    }
});
