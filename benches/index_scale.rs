//! Scaling benchmark of the sanctions set's lookups (native), through the API the CLI and
//! the engine use: [`LoadedSet`]. Prints, for 1k, 100k, 1M and 10M synthetic EVM
//! addresses: bundle size per address, load time from bundle bytes (with and without the
//! signature check), the listings' memory per address (keys included), and ns per lookup
//! for hits and misses, one at a time (`lookup`) and batched (`contains_many`). The same
//! figures in wasm, against a JS `Set<string>` in the same run, come from
//! `node benches/peers/index.mjs`.
//!
//! `cargo bench --bench index_scale --features bench-exports [-- MAX_N]` (default 10M).

use sightline::address::{AddressKey, Family};
use sightline::list::bundle::{decode_unverified, Limits};
use sightline::list::index::synth;
use sightline::list::{sign, LoadedSet};
use std::hint::black_box;
use std::time::Instant;

/// Best (lowest) of 5 timed runs: the machine may be shared, and the minimum is the least
/// disturbed measurement.
fn best_of5(mut f: impl FnMut() -> (f64, u32)) -> (f64, u32) {
    (0..5)
        .map(|_| f())
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .unwrap_or((f64::NAN, 0))
}

fn main() {
    let max_n: u32 = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(10_000_000);
    let secret = [42u8; 32];
    let pk = sign::public_key(&secret);

    // Today's list: bytes to ready set, best of 20.
    let real = sightline::list::BUNDLED_BYTES;
    let mut best = f64::MAX;
    let mut entries = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let s = LoadedSet::from_bundle(real, &sightline::list::BUNDLED_SIGNER_KEY).unwrap();
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
        entries = s.header().entry_count;
    }
    println!(
        "today's list: {} bytes, {entries} entries, load (verify + parse + key table) {best:.3} ms",
        real.len()
    );
    println!();
    println!(
        "{:>10} | {:>7} | {:>9} | {:>10} | {:>7} | {:>8} | {:>8} | {:>10} | {:>9}",
        "addresses",
        "bundle",
        "load ms",
        "load ms",
        "set",
        "miss ns",
        "hit ns",
        "batch miss",
        "batch hit"
    );
    println!(
        "{:>10} | {:>7} | {:>9} | {:>10} | {:>7} | {:>8} | {:>8} | {:>10} | {:>9}",
        "", "B/addr", "verified", "unverified", "B/addr", "", "", "ns", "ns"
    );
    for n in [1_000u32, 100_000, 1_000_000, 10_000_000] {
        if n > max_n {
            break;
        }
        let bytes = synth::bundle(n, 1, &secret).unwrap();
        let limits = Limits::LARGE;
        let runs = if n >= 1_000_000 { 2 } else { 10 };
        let (mut lv, mut lu) = (f64::MAX, f64::MAX);
        let mut set = LoadedSet::default();
        for _ in 0..runs {
            drop(std::mem::take(&mut set)); // the old set's memory is free for the next build
            let t = Instant::now();
            set = LoadedSet::from_bundle_with(&bytes, &pk, 0, &limits).unwrap();
            lv = lv.min(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            let d = decode_unverified(&bytes, &limits).unwrap();
            black_box(LoadedSet::from_decoded(d).unwrap());
            lu = lu.min(t.elapsed().as_secs_f64() * 1e3);
        }
        let key = |p: [u8; 20]| AddressKey::new(Family::Evm, &[], &p);
        let q = 1_000_000u32;
        let hits: Vec<AddressKey> = (0..q)
            .map(|k| key(synth::payload(1, synth::lowbias32(k ^ 0x5555) % n)))
            .collect();
        let misses: Vec<AddressKey> = (0..q).map(|k| key(synth::payload(2, k))).collect();
        let time = |qs: &[AddressKey]| {
            let t = Instant::now();
            let mut found = 0u32;
            for k in qs {
                found += u32::from(!set.lookup(black_box(k)).is_empty());
            }
            (t.elapsed().as_secs_f64() * 1e9 / qs.len() as f64, found)
        };
        let time_batch = |qs: &[AddressKey]| {
            let t = Instant::now();
            let mut out = Vec::new();
            let mut found = 0u32;
            for c in qs.chunks(1024) {
                set.contains_many(black_box(c), &mut out);
                found += out.iter().filter(|&&b| b).count() as u32;
            }
            (t.elapsed().as_secs_f64() * 1e9 / qs.len() as f64, found)
        };
        let (bmns, bmf) = best_of5(|| time_batch(&misses));
        let (bhns, bhf) = best_of5(|| time_batch(&hits));
        let (hns, hf) = best_of5(|| time(&hits));
        let (mns, mf) = best_of5(|| time(&misses));
        assert_eq!((hf, bhf), (q, q), "every hit query must hit");
        assert_eq!((mf, bmf), (0, 0), "no miss query may hit");
        let per = |b: usize| b as f64 / n as f64;
        println!(
            "{:>10} | {:>7.2} | {:>9.2} | {:>10.2} | {:>7.2} | {:>8.1} | {:>8.1} | {:>10.1} | {:>9.1}",
            n,
            per(bytes.len()),
            lv,
            lu,
            per(set.listing_bytes()),
            mns,
            hns,
            bmns,
            bhns
        );
    }
}
