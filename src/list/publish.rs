//! What a list's dates say, and what a publisher refuses to sign (issue 15, "freeze and
//! date attacks").
//!
//! [`Freshness`] is how every client ages a list (the CLI's stale warning here;
//! `extension/shared/list-age.js` does the same in JS with the same constants): by the later
//! of its source date and its signed `signed_at`, a date more than [`CLOCK_SKEW_SECONDS`]
//! ahead of the clock makes the list *suspect* (never fresh: a bundle dated 9999-12-31 must
//! not silence the warning), and a list past its signed `expires_at` is *expired* whatever
//! the feed's manifest says.
//!
//! [`check_dates`] and [`Removals`] are the publisher's refusals (`sightline list publish`,
//! `list build`): a source date or `signed_at` in the future, either older than the
//! previous bundle's, and an unexplained shrink of the address set.

use super::bundle::SetData;
use super::date;
use super::model::Header;
use super::{LoadedSet, STALE_AFTER_DAYS};
use crate::address::{encode_key, AddressKey};
use std::collections::BTreeSet;

/// How far ahead of the clock a date may be before it counts as in the future (a day:
/// clocks and time zones disagree, a list dated "today" in UTC+14 is not suspect).
pub const CLOCK_SKEW_SECONDS: u64 = 86_400;
/// How long a bundle is vouched for by default: `expires_at = signed_at + 30 days`. The
/// daily workflow re-signs an unchanged list well before that (scripts/publish-list.sh).
pub const DEFAULT_VALIDITY_DAYS: u64 = 30;
/// How many removed addresses a refusal or a report names.
pub const NAMED_REMOVALS: usize = 5;

/// The first second of a `YYYY-MM-DD` day, or None.
fn day_start(ymd: &str) -> Option<u64> {
    date::day_number(ymd.get(..10)?).map(|d| d as u64 * 86_400)
}

/// How old a list is and whether its dates can be trusted, at `now` (unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Freshness {
    /// Whole days since the later of the source date and `signed_at`; for a suspect list,
    /// how many days ahead its furthest date is. None when the source date is unreadable
    /// and no `signed_at` is stated.
    pub age_days: Option<u64>,
    /// A date (source date or `signed_at`) more than [`CLOCK_SKEW_SECONDS`] ahead of now.
    pub future: bool,
    /// Past its signed `expires_at`.
    pub expired: bool,
}

impl Freshness {
    pub fn of(h: &Header, now: u64) -> Freshness {
        let dates: Vec<u64> = day_start(&h.source_date)
            .into_iter()
            .chain(h.signed_at)
            .collect();
        let latest = dates.iter().copied().max();
        let future = latest.is_some_and(|t| t > now.saturating_add(CLOCK_SKEW_SECONDS));
        let age_days = latest.map(|t| {
            (if future {
                t - now
            } else {
                now.saturating_sub(t)
            }) / 86_400
        });
        Freshness {
            age_days,
            future,
            expired: h.expires_at.is_some_and(|e| now > e),
        }
    }

    /// Older than [`STALE_AFTER_DAYS`], suspect or expired: a clear verdict must say so.
    pub fn stale(&self) -> bool {
        self.future || self.expired || self.age_days.is_some_and(|d| d > STALE_AFTER_DAYS as u64)
    }
}

/// Refuses what a publisher must not sign, at `now` (the real clock): `signed_at` missing
/// or more than a day ahead of now, a source date more than a day after `signed_at`, and
/// (given the previous bundle's header) a source date or `signed_at` older than the
/// previous bundle's.
pub fn check_dates(new: &Header, prev: Option<&Header>, now: u64) -> Result<(), String> {
    let signed = new
        .signed_at
        .ok_or("the bundle states no signed_at; refusing to publish it")?;
    super::bundle::check_validity(new.signed_at, new.expires_at)?;
    if signed > now.saturating_add(CLOCK_SKEW_SECONDS) {
        return Err(format!(
            "signed_at {} is in the future (the clock says {})",
            date::timestamp_string(signed),
            date::timestamp_string(now)
        ));
    }
    if let Some(d) = day_start(&new.source_date) {
        if d > signed.saturating_add(CLOCK_SKEW_SECONDS) {
            return Err(format!(
                "the list's date {} is in the future (signing at {}): a real list cannot be dated ahead",
                new.source_date,
                date::timestamp_string(signed)
            ));
        }
    } else if !new.source_date.is_empty() {
        return Err(format!(
            "the list's date {:?} is not a date",
            new.source_date
        ));
    }
    let Some(p) = prev else { return Ok(()) };
    match ListDates::of(new).earlier_than(&ListDates::of(p)) {
        None => Ok(()),
        Some(EarlierDate::Source { new, prev }) => Err(format!(
            "the list's date {new} is older than bundle {}'s {prev}",
            p.sequence
        )),
        Some(EarlierDate::Signed { new, prev }) => Err(format!(
            "signed_at {} is older than bundle {}'s {}",
            new.map_or_else(|| "(none)".into(), date::timestamp_string),
            p.sequence,
            date::timestamp_string(prev)
        )),
    }
}

