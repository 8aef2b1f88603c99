//! Address + sanctions set -> what the UI says and why.

use crate::address::{Address, AddressKey, Family};
use crate::list::LoadedSet;
use serde::Serialize;

/// OFAC's page of an SDN entry: this followed by its uid (cards, dialogs, the CLI's HTML).
pub const OFAC_ENTRY_URL: &str = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=";

/// The name of OFAC's list as the importers write it (`list::import::OFAC_SOURCE`).
const OFAC_SOURCE: &str = "OFAC SDN list";
/// How a user's own list is named in the hits it gives (`list::LoadedSet::with_user_list`).
const USER_LIST_PREFIX: &str = "your list: ";

/// A list's source as a code the extension localises (`source_<code>` in its _locales):
/// `ofac_sdn` for OFAC's SDN list, `user_list` for a user's own list ("your list: <label>",
/// the label after the prefix); None for any other name, shown as written.
pub fn source_code(source: &str) -> Option<&'static str> {
    if source == OFAC_SOURCE {
        Some("ofac_sdn")
    } else if source.starts_with(USER_LIST_PREFIX) {
        Some("user_list")
    } else {
        None
    }
}

/// One reason an address is flagged, with its provenance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Match {
    pub name: String,
    pub sdn_uid: Option<u32>,
    pub programs: Vec<String>,
    pub listed_under: Vec<String>,
    /// The publication, e.g. "OFAC SDN list".
    pub source: String,
    /// [`source_code`] of `source`, for the extension to name it in the UI's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_code: Option<&'static str>,
    /// The publication's date, YYYY-MM-DD.
    pub source_date: String,
    /// Designation date, when known.
    pub designated: Option<String>,
    /// "On the list since" (YYYY-MM-DD): the list the address has been on since, without
    /// a break, when the data says; None when unknown (nothing is guessed).
    pub first_seen: Option<String>,
}

/// A listing the list no longer holds: the address is not listed now but was, for this
/// entity, until `listed_until`. Never a reason to call the address sanctioned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Delisted {
    /// The entity as it was listed.
    pub name: String,
    pub sdn_uid: Option<u32>,
    pub programs: Vec<String>,
    pub listed_under: Vec<String>,
    /// The list it was on, e.g. "OFAC SDN list".
    pub source: String,
    /// The last list date (YYYY-MM-DD) it was on, when known.
    pub listed_until: Option<String>,
    /// The date (YYYY-MM-DD) of the first list without it, when known.
    pub removed: Option<String>,
}

/// A text in which a scan found no address, checked as one address to say why it is not:
/// the popup's and the site's checkers call this on what the user typed. Only one token
/// (no white space inside), at most `4 * MAX_TOKEN` characters: longer text is prose.
pub fn lone_token(text: &str) -> Option<&str> {
    let token = text.trim();
    (!token.is_empty()
        && token.len() <= 4 * crate::scan::MAX_TOKEN
        && !token.contains(char::is_whitespace))
    .then_some(token)
}

/// The answer for one address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub canonical: String,
    /// As people write it (EIP-55 for EVM): what cards and dialogs show.
    pub display: String,
    pub chains: Vec<&'static str>,
    pub sanctioned: bool,
    pub matches: Vec<Match>,
    /// Set when the address is not listed itself but is the associated token account of a
    /// listed Solana owner (Solscan and wallets show these): `matches` are the owner's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_account_of: Option<TokenAccountOf>,
    /// Set when the address is not listed now but was: its former listings, so a UI can
    /// say "formerly on the list until ..." (`sanctioned` stays false). Empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub delisted: Vec<Delisted>,
}

impl Verdict {
    /// The verdict of `addr` when it is on no list and has no history: what a caller that
    /// skips the lookup (a scan's fast path) reports. Use this rather than building a
    /// `Verdict` field by field, so new fields get their empty value.
    pub fn unlisted(addr: &Address) -> Verdict {
        Verdict {
            canonical: addr.canonical.clone(),
            display: addr.display(),
            chains: addr.chains.ids(),
            sanctioned: false,
            matches: Vec::new(),
            token_account_of: None,
            delisted: Vec::new(),
        }
    }
}

