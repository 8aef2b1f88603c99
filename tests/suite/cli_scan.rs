//! `sightline scan` as ripgrep users expect it: only sanctioned hits by default, one line
//! each with a 1-based line and a column in characters; --all, -c, -l, -q, --no-filename,
//! --color; exit codes; inputs split across workers giving the same answer as one; a 1 GiB
//! single line in bounded memory. Also --version, list show, completions and man.
use crate::bundled_list::{GENESIS, LAZARUS, LAZARUS_NAME, SEQUENCE, SOURCE, SOURCE_DATE};
use crate::cli::{code, json_lines, run, temp_file, BIN};
use std::io::Write;
use std::process::{Command, Stdio};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}
fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn one_line_per_hit_with_line_and_character_column() {
    // Line 3, after "é, " (é is two bytes, one character) and a tab.
    let text = format!("first {GENESIS}\n\n\u{e9}, \tpay {LAZARUS} now\n");
    let p = temp_file("hit.txt", text.as_bytes());
    let path = p.to_str().unwrap();
    let o = run(&["scan", path], None);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "only the sanctioned hit by default: {out}");
    let want = format!("{path}:3:9: {LAZARUS}  evm  {LAZARUS_NAME} (SDN uid ");
    assert!(lines[0].starts_with(&want), "{}", lines[0]);
    assert!(
        lines[0].contains("; DPRK3; listed under ETH)"),
        "{}",
        lines[0]
    );
    // The summary names the list and counts right (singular). Without --all only the
    // spellings of listed addresses are validated: no count of addresses is claimed.
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "scanned 1 input, {} bytes: 1 sanctioned, 0 possible; checked against the {SOURCE} of {SOURCE_DATE} (sequence {SEQUENCE})",
            text.len()
        )),
        "{err}"
    );
    let o = run(&["scan", "--all", path], None);
    assert!(
        stderr(&o).contains(": 2 addresses, 1 sanctioned, 0 possible;"),
        "{}",
        stderr(&o)
    );
    // --all: the clean one too, in order; --no-filename drops the path.
    let o = run(&["scan", "--all", "--no-filename", path], None);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(
        lines[0],
        format!("1:7: {GENESIS}  bitcoin,bitcoin-cash,bitcoin-sv")
    );
    assert!(lines[1].starts_with(&format!("3:9: {LAZARUS}  evm  {LAZARUS_NAME}")));
    // JSON agrees: line, column in characters, byte offsets.
    let v = json_lines(&run(&["scan", "--json", "--all", path], None));
    assert_eq!(
        (v[1]["line"].as_u64(), v[1]["column"].as_u64()),
        (Some(3), Some(9))
    );
    assert_eq!(
        v[1]["start"].as_u64().unwrap() as usize,
        text.find(LAZARUS).unwrap()
    );
    assert_eq!(v[1]["path"], path);
    assert_eq!(v[0]["sanctioned"], false);
    // "1 address": the plural is right.
    let o = run(&["scan", "--all"], Some(GENESIS.as_bytes()));
    assert!(
        stderr(&o).contains(": 1 address, 0 sanctioned, 0 possible;"),
        "{}",
        stderr(&o)
    );
    assert_eq!(code(&o), 0);
    let o = run(&["scan"], Some(GENESIS.as_bytes()));
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), "", "nothing sanctioned, nothing printed");
}

