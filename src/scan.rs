//! Text in, spans of validated addresses out, in one pass over the bytes.
//!
//! # How it works
//!
//! Every address we know is a run of ASCII letters and digits (`0x` and the bech32
//! separator `1` included). So the scanner cuts the text into *tokens*: maximal runs of
//! `[A-Za-z0-9]`. Everything else is a delimiter: spaces, punctuation, `:` `/` `?` `=` `&`
//! `@` `"` `,`, and every non-ASCII byte (so an address glued to CJK text is still found,
//! and offsets always fall on char boundaries). A token is a candidate only if its *whole*
//! run has an address shape; a 40-hex run inside a 64-hex transaction hash, or a base58
//! run inside a longer word, is never looked at, because the token is the longer run.
//!
//! No address is shorter than 25 characters, so the hot loop skips ahead: from a token
//! boundary `i` it probes the byte at `i + 24`. A delimiter there means no long token
//! can start in `i..=i+24`; otherwise it walks back to the last delimiter before the probe
//! and jumps past it. On prose (words of 3 to 10 letters) this touches about one byte in
//! four, through a 256-entry class table, and allocates nothing.
//!
//! A token of the right shape (length, first characters, alphabet) goes to
//! [`crate::address::parse`], which verifies its checksum; only what parses is reported.
//! A `bitcoincash:` prefix right before a cashaddr token is included in the span.
//!
//! # Formats without a checksum
//!
//! - Solana keys are bare base58 of 32 bytes: any 32..=44-character base58 word could be
//!   one. They are reported with `candidate_only = true`, meaning "show this only if an
//!   exact set lookup confirms it", and only when the token looks like a random key:
//!   it has a digit, an upper-case and a lower-case letter, no run of more than 12
//!   lower-case letters (English words and identifiers), and is not glued to `+` or
//!   followed by `=` (base64). Of 200,000 random 32-byte keys (43 or 44 characters), 0.07%
//!   fail these tests (half for lacking a digit, half for a long lower-case run); every
//!   Solana address on the OFAC list passes.
//! - Tron's `41` + 40-hex form has no checksum either and any 42-hex run starting with
//!   `41` has its shape, so it is reported as `candidate_only` too.
//! - EVM addresses in all-lower or all-upper case carry no EIP-55 checksum; the `0x` +
//!   exactly 40 hex shape is distinctive enough that they are reported as addresses.
//!
//! # Streaming
//!
//! [`Scanner`] takes the input in chunks of any size and reports absolute byte offsets.
//! It carries at most one unfinished token (bounded by the longest address) and the 13
//! bytes before it across chunk boundaries, so its results equal those of [`scan`] on
//! the whole input, in bounded memory.
use crate::address::{self, Address, Family};

/// One address found in a text: byte offsets `start..end` into the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub address: Address,
}

/// Shortest token that can be an address (an XRP classic address can be 25 characters).
pub const MIN_TOKEN: usize = 25;
/// Longest token that can be an address (a Monero integrated address is 106).
pub const MAX_TOKEN: usize = 112;

const PREFIX: &[u8] = b"bitcoincash:";
/// Look-behind the scanner needs: the prefix and the delimiter before it. (The content
/// script sends this much text before a `:` with each candidate run.)
pub const LOOK_BEHIND: usize = PREFIX.len() + 1;
const CTX: usize = LOOK_BEHIND;

// Byte classes.
const ALNUM: u8 = 1;
const HEX: u8 = 2;
const B58: u8 = 4;
const DIGIT: u8 = 8;
const UPPER: u8 = 16;
const LOWER: u8 = 32;

static CLASS: [u8; 256] = build_class_table();

