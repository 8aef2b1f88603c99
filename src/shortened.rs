//! Shortened addresses: what wallets, explorers, tweets and chats show instead of the full
//! address (`0x098B71...3E2f96`, `0x098B…2f96`, `bc1qa5w…s2qz`, `TA3rH2…mZdFg`), often with no
//! full address anywhere on the page.
//!
//! A shortened form cannot be validated (the checksum is in the part left out), so it is
//! never a confirmed hit. When its visible start and end match one or more listed addresses
//! it is a **possible** hit: the UI outlines it in amber and names the listed address to
//! compare against; the CLI says POSSIBLE. The shape is strict, so clean text does not fire:
//! a token that starts with a known address prefix plus at least 4 more characters, then an
//! ellipsis (`…`, `...` or `..`), then at least 4 characters, with a delimiter on both sides.
//!
//! False matches: a random shortened EVM address shows 8+ hex digits besides `0x` (32 bits);
//! against the ~100 listed EVM addresses that is a chance of about 2 in 100 million per
//! shortened address; tests/suite/shortened.rs measures it on random shortened addresses of
//! every prefix against the shipped list.

use std::collections::HashMap;

use crate::address;
use crate::list::LoadedSet;

/// One shortened address found in a text: byte offsets and its two visible ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortened {
    pub start: usize,
    pub end: usize,
    pub head: String,
    pub tail: String,
}

/// A listed address whose start and end a shortened one matches.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    /// As wallets write it (EIP-55 for EVM).
    pub address: String,
    pub name: String,
    pub sdn_uid: Option<u32>,
    pub programs: Vec<String>,
}

/// Prefixes a shortened address may start with, and whether its letters' case is
/// meaningful (base58 and EIP-55 are; bech32 and cashaddr are not).
const PREFIXES: &[(&str, bool)] = &[
    ("bitcoincash:", false),
    ("0x", true),
    ("bc1", false),
    ("ltc1", false),
    ("bnb1", false),
    ("t1", true),
    ("T", true),
    ("1", true),
    ("3", true),
    ("r", true),
    ("L", true),
    ("M", true),
    ("D", true),
    ("X", true),
];
/// Visible characters needed beyond the prefix, and at the end.
const MIN_HEAD: usize = 4;
const MIN_TAIL: usize = 4;
/// Longer visible parts are not a shortened display (a full address has no ellipsis).
const MAX_PART: usize = 24;

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Every shortened address in `text`, in order.
pub fn find(text: &str) -> Vec<Shortened> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let Some(len) = ellipsis_at(b, i) else {
            i += 1;
            continue;
        };
        let at = i;
        i = at + len;
        out.extend(shortened_at(b, at, len));
    }
    out
}

/// The length of the ellipsis starting at byte `i` of `b`, if one does: "…" (U+2026, 3
/// bytes), "..." or "..". Compared as bytes: `i` may sit inside another multi-byte
/// character. (A caller that finds ellipses faster, e.g. the CLI with memchr, calls this
/// and [`shortened_at`] at each one; an ellipsis right after a `.` never starts a shortened
/// address, so skipping the ones inside a longer run of dots changes nothing.)
pub fn ellipsis_at(b: &[u8], i: usize) -> Option<usize> {
    match (b[i], b[i..].starts_with("…".as_bytes())) {
        (_, true) => Some('…'.len_utf8()),
        (b'.', _) if b.get(i + 1) == Some(&b'.') => {
            Some(if b.get(i + 2) == Some(&b'.') { 3 } else { 2 })
        }
        _ => None,
    }
}

/// The shortened address around the ellipsis of `len` bytes at `at` in `b`, if the text
/// there has the shape (a known prefix, enough characters on both sides, delimiters).
pub fn shortened_at(b: &[u8], at: usize, len: usize) -> Option<Shortened> {
    // The head: alnum (and ':' for bitcoincash:) back to a delimiter.
    let mut s = at;
    while s > 0 && (alnum(b[s - 1]) || b[s - 1] == b':') {
        s -= 1;
    }
    let mut e = at + len;
    while e < b.len() && alnum(b[e]) {
        e += 1;
    }
    if b.get(e) == Some(&b'.') && b.get(e + 1).is_some_and(|c| alnum(*c)) {
        return None; // "a...b.c": part of a longer dotted token
    }
    // Both parts are ASCII (letters, digits, ':').
    let head = std::str::from_utf8(&b[s..at]).ok()?;
    let tail = std::str::from_utf8(&b[at + len..e]).ok()?;
    if tail.len() < MIN_TAIL || tail.len() > MAX_PART || head.len() > MAX_PART + 12 {
        return None;
    }
    let (prefix, _) = PREFIXES.iter().find(|(p, _)| head.starts_with(p))?;
    if head.len() < prefix.len() + MIN_HEAD {
        return None;
    }
    let hex = |t: &str| t.bytes().all(|c| c.is_ascii_hexdigit());
    if *prefix == "0x" && !(hex(&head[2..]) && hex(tail)) {
        return None;
    }
    Some(Shortened {
        start: s,
        end: e,
        head: head.to_string(),
        tail: tail.to_string(),
    })
}

