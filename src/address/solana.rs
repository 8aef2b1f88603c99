//! solana addresses (stub; being implemented).
use super::{Address, AddressKey, ParseError};
pub(crate) fn parse(_s: &str) -> Result<Address, ParseError> {
    Err(ParseError::UnknownFormat)
}
pub(crate) fn encode(_k: &AddressKey) -> Option<String> {
    None
}
