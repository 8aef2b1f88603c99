//! A small streaming layer over quick-xml shared by the two OFAC XML importers: it keeps
//! the path of local names (namespaces ignored: OFAC changed its namespace once already),
//! collects each leaf's text, and enforces depth and text caps so hostile input cannot
//! blow up memory.

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::collections::BTreeMap;
use std::io::BufRead;

const MAX_DEPTH: usize = 64;
const MAX_TEXT: usize = 1 << 16;

/// What the walker reports to an importer.
pub enum Step<'a> {
    /// An element opened (also for `<x/>`, which is followed by `End`).
    Start {
        path: &'a [String],
        attrs: &'a BTreeMap<String, String>,
    },
    /// An element closed; `text` is its own text (trimmed), when it had no children.
    End { path: &'a [String], text: &'a str },
}

fn attrs_of(e: &BytesStart<'_>) -> Result<BTreeMap<String, String>, String> {
    let mut m = BTreeMap::new();
    for a in e.attributes() {
        let a = a.map_err(|err| format!("bad attribute: {err}"))?;
        let k = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        let v = a
            .unescape_value()
            .map_err(|err| format!("bad attribute value: {err}"))?
            .into_owned();
        m.insert(k, v);
    }
    Ok(m)
}

/// Walks the whole document, calling `f` for every element start and end. Errors on
/// malformed XML, and on a document that ends before its root element closes (a cut-off
/// download must not pass for a shorter list).
pub fn walk<R: BufRead>(
    origin: &str,
    input: R,
    mut f: impl FnMut(Step<'_>) -> Result<(), String>,
) -> Result<(), String> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut saw_root = false;
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            format!(
                "{origin}: XML error at byte {}: {e}",
                reader.buffer_position()
            )
        })?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(ev, Event::Empty(_));
                if saw_root && path.is_empty() {
                    return Err(format!("{origin}: a second root element"));
                }
                saw_root = true;
                if path.len() >= MAX_DEPTH {
                    return Err(format!("{origin}: elements nested deeper than {MAX_DEPTH}"));
                }
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let attrs = attrs_of(e).map_err(|m| format!("{origin}: {m}"))?;
                path.push(name);
                text.clear();
                f(Step::Start {
                    path: &path,
                    attrs: &attrs,
                })?;
                if is_empty {
                    f(Step::End {
                        path: &path,
                        text: "",
                    })?;
                    path.pop();
                }
            }
            Event::End(_) => {
                f(Step::End {
                    path: &path,
                    text: text.trim(),
                })?;
                text.clear();
                path.pop();
            }
            Event::Text(t) => {
                let s = t.unescape().map_err(|e| {
                    format!(
                        "{origin}: bad text at byte {}: {e}",
                        reader.buffer_position()
                    )
                })?;
                if text.len() + s.len() > MAX_TEXT {
                    return Err(format!("{origin}: text longer than {MAX_TEXT} bytes"));
                }
                text.push_str(&s);
            }
            Event::CData(c) => {
                let inner = c.into_inner();
                if text.len() + inner.len() > MAX_TEXT {
                    return Err(format!("{origin}: text longer than {MAX_TEXT} bytes"));
                }
                text.push_str(&String::from_utf8_lossy(&inner));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_root {
        return Err(format!("{origin}: no XML root element"));
    }
    if !path.is_empty() {
        return Err(format!(
            "{origin}: truncated XML: <{}> never closes",
            path.join("/")
        ));
    }
    Ok(())
}

/// True when `path` ends with the given names.
pub fn ends_with(path: &[String], tail: &[&str]) -> bool {
    path.len() >= tail.len()
        && path[path.len() - tail.len()..]
            .iter()
            .zip(tail)
            .all(|(a, b)| a == b)
}

/// Parses a numeric attribute.
pub fn num(attrs: &BTreeMap<String, String>, key: &str) -> Option<u64> {
    attrs.get(key).and_then(|v| v.trim().parse().ok())
}