/// A list's two dates, as one bundle is compared with the one before it: by the publisher
/// ([`check_dates`]) and by every client installing a newer sequence
/// ([`super::feed::check_bundle`]): a higher sequence with older dates is a replayed or
/// frozen list re-numbered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListDates<'a> {
    /// YYYY-MM-DD; empty when the list states none.
    pub source_date: &'a str,
    /// Unix seconds UTC; None in a version 1 bundle.
    pub signed_at: Option<u64>,
}

/// Which date of a list is earlier than its predecessor's ([`ListDates::earlier_than`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EarlierDate {
    /// The source dates (YYYY-MM-DD): the new list's (empty when it states none), the
    /// previous one's.
    Source { new: String, prev: String },
    /// `signed_at` (unix seconds): the new list's (None when it states none), the previous
    /// one's.
    Signed { new: Option<u64>, prev: u64 },
}

impl<'a> ListDates<'a> {
    pub fn of(h: &'a Header) -> ListDates<'a> {
        ListDates {
            source_date: &h.source_date,
            signed_at: h.signed_at,
        }
    }

    /// The first of this list's dates (source date, then `signed_at`) that is before
    /// `prev`'s. Only dates `prev` states are compared; a date this list leaves out where
    /// `prev` states one counts as earlier (a list cannot drop its date to pass).
    pub fn earlier_than(&self, prev: &ListDates) -> Option<EarlierDate> {
        // YYYY-MM-DD orders as text.
        if !prev.source_date.is_empty() && self.source_date < prev.source_date {
            return Some(EarlierDate::Source {
                new: self.source_date.to_string(),
                prev: prev.source_date.to_string(),
            });
        }
        let ps = prev.signed_at?;
        (self.signed_at.is_none_or(|s| s < ps)).then_some(EarlierDate::Signed {
            new: self.signed_at,
            prev: ps,
        })
    }
}

/// What a new list drops of the previous bundle's addresses (distinct addresses, the sets
/// compared, not only their sizes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Removals {
    pub prev_sequence: u64,
    /// Distinct addresses of the previous bundle, and of the new list.
    pub prev_addresses: usize,
    pub new_addresses: usize,
    /// Addresses the previous bundle lists and the new list does not, sorted.
    pub removed: Vec<AddressKey>,
    /// How many of them the new list's own inputs record as delisted (a change history):
    /// explained removals, which do not count toward the shrink limit.
    pub explained: usize,
}

impl Removals {
    /// Compares `prev` with `new` as built from its inputs (before
    /// [`super::carry_history`] turns every removal into a delisted record).
    pub fn between(prev: &LoadedSet, new: &SetData) -> Removals {
        let old: BTreeSet<AddressKey> = prev.entries().map(|e| e.key()).collect();
        let now: BTreeSet<&AddressKey> = new.entries.iter().map(|e| &e.key).collect();
        let recorded: BTreeSet<&AddressKey> = new.header.delisted.iter().map(|d| &d.key).collect();
        let removed: Vec<AddressKey> = old.into_iter().filter(|k| !now.contains(k)).collect();
        Removals {
            prev_sequence: prev.header().sequence,
            prev_addresses: prev.address_count(),
            new_addresses: now.len(),
            explained: removed.iter().filter(|k| recorded.contains(k)).count(),
            removed,
        }
    }

    /// Removals the inputs do not explain.
    pub fn unexplained(&self) -> usize {
        self.removed.len() - self.explained
    }

    /// The first [`NAMED_REMOVALS`] removed addresses, "and N more".
    fn named(&self) -> String {
        let named: Vec<String> = self
            .removed
            .iter()
            .take(NAMED_REMOVALS)
            .map(|k| encode_key(k).unwrap_or_else(|| format!("{k:?}")))
            .collect();
        match self.removed.len().saturating_sub(NAMED_REMOVALS) {
            0 => named.join(", "),
            more => format!("{} and {more} more", named.join(", ")),
        }
    }

    /// "3 of the 100 addresses of bundle 2 (1 recorded as delisted by the input): 0x…,
    /// 0x…, 0x…"; None when nothing is removed.
    pub fn summary(&self) -> Option<String> {
        (!self.removed.is_empty()).then(|| {
            format!(
                "{} of the {} addresses of bundle {} ({} recorded as delisted by the input): {}",
                self.removed.len(),
                self.prev_addresses,
                self.prev_sequence,
                self.explained,
                self.named()
            )
        })
    }

    /// Why the new list is refused, when more than `1 - min_ratio` of the previous
    /// bundle's addresses go without explanation (a list that keeps its size but swaps its
    /// addresses is as suspect as one that collapses). None: acceptable.
    pub fn refusal(&self, min_ratio: f64) -> Option<String> {
        // What stays (unexplained removals taken away) against min_ratio of before.
        let kept = self.prev_addresses - self.unexplained();
        if kept as f64 >= self.prev_addresses as f64 * min_ratio {
            return None;
        }
        let fewer = if (self.new_addresses as f64) < self.prev_addresses as f64 * min_ratio {
            format!(
                "only {} addresses, far fewer than the {} of bundle {}; ",
                self.new_addresses, self.prev_addresses, self.prev_sequence
            )
        } else {
            String::new()
        };
        Some(format!(
            "{fewer}{} of its {} addresses would be removed without the input recording them \
             as delisted (more than {:.0}%): {}; --force publishes anyway",
            self.unexplained(),
            self.prev_addresses,
            (1.0 - min_ratio) * 100.0,
            self.named()
        ))
    }
}
