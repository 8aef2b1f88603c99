//! The lookup index: a static hash of 64-bit key fingerprints, shaped for wasm.
//!
//! # Why this shape
//! A set is built once (when a bundle loads) and then only queried, so there is no need for
//! a growable hash map with its load-factor slack, per-entry pointers and tombstones.
//! Instead the fingerprints ([`fingerprint`]) are bucketed by their top `bits` bits with one
//! counting-sort pass, and each bucket is sorted. What stays in memory is:
//!
//! - `offsets`: one `u32` per bucket, with 16 to 32 keys per bucket on average (0.125 to
//!   0.25 bytes per key; 1.25 MB at 10M keys, so it stays in cache);
//! - `tags`: for each key, the 32 fingerprint bits just below the bucket bits, sorted within
//!   the bucket (4 bytes per key).
//!
//! A key's slot is its position in `tags`: callers store their entries in that order (the
//! build returns the permutation), so no slot array is needed. A lookup hashes the key,
//! reads two adjacent offsets (cached) and binary-searches one bucket of about 24 tags
//! (96 bytes, one or two adjacent cache lines): about one memory access that misses cache,
//! no allocation. Bucket number and tag compare `bits + 32` bits of the fingerprint (50 bits
//! at 10M keys), so a miss yields a false candidate with probability about
//! `bucket size / 2^32` (under 1e-8); [`super::LoadedSet`] and [`BundleIndex`] confirm every
//! candidate against the full key, so a false hit is impossible there.
//!
//! Measured alternatives: smaller buckets (2 to 4 keys) cost a `u32` offset per 4 keys and
//! a second cache miss at 10M (the offsets no longer fit in cache); hashing a copied
//! `[len] ++ prefix ++ payload` buffer (as `AddressKey::fingerprint` does) cost 20-35 ns per
//! call in stalls, against under 10 ns for a seeded hash of the payload in place.

/// The index fingerprint of a key given as prefix and payload: xxh3-64 of the payload,
/// seeded with the prefix (packed with its length when it is at most 7 bytes, else hashed).
/// Hashing in place avoids copying the key into a buffer first.
#[inline]
pub fn fingerprint(prefix: &[u8], payload: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(payload, prefix_seed(prefix))
}

#[inline]
fn prefix_seed(prefix: &[u8]) -> u64 {
    if prefix.len() <= 7 {
        let mut v = (prefix.len() as u64) << 56;
        for (i, &b) in prefix.iter().enumerate() {
            v |= (b as u64) << (8 * i);
        }
        v
    } else {
        xxhash_rust::xxh3::xxh3_64(prefix) | 1 << 63
    }
}

/// The fingerprint of an [`AddressKey`](crate::address::AddressKey).
#[inline]
pub fn key_fingerprint(key: &crate::address::AddressKey) -> u64 {
    fingerprint(&key.prefix, &key.payload)
}

/// A static fingerprint index. See the module docs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FingerprintIndex {
    bits: u32,
    offsets: Vec<u32>,
    tags: Vec<u32>,
}

impl FingerprintIndex {
    /// Builds the index over `fps` (slot i has fingerprint `fps[i]`). Returns the index and
    /// the permutation `order`: position p of the index holds original slot `order[p]`.
    /// Linear time (counting sort on the bucket bits, then small per-bucket sorts).
    pub fn build(fps: &[u64]) -> (FingerprintIndex, Vec<u32>) {
        let n = fps.len();
        assert!(n < u32::MAX as usize, "index holds at most 2^32-1 keys");
        // 16 to 32 keys per bucket.
        let bits = (n.next_power_of_two().trailing_zeros())
            .saturating_sub(5)
            .min(31);
        let nb = 1usize << bits;
        let mut offsets = vec![0u32; nb + 1];
        for &fp in fps {
            offsets[bucket(fp, bits) + 1] += 1;
        }
        for i in 0..nb {
            offsets[i + 1] += offsets[i];
        }
        let mut fill: Vec<u32> = offsets[..nb].to_vec();
        let mut sorted: Vec<(u64, u32)> = vec![(0, 0); n];
        for (slot, &fp) in fps.iter().enumerate() {
            let b = bucket(fp, bits);
            sorted[fill[b] as usize] = (fp, slot as u32);
            fill[b] += 1;
        }
        drop(fill);
        for b in 0..nb {
            let r = offsets[b] as usize..offsets[b + 1] as usize;
            if r.len() > 1 {
                sorted[r].sort_unstable();
            }
        }
        let tags = sorted.iter().map(|&(fp, _)| tag(fp, bits)).collect();
        let order = sorted.iter().map(|&(_, s)| s).collect();
        (
            FingerprintIndex {
                bits,
                offsets,
                tags,
            },
            order,
        )
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// Heap bytes held by the index.
    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * 4 + self.tags.capacity() * 4
    }