const fn build_class_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut c = 0usize;
    while c < 256 {
        let b = c as u8;
        let mut k = 0u8;
        if b.is_ascii_digit() {
            k |= ALNUM | DIGIT | HEX;
        } else if b.is_ascii_uppercase() {
            k |= ALNUM | UPPER;
        } else if b.is_ascii_lowercase() {
            k |= ALNUM | LOWER;
        }
        if b.is_ascii_hexdigit() {
            k |= HEX;
        }
        if k & ALNUM != 0 && !matches!(b, b'0' | b'O' | b'I' | b'l') {
            k |= B58;
        }
        t[c] = k;
        c += 1;
    }
    t
}

#[inline(always)]
fn is_tok(b: u8) -> bool {
    CLASS[b as usize] & ALNUM != 0
}

/// Scans `text` in one pass and returns every validated address, in order.
pub fn scan(text: &str) -> Vec<Found> {
    scan_bytes(text.as_bytes())
}

/// [`scan`] on bytes that may not be UTF-8 (every address is ASCII; non-ASCII bytes are
/// delimiters, so offsets are exact offsets into `bytes`).
pub fn scan_bytes(bytes: &[u8]) -> Vec<Found> {
    let mut out = Vec::new();
    scan_with(bytes, |f| out.push(f));
    out
}

/// The callback form: calls `emit` for every address found, in order, without collecting.
pub fn scan_with<F: FnMut(Found)>(bytes: &[u8], mut emit: F) {
    scan_block(bytes, &[], 0, true, &Every, &mut |f, _| emit(f));
}

/// Like [`scan_with`], and `emit` also gets the span's text as written in the input.
pub fn scan_with_text<F: FnMut(Found, &str)>(bytes: &[u8], mut emit: F) {
    scan_block(bytes, &[], 0, true, &Every, &mut emit);
}

/// Counts the addresses in `bytes` that are not `candidate_only` (benchmarks, tests).
pub fn count_confirmed(bytes: &[u8]) -> usize {
    let mut n = 0;
    scan_with(bytes, |f| n += usize::from(!f.address.candidate_only));
    n
}

/// Decides, from a whole token's bytes alone, whether it is worth evaluating (parsing and
/// verifying its checksum). A caller that only wants listed addresses passes a set
/// lookup here and so verifies checksums only for tokens that are on its list (the CLI's
/// `scan` without `--all`); [`Every`] admits every token (every other caller, the wasm
/// engine included: the trait is resolved at compile time, so that path is unchanged).
/// A token is a maximal run of `[A-Za-z0-9]` of any length (the scanner rejects lengths
/// outside `MIN_TOKEN..=MAX_TOKEN` itself, after this); a `bitcoincash:` prefix before it
/// is not part of it.
pub trait Prefilter {
    fn admits(&self, token: &[u8]) -> bool;
}

/// The prefilter that admits every token.
pub struct Every;

impl Prefilter for Every {
    #[inline(always)]
    fn admits(&self, _token: &[u8]) -> bool {
        true
    }
}

/// Scans `buf` (absolute offset `base`; `ctx` holds up to [`CTX`] bytes that come right
/// before it). `buf[0]` must sit on a token boundary. When `last` is false, a token that
/// runs into the end of `buf` is not evaluated: its start index is returned so that the
/// caller can carry it over; otherwise `buf.len()` is returned.
fn scan_block<F: FnMut(Found, &str), P: Prefilter>(
    buf: &[u8],
    ctx: &[u8],
    base: usize,
    last: bool,
    pre: &P,
    emit: &mut F,
) -> usize {
    let n = buf.len();
    let mut i = 0usize;
    // buf[i..clean] is known to be token bytes (when clean > i).
    let mut clean = 0usize;
    loop {
        if n - i >= BLOCK + MIN_TOKEN {
            let (j, known) = skip_blocks(buf, i);
            if j != i {
                i = j;
                clean = i;
            }
            // The run the blocks found needs no walking back over.
            clean = clean.max(j + known);
        }
        if n - i < MIN_TOKEN {
            if last {
                return n;
            }
            let mut j = n;
            while j > i && is_tok(buf[j - 1]) {
                j -= 1;
            }
            return j;
        }
        let probe = i + MIN_TOKEN - 1;
        if !is_tok(buf[probe]) {
            i = probe + 1;
            clean = i;
            continue;
        }
        let lo = if clean > i { clean } else { i };
        let mut j = probe;
        while j > lo && is_tok(buf[j - 1]) {
            j -= 1;
        }
        if j > lo {
            i = j;
            clean = probe + 1;
            continue;
        }
        // buf[i..=probe] is one run: the token starts at i.
        let e = run_end(buf, (probe + 1).max(clean));
        if e == n && !last {
            return i;
        }
        let left = Look { buf, ctx, at: i };
        let right = buf.get(e).copied();
        if let Some((pre, address)) = pre
            .admits(&buf[i..e])
            .then(|| evaluate(&buf[i..e], left, right))
            .flatten()
        {
            let mut text = [0u8; PREFIX.len() + MAX_TOKEN];
            emit(
                Found {
                    start: base + i - pre,
                    end: base + e,
                    address,
                },
                span_text(left, pre, &buf[i..e], &mut text),
            );
        }
        i = e + 1;
        clean = i;
        if i >= n {
            return n;
        }
    }
}

