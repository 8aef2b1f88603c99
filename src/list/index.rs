//! The lookup index: a static hash of 64-bit key fingerprints, shaped for wasm.
//!
//! # Why this shape
//! A set is built once (when a bundle loads) and then only queried, so there is no need for
//! a growable hash map with its load-factor slack, per-entry pointers and tombstones.
//! Instead the fingerprints (`xxh3` of the key, see [`fingerprint`]) are bucketed by their
//! top `bits` bits with one counting-sort pass, and each bucket is sorted. What stays in
//! memory is:
//!
//! - `offsets`: one `u32` per bucket (`2^bits + 1` of them, about a quarter to a half as many
//!   buckets as keys, so 1 to 2 bytes per key);
//! - `tags`: the low 32 bits of each fingerprint, in bucket order (4 bytes per key).
//!
//! A key's slot is its position in `tags`: callers store their entries in that order (the
//! build returns the permutation), so no slot array is needed. A lookup hashes the key,
//! reads two offsets and scans a bucket of about 2 to 4 tags: two or three cache misses,
//! no allocation. Together the bucket number and the tag compare `bits + 32` bits of the
//! fingerprint (54 bits at 10M keys), so a miss is mistaken for a candidate with
//! probability about `bucket size / 2^32`; [`super::LoadedSet`] then confirms every
//! candidate against the full key, so a false hit is impossible there.

/// The fingerprint of a key given as prefix and payload; equal to
/// [`crate::address::AddressKey::fingerprint`] (one-shot xxh3 over `[prefix.len()] ++ prefix
/// ++ payload`), without allocating.
#[inline]
pub fn fingerprint(prefix: &[u8], payload: &[u8]) -> u64 {
    let n = 1 + prefix.len() + payload.len();
    if n <= 160 {
        let mut buf = [0u8; 160];
        buf[0] = prefix.len() as u8;
        buf[1..1 + prefix.len()].copy_from_slice(prefix);
        buf[1 + prefix.len()..n].copy_from_slice(payload);
        xxhash_rust::xxh3::xxh3_64(&buf[..n])
    } else {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&[prefix.len() as u8]);
        h.update(prefix);
        h.update(payload);
        h.digest()
    }
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
    /// Linear time (counting sort on the bucket bits, then tiny per-bucket sorts).
    pub fn build(fps: &[u64]) -> (FingerprintIndex, Vec<u32>) {
        let n = fps.len();
        assert!(n < u32::MAX as usize, "index holds at most 2^32-1 keys");
        // About 2 to 4 keys per bucket.
        let bits = if n < 8 {
            0
        } else {
            (n.next_power_of_two().trailing_zeros())
                .saturating_sub(2)
                .min(32)
        };
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
        let tags = sorted.iter().map(|&(fp, _)| fp as u32).collect();
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

    /// Positions whose fingerprint may equal `fp` (usually none or one). Candidates only:
    /// confirm against the full key when it matters.
    #[inline]
    pub fn candidates(&self, fp: u64) -> impl Iterator<Item = usize> + '_ {
        let (lo, hi) = if self.tags.is_empty() {
            (0, 0)
        } else {
            let b = bucket(fp, self.bits);
            (self.offsets[b] as usize, self.offsets[b + 1] as usize)
        };
        let tag = fp as u32;
        self.tags[lo..hi]
            .iter()
            .enumerate()
            .filter(move |(_, &t)| t == tag)
            .map(move |(i, _)| lo + i)
    }

    /// True when some key has a fingerprint matching `fp` (no full-key confirmation).
    #[inline]
    pub fn contains_fingerprint(&self, fp: u64) -> bool {
        if self.tags.is_empty() {
            return false;
        }
        let b = bucket(fp, self.bits);
        let (lo, hi) = (self.offsets[b] as usize, self.offsets[b + 1] as usize);
        let tag = fp as u32;
        self.tags[lo..hi].contains(&tag)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::AddressKey;

    #[test]
    fn fingerprint_matches_address_key() {
        for len in [0usize, 1, 20, 32, 64, 72, 200] {
            let k = AddressKey {
                prefix: vec![2, 7],
                payload: (0..len as u8).collect(),
            };
            assert_eq!(
                fingerprint(&k.prefix, &k.payload),
                k.fingerprint(),
                "len {len}"
            );
        }
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
                assert!(ix.heap_bytes() as f64 / n as f64 <= 6.5);
            }
        }
    }

    #[test]
    fn duplicate_fingerprints_all_found() {
        let fps = vec![5u64, 5, 9, 5];
        let (ix, order) = FingerprintIndex::build(&fps);
        let mut got: Vec<u32> = ix.candidates(5).map(|p| order[p]).collect();
        got.sort();
        assert_eq!(got, vec![0, 1, 3]);
    }
}
