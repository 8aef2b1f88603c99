//! HTML for `sightline scan`: a streaming byte mask that keeps what a reader sees or
//! follows (text outside `<script>`/`<style>`/comments, and the values of the `href`,
//! `title`, `value`, `aria-label` and `data-*` attributes) and blanks everything else
//! with spaces (newlines and non-ASCII bytes stay, so lines and characters are where they
//! were). The output has exactly the input's length, so the scanner's offsets are
//! offsets into the HTML file, and blanks are delimiters, so no token is glued across a
//! tag. It is a tokenizer in the spirit of the HTML spec's (data, tag, attribute, comment
//! and raw-text states), simplified: character references are not decoded.

/// Is this input HTML? Looks at the first bytes only.
pub fn looks_like_html(head: &[u8]) -> bool {
    let head = &head[..head.len().min(4096)];
    let mut i = 0;
    if head.starts_with(b"\xef\xbb\xbf") {
        i = 3;
    }
    while i < head.len() && head[i].is_ascii_whitespace() {
        i += 1;
    }
    if head.get(i) != Some(&b'<') {
        return false;
    }
    let lower: Vec<u8> = head[i..].iter().map(u8::to_ascii_lowercase).collect();
    const MARKS: [&[u8]; 13] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<div",
        b"<p>",
        b"<a ",
        b"<span",
        b"<table",
        b"<meta",
        b"<title",
        b"<script",
        b"<!--",
    ];
    MARKS
        .iter()
        .any(|m| lower.windows(m.len()).any(|w| w == *m))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Data,
    TagOpen,
    TagName,
    EndTag,
    BeforeAttrName,
    AttrName,
    AfterAttrName,
    BeforeAttrValue,
    ValueDq,
    ValueSq,
    ValueUnq,
    MarkupDecl,
    MarkupDeclDash,
    Comment,
    Bogus,
    RawText,
}

/// The streaming mask; feed it chunks in order.
#[derive(Debug)]
pub struct HtmlMask {
    state: State,
    name: [u8; 16],
    name_len: usize,
    /// The attribute whose value is being read is one we scan.
    keep_value: bool,
    /// The tag being read opens script or style.
    raw_tag: Option<&'static [u8]>,
    /// In raw text: the end tag being looked for, and how much of it matched.
    raw_end: &'static [u8],
    raw_match: usize,
    /// In a comment: dashes seen in a row.
    dashes: usize,
}

impl Default for HtmlMask {
    fn default() -> Self {
        HtmlMask {
            state: State::Data,
            name: [0; 16],
            name_len: 0,
            keep_value: false,
            raw_tag: None,
            raw_end: b"",
            raw_match: 0,
            dashes: 0,
        }
    }
}

const BLANK: u8 = b' ';

impl HtmlMask {
    /// Writes the masked `input` to `out` (cleared first; same length as `input`).
    pub fn mask(&mut self, input: &[u8], out: &mut Vec<u8>) {
        out.clear();
        out.reserve(input.len());
        let mut i = 0;
        while i < input.len() {
            if self.state == State::Data {
                // Text up to the next tag is kept as is: copy it in one go.
                let run = input[i..]
                    .iter()
                    .position(|&b| b == b'<')
                    .unwrap_or(input.len() - i);
                out.extend_from_slice(&input[i..i + run]);
                i += run;
                if i == input.len() {
                    break;
                }
            }
            let b = input[i];
            // Newlines and non-ASCII bytes are delimiters to the scanner either way: kept,
            // they keep lines and characters where they are, so `scan` can count both on
            // the masked text.
            out.push(if self.step(b) || b == b'\n' || b >= 0x80 {
                b
            } else {
                BLANK
            });
            i += 1;
        }
    }

    fn name_clear(&mut self) {
        self.name_len = 0;
    }
    fn name_push(&mut self, b: u8) {
        if self.name_len < self.name.len() {
            self.name[self.name_len] = b.to_ascii_lowercase();
        }
        self.name_len += 1;
    }
    fn name(&self) -> &[u8] {
        &self.name[..self.name_len.min(self.name.len())]
    }
    fn attr_kept(&self) -> bool {
        if self.name_len > self.name.len() {
            // Long names: only data-* can be that long and still count.
            return self.name.starts_with(b"data-");
        }
        matches!(self.name(), b"href" | b"title" | b"value" | b"aria-label")
            || self.name().starts_with(b"data-")
    }
    fn end_of_tag(&mut self) {
        match self.raw_tag.take() {
            Some(end) => {
                self.raw_end = end;
                self.raw_match = 0;
                self.state = State::RawText;
            }
            None => self.state = State::Data,
        }
    }

