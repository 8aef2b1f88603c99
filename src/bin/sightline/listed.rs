//! `scan`'s lookup-first prefilter: the tokens worth validating when only listed addresses
//! are printed (every mode but `--all`).
//!
//! A listed address is a valid one, so a token that is no spelling of a listed address
//! cannot be a hit, and its checksum (double SHA-256, Keccak for EIP-55, the bech32
//! polymod) need not be verified. At start-up every spelling of every listed address goes
//! into a small open-addressed table of fingerprints: the token's length and its last eight
//! characters with ASCII letters lowercased (base58 strings differ in case, but a
//! case-only twin of a listed base58 address is rare text and is then parsed and refused as
//! usual). A token whose fingerprint's tag is in the table is evaluated exactly as before
//! (shape, checksum, lookup), so the hits are the same; the others cost a load and a compare.
//!
//! Spellings: the canonical form (lowercase for hex, bech32 and cashaddr: the fingerprint
//! ignores case, so EIP-55, upper-case bech32 and `0X` match too), the other Bitcoin Cash
//! spelling over the same hash (legacy `1...`/`3...` and cashaddr `q...`/`p...`, with or
//! without `bitcoincash:`, which is not part of a token), Tron's `41` + hex form, and the
//! associated token accounts of listed Solana owners for the well-known mints (`scan`
//! reports those as the owner's).
//!
//! Measured with `RUNS=5 bash benches/cli_vs_rg.sh 64` (2026-12-02, 2-core VM, best of 5,
//! two workers, same conditions; with the other changes of that commit: SHA-NI, verdicts
//! made once per listed address): the CSV with an address on every line 479 -> 52 ms, the
//! dense prose 157 -> 51 ms, page prose 59 -> 41 ms.
//!
//! Deriving the spellings (base58 and cashaddr encodings, Solana token accounts) took 2-3 ms
//! of start-up before any byte was read (timed inside `scan` of a 3-byte file, 2026-12-01).
//! For the list built into the binary the fingerprints are embedded instead
//! (`listed.fingerprints`), used only when made from these very bundle bytes; a test proves
//! they equal what the list gives (and rewrites the file on request).
use sightline::address::{self, solana_ata, AddressKey, Family};
use sightline::list::LoadedSet;
use sightline::scan::{Prefilter, MAX_TOKEN, MIN_TOKEN};

/// Every spelling of every listed address, as a 16-bit tag of its fingerprint in an
/// open-addressed table (0: an empty slot). 16 KB for the built-in list, in L1 beside the
/// text (64 KB of whole fingerprints took half the scanning closure's samples on the
/// explorer-like input in `perf`). A tag can be shared by a token that is no spelling (about
/// one token in 100,000: 15 random bits, a fifth of the slots full): that token is evaluated and refused as usual, so the hits stay the
/// same; only a spelling's own tag must be there.
pub struct ListedTokens {
    slots: Vec<u16>,
    mask: usize,
}

