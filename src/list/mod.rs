//! The sanctions set: model, signed bundle codec, lookup index, importers.
//!
//! API contract (other parts of the system call exactly these; internals may change):
//! - [`LoadedSet::from_bundle`] verifies and loads bundle bytes;
//!   [`LoadedSet::from_bundle_min_sequence`] also refuses a rollback;
//!   [`LoadedSet::bundled`] (native only) loads the set embedded at build time.
//! - [`LoadedSet::header`] for provenance; [`LoadedSet::lookup`] for hits, each carrying
//!   the entity, the asset codes it is listed under, the list it comes from, and since
//!   when it is on it (`first_seen`, when known).
//! - [`LoadedSet::delisted_of`]: the records of an address that was on the list and is not
//!   now ([`Delisted`]: the entity as listed, `listed_until`, `removed`);
//!   [`LoadedSet::delisted`] has them all. [`carry_history`] keeps them from one
//!   publication to the next.
//! - [`LoadedSet::with_user_list`] adds a user's own CSV list (`address,label[,program]`)
//!   beside the official set. User lists are kept apart: [`LoadedSet::entries`] (an
//!   iterator of [`EntryRef`]) and [`LoadedSet::entities`] are the official set only;
//!   [`LoadedSet::user_lists`] has the others; a hit from one says
//!   `source == "your list: <name>"`.
//! - [`PUBLISHER_KEY`]: the pinned key that verifies published bundles.
//!
//! Files: `model.rs` (types), `bundle/` (codec, `docs/list-format.md`), `date.rs` (list
//! dates as day numbers), `sign.rs` (Ed25519, key files), `index.rs` (the static
//! fingerprint index and the key table that holds a set's listings), `builder.rs` (importer records to a set; history carried between
//! publications), `csv.rs` (user-list CSV), `import/` (OFAC formats; feature `import`,
//! native tooling only).

pub mod builder;
pub mod bundle;
pub mod csv;
pub mod date;
pub mod feed;
#[cfg(feature = "import")]
pub mod import;
pub mod index;
pub mod model;
pub mod publish;
pub mod sign;
mod user_cache;

use crate::address::{solana_ata, Family};
pub use builder::{build_set, carry_history, BuildParams, BuildReport, Import, Listing, Removal};
pub use bundle::{BundleError, Limits, SetData};
pub use model::{Delisted, Entity, Entry, EntryRef, Header, Hit, Notice, Rejected};
use std::sync::OnceLock;

use crate::address::AddressKey;
use index::{FingerprintIndex, KeyTable};

/// Hex of the key in `lists/publisher.pub`: the key that signed the embedded set.
const BUNDLED_KEY_HEX: &str = include_str!("../../lists/publisher.pub");

/// The public key that signed the embedded set (`lists/publisher.pub`), whatever key is
/// pinned for feed updates.
pub const BUNDLED_SIGNER_KEY: [u8; 32] = sign::const_key_hex(BUNDLED_KEY_HEX);

/// The pinned publisher key: bundles from the feed must verify against it. Set at compile
/// time from `SIGHTLINE_PUBLISHER_KEY_HEX` (64 hex digits; `./build.sh` sets it from the
/// `.pub` file named by `SIGHTLINE_PUBLISHER_KEY`), else `lists/publisher.pub`.
pub const PUBLISHER_KEY: [u8; 32] =
    sign::const_key_hex(match option_env!("SIGHTLINE_PUBLISHER_KEY_HEX") {
        Some(s) if !s.is_empty() => s,
        _ => BUNDLED_KEY_HEX,
    });

/// The bundle embedded in the native build.
#[cfg(not(target_arch = "wasm32"))]
pub const BUNDLED_BYTES: &[u8] = include_bytes!("../../lists/ofac-sdn.bundle");

/// A user's own list, kept beside the official set.
#[derive(Clone, Debug, Default)]
pub struct UserList {
    name: String,
    source: String,
    entities: Vec<Entity>,
    table: KeyTable,
}

impl UserList {
    pub fn name(&self) -> &str {
        &self.name
    }
    /// "your list: <name>", the `source` of its hits.
    pub fn source(&self) -> &str {
        &self.source
    }
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }
    pub fn entries(&self) -> index::Entries<'_> {
        self.table.iter()
    }
    pub fn entry_count(&self) -> usize {
        self.table.len()
    }
}

