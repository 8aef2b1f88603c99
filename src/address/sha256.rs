//! SHA-256 (FIPS 180-4) for one job: the 4-byte double-SHA-256 checksum of base58check
//! strings (Bitcoin-family legacy addresses, Tron `T...`, XRP). Short data is hashed by the
//! hand-unrolled compression below, longer data by the `sha2` crate, which is also the
//! oracle in the tests; [`checksum4`] says why the crate is not used for everything.
use sha2::{Digest, Sha256};

/// SHA-256's initial state (FIPS 180-4, 5.3.3).
const SHA256_H0: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// The first four bytes of SHA-256(SHA-256(data)).
///
/// Data of at most 55 bytes (every address here: 21..=26) fits one padded block, and the
/// second hash always hashes one block of 32 bytes, so this pads by hand and runs
/// [`compress`] twice; longer data takes the `sha2` crate (which is also the oracle in the
/// tests). Why not the crate for short data too: in the wasm build (simd128, `wasm-opt -Oz`,
/// node 20; 2026-11-25, interleaved best-of runs of `benchValidate` over the `benches/peers`
/// inputs, JS call included) a `T...` address took 749 -> 694 ns and a `1...` one 737 ->
/// 698 ns with this instead of `sha2::compress256` plus the same hand padding, which in turn
/// beat `Sha256::digest` twice by ~60 ns. The double SHA-256 is about half of `parse` time
/// for these addresses. The crate's portable backend keeps its message schedule in arrays,
/// which wasm keeps in linear memory; here it is sixteen words LLVM holds in locals, and
/// the fixed second block folds. Cost: +4.5 KB of the gzipped shipped wasm (all changes).
pub(crate) fn checksum4(data: &[u8]) -> [u8; 4] {
    let n = data.len();
    if n > 55 {
        let once = Sha256::digest(data);
        let twice = Sha256::digest(once);
        return [twice[0], twice[1], twice[2], twice[3]];
    }
    // FIPS 180-4, 5.1.1: data, a 1 bit, zeros, the bit length as 64-bit big-endian.
    let mut block = [0u8; 64];
    block[..n].copy_from_slice(data);
    block[n] = 0x80;
    block[56..].copy_from_slice(&(n as u64 * 8).to_be_bytes());
    #[cfg(not(target_arch = "wasm32"))]
    {
        native::checksum4(&block)
    }
    #[cfg(target_arch = "wasm32")]
    {
        portable_checksum4(&block)
    }
}

/// Natively, the `sha2` crate's compression: it picks the SHA-NI instructions at run time
/// (cpufeatures) where the CPU has them, as this project's build machine does. Measured
/// on 2026-12-02 (`scan --all -j1` of benches/cli_vs_rg.sh's 64 MB CSV, best of 3 on the
/// shared 2-core VM): the hand-unrolled portable compression below took 1.58 s wall (1.43 s
/// user), this 1.46 s (1.26 s); in `perf`, checksum4 was 13% of the time and `parse` 13%,
/// now checksum4 is inlined into `parse`, which is 15%.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use sha2::digest::generic_array::GenericArray;

    pub(super) fn checksum4(block: &[u8; 64]) -> [u8; 4] {
        let mut once = super::SHA256_H0;
        sha2::compress256(&mut once, &[*GenericArray::from_slice(block)]);
        let mut second = [0u8; 64];
        for (bytes, word) in second.chunks_exact_mut(4).zip(once) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        second[32] = 0x80;
        second[62] = 0x01; // 256 bits, big-endian
        let mut twice = super::SHA256_H0;
        sha2::compress256(&mut twice, &[*GenericArray::from_slice(&second)]);
        twice[0].to_be_bytes()
    }
}

/// The padded one-block double SHA-256 with the compression below (the wasm fast path).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn portable_checksum4(block: &[u8; 64]) -> [u8; 4] {
    let mut w = [0u32; 16];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    }
    let mut once = SHA256_H0;
    compress(&mut once, w);
    // The 32-byte first digest, padded the same way (256 bits).
    let mut w = [0u32; 16];
    w[..8].copy_from_slice(&once);
    w[8] = 0x8000_0000;
    w[15] = 256;
    let mut twice = SHA256_H0;
    compress(&mut twice, w);
    twice[0].to_be_bytes()
}

