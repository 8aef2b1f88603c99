//! The facts the extension and the site share with the Rust core, rendered from Rust into
//! one generated ES module (extension/shared/facts.js; www/build.mjs copies it). This test
//! fails when the committed module and the Rust values differ; to regenerate:
//!   SIGHTLINE_WRITE_FACTS=1 cargo test --test suite js_facts
use sightline::address::Chain;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/extension/shared/facts.js");
const COMMITTED: &str = include_str!("../../extension/shared/facts.js");

fn render() -> String {
    let chains: Vec<String> = Chain::ALL
        .iter()
        .map(|c| format!("  [{}, {}],\n", json(c.id()), json(c.name())))
        .collect();
    // The header is part of the committed module: it still names this file's old path and
    // command until extension/shared/facts.js is regenerated with the new ones.
    format!(
        "// Generated from the Rust core by tests/suite/js_facts.rs: do not edit. To regenerate:\n\
         //   SIGHTLINE_WRITE_FACTS=1 cargo test --test suite js_facts\n\
         \n\
         /** Every chain the engine knows: [id, display name] (address::Chain). */\n\
         export const CHAINS = Object.freeze([\n{chains}]);\n\
         export const CHAIN_NAME = Object.freeze(Object.fromEntries(CHAINS));\n\
         /** The chain's display name, or its id when unknown. */\n\
         export const chainName = (id) => CHAIN_NAME[id] || id;\n\
         \n\
         /** Largest wallet request the engine checks, in UTF-8 bytes (tx::MAX_REQUEST_BYTES). */\n\
         export const MAX_REQUEST_BYTES = {max_req};\n\
         /** Days after which the list is old and clear verdicts say so (list::STALE_AFTER_DAYS). */\n\
         export const STALE_AFTER_DAYS = {stale};\n\
         /** How far ahead of the clock a list date may be before it is suspect, in seconds \
         (list::publish::CLOCK_SKEW_SECONDS). */\n\
         export const CLOCK_SKEW_SECONDS = {skew};\n\
         /** Shortest run of letters and digits that can be an address (scan::MIN_TOKEN). */\n\
         export const MIN_TOKEN = {min_tok};\n\
         /** Longest one (scan::MAX_TOKEN). */\n\
         export const MAX_TOKEN = {max_tok};\n\
         /** Characters the scanner reads before a run that follows ':' (scan::LOOK_BEHIND). */\n\
         export const LOOK_BEHIND = {look};\n\
         /** OFAC's page of an SDN entry, followed by its uid (verdict::OFAC_ENTRY_URL). */\n\
         export const OFAC_ENTRY_URL = {ofac};\n\
         export const ofacEntryUrl = (uid) => OFAC_ENTRY_URL + encodeURIComponent(String(uid));\n\
         \n\
         /** The project (Cargo.toml `repository`), and its site (`homepage`). */\n\
         export const PROJECT_URL = {project};\n\
         export const HOMEPAGE_URL = {homepage};\n\
         /** A new issue on the tracker with this title: opened by the user, never sent by us. */\n\
         export const reportUrl = (title) => `${{PROJECT_URL}}/issues/new?title=${{encodeURIComponent(title)}}`;\n",
        chains = chains.concat(),
        max_req = sightline::tx::MAX_REQUEST_BYTES,
        stale = sightline::list::STALE_AFTER_DAYS,
        skew = sightline::list::publish::CLOCK_SKEW_SECONDS,
        min_tok = sightline::scan::MIN_TOKEN,
        max_tok = sightline::scan::MAX_TOKEN,
        look = sightline::scan::LOOK_BEHIND,
        ofac = json(sightline::verdict::OFAC_ENTRY_URL),
        project = json(sightline::PROJECT_URL),
        homepage = json(sightline::HOMEPAGE_URL),
    )
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[test]
fn generated_facts_module_matches_the_rust_values() {
    let now = render();
    if std::env::var_os("SIGHTLINE_WRITE_FACTS").is_some() {
        std::fs::write(PATH, &now).unwrap();
        return;
    }
    assert!(
        COMMITTED == now,
        "extension/shared/facts.js is out of date with the Rust values: regenerate it with\n  SIGHTLINE_WRITE_FACTS=1 cargo test --test suite js_facts"
    );
}