/// Why a user list was refused as a whole (single bad rows are reported, not fatal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserListError {
    EmptyName,
    TooLarge { bytes: usize, limit: usize },
}

impl std::fmt::Display for UserListError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UserListError::EmptyName => f.write_str("a list needs a name"),
            UserListError::TooLarge { bytes, limit } => {
                write!(f, "list too large: {bytes} bytes, the limit is {limit}")
            }
        }
    }
}
impl std::error::Error for UserListError {}

/// Largest user-list CSV accepted (about 100k rows).
/// Days after which a list counts as old: every clear verdict then says its age (CLI,
/// extension, site).
pub const STALE_AFTER_DAYS: i64 = 14;

pub const MAX_USER_LIST_BYTES: usize = 8 << 20;

/// The hits of one [`LoadedSet::lookup`], a slice of [`Hit`]s (`Deref`, `IntoIterator`):
/// held inline up to two (one listing is the usual hit; two, an address listed for two
/// entities), so a lookup does not allocate. (A `Vec` per lookup was a heap allocation and
/// free for every listed key: in wasm the larger part of what a hit cost beyond a miss.)
#[derive(Clone)]
pub struct Hits<'a> {
    len: usize,
    inline: [Hit<'a>; 2],
    /// Every hit, once there are more than two.
    more: Vec<Hit<'a>>,
}

/// What fills the unused inline places of [`Hits`] (never seen through its slice).
static NO_ENTITY: Entity = Entity {
    name: String::new(),
    sdn_uid: None,
    kind: String::new(),
    programs: Vec::new(),
    akas: Vec::new(),
    designated: None,
};
const NO_HIT: Hit<'static> = Hit {
    entity: &NO_ENTITY,
    listed_under: &[],
    source: "",
    source_date: "",
    first_seen: None,
};

impl<'a> Hits<'a> {
    fn new() -> Hits<'a> {
        Hits {
            len: 0,
            inline: [NO_HIT; 2],
            more: Vec::new(),
        }
    }
    fn push(&mut self, h: Hit<'a>) {
        if self.len < 2 {
            self.inline[self.len] = h;
        } else {
            if self.len == 2 {
                self.more.extend_from_slice(&self.inline);
            }
            self.more.push(h);
        }
        self.len += 1;
    }
}

impl<'a> std::ops::Deref for Hits<'a> {
    type Target = [Hit<'a>];
    fn deref(&self) -> &[Hit<'a>] {
        if self.len > 2 {
            &self.more
        } else {
            &self.inline[..self.len]
        }
    }
}

impl std::fmt::Debug for Hits<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for Hits<'a> {
    type Item = Hit<'a>;
    type IntoIter = std::iter::Chain<
        std::iter::Take<std::array::IntoIter<Hit<'a>, 2>>,
        std::vec::IntoIter<Hit<'a>>,
    >;
    fn into_iter(self) -> Self::IntoIter {
        let inline = if self.len > 2 { 0 } else { self.len };
        self.inline.into_iter().take(inline).chain(self.more)
    }
}

