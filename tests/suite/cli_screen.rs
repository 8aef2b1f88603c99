//! `sightline screen`: an export in, every row out unchanged plus the sightline_* columns;
//! a real-shaped CSV (BOM, header, quoted fields with commas and quotes, CRLF, an empty
//! cell) round-trips byte for byte; TSV and JSON lines; --column; exit codes.
use crate::bundled_list::{GENESIS, LAZARUS, LAZARUS_NAME, SOURCE_DATE};
use crate::cli::{code, json_lines, run, temp_file, BIN};

const COLUMNS: &str = "sightline_valid,sightline_chains,sightline_sanctioned,sightline_entity,sightline_sdn_uid,sightline_programs,sightline_list_date";

fn export() -> String {
    format!(
        "\u{feff}Date,Counterparty,\"Memo, free text\",Wallet Address,Amount\r\n\
         2026-08-01,\"Acme, Inc.\",\"said \"\"hi\"\"\",{GENESIS},1.50\r\n\
         2026-08-02,Bob,\"two\r\nlines\",{LAZARUS},20\r\n\
         2026-08-03,Carol,,0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD,3\r\n\
         2026-08-04,Dave,,,4\r\n"
    )
}

#[test]
fn csv_round_trip_on_a_real_shaped_export() {
    let input = export();
    let p = temp_file("export.csv", input.as_bytes());
    let o = run(&["screen", p.to_str().unwrap()], None);
    assert_eq!(
        code(&o),
        1,
        "a hit wins: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("screening column 4 (\"Wallet Address\")"),
        "{err}"
    );
    assert!(
        err.contains("screened 4 rows: 1 sanctioned, 2 not a valid address"),
        "{err}"
    );
    // Rows as records (the memo of row 2 holds a CRLF inside quotes).
    let rows_in: Vec<&str> = split_records(&input);
    let rows_out: Vec<&str> = split_records(&out);
    assert_eq!(rows_in.len(), rows_out.len());
    // Every output row is its input row, byte for byte, then the new cells; CRLF kept.
    for (i, o) in rows_in.iter().zip(&rows_out) {
        let (i, o) = (
            i.strip_suffix("\r\n").unwrap(),
            o.strip_suffix("\r\n").unwrap(),
        );
        assert!(
            o.starts_with(&format!("{i},")),
            "{o:?} does not extend {i:?}"
        );
    }
    assert!(rows_out[0].starts_with('\u{feff}'), "the BOM stays");
    assert!(rows_out[0].ends_with(&format!(",{COLUMNS}\r\n")));
    let tail = |k: usize| &rows_out[k][rows_in[k].len() - 2..];
    assert_eq!(
        tail(1),
        format!(",true,bitcoin;bitcoin-cash;bitcoin-sv,false,,,,{SOURCE_DATE}\r\n")
    );
    assert!(
        tail(2).starts_with(&format!(",true,evm,true,{LAZARUS_NAME},")),
        "{}",
        tail(2)
    );
    assert!(tail(2).ends_with(&format!(",DPRK3,{SOURCE_DATE}\r\n")));
    // A bad EIP-55 checksum and an empty cell: not valid.
    assert_eq!(tail(3), format!(",false,,false,,,,{SOURCE_DATE}\r\n"));
    assert_eq!(tail(4), format!(",false,,false,,,,{SOURCE_DATE}\r\n"));
    // The same through stdin.
    let o2 = run(&["screen", "-"], Some(input.as_bytes()));
    assert_eq!(o2.stdout, o.stdout);
}

