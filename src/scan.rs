//! Text in, spans of validated addresses out (stub; being implemented).
use crate::address::Address;

/// One address found in a text: byte offsets `start..end` into the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub address: Address,
}

/// Scans `text` in one pass and returns every validated address, in order.
pub fn scan(_text: &str) -> Vec<Found> {
    Vec::new()
}