/// Without --all, scan validates only tokens that spell a listed address (lookup first):
/// it must print exactly the hits that validating every address finds, for every spelling
/// of every listed address (EIP-55, lower and upper case, cashaddr with and without its
/// prefix, the other Bitcoin Cash spelling, Tron hex).
#[test]
fn lookup_first_finds_what_validating_everything_finds() {
    let set = sightline::list::LoadedSet::bundled();
    let mut text = String::new();
    for (i, e) in set.entries().enumerate() {
        let Some(c) = sightline::address::encode_key(&e.key()) else {
            continue;
        };
        let Ok(a) = sightline::address::parse(&c) else {
            continue;
        };
        let mut forms = vec![c.clone(), a.display()];
        if c == c.to_ascii_lowercase() {
            forms.push(c.to_ascii_uppercase());
        }
        if let Some(bare) = c.strip_prefix("bitcoincash:") {
            forms.push(bare.to_string());
        }
        for alt in a.alternate_keys() {
            forms.extend(sightline::address::encode_key(&alt));
        }
        if e.key().family() == Some(sightline::address::Family::Tron) {
            let hex: String = e.payload.iter().map(|b| format!("{b:02x}")).collect();
            forms.push(format!("41{hex}"));
        }
        for f in forms {
            text.push_str(&f);
            text.push_str(if i % 3 == 0 { "\n" } else { " , " });
        }
    }
    text.push_str(&format!(
        "{GENESIS} 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\n"
    ));
    let p = temp_file("every-listed.txt", text.as_bytes());
    let path = p.to_str().unwrap();
    let fast = stdout(&run(&["scan", "--no-filename", path], None));
    let every = stdout(&run(&["scan", "--all", "--no-filename", path], None));
    // A sanctioned line has a third field (the entity); a clean one has two.
    let want: Vec<&str> = every
        .lines()
        .filter(|l| l.split("  ").count() >= 3)
        .collect();
    let got: Vec<&str> = fast.lines().collect();
    assert!(got.len() > set.entries().count(), "{} hits", got.len());
    assert_eq!(got, want);
}

#[test]
fn shortened_addresses_are_possible_hits() {
    // The Lazarus ETH address as a wallet shows it, a clean shortened one, then the full
    // address: one POSSIBLE line (with the listed address to compare), one hit, in order.
    let text = format!(
        "from 0x1234...abcd\n\u{e9} to 0x098B716B...3E2f96 then 0x098B\u{2026}2f96, and {LAZARUS}\n"
    );
    let p = temp_file("short.txt", text.as_bytes());
    let path = p.to_str().unwrap();
    let o = run(&["scan", path], None);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with(&format!("{path}:2:6: 0x098B716B...3E2f96  POSSIBLE  shortened: its start and end match the listed {LAZARUS} ({LAZARUS_NAME}, SDN uid ")),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].ends_with("; check the full address"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(&format!("{path}:2:31: 0x098B\u{2026}2f96  POSSIBLE  ")),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(&format!("{LAZARUS}  evm  {LAZARUS_NAME}")),
        "{}",
        lines[2]
    );
    assert!(
        stderr(&o).contains(": 1 sanctioned, 2 possible;"),
        "{}",
        stderr(&o)
    );
    // JSON: never valid or sanctioned, "possible" with the listed candidates.
    let v = json_lines(&run(&["scan", "--json", path], None));
    assert_eq!(v.len(), 3);
    assert_eq!(v[0]["possible"], true);
    assert_eq!(v[0]["valid"], false);
    assert_eq!(v[0]["sanctioned"], false);
    assert_eq!(v[0]["input"], "0x098B716B...3E2f96");
    assert_eq!(v[0]["candidates"][0]["address"], LAZARUS);
    assert_eq!(v[0]["candidates"][0]["name"], LAZARUS_NAME);
    assert_eq!(
        (v[0]["line"].as_u64(), v[0]["column"].as_u64()),
        (Some(2), Some(6))
    );
    assert_eq!(
        v[0]["start"].as_u64().unwrap() as usize,
        text.find("0x098B716B").unwrap()
    );
    assert!(v[2].get("possible").is_none(), "{}", v[2]);
    // A possible hit alone is a hit: exit 1, counted by -c, named by -l, stops -q.
    let only = temp_file("short-only.txt", b"sent to 0x098B71...3E2f96 today\n");
    let clean = temp_file(
        "short-clean.txt",
        b"see 0x1234...abcd, v1.2...1.4, Wait... what\n",
    );
    let (s, c) = (only.to_str().unwrap(), clean.to_str().unwrap());
    assert_eq!(code(&run(&["scan", s], None)), 1);
    assert_eq!(
        stdout(&run(&["scan", "-c", s, c], None)),
        format!("{s}:1\n{c}:0\n")
    );
    assert_eq!(stdout(&run(&["scan", "-l", c, s], None)), format!("{s}\n"));
    let o = run(&["scan", "-q", s], None);
    assert_eq!((code(&o), stdout(&o).as_str()), (1, ""));
    let o = run(&["scan", "--all", c], None);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, ""));
}

