//! The publishing path of `.github/workflows/publish-list.yml`, run locally with test keys:
//! every step is `scripts/publish-list.sh <step>`, so this drives the script itself.
//!
//! - `fetch` against a local HTTP server: HTTP 202 (OFAC's WAF challenge), an empty body,
//!   a truncated file, an HTML page and a 500 are refused and leave no file; a whole file
//!   is kept; every request carries a browser-like User-Agent.
//! - `build`: first publication, unchanged input (nothing published), an added address
//!   (next sequence, `list diff` in the commit message), a collapse (refused), the same with
//!   `--force` (a delisting), a key that does not match the pinned public key (refused), an
//!   input the importer cannot read (refused); `latest.json` and `history.json` follow; an
//!   unchanged list whose bundle was signed more than 7 days ago is signed again.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const BIN: &str = env!("CARGO_BIN_EXE_sightline");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "sightline-publish-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn script(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut c = Command::new("bash");
    c.arg(root().join("scripts/publish-list.sh"))
        .args(args)
        .env("SIGHTLINE_BIN", BIN)
        .env_remove("GITHUB_OUTPUT")
        .env_remove("SIGHTLINE_SIGNING_KEY");
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().expect("run scripts/publish-list.sh")
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

// ------------------------------------------------------------------------------- fetch

/// A one-thread HTTP/1.0 server answering each path with a canned (status, body), and
/// recording the User-Agent of every request.
fn canned_server(routes: Vec<(&'static str, u16, Vec<u8>)>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let agents = Arc::new(Mutex::new(Vec::new()));
    let seen = agents.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
                if let Some(v) = h.to_ascii_lowercase().strip_prefix("user-agent:") {
                    seen.lock().unwrap().push(v.trim().to_string());
                }
            }
            let (status, body) = routes
                .iter()
                .find(|(p, _, _)| *p == path)
                .map(|(_, s, b)| (*s, b.clone()))
                .unwrap_or((404, b"not found".to_vec()));
            let _ = write!(
                stream,
                "HTTP/1.0 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
            let _ = stream.flush();
            let mut sink = [0u8; 1];
            let _ = stream.read(&mut sink);
        }
    });
    (base, agents)
}

const WHOLE: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Sanctions xmlns=\"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML\">\n  <DateOfIssue><Year>2026</Year></DateOfIssue>\n</Sanctions>\n";

#[test]
fn fetch_refuses_challenges_empty_and_truncated_files() {
    let truncated = WHOLE.as_bytes()[..WHOLE.len() - 14].to_vec();
    let (base, agents) = canned_server(vec![
        ("/challenge", 202, Vec::new()),
        ("/empty", 200, Vec::new()),
        ("/truncated", 200, truncated),
        (
            "/html",
            200,
            b"<!doctype html><html><body>Please wait</body></html>".to_vec(),
        ),
        ("/error", 500, b"oops".to_vec()),
        ("/whole", 200, WHOLE.as_bytes().to_vec()),
    ]);
    let dir = temp_dir("fetch");
    let env = [
        ("SIGHTLINE_FETCH_TRIES", "2"),
        ("SIGHTLINE_FETCH_BACKOFF", "0"),
        ("SIGHTLINE_MIN_XML_BYTES", "10"),
    ];
    for (path, why) in [
        ("/challenge", "HTTP 202"),
        ("/empty", "empty body"),
        ("/truncated", "truncated"),
        ("/html", "is not OFAC's"),
        ("/error", "HTTP 500"),
    ] {
        let out = dir.join(format!("{}.xml", &path[1..]));
        let url = format!("{base}{path}");
        let o = script(
            &["fetch", "--url", &url, "--out", out.to_str().unwrap()],
            &env,
        );
        assert_eq!(o.status.code(), Some(3), "{path}: {}", text(&o));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(why),
            "{path}: {}",
            text(&o)
        );
        assert!(
            !out.exists(),
            "{path}: a refused download must leave no file"
        );
        assert!(!dir.join(format!("{}.xml.part", &path[1..])).exists());
    }
    let out = dir.join("SDN_ADVANCED.XML");
    let url = format!("{base}/whole");
    let o = script(
        &["fetch", "--url", &url, "--out", out.to_str().unwrap()],
        &env,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), WHOLE);
    // A too-small "whole" file is refused with the default minimum size.
    let o = script(
        &[
            "fetch",
            "--url",
            &url,
            "--out",
            dir.join("small.xml").to_str().unwrap(),
        ],
        &[("SIGHTLINE_FETCH_TRIES", "1")],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let agents = agents.lock().unwrap();
    // Five refused URLs, each tried twice; the whole file; the small one, tried once.
    assert_eq!(agents.len(), 12, "every attempt is a request: {agents:?}");
    assert!(
        agents.iter().all(|a| a.starts_with("mozilla/5.0")),
        "{agents:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// ------------------------------------------------------------------------------- build

fn keygen(dir: &Path) -> (PathBuf, PathBuf) {
    let o = Command::new(BIN)
        .args(["list", "keygen", "--out"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    (dir.join("publisher.key"), dir.join("publisher.pub"))
}

/// `n` distinct lowercase EVM addresses (valid: lowercase hex has no checksum to fail),
/// as a user-list CSV, each labelled with its own entity and a program.
fn csv(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "0x{:040x},Test Entity {},TESTPROG\n",
            0x5157_0000_u64 + i as u64 * 7919,
            i / 4
        ));
    }
    s
}

fn manifest(feed: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(feed.join("latest.json")).unwrap()).unwrap()
}

