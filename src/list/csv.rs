//! A small RFC 4180 CSV reader for user lists (`address,label[,program]`); compiled for wasm
//! too, because the extension's options page imports such lists.

/// Splits `text` into records of fields. Handles quoted fields (with `""` escapes and
/// embedded commas or newlines), CRLF, and a UTF-8 BOM. Returns (1-based line of the
/// record's start, fields). Blank lines are skipped.
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
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                in_quotes = true;
                any = true;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                any = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
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
                field.push(c);
                any = true;
            }
        }
    }
    fields.push(field);
    if any || fields.iter().any(|f| !f.trim().is_empty()) {
        out.push((start_line, fields));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::records;

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