impl<'s, 'a> IntoIterator for &'s Hits<'a> {
    type Item = &'s Hit<'a>;
    type IntoIter = std::slice::Iter<'s, Hit<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A verified set, ready for lookups.
#[derive(Clone, Debug, Default)]
pub struct LoadedSet {
    header: Header,
    entities: Vec<Entity>,
    /// The official set's listings.
    table: KeyTable,
    /// Over the keys of `header.delisted` (sorted): index position p is record
    /// `delisted_order[p]`.
    delisted_index: FingerprintIndex,
    delisted_order: Vec<u32>,
    user: Vec<UserList>,
    /// Associated token accounts of the listed Solana owners for the well-known mints,
    /// sorted by account: built on the first SPL transfer checked, reset when lists change.
    solana_atas: OnceLock<AtaTable>,
}

/// (token account, owner, mint symbol)
type SolanaAta = ([u8; 32], [u8; 32], &'static str);

/// The token accounts, and their order by account (see [`order_by_head`]).
#[derive(Clone, Debug, Default)]
struct AtaTable {
    rows: Vec<SolanaAta>,
    order: Vec<(u64, u32)>,
}

/// The first 8 bytes of a 32-byte key, as a number that orders like them.
fn head64(k: &[u8; 32]) -> u64 {
    u64::from_be_bytes([k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]])
}

/// `(head, position)` of each key, ordered, through the one `(u64, u32)` sort the wasm build
/// already has for its index: sorting the 32-byte Solana keys and the token-account table
/// directly instantiated ~80 KB of sort code in the wasm (name-section sizes, 2026-12-01).
fn order_by_head(heads: impl Iterator<Item = u64>) -> Vec<(u64, u32)> {
    let mut v: Vec<(u64, u32)> = heads.enumerate().map(|(i, h)| (h, i as u32)).collect();
    v.sort_unstable();
    v
}

/// Most listed Solana owners whose token accounts are derived (each costs a few SHA-256 and
/// a point decompression per mint): the OFAC set has 4; a huge user list is cut here.
const MAX_SOLANA_OWNERS: usize = 10_000;

/// Indexes the delisted records (sorted), after checking them against the listed entries:
/// a delisted address is not listed now, and one (address, entity) has one record.
fn index_delisted(
    delisted: &[Delisted],
    table: &KeyTable,
) -> Result<(FingerprintIndex, Vec<u32>), String> {
    if delisted.is_empty() {
        return Ok(Default::default());
    }
    for w in delisted.windows(2) {
        if w[0].key == w[1].key && w[0].entity == w[1].entity {
            return Err("two delisted records of one address for one entity".into());
        }
    }
    let fps: Vec<u64> = delisted
        .iter()
        .map(|d| index::key_fingerprint(&d.key))
        .collect();
    for (d, &fp) in delisted.iter().zip(&fps) {
        if table.contains(&d.key.prefix, &d.key.payload, fp) {
            return Err("an address is both listed and delisted".into());
        }
    }
    Ok(FingerprintIndex::build(&fps))
}

impl LoadedSet {
    /// Verifies the signature against `pubkey`, parses fully, builds the index.
    pub fn from_bundle(bytes: &[u8], pubkey: &[u8; 32]) -> Result<LoadedSet, BundleError> {
        Self::from_bundle_with(bytes, pubkey, 0, &Limits::DEFAULT)
    }

    /// As [`LoadedSet::from_bundle`], and refuses a sequence below `min_sequence`. To
    /// accept only a strictly newer set than the current one, pass `current + 1`.
    pub fn from_bundle_min_sequence(
        bytes: &[u8],
        pubkey: &[u8; 32],
        min_sequence: u64,
    ) -> Result<LoadedSet, BundleError> {
        Self::from_bundle_with(bytes, pubkey, min_sequence, &Limits::DEFAULT)
    }

    /// The general form: signature, caps, sequence floor, full parse.
    pub fn from_bundle_with(
        bytes: &[u8],
        pubkey: &[u8; 32],
        min_sequence: u64,
        limits: &Limits,
    ) -> Result<LoadedSet, BundleError> {
        let d = bundle::decode(bytes, pubkey, limits)?;
        if d.header.sequence < min_sequence {
            return Err(BundleError::OlderSequence {
                found: d.header.sequence,
                required: min_sequence,
            });
        }
        Self::from_decoded(d)
    }

    /// The set of a bundle decoded by [`bundle::decode`] (which checked its signature):
    /// builds the key table (the payloads are copied, so the bytes need not be kept) and
    /// the history's index.
    pub fn from_decoded(d: bundle::Decoded<'_>) -> Result<LoadedSet, BundleError> {
        let table = KeyTable::from_decoded(&d).map_err(BundleError::Malformed)?;
        let (delisted_index, delisted_order) =
            index_delisted(&d.header.delisted, &table).map_err(BundleError::Malformed)?;
        Ok(LoadedSet {
            header: d.header,
            entities: d.entities,
            table,
            delisted_index,
            delisted_order,
            user: Vec::new(),
            solana_atas: OnceLock::new(),
        })
    }