const BLOCK: usize = 64;

/// From a token boundary `i`, skips 64-byte blocks that cannot hold the start of a token
/// of `MIN_TOKEN` bytes or more, with a bit mask of token bytes per block. Returns a
/// token boundary and how many bytes from it are known to be token bytes: the start of the
/// first long run (and at least `MIN_TOKEN`), or, near the end of `buf`, the start of the run
/// the last block ends in (the scalar loop takes it from there).
#[inline]
fn skip_blocks(buf: &[u8], i: usize) -> (usize, usize) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (just checked).
        return unsafe { skip_blocks_avx2(buf, i) };
    }
    skip_blocks_by::<Native>(buf, i)
}

/// [`skip_blocks`] with the 256-bit masks, on CPUs that have AVX2 (measured on the 64 MB
/// inputs of benches/cli_vs_rg.sh: see README.md, "Speed").
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn skip_blocks_avx2(buf: &[u8], i: usize) -> (usize, usize) {
    skip_blocks_by::<Avx2>(buf, i)
}

#[inline(always)]
fn skip_blocks_by<M: Mask>(buf: &[u8], mut i: usize) -> (usize, usize) {
    let n = buf.len();
    // Token bytes right before `i` (the run they belong to starts at i - carry).
    let mut carry = 0usize;
    while i + BLOCK <= n {
        let m = M::mask(&buf[i..i + BLOCK]);
        let lead = carry + m.trailing_ones() as usize;
        if lead >= MIN_TOKEN {
            return (i - carry, lead);
        }
        // Bit k of r: bytes k..k+24 of the block are all token bytes.
        let mut r = m & (m >> 1);
        r &= r >> 2;
        r &= r >> 4;
        r &= r >> 8;
        r &= r >> (MIN_TOKEN - 16);
        if r != 0 {
            // The lowest such k starts its run: k-1 is a delimiter (k = 0 returned above).
            return (i + r.trailing_zeros() as usize, MIN_TOKEN);
        }
        carry = m.leading_ones() as usize;
        i += BLOCK;
    }
    (i - carry, carry)
}

/// The end of the run of token bytes that goes on at `e` (`e` itself when `buf[e]` is not
/// one): 64 bytes per step.
#[inline]
fn run_end(buf: &[u8], mut e: usize) -> usize {
    let n = buf.len();
    while e + BLOCK <= n {
        let ones = token_mask64(&buf[e..e + BLOCK]).trailing_ones() as usize;
        e += ones;
        if ones < BLOCK {
            return e;
        }
    }
    while e < n && is_tok(buf[e]) {
        e += 1;
    }
    e
}

/// A token-byte mask of 64 bytes ([`token_mask64`] and its wider forms).
trait Mask {
    fn mask(b: &[u8]) -> u64;
}

