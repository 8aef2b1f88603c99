//! The `sightline` binary end to end: `check` and `scan`, their JSON, exit codes
//! (0 clean, 1 sanctioned, 2 usage/read errors or no input, 3 invalid input) and bad input.
//! The binary checks against its built-in list: the addresses used here and the list's
//! name come from bundled_list.rs, which checks them against that list.
use crate::bundled_list::{
    ENTRIES, GENESIS, LAZARUS, LAZARUS_NAME, SEQUENCE, SOL_LISTED, SOL_OTHER, SOURCE, SOURCE_DATE,
};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_sightline");

pub(crate) fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn sightline");
    std::thread::scope(|s| {
        if let Some(input) = stdin {
            // On a thread: the binary may write more than a pipe holds before it has read
            // all of its input. It may also exit before reading (e.g. a refused list): a
            // closed pipe is fine.
            let mut pipe = child.stdin.take().unwrap();
            s.spawn(move || {
                let _ = pipe.write_all(input);
            });
        }
        child.wait_with_output().unwrap()
    })
}

pub(crate) fn code(o: &Output) -> i32 {
    o.status.code().expect("exited by signal")
}

pub(crate) fn json_lines(o: &Output) -> Vec<Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

pub(crate) fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sightline-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn check_sanctioned_evm_names_lazarus() {
    let o = run(&["check", "--json", LAZARUS], None);
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let v = &json_lines(&o)[0];
    assert_eq!(v["input"], LAZARUS);
    assert_eq!(v["valid"], true);
    assert_eq!(v["chains"], serde_json::json!(["evm"]));
    assert_eq!(v["address"], LAZARUS.to_lowercase());
    assert_eq!(v["display"], LAZARUS);
    assert_eq!(v["error"], Value::Null);
    assert_eq!(v["sanctioned"], true);
    let m = &v["matches"][0];
    assert_eq!(m["name"], LAZARUS_NAME, "{m}");
    for k in [
        "sdn_uid",
        "programs",
        "listed_under",
        "source",
        "source_date",
    ] {
        assert!(m.get(k).is_some(), "match lacks {k}: {m}");
    }
    // Human form says so too.
    let o = run(&["check", LAZARUS], None);
    assert_eq!(code(&o), 1);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("SANCTIONED") && out.contains(LAZARUS_NAME),
        "{out}"
    );
}

#[test]
fn check_clean_and_invalid() {
    let o = run(
        &[
            "check",
            "--json",
            GENESIS,
            "not-an-address",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
        ],
        None,
    );
    assert_eq!(
        code(&o),
        3,
        "invalid input among clean: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = json_lines(&o);
    assert_eq!(v.len(), 3);
    // A clean verdict names the list it rests on.
    assert_eq!(v[0]["list"]["source"], SOURCE);
    assert_eq!(v[0]["list"]["date"], SOURCE_DATE);
    assert_eq!(v[0]["list"]["sequence"], SEQUENCE);
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[0]["sanctioned"], false);
    assert_eq!(v[0]["matches"], serde_json::json!([]));
    let chains: Vec<&str> = v[0]["chains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        chains.contains(&"bitcoin") && chains.contains(&"bitcoin-cash"),
        "{chains:?}"
    );
    assert_eq!(v[1]["valid"], false);
    assert_eq!(v[1]["chains"], serde_json::json!([]));
    assert!(v[1]["error"].as_str().unwrap().len() > 3);
    // One flipped case letter: EIP-55 must fail.
    assert_eq!(v[2]["valid"], false);
    assert!(
        v[2]["error"].as_str().unwrap().contains("EIP-55"),
        "{}",
        v[2]
    );
}

#[test]
fn check_reads_stdin_lines() {
    let input = format!("{GENESIS}\n\n  {LAZARUS}  \r\nxyz\n");
    let o = run(&["check", "--json", "-"], Some(input.as_bytes()));
    assert_eq!(code(&o), 1);
    let v = json_lines(&o);
    assert_eq!(v.len(), 3, "blank lines are skipped");
    assert_eq!(v[1]["input"], LAZARUS, "lines are trimmed");
    assert_eq!(v[1]["sanctioned"], true);
    assert_eq!(v[2]["valid"], false);
}