#[test]
fn shortened_addresses_across_buffer_cuts() {
    // 3 MiB of prose with a shortened listed address every ~700 bytes (some at buffer
    // ends, some right before ".x", which is not one): every thread count finds each once.
    let mut text = String::new();
    let mut want = 0;
    let mut i = 0usize;
    while text.len() < 3 << 20 {
        i += 1;
        text.push_str(&"lorem ipsum dolor sit amet. ".repeat(1 + i % 40));
        if i % 5 == 0 {
            text.push_str("0x098B71...3E2f96.x ");
        } else {
            text.push_str("0x098B71...3E2f96 ");
            want += 1;
        }
    }
    let p = temp_file("short-cuts.txt", text.as_bytes());
    let path = p.to_str().unwrap();
    let one = run(&["scan", "--json", "-j", "1", path], None);
    assert_eq!(json_lines(&one).len(), want);
    for j in ["2", "3"] {
        let o = run(&["scan", "--json", "-j", j, path], None);
        assert!(o.stdout == one.stdout, "-j {j} differs from -j 1");
        let o = run(
            &["scan", "-c", "--no-filename", "-j", j],
            Some(text.as_bytes()),
        );
        assert_eq!(stdout(&o), format!("{want}\n"), "stdin, -j {j}");
    }
}

#[test]
fn count_files_with_matches_quiet_and_color() {
    let hit = temp_file(
        "a-hit.txt",
        format!("{LAZARUS} {GENESIS} {LAZARUS}\n").as_bytes(),
    );
    let clean = temp_file("b-clean.txt", format!("{GENESIS}\n").as_bytes());
    let (h, c) = (hit.to_str().unwrap(), clean.to_str().unwrap());
    let o = run(&["scan", "-c", h, c], None);
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o), format!("{h}:2\n{c}:0\n"));
    let o = run(&["scan", "--count", "--all", "--no-filename", h, c], None);
    assert_eq!(stdout(&o), "3\n1\n");
    let o = run(&["scan", "-l", h, c], None);
    assert_eq!(stdout(&o), format!("{h}\n"));
    let o = run(&["scan", "--files-with-matches", "--all", c, h], None);
    assert_eq!(stdout(&o), format!("{c}\n{h}\n"));
    for args in [vec!["scan", "-q", h, c], vec!["scan", "--quiet", c, h]] {
        let o = run(&args, None);
        assert_eq!(code(&o), 1);
        assert_eq!(stdout(&o), "");
        assert!(!stderr(&o).contains("scanned"), "{}", stderr(&o));
    }
    let o = run(&["scan", "-q", c], None);
    assert_eq!(code(&o), 0);
    // Colour: never on a pipe by default; always when asked.
    assert!(!run(&["scan", h], None).stdout.contains(&0x1b));
    let o = run(&["scan", "--color", "always", h], None);
    let out = stdout(&o);
    assert!(
        out.contains("\x1b[35m") && out.contains("\x1b[1;31m"),
        "{out:?}"
    );
    assert!(!run(&["scan", "--color", "never", h], None)
        .stdout
        .contains(&0x1b));
    // Flags that cannot go together are usage errors.
    assert_eq!(code(&run(&["scan", "-c", "-l", h], None)), 2);
    assert_eq!(code(&run(&["scan", "--color", "sometimes", h], None)), 2);
}

