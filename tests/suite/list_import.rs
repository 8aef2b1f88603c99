//! Importers on real and fixture data: every usable address kept, every unusable one
//! reported with its reason (tests/vectors/ofac/, ../shared/data/ofac/).

use crate::{fixture, vectors};
use sightline::address;
use sightline::list::import::{import_path, import_text};
use sightline::list::{build_set, BuildParams, Import, LoadedSet};

/// A file of tests/vectors/ofac/, imported as `import_path` would (by its name).
fn import(name: &str) -> Import {
    import_text(name, vectors::ofac(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn set_of(imports: &[Import]) -> (LoadedSet, sightline::list::BuildReport) {
    let (data, report) = build_set(
        imports,
        &BuildParams {
            sequence: 1,
            ..Default::default()
        },
    );
    (LoadedSet::from_data(data).unwrap(), report)
}

/// (name, sdn uid, programs, listed under) of every hit.
type HitRow = (String, Option<u32>, Vec<String>, Vec<String>);

fn names_of(set: &LoadedSet, addr: &str) -> Vec<HitRow> {
    let a = address::parse(addr).unwrap_or_else(|e| panic!("{addr}: {e}"));
    let mut v: Vec<_> = set
        .lookup(&a.key)
        .into_iter()
        .map(|h| {
            (
                h.entity.name.clone(),
                h.entity.sdn_uid,
                h.entity.programs.clone(),
                h.listed_under.to_vec(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn real_excerpt_resolves_feature_type_by_text() {
    // The only certainly-real SDN_ADVANCED excerpt: a FeatureType and a Feature, outside
    // any DistinctParty. The address is found via the FeatureType TEXT and reported as
    // unusable because its owner cannot be known from a fragment.
    let imp = import("sdn_advanced_excerpt_real.xml");
    assert!(imp.listings.is_empty());
    assert_eq!(imp.rejected.len(), 1);
    let r = &imp.rejected[0];
    assert_eq!(r.value, "0x901bb9583b24d97e995513c6778dc6888ab6870e");
    assert_eq!(r.listed_under, "ETH");
    assert_eq!(r.entity.as_deref(), Some("IdentityID 21386"));
    assert!(r.reason.contains("owner unknown"), "{}", r.reason);
}

#[test]
fn advanced_fixture() {
    let imp = import("sdn_advanced_fixture.xml");
    assert_eq!(imp.source, "OFAC SDN list");
    assert_eq!(imp.source_date.as_deref(), Some("2026-08-20"));
    // The vessel (no digital-currency feature; its look-alike feature type is not one) is absent.
    assert!(imp.entities.iter().all(|e| e.sdn_uid != Some(9647)));
    let (set, report) = set_of(&[imp]);

    let laz = names_of(&set, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96");
    assert_eq!(
        laz,
        vec![(
            "LAZARUS GROUP".into(),
            Some(27307),
            vec!["DPRK3".into()],
            vec!["ETH".into()]
        )]
    );
    let e = set
        .entities()
        .iter()
        .find(|e| e.sdn_uid == Some(27307))
        .unwrap();
    assert_eq!(e.kind, "entity");
    assert_eq!(e.akas, vec!["HIDDEN COBRA", "OFFICE 91"]);
    assert_eq!(e.designated.as_deref(), Some("2019-09-13"));

    // Individual: name parts ordered first, last; Han-script name kept as an a.k.a.
    let tian = names_of(&set, "14kqryJUxM3a7aEi117KX9hoLUw592WsMR");
    assert_eq!(tian[0].0, "Yinyin TIAN");
    assert_eq!(tian[0].2, vec!["CYBER2", "DPRK3"]);
    let t = set
        .entities()
        .iter()
        .find(|e| e.sdn_uid == Some(28263))
        .unwrap();
    assert_eq!(t.kind, "individual");
    assert_eq!(t.akas, vec!["寅寅 田"]);
    assert_eq!(t.designated.as_deref(), Some("2020-03-02"));
    assert_eq!(
        names_of(&set, "0x901bb9583b24d97e995513c6778dc6888ab6870e")[0].0,
        "Artem Mikhaylovich LIFSHITS"
    );

    // USDT on three chains, and one address under ETH + USDT + USDC.
    assert_eq!(
        names_of(&set, "TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz")[0].3,
        vec!["USDT"]
    );
    assert_eq!(
        names_of(&set, "16iWn2J1McqjToYLHSsAyS6En3QA8YQ91H")[0].3,
        vec!["USDT"]
    );
    assert_eq!(
        names_of(&set, "0x983a81ca6fb1e441266d2fbcb7d8e530ac2e05a2")[0].3,
        vec!["ETH", "USDC", "USDT"]
    );
    // One address, two SDN entries.
    let two = names_of(&set, "1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL");
    assert_eq!(two.len(), 2);
    assert_eq!(two[0].1, Some(38419));
    assert_eq!(two[1].1, Some(38420));
    assert_eq!(two[1].0, "Amir Hossein NIKAEEN RAVARI");
    // Monero kept; Tron filed under XBT kept as Tron, with a notice.
    assert_eq!(names_of(&set, "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL")[0].0, "SOUTHFRONT");
    let wang = names_of(&set, "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq");
    assert_eq!(wang[0].0, "Mingming WANG");
    assert_eq!(wang[0].3, vec!["XBT"]);
    assert!(report
        .notices
        .iter()
        .any(|n| n.value == "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq" && n.note.contains("tron")));

    // Rejected, each with its reason: the 64-hex XMR value, the 41-hex typo, the empty value.
    let reasons: Vec<(&str, &str)> = report
        .rejected
        .iter()
        .map(|r| (r.value.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:#?}");
    assert!(reasons
        .iter()
        .any(|(v, r)| v.starts_with("5be5543f") && r.contains("64 hex")));
    assert!(reasons
        .iter()
        .any(|(v, r)| *v == "0xa7e5d5a720f06526557c513402f2e6b5fa20b00"
            && r.contains("39 hex digits")));
    assert!(reasons
        .iter()
        .any(|(v, r)| v.is_empty() && r.contains("without a value")));
    // Everything else made it: 2 + 2 + 1 + 1 + 1 + 1 (evm) + 1 + 1 + 2 entries.
    assert_eq!(set.entries().count(), 12);
}

#[test]
fn classic_sdn_xml_fixture() {
    let imp = import("sdn_classic_fixture.xml");
    assert_eq!(imp.source_date.as_deref(), Some("2026-08-20"));
    let (set, report) = set_of(&[imp]);
    let li = names_of(&set, "39eboeqYNFe2VoLC3mUGx4dh6GNhLB3D2q");
    // The name is the entry's own, not the a.k.a.'s lastName.
    assert_eq!(li[0].0, "Jiadong LI");
    assert_eq!(li[0].2, vec!["CYBER2", "DPRK3"]);
    let e = set
        .entities()
        .iter()
        .find(|e| e.sdn_uid == Some(28264))
        .unwrap();
    assert_eq!(e.akas, vec!["家东 李"]);
    assert_eq!(e.kind, "individual");
    assert_eq!(
        names_of(&set, "0x098b716b8aaf21512996dc57eb0615e2383e2f96")[0].0,
        "LAZARUS GROUP"
    );
    assert_eq!(
        names_of(&set, "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq")[0].0,
        "Mingming WANG"
    );
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(
        report.rejected[0].value,
        "0xa7e5d5a720f06526557c513402f2e6b5fa20b00"
    );
    assert_eq!(set.entries().count(), 5);
}

/// The path form streams XML from the file (the real advanced file is over 100 MB) and reads
/// the rest whole: the same import as from the text, every format.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn import_path_reads_what_import_text_reads() {
    for &(name, _) in vectors::OFAC {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors/ofac")
            .join(name);
        assert_eq!(import_path(&path).unwrap(), import(name), "{name}");
    }
}

#[test]
fn classic_record_count_mismatch_is_refused() {
    let cut = vectors::ofac("sdn_classic_fixture.xml").replace(
        "<Record_Count>5</Record_Count>",
        "<Record_Count>6</Record_Count>",
    );
    let err = import_text("cut.xml", &cut).unwrap_err();
    assert!(err.contains("Record_Count"), "{err}");
}

#[test]
fn truncated_xml_is_refused() {
    for name in ["sdn_classic_fixture.xml", "sdn_advanced_fixture.xml"] {
        let text = vectors::ofac(name);
        let end = text.rfind("</").unwrap();
        let err = import_text(name, &text[..end]).unwrap_err();
        assert!(
            err.contains("truncated") || err.contains("XML error"),
            "{name}: {err}"
        );
    }
}

#[test]
fn csv_user_list() {
    let text = vectors::ofac("user_list.csv");
    let (set, rejected) = LoadedSet::default().with_user_list("acme", text).unwrap();
    let laz = address::parse("0x098B716B8Aaf21512996dC57EB0615e2383E2f96").unwrap();
    let hits = set.lookup(&laz.key);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].source, "your list: acme");
    assert_eq!(hits[0].entity.name, "Known scam, per ticket #12");
    assert_eq!(hits[0].entity.programs, vec!["INTERNAL"]);
    assert_eq!(hits[0].entity.sdn_uid, None);
    let bc = address::parse("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq").unwrap();
    assert_eq!(
        set.lookup(&bc.key)[0].entity.name,
        "Exchange hot wallet (do not pay)"
    );
    assert_eq!(rejected.len(), 2, "{rejected:#?}");
    assert_eq!(rejected[0].line, Some(5));
    assert!(
        rejected[0].reason.contains("checksum"),
        "{}",
        rejected[0].reason
    );
    assert_eq!(rejected[1].value, "not-an-address");
    // Official entries stay apart from user lists.
    assert!(set.entries().next().is_none());
    assert_eq!(set.user_lists().len(), 1);
    // Replacing and removing a list.
    let (set, _) = set.with_user_list("acme", "address,label\n").unwrap();
    assert!(set.lookup(&laz.key).is_empty());
    assert!(set.without_user_list("acme").user_lists().is_empty());
    assert!(LoadedSet::default().with_user_list("  ", "").is_err());
}

#[test]
fn user_list_beside_the_official_set() {
    let (set, _) = fixture::set()
        .with_user_list(
            "mine",
            "0x098B716B8Aaf21512996dC57EB0615e2383E2f96,my note\n",
        )
        .unwrap();
    let a = address::parse("0x098b716b8aaf21512996dc57eb0615e2383e2f96").unwrap();
    let hits = set.lookup(&a.key);
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].entity.name, "LAZARUS GROUP");
    assert_eq!(hits[0].source, "OFAC SDN list");
    assert_eq!(hits[0].source_date, "2026-08-20");
    assert_eq!(hits[1].source, "your list: mine");
    let v = sightline::verdict::check(&a, &set);
    assert!(v.sanctioned);
    assert_eq!(v.matches[1].source, "your list: mine");
}

/// The JSON extraction's quirks, on records copied from lists/source (the whole file's
/// figures: bundled_list.rs).
#[test]
fn json_extraction_quirks() {
    let imp = import_text(
        "ofac_json_excerpt.json",
        include_str!("../fixtures/ofac_json_excerpt.json"),
    )
    .unwrap();
    assert_eq!(imp.source_date.as_deref(), Some("2026-08-20"));
    let (set, report) = set_of(&[imp]);
    // 1 + 3 asset codes + 2 + 2 SDN entries + 1 + 1; the two Monero values whose case is
    // lost are refused by the importer, before they are listings.
    assert_eq!(report.listings_read, 10);
    assert_eq!(report.rejected.len(), 3, "{}", report.to_text());
    let lost: Vec<_> = report
        .rejected
        .iter()
        .filter(|r| r.reason.contains("case unknown"))
        .collect();
    assert_eq!(lost.len(), 2);
    assert!(lost.iter().all(|r| r.listed_under == "XMR"
        && r.entity.as_deref() == Some("ISIL KHORASAN (uid 18647)")
        && r.value.starts_with('4')));
    assert!(report
        .rejected
        .iter()
        .any(|r| r.value.starts_with("5be5543f") && r.reason.contains("64 hex")));
    assert_eq!(report.notices.len(), 1);
    assert_eq!(
        report.notices[0].value,
        "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq"
    );
    assert!(report.notices[0].note.contains("tron"));
    // One entry of three asset codes; one address of two SDN entries.
    assert_eq!(
        names_of(&set, "0x983a81ca6FB1e441266D2FbcB7D8E530AC2E05A2"),
        vec![(
            "VALERIAN LABS, INC.".into(),
            Some(45314),
            vec!["ILLICIT-DRUGS-EO14059".into()],
            vec!["ETH".into(), "USDC".into(), "USDT".into()]
        )]
    );
    let two = names_of(&set, "LeKvNdNEzgQkzVVnRdV3fAu2DSF1nLsNw6");
    assert_eq!(
        two.iter()
            .map(|h| (h.0.as_str(), h.1, h.3.clone()))
            .collect::<Vec<_>>(),
        [
            ("Mujtaba Ali RAZA", Some(30520), vec!["LTC".to_string()]),
            ("SECONDEYE SOLUTION", Some(30518), vec!["LTC".to_string()])
        ]
    );
    // An entity with a refused value keeps its other listings; one with none is left out.
    assert_eq!(
        names_of(&set, "0xd882cfc20f52f2599d84b8e8d58c7fb62cfe344b")[0].0,
        "Dmitrii KARASAVIDI"
    );
    assert!(set.entities().iter().all(|e| e.sdn_uid != Some(18647)));
    assert_eq!(set.entities().len(), 6);
    assert_eq!(set.entries().count(), 6);
}
