//! Wallet requests checked against the fixture set: the sanctioned address in each family's
//! vectors is flagged with its entity, clean requests are not, unreadable requests report
//! the error instead of a verdict.

use crate::{fixture, vectors};
use serde_json::{json, Value};
use sightline::tx::{check, check_json};

fn load(name: &str) -> Vec<Value> {
    serde_json::from_str(vectors::tx(name)).expect("JSON")
}

fn find<'a>(v: &'a [Value], name: &str) -> &'a Value {
    v.iter()
        .find(|x| x["name"] == name)
        .map(|x| &x["request"])
        .unwrap_or_else(|| panic!("no vector {name}"))
}

#[test]
fn sanctioned_targets_are_flagged_in_every_family() {
    let set = fixture::set();
    let lazarus = ("LAZARUS GROUP", &["DPRK3"][..]);
    let sokolovski = ("Rolan SOKOLOVSKI", &["ILLICIT-DRUGS-EO14059"][..]);
    let isil = ("ISIL KHORASAN", &["FTO", "SDGT"][..]);
    let wang = ("Yunhe WANG", &["CYBER2"][..]);
    let cases = [
        (
            "evm.json",
            "ERC-20 approve unlimited USDC",
            lazarus,
            "spender",
        ),
        (
            "evm.json",
            "Permit2 PermitSingle typed data (JSON string, v4)",
            lazarus,
            "spender",
        ),
        (
            "evm.json",
            "wallet_sendCalls with one bad call among clean ones",
            lazarus,
            "recipient",
        ),
        (
            "solana.json",
            "System transfer, legacy transaction, base58",
            sokolovski,
            "recipient",
        ),
        (
            "tron.json",
            "raw_data_hex wins over JSON that disagrees",
            isil,
            "recipient",
        ),
        (
            "tron.json",
            "TRC-20 USDT transfer (TriggerSmartContract, raw_data_hex)",
            isil,
            "recipient",
        ),
        (
            "bitcoin.json",
            "sats-connect sendTransfer recipients",
            wang,
            "recipient",
        ),
    ];
    for (file, name, (entity, programs), role) in cases {
        let v = load(file);
        let r = check(find(&v, name), &set);
        assert!(r.sanctioned, "{name}: {r:?}");
        assert!(r.error.is_none());
        let hit = r
            .targets
            .iter()
            .find(|t| t.verdict.as_ref().is_some_and(|v| v.sanctioned))
            .expect("a sanctioned target");
        let m = &hit.verdict.as_ref().unwrap().matches[0];
        assert_eq!(m.name, entity, "{name}");
        assert_eq!(m.programs, programs, "{name}");
        assert_eq!(serde_json::to_value(hit.target.role).unwrap(), role);
        assert_eq!(r.list_date, fixture::SOURCE_DATE);
        // Only the bad one is flagged in a mixed batch.
        let flagged = r
            .targets
            .iter()
            .filter(|t| t.verdict.as_ref().is_some_and(|v| v.sanctioned))
            .count();
        assert_eq!(flagged, 1, "{name}");
    }
}

#[test]
fn clean_requests_pass() {
    let set = fixture::set();
    let r = check(
        &json!({"family": "evm", "method": "eth_sendTransaction",
                "params": [{"to": "0x1111111111111111111111111111111111111111", "value": "0x1"}]}),
        &set,
    );
    assert!(!r.sanctioned && r.error.is_none());
    assert_eq!(r.targets.len(), 1);
    assert!(r.targets[0].verdict.is_some(), "{r:?}");
}

#[test]
fn unreadable_requests_carry_the_error() {
    let set = fixture::set();
    let r = check_json(
        r#"{"family":"solana","method":"signTransaction","params":["zz"]}"#,
        &set,
    );
    assert!(!r.sanctioned);
    assert!(r
        .error
        .as_deref()
        .unwrap()
        .starts_with("could not read this request"));
    // An invalid Bitcoin address is reported as invalid, not as clean.
    let r = check(
        &json!({"family": "bitcoin", "method": "sendBitcoin", "params": ["bc1qnotanaddress", 1]}),
        &set,
    );
    assert!(r.targets[0].verdict.is_none() && r.targets[0].invalid.is_some());
}

/// solana_spl.json (gen_spl.mjs, @solana/spl-token): our ATA derivation matches
/// getAssociatedTokenAddressSync, and SPL transfers to a listed owner's ATA name the owner.
#[test]
fn spl_transfers_to_a_listed_owners_token_account_are_flagged() {
    use sightline::address::solana_ata::{associated_token_account, key};
    let v: Value = serde_json::from_str(vectors::tx("solana_spl.json")).unwrap();
    let atas = v["ata"].as_array().unwrap();
    assert!(atas.len() >= 15);
    for a in atas {
        let got = associated_token_account(
            &key(a["owner"].as_str().unwrap()),
            &key(a["mint"].as_str().unwrap()),
            &key(a["program"].as_str().unwrap()),
        );
        assert_eq!(
            bs58::encode(got).into_string(),
            a["ata"].as_str().unwrap(),
            "{a}"
        );
    }
    let set = fixture::set();
    // On a page (Solscan shows token accounts): the listed owner's USDC account is flagged
    // as that owner's, and says so; a clean owner's is not.
    for a in atas {
        let addr = sightline::address::parse(a["ata"].as_str().unwrap()).unwrap();
        let v = sightline::verdict::check(&addr, &set);
        let listed_owner = a["owner"] == "42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi";
        // The vectors' made-up mint is not a well-known one: its accounts are not in the table.
        let well_known = a["mint"].as_str().unwrap() != bs58::encode([77u8; 32]).into_string();
        assert_eq!(v.sanctioned, listed_owner && well_known, "{a}");
        if v.sanctioned {
            let of = v.token_account_of.as_ref().unwrap();
            assert_eq!(of.owner, a["owner"].as_str().unwrap());
            assert!(["USDC", "USDT", "PYUSD"].contains(&of.token.as_str()));
            assert!(v.matches.iter().any(|m| m.name == "Rolan SOKOLOVSKI"));
        }
    }
    for case in v["requests"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let r = check(&case["request"], &set);
        assert!(r.error.is_none(), "{name}: {:?}", r.error);
        match case["owner"].as_str() {
            Some(owner) => {
                assert!(r.sanctioned, "{name}: not flagged");
                let t = r
                    .targets
                    .iter()
                    .find(|t| t.target.address == owner)
                    .unwrap_or_else(|| panic!("{name}: owner not named: {:?}", r.targets));
                assert!(t.verdict.as_ref().unwrap().sanctioned);
                let token = case["token"].as_str().unwrap();
                assert!(
                    t.target.action.contains(token) && t.target.action.contains("token account"),
                    "{name}: {}",
                    t.target.action
                );
                if let Some(a) = case["amount"].as_str() {
                    assert_eq!(t.target.amount.as_deref(), Some(a), "{name}");
                }
            }
            None => {
                assert!(!r.sanctioned, "{name}: flagged");
                assert!(
                    r.notes.iter().all(|n| !n.contains("token account")),
                    "{name}: a clean send is not nagged: {:?}",
                    r.notes
                );
            }
        }
    }
}