/// CSV records of `s` (line breaks inside quotes do not end one), each with its ending.
fn split_records(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                out.push(&s[start..=i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[test]
fn exit_codes_of_screen() {
    let clean = format!("id,address\n1,{GENESIS}\n2,{GENESIS}\n");
    let o = run(&["screen", "-"], Some(clean.as_bytes()));
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    // A garbage row among clean ones: 3.
    let bad = format!("id,address\n1,{GENESIS}\n2,hello\n");
    assert_eq!(code(&run(&["screen", "-"], Some(bad.as_bytes()))), 3);
    // A hit among garbage rows: 1.
    let hit = format!("id,address\n1,garbage\n2,{LAZARUS}\n3,0xnope\n");
    assert_eq!(code(&run(&["screen", "-"], Some(hit.as_bytes()))), 1);
    // Empty input, a header alone: no rows, 2.
    for empty in ["", "id,address\n", "\n\n"] {
        let o = run(&["screen", "-"], Some(empty.as_bytes()));
        assert_eq!(code(&o), 2, "{empty:?}");
    }
    // No column to screen, a missing file, a bad --column: 2.
    assert_eq!(code(&run(&["screen", "-"], Some(b"a,b\n1,2\n"))), 2);
    assert_eq!(code(&run(&["screen", "/nonexistent/export.csv"], None)), 2);
    let o = run(&["screen", "--column", "nope", "-"], Some(clean.as_bytes()));
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such column"));
    assert_eq!(code(&run(&["screen"], None)), 2, "FILE is required");
}

#[test]
fn tsv_semicolons_columns_and_headerless() {
    // TSV by delimiter detection; the column by name, case-insensitive.
    let tsv = format!("id\tsender\tbeneficiary\n1\t{GENESIS}\t{LAZARUS}\n");
    let o = run(&["screen", "--column", "SENDER", "-"], Some(tsv.as_bytes()));
    assert_eq!(code(&o), 0);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.starts_with("id\tsender\tbeneficiary\tsightline_valid\t"),
        "{out}"
    );
    // Auto: "beneficiary" beats "sender".
    let o = run(&["screen", "-"], Some(tsv.as_bytes()));
    assert_eq!(code(&o), 1);
    // Semicolons, by detection, and an explicit --delimiter.
    let semi = format!("n;wallet\n1;{LAZARUS}\n");
    assert_eq!(code(&run(&["screen", "-"], Some(semi.as_bytes()))), 1);
    let o = run(&["screen", "--delimiter", ";", "-"], Some(semi.as_bytes()));
    assert!(String::from_utf8_lossy(&o.stdout).contains(";sightline_valid;"));
    // No header: the first row is data (it holds an address); by index from 1.
    let bare = format!("{GENESIS},x\n{LAZARUS},y\n");
    let o = run(&["screen", "-"], Some(bare.as_bytes()));
    assert_eq!(code(&o), 1);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 2, "no header row is invented: {out}");
    let o = run(
        &["screen", "--column", "2", "--no-header", "-"],
        Some(bare.as_bytes()),
    );
    assert_eq!(code(&o), 3, "column 2 holds no address");
    // A row with fewer fields than the address column: its cell is empty, not valid.
    let short = format!("n,x,wallet\n1,2,{GENESIS}\n3\n");
    let o = run(&["screen", "-"], Some(short.as_bytes()));
    assert_eq!(code(&o), 3);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.lines()
            .nth(2)
            .unwrap_or("")
            .starts_with("3,false,,false,,,,"),
        "{out}"
    );
}

#[test]
fn json_lines_in_and_out() {
    let jsonl = format!(
        "{{\"id\": 1, \"to\": \"{GENESIS}\", \"note\": \"a, b\"}}\n\n{{\"id\":2,\"to\":\"{LAZARUS}\"}}\r\n{{}}\n"
    );
    let o = run(&["screen", "-"], Some(jsonl.as_bytes()));
    assert_eq!(code(&o), 1);
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "blank lines are not rows: {out}");
    // Each line is the input object as written, then the new fields.
    assert!(lines[0].starts_with(&format!(
        "{{\"id\": 1, \"to\": \"{GENESIS}\", \"note\": \"a, b\",\"sightline_valid\":true,"
    )));
    let v = json_lines(&o);
    assert_eq!(v[1]["id"], 2);
    assert_eq!(v[1]["sightline_sanctioned"], true);
    assert_eq!(v[1]["sightline_entity"][0], LAZARUS_NAME);
    assert_eq!(v[1]["sightline"]["input"], LAZARUS);
    assert_eq!(v[1]["sightline_list_date"], SOURCE_DATE);
    assert_eq!(v[2]["sightline_valid"], false);
    // CSV in, --json out: the row as an object of its headers.
    let csv = format!("Date,\"Recipient Address\"\n2026-08-01,{GENESIS}\n");
    let o = run(&["screen", "--json", "-"], Some(csv.as_bytes()));
    assert_eq!(code(&o), 0);
    let v = json_lines(&o);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["Recipient Address"], GENESIS);
    assert_eq!(v[0]["Date"], "2026-08-01");
    assert_eq!(v[0]["sightline_chains"][0], "bitcoin");
    // A line that is not a JSON object: reported, skipped, exit 2 (1 would win).
    let o = run(
        &["screen", "--format", "jsonl", "-"],
        Some(format!("{{\"to\":\"{GENESIS}\"}}\nnot json\n").as_bytes()),
    );
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("line 2 is not a JSON object"));
}