/// The build's own [`token_mask64`] (SSE2 on x86_64, SIMD128 or scalar in wasm).
struct Native;

impl Mask for Native {
    #[inline(always)]
    fn mask(b: &[u8]) -> u64 {
        token_mask64(b)
    }
}

/// Two 32-byte halves; only inlined into `#[target_feature(enable = "avx2")]` code.
#[cfg(target_arch = "x86_64")]
struct Avx2;

#[cfg(target_arch = "x86_64")]
impl Mask for Avx2 {
    #[inline(always)]
    fn mask(b: &[u8]) -> u64 {
        use std::arch::x86_64::*;
        assert!(b.len() >= BLOCK);
        // A byte is a digit when v - '0' is below 10, a letter when (v | 0x20) - 'a' is
        // below 26: unsigned compares, done as signed ones after a shift by 0x80. Bytes
        // >= 0x80 fall outside both. (A function, not a closure: closures are not always
        // inlined, and out of line these intrinsics are calls.)
        #[inline(always)]
        unsafe fn half(v: __m256i) -> u64 {
            let d = _mm256_add_epi8(v, _mm256_set1_epi8((0x80u8 - b'0') as i8));
            let l = _mm256_add_epi8(
                _mm256_or_si256(v, _mm256_set1_epi8(0x20)),
                _mm256_set1_epi8((0x80u8 - b'a') as i8),
            );
            let digit = _mm256_cmpgt_epi8(_mm256_set1_epi8(-128 + 10), d);
            let alpha = _mm256_cmpgt_epi8(_mm256_set1_epi8(-128 + 26), l);
            _mm256_movemask_epi8(_mm256_or_si256(digit, alpha)) as u32 as u64
        }
        // SAFETY: only called from functions compiled for AVX2, on CPUs that have it
        // (skip_blocks checks); the two 32-byte unaligned loads are within the 64 bytes.
        unsafe {
            let lo = _mm256_loadu_si256(b.as_ptr() as *const __m256i);
            let hi = _mm256_loadu_si256(b.as_ptr().add(32) as *const __m256i);
            half(lo) | half(hi) << 32
        }
    }
}

/// Bit k set when byte k of `b[..64]` is a token byte (`[A-Za-z0-9]`).
#[cfg(target_arch = "x86_64")]
#[inline]
fn token_mask64(b: &[u8]) -> u64 {
    use std::arch::x86_64::*;
    assert!(b.len() >= BLOCK);
    let mut m = 0u64;
    for k in 0..4 {
        // SAFETY: `b` has at least 64 bytes (asserted), so the 16-byte unaligned load at
        // 16 * k is in bounds; SSE2 is part of the x86_64 baseline.
        let bits = unsafe {
            let v = _mm_loadu_si128(b.as_ptr().add(16 * k) as *const __m128i);
            // Signed compares: bytes >= 0x80 are negative and fall outside both ranges.
            let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
            let digit = _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(b'0' as i8 - 1)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(b'9' as i8 + 1)),
            );
            let alpha = _mm_and_si128(
                _mm_cmpgt_epi8(lower, _mm_set1_epi8(b'a' as i8 - 1)),
                _mm_cmplt_epi8(lower, _mm_set1_epi8(b'z' as i8 + 1)),
            );
            _mm_movemask_epi8(_mm_or_si128(digit, alpha)) as u32 as u64
        };
        m |= bits << (16 * k);
    }
    m
}