/// Length and the last eight characters, letters lowercased (a token is `[A-Za-z0-9]`, so
/// setting bit 0x20 lowercases letters and leaves digits as they are).
#[inline(always)]
fn fingerprint(tok: &[u8]) -> u64 {
    let n = tok.len();
    let mut tail = [0u8; 8];
    tail.copy_from_slice(&tok[n - 8..]);
    let w = u64::from_le_bytes(tail) | 0x2020_2020_2020_2020;
    (w ^ (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1
}

/// The slot where a fingerprint's chain starts, and its tag (never 0).
#[inline(always)]
fn slot_and_tag(fp: u64, mask: usize) -> (usize, u16) {
    let h = fp.wrapping_mul(0xff51_afd7_ed55_8ccd);
    ((h >> 40) as usize & mask, (h >> 16) as u16 | 1)
}

/// `listed.fingerprints`: xxh3-64 of the bundle it was made from, then the sorted
/// fingerprints [`fingerprints`] gives for that bundle's set, all u64 little-endian.
const EMBEDDED: &[u8] = include_bytes!("listed.fingerprints");

/// The embedded fingerprints, when they were made from the bundle built into this binary.
fn embedded() -> Option<Vec<u64>> {
    let mut words = EMBEDDED
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")));
    let made_from = words.next()?;
    (made_from == xxhash_rust::xxh3::xxh3_64(sightline::list::BUNDLED_BYTES))
        .then(|| words.collect())
}

/// The sorted fingerprints of every spelling of every address `set` lists.
fn fingerprints(set: &LoadedSet) -> Vec<u64> {
    let mut spellings: Vec<String> = Vec::new();
    let entries = set
        .entries()
        .chain(set.user_lists().iter().flat_map(|u| u.entries()));
    for e in entries {
        add_spellings(&e.key(), &mut spellings);
    }
    let mut fps: Vec<u64> = spellings
        .iter()
        .filter_map(|s| {
            // The token: what follows a `bitcoincash:`-style prefix.
            let t = s.rsplit(':').next().unwrap_or(s).as_bytes();
            (MIN_TOKEN..=MAX_TOKEN)
                .contains(&t.len())
                .then(|| fingerprint(t))
        })
        .collect();
    fps.sort_unstable();
    fps.dedup();
    fps
}

impl ListedTokens {
    /// The table for `set`. `built_in`: `set` is the one built into this binary, as loaded
    /// (no list added to it), so the embedded fingerprints may stand for it.
    pub fn of(set: &LoadedSet, built_in: bool) -> ListedTokens {
        let fps = (built_in && set.user_lists().is_empty())
            .then(embedded)
            .flatten()
            .unwrap_or_else(|| fingerprints(set));
        ListedTokens::from_fingerprints(&fps)
    }

    fn from_fingerprints(fps: &[u64]) -> ListedTokens {
        // At most a quarter full: a miss usually ends at the first empty slot.
        let size = (fps.len() * 4).next_power_of_two().max(64);
        let mask = size - 1;
        let mut slots = vec![0u16; size];
        for &fp in fps {
            let (mut i, tag) = slot_and_tag(fp, mask);
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = tag;
        }
        ListedTokens { slots, mask }
    }

    /// Spellings in the table (tests, diagnostics).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.slots.iter().filter(|s| **s != 0).count()
    }
}

impl Prefilter for ListedTokens {
    #[inline]
    fn admits(&self, tok: &[u8]) -> bool {
        if !(MIN_TOKEN..=MAX_TOKEN).contains(&tok.len()) {
            return false;
        }
        let (mut i, tag) = slot_and_tag(fingerprint(tok), self.mask);
        loop {
            match self.slots[i] {
                0 => return false,
                s if s == tag => return true,
                _ => i = (i + 1) & self.mask,
            }
        }
    }
}

/// Every way text may write the address of `key` that `scan` reports as listed.
fn add_spellings(key: &AddressKey, out: &mut Vec<String>) {
    let Some(canonical) = address::encode_key(key) else {
        return;
    };
    if let Ok(a) = address::parse(&canonical) {
        for alt in a.alternate_keys() {
            out.extend(address::encode_key(&alt));
        }
    }
    match key.family() {
        Some(Family::Tron) => {
            let hex: String = key.payload.iter().map(|b| format!("{b:02x}")).collect();
            out.push(format!("41{hex}"));
        }
        Some(Family::Solana) => {
            if let Ok(owner) = <[u8; 32]>::try_from(key.payload.as_slice()) {
                for (mint, _, program) in solana_ata::WELL_KNOWN_MINTS {
                    let ata = solana_ata::associated_token_account(
                        &owner,
                        &solana_ata::key(mint),
                        &solana_ata::key(program),
                    );
                    out.push(bs58::encode(ata).into_string());
                }
            }
        }
        _ => {}
    }
    out.push(canonical);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_spelling_is_admitted() {
        let set = LoadedSet::bundled();
        let t = ListedTokens::from_fingerprints(&fingerprints(&set));
        assert!(t.len() >= set.entries().count() / 2, "{}", t.len());
        for e in set.entries() {
            let mut sp = Vec::new();
            add_spellings(&e.key(), &mut sp);
            for s in sp {
                let tok = s.rsplit(':').next().unwrap();
                for v in [
                    tok.to_string(),
                    tok.to_ascii_uppercase(),
                    tok.to_ascii_lowercase(),
                ] {
                    if (MIN_TOKEN..=MAX_TOKEN).contains(&v.len()) {
                        assert!(t.admits(v.as_bytes()), "{v}");
                    }
                }
            }
        }
        // Clean addresses and other tokens are not.
        for clean in [
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "short",
        ] {
            assert!(!t.admits(clean.as_bytes()), "{clean}");
        }
    }

    /// The embedded table is the one the built-in list gives. After a change of the list,
    /// the spellings or the fingerprint, rewrite it:
    /// `SIGHTLINE_WRITE_FINGERPRINTS=1 cargo test --bin sightline embedded_fingerprints`.
    #[test]
    fn embedded_fingerprints_are_the_built_in_lists() {
        let fps = fingerprints(&LoadedSet::bundled());
        if std::env::var_os("SIGHTLINE_WRITE_FINGERPRINTS").is_some() {
            let hash = xxhash_rust::xxh3::xxh3_64(sightline::list::BUNDLED_BYTES);
            let bytes: Vec<u8> = std::iter::once(hash)
                .chain(fps.iter().copied())
                .flat_map(u64::to_le_bytes)
                .collect();
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/bin/sightline/listed.fingerprints"
            );
            std::fs::write(path, bytes).expect("write listed.fingerprints");
            return;
        }
        let embedded = embedded().expect(
            "listed.fingerprints was made from another bundle: rewrite it \
             (SIGHTLINE_WRITE_FINGERPRINTS=1 cargo test --bin sightline embedded_fingerprints)",
        );
        assert_eq!(
            embedded, fps,
            "listed.fingerprints is stale: rewrite it (see above)"
        );
        // What scan builds from it admits exactly the same tokens.
        let set = LoadedSet::bundled();
        assert_eq!(
            ListedTokens::of(&set, true).slots,
            ListedTokens::from_fingerprints(&fps).slots
        );
    }
}