#[test]
fn exit_codes_garbage_bad_checksum_empty_input_and_long_lines() {
    // Garbage and a bad checksum are not "clean".
    assert_eq!(code(&run(&["check", "hello"], None)), 3);
    assert_eq!(
        code(&run(
            &["check", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"],
            None
        )),
        3
    );
    // A sanctioned hit among invalid lines wins.
    let o = run(
        &["check", "-"],
        Some(format!("garbage\n{LAZARUS}\n0xnope\n").as_bytes()),
    );
    assert_eq!(code(&o), 1);
    // An empty (or blank) export does not pass.
    for empty in [&b""[..], b"\n\n  \n"] {
        let o = run(&["check", "-"], Some(empty));
        assert_eq!(code(&o), 2);
        assert!(String::from_utf8_lossy(&o.stderr).contains("no input"));
    }
    // A clean address: the human line names the list; exit 0.
    let o = run(&["check", GENESIS], None);
    assert_eq!(code(&o), 0);
    let list = format!("not on the {SOURCE} of {SOURCE_DATE} (sequence {SEQUENCE})\n");
    assert!(
        String::from_utf8_lossy(&o.stdout).ends_with(&list),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // A 16 MB line without a newline, then an address: bounded memory, the line is reported
    // and skipped, the address still checked.
    let mut big = vec![b'a'; 16 << 20];
    big.extend_from_slice(format!("\n{LAZARUS}\n").as_bytes());
    let o = run(&["check", "--json", "-"], Some(&big));
    assert_eq!(code(&o), 1);
    let v = json_lines(&o);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["valid"], false);
    assert!(v[0]["error"].as_str().unwrap().contains("longer than"));
    assert_eq!(v[1]["sanctioned"], true);
}

#[test]
fn version_names_the_built_in_list() {
    let o = run(&["--version"], None);
    assert_eq!(code(&o), 0);
    let s = String::from_utf8_lossy(&o.stdout);
    let list = format!(
        "(built-in list: {SOURCE} of {SOURCE_DATE}, sequence {SEQUENCE}, {ENTRIES} entries)"
    );
    assert!(s.contains(&list), "{s}");
    let h = run(&["--help"], None);
    assert!(String::from_utf8_lossy(&h.stdout)
        .contains("3 nothing sanctioned but at least one input is not a valid address"));
}

#[test]
fn usage_and_list_errors_exit_2() {
    assert_eq!(code(&run(&["check"], None)), 2);
    assert_eq!(code(&run(&["frobnicate"], None)), 2);
    let o = run(
        &["check", "--list", "/nonexistent/list.bundle", GENESIS],
        None,
    );
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read list"));
    let junk = temp_file("junk.bundle", b"this is not a bundle");
    let o = run(&["scan", "--list", junk.to_str().unwrap()], Some(b"x"));
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("refused"));
}

#[test]
fn scan_text_offsets_and_exit_codes() {
    let text = format!("pay to {GENESIS}, or https://etherscan.io/address/{LAZARUS}?x=1\n");
    let p = temp_file("plain.txt", text.as_bytes());
    let o = run(&["scan", "--json", "--all", p.to_str().unwrap()], None);
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let v = json_lines(&o);
    assert_eq!(v.len(), 2);
    for f in &v {
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], f["input"].as_str().unwrap());
        for k in ["chains", "sanctioned", "matches"] {
            assert!(f.get(k).is_some(), "{k} missing: {f}");
        }
    }
    assert_eq!(v[0]["sanctioned"], false);
    assert_eq!(v[1]["sanctioned"], true);
    // By default only the sanctioned hit is printed.
    assert_eq!(
        json_lines(&run(&["scan", "--json", p.to_str().unwrap()], None)).len(),
        1
    );
    // Nothing sanctioned: exit 0; with --all, one line per address.
    let o = run(
        &["scan", "--all"],
        Some(format!("{GENESIS}\n{GENESIS}").as_bytes()),
    );
    assert_eq!(code(&o), 0);
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 2);
}

