//! The test data of tests/vectors/, compiled into the suite (include_str!, include_bytes!):
//! the data-driven tests open no file at run time, so they do not depend on the working
//! directory and need no file system (they could run under wasm). Each table lists one
//! directory's data files, its generator scripts aside; `every_data_file_is_compiled_in`
//! fails when a file there is missing here, so none is silently left out.

/// `(file name, contents)` of the named files of `tests/vectors/<dir>/`.
macro_rules! files {
    ($dir:literal, $include:ident: $($name:literal),+ $(,)?) => {
        &[$(($name, $include!(concat!("../vectors/", $dir, "/", $name)))),+]
    };
}

/// Address parsing: spec vectors, generated and hand-written cases, OFAC's addresses.
pub const ADDRESS: &[(&str, &str)] = files!("address", include_str:
    "bip173.json", "bip350.json", "cases.json", "cashaddr.json", "eip55.json", "key_io.json",
    "monero.json", "ofac_addresses.json",
);

/// The scanner: `cases_*.json` (text and expected findings) and `pool.json` (valid addresses).
pub const SCAN: &[(&str, &str)] = files!("scan", include_str:
    "cases_context.json", "cases_negative.json", "cases_punctuation.json", "cases_solana.json",
    "pool.json",
);

/// Text in which the scanner must find nothing but candidate-only shapes.
pub const DECOYS: &[(&str, &[u8])] = files!("decoys", include_bytes:
    "base64_blobs.txt", "git_pgp_hashes.txt", "ipfs_cids.txt", "keys_and_tokens.txt",
    "near_miss_checksums.txt", "random_base58.txt", "tx_hashes.txt", "uuids.txt",
    "words_identifiers.txt",
);

/// Wallet requests and what they pay.
pub const TX: &[(&str, &str)] = files!("tx", include_str:
    "bitcoin.json", "bitcoin_psbt.json", "evm.json", "evm_raw.json", "solana.json",
    "solana_spl.json", "tron.json",
);

/// Importer inputs: OFAC XML excerpts and fixtures, a user-list CSV.
pub const OFAC: &[(&str, &str)] = files!("ofac", include_str:
    "sdn_advanced_excerpt_real.xml", "sdn_advanced_fixture.xml", "sdn_classic_fixture.xml",
    "user_list.csv",
);

fn get<T: ?Sized>(dir: &str, table: &[(&str, &'static T)], name: &str) -> &'static T {
    match table.iter().find(|(n, _)| *n == name) {
        Some((_, contents)) => contents,
        None => panic!("tests/vectors/{dir}/{name} is not in tests/suite/vectors.rs"),
    }
}

pub fn address(name: &str) -> &'static str {
    get("address", ADDRESS, name)
}

pub fn scan(name: &str) -> &'static str {
    get("scan", SCAN, name)
}

pub fn tx(name: &str) -> &'static str {
    get("tx", TX, name)
}

pub fn ofac(name: &str) -> &'static str {
    get("ofac", OFAC, name)
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_data_file_is_compiled_in() {
    use std::collections::BTreeSet;
    fn names<T: ?Sized>(table: &[(&str, &T)]) -> BTreeSet<String> {
        table.iter().map(|(n, _)| n.to_string()).collect()
    }
    for (dir, listed) in [
        ("address", names(ADDRESS)),
        ("scan", names(SCAN)),
        ("decoys", names(DECOYS)),
        ("tx", names(TX)),
        ("ofac", names(OFAC)),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors")
            .join(dir);
        let on_disk: BTreeSet<String> = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| {
                [".json", ".txt", ".xml", ".csv"]
                    .iter()
                    .any(|x| n.ends_with(x))
            })
            .collect();
        assert_eq!(
            on_disk, listed,
            "tests/vectors/{dir}: the data files on disk and those in tests/suite/vectors.rs differ"
        );
    }
}
