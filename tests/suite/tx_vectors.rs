//! Wallet-request vectors (tests/vectors/tx/*.json, made by gen.mjs with ethers as an
//! independent ABI encoder): every vector's targets, in order, with roles and amounts; notes
//! and errors by substring.

use crate::vectors;
use serde_json::Value;
use sightline::tx::{extract, Target};

fn run_file(name: &str) -> usize {
    let vectors: Vec<Value> = serde_json::from_str(vectors::tx(name)).expect("vector JSON");
    let mut failures = Vec::new();
    for v in &vectors {
        let vname = v["name"].as_str().unwrap_or("?");
        if let Err(why) = run_one(v) {
            failures.push(format!("{name}: {vname}: {why}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    vectors.len()
}

fn run_one(v: &Value) -> Result<(), String> {
    let got = extract(&v["request"]);
    if let Some(err) = v.get("error").and_then(Value::as_str) {
        return match got {
            Err(e) => {
                let s = e.to_string();
                if s.starts_with("could not read this request") && s.contains(err) {
                    Ok(())
                } else {
                    Err(format!("error {s:?} lacks {err:?}"))
                }
            }
            Ok(ex) => Err(format!("expected an error, got {:?}", ex.targets)),
        };
    }
    let ex = got.map_err(|e| format!("unexpected error: {e}"))?;
    let want = v["targets"].as_array().ok_or("no targets")?;
    let brief = |t: &Target| format!("{} {:?} {:?} {:?}", t.address, t.role, t.action, t.amount);
    let got_list: Vec<String> = ex.targets.iter().map(brief).collect();
    if want.len() != ex.targets.len() {
        return Err(format!("want {} targets, got {got_list:#?}", want.len()));
    }
    for (w, t) in want.iter().zip(&ex.targets) {
        let role = serde_json::to_value(t.role).map_err(|e| e.to_string())?;
        if w["address"].as_str() != Some(t.address.as_str()) || w["role"] != role {
            return Err(format!("want {w}, got {}", brief(t)));
        }
        if let Some(a) = w.get("amount").and_then(Value::as_str) {
            if t.amount.as_deref() != Some(a) {
                return Err(format!("amount: want {a}, got {}", brief(t)));
            }
        }
        if let Some(a) = w.get("action").and_then(Value::as_str) {
            if !t.action.contains(a) {
                return Err(format!("action: want {a:?} in {}", brief(t)));
            }
        }
    }
    for n in v
        .get("notes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let n = n.as_str().unwrap_or("");
        if !ex.notes.iter().any(|x| x.to_string().contains(n)) {
            return Err(format!("note {n:?} missing from {:?}", ex.notes));
        }
    }
    Ok(())
}

#[test]
fn evm_vectors() {
    assert!(run_file("evm.json") >= 30);
}

#[test]
fn solana_vectors() {
    assert!(run_file("solana.json") >= 8);
}

#[test]
fn tron_vectors() {
    assert!(run_file("tron.json") >= 8);
}

#[test]
fn bitcoin_vectors() {
    assert!(run_file("bitcoin.json") >= 5);
}

#[test]
fn evm_raw_transaction_vectors() {
    assert!(run_file("evm_raw.json") >= 17);
}

#[test]
fn bitcoin_psbt_vectors() {
    assert!(run_file("bitcoin_psbt.json") >= 12);
}