    /// The range of positions whose tag matches `fp` (usually empty or one long).
    #[inline]
    fn range(&self, fp: u64) -> std::ops::Range<usize> {
        if self.tags.is_empty() {
            return 0..0;
        }
        let b = bucket(fp, self.bits);
        let (lo, hi) = (self.offsets[b] as usize, self.offsets[b + 1] as usize);
        let t = tag(fp, self.bits);
        let bucket = &self.tags[lo..hi];
        let start = bucket.partition_point(|&x| x < t);
        let mut end = start;
        while end < bucket.len() && bucket[end] == t {
            end += 1;
        }
        lo + start..lo + end
    }

    /// Positions whose fingerprint may equal `fp` (usually none or one). Candidates only:
    /// confirm against the full key when it matters.
    #[inline]
    pub fn candidates(&self, fp: u64) -> std::ops::Range<usize> {
        self.range(fp)
    }

    /// True when some key has a fingerprint matching `fp` (no full-key confirmation).
    #[inline]
    pub fn contains_fingerprint(&self, fp: u64) -> bool {
        !self.range(fp).is_empty()
    }

    /// [`FingerprintIndex::candidates`] for many fingerprints at once (`out[i]` for
    /// `fps[i]`). Works in batches of 16: first every bucket's offsets and first tag line
    /// are touched (independent loads, so their cache misses overlap), then each bucket is
    /// searched in cache. At 10M keys this hides most of the memory latency a single
    /// lookup pays; a page scan has many addresses to check at once.
    pub fn candidates_many(&self, fps: &[u64], out: &mut Vec<std::ops::Range<usize>>) {
        out.clear();
        if self.tags.is_empty() {
            out.resize(fps.len(), 0..0);
            return;
        }
        const BATCH: usize = 16;
        for chunk in fps.chunks(BATCH) {
            let mut lo = [0usize; BATCH];
            for (i, &fp) in chunk.iter().enumerate() {
                lo[i] = self.offsets[bucket(fp, self.bits)] as usize;
            }
            let mut sink = 0u32;
            for &l in &lo[..chunk.len()] {
                sink ^= self.tags.get(l).copied().unwrap_or(0);
            }
            std::hint::black_box(sink);
            for &fp in chunk {
                out.push(self.range(fp));
            }
        }
    }
}

#[inline]
fn bucket(fp: u64, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (fp >> (64 - bits)) as usize
    }
}

/// The 32 fingerprint bits below the bucket bits (so tags sort like fingerprints).
#[inline]
fn tag(fp: u64, bits: u32) -> u32 {
    ((fp << bits) >> 32) as u32
}

/// A lookup structure over a verified bundle's bytes that never materialises entries:
/// the [`FingerprintIndex`], plus a `u32` per key mapping index position to payload
/// number, plus one small record per group. Hits are confirmed byte for byte against the
/// payloads inside the bundle, which the caller keeps. This is the path for sets far larger
/// than today's (the scaling benchmark measures it at 10M); [`super::LoadedSet`] uses the
/// same index but also keeps [`super::Entry`] values for display.
#[derive(Clone, Debug, Default)]
pub struct BundleIndex {
    index: FingerprintIndex,
    /// Index position -> payload number (groups' payloads numbered in bundle order).
    order: Vec<u32>,
    groups: Vec<GroupSpan>,
}