/// One checked address in the one shape every output uses: the wasm engine's `check` and
/// `scan` (JS), and the CLI's `check` and `scan` JSON (docs/cli.md). Field names are the
/// same everywhere (snake_case, as [`Match`]'s).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Checked {
    /// What was checked, as written (a scan: the text of the span).
    pub input: String,
    /// Whether `input` is an address of a family Sightline knows, checksum included.
    pub valid: bool,
    /// Why it is not (None when valid).
    pub error: Option<String>,
    /// [`crate::address::ParseError::code`] of `error`: `checksum` and `eip55` mean the
    /// input has an address's shape and fails only its checksum (a typo?).
    pub error_code: Option<&'static str>,
    /// The address as Sightline writes it (the lookup form); None when not valid.
    pub address: Option<String>,
    /// As people write it (EIP-55 for EVM): what to show. None when not valid.
    pub display: Option<String>,
    pub chains: Vec<&'static str>,
    /// The address type ("P2PKH", "EVM", ...); None when not valid.
    pub kind: Option<&'static str>,
    /// Its format has no checksum: only a listing means anything ([`reportable`]).
    pub candidate: bool,
    pub sanctioned: bool,
    pub matches: Vec<Match>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_account_of: Option<TokenAccountOf>,
    /// [`Verdict::delisted`]: former listings of an address not listed now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub delisted: Vec<Delisted>,
}

impl Checked {
    /// `input`, parsed as one address and checked against `set`.
    pub fn parse(input: &str, set: &LoadedSet) -> Checked {
        match crate::address::parse(input) {
            Ok(addr) => Checked::of(input, &addr, check(&addr, set)),
            Err(e) => Checked::invalid(input, &e),
        }
    }

    /// A parsed address and its verdict.
    pub fn of(input: &str, addr: &Address, v: Verdict) -> Checked {
        Checked {
            input: input.to_string(),
            valid: true,
            error: None,
            error_code: None,
            address: Some(v.canonical),
            display: Some(v.display),
            chains: v.chains,
            kind: Some(addr.kind.label()),
            candidate: addr.candidate_only,
            sanctioned: v.sanctioned,
            matches: v.matches,
            token_account_of: v.token_account_of,
            delisted: v.delisted,
        }
    }

    /// Not an address, and why.
    pub fn invalid(input: &str, error: &crate::address::ParseError) -> Checked {
        Checked {
            input: input.to_string(),
            valid: false,
            error: Some(error.to_string()),
            error_code: Some(error.code()),
            address: None,
            display: None,
            chains: Vec::new(),
            kind: None,
            candidate: false,
            sanctioned: false,
            matches: Vec::new(),
            token_account_of: None,
            delisted: Vec::new(),
        }
    }
}

/// The listed owner a Solana token account belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenAccountOf {
    /// The owner wallet (base58).
    pub owner: String,
    /// The token's symbol (USDC, USDT, EURC, wSOL, PYUSD).
    pub token: String,
}

/// The owner key when `addr` is the associated token account of a listed Solana owner.
fn token_account_owner(addr: &Address, set: &LoadedSet) -> Option<([u8; 32], &'static str)> {
    if addr.key.prefix != [Family::Solana as u8] {
        return None;
    }
    let account: [u8; 32] = addr.key.payload.as_slice().try_into().ok()?;
    let (owner, symbol) = set.solana_token_account_owner(&account, None)?;
    Some((owner, symbol.unwrap_or("tokens")))
}

/// The asset code under which a legacy and a cashaddr spelling denote the same address.
const BITCOIN_CASH: &str = "BCH";

