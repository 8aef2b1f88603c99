//! verdict::check on the fixture set: what the CLI, the extension and the wallet guard say.

use crate::fixture;
use sightline::address::{encode_key, parse};
use sightline::verdict::{check, is_listed};

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
        .iter()
        .find(|e| e.listed_under == ["XBT"] && e.key.prefix == [1, 0])
        .expect("an XBT-only P2PKH listing");
    let legacy = parse(&encode_key(&xbt_only.key).unwrap()).unwrap();
    assert!(check(&legacy, &set).sanctioned);
    let cash = parse(&encode_key(&legacy.alternate_keys()[0]).unwrap()).unwrap();
    assert!(!check(&cash, &set).sanctioned);
    assert!(!is_listed(&cash, &set));
}
