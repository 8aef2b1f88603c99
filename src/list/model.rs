//! The data model of a sanctions set: who is listed ([`Entity`]), which address keys are
//! listed for them ([`Entry`]), where the set comes from ([`Header`]), and which addresses
//! were listed once and are not any more ([`Delisted`], carried in the header).

use crate::address::AddressKey;
use std::fmt;
use std::sync::Arc;

/// Provenance and counts of a set, as the bundle header records them.
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
    /// When the publisher signed the bundle, unix seconds UTC (format version 2; None in a
    /// version 1 bundle). Clients age the list by it too, so a feed that keeps serving an
    /// old bundle shows as old whatever its manifest says.
    pub signed_at: Option<u64>,
    /// Until when the publisher vouches for the bundle, unix seconds UTC (at or after
    /// `signed_at`; None in a version 1 bundle): past it, clients say the list expired.
    pub expires_at: Option<u64>,
    pub entity_count: u32,
    pub entry_count: u32,
    /// Number of [`Header::delisted`] records (0 in a version 1 bundle).
    pub delisted_count: u32,
    /// The set's history: addresses that were on the list and are not any more, one record
    /// per (address, entity), in canonical order (sorted). They travel in the header so
    /// that whatever carries a set's header (a decoded bundle's, [`super::SetData`]'s)
    /// carries its history. Not serialized: [`Header::delisted_count`] says how many.
    #[serde(skip)]
    pub delisted: Vec<Delisted>,
}

/// A listed person or organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
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
    /// Asset codes as OFAC writes them (XBT, ETH, USDT, ...), sorted.
    pub listed_under: Vec<String>,
    /// "On the list since": the date (YYYY-MM-DD) of the list the address has been on
    /// since, without a break (the list it first appeared on, or the one that listed it
    /// again after a removal), when the data says. None when unknown (nothing is guessed).
    /// Shared by the entries of one bundle group (a clone costs no allocation).
    pub first_seen: Option<Arc<str>>,
}

/// One listing as a loaded set holds it, borrowed from the set ([`super::LoadedSet::entries`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryRef<'a> {
    pub prefix: &'a [u8],
    pub payload: &'a [u8],
    /// Index into the set's entities.
    pub entity: u32,
    pub listed_under: &'a [String],
    pub first_seen: Option<&'a str>,
}

impl EntryRef<'_> {
    /// The address key (prefix and payload, copied).
    pub fn key(&self) -> AddressKey {
        AddressKey {
            prefix: self.prefix.to_vec(),
            payload: self.payload.to_vec(),
        }
    }

    /// The listing as an owned [`Entry`].
    pub fn to_entry(&self) -> Entry {
        Entry {
            key: self.key(),
            entity: self.entity,
            listed_under: self.listed_under.to_vec(),
            first_seen: self.first_seen.map(Arc::from),
        }
    }
}

/// An (address, entity) listing that the list no longer holds: the address is not listed
/// now (for anyone), but it was, for `entity`, until `listed_until`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Delisted {
    pub key: AddressKey,
    /// The entity as it was listed (name, SDN uid, programs at the time); shared by the
    /// records of one entity.
    pub entity: Arc<Entity>,
    /// Asset codes it was listed under, sorted.
    pub listed_under: Vec<String>,
    /// The last list date (YYYY-MM-DD) it was on, when known.
    pub listed_until: Option<String>,
    /// The date (YYYY-MM-DD) of the first list without it, when known.
    pub removed: Option<String>,
}

/// One hit: the entity, what the address is listed under, and which list says so.
#[derive(Clone, Debug)]
pub struct Hit<'a> {
    pub entity: &'a Entity,
    pub listed_under: &'a [String],
    /// The list the hit comes from: the set's `source` ("OFAC SDN list") or
    /// "your list: <name>" for a user's own list.
    pub source: &'a str,
    /// That list's date (YYYY-MM-DD); "" for a user's list.
    pub source_date: &'a str,
    /// Since when the address is on that list (YYYY-MM-DD), when known.
    pub first_seen: Option<&'a str>,
}

/// An input value that could not become an entry, and why. Importers and the user-list
/// reader return one per unusable value: nothing is dropped silently.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Rejected {
    /// Where it came from: a file name, or "your list: <name>".
    pub origin: String,
    /// 1-based line (CSV) or record number, when meaningful.
    pub line: Option<u64>,
    /// The entity it was listed for, when known ("name (uid N)").
    pub entity: Option<String>,
    /// The asset code it was filed under ("XMR"), or "" when none.
    pub listed_under: String,
    /// The value as published (may be empty).
    pub value: String,
    pub reason: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        write!(f, ": {:?}", self.value)?;
        if !self.listed_under.is_empty() {
            write!(f, " [{}]", self.listed_under)?;
        }
        if let Some(e) = &self.entity {
            write!(f, " of {e}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// A value that was kept but looks odd (a Tron address filed under XBT), for the report.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Notice {
    pub origin: String,
    pub entity: Option<String>,
    pub listed_under: String,
    pub value: String,
    pub note: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {:?} [{}]",
            self.origin, self.value, self.listed_under
        )?;
        if let Some(e) = &self.entity {
            write!(f, " of {e}")?;
        }
        write!(f, ": {}", self.note)
    }
}
