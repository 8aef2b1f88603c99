//! The native integration tests, as one test binary (regex's `tests/lib.rs` pattern): one
//! crate to compile and link instead of one per file. Run one module with a filter, e.g.
//! `cargo test --test suite list_feed::`. The wasm tests stay separate binaries
//! (tests/wasm_node.rs, wasm_feed.rs, wasm_browser.rs; `./build.sh test` runs them).

mod address_props;
mod address_vectors;
mod bundled_list;
mod cli;
mod fixture;
mod js_facts;
mod list_bundle;
mod list_cli;
mod list_feed;
mod list_import;
mod publish;
mod scan_decoys;
mod scan_props;
mod scan_vectors;
mod tx_check;
mod tx_props;
mod tx_vectors;
mod vectors;
mod verdict;