#[derive(Clone, Debug)]
struct GroupSpan {
    first: u32,
    /// Byte offsets into the bundle.
    prefix_at: u32,
    prefix_len: u8,
    payloads_at: u32,
    payload_len: u8,
    entity: u32,
}

impl BundleIndex {
    /// Builds the index for `decoded`, which must have been decoded from `bytes`.
    pub fn build(bytes: &[u8], decoded: &super::bundle::Decoded<'_>) -> BundleIndex {
        let base = bytes.as_ptr() as usize;
        let mut groups = Vec::with_capacity(decoded.groups.len());
        let mut fps: Vec<u64> = Vec::with_capacity(decoded.header.entry_count as usize);
        for g in &decoded.groups {
            groups.push(GroupSpan {
                first: fps.len() as u32,
                prefix_at: (g.prefix.as_ptr() as usize - base) as u32,
                prefix_len: g.prefix.len() as u8,
                payloads_at: (g.payloads.as_ptr() as usize - base) as u32,
                payload_len: g.payload_len as u8,
                entity: g.entity,
            });
            for i in 0..g.count() {
                fps.push(fingerprint(g.prefix, g.payload(i)));
            }
        }
        let (index, order) = FingerprintIndex::build(&fps);
        BundleIndex {
            index,
            order,
            groups,
        }
    }

    /// Heap bytes: (index, position map, group table).
    pub fn heap_bytes(&self) -> (usize, usize, usize) {
        (
            self.index.heap_bytes(),
            self.order.capacity() * 4,
            self.groups.capacity() * std::mem::size_of::<GroupSpan>(),
        )
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The entity index of every listing of (prefix, payload), confirmed against `bytes`
    /// (the same bundle bytes the index was built from).
    pub fn lookup<'s>(
        &'s self,
        bytes: &'s [u8],
        prefix: &'s [u8],
        payload: &'s [u8],
    ) -> impl Iterator<Item = u32> + 's {
        let fp = fingerprint(prefix, payload);
        self.index
            .candidates(fp)
            .filter_map(move |p| self.confirm(bytes, p, prefix, payload))
    }

    /// The index-only answer: true when a key with this fingerprint is listed (50 bits
    /// compared at 10M keys; no confirmation, no entity).
    #[inline]
    pub fn contains_fingerprint(&self, fp: u64) -> bool {
        self.index.contains_fingerprint(fp)
    }

    /// Confirmed membership of many keys sharing one prefix (`out[i]` for `payloads[i]`).
    /// Batched like [`FingerprintIndex::candidates_many`], and the confirmation's two
    /// dependent reads (position map, then payload in the bundle) are issued for a whole
    /// batch before any is used, so their cache misses overlap too.
    pub fn contains_many(
        &self,
        bytes: &[u8],
        prefix: &[u8],
        payloads: &[[u8; 20]],
        out: &mut Vec<bool>,
    ) {
        const BATCH: usize = 16;
        out.clear();
        let mut ranges = Vec::with_capacity(BATCH);
        for chunk in payloads.chunks(BATCH) {
            let mut fps = [0u64; BATCH];
            for (i, p) in chunk.iter().enumerate() {
                fps[i] = fingerprint(prefix, p);
            }
            self.index.candidates_many(&fps[..chunk.len()], &mut ranges);
            // Touch the position map, then the payloads, of every first candidate.
            let mut sink = 0u32;
            let mut at = [usize::MAX; BATCH];
            for (i, r) in ranges.iter().enumerate() {
                if let Some(&n) = self.order.get(r.start).filter(|_| !r.is_empty()) {
                    sink ^= n;
                    at[i] = n as usize;
                }
            }
            if let [g] = self.groups.as_slice() {
                for &n in at.iter().filter(|&&n| n != usize::MAX) {
                    let a =
                        g.payloads_at as usize + (n - g.first as usize) * g.payload_len as usize;
                    sink ^= bytes.get(a).copied().unwrap_or(0) as u32;
                }
            }
            std::hint::black_box(sink);
            for (r, p) in ranges.drain(..).zip(chunk) {
                out.push(
                    r.into_iter()
                        .any(|pos| self.confirm(bytes, pos, prefix, p).is_some()),
                );
            }
        }
    }

    /// The entity of index position `pos` if its key is (prefix, payload).
    #[inline]
    fn confirm(&self, bytes: &[u8], pos: usize, prefix: &[u8], payload: &[u8]) -> Option<u32> {
        let n = self.order[pos];
        let gi = self.groups.partition_point(|g| g.first <= n) - 1;
        let g = &self.groups[gi];
        let pa = g.prefix_at as usize;
        if bytes.get(pa..pa + g.prefix_len as usize)? != prefix {
            return None;
        }
        let at = g.payloads_at as usize + (n - g.first) as usize * g.payload_len as usize;
        (bytes.get(at..at + g.payload_len as usize)? == payload).then_some(g.entity)
    }

    /// True when (prefix, payload) is listed.
    #[inline]
    pub fn contains(&self, bytes: &[u8], prefix: &[u8], payload: &[u8]) -> bool {
        self.index
            .candidates(fingerprint(prefix, payload))
            .any(|p| self.confirm(bytes, p, prefix, payload).is_some())
    }
}