#[test]
fn scan_html_attributes_not_scripts() {
    let html = format!(
        "<!doctype html><html><head><style>/* {GENESIS} */</style></head><body>\
         <a href=\"https://etherscan.io/address/{LAZARUS}\" onclick=\"x('{GENESIS}')\">link</a>\
         <script>const a = \"{GENESIS}\";</script><!-- {GENESIS} -->\
         <p data-addr=\"{GENESIS}\">text</p></body></html>"
    );
    let p = temp_file("page.html", html.as_bytes());
    let o = run(&["scan", "--json", "--all", p.to_str().unwrap()], None);
    let v = json_lines(&o);
    let got: Vec<(&str, usize)> = v
        .iter()
        .map(|f| {
            (
                f["input"].as_str().unwrap(),
                f["start"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0], (LAZARUS, html.find(LAZARUS).unwrap()));
    assert_eq!(got[1], (GENESIS, html.rfind(GENESIS).unwrap()));
    // --format text sees everything.
    let o = run(
        &[
            "scan",
            "--json",
            "--all",
            "--format",
            "text",
            p.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(json_lines(&o).len(), 6);
}

#[test]
fn scan_bad_inputs() {
    let o = run(&["scan", "/nonexistent/file.txt"], None);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read /nonexistent/file.txt"));
    // A directory is unreadable as a file too.
    let o = run(&["scan", std::env::temp_dir().to_str().unwrap()], None);
    assert_eq!(code(&o), 2);

    // An empty input is no input at all (an empty export must not pass).
    let empty = temp_file("empty.txt", b"");
    let o = run(&["scan", empty.to_str().unwrap()], None);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("empty input"));

    let mut bytes = b"\xff\xfe bad \xc3(".to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(LAZARUS.as_bytes());
    bytes.extend_from_slice(b" \x80\n");
    let p = temp_file("latin.txt", &bytes);
    let o = run(&["scan", "--json", p.to_str().unwrap()], None);
    assert_eq!(code(&o), 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid UTF-8"));
    let v = json_lines(&o);
    assert_eq!(
        v[0]["start"].as_u64().unwrap() as usize,
        at,
        "byte offsets in the file"
    );
}

#[test]
fn scan_streams_across_chunks() {
    // Addresses straddling read boundaries (4 MiB chunks), in a 17 MiB input read from a
    // file and from stdin (a pipe hands over smaller pieces; read_full refills).
    let mut text = String::new();
    let mut want = Vec::new();
    for boundary in [4usize << 20, 8 << 20, 16 << 20] {
        while text.len() < boundary - 20 {
            text.push_str("lorem ipsum dolor ");
        }
        text.push(' ');
        want.push(text.len());
        text.push_str(GENESIS);
        text.push(' ');
    }
    while text.len() < 17 << 20 {
        text.push_str("sit amet ");
    }
    let p = temp_file("big.txt", text.as_bytes());
    let starts = |o: &Output| -> Vec<usize> {
        json_lines(o)
            .iter()
            .map(|f| f["start"].as_u64().unwrap() as usize)
            .collect()
    };
    assert_eq!(
        starts(&run(
            &["scan", "--json", "--all", p.to_str().unwrap()],
            None
        )),
        want
    );
    assert_eq!(
        starts(&run(&["scan", "--json", "--all"], Some(text.as_bytes()))),
        want
    );
}

#[test]
fn solana_only_when_listed() {
    let text = format!("{SOL_OTHER} and {SOL_LISTED}");
    let o = run(&["scan", "--json"], Some(text.as_bytes()));
    let v = json_lines(&o);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0]["input"], SOL_LISTED);
    assert_eq!(v[0]["sanctioned"], true);
    assert_eq!(v[0]["candidate"], true);
    assert_eq!(code(&o), 1);
    let o = run(&["scan", "--json", "--candidates"], Some(text.as_bytes()));
    assert_eq!(json_lines(&o).len(), 2);
}

#[test]
fn check_a_shortened_address_is_a_possible_hit() {
    // The Lazarus ETH address as wallets shorten it: a possible hit, exit 1, naming it.
    let lazarus = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96";
    for short in ["0x098B716B...3E2f96", "0x098B…2f96"] {
        let o = run(&["check", short], None);
        assert_eq!(code(&o), 1, "{short}");
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.starts_with("POSSIBLE"), "{text}");
        assert!(
            text.contains(lazarus) && text.contains("LAZARUS GROUP"),
            "{text}"
        );
        let j = &json_lines(&run(&["check", "--json", short], None))[0];
        assert_eq!(j["possible"], true);
        assert_eq!(j["sanctioned"], false, "never called sanctioned");
        assert_eq!(j["candidates"][0]["address"], lazarus);
    }
    // Ends that match no listed address: just not an address (exit 3).
    let o = run(&["check", "0x1234...abcd"], None);
    assert_eq!(code(&o), 3);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("invalid"));
}
