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