/// The listed addresses of a set, indexed by their last four characters (lowercase), to
/// match shortened ones against. Built once per set (about a thousand entries).
pub struct ShortIndex {
    listed: Vec<(String, Candidate)>,
    by_tail: HashMap<String, Vec<usize>>,
}

impl ShortIndex {
    pub fn build(set: &LoadedSet) -> ShortIndex {
        let mut listed: Vec<(String, Candidate)> = Vec::new();
        // (display, uid) pairs already in `listed` (a linear search here was quadratic:
        // 6 ms of the CLI's start-up for the ~960 entries).
        let mut seen: std::collections::HashSet<(String, Option<u32>)> = Default::default();
        for e in set.entries() {
            let Some(canonical) = address::encode_key(&e.key()) else {
                continue;
            };
            let display = address::parse(&canonical)
                .map(|a| a.display())
                .unwrap_or(canonical);
            let ent = &set.entities()[e.entity as usize];
            if !seen.insert((display.clone(), ent.sdn_uid)) {
                continue;
            }
            listed.push((
                display.clone(),
                Candidate {
                    address: display,
                    name: ent.name.clone(),
                    sdn_uid: ent.sdn_uid,
                    programs: ent.programs.clone(),
                },
            ));
        }
        let mut by_tail: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (d, _)) in listed.iter().enumerate() {
            if d.len() >= MIN_TAIL {
                by_tail
                    .entry(d[d.len() - MIN_TAIL..].to_ascii_lowercase())
                    .or_default()
                    .push(i);
            }
        }
        ShortIndex { listed, by_tail }
    }

    /// The listed addresses whose start is `s.head` and whose end is `s.tail` (letter case
    /// compared where the format gives it meaning).
    pub fn candidates(&self, s: &Shortened) -> Vec<Candidate> {
        let key = s.tail[s.tail.len() - MIN_TAIL..].to_ascii_lowercase();
        let Some(ids) = self.by_tail.get(&key) else {
            return Vec::new();
        };
        // EVM hex: EIP-55 mixed case is a checksum, but all-lowercase (or all-uppercase) is
        // the same address written without it, as many explorers and dApps show it.
        let single_case = |t: &str| {
            !t.bytes().any(|c| c.is_ascii_uppercase()) || !t.bytes().any(|c| c.is_ascii_lowercase())
        };
        let cased = PREFIXES
            .iter()
            .find(|(p, _)| s.head.starts_with(p))
            .is_some_and(|(p, c)| {
                *c && !(*p == "0x" && single_case(&s.head[2..]) && single_case(&s.tail))
            });
        let same = |a: &str, b: &str| {
            if cased {
                a == b
            } else {
                a.eq_ignore_ascii_case(b)
            }
        };
        ids.iter()
            .map(|&i| &self.listed[i])
            .filter(|(d, _)| {
                d.len() > s.head.len() + s.tail.len()
                    && same(&d[..s.head.len()], &s.head)
                    && same(&d[d.len() - s.tail.len()..], &s.tail)
            })
            .map(|(_, c)| c.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_shapes_wallets_and_explorers_use() {
        for (text, head, tail) in [
            ("to 0x098B71...3E2f96 now", "0x098B71", "3E2f96"),
            ("0x098B…2f96", "0x098B", "2f96"),
            ("(bc1qa5w…s2qz)", "bc1qa5w", "s2qz"),
            ("TA3rH2…mZdFg,", "TA3rH2", "mZdFg"),
            ("from 1LmwH..ksfZ", "1LmwH", "ksfZ"),
        ] {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}");
            assert_eq!(
                (f[0].head.as_str(), f[0].tail.as_str()),
                (head, tail),
                "{text}"
            );
            assert_eq!(
                &text[f[0].start..f[0].end],
                format!(
                    "{head}{}{tail}",
                    &text[f[0].start + head.len()..f[0].end - tail.len()]
                )
            );
        }
    }

    #[test]
    fn any_text_is_safe() {
        // Multi-byte characters next to and inside the shapes (a panic here once: a byte
        // index inside '¶').
        for text in [
            "¶…",
            "…¶",
            "0x12ab¶…cdef",
            "0x12ab…¶cdef",
            "日本語0x12ab…cdef日本語",
            "…",
            "..",
            "...",
            "",
            "é..",
        ] {
            let _ = find(text);
        }
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let _ = find(&all);
        assert_eq!(find("¶ 0x12ab…cdef ¶").len(), 1);
    }

    #[test]
    fn prose_and_other_ellipses_do_not_fire() {
        for text in [
            "Wait... what?",
            "and so on…",
            "see 0x12…",
            "0x1…abcd",
            "0xZZZZ…abcd",
            "version 1.2...1.4",
            "T...abcd",
            "path/to/file...txt",
            "1234...5678 dollars", // "1" + 3 digits: too short a head
            "a.b...c.d",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    fn every_listed_shortened() -> Vec<(String, Shortened)> {
        let set = LoadedSet::bundled();
        let ix = ShortIndex::build(&set);
        let mut out = Vec::new();
        for (d, _) in &ix.listed {
            let Some((p, _)) = PREFIXES.iter().find(|(p, _)| d.starts_with(p)) else {
                continue;
            };
            for (h, t) in [(p.len() + MIN_HEAD, MIN_TAIL), (p.len() + 6, 6)] {
                if d.len() > h + t {
                    let text = format!("sent to {}…{} today", &d[..h], &d[d.len() - t..]);
                    let f = find(&text);
                    assert_eq!(f.len(), 1, "{text}");
                    out.push((d.clone(), f[0].clone()));
                }
            }
        }
        out
    }

    #[test]
    fn every_listed_address_shortened_finds_itself() {
        let set = LoadedSet::bundled();
        let ix = ShortIndex::build(&set);
        let all = every_listed_shortened();
        assert!(all.len() > 1500, "{} shortened forms", all.len());
        for (d, s) in &all {
            assert!(
                ix.candidates(s).iter().any(|c| &c.address == d),
                "{d} from {s:?}"
            );
        }
    }

    #[test]
    fn no_possible_hit_on_the_decoy_corpora() {
        let set = LoadedSet::bundled();
        let ix = ShortIndex::build(&set);
        for (name, text) in [
            (
                "base64_blobs",
                include_str!("../tests/vectors/decoys/base64_blobs.txt"),
            ),
            (
                "git_pgp_hashes",
                include_str!("../tests/vectors/decoys/git_pgp_hashes.txt"),
            ),
            (
                "ipfs_cids",
                include_str!("../tests/vectors/decoys/ipfs_cids.txt"),
            ),
            (
                "keys_and_tokens",
                include_str!("../tests/vectors/decoys/keys_and_tokens.txt"),
            ),
            (
                "near_miss_checksums",
                include_str!("../tests/vectors/decoys/near_miss_checksums.txt"),
            ),
            (
                "random_base58",
                include_str!("../tests/vectors/decoys/random_base58.txt"),
            ),
            (
                "tx_hashes",
                include_str!("../tests/vectors/decoys/tx_hashes.txt"),
            ),
            ("uuids", include_str!("../tests/vectors/decoys/uuids.txt")),
            (
                "words_identifiers",
                include_str!("../tests/vectors/decoys/words_identifiers.txt"),
            ),
        ] {
            let hits: Vec<_> = find(text)
                .into_iter()
                .filter(|s| !ix.candidates(s).is_empty())
                .collect();
            assert!(hits.is_empty(), "{name}: {hits:?}");
        }
    }

    /// The false-match rate: random shortened addresses of each prefix (4 visible characters
    /// after the prefix and 4 at the end, the shortest shape accepted) against the list.
    #[test]
    fn random_shortened_addresses_rarely_match() {
        let set = LoadedSet::bundled();
        let ix = ShortIndex::build(&set);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        const B58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        const HEX: &[u8] = b"0123456789abcdef";
        const B32: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        let n = 100_000;
        let mut matched = 0;
        for (prefix, alphabet) in [
            ("0x", HEX),
            ("T", B58),
            ("bc1q", B32),
            ("1", B58),
            ("3", B58),
        ] {
            for _ in 0..n {
                let mut pick = |k: usize| {
                    (0..k)
                        .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
                        .collect::<String>()
                };
                let text = format!("{prefix}{}…{}", pick(MIN_HEAD), pick(MIN_TAIL));
                for s in find(&text) {
                    matched += usize::from(!ix.candidates(&s).is_empty());
                }
            }
        }
        let rate = matched as f64 / (5 * n) as f64;
        eprintln!(
            "shortened false-match rate: {matched} of {} random shortened addresses ({rate:.2e})",
            5 * n
        );
        assert!(rate < 1e-4, "{rate}");
    }
}