    /// Builds a set directly from [`SetData`] (tests and tools; no signature involved).
    /// The delisted records (`data.header.delisted`) are put in canonical order.
    pub fn from_data(data: SetData) -> Result<LoadedSet, String> {
        if data
            .entries
            .iter()
            .any(|e| e.entity as usize >= data.entities.len())
        {
            return Err("an entry refers to a missing entity".into());
        }
        let table = KeyTable::from_entries(&data.entries)?;
        let mut header = data.header;
        header.entity_count = data.entities.len() as u32;
        header.entry_count = table.len() as u32;
        header.delisted.sort_unstable();
        header.delisted_count = header.delisted.len() as u32;
        let (delisted_index, delisted_order) = index_delisted(&header.delisted, &table)?;
        Ok(LoadedSet {
            header,
            entities: data.entities,
            table,
            delisted_index,
            delisted_order,
            user: Vec::new(),
            solana_atas: OnceLock::new(),
        })
    }

    /// The set embedded in this build (`lists/ofac-sdn.bundle`), fully parsed.
    ///
    /// Its signature is checked against [`BUNDLED_SIGNER_KEY`] (`lists/publisher.pub`, the
    /// key that signed it), not against [`PUBLISHER_KEY`]: a test build that pins a test
    /// key for the feed still carries the real embedded set. The bytes are part of the
    /// binary, so a failure here is a build defect, caught by the tests; it panics with
    /// the reason rather than silently running with an empty sanctions set.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn bundled() -> LoadedSet {
        match Self::try_bundled() {
            Ok(s) => s,
            Err(e) => panic!("the embedded sanctions set does not load: {e}"),
        }
    }

