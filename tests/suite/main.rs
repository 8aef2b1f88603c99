//! The native integration tests, as one test binary (regex's `tests/lib.rs` pattern): one
//! crate to compile and link instead of one per file. Run one module with a filter, e.g.
//! `cargo test --test suite list_feed::`. The wasm tests stay separate binaries
//! (tests/wasm_node.rs, wasm_feed.rs, wasm_browser.rs; `./build.sh test` runs them).
//!
//! Shared by the modules: `vectors` (the data of tests/vectors/, compiled in), `fixture`
//! (a small sanctions set built from records, and the test keys). The tests of the code
//! check against those; what the shipped list (lists/ofac-sdn.bundle) holds is asserted in
//! `bundled_list` alone, so a data refresh touches that one file.

mod address_props;
mod address_vectors;
mod bundled_list;
mod cli;
mod cli_scan;
mod cli_schema;
mod cli_screen;
mod fixture;
mod js_facts;
mod list_bundle;
mod list_cli;
mod list_dates;
mod list_feed;
mod list_history;
mod list_import;
mod publish;
mod scan_decoys;
mod scan_props;
mod scan_vectors;
mod shortened;
mod tx_check;
mod tx_props;
mod tx_text;
mod tx_vectors;
mod vectors;
mod verdict;
