//! wasm exports for the index scaling benchmark (`benches/peers/index.mjs`), which times
//! the sanctions-set index inside wasm against a JS `Set<string>` of the same addresses in
//! the same run. Not used by the extension.
//!
//! JS holds an opaque [`IndexBench`]: `indexBenchBuild(n, seed)` generates `n` synthetic
//! EVM addresses ([`crate::list::index::synth`], reproduced in the JS script so both sides
//! hold the very same keys) and a signed bundle of them; `load(verify)` turns the bundle
//! bytes into a ready index (timed by JS around the call); `prepareQueries` makes the
//! query keys (untimed); `lookupMany(mode)` runs every query inside wasm, so one JS call
//! covers a million lookups and the boundary cost does not count.

use crate::list::bundle::{decode, decode_unverified, Limits};
use crate::list::index::{fingerprint, synth, BundleIndex};
use crate::list::{sign, LoadedSet};
use wasm_bindgen::prelude::*;

/// The benchmark's fixed signing seed (a throwaway key, not a project key).
const BENCH_SECRET: [u8; 32] = [42u8; 32];

/// A synthetic set and its index, held by JS.
#[wasm_bindgen]
pub struct IndexBench {
    n: u32,
    seed: u32,
    bytes: Vec<u8>,
    index: BundleIndex,
    queries: Vec<[u8; 20]>,
}

/// Generates `n` keys of stream `seed` and a signed bundle of them (setup; not timed).
#[wasm_bindgen(js_name = indexBenchBuild)]
pub fn index_bench_build(n: u32, seed: u32) -> Result<IndexBench, JsError> {
    let bytes = synth::bundle(n, seed, &BENCH_SECRET).map_err(|e| JsError::new(&e))?;
    Ok(IndexBench {
        n,
        seed,
        bytes,
        index: BundleIndex::default(),
        queries: Vec::new(),
    })
}

/// The canonical text of synthetic key `i` of stream `seed` (to check the JS generator).
#[wasm_bindgen(js_name = indexBenchKeyText)]
pub fn index_bench_key_text(seed: u32, i: u32) -> String {
    synth::canonical(seed, i)
}

/// Loads a real bundle (today's list) into a full [`LoadedSet`] with the key that signed
/// it; returns the number of entries. JS times the call: bytes to ready set.
#[wasm_bindgen(js_name = indexBenchLoadSet)]
pub fn index_bench_load_set(bytes: &[u8], pubkey_hex: &str) -> Result<u32, JsError> {
    let pk = sign::parse_key_hex(pubkey_hex).map_err(|e| JsError::new(&e))?;
    let set = LoadedSet::from_bundle(bytes, &pk).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(set.entries().len() as u32)
}

#[wasm_bindgen]
impl IndexBench {
    /// Bundle size in bytes.
    #[wasm_bindgen(js_name = bundleSize)]
    pub fn bundle_size(&self) -> f64 {
        self.bytes.len() as f64
    }

    /// Bundle bytes to ready index: signature check (when `verify`), full parse, index
    /// build. Returns the number of keys.
    pub fn load(&mut self, verify: bool) -> Result<u32, JsError> {
        let limits = Limits::LARGE;
        let d = if verify {
            let pk = sign::public_key(&BENCH_SECRET);
            decode(&self.bytes, &pk, &limits)
        } else {
            decode_unverified(&self.bytes, &limits)
        }
        .map_err(|e| JsError::new(&e.to_string()))?;
        self.index = BundleIndex::build(&self.bytes, &d);
        Ok(self.index.len() as u32)
    }

    /// Heap bytes of the fingerprint index (offsets + tags).
    #[wasm_bindgen(js_name = indexBytes)]
    pub fn index_bytes(&self) -> f64 {
        self.index.heap_bytes().0 as f64
    }

    /// Heap bytes of the position map (needed to confirm a hit against the bundle).
    #[wasm_bindgen(js_name = posmapBytes)]
    pub fn posmap_bytes(&self) -> f64 {
        let (_, p, g) = self.index.heap_bytes();
        (p + g) as f64
    }

    /// Makes `count` queries: hits are key `lowbias32(k ^ 0x5555) % n` of the set's stream;
    /// misses are key `k` of stream `miss_seed` (which must differ from the set's seed).
    #[wasm_bindgen(js_name = prepareQueries)]
    pub fn prepare_queries(&mut self, count: u32, hits: bool, miss_seed: u32) {
        let n = self.n.max(1);
        self.queries = (0..count)
            .map(|k| {
                if hits {
                    synth::payload(self.seed, synth::lowbias32(k ^ 0x5555) % n)
                } else {
                    synth::payload(miss_seed, k)
                }
            })
            .collect();
    }

    /// Looks every prepared query up; returns how many were found. `mode` 0: one at a
    /// time, confirmed against the full key in the bundle (what a verdict needs); 1: one at
    /// a time, index only; 2: batched (`contains_many`, 1024 keys per call), confirmed.
    #[wasm_bindgen(js_name = lookupMany)]
    pub fn lookup_many(&self, mode: u32) -> u32 {
        let prefix = [crate::address::Family::Evm as u8];
        let mut found = 0u32;
        if mode == 2 {
            let mut out = Vec::with_capacity(1024);
            for c in self.queries.chunks(1024) {
                self.index.contains_many(&self.bytes, &prefix, c, &mut out);
                found += out.iter().filter(|&&b| b).count() as u32;
            }
        } else if mode == 0 {
            for q in &self.queries {
                found += self.index.contains(&self.bytes, &prefix, q) as u32;
            }
        } else {
            for q in &self.queries {
                found += self.index.contains_fingerprint(fingerprint(&prefix, q)) as u32;
            }
        }
        found
    }
}
