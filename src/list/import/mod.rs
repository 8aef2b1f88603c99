//! Importers (native tooling, feature `import`): OFAC's SDN_ADVANCED.XML and SDN.XML, the
//! JSON extraction in `../shared/data/ofac/` and its change history, and plain CSV. Each
//! returns an [`Import`](super::Import) of entities and raw listings (the change history:
//! removals); [`super::build_set`] then checks every address and reports what it could
//! not use.

pub mod changes;
pub mod json;
pub mod ofac_advanced;
pub mod sdn_xml;
mod xml;

use super::Import;

/// The `source` of sets built from OFAC's SDN list.
pub const OFAC_SOURCE: &str = "OFAC SDN list";

/// Which importer reads an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// SDN_ADVANCED.XML (root `Sanctions`).
    OfacAdvanced,
    /// Classic SDN.XML (root `sdnList`).
    SdnXml,
    /// The JSON extraction (`sdn_publish_date`, `addresses`).
    Json,
    /// The change history of the JSON extraction (`events`, `removed_addresses`).
    Changes,
    /// `address,label[,program]`.
    Csv,
}

/// Guesses the format from the first bytes (and falls back to the file extension). JSON
/// is [`Format::Json`] here; [`detect`] tells the change history apart by its content.
pub fn sniff(name: &str, head: &[u8]) -> Format {
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        if t.contains("<sdnList") {
            return Format::SdnXml;
        }
        return Format::OfacAdvanced;
    }
    if t.starts_with('{') {
        return Format::Json;
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".xml") {
        Format::OfacAdvanced
    } else if lower.ends_with(".json") {
        Format::Json
    } else {
        Format::Csv
    }
}

/// The format of a whole text: [`sniff`], and for JSON, the change history
/// ([`Format::Changes`]) when its top level has `removed_addresses` and no `addresses`.
pub fn detect(name: &str, text: &str) -> Format {
    match sniff(name, text.as_bytes()) {
        Format::Json if changes::looks_like(text) => Format::Changes,
        f => f,
    }
}

/// Reads a file in whichever format it is. XML is streamed (the real advanced file is over
/// 100 MB); JSON and CSV are read whole.
pub fn import_path(path: &std::path::Path) -> Result<Import, String> {
    use std::io::{BufRead, BufReader};
    // The report names inputs by file name, so it does not depend on where they sat.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut r = BufReader::with_capacity(1 << 16, f);
    let head = r
        .fill_buf()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .to_vec();
    match sniff(&name, &head) {
        Format::OfacAdvanced => ofac_advanced::import(&name, r),
        Format::SdnXml => sdn_xml::import(&name, r),
        Format::Json | Format::Changes | Format::Csv => {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut r, &mut s).map_err(|e| format!("{name}: {e}"))?;
            import_text(&name, &s)
        }
    }
}

/// Reads text in whichever format it is (tests and fuzzing).
pub fn import_text(origin: &str, text: &str) -> Result<Import, String> {
    match detect(origin, text) {
        Format::OfacAdvanced => ofac_advanced::import(origin, text.as_bytes()),
        Format::SdnXml => sdn_xml::import(origin, text.as_bytes()),
        Format::Json => json::import(origin, text),
        Format::Changes => changes::import(origin, text),
        Format::Csv => Ok(super::user_csv_import(origin, text)),
    }
}

/// "08/20/2026" -> "2026-08-20"; None unless it is a real calendar-shaped date.
pub fn mdy_to_iso(s: &str) -> Option<String> {
    let mut it = s.trim().split('/');
    let (m, d, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let (m, d, y): (u32, u32, u32) = (m.parse().ok()?, d.parse().ok()?, y.parse().ok()?);
    ymd(y, m, d)
}

/// "03/21/2025" -> "2025-03-21" when it is a real date a bundle can hold (1970 to 9999;
/// no 31 February), as the first-seen and removal dates must be.
pub fn list_date(s: &str) -> Option<String> {
    mdy_to_iso(s).filter(|d| crate::list::date::day_number(d).is_some())
}

/// A YYYY-MM-DD string after range checks.
pub fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    if !(1900..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(mdy_to_iso("08/20/2026").as_deref(), Some("2026-08-20"));
        assert_eq!(mdy_to_iso("8/2/2026").as_deref(), Some("2026-08-02"));
        assert_eq!(mdy_to_iso("13/20/2026"), None);
        assert_eq!(mdy_to_iso("2026-08-20"), None);
        assert_eq!(list_date("03/21/2025").as_deref(), Some("2025-03-21"));
        assert_eq!(mdy_to_iso("02/31/2025").as_deref(), Some("2025-02-31"));
        assert_eq!(list_date("02/31/2025"), None);
        assert_eq!(list_date("01/01/1969"), None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(
            sniff("x", b"<?xml version='1.0'?><sdnList>"),
            Format::SdnXml
        );
        assert_eq!(sniff("x", b"\xef\xbb\xbf<Sanctions>"), Format::OfacAdvanced);
        assert_eq!(sniff("x", b" {\"a\":1}"), Format::Json);
        assert_eq!(sniff("x.csv", b"address,label"), Format::Csv);
        assert_eq!(
            detect("x", r#"{"events": [], "removed_addresses": []}"#),
            Format::Changes
        );
        assert_eq!(
            detect(
                "x",
                r#"{"sdn_publish_date": "08/20/2026", "addresses": []}"#
            ),
            Format::Json
        );
        assert_eq!(detect("x", "{not json"), Format::Json);
    }
}