fn verify(bundle: &Path, pubkey: &Path) -> bool {
    Command::new(BIN)
        .args(["list", "verify"])
        .arg(bundle)
        .arg("--pubkey")
        .arg(pubkey)
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn build_publishes_checks_and_refuses() {
    let dir = temp_dir("build");
    let (key, pubkey) = keygen(&dir.join("keys"));
    let (wrong_key, _) = keygen(&dir.join("wrong"));
    let feed = dir.join("feed");
    let input = dir.join("list.csv");
    let msg = dir.join("message.txt");
    let build = |extra: &[&str]| {
        let mut args = vec![
            "build",
            "--from",
            input.to_str().unwrap(),
            "--feed",
            feed.to_str().unwrap(),
            "--pubkey",
            pubkey.to_str().unwrap(),
            "--message",
            msg.to_str().unwrap(),
            "--source-date",
            "2026-08-20",
        ];
        args.extend_from_slice(extra);
        script(&args, &[])
    };
    let key_arg = key.to_str().unwrap();
    // `build` without --message, with a list date, extra arguments and environment.
    let build_env = |date: &str, extra: &[&str], envs: &[(&str, &str)]| {
        let mut args = vec![
            "build",
            "--from",
            input.to_str().unwrap(),
            "--feed",
            feed.to_str().unwrap(),
            "--pubkey",
            pubkey.to_str().unwrap(),
            "--source-date",
            date,
        ];
        args.extend_from_slice(extra);
        script(&args, envs)
    };

    // First publication.
    std::fs::write(&input, csv(100)).unwrap();
    let o = build(&["--key", key_arg]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("changed=true"));
    let m = manifest(&feed);
    assert_eq!(m["sequence"], 1);
    let b1 = feed.join(m["url"].as_str().unwrap());
    assert!(verify(&b1, &pubkey));
    assert_eq!(
        m["size"].as_u64().unwrap(),
        std::fs::metadata(&b1).unwrap().len()
    );
    assert!(std::fs::read_to_string(&msg)
        .unwrap()
        .contains("First bundle"));

    // Same input again: nothing to publish.
    std::fs::remove_file(&msg).unwrap();
    let o = build(&["--key", key_arg]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("changed=false"),
        "{}",
        text(&o)
    );
    assert_eq!(manifest(&feed)["sequence"], 1);
    assert!(!msg.exists());

    // One more address: sequence 2, the diff names it in the commit message.
    std::fs::write(&input, csv(101)).unwrap();
    let o = build(&["--key", key_arg]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(manifest(&feed)["sequence"], 2);
    let message = std::fs::read_to_string(&msg).unwrap();
    let added = format!("0x{:040x}", 0x5157_0000_u64 + 100 * 7919);
    assert!(message.contains("bundle 2"), "{message}");
    assert!(
        message.contains(&added),
        "the diff names the added address: {message}"
    );

    // The secret key of the CI secret, from the environment: same result as --key.
    // (Sequence 3 would need a change; an unchanged run proves the key was accepted.)
    let secret = std::fs::read_to_string(&key).unwrap();
    let o = build_env(
        "2026-08-20",
        &[],
        &[("SIGHTLINE_SIGNING_KEY", secret.trim())],
    );
    assert!(o.status.success(), "{}", text(&o));

    // A collapse (half the addresses): refused, the feed is untouched.
    std::fs::write(&input, csv(50)).unwrap();
    let o = build(&["--key", key_arg]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("far fewer"),
        "{}",
        text(&o)
    );
    assert_eq!(manifest(&feed)["sequence"], 2);
    // The same refusal with the secret from the environment: the script's temporary copy
    // of the key is removed on exit 3 too (the trap is on EXIT, not RETURN).
    let tmp = temp_dir("tmpdir");
    let o = build_env(
        "2026-08-20",
        &[],
        &[
            ("SIGHTLINE_SIGNING_KEY", secret.trim()),
            ("TMPDIR", tmp.to_str().unwrap()),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");

    // The same size but most addresses swapped for others: refused too (sets are compared).
    let swapped: String = csv(101)
        .lines()
        .map(|l| l.replacen("0x", "0xff", 1).replacen("ff00", "ff", 1))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(&input, &swapped).unwrap();
    let o = build(&["--key", key_arg]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("would be removed"),
        "{}",
        text(&o)
    );
    assert_eq!(manifest(&feed)["sequence"], 2);
    // A date in the future, or before the feed's current bundle: refused.
    std::fs::write(&input, csv(102)).unwrap();
    for (date, why) in [
        ("2999-01-01", "in the future"),
        ("2026-01-01", "older than bundle 2"),
    ] {
        let o = build_env(date, &["--key", key_arg], &[]);
        assert_eq!(o.status.code(), Some(3), "{date}: {}", text(&o));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(why),
            "{date}: {}",
            text(&o)
        );
        assert_eq!(manifest(&feed)["sequence"], 2);
    }
    std::fs::write(&input, csv(50)).unwrap();

    // The same with --force: published, and the diff shows the delistings.
    let o = build(&["--key", key_arg, "--force"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(manifest(&feed)["sequence"], 3);
    let message = std::fs::read_to_string(&msg).unwrap();
    let removed = format!("0x{:040x}", 0x5157_0000_u64 + 60 * 7919);
    assert!(
        message.contains(&removed),
        "the diff names a delisted address: {message}"
    );

    // A key that does not sign for the pinned public key: refused before publishing.
    std::fs::write(&input, csv(60)).unwrap();
    let o = build(&["--key", wrong_key.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not match the pinned public key"));
    assert_eq!(manifest(&feed)["sequence"], 3);

    // An input the importer cannot read: refused.
    let junk = dir.join("junk.xml");
    std::fs::write(&junk, "<Sanctions><DistinctParties><Distinct").unwrap();
    let o = script(
        &[
            "build",
            "--from",
            junk.to_str().unwrap(),
            "--feed",
            feed.to_str().unwrap(),
            "--pubkey",
            pubkey.to_str().unwrap(),
            "--key",
            key_arg,
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert_eq!(manifest(&feed)["sequence"], 3);

    // history.json lists every published bundle, newest first, with its hash.
    let h: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(feed.join("history.json")).unwrap()).unwrap();
    let seqs: Vec<u64> = h["bundles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["sequence"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, vec![3, 2, 1]);
    for b in h["bundles"].as_array().unwrap() {
        let p = feed.join(b["url"].as_str().unwrap());
        assert!(verify(&p, &pubkey), "{}", p.display());
        assert_eq!(
            b["size"].as_u64().unwrap(),
            std::fs::metadata(&p).unwrap().len()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn adopt_bootstraps_a_feed_from_a_signed_bundle() {
    let dir = temp_dir("adopt");
    let (key, pubkey) = keygen(&dir.join("keys"));
    let input = dir.join("list.csv");
    std::fs::write(&input, csv(10)).unwrap();
    let bundle = dir.join("signed.bundle");
    let o = Command::new(BIN)
        .args(["list", "build", "--from"])
        .arg(&input)
        .args(["--sequence", "5", "--source-date", "2026-08-20", "--out"])
        .arg(&bundle)
        .arg("--key")
        .arg(&key)
        // Signed ten days ago: the next build of the same list signs it again.
        .env("SOURCE_DATE_EPOCH", (now_secs() - 10 * 86_400).to_string())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let feed = dir.join("feed");
    let feed_s = feed.to_str().unwrap().to_string();
    // A step of the script on this feed, checked against `pk`.
    let on_feed = |args: &[&str], pk: &Path| {
        let mut all = args.to_vec();
        all.extend(["--feed", &feed_s, "--pubkey", pk.to_str().unwrap()]);
        script(&all, &[])
    };
    let adopt = |pk: &Path| on_feed(&["adopt", "--bundle", bundle.to_str().unwrap()], pk);
    // A bundle that does not verify against the given key is refused.
    let (_, other_pub) = keygen(&dir.join("other"));
    assert_eq!(adopt(&other_pub).status.code(), Some(3));
    assert!(!feed.join("latest.json").exists());
    let o = adopt(&pubkey);
    assert!(o.status.success(), "{}", text(&o));
    let m = manifest(&feed);
    assert_eq!(m["sequence"], 5);
    assert_eq!(m["source_date"], "2026-08-20");
    let copied = std::fs::read(feed.join(m["url"].as_str().unwrap())).unwrap();
    assert_eq!(copied, std::fs::read(&bundle).unwrap());
    assert_eq!(m["size"].as_u64().unwrap(), copied.len() as u64);
    // Not twice (no rollback or replay).
    assert_eq!(adopt(&pubkey).status.code(), Some(3));
    let (input_s, key_s) = (input.to_str().unwrap(), key.to_str().unwrap());
    let build = || {
        let args = [
            "build",
            "--from",
            input_s,
            "--key",
            key_s,
            "--source-date",
            "2026-08-20",
        ];
        on_feed(&args, &pubkey)
    };
    // The same list, but bundle 5 was signed more than 7 days ago: signed again as bundle
    // 6, so installed extensions never see the feed's bundle expire; then unchanged.
    let o = build();
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("changed=true"),
        "{}",
        text(&o)
    );
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("signing it again"),
        "{}",
        text(&o)
    );
    assert_eq!(manifest(&feed)["sequence"], 6);
    let o = build();
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("changed=false"),
        "{}",
        text(&o)
    );
    // A changed list publishes sequence 7.
    std::fs::write(&input, csv(11)).unwrap();
    let o = build();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(manifest(&feed)["sequence"], 7);
    let _ = std::fs::remove_dir_all(&dir);
}

fn now_secs() -> u64 {
    sightline::list::date::now_seconds()
}
