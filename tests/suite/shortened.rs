//! Shortened addresses (src/shortened.rs) against the fixture set: which written forms of
//! a listed address's ends are possible hits, and which are not.

use crate::fixture;
use sightline::shortened::{find, ShortIndex};

fn candidates(text: &str) -> Vec<String> {
    let index = ShortIndex::build(&fixture::set());
    let found = find(text);
    assert_eq!(found.len(), 1, "{text}: one shortened address");
    index
        .candidates(&found[0])
        .into_iter()
        .map(|c| c.address)
        .collect()
}

#[test]
fn evm_ends_match_in_eip55_or_single_case_never_in_wrong_mixed_case() {
    let lazarus = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96";
    for shown in [
        "0x098B71...3E2f96",
        "0x098b71...3e2f96",
        "0X098B71…3E2F96".replacen("0X", "0x", 1).as_str(),
        "0x098b…2f96",
    ] {
        assert_eq!(
            candidates(&format!("sent to {shown} today")),
            [lazarus],
            "{shown}"
        );
    }
    // Mixed case that is not the address's EIP-55 form: another address's checksum.
    assert!(candidates("0x098b71...3E2f96").is_empty());
    assert!(candidates("0x098B71...3e2F96").is_empty());
}

#[test]
fn base58_ends_keep_their_case() {
    // Tron addresses are base58: case is part of the address.
    let listed = fixture::set()
        .entries()
        .filter_map(|e| sightline::address::encode_key(&e.key()))
        .find(|a| a.starts_with('T') && a.len() == 34)
        .expect("a Tron address in the fixture");
    let (head, tail) = (&listed[..6], &listed[listed.len() - 5..]);
    assert_eq!(
        candidates(&format!("{head}…{tail}")),
        std::slice::from_ref(&listed)
    );
    let flipped: String = tail
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if flipped != tail {
        assert!(candidates(&format!("{head}…{flipped}")).is_empty());
    }
}