/// Synthetic keys for the scaling benchmark, generated the same way in Rust and in
/// `benches/peers/index.mjs` (so both sides hold the very same addresses): key `i` of stream
/// `seed` is an EVM address whose 20 bytes are five little-endian words
/// `lowbias32(i * 5 + j + seed * 0x9E3779B9)` (mod 2^32). Not part of the API: only with
/// the `bench-exports` feature (the benches) and in this crate's tests.
#[cfg(any(test, feature = "bench-exports"))]
pub mod synth {
    /// Chris Wellons' lowbias32 integer hash.
    #[inline]
    pub fn lowbias32(mut x: u32) -> u32 {
        x ^= x >> 16;
        x = x.wrapping_mul(0x7feb_352d);
        x ^= x >> 15;
        x = x.wrapping_mul(0x846c_a68b);
        x ^= x >> 16;
        x
    }

    /// The 20-byte payload of key `i` in stream `seed`.
    #[inline]
    pub fn payload(seed: u32, i: u32) -> [u8; 20] {
        let mut out = [0u8; 20];
        let base = (i.wrapping_mul(5)).wrapping_add(seed.wrapping_mul(0x9E37_79B9));
        for j in 0..5 {
            let w = lowbias32(base.wrapping_add(j as u32));
            out[j * 4..j * 4 + 4].copy_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// The canonical text of key `i` (what the JS Set holds).
    pub fn canonical(seed: u32, i: u32) -> String {
        format!("0x{}", crate::hex::encode(&payload(seed, i)))
    }

    /// A signed bundle of `n` synthetic EVM keys (stream `seed`) for one entity, and the
    /// key prefix they use. Sorting 10M payloads takes a while; this is setup, not timed.
    pub fn bundle(n: u32, seed: u32, secret: &[u8; 32]) -> Result<Vec<u8>, String> {
        use crate::list::bundle::{encode_groups_unsigned, GroupSpec, Payloads};
        use crate::list::{Entity, Header};
        let mut keys: Vec<[u8; 20]> = (0..n).map(|i| payload(seed, i)).collect();
        keys.sort_unstable();
        keys.dedup();
        let flat: Vec<u8> = keys.iter().flatten().copied().collect();
        drop(keys);
        let prefix = [crate::address::Family::Evm as u8];
        let header = Header {
            sequence: 1,
            generated_at: "2026-08-20T00:00:00Z".into(),
            source: "synthetic".into(),
            source_date: "2026-08-20".into(),
            ..Header::default()
        };
        let entities = [Entity {
            name: "SYNTHETIC".into(),
            ..Entity::default()
        }];
        let groups = [GroupSpec {
            prefix: &prefix,
            payload_len: 20,
            entity: 0,
            tickers: vec![0],
            first_seen: None,
            payloads: Payloads::Flat(&flat),
        }];
        let mut b = encode_groups_unsigned(&header, &entities, &["ETH".to_string()], &groups)?;
        crate::list::sign::sign_bundle_in_place(&mut b, secret);
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::AddressKey;

    #[test]
    fn fingerprint_separates_prefixes() {
        let p: Vec<u8> = (0..20).collect();
        let prefixes: [&[u8]; 6] = [&[], &[2], &[2, 0], &[0, 2], &[1; 7], &[1; 8]];
        let fps: Vec<u64> = prefixes.iter().map(|x| fingerprint(x, &p)).collect();
        for i in 0..fps.len() {
            for j in 0..i {
                assert_ne!(fps[i], fps[j], "{:?} vs {:?}", prefixes[i], prefixes[j]);
            }
        }
        let k = AddressKey {
            prefix: vec![2],
            payload: p.clone(),
        };
        assert_eq!(key_fingerprint(&k), fingerprint(&[2], &p));
    }

    #[test]
    fn finds_every_key_and_rejects_others() {
        for n in [0usize, 1, 7, 8, 9, 1000, 4097] {
            let fps: Vec<u64> = (0..n as u64)
                .map(|i| fingerprint(&[1], &i.to_le_bytes()))
                .collect();
            let (ix, order) = FingerprintIndex::build(&fps);
            assert_eq!(ix.len(), n);
            let mut seen = vec![false; n];
            for &s in &order {
                assert!(!seen[s as usize]);
                seen[s as usize] = true;
            }
            for (slot, &fp) in fps.iter().enumerate() {
                assert!(ix.contains_fingerprint(fp));
                assert!(ix.candidates(fp).any(|p| order[p] as usize == slot));
            }
            let misses = (n as u64..n as u64 + 2000)
                .filter(|i| ix.contains_fingerprint(fingerprint(&[1], &i.to_le_bytes())))
                .count();
            assert_eq!(misses, 0);
            if n > 1000 {
                assert!(ix.heap_bytes() as f64 / n as f64 <= 4.6);
            }
        }
    }

    #[test]
    fn bundle_index_confirms_full_keys() {
        let sk = [7u8; 32];
        let b = synth::bundle(5000, 1, &sk).unwrap();
        let pk = crate::list::sign::public_key(&sk);
        let d = crate::list::bundle::decode(&b, &pk, &crate::list::Limits::DEFAULT).unwrap();
        let ix = BundleIndex::build(&b, &d);
        assert_eq!(ix.len(), 5000);
        let pre = [crate::address::Family::Evm as u8];
        for i in 0..5000 {
            assert!(ix.contains(&b, &pre, &synth::payload(1, i)));
            assert!(!ix.contains(&b, &pre, &synth::payload(2, i)));
        }
        let qs: Vec<[u8; 20]> = (0..100).map(|i| synth::payload(1 + i % 2, i)).collect();
        let mut out = Vec::new();
        ix.contains_many(&b, &pre, &qs, &mut out);
        for (i, &f) in out.iter().enumerate() {
            assert_eq!(f, i % 2 == 0, "{i}");
        }
        // Same payload under another prefix is not a hit.
        assert!(!ix.contains(&b, &[1], &synth::payload(1, 0)));
        let a = crate::address::parse(&synth::canonical(1, 3)).unwrap();
        assert_eq!(a.key.prefix, pre);
        assert_eq!(a.key.payload, synth::payload(1, 3));
    }

    #[test]
    fn duplicate_fingerprints_all_found() {
        let (a, b) = (5u64 << 40, 9u64 << 40);
        let fps = vec![a, a, b, a];
        let (ix, order) = FingerprintIndex::build(&fps);
        let mut got: Vec<u32> = ix.candidates(a).map(|p| order[p]).collect();
        got.sort();
        assert_eq!(got, vec![0, 1, 3]);
    }
}
