//! Wallet request checks for the background: `engine.checkRequest(json)`.
//!
//! The page-world script serialises each signing or sending call as JSON text
//! (`{family, method, params}`, at most [`crate::tx::MAX_REQUEST_BYTES`]); the background
//! hands it here and gets a [`crate::tx::Report`] back as a plain object: `sanctioned`,
//! `error` ("could not read this request: ..."), `targets` (address, role, action, asset,
//! amount, verdict), `notes`, `list_source`, `list_date`. Unreadable input is a report with
//! `error`, never a thrown error or a panic. Every English text has its code and parameters
//! beside it (`error_code`/`error_params`, `action_code`/`action_params`, `note_codes`,
//! `list_source_code`: [`crate::tx::text`]) for the extension to show in the UI's language.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::engine::Engine;
use crate::tx;

#[wasm_bindgen]
impl Engine {
    /// Extracts every address `request` (JSON text) sends to or authorises and checks each
    /// against the loaded set.
    #[wasm_bindgen(js_name = checkRequest)]
    pub fn check_request(&self, request: &str) -> Result<JsValue, JsError> {
        let report = tx::check_json(request, self.set());
        report
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| JsError::new(&format!("could not convert the report for JS: {e}")))
    }
}
