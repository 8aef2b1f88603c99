//! wasm exports for the index scaling benchmark (`benches/peers/index.mjs`), which times
//! the sanctions set's lookups inside wasm against a JS `Set<string>` of the same addresses
//! in the same run. Not used by the extension.
//!
//! What is timed is the shipped path: the [`LoadedSet`] the engine holds, loaded by
//! [`LoadedSet::from_bundle_with`] and asked through [`LoadedSet::lookup`] (what every
//! verdict calls) and [`LoadedSet::contains_many`]. JS holds an opaque [`IndexBench`]:
//! `indexBenchBuild(n, seed)` generates `n` synthetic EVM addresses
//! ([`crate::list::index::synth`], reproduced in the JS script so both sides hold the very
//! same keys) and a signed bundle of them; `load(verify)` turns the bundle bytes into a
//! ready set (timed by JS around the call); `prepareQueries` makes the query keys
//! (untimed); `lookupMany(mode)` runs every query inside wasm, so one JS call covers a
//! million lookups and the boundary cost does not count.

use crate::address::{AddressKey, Family};
use crate::list::bundle::{decode_unverified, Limits};
use crate::list::index::synth;
use crate::list::{sign, LoadedSet};
use wasm_bindgen::prelude::*;

/// The benchmark's fixed signing seed (a throwaway key, not a project key).
const BENCH_SECRET: [u8; 32] = [42u8; 32];

/// A synthetic set, loaded, held by JS.
#[wasm_bindgen]
pub struct IndexBench {
    n: u32,
    seed: u32,
    bytes: Vec<u8>,
    set: LoadedSet,
    queries: Vec<AddressKey>,
}

/// Generates `n` keys of stream `seed` and a signed bundle of them (setup; not timed).
#[wasm_bindgen(js_name = indexBenchBuild)]
pub fn index_bench_build(n: u32, seed: u32) -> Result<IndexBench, JsError> {
    let bytes = synth::bundle(n, seed, &BENCH_SECRET).map_err(|e| JsError::new(&e))?;
    Ok(IndexBench {
        n,
        seed,
        bytes,
        set: LoadedSet::default(),
        queries: Vec::new(),
    })
}

/// The canonical text of synthetic key `i` of stream `seed` (to check the JS generator).
#[wasm_bindgen(js_name = indexBenchKeyText)]
pub fn index_bench_key_text(seed: u32, i: u32) -> String {
    synth::canonical(seed, i)
}

/// Loads a real bundle (today's list) into a [`LoadedSet`] with the key that signed it;
/// returns the number of entries. JS times the call: bytes to ready set.
#[wasm_bindgen(js_name = indexBenchLoadSet)]
pub fn index_bench_load_set(bytes: &[u8], pubkey_hex: &str) -> Result<u32, JsError> {
    let pk = sign::parse_key_hex(pubkey_hex).map_err(|e| JsError::new(&e))?;
    let set = LoadedSet::from_bundle(bytes, &pk).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(set.header().entry_count)
}

#[wasm_bindgen]
impl IndexBench {
    /// Bundle size in bytes.
    #[wasm_bindgen(js_name = bundleSize)]
    pub fn bundle_size(&self) -> f64 {
        self.bytes.len() as f64
    }

    /// Bundle bytes to ready set: signature check (when `verify`; what the engine does),
    /// full parse, key table. Returns the number of listings.
    pub fn load(&mut self, verify: bool) -> Result<u32, JsError> {
        self.set = LoadedSet::default();
        let limits = Limits::LARGE;
        let fail = |e: crate::list::BundleError| JsError::new(&e.to_string());
        self.set = if verify {
            let pk = sign::public_key(&BENCH_SECRET);
            LoadedSet::from_bundle_with(&self.bytes, &pk, 0, &limits).map_err(fail)?
        } else {
            let d = decode_unverified(&self.bytes, &limits).map_err(fail)?;
            LoadedSet::from_decoded(d).map_err(fail)?
        };
        Ok(self.set.header().entry_count)
    }

    /// Heap bytes of the set's listings as lookups use them ([`LoadedSet::listing_bytes`]:
    /// the keys, the index, the groups).
    #[wasm_bindgen(js_name = listingBytes)]
    pub fn listing_bytes(&self) -> f64 {
        self.set.listing_bytes() as f64
    }

    /// Makes `count` queries: hits are key `lowbias32(k ^ 0x5555) % n` of the set's stream;
    /// misses are key `k` of stream `miss_seed` (which must differ from the set's seed).
    #[wasm_bindgen(js_name = prepareQueries)]
    pub fn prepare_queries(&mut self, count: u32, hits: bool, miss_seed: u32) {
        let n = self.n.max(1);
        self.queries = (0..count)
            .map(|k| {
                let p = if hits {
                    synth::payload(self.seed, synth::lowbias32(k ^ 0x5555) % n)
                } else {
                    synth::payload(miss_seed, k)
                };
                AddressKey::new(Family::Evm, &[], &p)
            })
            .collect();
    }

    /// Looks every prepared query up; returns how many were found. `mode` 0: one at a
    /// time, [`LoadedSet::lookup`] (the hits with their entity, what a verdict reads);
    /// 1: [`LoadedSet::contains_many`], 1024 keys per call.
    #[wasm_bindgen(js_name = lookupMany)]
    pub fn lookup_many(&self, mode: u32) -> u32 {
        let mut found = 0u32;
        if mode == 1 {
            let mut out = Vec::with_capacity(1024);
            for c in self.queries.chunks(1024) {
                self.set.contains_many(c, &mut out);
                found += out.iter().filter(|&&b| b).count() as u32;
            }
        } else {
            for q in &self.queries {
                found += u32::from(!self.set.lookup(q).is_empty());
            }
        }
        found
    }
}
