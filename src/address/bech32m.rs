//! BIP-173/350 segwit and BNB Beacon bech32 (stub; being implemented).
use super::{Address, AddressKey, ParseError};
pub(crate) fn parse_segwit(_s: &str) -> Result<Address, ParseError> {
    Err(ParseError::UnknownFormat)
}
pub(crate) fn parse_bnb(_s: &str) -> Result<Address, ParseError> {
    Err(ParseError::UnknownFormat)
}
pub(crate) fn encode_segwit(_k: &AddressKey) -> Option<String> {
    None
}
pub(crate) fn encode_bnb(_k: &AddressKey) -> Option<String> {
    None
}
