// Generated from the Rust core by tests/suite/js_facts.rs: do not edit. To regenerate:
//   SIGHTLINE_WRITE_FACTS=1 cargo test --test suite js_facts

/** Every chain the engine knows: [id, display name] (address::Chain). */
export const CHAINS = Object.freeze([
  ["bitcoin", "Bitcoin"],
  ["litecoin", "Litecoin"],
  ["bitcoin-cash", "Bitcoin Cash"],
  ["bitcoin-sv", "Bitcoin SV"],
  ["bitcoin-gold", "Bitcoin Gold"],
  ["dash", "Dash"],
  ["zcash", "Zcash"],
  ["verge", "Verge"],
  ["dogecoin", "Dogecoin"],
  ["bnb-beacon", "BNB Beacon Chain"],
  ["evm", "Ethereum / EVM"],
  ["tron", "Tron"],
  ["monero", "Monero"],
  ["xrp", "XRP Ledger"],
  ["solana", "Solana"],
]);
export const CHAIN_NAME = Object.freeze(Object.fromEntries(CHAINS));
/** The chain's display name, or its id when unknown. */
export const chainName = (id) => CHAIN_NAME[id] || id;

/** Largest wallet request the engine checks, in UTF-8 bytes (tx::MAX_REQUEST_BYTES). */
export const MAX_REQUEST_BYTES = 1048576;
/** Days after which the list is old and clear verdicts say so (list::STALE_AFTER_DAYS). */
export const STALE_AFTER_DAYS = 14;
/** How far ahead of the clock a list date may be before it is suspect, in seconds (list::publish::CLOCK_SKEW_SECONDS). */
export const CLOCK_SKEW_SECONDS = 86400;
/** Shortest run of letters and digits that can be an address (scan::MIN_TOKEN). */
export const MIN_TOKEN = 25;
/** Longest one (scan::MAX_TOKEN). */
export const MAX_TOKEN = 112;
/** Characters the scanner reads before a run that follows ':' (scan::LOOK_BEHIND). */
export const LOOK_BEHIND = 13;
/** OFAC's page of an SDN entry, followed by its uid (verdict::OFAC_ENTRY_URL). */
export const OFAC_ENTRY_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=";
export const ofacEntryUrl = (uid) => OFAC_ENTRY_URL + encodeURIComponent(String(uid));

/** The project (Cargo.toml `repository`), and its site (`homepage`). */
export const PROJECT_URL = "https://github.com/sightline-project/sightline";
export const HOMEPAGE_URL = "https://sightline-project.github.io/sightline/";
/** A new issue on the tracker with this title: opened by the user, never sent by us. */
export const reportUrl = (title) => `${PROJECT_URL}/issues/new?title=${encodeURIComponent(title)}`;