/// Bit k set when byte k of `b[..64]` is a token byte (`[A-Za-z0-9]`).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn token_mask64(b: &[u8]) -> u64 {
    use core::arch::wasm32::*;
    assert!(b.len() >= BLOCK);
    let mut m = 0u64;
    for k in 0..4 {
        // SAFETY: `b` has at least 64 bytes (asserted), so the 16-byte load at 16 * k is
        // in bounds; v128_load has no alignment requirement.
        let v = unsafe { v128_load(b.as_ptr().add(16 * k) as *const v128) };
        // Signed compares: bytes >= 0x80 are negative and fall outside both ranges.
        let lower = v128_or(v, u8x16_splat(0x20));
        let digit = v128_and(
            i8x16_gt(v, i8x16_splat(b'0' as i8 - 1)),
            i8x16_lt(v, i8x16_splat(b'9' as i8 + 1)),
        );
        let alpha = v128_and(
            i8x16_gt(lower, i8x16_splat(b'a' as i8 - 1)),
            i8x16_lt(lower, i8x16_splat(b'z' as i8 + 1)),
        );
        m |= (i8x16_bitmask(v128_or(digit, alpha)) as u64) << (16 * k);
    }
    m
}

/// Bit k set when byte k of `b[..64]` is a token byte (`[A-Za-z0-9]`).
#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
#[inline]
fn token_mask64(b: &[u8]) -> u64 {
    token_mask64_scalar(b)
}

#[cfg_attr(
    any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ),
    allow(dead_code)
)]
fn token_mask64_scalar(b: &[u8]) -> u64 {
    b[..BLOCK].iter().enumerate().fold(0u64, |m, (k, &x)| {
        m | (u64::from(CLASS[x as usize] & ALNUM) << k)
    })
}

/// Look-behind from a token start into the block, then into the carried context.
#[derive(Clone, Copy)]
struct Look<'a> {
    buf: &'a [u8],
    ctx: &'a [u8],
    at: usize,
}

impl Look<'_> {
    /// The byte `k` positions before the token (k >= 1), if any.
    fn back(&self, k: usize) -> Option<u8> {
        if k <= self.at {
            Some(self.buf[self.at - k])
        } else {
            let r = k - self.at;
            self.ctx.len().checked_sub(r).map(|p| self.ctx[p])
        }
    }
    /// True when `bitcoincash:` (any case) sits right before the token as its own word.
    fn has_cash_prefix(&self) -> bool {
        for (k, want) in (1..=PREFIX.len()).zip(PREFIX.iter().rev()) {
            match self.back(k) {
                Some(b) if b.eq_ignore_ascii_case(want) => {}
                _ => return false,
            }
        }
        !matches!(self.back(PREFIX.len() + 1), Some(b) if is_tok(b))
    }
}

/// The span as written: `pre` bytes of look-behind (the prefix) and the token.
fn span_text<'b>(
    left: Look<'_>,
    pre: usize,
    tok: &[u8],
    out: &'b mut [u8; PREFIX.len() + MAX_TOKEN],
) -> &'b str {
    for k in 0..pre {
        out[pre - 1 - k] = left.back(k + 1).unwrap_or(b' ');
    }
    out[pre..pre + tok.len()].copy_from_slice(tok);
    std::str::from_utf8(&out[..pre + tok.len()]).unwrap_or("")
}