#[test]
fn output_file_and_a_large_export() {
    // 40 MiB of rows through a pipe, written to a file with -o.
    let mut csv = String::from("date,tx,wallet,amount\n");
    let row = format!("2026-08-01,abcdef0123456789,{GENESIS},12.5\n");
    while csv.len() < 40 << 20 {
        csv.push_str(&row);
    }
    csv.push_str(&format!("2026-08-02,ffff,{LAZARUS},1\n"));
    let rows = csv.lines().count() - 1;
    let out = std::env::temp_dir().join(format!("sightline-screen-{}.csv", std::process::id()));
    let o = run(
        &["screen", "-o", out.to_str().unwrap(), "-"],
        Some(csv.as_bytes()),
    );
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), rows + 1);
    assert!(written.lines().last().unwrap().contains(LAZARUS_NAME));
    let _ = std::fs::remove_file(out);
}

/// Repeated cells are answered from a memo of at most 16,384 cells: past that it is cleared,
/// and every row must still get its own answer (the listed address and a bad checksum are
/// repeated on both sides of the clearing).
#[test]
fn repeated_cells_keep_their_answers_past_the_memo() {
    let mut csv = String::from("n,address\n");
    let bad = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeE"; // EIP-55 case of another address
    for i in 0..40_000u64 {
        let cell = match i % 1000 {
            0 => LAZARUS.to_string(),
            1 => bad.to_string(),
            _ => format!("0x{:040x}", 0x1000 + i), // distinct, valid (lowercase)
        };
        csv.push_str(&format!("{i},{cell}\n"));
    }
    let p = temp_file("memo.csv", csv.as_bytes());
    let o = run(&["screen", p.to_str().unwrap()], None);
    assert_eq!(code(&o), 1);
    let out = String::from_utf8(o.stdout).unwrap();
    let mut rows = 0;
    for line in out.lines().skip(1) {
        let i: u64 = line.split(',').next().unwrap().parse().unwrap();
        let (valid, sanctioned) = match i % 1000 {
            0 => ("true", "true"),
            1 => ("false", "false"),
            _ => ("true", "false"),
        };
        let cols: Vec<&str> = line.split(',').collect();
        assert_eq!((cols[2], cols[4]), (valid, sanctioned), "row {i}: {line}");
        rows += 1;
    }
    assert_eq!(rows, 40_000);
}

/// A real-shaped export of about 3 MB, a dozen of `screen`'s buffers (256 KiB): a BOM, a
/// header, CRLF, quoted cells with commas, doubled quotes and line breaks (some falling
/// across buffers), blank lines, a quoted cell longer than a buffer, and numbered rows.
/// `invalid` adds rows with a bad checksum or garbage; `hit` ends it with a listed address.
fn big_export(invalid: bool, hit: bool) -> String {
    let mut s =
        String::from("\u{feff}Id,Date,Counterparty,\"Memo, free text\",Wallet Address,Amount\r\n");
    let mut n = 0u64;
    while s.len() < 3 << 20 {
        n += 1;
        let who = match n % 7 {
            0 => "\"Acme, Inc.\"".to_string(),
            1 => format!("\"said \"\"hi\"\" {n}\""),
            2 => format!("\"two\r\nlines {n}\""),
            _ => format!("Bob{n}"),
        };
        let wallet = match n % 997 {
            13 if invalid => "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD".to_string(), // bad EIP-55
            14 if invalid => "hello".to_string(),
            k if k % 2 == 0 => GENESIS.to_string(),
            _ => format!("0x{:040x}", 0x1000 + n), // distinct, valid (lowercase)
        };
        let memo = if n == 5000 {
            format!("\"{}\"", "x,\r\n".repeat(100_000))
        } else {
            String::new()
        };
        s.push_str(&format!(
            "{n},2026-08-{:02},{who},{memo},{wallet},{}.5\r\n",
            1 + n % 28,
            n % 1000
        ));
        if n % 1001 == 0 {
            s.push_str("\r\n");
        }
    }
    if hit {
        s.push_str(&format!("{},2026-08-31,Last,,{LAZARUS},1\r\n", n + 1));
    }
    s
}

