//! The user's own lists as bytes, so the extension need not read and validate a large CSV
//! again after every service-worker restart: a 150,000-row list took 0.5-1.1 s in the
//! extension's wasm (CSV parsing, address checksums, grouping; CPU profile), during which
//! the first wallet check waited. The extension keeps these bytes in IndexedDB beside a
//! fingerprint of the lists they came from, and parses the CSV again when either differs or
//! the bytes are refused.
//!
//! Its own small format, not the bundle codec: the codec's encoder (grouping, sorting,
//! history) is otherwise absent from the wasm build, and pulling it in for a private cache
//! cost ~30 KB of code before its sort instantiations (wasm name-section sizes, 2026-12-01);
//! this one is a few hundred bytes. Nothing is trusted on the way back in: every length is
//! bounded by the bytes, keys and entity indices are checked, and any error refuses it all.
//!
//! Layout: `SLUL`, version (u8), list count (u32 LE), then per list: name, source, entity
//! count and per entity its name, SDN uid (u8 0/1 + u32), kind, programs, akas, designated
//! (u8 0/1 + str); entry count and per entry its key prefix and payload (u8 length each),
//! entity index (u32), listed-under codes, first seen (u8 0/1 + str). A str is a u32 LE
//! length and UTF-8; a list of strs a u32 count and the strs.

use super::model::{Entity, Entry};
use super::{KeyTable, LoadedSet, UserList};
use crate::address::AddressKey;

const MAGIC: &[u8; 4] = b"SLUL";
const VERSION: u8 = 2;

struct Out(Vec<u8>);

impl Out {
    fn u32(&mut self, v: usize) -> Result<(), String> {
        let v = u32::try_from(v).map_err(|_| "user list too large")?;
        self.0.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn bytes8(&mut self, b: &[u8]) -> Result<(), String> {
        self.0
            .push(u8::try_from(b.len()).map_err(|_| "address key too long")?);
        self.0.extend_from_slice(b);
        Ok(())
    }
    fn str(&mut self, s: &str) -> Result<(), String> {
        self.u32(s.len())?;
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
    fn strs(&mut self, v: &[String]) -> Result<(), String> {
        self.u32(v.len())?;
        v.iter().try_for_each(|s| self.str(s))
    }
    fn opt_str(&mut self, s: Option<&str>) -> Result<(), String> {
        self.0.push(u8::from(s.is_some()));
        s.map_or(Ok(()), |s| self.str(s))
    }
}

struct In<'a>(&'a [u8]);

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let (a, b) = self.0.split_at_checked(n).ok_or("truncated")?;
        self.0 = b;
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<usize, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }
    /// A count of items each at least `min` bytes long: never more than the bytes left allow.
    fn count(&mut self, min: usize) -> Result<usize, String> {
        let n = self.u32()?;
        if n.saturating_mul(min) > self.0.len() {
            return Err("count larger than the data".into());
        }
        Ok(n)
    }
    fn bytes8(&mut self) -> Result<Vec<u8>, String> {
        let n = self.u8()? as usize;
        Ok(self.take(n)?.to_vec())
    }
    fn str(&mut self) -> Result<String, String> {
        let n = self.u32()?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "not UTF-8".into())
    }
    fn strs(&mut self) -> Result<Vec<String>, String> {
        let n = self.count(4)?;
        (0..n).map(|_| self.str()).collect()
    }
    fn opt_str(&mut self) -> Result<Option<String>, String> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.str().map(Some),
            _ => Err("bad flag".into()),
        }
    }
}

impl LoadedSet {
    /// The user lists, encoded (see the module docs).
    pub fn user_lists_bytes(&self) -> Result<Vec<u8>, String> {
        let mut o = Out(MAGIC.to_vec());
        o.0.push(VERSION);
        o.u32(self.user.len())?;
        for u in &self.user {
            o.str(&u.name)?;
            o.str(&u.source)?;
            o.u32(u.entities.len())?;
            for e in &u.entities {
                o.str(&e.name)?;
                o.0.push(u8::from(e.sdn_uid.is_some()));
                if let Some(uid) = e.sdn_uid {
                    o.0.extend_from_slice(&uid.to_le_bytes());
                }
                o.str(&e.kind)?;
                o.strs(&e.programs)?;
                o.strs(&e.akas)?;
                o.opt_str(e.designated.as_deref())?;
            }
            o.u32(u.table.len())?;
            for e in u.table.iter() {
                o.bytes8(e.prefix)?;
                o.bytes8(e.payload)?;
                o.u32(e.entity as usize)?;
                o.strs(e.listed_under)?;
                o.opt_str(e.first_seen)?;
            }
        }
        Ok(o.0)
    }

    /// Replaces the user lists with those `bytes` hold ([`LoadedSet::user_lists_bytes`]).
    /// On any error nothing changes.
    pub fn restore_user_lists(&mut self, bytes: &[u8]) -> Result<(), String> {
        let rest = bytes
            .strip_prefix(MAGIC.as_slice())
            .and_then(|r| r.strip_prefix(&[VERSION]))
            .ok_or("not a user-list cache of this version")?;
        let mut r = In(rest);
        let n_lists = r.count(12)?;
        let mut lists = Vec::with_capacity(n_lists);
        for _ in 0..n_lists {
            let name = r.str()?;
            let source = r.str()?;
            let n = r.count(16)?;
            let mut entities = Vec::with_capacity(n);
            for _ in 0..n {
                let name = r.str()?;
                let sdn_uid = match r.u8()? {
                    0 => None,
                    1 => {
                        let b = r.take(4)?;
                        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    }
                    _ => return Err("bad flag".into()),
                };
                entities.push(Entity {
                    name,
                    sdn_uid,
                    kind: r.str()?,
                    programs: r.strs()?,
                    akas: r.strs()?,
                    designated: r.opt_str()?,
                });
            }
            let n = r.count(11)?;
            let mut entries = Vec::with_capacity(n);
            for _ in 0..n {
                let key = AddressKey {
                    prefix: r.bytes8()?,
                    payload: r.bytes8()?,
                };
                if key.prefix.is_empty() || key.payload.is_empty() {
                    return Err("empty address key".into());
                }
                let entity = r.u32()?;
                if entity >= entities.len() {
                    return Err("entry refers to a missing entity".into());
                }
                entries.push(Entry {
                    key,
                    entity: entity as u32,
                    listed_under: r.strs()?,
                    first_seen: r.opt_str()?.map(Into::into),
                });
            }
            lists.push(UserList {
                name,
                source,
                entities,
                table: KeyTable::from_entries(&entries)?,
            });
        }
        if !r.0.is_empty() {
            return Err("trailing bytes".into());
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
        let trailing = [&good[..], b"x"].concat();
        let mut huge_count = good.clone();
        huge_count[5..9].copy_from_slice(&u32::MAX.to_le_bytes()); // the list count
        for bad in [
            &b"SLUL\x01"[..], // an older version
            &b"SLUL\x02"[..], // no count
            &good[..good.len() - 3],
            b"nope",
            &good[..9],
            &trailing,
            &huge_count,
        ] {
            assert!(set.restore_user_lists(bad).is_err(), "{bad:?}");
            assert_eq!(set.user_lists().len(), 2);
        }
        // Every single-byte change and every cut: refused or another valid list, never a
        // panic or an allocation the bytes do not pay for.
        for i in 0..good.len() {
            let mut b = good.clone();
            b[i] ^= 0x55;
            let _ = set.restore_user_lists(&b);
            let _ = set.restore_user_lists(&good[..i]);
        }
    }
}