/// Decides one complete token. Returns how many prefix bytes before the token belong to
/// the span (`bitcoincash:`), and the address.
fn evaluate(tok: &[u8], left: Look<'_>, right: Option<u8>) -> Option<(usize, Address)> {
    let len = tok.len();
    if !(MIN_TOKEN..=MAX_TOKEN).contains(&len) {
        return None;
    }
    let mut classes = 0u8;
    let mut all = 0xffu8;
    for &b in tok {
        let c = CLASS[b as usize];
        classes |= c;
        all &= c;
    }
    let (b0, b1) = (tok[0], tok[1]);
    let s = std::str::from_utf8(tok).ok()?; // always ASCII here
                                            // 0x + 40 hex: EVM.
    if len == 42 && b0 == b'0' && (b1 == b'x' || b1 == b'X') {
        if tok[2..].iter().all(u8::is_ascii_hexdigit) {
            return address::parse(s).ok().map(|a| (0, a));
        }
        return None;
    }
    // 41 + 40 hex: Tron's hex form, no checksum.
    if all & HEX != 0 {
        if len == 42 && b0 == b'4' && b1 == b'1' {
            return address::parse(s).ok().map(|a| (0, a)); // candidate_only (address::tron)
        }
        // Any other pure-hex run (tx hashes, digests) is not an address.
        return None;
    }
    let lower3 = [b0 | 0x20, b1 | 0x20, tok[2] | 0x20];
    // bech32: bc1, ltc1, bnb1 (and tb1/bcrt1 testnets the parser accepts).
    if matches!(&lower3, b"bc1" | b"ltc" | b"bnb" | b"tb1" | b"bcr") {
        match address::parse(s) {
            // A Solana key can start with "bc1" too: it goes through the key test below.
            Ok(a) if !a.candidate_only => return Some((0, a)),
            _ => {}
        }
    }
    // cashaddr without prefix (the span takes the prefix when it is there).
    if (len == 42 || len == 54) && matches!(b0 | 0x20, b'q' | b'p') {
        if left.has_cash_prefix() {
            let mut full = [0u8; PREFIX.len() + MAX_TOKEN];
            for k in 0..PREFIX.len() {
                full[PREFIX.len() - 1 - k] = left.back(k + 1)?;
            }
            full[PREFIX.len()..PREFIX.len() + len].copy_from_slice(tok);
            let fs = std::str::from_utf8(&full[..PREFIX.len() + len]).ok()?;
            if let Ok(a) = address::parse(fs) {
                return Some((PREFIX.len(), a));
            }
        }
        if let Ok(a) = address::parse(s) {
            if a.family == Family::CashAddr {
                return Some((0, a));
            }
        }
    }
    if all & B58 == 0 {
        return None;
    }
    match len {
        25..=35 => {
            // A Solana key this short needs 7+ leading zero bytes: only checksummed
            // families here, and only with a first character one of their versions gives.
            if !B58CHECK_LEAD.contains(&b0) || (b0 == b't' && !matches!(b1, b'1' | b'3')) {
                return None;
            }
            let a = address::parse(s).ok()?;
            if a.candidate_only && !looks_like_key(tok, classes, left, right) {
                return None;
            }
            Some((0, a))
        }
        36..=44 => {
            if !looks_like_key(tok, classes, left, right) {
                return None;
            }
            let a = address::parse(s).ok()?;
            Some((0, a))
        }
        95 | 106 if b0 == b'4' || b0 == b'8' => address::parse(s).ok().map(|a| (0, a)),
        _ => None,
    }
}

/// First characters of the base58check addresses we parse: Bitcoin and its forks (1, 3),
/// Litecoin (L, M), Dogecoin (D, 9, A), Verge (D, E), Dash (X, 7), Zcash (t1, t3),
/// Bitcoin Gold (G, A), Tron (T), XRP (r).
const B58CHECK_LEAD: &[u8] = b"13LMD9AEX7tGTr";

/// The Solana heuristic (see the module docs): does a base58 token look like a random
/// 32-byte key rather than a word, an identifier or a piece of base64?
fn looks_like_key(tok: &[u8], classes: u8, left: Look<'_>, right: Option<u8>) -> bool {
    if !(32..=44).contains(&tok.len()) {
        return false;
    }
    if classes & (DIGIT | UPPER | LOWER) != DIGIT | UPPER | LOWER {
        return false;
    }
    if left.back(1) == Some(b'+') || matches!(right, Some(b'+' | b'=')) {
        return false;
    }
    let mut run = 0usize;
    for &b in tok {
        if b.is_ascii_lowercase() {
            run += 1;
            if run > 12 {
                return false;
            }
        } else {
            run = 0;
        }
    }
    true
}

