//! A small RFC 4180 CSV reader for user lists (`address,label[,program]`); compiled for wasm
//! too, because the extension's options page imports such lists.

/// Fields kept per record: a user list has 2 or 3, and the row is refused past 3 anyway.
/// Without a cap, an 8 MiB line of commas became 8 million Strings (~240 MB in the
/// extension).
pub const MAX_FIELDS: usize = 64;
/// Characters kept per field (an address is under 100, a label a line of text); the rest
/// of a longer field is dropped.
pub const MAX_FIELD_CHARS: usize = 4096;

/// Splits `text` into records of fields. Handles quoted fields (with `""` escapes and
/// embedded commas or newlines), CRLF, and a UTF-8 BOM. Returns (1-based line of the
/// record's start, fields), at most [`MAX_FIELDS`] fields of at most [`MAX_FIELD_CHARS`]
/// characters each. Blank lines are skipped.
pub fn records(text: &str) -> Vec<(u64, Vec<String>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut line: u64 = 1;
    let mut start_line: u64 = 1;
    let mut chars = text.chars().peekable();
    let mut any = false;
    let mut field_chars = 0usize;
    // Both bounded: a field stops growing, a record stops taking fields.
    let push_char = |field: &mut String, n: &mut usize, c: char| {
        if *n < MAX_FIELD_CHARS {
            field.push(c);
            *n += 1;
        }
    };
    let end_field = |fields: &mut Vec<String>, field: &mut String, n: &mut usize| {
        let f = std::mem::take(field);
        *n = 0;
        if fields.len() < MAX_FIELDS {
            fields.push(f);
        }
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    push_char(&mut field, &mut field_chars, '"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    push_char(&mut field, &mut field_chars, c);
                }
                _ => push_char(&mut field, &mut field_chars, c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                field_chars = 0;
                in_quotes = true;
                any = true;
            }
            ',' => {
                end_field(&mut fields, &mut field, &mut field_chars);
                any = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                end_field(&mut fields, &mut field, &mut field_chars);
                if any || fields.iter().any(|f| !f.trim().is_empty()) {
                    out.push((start_line, std::mem::take(&mut fields)));
                } else {
                    fields.clear();
                }
                any = false;
                line += 1;
                start_line = line;
            }
            _ => {
                push_char(&mut field, &mut field_chars, c);
                any = true;
            }
        }
    }
    end_field(&mut fields, &mut field, &mut field_chars);
    if any || fields.iter().any(|f| !f.trim().is_empty()) {
        out.push((start_line, fields));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{records, MAX_FIELDS, MAX_FIELD_CHARS};

    #[test]
    fn huge_rows_are_bounded() {
        // 8 MiB of commas, then a normal row: one capped record, the row after it intact.
        let text = format!("{}\nb,ok\n", ",".repeat(8 << 20));
        let r = records(&text);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].1.len(), MAX_FIELDS);
        assert_eq!(r[1], (2, vec!["b".to_string(), "ok".to_string()]));
        // A field of 1M characters keeps its first MAX_FIELD_CHARS; quoted ones too.
        let long = "x".repeat(1 << 20);
        let r = records(&format!("{long},\"{long}\",z"));
        assert_eq!(r[0].1[0].len(), MAX_FIELD_CHARS);
        assert_eq!(r[0].1[1].len(), MAX_FIELD_CHARS);
        assert_eq!(r[0].1[2], "z");
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
