//! Bitcoin-alphabet base58check (stub; being implemented).
use super::{Address, AddressKey, ParseError};

/// Networks sharing the bitcoin base58check scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base58Network {}

pub(crate) fn is_base58_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() && !matches!(c, b'0' | b'O' | b'I' | b'l')
}
pub(crate) fn parse(_s: &str) -> Result<Address, ParseError> {
    Err(ParseError::UnknownFormat)
}
pub(crate) fn encode(_k: &AddressKey) -> Option<String> {
    None
}