/// A streaming scanner: feed chunks of any size, get absolute byte offsets.
///
/// ```
/// use sightline::scan::Scanner;
/// let mut s = Scanner::new();
/// let mut found = Vec::new();
/// // An address split across two chunks is found once, with offsets into the whole input.
/// s.feed(b"pay 0x5aAeb6053F3E94C9b9A09f3366", |f| found.push(f));
/// s.feed(b"9435E7Ef1BeAed now", |f| found.push(f));
/// s.finish(|f| found.push(f));
/// assert_eq!((found[0].start, found[0].end), (4, 46));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Scanner {
    /// Absolute offset of the next byte to be fed.
    pos: usize,
    /// The unfinished token at the end of what was fed (at most `MAX_TOKEN + 1` bytes kept).
    pending: Vec<u8>,
    /// Its true length (may exceed what is kept: then it cannot be an address).
    pending_len: usize,
    /// Absolute offset where the pending token starts.
    carry_at: usize,
    /// Up to `CTX` bytes right before the pending token (or before the next block).
    ctx: Vec<u8>,
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner {
            pos: 0,
            pending: Vec::with_capacity(MAX_TOKEN + 1),
            pending_len: 0,
            carry_at: 0,
            ctx: Vec::with_capacity(2 * CTX + MAX_TOKEN),
        }
    }

    /// Bytes fed so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Scans the next chunk; `emit` gets every address completed by it.
    pub fn feed<F: FnMut(Found)>(&mut self, chunk: &[u8], mut emit: F) {
        self.feed_text(chunk, |f, _| emit(f));
    }

    /// Ends the input: evaluates a token that ran to the very end.
    pub fn finish<F: FnMut(Found)>(&mut self, mut emit: F) {
        self.finish_text(|f, _| emit(f));
    }

    /// [`Scanner::feed`], and `emit` also gets the span's text as written.
    pub fn feed_text<F: FnMut(Found, &str)>(&mut self, chunk: &[u8], emit: F) {
        self.feed_filtered(chunk, &Every, emit);
    }

    /// [`Scanner::feed_text`] evaluating only the tokens `pre` admits (see [`Prefilter`]).
    pub fn feed_filtered<F: FnMut(Found, &str), P: Prefilter>(
        &mut self,
        chunk: &[u8],
        pre: &P,
        mut emit: F,
    ) {
        let mut start = 0;
        if self.pending_len > 0 {
            let d = chunk
                .iter()
                .position(|&b| !is_tok(b))
                .unwrap_or(chunk.len());
            self.extend_pending(&chunk[..d]);
            if d == chunk.len() {
                self.pos += chunk.len();
                return;
            }
            self.flush_pending(Some(chunk[d]), pre, &mut emit);
            start = d;
        }
        let block = &chunk[start..];
        let base = self.pos + start;
        let r = scan_block(block, &self.ctx, base, false, pre, &mut emit);
        push_ctx(&mut self.ctx, &block[..r]);
        if r < block.len() {
            self.carry_at = base + r;
            self.extend_pending(&block[r..]);
        }
        self.pos += chunk.len();
    }

    /// [`Scanner::finish`], and `emit` also gets the span's text as written.
    pub fn finish_text<F: FnMut(Found, &str)>(&mut self, emit: F) {
        self.finish_filtered(&Every, emit);
    }

    /// [`Scanner::finish_text`] with the prefilter of [`Scanner::feed_filtered`].
    pub fn finish_filtered<F: FnMut(Found, &str), P: Prefilter>(&mut self, pre: &P, mut emit: F) {
        if self.pending_len > 0 {
            self.flush_pending(None, pre, &mut emit);
        }
    }

    fn extend_pending(&mut self, bytes: &[u8]) {
        let room = (MAX_TOKEN + 1).saturating_sub(self.pending.len());
        self.pending
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
        self.pending_len += bytes.len();
    }

    fn flush_pending<F: FnMut(Found, &str), P: Prefilter>(
        &mut self,
        right: Option<u8>,
        filter: &P,
        emit: &mut F,
    ) {
        if self.pending_len <= MAX_TOKEN {
            let left = Look {
                buf: &[],
                ctx: &self.ctx,
                at: 0,
            };
            if let Some((pre, address)) = filter
                .admits(&self.pending)
                .then(|| evaluate(&self.pending, left, right))
                .flatten()
            {
                let mut text = [0u8; PREFIX.len() + MAX_TOKEN];
                emit(
                    Found {
                        start: self.carry_at - pre,
                        end: self.carry_at + self.pending_len,
                        address,
                    },
                    span_text(left, pre, &self.pending, &mut text),
                );
            }
            push_ctx(&mut self.ctx, &self.pending);
        } else {
            // An over-long run: only its token-ness matters to the next look-behind.
            self.ctx.clear();
            self.ctx.resize(CTX, b'a');
        }
        self.pending.clear();
        self.pending_len = 0;
    }
}

