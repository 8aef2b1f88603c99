//! The user's own lists as bytes, so the extension need not read and validate a large CSV
//! again after every service-worker restart: a 150,000-row list took 0.5-1.1 s in the
//! extension's wasm (CSV parsing, address checksums, grouping; CPU profile), during which
//! the first wallet check waited. The extension keeps these bytes in IndexedDB beside the
//! digest of the CSV they came from, and parses the CSV again when either differs or the
//! bytes are refused.
//!
//! Layout: `SLUL` + version 1 (u8), then per list: name length (u32 LE) and name (UTF-8),
//! bundle length (u32 LE) and an unsigned bundle (the bundle codec, [`super::bundle`]) of
//! the list's entities and entries. Everything is checked on the way in, as for a bundle.

use super::bundle::{self, Limits, SetData};
use super::model::Header;
use super::{index_entries, LoadedSet, UserList};

const MAGIC: &[u8; 4] = b"SLUL";
const VERSION: u8 = 1;

impl LoadedSet {
    /// The user lists, encoded (see the module docs).
    pub fn user_lists_bytes(&self) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        for u in &self.user {
            let data = SetData {
                header: Header {
                    source: u.source.clone(),
                    ..Header::default()
                },
                entities: u.entities.clone(),
                entries: u.entries.clone(),
            };
            let b = bundle::encode_unsigned(&data)?;
            for part in [u.name.as_bytes(), &b] {
                let n = u32::try_from(part.len()).map_err(|_| "user list too large")?;
                out.extend_from_slice(&n.to_le_bytes());
                out.extend_from_slice(part);
            }
        }
        Ok(out)
    }

    /// Replaces the user lists with those `bytes` hold ([`LoadedSet::user_lists_bytes`]).
    /// On any error nothing changes.
    pub fn restore_user_lists(&mut self, bytes: &[u8]) -> Result<(), String> {
        let rest = bytes
            .strip_prefix(MAGIC.as_slice())
            .and_then(|r| r.strip_prefix(&[VERSION]))
            .ok_or("not a user-list cache of this version")?;
        let mut lists = Vec::new();
        let mut r = rest;
        let take = |r: &mut &[u8]| -> Result<Vec<u8>, String> {
            let (n, tail) = r.split_first_chunk::<4>().ok_or("truncated")?;
            let n = u32::from_le_bytes(*n) as usize;
            let (part, tail) = tail.split_at_checked(n).ok_or("truncated")?;
            *r = tail;
            Ok(part.to_vec())
        };
        while !r.is_empty() {
            let name = String::from_utf8(take(&mut r)?).map_err(|_| "list name is not UTF-8")?;
            let b = take(&mut r)?;
            let d = bundle::decode_unverified(&b, &Limits::LARGE).map_err(|e| e.to_string())?;
            let (entries, index) = index_entries(d.entries())?;
            lists.push(UserList {
                name,
                source: d.header.source,
                entities: d.entities,
                entries,
                index,
            });
        }
        self.user = lists;
        self.solana_atas = Default::default();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address;

    fn with_lists() -> LoadedSet {
        let set = LoadedSet::default();
        let (set, _) = set
            .with_user_list("Desk", "address,label\n0x1111111111111111111111111111111111111111,Friend\nTJRabPrwbZy45sbavfcjinPJC18kjpRTv8,Desk,P1\n")
            .unwrap();
        let (set, _) = set
            .with_user_list("Other", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq,x\n")
            .unwrap();
        set
    }

    #[test]
    fn round_trip_gives_the_same_hits() {
        let a = with_lists();
        let bytes = a.user_lists_bytes().unwrap();
        let mut b = LoadedSet::default();
        b.restore_user_lists(&bytes).unwrap();
        assert_eq!(b.user_lists().len(), 2);
        for s in [
            "0x1111111111111111111111111111111111111111",
            "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ] {
            let k = address::parse(s).unwrap().key;
            let (x, y) = (a.lookup(&k), b.lookup(&k));
            assert_eq!(x.len(), 1, "{s}");
            assert_eq!(format!("{x:?}"), format!("{y:?}"), "{s}");
        }
        assert_eq!(b.user_lists_bytes().unwrap(), bytes, "deterministic");
    }

    #[test]
    fn bad_bytes_change_nothing() {
        let good = with_lists().user_lists_bytes().unwrap();
        let mut set = with_lists();
        for bad in [
            &b"SLUL\x02"[..],
            &good[..good.len() - 3],
            b"nope",
            &good[..9],
        ] {
            assert!(set.restore_user_lists(bad).is_err(), "{bad:?}");
            assert_eq!(set.user_lists().len(), 2);
        }
        let mut flipped = good.clone();
        let i = flipped.len() - 10;
        flipped[i] ^= 0x55;
        let _ = set.restore_user_lists(&flipped); // refused or a valid other list: never a panic
    }
}