    /// [`LoadedSet::bundled`] without the panic.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn try_bundled() -> Result<LoadedSet, BundleError> {
        Self::from_bundle(BUNDLED_BYTES, &BUNDLED_SIGNER_KEY)
    }

    pub fn header(&self) -> &Header {
        &self.header
    }
    /// The official set's entities.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }
    /// The official set's listings, in index order (sort them for display).
    pub fn entries(&self) -> index::Entries<'_> {
        self.table.iter()
    }
    /// Distinct addresses of the official set (an address listed for two entities is one).
    pub fn address_count(&self) -> usize {
        self.table.distinct()
    }
    /// The user lists merged in with [`LoadedSet::with_user_list`].
    pub fn user_lists(&self) -> &[UserList] {
        &self.user
    }
    /// Heap bytes of the listings as lookups use them (keys, indexes, groups), the official
    /// set's and the user lists'; not the entities or the history.
    pub fn listing_bytes(&self) -> usize {
        self.table.heap_bytes()
            + self
                .user
                .iter()
                .map(|u| u.table.heap_bytes())
                .sum::<usize>()
    }

    /// Every listing of this key (usually zero or one), official set first, then user lists.
    pub fn lookup(&self, key: &AddressKey) -> Hits<'_> {
        let (prefix, payload) = (&key.prefix[..], &key.payload[..]);
        let fp = index::key_fingerprint(key);
        let mut hits = Hits::new();
        self.table.each_hit(prefix, payload, fp, |g| {
            hits.push(Hit {
                entity: &self.entities[g.entity as usize],
                listed_under: &g.listed_under,
                source: &self.header.source,
                source_date: &self.header.source_date,
                first_seen: g.first_seen.as_deref(),
            })
        });
        for u in &self.user {
            u.table.each_hit(prefix, payload, fp, |g| {
                hits.push(Hit {
                    entity: &u.entities[g.entity as usize],
                    listed_under: &g.listed_under,
                    source: &u.source,
                    source_date: "",
                    first_seen: None,
                })
            });
        }
        hits
    }

    /// [`LoadedSet::contains`] of many keys at once (`out[i]` for `keys[i]`): their memory
    /// reads overlap ([`KeyTable::mark_listed`]), which at millions of listings hides most
    /// of the latency a single lookup waits for.
    pub fn contains_many(&self, keys: &[AddressKey], out: &mut Vec<bool>) {
        out.clear();
        out.resize(keys.len(), false);
        self.table.mark_listed(keys, out);
        for u in &self.user {
            u.table.mark_listed(keys, out);
        }
    }

    /// True when `key` is on any list.
    pub fn contains(&self, key: &AddressKey) -> bool {
        let fp = index::key_fingerprint(key);
        let (prefix, payload) = (&key.prefix[..], &key.payload[..]);
        self.table.contains(prefix, payload, fp)
            || self
                .user
                .iter()
                .any(|u| u.table.contains(prefix, payload, fp))
    }

    /// The official set's history: every address that was on the list and is not now, one
    /// record per (address, entity), sorted by address. Empty for a version 1 bundle.
    pub fn delisted(&self) -> &[Delisted] {
        &self.header.delisted
    }

    /// The delisted records of `key` (usually none): it was on the list, for each record's
    /// entity, until `listed_until`, and is not on it now. Always empty for a listed key.
    /// A separate index from [`LoadedSet::lookup`]'s, so lookups cost what they did.
    pub fn delisted_of(&self, key: &AddressKey) -> Vec<&Delisted> {
        if self.delisted_order.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<&Delisted> = self
            .delisted_index
            .candidates(index::key_fingerprint(key))
            .map(|p| &self.header.delisted[self.delisted_order[p] as usize])
            .filter(|d| d.key == *key)
            .collect();
        out.sort();
        out
    }

    /// True when `key` was on the list and is not now.
    pub fn was_delisted(&self, key: &AddressKey) -> bool {
        !self.delisted_of(key).is_empty()
    }

    /// Adds (or replaces) a user's own list named `name`, from CSV `address,label[,program]`
    /// (an optional header row whose first field is `address`; `#` comment lines). Every row
    /// that cannot be used comes back as a [`Rejected`] with its line and reason.
    pub fn with_user_list(
        mut self,
        name: &str,
        csv_text: &str,
    ) -> Result<(LoadedSet, Vec<Rejected>), UserListError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(UserListError::EmptyName);
        }
        if csv_text.len() > MAX_USER_LIST_BYTES {
            return Err(UserListError::TooLarge {
                bytes: csv_text.len(),
                limit: MAX_USER_LIST_BYTES,
            });
        }
        let source = format!("your list: {name}");
        let imp = user_csv_import(&source, csv_text);
        let (data, report) = build_set(&[imp], &BuildParams::default());
        let table = KeyTable::from_entries(&data.entries).unwrap_or_default();
        self.user.retain(|u| u.name != name);
        self.solana_atas = OnceLock::new();
        self.user.push(UserList {
            name: name.to_string(),
            source,
            entities: data.entities,
            table,
        });
        Ok((self, report.rejected))
    }

    /// Removes the user list named `name`, if any.
    pub fn without_user_list(mut self, name: &str) -> LoadedSet {
        self.user.retain(|u| u.name != name.trim());
        self.solana_atas = OnceLock::new();
        self
    }

    /// Listed Solana owners (the set's and the user's lists), at most [`MAX_SOLANA_OWNERS`].
    fn solana_owners(&self) -> Vec<[u8; 32]> {
        let solana = [Family::Solana as u8];
        let all: Vec<[u8; 32]> = self
            .entries()
            .chain(self.user.iter().flat_map(|u| u.entries()))
            .filter(|e| e.prefix == solana)
            .filter_map(|e| <[u8; 32]>::try_from(e.payload).ok())
            .collect();
        // Distinct, in the order of their heads (equal keys have equal heads, so a duplicate
        // is always within the run of its head).
        let mut out: Vec<[u8; 32]> = Vec::new();
        let mut run = (None, 0);
        for (h, i) in order_by_head(all.iter().map(head64)) {
            if run.0 != Some(h) {
                run = (Some(h), out.len());
            }
            let k = all[i as usize];
            if !out[run.1..].contains(&k) {
                out.push(k);
            }
        }
        out.truncate(MAX_SOLANA_OWNERS);
        out
    }

    /// The listed owner whose associated token account `account` is, and the token's symbol
    /// when known. A known `(mint, token program)` (from `TransferChecked`) is derived for
    /// directly; without one, the account is looked up among the well-known mints' accounts.
    pub fn solana_token_account_owner(
        &self,
        account: &[u8; 32],
        mint: Option<(&[u8; 32], &[u8; 32])>,
    ) -> Option<([u8; 32], Option<&'static str>)> {
        if let Some((mint, program)) = mint {
            return self
                .solana_owners()
                .into_iter()
                .find(|o| solana_ata::associated_token_account(o, mint, program) == *account)
                .map(|o| (o, solana_ata::mint_symbol(mint)));
        }
        let table = self.solana_atas.get_or_init(|| {
            let owners = self.solana_owners();
            let mut t: Vec<SolanaAta> = Vec::new();
            for (m, symbol, prog) in solana_ata::WELL_KNOWN_MINTS {
                let (m, prog) = (solana_ata::key(m), solana_ata::key(prog));
                for o in &owners {
                    t.push((
                        solana_ata::associated_token_account(o, &m, &prog),
                        *o,
                        *symbol,
                    ));
                }
            }
            let order = order_by_head(t.iter().map(|r| head64(&r.0)));
            AtaTable { rows: t, order }
        });
        let h = head64(account);
        let i = table.order.partition_point(|&(x, _)| x < h);
        table.order[i..]
            .iter()
            .take_while(|&&(x, _)| x == h)
            .map(|&(_, r)| &table.rows[r as usize])
            .find(|(a, _, _)| a == account)
            .map(|(_, o, s)| (*o, Some(*s)))
    }
}

