//! The sanctions set: model, signed bundle codec, lookup index, importers.
//!
//! API contract (other parts of the system call exactly these; internals may change):
//! - [`LoadedSet::from_bundle`] verifies and loads bundle bytes; [`LoadedSet::bundled`]
//!   loads the set embedded at build time (verified against [`PUBLISHER_KEY`]).
//! - [`LoadedSet::header`] for provenance; [`LoadedSet::lookup`] for hits.

use crate::address::AddressKey;

/// The data model of a set. (Being implemented: see issue "sanctions set".)
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Header {
    pub format_version: u16,
    pub sequence: u64,
    /// When the bundle was generated, RFC 3339 UTC.
    pub generated_at: String,
    /// The publication it was built from, e.g. "OFAC SDN list".
    pub source: String,
    /// That publication's own date, YYYY-MM-DD.
    pub source_date: String,
    pub entity_count: u32,
    pub entry_count: u32,
}

/// A listed person or organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Entity {
    pub name: String,
    /// OFAC SDN uid; None for a user's own list.
    pub sdn_uid: Option<u32>,
    /// "individual", "entity", ... as OFAC types it; "" when unknown.
    pub kind: String,
    pub programs: Vec<String>,
    pub akas: Vec<String>,
    /// Designation date, YYYY-MM-DD, when known.
    pub designated: Option<String>,
}

/// One (address, entity) listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: AddressKey,
    /// Index into the set's entities.
    pub entity: u32,
    /// Asset codes as OFAC writes them (XBT, ETH, USDT, ...).
    pub listed_under: Vec<String>,
}

/// A verified set, ready for lookups.
#[derive(Clone, Debug, Default)]
pub struct LoadedSet {
    header: Header,
    entities: Vec<Entity>,
    entries: Vec<Entry>,
}

/// Why a bundle was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BundleError {
    Invalid(String),
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleError::Invalid(s) => f.write_str(s),
        }
    }
}
impl std::error::Error for BundleError {}

/// One hit: the entity and what the address is listed under.
#[derive(Clone, Debug)]
pub struct Hit<'a> {
    pub entity: &'a Entity,
    pub listed_under: &'a [String],
}

impl LoadedSet {
    /// Verifies the signature against `pubkey`, parses fully, builds the index.
    pub fn from_bundle(_bytes: &[u8], _pubkey: &[u8; 32]) -> Result<LoadedSet, BundleError> {
        Err(BundleError::Invalid("bundle codec not implemented yet".into()))
    }
    /// The set embedded in this build.
    pub fn bundled() -> LoadedSet {
        LoadedSet::default()
    }
    pub fn header(&self) -> &Header {
        &self.header
    }
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
    /// Every listing of this key (usually zero or one).
    pub fn lookup(&self, key: &AddressKey) -> Vec<Hit<'_>> {
        self.entries
            .iter()
            .filter(|e| &e.key == key)
            .map(|e| Hit {
                entity: &self.entities[e.entity as usize],
                listed_under: &e.listed_under,
            })
            .collect()
    }
}