#[test]
fn exit_codes_empty_unreadable_and_a_hit_among_errors() {
    // Empty stdin and an empty file: no input at all.
    let o = run(&["scan"], Some(b""));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no input"), "{}", stderr(&o));
    // Text without any address was read and understood: 0.
    assert_eq!(code(&run(&["scan"], Some(b"no addresses here\n"))), 0);
    // A missing file: 2, unless a hit elsewhere (1 wins).
    let hit = temp_file("hit-among.txt", LAZARUS.as_bytes());
    assert_eq!(code(&run(&["scan", "/nonexistent/x"], None)), 2);
    let o = run(&["scan", "/nonexistent/x", hit.to_str().unwrap()], None);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("cannot read /nonexistent/x"));
    // Garbage and bad checksums around a hit: still 1 (scan never says 3: text is not a
    // list of addresses).
    let text = format!("garbage 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\n{LAZARUS}\n");
    assert_eq!(code(&run(&["scan"], Some(text.as_bytes()))), 1);
    assert_eq!(
        code(&run(
            &["scan"],
            Some(b"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
        )),
        0
    );
}

#[test]
fn workers_agree_with_one_thread_across_cuts() {
    // 6 MiB (six read buffers) of lines and long runs with addresses everywhere, some
    // straddling buffer ends, a bitcoincash: prefix and multi-byte characters: every
    // thread count gives the same lines.
    let mut text = String::new();
    let mut i = 0u64;
    while text.len() < 6 << 20 {
        i += 1;
        match i % 7 {
            0 => text.push_str(&"x".repeat(3000 + (i as usize % 500))),
            1 => text.push_str("é世界 "),
            2 => text.push_str(&format!("{GENESIS},")),
            3 => text.push_str(&format!(" {LAZARUS}\n")),
            4 => text.push_str("bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a "),
            5 => text.push_str(&"lorem ipsum ".repeat(i as usize % 300)),
            _ => text.push('\n'),
        }
    }
    let p = temp_file("cuts.txt", text.as_bytes());
    let path = p.to_str().unwrap();
    let one = run(&["scan", "--json", "--all", "-j", "1", path], None);
    assert_eq!(code(&one), 1);
    let v = json_lines(&one);
    assert!(v.len() > 1000, "{}", v.len());
    // Offsets, lines and character columns are right for every hit (counted here
    // incrementally: the hits are in input order).
    let (mut pos, mut line, mut line_start) = (0usize, 1usize, 0usize);
    for f in &v {
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], f["input"].as_str().unwrap());
        for (i, b) in text.as_bytes()[pos..s].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = pos + i + 1;
            }
        }
        pos = s;
        assert_eq!(f["line"].as_u64().unwrap() as usize, line);
        assert_eq!(
            f["column"].as_u64().unwrap() as usize,
            text[line_start..s].chars().count() + 1,
            "{f}"
        );
    }
    // A file's workers read their parts themselves (pread), a pipe is read by one reader
    // thread (short reads): the same hits either way, whatever the thread count.
    let without_path = |o: &std::process::Output| {
        let mut v = json_lines(o);
        for f in &mut v {
            f.as_object_mut().unwrap().remove("path");
        }
        v
    };
    let want = without_path(&one);
    for j in ["2", "3", "8"] {
        let o = run(&["scan", "--json", "--all", "-j", j, path], None);
        assert!(o.stdout == one.stdout, "-j {j} differs from -j 1");
        let o = run(&["scan", "--json", "--all", "-j", j], Some(text.as_bytes()));
        assert!(without_path(&o) == want, "stdin, -j {j}");
    }
}