/// Records (as the csv crate reads them) with their own bytes, line endings off.
fn csv_records(bytes: &[u8]) -> Vec<(Vec<u8>, Vec<Vec<u8>>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let (mut out, mut at, mut rec) = (Vec::new(), 0usize, csv::ByteRecord::new());
    while rdr.read_byte_record(&mut rec).unwrap() {
        let end = rdr.position().byte() as usize;
        let raw = &bytes[at..end];
        let start = raw
            .iter()
            .position(|b| !b"\r\n".contains(b))
            .unwrap_or(raw.len());
        let stop = raw
            .iter()
            .rposition(|b| !b"\r\n".contains(b))
            .map_or(start, |i| i + 1);
        // Fields copied (a ByteRecord's clone copies its whole buffer, grown by a long row).
        out.push((
            raw[start..stop].to_vec(),
            rec.iter().map(<[u8]>::to_vec).collect(),
        ));
        at = end;
    }
    out
}

/// Rows are checked on several workers in batches: the output is the same byte for byte on
/// one worker or three, every row is its input row then the seven cells, in input order
/// across batch boundaries, and the exit status counts every batch.
#[test]
fn the_same_output_on_one_worker_or_several_in_row_order() {
    let input = big_export(true, true);
    let p = temp_file("big-export.csv", input.as_bytes());
    let runs: Vec<_> = ["1", "2", "3"]
        .iter()
        .map(|j| run(&["screen", "-j", j, p.to_str().unwrap()], None))
        .collect();
    for o in &runs[1..] {
        assert!(
            o.stdout == runs[0].stdout,
            "the output differs between -j 1 and more"
        );
        assert_eq!(o.stderr, runs[0].stderr);
        assert_eq!(code(o), 1, "the hit of the last row wins");
    }
    let err = String::from_utf8_lossy(&runs[0].stderr);
    let rows_in = csv_records(input.as_bytes());
    let rows_out = csv_records(&runs[0].stdout);
    assert!(
        err.contains(&format!(
            "screened {} rows: 1 sanctioned, ",
            rows_in.len() - 1
        )),
        "{err}"
    );
    assert_eq!(rows_in.len(), rows_out.len());
    assert!(
        rows_out[0].0.starts_with("\u{feff}Id,".as_bytes()),
        "the BOM stays"
    );
    for (k, ((raw_in, rec_in), (raw_out, rec_out))) in rows_in.iter().zip(&rows_out).enumerate() {
        // The row's own bytes (quotes, inner CRLF), a comma, then the seven cells.
        assert!(raw_out.starts_with(raw_in), "row {k} is not its input row");
        assert_eq!(raw_out[raw_in.len()], b',', "row {k}");
        assert_eq!(rec_out.len(), rec_in.len() + 7, "row {k}");
        assert_eq!(&rec_out[..rec_in.len()], &rec_in[..], "row {k}");
        if k > 0 {
            assert_eq!(rec_in[0], *k.to_string().as_bytes(), "rows in order");
            let wallet = std::str::from_utf8(&rec_in[4]).unwrap();
            let (valid, sanctioned) = match wallet {
                LAZARUS => ("true", "true"),
                "hello" | "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD" => ("false", "false"),
                _ => ("true", "false"),
            };
            assert_eq!(&rec_out[6], valid.as_bytes(), "row {k}: {wallet}");
            assert_eq!(&rec_out[8], sanctioned.as_bytes(), "row {k}: {wallet}");
        }
    }
    assert!(
        rows_out
            .last()
            .unwrap()
            .0
            .ends_with(format!(",DPRK3,{SOURCE_DATE}").as_bytes()),
        "the last row is the hit"
    );
    assert!(runs[0].stdout.ends_with(b"\r\n"), "CRLF kept");
    // Without the hit: 3 (not valid rows), on one worker or two; without those either: 0.
    for (invalid, want) in [(true, 3), (false, 0)] {
        let p = temp_file("big-export-2.csv", big_export(invalid, false).as_bytes());
        for j in ["1", "2"] {
            let o = run(
                &["screen", "-j", j, "-o", "/dev/null", p.to_str().unwrap()],
                None,
            );
            assert_eq!(
                code(&o),
                want,
                "-j {j}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
}

/// JSON lines in batches: a line that is not an object far into the input is named by its
/// own line number (blank lines count), the key notice comes first, and the output is the
/// same on one worker or two.
#[test]
fn json_lines_across_batches() {
    let mut s = String::from("\n");
    for i in 2..=40_000u64 {
        match i {
            30_000 => s.push_str("not json\n"),
            k if k % 5000 == 0 => s.push('\n'),
            _ => s.push_str(&format!("{{\"n\":{i},\"to\":\"{GENESIS}\"}}\n")),
        }
    }
    let outs: Vec<_> = ["1", "2"]
        .iter()
        .map(|j| run(&["screen", "-j", j, "-"], Some(s.as_bytes())))
        .collect();
    assert!(outs[0].stdout == outs[1].stdout);
    assert_eq!(outs[0].stderr, outs[1].stderr);
    let err = String::from_utf8_lossy(&outs[0].stderr);
    let key = err.find("screening key \"to\"").expect("the key is said");
    let bad = err.find("line 30000 is not a JSON object").expect(&err);
    assert!(key < bad, "{err}");
    assert_eq!(code(&outs[0]), 2);
    let v = json_lines(&outs[0]);
    assert_eq!(v.len(), 40_000 - 1 - 1 - 7, "every object, in order");
    assert!(v
        .windows(2)
        .all(|w| w[0]["n"].as_u64() < w[1]["n"].as_u64()));
}

/// A row of more than 16 MiB (an unclosed quote) is a read error, after the rows before it.
#[test]
fn a_row_past_16_mib_is_a_read_error() {
    let mut s = format!("id,address\n1,{GENESIS}\n2,\"");
    s.push_str(&"a".repeat(17 << 20));
    let o = run(&["screen", "-"], Some(s.as_bytes()));
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("a row longer than 16 MiB"));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 2, "the header and row 1: {out}");
}

/// `screen FILE` with its parts (read by the workers themselves) `part` bytes long.
fn screen_in_parts(file: &std::path::Path, part: usize, j: &str) -> std::process::Output {
    std::process::Command::new(BIN)
        .env("SIGHTLINE_SCREEN_PART_BYTES", part.to_string())
        .args(["screen", "-j", j, file.to_str().unwrap()])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// A regular file's workers read their own parts of it, guessing that a part's first line
/// break is outside quotes: with cuts everywhere (parts of 1 byte up), inside quoted fields
/// (commas, doubled quotes, a CRLF, a lone CR and LF), at blank lines and in CRLFs, the
/// output, messages and exit status are those of the same bytes read from a pipe (one
/// reader, in order), on one worker or three. A BOM, a CRLF header, more than the 64 KiB
/// head. With line breaks in quoted fields (the rest of the file then read in order from
/// the first cut among them) and without (parts to the file's end, the last row without a
/// line break).
#[test]
fn parts_of_a_file_give_the_output_of_a_pipe_wherever_the_cuts_fall() {
    for broken in [true, false] {
        parts_like_a_pipe(broken);
    }
}

fn parts_like_a_pipe(quoted_line_breaks: bool) {
    let mut s = String::from("\u{feff}Id,Memo,Wallet Address,Amount\r\n");
    for n in 0..3000u64 {
        let memo = match n % 11 {
            0 => "\"Acme, Inc.\"".to_string(),
            1 => format!("\"said \"\"hi\"\" {n}\""),
            2 if quoted_line_breaks && n > 1500 => {
                format!("\"two\r\nlines\nand\rthree {n}\"")
            }
            3 => "\r\n".to_string(), // a blank line
            _ => format!("m{n}"),
        };
        let wallet = match n % 97 {
            5 => LAZARUS.to_string(),
            6 => "hello".to_string(),
            k if k % 2 == 0 => GENESIS.to_string(),
            _ => format!("0x{:040x}", 0x1000 + n),
        };
        s.push_str(&format!("{n},{memo},{wallet},{n}.5\r\n"));
    }
    s.push_str(&format!("3000,last,{GENESIS},1")); // no line break at the end
    assert!(s.len() > 128 << 10);
    let p = temp_file("parts.csv", s.as_bytes());
    let piped = run(&["screen", "-j", "2", "-"], Some(s.as_bytes()));
    assert_eq!(
        code(&piped),
        1,
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    assert!(piped.stdout.starts_with("\u{feff}Id,".as_bytes()));
    for (part, j) in [
        (1, "2"),
        (2, "3"),
        (7, "1"),
        (61, "2"),
        (100, "3"),
        (1000, "2"),
        (4096, "2"),
        (65_537, "3"),
        (1 << 20, "2"),
    ] {
        let o = screen_in_parts(&p, part, j);
        assert!(
            o.stdout == piped.stdout,
            "parts of {part} bytes, -j {j}, line breaks in quotes: {quoted_line_breaks}: the output differs"
        );
        assert_eq!(
            o.stderr, piped.stderr,
            "parts of {part} bytes, -j {j}, line breaks in quotes: {quoted_line_breaks}"
        );
        assert_eq!(
            code(&o),
            code(&piped),
            "parts of {part} bytes, -j {j}, line breaks in quotes: {quoted_line_breaks}"
        );
    }
}

/// A quoted field with a line break across a cut: the part before it ends inside quotes,
/// the rest of the file is read in order from that row, and its rows all come out once, in
/// order. Rows past 16 MiB are a read error on this path too.
#[test]
fn a_quoted_line_break_across_a_cut_and_a_long_row_in_a_file() {
    let mut s = String::from("id,address,memo\n");
    let mut n = 0u64;
    while s.len() < 200 << 10 {
        n += 1;
        s.push_str(&format!("{n},{GENESIS},plain\n"));
    }
    // Cuts of 65,536-byte parts fall near here: a long quoted memo with line breaks spans
    // several.
    s.push_str(&format!(
        "{},{LAZARUS},\"{}\"\n",
        n + 1,
        "a\nb,".repeat(60_000)
    ));
    for k in n + 2..n + 5000 {
        s.push_str(&format!("{k},{GENESIS},\"q\"\n"));
    }
    let p = temp_file("quoted-cut.csv", s.as_bytes());
    let piped = run(&["screen", "-"], Some(s.as_bytes()));
    for j in ["1", "2"] {
        let o = screen_in_parts(&p, 65_536, j);
        assert!(o.stdout == piped.stdout, "-j {j}: the output differs");
        assert_eq!(o.stderr, piped.stderr);
        assert_eq!(code(&o), 1);
    }
    let rows = csv_records(&piped.stdout);
    assert_eq!(rows.len() as u64, n + 5000);
    assert!(rows[1..]
        .iter()
        .enumerate()
        .all(|(i, (_, rec))| rec[0] == (i + 1).to_string().as_bytes()));

    let mut s = format!("id,address\n1,{GENESIS}\n");
    while s.len() < 100 << 10 {
        s.push_str(&format!("2,{GENESIS}\n"));
    }
    s.push_str("3,\"");
    s.push_str(&"a".repeat(17 << 20));
    let p = temp_file("long-row.csv", s.as_bytes());
    let piped = run(&["screen", "-"], Some(s.as_bytes()));
    let o = screen_in_parts(&p, 1 << 20, "2");
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("a row longer than 16 MiB"));
    assert!(o.stdout == piped.stdout, "the rows before it");
    let err = String::from_utf8_lossy(&o.stderr).replace(p.to_str().unwrap(), "-");
    assert_eq!(err, String::from_utf8_lossy(&piped.stderr));
}
