//! Address parsing against data: spec vectors (BIP-173, BIP-350, EIP-55, cashaddr, Monero),
//! key_io-style generated cases, hand-written cases, one-character near misses, and every
//! real address on the OFAC SDN list. The data lives in `tests/vectors/address/`; each file
//! names its source.
use std::collections::BTreeSet;

use crate::vectors;
use serde_json::Value;
use sightline::address::{encode_key, parse, Address, Chain, Family, ParseError};

fn load(name: &str) -> Value {
    serde_json::from_str(vectors::address(name))
        .unwrap_or_else(|e| panic!("tests/vectors/address/{name}: {e}"))
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("missing array {key}"))
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string {key} in {v}"))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The parse result as the vector files spell it: "ok" or the error's Debug form.
fn outcome(r: &Result<Address, ParseError>) -> String {
    match r {
        Ok(_) => "ok".to_owned(),
        Err(e) => format!("{e:?}"),
    }
}

/// Properties every accepted address has: its canonical form parses to the same key, and
/// its key re-encodes to its canonical form.
fn check_roundtrip(input: &str, a: &Address) {
    let again = parse(&a.canonical).unwrap_or_else(|e| panic!("{input}: canonical fails: {e}"));
    assert_eq!(again.key, a.key, "{input}: canonical gives another key");
    assert_eq!(
        again.canonical, a.canonical,
        "{input}: canonical not stable"
    );
    assert_eq!(
        encode_key(&a.key).as_deref(),
        Some(a.canonical.as_str()),
        "{input}: encode_key does not give the canonical form"
    );
    assert_eq!(a.key.family(), Some(a.family), "{input}: key family byte");
    assert!(!a.chains.is_empty(), "{input}: no chains");
}

