#![no_main]
//! Fuzzes the bundle decoder. The signature check would reject nearly every input before
//! the parser runs, so the target drives both paths: the full `LoadedSet::from_bundle`
//! (frame, signature) and the parser alone (`decode_unverified` + index build), which is
//! what a re-signed hostile bundle would reach. Neither may panic; whatever parses must be
//! internally consistent.
use libfuzzer_sys::fuzz_target;
use sightline::list::bundle::{decode_unverified, Limits};
use sightline::list::{LoadedSet, SetData};

fuzz_target!(|data: &[u8]| {
    let _ = LoadedSet::from_bundle(data, &sightline::list::PUBLISHER_KEY);
    let limits = Limits {
        max_bytes: 1 << 20,
        max_entities: 10_000,
        max_entries: 100_000,
    };
    if let Ok(d) = decode_unverified(data, &limits) {
        let entries = d.entries();
        assert_eq!(entries.len(), d.header.entry_count as usize);
        assert_eq!(d.entities.len(), d.header.entity_count as usize);
        let set = LoadedSet::from_data(SetData {
            header: d.header.clone(),
            entities: d.entities.clone(),
            entries: entries.clone(),
        });
        if let Ok(set) = set {
            for e in &entries {
                assert!(!set.lookup(&e.key).is_empty());
            }
        }
    }
});