    /// One byte: returns whether it is kept.
    fn step(&mut self, b: u8) -> bool {
        use State::*;
        match self.state {
            Data => {
                if b == b'<' {
                    self.state = TagOpen;
                    false
                } else {
                    true
                }
            }
            TagOpen => {
                if b.is_ascii_alphabetic() {
                    self.name_clear();
                    self.name_push(b);
                    self.state = TagName;
                    false
                } else if b == b'/' {
                    self.state = EndTag;
                    false
                } else if b == b'!' {
                    self.state = MarkupDecl;
                    false
                } else if b == b'?' {
                    self.state = Bogus;
                    false
                } else {
                    // A lone '<' is text.
                    self.state = Data;
                    self.step(b)
                }
            }
            TagName => {
                match b {
                    b'>' => {
                        self.raw_tag = raw_end_for(self.name());
                        self.end_of_tag();
                    }
                    b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {
                        self.raw_tag = raw_end_for(self.name());
                        self.state = BeforeAttrName;
                    }
                    _ => self.name_push(b),
                }
                false
            }
            EndTag | Bogus => {
                if b == b'>' {
                    self.state = Data;
                }
                false
            }
            BeforeAttrName => {
                match b {
                    b'>' => self.end_of_tag(),
                    b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {}
                    _ => {
                        self.name_clear();
                        self.name_push(b);
                        self.state = AttrName;
                    }
                }
                false
            }
            AttrName => {
                match b {
                    b'=' => {
                        self.keep_value = self.attr_kept();
                        self.state = BeforeAttrValue;
                    }
                    b'>' => self.end_of_tag(),
                    b'/' => self.state = BeforeAttrName,
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => self.state = AfterAttrName,
                    _ => self.name_push(b),
                }
                false
            }
            AfterAttrName => {
                match b {
                    b'=' => {
                        self.keep_value = self.attr_kept();
                        self.state = BeforeAttrValue;
                    }
                    b'>' => self.end_of_tag(),
                    b'/' => self.state = BeforeAttrName,
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {}
                    _ => {
                        self.name_clear();
                        self.name_push(b);
                        self.state = AttrName;
                    }
                }
                false
            }
            BeforeAttrValue => match b {
                b'"' => {
                    self.state = ValueDq;
                    false
                }
                b'\'' => {
                    self.state = ValueSq;
                    false
                }
                b'>' => {
                    self.end_of_tag();
                    false
                }
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => false,
                _ => {
                    self.state = ValueUnq;
                    self.keep_value
                }
            },
            ValueDq => {
                if b == b'"' {
                    self.state = BeforeAttrName;
                    false
                } else {
                    self.keep_value
                }
            }
            ValueSq => {
                if b == b'\'' {
                    self.state = BeforeAttrName;
                    false
                } else {
                    self.keep_value
                }
            }
            ValueUnq => match b {
                b'>' => {
                    self.end_of_tag();
                    false
                }
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {
                    self.state = BeforeAttrName;
                    false
                }
                _ => self.keep_value,
            },
            MarkupDecl => {
                if b == b'-' {
                    self.state = MarkupDeclDash;
                } else if b == b'>' {
                    self.state = Data;
                } else {
                    self.state = Bogus;
                }
                false
            }
            MarkupDeclDash => {
                if b == b'-' {
                    self.dashes = 0;
                    self.state = Comment;
                } else if b == b'>' {
                    self.state = Data;
                } else {
                    self.state = Bogus;
                }
                false
            }
            Comment => {
                if b == b'>' && self.dashes >= 2 {
                    self.state = Data;
                } else if b == b'-' {
                    self.dashes += 1;
                } else {
                    self.dashes = 0;
                }
                false
            }
            RawText => {
                let want = self.raw_end[self.raw_match];
                if b.to_ascii_lowercase() == want {
                    self.raw_match += 1;
                    if self.raw_match == self.raw_end.len() {
                        self.state = EndTag;
                    }
                } else {
                    self.raw_match = usize::from(b == b'<');
                }
                false
            }
        }
    }
}

fn raw_end_for(name: &[u8]) -> Option<&'static [u8]> {
    match name {
        b"script" => Some(b"</script"),
        b"style" => Some(b"</style"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(html: &str, chunk: usize) -> String {
        let mut m = HtmlMask::default();
        let mut all = Vec::new();
        let mut out = Vec::new();
        for c in html.as_bytes().chunks(chunk) {
            m.mask(c, &mut out);
            all.extend_from_slice(&out);
        }
        assert_eq!(all.len(), html.len());
        String::from_utf8_lossy(&all)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn keeps_text_and_chosen_attributes() {
        let html = r#"<!DOCTYPE html><html><head><title>T1</title><style>.S1{}</style>
<script>var S2 = "</scrip" + "t>";</script></head><body class="C1">
<a href="/address/H1" title='T2' onclick="J1" data-addr=D1 aria-label="A1">X1</a>
<!-- C2 -- > still comment --> X2 <input value="V1" name="N1"> a < b X3</body></html>"#;
        for chunk in [1, 2, 3, 7, 4096] {
            let m = masked(html, chunk);
            for keep in [
                "T1",
                "/address/H1",
                "T2",
                "D1",
                "A1",
                "X1",
                "X2",
                "V1",
                "X3",
            ] {
                assert!(m.contains(keep), "{keep} missing (chunk {chunk}): {m}");
            }
            for drop in [
                ".S1", "S2", "C1", "J1", "C2", "N1", "still", "DOCTYPE", "body",
            ] {
                assert!(!m.contains(drop), "{drop} kept (chunk {chunk}): {m}");
            }
        }
    }

    #[test]
    fn detects_html() {
        assert!(looks_like_html(b"\n<!doctype html><p>x"));
        assert!(looks_like_html(b"<div class=x>hi</div>"));
        assert!(!looks_like_html(
            b"send 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa <div>"
        ));
        assert!(!looks_like_html(b"<3 you"));
    }
}
