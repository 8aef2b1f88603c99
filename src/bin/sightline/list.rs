//! `sightline list ...`: build, keygen, sign, verify, show, diff, publish (being written).

/// Arguments of `sightline list`.
#[derive(Debug, Default)]
pub struct ListArgs {}
