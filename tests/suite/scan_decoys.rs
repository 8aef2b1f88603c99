//! The decoy corpus (tests/vectors/decoys/, made by make_decoys.py): transaction hashes,
//! git and PGP hashes, IPFS CIDs, UUIDs, random base58, near-miss checksums, base64, keys
//! and tokens, long words. The scanner must report nothing here except `candidate_only`
//! shapes (Solana keys and Tron hex), which consumers show only on an exact set match.
use crate::vectors::DECOYS;
use sightline::scan::{scan_bytes, Scanner};

#[test]
fn zero_findings_on_decoys() {
    let mut bad = Vec::new();
    let (mut total, mut candidates) = (0usize, 0usize);
    for &(name, bytes) in DECOYS {
        total += bytes.len();
        for found in scan_bytes(bytes) {
            if found.address.candidate_only {
                candidates += 1;
            } else {
                bad.push(format!(
                    "{name}: {:?} at {}..{} ({:?})",
                    String::from_utf8_lossy(&bytes[found.start..found.end]),
                    found.start,
                    found.end,
                    found.address.chains.ids()
                ));
            }
        }
        // The streaming scanner agrees on the same file.
        let mut s = Scanner::new();
        let mut n = 0;
        for c in bytes.chunks(777) {
            s.feed(c, |_| n += 1);
        }
        s.finish(|_| n += 1);
        assert_eq!(n, scan_bytes(bytes).len(), "{name}");
    }
    eprintln!(
        "decoys: {total} bytes, {candidates} candidate-only shapes, {} findings",
        bad.len()
    );
    assert!(
        bad.is_empty(),
        "false positives on the decoy corpus:\n{}",
        bad.join("\n")
    );
}

/// Shortened addresses never fire on the decoys: explorers shorten transaction hashes, ids
/// and keys the way they shorten addresses (`0x5c50…a3f2`), so every long token of the decoy
/// corpus is shortened that way (its first 6 and last 4 characters) and looked up in the
/// shipped list's index, along with any shortened shape already in the text. Not the
/// near-miss checksums: they are listed addresses with one inner character changed, so their
/// shortened form shows the listed address's own ends, and is rightly a possible hit.
#[test]
fn no_possible_hits_on_decoys() {
    use sightline::list::{LoadedSet, BUNDLED_BYTES, BUNDLED_SIGNER_KEY};
    use sightline::shortened::{find, ShortIndex};
    let set = LoadedSet::from_bundle(BUNDLED_BYTES, &BUNDLED_SIGNER_KEY).unwrap();
    let index = ShortIndex::build(&set);
    let (mut shapes, mut hits) = (0, Vec::new());
    for &(name, bytes) in DECOYS.iter().filter(|(n, _)| !n.contains("near_miss")) {
        let text = String::from_utf8_lossy(bytes);
        let mut shortened = String::new();
        for token in text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| t.len() >= 20)
        {
            shortened.push_str(&format!(" {}…{} ", &token[..6], &token[token.len() - 4..]));
        }
        for t in [&text[..], &shortened[..]] {
            for s in find(t) {
                shapes += 1;
                if !index.candidates(&s).is_empty() {
                    hits.push(format!("{name}: {}…{}", s.head, s.tail));
                }
            }
        }
    }
    eprintln!(
        "decoys: {shapes} shortened shapes, {} possible hits",
        hits.len()
    );
    assert!(
        shapes > 1000,
        "the decoys give shortened shapes to test ({shapes})"
    );
    assert!(hits.is_empty(), "{hits:?}");
}