#[test]
fn invalid_utf8_is_found_where_it_is_in_a_file_or_a_pipe() {
    // Two-byte characters across every cut, then one bad byte far in (past several parts):
    // a file read in parts by the workers and the same bytes through a pipe name the same
    // first bad byte, and the hit after it keeps its offsets.
    let mut bytes = Vec::new();
    while bytes.len() < 3 << 20 {
        bytes.extend_from_slice("é".repeat(1000).as_bytes());
        bytes.push(b' ');
    }
    let bad = bytes.len() + 3;
    bytes.extend_from_slice(b"ab \xff \xc3");
    bytes.extend_from_slice(format!(" {LAZARUS} ").as_bytes());
    bytes.extend_from_slice("é".repeat(500).as_bytes());
    let p = temp_file("bad-utf8.txt", &bytes);
    let warning = format!("invalid UTF-8 (first at byte {bad})");
    for j in ["1", "2", "3"] {
        for stdin in [false, true] {
            let o = if stdin {
                run(&["scan", "--json", "-j", j], Some(&bytes))
            } else {
                run(&["scan", "--json", "-j", j, p.to_str().unwrap()], None)
            };
            assert!(
                stderr(&o).contains(&warning),
                "-j {j}, stdin {stdin}: {}",
                stderr(&o)
            );
            let v = json_lines(&o);
            assert_eq!(v.len(), 1);
            assert_eq!(v[0]["start"].as_u64().unwrap() as usize, bad + 4);
        }
    }
    // Valid UTF-8 split by every cut: no warning.
    let fine = temp_file("fine-utf8.txt", &bytes[..bad - 3]);
    let o = run(&["scan", fine.to_str().unwrap()], None);
    assert!(!stderr(&o).contains("invalid UTF-8"), "{}", stderr(&o));
}

#[cfg(target_os = "linux")]
#[test]
fn a_one_gib_line_in_bounded_memory() {
    // "é " + 1 GiB of letters without a delimiter + " " + a listed address, streamed from
    // this process (nothing on disk). The scanner must cut inside the run, keep a few MB,
    // and still give the right line and character column.
    let mut child = Command::new(BIN)
        .args(["scan", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all("é ".as_bytes()).unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..1024 {
        stdin.write_all(&block).unwrap();
    }
    stdin.write_all(format!(" {LAZARUS}").as_bytes()).unwrap();
    stdin.flush().unwrap();
    // Peak resident memory so far (the whole line has been read by now, bar the pipe).
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let hwm_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(hwm_kb < 64 * 1024, "peak RSS {hwm_kb} kB for a 1 GiB line");
    let v = json_lines(&o);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["line"], 1);
    assert_eq!(v[0]["column"].as_u64().unwrap(), (1u64 << 30) + 4);
    assert_eq!(v[0]["start"].as_u64().unwrap(), (1u64 << 30) + 4);
    assert_eq!(v[0]["input"], LAZARUS);
}

#[test]
fn version_list_show_completions_and_man() {
    let o = run(&["--version"], None);
    assert!(stdout(&o).starts_with(&format!("sightline {}", env!("CARGO_PKG_VERSION"))));
    // list show without a bundle: the built-in list.
    let o = run(&["list", "show", "--field", "source_date"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), SOURCE_DATE);
    let o = run(&["list", "show"], None);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains(SOURCE_DATE), "{}", stdout(&o));
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = run(&["completions", shell], None);
        assert_eq!(code(&o), 0, "{shell}");
        let s = stdout(&o);
        assert!(
            s.contains("screen") && s.contains("files-with-matches"),
            "{shell}"
        );
    }
    let o = run(&["man"], None);
    assert_eq!(code(&o), 0);
    let s = stdout(&o);
    assert!(
        s.starts_with(".ie") || s.contains(".TH sightline"),
        "{}",
        &s[..200.min(s.len())]
    );
    assert!(
        s.contains("Exit status"),
        "the man page gives the exit codes"
    );
    let dir = std::env::temp_dir().join(format!("sightline-man-{}", std::process::id()));
    let o = run(&["man", "--out-dir", dir.to_str().unwrap()], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for page in [
        "sightline.1",
        "sightline-scan.1",
        "sightline-screen.1",
        "sightline-check.1",
    ] {
        assert!(dir.join(page).is_file(), "{page}");
    }
    let _ = std::fs::remove_dir_all(dir);
    // --help of every command names the exit codes.
    for cmd in ["check", "scan", "screen"] {
        let o = run(&[cmd, "--help"], None);
        assert!(
            stdout(&o)
                .contains("3 nothing sanctioned but at least one input is not a valid address"),
            "{cmd} --help"
        );
    }
}
