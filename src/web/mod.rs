//! wasm32 only: the extension's background engine and the www site's engine.
//!
//! JS holds an opaque [`engine::Engine`] handle; errors cross as `JsError`, never panics.
//! Files: `engine.rs` (scan/check/info for the extension and www), `tx.rs` (wallet request
//! checks), `bench.rs` and `index_bench.rs` (exports used only by benches/peers).

pub mod bench;
pub mod engine;
pub mod feed;
pub mod index_bench;
pub mod tx;