/// Keeps the last `CTX` bytes of `ctx ++ bytes` in `ctx`.
fn push_ctx(ctx: &mut Vec<u8>, bytes: &[u8]) {
    if bytes.len() >= CTX {
        ctx.clear();
        ctx.extend_from_slice(&bytes[bytes.len() - CTX..]);
    } else {
        ctx.extend_from_slice(bytes);
        if ctx.len() > CTX {
            ctx.drain(..ctx.len() - CTX);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift) for the tests below.
    fn rng(mut x: u64) -> impl FnMut() -> u64 {
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    #[test]
    fn block_mask_matches_class_table() {
        let mut next = rng(0x5eed);
        for _ in 0..2000 {
            let b: Vec<u8> = (0..64).map(|_| next() as u8).collect();
            assert_eq!(token_mask64(&b), token_mask64_scalar(&b), "{b:?}");
        }
        let all: Vec<u8> = (0..=255u8).collect();
        for c in all.chunks(64) {
            assert_eq!(token_mask64(c), token_mask64_scalar(c));
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_mask_matches_class_table() {
        #[target_feature(enable = "avx2")]
        fn mask(b: &[u8]) -> u64 {
            Avx2::mask(b)
        }
        if !std::is_x86_feature_detected!("avx2") {
            return;
        }
        let mut next = rng(0xa5a5);
        let all: Vec<u8> = (0..=255u8).collect();
        let random = (0..2000).map(|_| (0..64).map(|_| next() as u8).collect::<Vec<u8>>());
        for b in all.chunks(64).map(<[u8]>::to_vec).chain(random) {
            // SAFETY: the CPU has AVX2 (checked above).
            assert_eq!(unsafe { mask(&b) }, token_mask64_scalar(&b), "{b:?}");
        }
    }

    /// The reference: cut every maximal token run and decide each one; the fast path
    /// (block skipping, probing) must agree on texts with runs of every length.
    #[test]
    fn skipping_agrees_with_plain_tokenizing() {
        let addrs = [
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        ];
        let mut next = rng(42);
        for round in 0..300 {
            let mut t = Vec::new();
            while t.len() < 600 + round * 7 {
                match next() % 10 {
                    0 => t.extend_from_slice(addrs[(next() % 3) as usize].as_bytes()),
                    1 => t.push(b" ,.:/\n\xe4"[(next() % 7) as usize]),
                    _ => {
                        let len = (next() % 40) as usize;
                        t.extend((0..len).map(|_| b"aZ9qx"[(next() % 5) as usize]));
                        t.push(b' ');
                    }
                }
            }
            let mut want = Vec::new();
            let mut k = 0;
            while k < t.len() {
                if !is_tok(t[k]) {
                    k += 1;
                    continue;
                }
                let s = k;
                while k < t.len() && is_tok(t[k]) {
                    k += 1;
                }
                let left = Look {
                    buf: &t,
                    ctx: &[],
                    at: s,
                };
                if let Some((pre, _)) = evaluate(&t[s..k], left, t.get(k).copied()) {
                    want.push((s - pre, k));
                }
            }
            let got: Vec<_> = scan_bytes(&t).iter().map(|f| (f.start, f.end)).collect();
            assert_eq!(got, want, "round {round}");
        }
    }
}