/// Runs `cases`, collecting every failure so one run shows them all.
fn run_all<T>(
    cases: impl IntoIterator<Item = T>,
    mut check: impl FnMut(T) -> Result<(), String>,
) -> usize {
    let mut failures = Vec::new();
    let mut n = 0;
    for c in cases {
        n += 1;
        if let Err(e) = check(c) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    n
}

fn check_valid_case(c: &Value) -> Result<(), String> {
    let input = str_of(c, "input");
    let a = parse(input).map_err(|e| format!("{input:?}: expected ok, got {e:?}"))?;
    let mut problems = Vec::new();
    if format!("{:?}", a.family) != str_of(c, "family") {
        problems.push(format!("family {:?}", a.family));
    }
    if format!("{:?}", a.kind) != str_of(c, "kind") {
        problems.push(format!("kind {:?}", a.kind));
    }
    let want: BTreeSet<&str> = arr(c, "chains").iter().filter_map(Value::as_str).collect();
    let got: BTreeSet<&str> = a.chains.ids().into_iter().collect();
    if want != got {
        problems.push(format!("chains {got:?}"));
    }
    if a.canonical != str_of(c, "canonical") {
        problems.push(format!("canonical {}", a.canonical));
    }
    if hex(&a.key.prefix) != str_of(c, "key_prefix") {
        problems.push(format!("key prefix {}", hex(&a.key.prefix)));
    }
    if hex(&a.key.payload) != str_of(c, "key_payload") {
        problems.push(format!("key payload {}", hex(&a.key.payload)));
    }
    if a.candidate_only != c["candidate_only"].as_bool().unwrap_or(false) {
        problems.push(format!("candidate_only {}", a.candidate_only));
    }
    if !problems.is_empty() {
        return Err(format!("{input:?}: {}", problems.join(", ")));
    }
    check_roundtrip(input, &a);
    Ok(())
}

fn check_error_case(input: &str, want: &str) -> Result<(), String> {
    let got = outcome(&parse(input));
    if got == want {
        Ok(())
    } else {
        Err(format!("{input:?}: expected {want}, got {got}"))
    }
}

#[test]
fn bip173_and_bip350_segwit_vectors() {
    let mut total = 0;
    for file in ["bip173.json", "bip350.json"] {
        let v = load(file);
        total += run_all(arr(&v, "valid_addresses"), |c| {
            let input = str_of(c, "address");
            let want = str_of(c, "expect");
            let r = parse(input);
            if want != "ok" {
                return check_error_case(input, want);
            }
            let a = r.map_err(|e| format!("{file} {input}: {e:?}"))?;
            // scriptPubKey = OP_n (0x00 or 0x51..=0x60), push length, program.
            let spk = str_of(c, "script_pubkey");
            let op = u8::from_str_radix(&spk[..2], 16).unwrap();
            let version = if op == 0 { 0 } else { op - 0x50 };
            let mut prefix = vec![Family::Segwit as u8];
            prefix.extend_from_slice(b"bc");
            prefix.push(version);
            if a.key.prefix != prefix || hex(&a.key.payload) != spk[4..] {
                return Err(format!("{input}: key {:?}", a.key));
            }
            if a.canonical != input.to_ascii_lowercase() || !a.chains.contains(Chain::Bitcoin) {
                return Err(format!("{input}: canonical/chains {a:?}"));
            }
            check_roundtrip(input, &a);
            Ok(())
        });
        total += run_all(arr(&v, "invalid_addresses"), |c| {
            check_error_case(str_of(c, "address"), str_of(c, "expect"))
        });
        // Generic bech32 strings are not addresses.
        total += run_all(arr(&v, "valid_strings"), |c| {
            check_error_case(c.as_str().unwrap(), "UnknownFormat")
        });
        total += run_all(arr(&v, "invalid_strings"), |c| {
            check_error_case(str_of(c, "string"), "UnknownFormat")
        });
    }
    assert!(total >= 75, "only {total} BIP vectors");
}

#[test]
fn eip55_vectors() {
    let v = load("eip55.json");
    run_all(arr(&v, "valid"), |c| {
        let input = str_of(c, "address");
        let a = parse(input).map_err(|e| format!("{input}: {e:?}"))?;
        let want_checksummed = c["checksummed"].as_bool().unwrap();
        if a.checksummed != want_checksummed
            || a.canonical != input.to_ascii_lowercase()
            || a.family != Family::Evm
            || a.chains.ids() != ["evm"]
        {
            return Err(format!("{input}: {a:?}"));
        }
        let bytes: [u8; 20] = a.key.payload.as_slice().try_into().unwrap();
        if want_checksummed && sightline::address::to_eip55(&bytes) != input {
            return Err(format!("{input}: to_eip55 differs"));
        }
        check_roundtrip(input, &a);
        Ok(())
    });
    run_all(arr(&v, "invalid"), |c| {
        check_error_case(str_of(c, "address"), str_of(c, "error"))
    });
}

#[test]
fn cashaddr_spec_vectors() {
    let v = load("cashaddr.json");
    // Legacy and cashaddr forms of the same hash160.
    run_all(arr(&v, "translation"), |c| {
        let legacy = parse(str_of(c, "legacy")).map_err(|e| format!("{c}: {e:?}"))?;
        let cash_in = str_of(c, "cashaddr");
        let cash = parse(cash_in).map_err(|e| format!("{c}: {e:?}"))?;
        let bare =
            parse(cash_in.trim_start_matches("bitcoincash:")).map_err(|e| format!("{c}: {e:?}"))?;
        let upper = parse(&cash_in.to_ascii_uppercase()).map_err(|e| format!("{c}: {e:?}"))?;
        let same_kind = matches!(
            (legacy.kind, cash.kind),
            (
                sightline::address::Kind::P2pkh,
                sightline::address::Kind::CashAddrKeyhash
            ) | (
                sightline::address::Kind::P2sh,
                sightline::address::Kind::CashAddrScripthash
            )
        );
        if legacy.key.payload != cash.key.payload
            || !same_kind
            || bare.key != cash.key
            || upper.key != cash.key
            || cash.canonical != cash_in
            || bare.canonical != cash_in
            || !legacy.chains.contains(Chain::BitcoinCash)
            || cash.chains.ids() != ["bitcoin-cash"]
        {
            return Err(format!("{c}: {legacy:?} / {cash:?} / {bare:?}"));
        }
        check_roundtrip(cash_in, &cash);
        // Each form names the other as its alternate key.
        if legacy.alternate_keys() != [cash.key.clone()]
            || cash.alternate_keys() != [legacy.key.clone()]
        {
            return Err(format!("{c}: alternate keys"));
        }
        Ok(())
    });
    // Every size: mainnet type 0/1 parse; other prefixes and types do not.
    let n = run_all(arr(&v, "raw"), |c| {
        let input = str_of(c, "cashaddr");
        let r = parse(input);
        let mainnet = input.starts_with("bitcoincash:") && c["type"].as_u64() != Some(15);
        if !mainnet {
            return match r {
                Err(_) => Ok(()),
                Ok(a) => Err(format!("{input}: accepted {a:?}")),
            };
        }
        let a = r.map_err(|e| format!("{input}: {e:?}"))?;
        if hex(&a.key.payload) != str_of(c, "data") || a.canonical != input {
            return Err(format!("{input}: {a:?}"));
        }
        let bare =
            parse(&input["bitcoincash:".len()..]).map_err(|e| format!("{input}: bare {e:?}"))?;
        if bare.key != a.key {
            return Err(format!("{input}: bare form has another key"));
        }
        check_roundtrip(input, &a);
        Ok(())
    });
    assert!(n >= 30);
}

#[test]
fn monero_vectors() {
    let v = load("monero.json");
    let kind = |s: &str| parse(s).map(|a| format!("{:?}", a.kind));
    run_all(arr(&v, "wallets"), |w| {
        let spend = str_of(w, "public_spend");
        let view = str_of(w, "public_view");
        let pid = str_of(w, "payment_id");
        let primary = parse(str_of(w, "primary")).map_err(|e| format!("{w}: {e:?}"))?;
        let integrated = parse(str_of(w, "integrated")).map_err(|e| format!("{w}: {e:?}"))?;
        if hex(&primary.key.payload) != format!("{spend}{view}")
            || hex(&primary.key.prefix) != "0512"
            || format!("{:?}", primary.kind) != "MoneroStandard"
        {
            return Err(format!("primary {primary:?}"));
        }
        if hex(&integrated.key.payload) != format!("{spend}{view}{pid}")
            || hex(&integrated.key.prefix) != "0513"
            || format!("{:?}", integrated.kind) != "MoneroIntegrated"
        {
            return Err(format!("integrated {integrated:?}"));
        }
        check_roundtrip("primary", &primary);
        check_roundtrip("integrated", &integrated);
        for sub in arr(w, "subaddresses") {
            let sub = sub.as_str().unwrap();
            let a = parse(sub).map_err(|e| format!("{sub}: {e:?}"))?;
            if hex(&a.key.prefix) != "052a" || format!("{:?}", a.kind) != "MoneroSubaddress" {
                return Err(format!("{sub}: {a:?}"));
            }
            check_roundtrip(sub, &a);
        }
        Ok(())
    });
    run_all(arr(&v, "testnet"), |s| {
        check_error_case(s.as_str().unwrap(), "UnknownVersion(Monero)")
    });
    let pair = &v["docs_pair"];
    let standard = parse(str_of(pair, "standard")).unwrap();
    let integrated = parse(str_of(pair, "integrated")).unwrap();
    assert_eq!(integrated.key.payload[..64], standard.key.payload[..]);
    assert_eq!(
        hex(&integrated.key.payload[64..]),
        str_of(pair, "payment_id")
    );
    run_all(arr(&v, "ofac"), |s| {
        let s = s.as_str().unwrap();
        let want = if s.starts_with('8') {
            "MoneroSubaddress"
        } else {
            "MoneroStandard"
        };
        match kind(s) {
            Ok(k) if k == want => Ok(()),
            other => Err(format!("{s}: {other:?}")),
        }
    });
}

#[test]
fn key_io_generated_vectors() {
    let v = load("key_io.json");
    let valid = run_all(arr(&v, "valid"), check_valid_case);
    let invalid = run_all(arr(&v, "invalid"), |c| {
        check_error_case(str_of(c, "input"), str_of(c, "error"))
    });
    assert!(
        valid >= 70 && invalid >= 40,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn hand_written_cases() {
    let v = load("cases.json");
    run_all(arr(&v, "valid"), check_valid_case);
    run_all(arr(&v, "invalid"), |c| {
        check_error_case(str_of(c, "input"), str_of(c, "error"))
    });
}

/// Every real OFAC address parses, to a family consistent with the asset it is listed
/// under (OFAC's documented quirks aside).
#[test]
fn ofac_real_addresses() {
    let v = load("ofac_addresses.json");
    let quirks = v["quirks"].as_object().unwrap();
    let n = run_all(arr(&v, "addresses"), |c| {
        let input = str_of(c, "address");
        let r = parse(input);
        if let Some(q) = quirks.get(input) {
            let q = q.as_str().unwrap();
            return match (&r, q.contains("must NOT parse")) {
                (Err(_), true) => Ok(()),
                (Ok(a), false) if a.family == Family::Tron => Ok(()),
                _ => Err(format!("{input} ({q}): {}", outcome(&r))),
            };
        }
        let a = r.map_err(|e| format!("{input}: {e:?}"))?;
        for cur in arr(c, "currencies").iter().filter_map(Value::as_str) {
            let ok = match cur {
                "XBT" => a.chains.contains(Chain::Bitcoin),
                "ETH" | "ETC" | "ARB" | "BSC" | "USDC" => a.family == Family::Evm,
                "USDT" => {
                    a.family == Family::Evm
                        || a.family == Family::Tron
                        || a.chains.contains(Chain::Bitcoin)
                }
                "TRX" => a.family == Family::Tron,
                "LTC" => a.chains.contains(Chain::Litecoin),
                "BCH" => a.chains.contains(Chain::BitcoinCash),
                "BSV" => a.chains.contains(Chain::BitcoinSv),
                "BTG" => a.chains.contains(Chain::BitcoinGold),
                "DASH" => a.chains.contains(Chain::Dash),
                "DOGE" => a.chains.contains(Chain::Dogecoin),
                "XVG" => a.chains.contains(Chain::Verge),
                "ZEC" => a.chains.contains(Chain::Zcash),
                "BNB" => a.family == Family::BnbBeacon,
                "SOL" => a.family == Family::Solana && a.candidate_only,
                "XRP" => a.family == Family::Xrp,
                "XMR" => a.family == Family::Monero,
                other => return Err(format!("{input}: unknown currency {other}")),
            };
            if !ok {
                return Err(format!("{input} listed as {cur}: parsed as {a:?}"));
            }
        }
        // Checksummed families keep OFAC's exact string (or its lowercase form).
        if !a.canonical.eq_ignore_ascii_case(input) && a.family != Family::CashAddr {
            return Err(format!("{input}: canonical {}", a.canonical));
        }
        check_roundtrip(input, &a);
        Ok(())
    });
    assert!(n >= 950, "only {n} OFAC addresses");
    // Published in lowercase only: the base58 checksum cannot survive that.
    run_all(arr(&v, "lower_only"), |c| {
        let input = str_of(c, "address_lower");
        match parse(input) {
            Err(_) => Ok(()),
            Ok(a) => Err(format!("{input}: accepted {a:?}")),
        }
    });
}

/// Changes one character in the middle of `s` to another of the same alphabet, lowering
/// its digit value where it can (so a Monero block cannot overflow instead).
fn near_miss(s: &str, zero: char, one: char) -> String {
    let mid = s.len() / 2;
    let c = s.as_bytes()[mid] as char;
    let new = if c == zero { one } else { zero };
    format!("{}{}{}", &s[..mid], new, &s[mid + 1..])
}

/// One character changed in a checksummed address is caught by its checksum, and reported
/// as that family's checksum error (never a Solana candidate).
#[test]
fn near_miss_one_char_changed() {
    let mut inputs: Vec<String> = Vec::new();
    for c in arr(&load("ofac_addresses.json"), "addresses") {
        inputs.push(str_of(c, "address").to_owned());
    }
    for c in arr(&load("key_io.json"), "valid") {
        inputs.push(str_of(c, "input").to_owned());
    }
    let mut tested = 0;
    run_all(inputs, |input| {
        let Ok(a) = parse(&input) else {
            return Ok(()); // the OFAC quirk
        };
        let (broken, want) = match a.family {
            Family::Base58Check | Family::Tron | Family::Monero if !input.starts_with("41") => (
                near_miss(&input, '1', '2'),
                format!("BadChecksum({:?})", a.family),
            ),
            Family::Xrp => (near_miss(&input, 'r', 'p'), "BadChecksum(Xrp)".to_owned()),
            Family::Segwit | Family::BnbBeacon | Family::CashAddr => {
                let lower = input.to_ascii_lowercase();
                (
                    near_miss(&lower, 'q', 'p'),
                    format!("BadChecksum({:?})", a.family),
                )
            }
            Family::Evm if a.checksummed => {
                // Flip the case of the last letter.
                let i = input.rfind(|c: char| c.is_ascii_alphabetic()).unwrap();
                let c = input.as_bytes()[i] as char;
                let flipped = if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                };
                (
                    format!("{}{}{}", &input[..i], flipped, &input[i + 1..]),
                    "BadEip55".to_owned(),
                )
            }
            // No checksum: Solana, Tron hex, unchecksummed EVM.
            _ => return Ok(()),
        };
        tested += 1;
        check_error_case(&broken, &want)
    });
    assert!(tested >= 900, "only {tested} near misses");
}
