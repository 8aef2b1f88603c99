//! verdict::check on the fixture set: what the CLI, the extension and the wallet guard say,
//! including the list's history (first-seen dates, delisted addresses).

use crate::fixture;
use sightline::address::{encode_key, parse};
use sightline::verdict::{check, is_listed, Checked, Delisted};

/// OFAC lists Bitcoin Cash addresses in both spellings (`18M8bJ...` legacy, `qpf2cphc...`
/// cashaddr); explorers show either. Each listed spelling must also match the other one.
#[test]
fn bitcoin_cash_listing_matches_both_spellings() {
    let set = fixture::set();
    for listed in [
        "18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB",
        "bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq",
    ] {
        let a = parse(listed).unwrap();
        let direct = check(&a, &set);
        assert!(direct.sanctioned, "{listed}");
        let alt_key = a
            .alternate_keys()
            .pop()
            .expect("a BCH hash has another spelling");
        let other = encode_key(&alt_key).unwrap();
        let b = parse(&other).unwrap();
        let v = check(&b, &set);
        assert!(v.sanctioned, "{other} is the other spelling of {listed}");
        assert!(is_listed(&b, &set));
        assert!(v
            .matches
            .iter()
            .all(|m| m.listed_under.iter().any(|x| x == "BCH")));
        assert_eq!(v.matches[0].name, direct.matches[0].name);
    }
}

/// A legacy address listed only under XBT does not make its cashaddr spelling a hit: that
/// spelling names a Bitcoin Cash address, and the listing is for Bitcoin.
#[test]
fn bitcoin_only_listing_does_not_leak_to_cashaddr() {
    let set = fixture::set();
    // Any P2PKH address listed under XBT alone.
    let xbt_only = set
        .entries()
        .find(|e| e.listed_under == ["XBT"] && e.prefix == [1, 0])
        .expect("an XBT-only P2PKH listing");
    let legacy = parse(&encode_key(&xbt_only.key()).unwrap()).unwrap();
    assert!(check(&legacy, &set).sanctioned);
    let cash = parse(&encode_key(&legacy.alternate_keys()[0]).unwrap()).unwrap();
    assert!(!check(&cash, &set).sanctioned);
    assert!(!is_listed(&cash, &set));
}

/// A Tornado Cash address, delisted on 2025-03-21: never sanctioned, and the verdict says
/// it was listed, for whom, until when.
#[test]
fn delisted_address_is_not_sanctioned_and_says_when() {
    let set = fixture::set();
    for form in [fixture::TORNADO, &fixture::TORNADO.to_ascii_lowercase()] {
        let a = parse(form).unwrap();
        let v = check(&a, &set);
        assert!(!v.sanctioned, "{form}");
        assert!(v.matches.is_empty());
        assert!(!is_listed(&a, &set));
        assert_eq!(
            v.delisted,
            [Delisted {
                name: "TORNADO CASH".into(),
                sdn_uid: Some(fixture::TORNADO_UID),
                programs: vec!["CYBER2".into(), "DPRK3".into()],
                listed_under: vec!["ETH".into()],
                source: fixture::SOURCE.into(),
                listed_until: Some("2025-03-20".into()),
                removed: Some("2025-03-21".into()),
            }],
            "{form}"
        );
    }
    let c = Checked::parse(fixture::TORNADO, &set);
    assert!(c.valid && !c.sanctioned && c.matches.is_empty());
    assert_eq!(c.delisted.len(), 1);
    let j = serde_json::to_value(&c).unwrap();
    assert_eq!(j["sanctioned"], false);
    assert_eq!(
        j["delisted"],
        serde_json::json!([{
            "name": "TORNADO CASH", "sdn_uid": 39796, "programs": ["CYBER2", "DPRK3"],
            "listed_under": ["ETH"], "source": "OFAC SDN list",
            "listed_until": "2025-03-20", "removed": "2025-03-21"
        }])
    );
}

/// Each match says since when the address is on the list where the data says, and
/// nothing where it does not.
#[test]
fn matches_carry_first_seen_where_known() {
    let set = fixture::set();
    for &(address, _, _, first_seen) in fixture::LISTINGS {
        let v = check(&parse(address).unwrap(), &set);
        assert!(v.sanctioned, "{address}");
        assert!(v.delisted.is_empty(), "{address}");
        assert_eq!(v.matches[0].first_seen.as_deref(), first_seen, "{address}");
    }
    let c = Checked::parse(fixture::DATED, &set);
    let j = serde_json::to_value(&c).unwrap();
    assert_eq!(j["matches"][0]["first_seen"], fixture::DATED_SINCE);
    let c = Checked::parse("0x098B716B8Aaf21512996dC57EB0615e2383E2f96", &set);
    let j = serde_json::to_value(&c).unwrap();
    assert_eq!(j["matches"][0]["first_seen"], serde_json::Value::Null);
}

/// Old consumers see the shape they knew: no `delisted` key unless there is history to say.
#[test]
fn no_delisted_key_without_history() {
    let set = fixture::set();
    for input in [
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
        "not an address",
    ] {
        let j = serde_json::to_value(Checked::parse(input, &set)).unwrap();
        assert!(j.get("delisted").is_none(), "{input}: {j}");
        let a = parse(input);
        if let Ok(a) = a {
            let j = serde_json::to_value(check(&a, &set)).unwrap();
            assert!(j.get("delisted").is_none(), "{input}: {j}");
        }
    }
}

/// Listed now on a user's own list: a current match, so no former listing is shown; a
/// user list's hits have no first-seen date.
#[test]
fn a_current_listing_hides_the_history() {
    let (set, rejected) = fixture::set()
        .with_user_list("mine", &format!("{},watch\n", fixture::TORNADO))
        .unwrap();
    assert!(rejected.is_empty());
    let v = check(&parse(fixture::TORNADO).unwrap(), &set);
    assert!(v.sanctioned);
    assert_eq!(v.matches[0].source, "your list: mine");
    assert_eq!(v.matches[0].first_seen, None);
    assert!(v.delisted.is_empty());
}