/// Looks `addr` up in `set`.
///
/// `source`/`source_date` of each match come from the list that holds it: the official
/// set's header, or "your list: <name>" (and no date) for a user's own list.
///
/// A Bitcoin Cash address has two spellings (legacy `1...`/`3...` and cashaddr `q...`/`p...`)
/// over the same hash, and explorers show either while OFAC lists either. So a listing
/// under BCH also matches the other spelling; listings under other assets do not, since a
/// legacy string's other chains (Bitcoin, Bitcoin SV) have no cashaddr form.
///
/// An address with no match that the official set lists as delisted gets its former
/// listings in `delisted` (the same Bitcoin Cash rule applies to them); `sanctioned` is
/// only ever about current listings.
pub fn check(addr: &Address, set: &LoadedSet) -> Verdict {
    let mut matches: Vec<Match> = set.lookup(&addr.key).into_iter().map(to_match).collect();
    for alt in addr.alternate_keys() {
        for hit in set.lookup(&alt) {
            if hit.listed_under.iter().any(|a| a == BITCOIN_CASH) {
                let m = to_match(hit);
                if !matches.contains(&m) {
                    matches.push(m);
                }
            }
        }
    }
    let mut token_account_of = None;
    if matches.is_empty() {
        if let Some((owner, token)) = token_account_owner(addr, set) {
            matches = set
                .lookup(&AddressKey::new(Family::Solana, &[], &owner))
                .into_iter()
                .map(to_match)
                .collect();
            token_account_of = Some(TokenAccountOf {
                owner: bs58::encode(owner).into_string(),
                token: token.to_string(),
            });
        }
    }
    let delisted = if matches.is_empty() {
        delisted_of(addr, set)
    } else {
        Vec::new()
    };
    Verdict {
        canonical: addr.canonical.clone(),
        display: addr.display(),
        chains: addr.chains.ids(),
        sanctioned: !matches.is_empty(),
        matches,
        token_account_of,
        delisted,
    }
}

/// The former listings of `addr` (and of its other Bitcoin Cash spelling, for records
/// listed under BCH).
fn delisted_of(addr: &Address, set: &LoadedSet) -> Vec<Delisted> {
    if set.delisted().is_empty() {
        return Vec::new();
    }
    let source = &set.header().source;
    let mut out: Vec<Delisted> = set
        .delisted_of(&addr.key)
        .into_iter()
        .map(|d| to_delisted(d, source))
        .collect();
    for alt in addr.alternate_keys() {
        for d in set.delisted_of(&alt) {
            if d.listed_under.iter().any(|a| a == BITCOIN_CASH) {
                let d = to_delisted(d, source);
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
    }
    out
}

fn to_delisted(d: &crate::list::Delisted, source: &str) -> Delisted {
    Delisted {
        name: d.entity.name.clone(),
        sdn_uid: d.entity.sdn_uid,
        programs: d.entity.programs.clone(),
        listed_under: d.listed_under.clone(),
        source: source.to_string(),
        listed_until: d.listed_until.clone(),
        removed: d.removed.clone(),
    }
}

/// Whether an address found in text is worth reporting: one whose format has no checksum
/// (`candidate_only`: Solana keys, Tron's hex form) only when it is listed, anything else
/// always. The one place this rule lives (the wasm engine's and the CLI's scans use it).
pub fn reportable(addr: &Address, listed: bool) -> bool {
    listed || !addr.candidate_only
}

/// True when [`check`] would flag `addr`, without building the verdict (the scanners'
/// fast path: most addresses are not listed).
pub fn is_listed(addr: &Address, set: &LoadedSet) -> bool {
    !set.lookup(&addr.key).is_empty()
        || token_account_owner(addr, set).is_some()
        || addr.alternate_keys().iter().any(|alt| {
            set.lookup(alt)
                .iter()
                .any(|h| h.listed_under.iter().any(|a| a == BITCOIN_CASH))
        })
}

fn to_match(hit: crate::list::Hit<'_>) -> Match {
    Match {
        name: hit.entity.name.clone(),
        sdn_uid: hit.entity.sdn_uid,
        programs: hit.entity.programs.clone(),
        listed_under: hit.listed_under.to_vec(),
        source: hit.source.to_string(),
        source_code: source_code(hit.source),
        source_date: hit.source_date.to_string(),
        designated: hit.entity.designated.clone(),
        first_seen: hit.first_seen.map(str::to_string),
    }
}
