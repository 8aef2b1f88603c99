//! The extension's background engine (wasm32 only; stub).