/// SHA-256's round constants (FIPS 180-4, 4.2.2).
const SHA256_K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// One SHA-256 round (FIPS 180-4, 6.2.2 step 3) with `wk` = `W[t] + K[t]`; the caller
/// renames the working variables instead of moving them.
macro_rules! sha256_round {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $wk:expr) => {
        let t1 = $h
            .wrapping_add($e.rotate_right(6) ^ $e.rotate_right(11) ^ $e.rotate_right(25))
            .wrapping_add($g ^ ($e & ($f ^ $g)))
            .wrapping_add($wk);
        $d = $d.wrapping_add(t1);
        $h = t1
            .wrapping_add($a.rotate_right(2) ^ $a.rotate_right(13) ^ $a.rotate_right(22))
            .wrapping_add(($a & $b) | ($c & ($a | $b)));
    };
}

/// Round `t` < 16: the message word as given.
macro_rules! sha256_r0 {
    ($w:ident, $t:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        sha256_round!(
            $a,
            $b,
            $c,
            $d,
            $e,
            $f,
            $g,
            $h,
            $w[$t].wrapping_add(SHA256_K[$t])
        );
    };
}

/// Round `t` >= 16: the next schedule word (FIPS 180-4, 6.2.2 step 1) in a 16-word window.
macro_rules! sha256_rs {
    ($w:ident, $t:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        let w15 = $w[($t + 1) & 15];
        let w2 = $w[($t + 14) & 15];
        $w[$t & 15] = $w[$t & 15]
            .wrapping_add(w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3))
            .wrapping_add($w[($t + 9) & 15])
            .wrapping_add(w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10));
        sha256_round!(
            $a,
            $b,
            $c,
            $d,
            $e,
            $f,
            $g,
            $h,
            $w[$t & 15].wrapping_add(SHA256_K[$t])
        );
    };
}

/// Eight rounds from `t`, the working variables renamed one step per round.
macro_rules! sha256_eight {
    ($m:ident, $w:ident, $t:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        $m!($w, $t, $a, $b, $c, $d, $e, $f, $g, $h);
        $m!($w, $t + 1, $h, $a, $b, $c, $d, $e, $f, $g);
        $m!($w, $t + 2, $g, $h, $a, $b, $c, $d, $e, $f);
        $m!($w, $t + 3, $f, $g, $h, $a, $b, $c, $d, $e);
        $m!($w, $t + 4, $e, $f, $g, $h, $a, $b, $c, $d);
        $m!($w, $t + 5, $d, $e, $f, $g, $h, $a, $b, $c);
        $m!($w, $t + 6, $c, $d, $e, $f, $g, $h, $a, $b);
        $m!($w, $t + 7, $b, $c, $d, $e, $f, $g, $h, $a);
    };
}

/// The SHA-256 compression function (FIPS 180-4, 6.2.2) on one block of big-endian words,
/// fully unrolled so the schedule window and working variables stay in wasm locals.
#[inline(always)]
fn compress(state: &mut [u32; 8], mut w: [u32; 16]) {
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    sha256_eight!(sha256_r0, w, 0, a, b, c, d, e, f, g, h);
    sha256_eight!(sha256_r0, w, 8, a, b, c, d, e, f, g, h);
    sha256_eight!(sha256_rs, w, 16, a, b, c, d, e, f, g, h);
    sha256_eight!(sha256_rs, w, 24, a, b, c, d, e, f, g, h);
    sha256_eight!(sha256_rs, w, 32, a, b, c, d, e, f, g, h);
    sha256_eight!(sha256_rs, w, 40, a, b, c, d, e, f, g, h);
    sha256_eight!(sha256_rs, w, 48, a, b, c, d, e, f, g, h);
    sha256_eight!(sha256_rs, w, 56, a, b, c, d, e, f, g, h);
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portable_compression_matches_the_crate() {
        for n in 0..=55usize {
            let mut block = [0u8; 64];
            for (i, b) in block[..n].iter_mut().enumerate() {
                *b = (i * 131 + n) as u8;
            }
            block[n] = 0x80;
            block[56..].copy_from_slice(&(n as u64 * 8).to_be_bytes());
            let data: Vec<u8> = block[..n].to_vec();
            let twice = Sha256::digest(Sha256::digest(&data));
            assert_eq!(portable_checksum4(&block), twice[..4], "length {n}");
        }
    }

    #[test]
    fn checksum4_matches_digest_at_every_length() {
        for n in 0..=130usize {
            let data: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            let twice = Sha256::digest(Sha256::digest(&data));
            assert_eq!(checksum4(&data), twice[..4], "length {n}");
        }
    }
}
