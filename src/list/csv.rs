//! A small RFC 4180 CSV reader for user lists (`address,label[,program]`); compiled for wasm
//! too, because the extension's options page imports such lists.

/// Fields kept per record: a user list has 2 or 3, and the row is refused past 3 anyway.
/// Without a cap, an 8 MiB line of commas became 8 million Strings (~240 MB in the
/// extension).
pub const MAX_FIELDS: usize = 64;
/// Bytes kept per field (an address is under 100, a label a line of text); the rest of a
/// longer field is dropped, at a character boundary.
pub const MAX_FIELD_BYTES: usize = 4096;

/// Appends `s` to `field`, up to [`MAX_FIELD_BYTES`] in all.
fn push_bounded(field: &mut String, s: &str) {
    let room = MAX_FIELD_BYTES.saturating_sub(field.len());
    if s.len() <= room {
        field.push_str(s);
    } else {
        let mut cut = room;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        field.push_str(&s[..cut]);
    }
}

/// Splits `text` into records of fields. Handles quoted fields (with `""` escapes and
/// embedded commas or newlines), CRLF, and a UTF-8 BOM. Returns (1-based line of the
/// record's start, fields), at most [`MAX_FIELDS`] fields of at most [`MAX_FIELD_BYTES`]
/// each. Blank lines are skipped.
///
/// Runs between delimiters are copied as slices, not character by character: in the
/// extension a 150,000-row list spent 13% of its import here before (wasm CPU profile).
pub fn records(text: &str) -> Vec<(u64, Vec<String>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line: u64 = 1;
    let mut start_line: u64 = 1;
    let mut any = false;
    let end_field = |fields: &mut Vec<String>, field: &mut String| {
        let f = std::mem::take(field);
        if fields.len() < MAX_FIELDS {
            fields.push(f);
        }
    };
    let mut i = 0;
    while i < b.len() {
        let run = b[i..]
            .iter()
            .position(|&c| matches!(c, b',' | b'\r' | b'\n' | b'"'))
            .map_or(b.len(), |p| i + p);
        if run > i {
            push_bounded(&mut field, &text[i..run]);
            any = true;
            i = run;
            continue;
        }
        match b[i] {
            b'"' if field.trim().is_empty() => {
                // A quoted field: up to the closing quote, "" for a quote, newlines kept.
                field.clear();
                any = true;
                i += 1;
                loop {
                    let q = b[i..]
                        .iter()
                        .position(|&c| c == b'"')
                        .map_or(b.len(), |p| i + p);
                    line += b[i..q].iter().filter(|&&c| c == b'\n').count() as u64;
                    push_bounded(&mut field, &text[i..q]);
                    if q + 1 < b.len() && b[q + 1] == b'"' {
                        push_bounded(&mut field, "\"");
                        i = q + 2;
                    } else {
                        i = (q + 1).min(b.len());
                        break;
                    }
                }
            }
            b'"' => {
                push_bounded(&mut field, "\"");
                any = true;
                i += 1;
            }
            b',' => {
                end_field(&mut fields, &mut field);
                any = true;
                i += 1;
            }
            b'\r' if b.get(i + 1) == Some(&b'\n') => i += 1,
            _ => {
                // \n or a lone \r: the record ends.
                end_field(&mut fields, &mut field);
                if any || fields.iter().any(|f| !f.trim().is_empty()) {
                    out.push((start_line, std::mem::take(&mut fields)));
                } else {
                    fields.clear();
                }
                any = false;
                line += 1;
                start_line = line;
                i += 1;
            }
        }
    }
    end_field(&mut fields, &mut field);
    if any || fields.iter().any(|f| !f.trim().is_empty()) {
        out.push((start_line, fields));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{records, MAX_FIELDS, MAX_FIELD_BYTES};

    #[test]
    fn huge_rows_are_bounded() {
        // 8 MiB of commas, then a normal row: one capped record, the row after it intact.
        let text = format!("{}\nb,ok\n", ",".repeat(8 << 20));
        let r = records(&text);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].1.len(), MAX_FIELDS);
        assert_eq!(r[1], (2, vec!["b".to_string(), "ok".to_string()]));
        // A field of 1M characters keeps its first MAX_FIELD_BYTES; quoted ones too.
        let long = "x".repeat(1 << 20);
        let r = records(&format!("{long},\"{long}\",z"));
        assert_eq!(r[0].1[0].len(), MAX_FIELD_BYTES);
        assert_eq!(r[0].1[1].len(), MAX_FIELD_BYTES);
        assert_eq!(r[0].1[2], "z");
        // Cut at a character boundary.
        let r = records(&format!("a{}", "é".repeat(3000)));
        assert_eq!(r[0].1[0].len(), MAX_FIELD_BYTES - 1);
    }

    #[test]
    fn quotes_inside_and_unclosed() {
        let r = records("a\"b,\"x\"\"\",\"open\nrest");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].1, vec!["a\"b", "x\"", "open\nrest"]);
        // Lines counted through quoted newlines; a lone CR ends a record.
        let r = records("\"1\n2\n3\",a\rb\r\nc");
        assert_eq!(r.iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 4, 5]);
    }

    #[test]
    fn quotes_commas_crlf_bom() {
        let r = records(
            "\u{feff}address,label\r\n\"a,1\",\"say \"\"hi\"\"\"\r\n\nb,\"multi\nline\",P\n",
        );
        assert_eq!(r.len(), 3);
        assert_eq!(r[0], (1, vec!["address".to_string(), "label".to_string()]));
        assert_eq!(r[1].1, vec!["a,1", "say \"hi\""]);
        assert_eq!(r[2].0, 4);
        assert_eq!(r[2].1, vec!["b", "multi\nline", "P"]);
    }
}
