//! wasm32 only: the extension's background engine and the www site's engine.
//!
//! JS holds an opaque [`engine::Engine`] handle; errors cross as `JsError`, never panics.
//! Files: `engine.rs` (scan/check/info for the extension and www), `tx.rs` (wallet request
//! checks), `feed.rs` (list refresh), and, only with the `bench-exports` feature,
//! `bench.rs` and `index_bench.rs` (exports used by benches/peers; kept out of the wasm the
//! extension and the site ship).

#[cfg(feature = "bench-exports")]
pub mod bench;
pub mod engine;
pub mod feed;
#[cfg(feature = "bench-exports")]
pub mod index_bench;
pub mod tx;
