//! Address + sanctions set -> what the UI says and why.

use crate::address::Address;
use crate::list::LoadedSet;
use serde::Serialize;

/// One reason an address is flagged, with its provenance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Match {
    pub name: String,
    pub sdn_uid: Option<u32>,
    pub programs: Vec<String>,
    pub listed_under: Vec<String>,
    /// The publication, e.g. "OFAC SDN list".
    pub source: String,
    /// The publication's date, YYYY-MM-DD.
    pub source_date: String,
    /// Designation date, when known.
    pub designated: Option<String>,
}

/// The answer for one address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub canonical: String,
    pub chains: Vec<&'static str>,
    pub sanctioned: bool,
    pub matches: Vec<Match>,
}

/// Looks `addr` up in `set`.
///
/// `source`/`source_date` of each match come from the list that holds it: the official
/// set's header, or "your list: <name>" (and no date) for a user's own list.
pub fn check(addr: &Address, set: &LoadedSet) -> Verdict {
    let matches: Vec<Match> = set
        .lookup(&addr.key)
        .into_iter()
        .map(|hit| Match {
            name: hit.entity.name.clone(),
            sdn_uid: hit.entity.sdn_uid,
            programs: hit.entity.programs.clone(),
            listed_under: hit.listed_under.to_vec(),
            source: hit.source.to_string(),
            source_date: hit.source_date.to_string(),
            designated: hit.entity.designated.clone(),
        })
        .collect();
    Verdict {
        canonical: addr.canonical.clone(),
        chains: addr.chains.ids(),
        sanctioned: !matches.is_empty(),
        matches,
    }
}