/// Reads `address,label[,program]` CSV into an [`Import`] (entities without SDN uid, one per
/// distinct label and program). Shared by user lists and `sightline list build`.
pub fn user_csv_import(origin: &str, text: &str) -> Import {
    let mut imp = Import {
        origin: origin.to_string(),
        source: origin.to_string(),
        ..Import::default()
    };
    let mut by_label: std::collections::BTreeMap<(String, String), usize> = Default::default();
    for (i, (line, fields)) in csv::records(text).into_iter().enumerate() {
        let first = fields.first().map(|s| s.trim()).unwrap_or("");
        if first.starts_with('#') || (i == 0 && first.eq_ignore_ascii_case("address")) {
            continue;
        }
        let field = |n: usize| {
            fields
                .get(n)
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let (address, label, program) = (field(0), field(1), field(2));
        if fields.len() > 3 {
            imp.rejected.push(Rejected {
                origin: origin.to_string(),
                line: Some(line),
                entity: None,
                listed_under: String::new(),
                value: address,
                reason: format!("{} columns; expected address,label[,program]", fields.len()),
            });
            continue;
        }
        let label = if label.is_empty() {
            "(no label)".to_string()
        } else {
            label
        };
        let key = (label.clone(), program.clone());
        let entity = *by_label.entry(key).or_insert_with(|| {
            imp.entities.push(Entity {
                name: label,
                programs: if program.is_empty() {
                    vec![]
                } else {
                    vec![program]
                },
                ..Entity::default()
            });
            imp.entities.len() - 1
        });
        imp.listings.push(Listing {
            address,
            listed_under: String::new(),
            entity,
            line: Some(line),
            first_seen: None,
        });
    }
    imp
}

#[cfg(test)]
mod tests {
    //! The key table against the entries it was built from: every hit's entity, asset codes,
    //! source and first-seen date must be what a plain scan of the entries (what the set held
    //! before the table) gives.
    use super::*;
    use crate::address::Family;
    use crate::list::index::synth;

    type Seen = (String, Option<u32>, Vec<String>, String, Option<String>);

    fn seen(h: &Hit<'_>) -> Seen {
        (
            h.entity.name.clone(),
            h.entity.sdn_uid,
            h.listed_under.to_vec(),
            h.source.to_string(),
            h.first_seen.map(str::to_string),
        )
    }

    /// What the entries say about `key`, as hits would (sorted).
    fn scan(entries: &[Entry], entities: &[Entity], source: &str, key: &AddressKey) -> Vec<Seen> {
        let mut v: Vec<Seen> = entries
            .iter()
            .filter(|e| e.key == *key)
            .map(|e| {
                let ent = &entities[e.entity as usize];
                let first = e.first_seen.as_deref().map(str::to_string);
                (
                    ent.name.clone(),
                    ent.sdn_uid,
                    e.listed_under.clone(),
                    source.into(),
                    first,
                )
            })
            .collect();
        v.sort();
        v
    }

    fn looked_up(set: &LoadedSet, key: &AddressKey) -> Vec<Seen> {
        let mut v: Vec<Seen> = set.lookup(key).iter().map(seen).collect();
        v.sort();
        v
    }

    /// Every listed key of `entries` (and each with its last byte changed, mostly misses)
    /// gives the hits the entries give, one at a time and in batches.
    fn assert_same_hits(set: &LoadedSet, entries: &[Entry], entities: &[Entity]) {
        let source = set.header().source.clone();
        let mut keys: Vec<AddressKey> = entries.iter().map(|e| e.key.clone()).collect();
        for e in entries {
            let mut k = e.key.clone();
            *k.payload.last_mut().unwrap() ^= 0x5a;
            keys.push(k);
        }
        let mut batched = Vec::new();
        set.contains_many(&keys, &mut batched);
        for (k, &b) in keys.iter().zip(&batched) {
            let want = scan(entries, entities, &source, k);
            assert_eq!(looked_up(set, k), want, "{k:?}");
            assert_eq!(b, !want.is_empty(), "{k:?}");
        }
        let mut listed: Vec<Entry> = set.entries().map(|e| e.to_entry()).collect();
        let mut given = entries.to_vec();
        listed.sort_by(|a, b| (&a.key, a.entity).cmp(&(&b.key, b.entity)));
        given.sort_by(|a, b| (&a.key, a.entity).cmp(&(&b.key, b.entity)));
        assert_eq!(listed, given);
        let mut distinct: Vec<&AddressKey> = entries.iter().map(|e| &e.key).collect();
        distinct.sort();
        distinct.dedup();
        assert_eq!(set.address_count(), distinct.len());
    }

    #[test]
    fn the_shipped_bundle_answers_as_its_entries_do() {
        let d = bundle::decode(BUNDLED_BYTES, &BUNDLED_SIGNER_KEY, &Limits::DEFAULT).unwrap();
        let (entries, entities) = (d.entries(), d.entities.clone());
        let set = LoadedSet::bundled();
        assert_eq!(set.entries().count(), entries.len());
        assert_same_hits(&set, &entries, &entities);
    }

    /// 3,000 listings of 6 entities over four prefixes and four payload lengths; every 7th
    /// address is also listed for the next entity (other asset codes, another date), every
    /// 49th for a third (more hits than a lookup holds inline); the same 20 bytes stand
    /// under EVM, Tron and a Bitcoin version; 40 delisted records.
    fn synthetic() -> SetData {
        let entities: Vec<Entity> = (0..6)
            .map(|i| Entity {
                name: format!("ENTITY {i}"),
                sdn_uid: Some(100 + i),
                ..Entity::default()
            })
            .collect();
        let payload = |i: u32, len: usize| -> Vec<u8> {
            (0..len.div_ceil(20) as u32)
                .flat_map(|j| synth::payload(3 + j, i))
                .take(len)
                .collect()
        };
        let kinds: [(&[u8], usize); 6] = [
            (&[Family::Evm as u8], 20),
            (&[Family::Tron as u8], 20),
            (&[Family::Base58Check as u8, 0], 20),
            (&[Family::Solana as u8], 32),
            (&[Family::Monero as u8, 18], 64),
            (&[Family::Monero as u8, 19], 72),
        ];
        let codes = ["ETH", "TRX", "USDT", "XBT", "XMR"];
        let mut entries = Vec::new();
        for i in 0..3000u32 {
            let (prefix, len) = kinds[(i % 6) as usize];
            // i / 3: pairs of EVM/Tron/Bitcoin keys share their 20 bytes.
            let key = AddressKey {
                prefix: prefix.to_vec(),
                payload: payload(i / 3, len),
            };
            let entity = i % 5;
            let first_seen = (i % 4 != 0).then(|| date::day_string(19_000 + i % 9).into());
            entries.push(Entry {
                key: key.clone(),
                entity,
                listed_under: vec![codes[(i % 5) as usize].to_string()],
                first_seen,
            });
            if i % 7 == 0 {
                entries.push(Entry {
                    key: key.clone(),
                    entity: entity + 1,
                    listed_under: vec!["ETH".into(), "USDT".into()],
                    first_seen: None,
                });
            }
            // A few listed for a third entity: more hits than a lookup holds inline.
            if i % 49 == 0 {
                entries.push(Entry {
                    key,
                    entity: (entity + 2) % 6,
                    listed_under: vec!["XMR".into()],
                    first_seen: None,
                });
            }
        }
        let former = std::sync::Arc::new(Entity {
            name: "FORMER".into(),
            ..Entity::default()
        });
        let delisted = (0..40u32)
            .map(|i| Delisted {
                key: AddressKey::new(Family::Evm, &[], &synth::payload(9, i)),
                entity: former.clone(),
                listed_under: vec!["ETH".into()],
                listed_until: Some("2026-01-01".into()),
                removed: Some("2026-02-01".into()),
            })
            .collect();
        SetData {
            header: Header {
                sequence: 7,
                generated_at: "2026-08-20T00:00:00Z".into(),
                source: "synthetic".into(),
                source_date: "2026-08-20".into(),
                delisted,
                ..Header::default()
            },
            entities,
            entries,
        }
    }

    #[test]
    fn shared_keys_prefixes_and_lengths_answer_as_the_entries_do() {
        let data = synthetic();
        let sk = [5u8; 32];
        let bytes = bundle::encode_signed(&data, &sk).unwrap();
        let from_bundle = LoadedSet::from_bundle(&bytes, &sign::public_key(&sk)).unwrap();
        let from_data = LoadedSet::from_data(data.clone()).unwrap();
        for set in [&from_bundle, &from_data] {
            assert_same_hits(set, &data.entries, &data.entities);
            // Delisted records are found apart from listings, and only for their own keys.
            for d in &data.header.delisted {
                assert!(set.lookup(&d.key).is_empty());
                assert_eq!(set.delisted_of(&d.key), vec![d]);
            }
            assert!(set.delisted_of(&data.entries[0].key).is_empty());
        }
        // The same listings (an address's listings for several entities may come in another
        // order: the groups of the bundle and of the entries differ).
        let sorted = |s: &LoadedSet| {
            let mut v: Vec<Entry> = s.entries().map(|e| e.to_entry()).collect();
            v.sort_by(|a, b| (&a.key, a.entity).cmp(&(&b.key, b.entity)));
            v
        };
        assert_eq!(sorted(&from_bundle), sorted(&from_data));
        // A listed address in the history, or one listed twice for one entity, is refused.
        let mut both = synthetic();
        both.header.delisted[0].key = both.entries[3].key.clone();
        assert!(LoadedSet::from_data(both).is_err());
        let mut twice = synthetic();
        twice.entries.push(twice.entries[10].clone());
        assert!(LoadedSet::from_data(twice).is_err());
    }

    #[test]
    fn user_lists_answer_as_their_csv_does() {
        // 12 labels interleaved (more than the groups from_entries looks back on), one
        // address under two labels, and the official set beside them.
        let mut csv = String::from("address,label,program\n");
        let mut want: Vec<(AddressKey, String, Vec<String>)> = Vec::new();
        for i in 0..600u32 {
            let text = synth::canonical(4, i / 2);
            let label = format!("label {}", i % 12);
            let program = if i % 3 == 0 { "P" } else { "" };
            csv.push_str(&format!("{text},{label},{program}\n"));
            let key = crate::address::parse(&text).unwrap().key;
            let programs = if program.is_empty() {
                vec![]
            } else {
                vec![program.to_string()]
            };
            want.push((key, label, programs));
        }
        let (set, rejected) = LoadedSet::bundled().with_user_list("mine", &csv).unwrap();
        assert!(rejected.is_empty(), "{rejected:?}");
        let mut restored = LoadedSet::bundled();
        restored
            .restore_user_lists(&set.user_lists_bytes().unwrap())
            .unwrap();
        for s in [&set, &restored] {
            assert_eq!(s.user_lists()[0].entry_count(), 600);
            for (key, _, _) in &want {
                let mut expect: Vec<(String, Vec<String>)> = want
                    .iter()
                    .filter(|(k, _, _)| k == key)
                    .map(|(_, l, p)| (l.clone(), p.clone()))
                    .collect();
                expect.sort();
                let mut got: Vec<(String, Vec<String>)> = s
                    .lookup(key)
                    .iter()
                    .inspect(|h| assert_eq!((h.source, h.first_seen), ("your list: mine", None)))
                    .map(|h| (h.entity.name.clone(), h.entity.programs.clone()))
                    .collect();
                got.sort();
                assert_eq!(got, expect, "{key:?}");
            }
        }
        let d = bundle::decode(BUNDLED_BYTES, &BUNDLED_SIGNER_KEY, &Limits::DEFAULT).unwrap();
        assert_same_hits(&set, &d.entries(), &d.entities);
    }
}
