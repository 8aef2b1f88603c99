//! `sightline list ...` end to end: keygen, build, sign, verify, show, diff, publish, and
//! their exit codes (0 ok, 1 verification failure, 2 usage or I/O).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sightline"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run sightline")
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn vectors(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/ofac")
        .join(name)
        .display()
        .to_string()
}

fn test_key(which: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/keys")
        .join(which)
        .display()
        .to_string()
}

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sightline-list-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn keygen_writes_a_pair_and_refuses_to_overwrite() {
    let d = tmpdir("keygen");
    let out = d.join("k");
    let o = run(&["list", "keygen", "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let sk = std::fs::read_to_string(out.join("publisher.key")).unwrap();
    let pk = std::fs::read_to_string(out.join("publisher.pub")).unwrap();
    let sk = sightline::list::sign::parse_key_hex(&sk).unwrap();
    assert_eq!(
        sightline::list::sign::to_hex(&sightline::list::sign::public_key(&sk)),
        pk.trim()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("publisher.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "secret key readable by others");
    }
    let o = run(&["list", "keygen", "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("refusing to overwrite"));
}

#[test]
fn build_verify_show_sign() {
    let d = tmpdir("build");
    let b = d.join("a.bundle");
    let bs = b.to_str().unwrap();
    let o = run(&[
        "list",
        "build",
        "--from",
        &vectors("sdn_advanced_fixture.xml"),
        "--from",
        &vectors("user_list.csv"),
        "--out",
        bs,
        "--sequence",
        "3",
        "--key",
        &test_key("test.key"),
        "--signed-at",
        "2026-08-21T06:00:00Z",
    ]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let report = String::from_utf8_lossy(&o.stderr);
    assert!(report.contains("REJECTED"), "{report}");
    assert!(report.contains("64 hex digits"), "{report}");
    // Deterministic: a second build (same inputs, same signing time) gives the same bytes.
    let b2 = d.join("b.bundle");
    run(&[
        "list",
        "build",
        "--from",
        &vectors("sdn_advanced_fixture.xml"),
        "--from",
        &vectors("user_list.csv"),
        "--out",
        b2.to_str().unwrap(),
        "--sequence",
        "3",
        "--key",
        &test_key("test.key"),
        "--signed-at",
        "2026-08-21T06:00:00Z",
    ]);
    assert_eq!(std::fs::read(&b).unwrap(), std::fs::read(&b2).unwrap());

    let o = run(&["list", "verify", bs, "--pubkey", &test_key("test.pub")]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("sequence 3"));
    // The pinned (real) key did not sign it.
    let o = run(&["list", "verify", bs]);
    assert_eq!(code(&o), 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad signature"));
    // Rollback floor.
    let o = run(&[
        "list",
        "verify",
        bs,
        "--pubkey",
        &test_key("test.pub"),
        "--min-sequence",
        "4",
    ]);
    assert_eq!(code(&o), 1);
    // Truncated.
    let bytes = std::fs::read(&b).unwrap();
    let t = d.join("t.bundle");
    std::fs::write(&t, &bytes[..bytes.len() - 10]).unwrap();
    let o = run(&[
        "list",
        "verify",
        t.to_str().unwrap(),
        "--pubkey",
        &test_key("test.pub"),
    ]);
    assert_eq!(code(&o), 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("truncated"));
    // Missing file: I/O error.
    assert_eq!(code(&run(&["list", "verify", "/nonexistent/x.bundle"])), 2);

    let o = run(&[
        "list",
        "show",
        bs,
        "--pubkey",
        &test_key("test.pub"),
        "--json",
    ]);
    assert_eq!(code(&o), 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["header"]["sequence"], 3);
    assert_eq!(v["header"]["source_date"], "2026-08-20");
    assert_eq!(v["header"]["entry_count"], 14);
    assert_eq!(v["header"]["entity_count"], 12);
    assert_eq!(
        v["per_program"],
        serde_json::json!({"CYBER2": 4, "DPRK3": 4, "DPRK4": 1, "ELECTION-EO13848": 1,
                           "ILLICIT-DRUGS-EO14059": 2, "INTERNAL": 1})
    );
    assert_eq!(
        v["per_chain"],
        serde_json::json!({"bitcoin": 1, "bitcoin/bitcoin-cash/bitcoin-sv": 4, "evm": 4,
                           "monero": 1, "tron": 2})
    );
    let o = run(&["list", "show", bs, "--pubkey", &test_key("test.pub")]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("LAZARUS GROUP (uid 27307)"), "{text}");

    // Unsigned build, then sign.
    let u = d.join("u.bundle");
    let o = run(&[
        "list",
        "build",
        "--from",
        &vectors("sdn_classic_fixture.xml"),
        "--out",
        u.to_str().unwrap(),
        "--sequence",
        "1",
    ]);
    assert_eq!(code(&o), 0);
    assert_eq!(
        code(&run(&[
            "list",
            "verify",
            u.to_str().unwrap(),
            "--pubkey",
            &test_key("test.pub")
        ])),
        1
    );
    assert_eq!(
        code(&run(&["list", "show", u.to_str().unwrap(), "--unverified"])),
        0
    );
    assert_eq!(
        code(&run(&[
            "list",
            "sign",
            u.to_str().unwrap(),
            "--key",
            &test_key("test.key")
        ])),
        0
    );
    assert_eq!(
        code(&run(&[
            "list",
            "verify",
            u.to_str().unwrap(),
            "--pubkey",
            &test_key("test.pub")
        ])),
        0
    );
}

#[test]
fn diff_shows_added_removed_changed() {
    let d = tmpdir("diff");
    let old = d.join("old.bundle");
    let new = d.join("new.bundle");
    let key = test_key("test.key");
    let csv_old = d.join("old.csv");
    let csv_new = d.join("new.csv");
    std::fs::write(
        &csv_old,
        "0x098B716B8Aaf21512996dC57EB0615e2383E2f96,A\n1BoatSLRHtKNngkdXEeobR76b53LETtpyT,B\n",
    )
    .unwrap();
    std::fs::write(&csv_new, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96,A,P1\nbc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq,C\n").unwrap();
    for (csv, out, seq) in [(&csv_old, &old, "1"), (&csv_new, &new, "2")] {
        let o = run(&[
            "list",
            "build",
            "--from",
            csv.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--sequence",
            seq,
            "--key",
            &key,
            "--source-date",
            "2026-08-20",
        ]);
        assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = run(&[
        "list",
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--pubkey",
        &test_key("test.pub"),
        "--json",
    ]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["added"][0]["address"],
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    );
    assert_eq!(
        v["removed"][0]["address"],
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"
    );
    assert_eq!(
        v["changed"][0]["address"],
        "0x098b716b8aaf21512996dc57eb0615e2383e2f96"
    );
    assert_eq!(v["changed"][0]["new"][0]["programs"][0], "P1");
    let o = run(&[
        "list",
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--pubkey",
        &test_key("test.pub"),
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("1 added, 1 removed (0 recorded as delisted), 1 changed"),
        "{text}"
    );
    assert!(
        text.contains("- 1BoatSLRHtKNngkdXEeobR76b53LETtpyT  B\n"),
        "{text}"
    );
    assert!(text.contains("  A  ->  A programs P1\n"), "{text}");
}

#[test]
fn publish_writes_feed_and_refuses_rollback() {
    use sha2::Digest;
    let d = tmpdir("publish");
    let feed = d.join("feed");
    let key = test_key("test.key");
    let o = run(&[
        "list",
        "publish",
        "--from",
        &vectors("sdn_classic_fixture.xml"),
        "--out",
        feed.to_str().unwrap(),
        "--sequence",
        "5",
        "--key",
        &key,
    ]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(feed.join("latest.json")).unwrap()).unwrap();
    assert_eq!(m["sequence"], 5);
    assert_eq!(m["source_date"], "2026-08-20");
    assert_eq!(m["generated_at"], "2026-08-20T00:00:00Z");
    assert_eq!(m["url"], "bundles/5.bundle");
    let bytes = std::fs::read(feed.join("bundles/5.bundle")).unwrap();
    assert_eq!(m["size"], bytes.len());
    assert_eq!(
        m["sha256"],
        sightline::list::sign::to_hex(&sha2::Sha256::digest(&bytes))
    );
    let pk = sightline::list::sign::parse_key_hex(
        &std::fs::read_to_string(test_key("test.pub")).unwrap(),
    )
    .unwrap();
    sightline::list::LoadedSet::from_bundle(&bytes, &pk).unwrap();
    for seq in ["5", "4"] {
        let o = run(&[
            "list",
            "publish",
            "--from",
            &vectors("sdn_classic_fixture.xml"),
            "--out",
            feed.to_str().unwrap(),
            "--sequence",
            seq,
            "--key",
            &key,
        ]);
        assert_eq!(code(&o), 2);
        assert!(String::from_utf8_lossy(&o.stderr).contains("roll back"));
    }
    // `list feed` checks the bundle against the manifest and prints one field or all.
    let pubkey = test_key("test.pub");
    let field = |f: &str| {
        let o = run(&[
            "list",
            "feed",
            "--feed",
            feed.to_str().unwrap(),
            "--pubkey",
            &pubkey,
            "--field",
            f,
        ]);
        assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    assert_eq!(field("sequence"), "5");
    assert_eq!(field("url"), "bundles/5.bundle");
    assert_eq!(
        field("path"),
        feed.join("bundles/5.bundle").display().to_string()
    );
    // The bundle the manifest names, tampered: refused with its reason.
    let mut bad = bytes.clone();
    bad[bytes.len() / 2] ^= 1;
    std::fs::write(feed.join("bundles/5.bundle"), &bad).unwrap();
    let o = run(&[
        "list",
        "feed",
        "--feed",
        feed.to_str().unwrap(),
        "--pubkey",
        &pubkey,
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("(checksum)"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::write(feed.join("bundles/5.bundle"), &bytes).unwrap();
    // feed-add: an older signed bundle is refused; the history lists what was published.
    // `list build` of the fixture into a bundle file, and `list feed-add` of one into the feed.
    let fixture = vectors("sdn_classic_fixture.xml");
    let build = |out: &Path, seq: &str, extra: &[&str]| {
        let mut args = vec![
            "list",
            "build",
            "--from",
            &fixture,
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(&["--sequence", seq, "--key", &key]);
        args.extend_from_slice(extra);
        let o = run(&args);
        assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    };
    let feed_add = |bundle: &Path| {
        run(&[
            "list",
            "feed-add",
            "--feed",
            feed.to_str().unwrap(),
            "--pubkey",
            &pubkey,
            bundle.to_str().unwrap(),
        ])
    };
    let older = d.join("older.bundle");
    build(&older, "3", &[]);
    let o = feed_add(&older);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("roll back"));
    // A higher sequence signed before the feed's current bundle: a rollback in disguise,
    // refused as the extension refuses it (list::feed::check_newer).
    let backdated = d.join("backdated.bundle");
    let current = sightline::list::LoadedSet::from_bundle(&bytes, &pk).unwrap();
    let before = (current.header().signed_at.unwrap() - 1).to_string();
    build(&backdated, "8", &["--signed-at", &before]);
    let o = feed_add(&backdated);
    assert_eq!(code(&o), 2, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("refusing to add it"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(field("sequence"), "5");
    let newer = d.join("newer.bundle");
    build(&newer, "9", &[]);
    let o = feed_add(&newer);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(field("sequence"), "9");
    let h =
        sightline::list::feed::History::parse(&std::fs::read(feed.join("history.json")).unwrap())
            .unwrap();
    assert_eq!(
        h.bundles.iter().map(|b| b.sequence).collect::<Vec<_>>(),
        [9, 5]
    );
    // Not signed by this key: refused before anything is written.
    let o = run(&[
        "list",
        "feed-add",
        "--feed",
        feed.to_str().unwrap(),
        older.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1);
    assert_eq!(field("sequence"), "9");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&run(&["list", "build", "--out", "x"])), 2);
    assert_eq!(code(&run(&["list", "frobnicate"])), 2);
    let o = run(&[
        "list",
        "build",
        "--from",
        "/nonexistent.xml",
        "--out",
        "/tmp/x.bundle",
        "--sequence",
        "1",
    ]);
    assert_eq!(code(&o), 2);
}

#[test]
fn endless_or_huge_files_are_refused_in_bounded_memory() {
    // /dev/zero never ends: read stops one byte past the parser's cap.
    for args in [
        &["list", "verify", "/dev/zero"][..],
        &["list", "show", "/dev/zero"][..],
    ] {
        let o = run(args);
        assert_ne!(o.status.code(), Some(0));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("larger than"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let o = run(&["check", "--list", "/dev/zero", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("larger than"));
}

#[test]
fn publish_carries_the_list_history_forward() {
    let d = tmpdir("publish-history");
    let feed = d.join("feed");
    let key = test_key("test.key");
    let publish = |from: &str, seq: &str, extra: &[&str]| {
        let mut args = vec![
            "list",
            "publish",
            "--from",
            from,
            "--out",
            feed.to_str().unwrap(),
            "--sequence",
            seq,
            "--key",
            &key,
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let o = publish(&vectors("sdn_classic_fixture.xml"), "1", &[]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    // The next list, a week later, no longer holds the Lazarus ETH address.
    let full = std::fs::read_to_string(vectors("sdn_classic_fixture.xml")).unwrap();
    let lazarus = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96";
    let start = full
        .find(lazarus)
        .and_then(|i| full[..i].rfind("<id>"))
        .unwrap();
    let end = start + full[start..].find("</id>").unwrap() + "</id>".len();
    let next = format!("{}{}", &full[..start], &full[end..]).replace("08/20/2026", "08/27/2026");
    let next_path = d.join("next.xml");
    std::fs::write(&next_path, next).unwrap();
    // One of the five addresses goes, and the input does not record it as delisted: an
    // unexplained shrink of 20%, refused with the address named; --force publishes it.
    let o = publish(next_path.to_str().unwrap(), "2", &[]);
    assert_eq!(code(&o), 3, "{}", String::from_utf8_lossy(&o.stderr));
    let why = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        why.contains("1 of its 5 addresses would be removed"),
        "{why}"
    );
    assert!(why.contains(&lazarus.to_lowercase()), "{why}");
    let o = publish(next_path.to_str().unwrap(), "2", &["--force"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let report = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        report.contains("removals: 1 of the 5 addresses of bundle 1"),
        "{report}"
    );
    let pk = sightline::list::sign::parse_key_hex(
        &std::fs::read_to_string(test_key("test.pub")).unwrap(),
    )
    .unwrap();
    let set = sightline::list::LoadedSet::from_bundle(
        &std::fs::read(feed.join("bundles/2.bundle")).unwrap(),
        &pk,
    )
    .unwrap();
    let addr = sightline::address::parse(lazarus).unwrap();
    assert!(
        set.lookup(&addr.key).is_empty(),
        "not listed in the new bundle"
    );
    let was = set.delisted_of(&addr.key);
    assert_eq!(was.len(), 1, "the removal is carried as a delisted record");
    assert_eq!(was[0].entity.name, "LAZARUS GROUP");
    assert_eq!(was[0].listed_until.as_deref(), Some("2026-08-20"));
    assert_eq!(was[0].removed.as_deref(), Some("2026-08-27"));
    let v = sightline::verdict::check(&addr, &set);
    assert!(
        !v.sanctioned,
        "a delisted address is never called sanctioned"
    );
    assert_eq!(v.delisted.len(), 1);
    // `list show` summarises the history; `list diff` says the removal is a delisting.
    let (b1, b2) = (feed.join("bundles/1.bundle"), feed.join("bundles/2.bundle"));
    let pubk = test_key("test.pub");
    let o = run(&["list", "show", b2.to_str().unwrap(), "--pubkey", &pubk]);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        out.contains("history:       1 delisted addresses of 1 entity"),
        "{out}"
    );
    assert!(
        out.contains("removed 2026-08-27") && out.contains("LAZARUS GROUP"),
        "{out}"
    );
    let o = run(&[
        "list",
        "show",
        b2.to_str().unwrap(),
        "--pubkey",
        &pubk,
        "--json",
    ]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["history"]["delisted_addresses"], 1);
    assert_eq!(j["history"]["removals"][0]["removed"], "2026-08-27");
    let o = run(&[
        "list",
        "diff",
        b1.to_str().unwrap(),
        b2.to_str().unwrap(),
        "--pubkey",
        &pubk,
    ]);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(out.contains("1 removed (1 recorded as delisted)"), "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("- "))
        .unwrap_or_default();
    assert!(
        line.contains(&lazarus.to_lowercase()) && line.ends_with("[delisted 2026-08-27]"),
        "{out}"
    );
    let o = run(&[
        "list",
        "diff",
        b1.to_str().unwrap(),
        b2.to_str().unwrap(),
        "--pubkey",
        &pubk,
        "--json",
    ]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["removed"][0]["delisted"], true);
    assert_eq!(j["removed"][0]["removed_on"], "2026-08-27");
}

/// `n` distinct lowercase EVM addresses from `from`, as a user-list CSV.
fn evm_csv(dir: &Path, name: &str, from: u64, n: u64) -> String {
    let p = dir.join(name);
    let rows: String = (from..from + n)
        .map(|i| {
            format!(
                "0x{:040x},Test Entity {},TESTPROG\n",
                0x5157_0000 + i,
                i / 4
            )
        })
        .collect();
    std::fs::write(&p, rows).unwrap();
    p.display().to_string()
}

#[test]
fn publish_refuses_bad_dates_and_unexplained_shrinks() {
    let d = tmpdir("publish-dates");
    let feed = d.join("feed");
    let key = test_key("test.key");
    let feed_s = feed.to_str().unwrap().to_string();
    let publish = |csv: &str, seq: &str, extra: &[&str]| {
        let mut args = vec![
            "list",
            "publish",
            "--from",
            csv,
            "--out",
            &feed_s,
            "--sequence",
            seq,
            "--key",
            &key,
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).to_string();
    let sequence = || {
        let m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(feed.join("latest.json")).unwrap()).unwrap();
        m["sequence"].as_u64().unwrap()
    };
    let hundred = evm_csv(&d, "a.csv", 0, 100);
    let o = publish(
        &hundred,
        "1",
        &[
            "--source-date",
            "2026-11-20",
            "--signed-at",
            "2026-11-25T06:00:00Z",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // signed_at and expires_at (30 days by default) are in the signed header.
    let show = |field: &str| {
        let o = run(&[
            "list",
            "show",
            feed.join("bundles/1.bundle").to_str().unwrap(),
            "--pubkey",
            &test_key("test.pub"),
            "--field",
            field,
        ]);
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    assert_eq!(
        show("signed_at"),
        date_secs("2026-11-25T06:00:00Z").to_string()
    );
    assert_eq!(
        show("expires_at"),
        date_secs("2026-12-25T06:00:00Z").to_string()
    );

    let more = evm_csv(&d, "b.csv", 0, 101);
    for (extra, why) in [
        // The upstream file claims a date in the future (the 9999-12-31 attack).
        (
            vec!["--source-date", "9999-12-31"],
            "the list's date 9999-12-31 is in the future",
        ),
        // A list dated before the feed's current one (its sequence is higher).
        (
            vec!["--source-date", "2026-11-01"],
            "the list's date 2026-11-01 is older than bundle 1's 2026-11-20",
        ),
        // Signed before the feed's current bundle.
        (
            vec![
                "--source-date",
                "2026-11-20",
                "--signed-at",
                "2026-11-24T00:00:00Z",
            ],
            "older than bundle 1's 2026-11-25T06:00:00Z",
        ),
        // A signing time ahead of the clock.
        (
            vec!["--source-date", "2026-11-20", "--signed-at", "2999-01-01"],
            "signed_at 2999-01-01T00:00:00Z is in the future",
        ),
    ] {
        let o = publish(&more, "2", &extra);
        assert_eq!(code(&o), 3, "{extra:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(why), "{extra:?}: {}", stderr(&o));
        assert_eq!(sequence(), 1, "{extra:?}: the feed is untouched");
    }
    // The same size, half the addresses swapped: refused with the removed ones named.
    let swapped = evm_csv(&d, "c.csv", 50, 100);
    let o = publish(&swapped, "2", &["--source-date", "2026-11-27"]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("50 of its 100 addresses would be removed"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains(&format!("0x{:040x}", 0x5157_0000)),
        "{}",
        stderr(&o)
    );
    assert_eq!(sequence(), 1);
    // $SOURCE_DATE_EPOCH sets signed_at when no --signed-at is given; --force publishes the
    // swap, and the report still names what goes.
    let o = bin()
        .args([
            "list",
            "publish",
            "--from",
            &swapped,
            "--out",
            &feed_s,
            "--sequence",
            "2",
            "--key",
            &key,
            "--source-date",
            "2026-11-27",
            "--force",
            "--valid-days",
            "7",
        ])
        .env(
            "SOURCE_DATE_EPOCH",
            date_secs("2026-11-27T08:00:00Z").to_string(),
        )
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("removals: 50 of the 100 addresses of bundle 1"),
        "{}",
        stderr(&o)
    );
    assert_eq!(sequence(), 2);
    let b2 = feed.join("bundles/2.bundle");
    let text = shown(&b2);
    assert!(
        text.contains("signed at:     2026-11-27T08:00:00Z"),
        "{text}"
    );
    assert!(
        text.contains("expires at:    2026-12-04T08:00:00Z"),
        "{text}"
    );
}

#[test]
fn build_and_sign_stamp_the_signing_time_and_show_flags_a_future_date() {
    let d = tmpdir("sign-dates");
    let csv = evm_csv(&d, "a.csv", 0, 3);
    let u = d.join("u.bundle");
    let us = u.to_str().unwrap();
    let key = test_key("test.key");
    let build = |extra: &[&str]| {
        let args = [
            "list",
            "build",
            "--from",
            &csv,
            "--out",
            us,
            "--sequence",
            "1",
        ];
        run(&[&args[..], extra].concat())
    };
    // `list build` refuses a list dated in the future too (it signs with --key).
    let o = build(&["--source-date", "9999-12-31", "--key", &key]);
    assert_eq!(code(&o), 3, "{}", String::from_utf8_lossy(&o.stderr));
    let o = build(&[
        "--source-date",
        "2026-08-20",
        "--signed-at",
        "2026-08-20T01:00:00Z",
    ]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    // `list sign` stamps the time of signing, with the validity asked for.
    let o = run(&[
        "list",
        "sign",
        us,
        "--key",
        &test_key("test.key"),
        "--signed-at",
        "2026-08-22T00:00:00Z",
        "--valid-days",
        "2",
    ]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["list", "show", us, "--pubkey", &test_key("test.pub")]);
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        text.contains("signed at:     2026-08-22T00:00:00Z"),
        "{text}"
    );
    assert!(
        text.contains("expires at:    2026-08-24T00:00:00Z"),
        "{text}"
    );
    assert!(text.contains("EXPIRED"), "{text}");
    // A bundle dated 9999-12-31 (made without the CLI's refusals) shows as suspect.
    let mut data = crate::fixture::data(1);
    data.header.source_date = "9999-12-31".into();
    let b = sightline::list::bundle::encode_signed(&data, &crate::fixture::test_keys().0).unwrap();
    let far = d.join("far.bundle");
    std::fs::write(&far, b).unwrap();
    let text = shown(&far);
    assert!(text.contains("SUSPECT: dated in the future"), "{text}");
}

/// `list show` of a bundle signed with the test key.
fn shown(bundle: &Path) -> String {
    let o = run(&[
        "list",
        "show",
        bundle.to_str().unwrap(),
        "--pubkey",
        &test_key("test.pub"),
    ]);
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn date_secs(s: &str) -> u64 {
    sightline::list::date::parse_timestamp(s).unwrap()
}
