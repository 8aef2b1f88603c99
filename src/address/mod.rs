//! Address parsing: one module per address family, each citing the spec it implements.
//!
//! Parsing goes by stages (as rust-bitcoin does): a string is first matched to a family by
//! its shape, then its checksum is verified, then its payload is checked (version bytes,
//! lengths). Only a fully checked string becomes an [`Address`].
//!
//! Every [`Address`] carries:
//! - `chains`: every chain the string could belong to (a legacy `1...` is Bitcoin, Bitcoin
//!   Cash and Bitcoin SV alike; a `D...` is Dogecoin and Verge);
//! - `canonical`: the lookup form (EVM and bech32/cashaddr: lowercase; base58: as is);
//! - `key`: the decoded bytes the sanctions set is keyed by, split as `prefix` (family tag
//!   plus version bytes or hrp, shared by many addresses) and `payload` (the hash or public
//!   key). Two strings that denote the same on-chain address have the same key (an EIP-55
//!   and a lowercase EVM address; Tron `T...` and `41...`; `bitcoincash:q...` and `q...`).

pub(crate) mod base58check;
mod bech32;
mod cashaddr;
pub(crate) mod evm;
mod monero;
mod sha256;
mod solana;
pub mod solana_ata;
pub(crate) mod tron;
mod xrp;

use std::fmt;

pub use base58check::{base58_version, Base58Version, BASE58_VERSIONS};
pub use evm::to_eip55;

/// A chain id as the CLI and the JSON output spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Chain {
    Bitcoin = 0,
    Litecoin = 1,
    BitcoinCash = 2,
    BitcoinSv = 3,
    BitcoinGold = 4,
    Dash = 5,
    Zcash = 6,
    Verge = 7,
    Dogecoin = 8,
    BnbBeacon = 9,
    Evm = 10,
    Tron = 11,
    Monero = 12,
    Xrp = 13,
    Solana = 14,
}

impl Chain {
    /// Every chain, in id order.
    pub const ALL: [Chain; 15] = [
        Chain::Bitcoin,
        Chain::Litecoin,
        Chain::BitcoinCash,
        Chain::BitcoinSv,
        Chain::BitcoinGold,
        Chain::Dash,
        Chain::Zcash,
        Chain::Verge,
        Chain::Dogecoin,
        Chain::BnbBeacon,
        Chain::Evm,
        Chain::Tron,
        Chain::Monero,
        Chain::Xrp,
        Chain::Solana,
    ];

    /// The stable id used in JSON, the CLI and the extension's settings.
    pub fn id(self) -> &'static str {
        match self {
            Chain::Bitcoin => "bitcoin",
            Chain::Litecoin => "litecoin",
            Chain::BitcoinCash => "bitcoin-cash",
            Chain::BitcoinSv => "bitcoin-sv",
            Chain::BitcoinGold => "bitcoin-gold",
            Chain::Dash => "dash",
            Chain::Zcash => "zcash",
            Chain::Verge => "verge",
            Chain::Dogecoin => "dogecoin",
            Chain::BnbBeacon => "bnb-beacon",
            Chain::Evm => "evm",
            Chain::Tron => "tron",
            Chain::Monero => "monero",
            Chain::Xrp => "xrp",
            Chain::Solana => "solana",
        }
    }

    /// A human name for cards and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Chain::Bitcoin => "Bitcoin",
            Chain::Litecoin => "Litecoin",
            Chain::BitcoinCash => "Bitcoin Cash",
            Chain::BitcoinSv => "Bitcoin SV",
            Chain::BitcoinGold => "Bitcoin Gold",
            Chain::Dash => "Dash",
            Chain::Zcash => "Zcash",
            Chain::Verge => "Verge",
            Chain::Dogecoin => "Dogecoin",
            Chain::BnbBeacon => "BNB Beacon Chain",
            Chain::Evm => "Ethereum / EVM",
            Chain::Tron => "Tron",
            Chain::Monero => "Monero",
            Chain::Xrp => "XRP Ledger",
            Chain::Solana => "Solana",
        }
    }

    /// Parses an id as [`Chain::id`] spells it.
    pub fn from_id(id: &str) -> Option<Chain> {
        Chain::ALL.into_iter().find(|c| c.id() == id)
    }
}

impl fmt::Display for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A small set of chains (bit i = `Chain as u8 == i`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ChainSet(pub u16);

impl ChainSet {
    pub const EMPTY: ChainSet = ChainSet(0);
    pub const fn of(chains: &[Chain]) -> ChainSet {
        let mut bits = 0u16;
        let mut i = 0;
        while i < chains.len() {
            bits |= 1 << chains[i] as u8;
            i += 1;
        }
        ChainSet(bits)
    }
    pub fn contains(self, c: Chain) -> bool {
        self.0 & (1 << c as u8) != 0
    }
    pub fn insert(&mut self, c: Chain) {
        self.0 |= 1 << c as u8;
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Chain> {
        Chain::ALL.into_iter().filter(move |c| self.contains(*c))
    }
    pub fn ids(self) -> Vec<&'static str> {
        self.iter().map(Chain::id).collect()
    }
}

/// Which encoding family an address belongs to; the first byte of every [`AddressKey`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Family {
    /// Bitcoin-alphabet base58check with a 1- or 2-byte version (BTC, LTC, DOGE, DASH, ZEC t-addr, BTG, XVG).
    Base58Check = 1,
    /// 0x + 40 hex.
    Evm = 2,
    /// BIP-173/350 segwit (bc1, ltc1); prefix holds hrp and witness version.
    Segwit = 3,
    /// Bitcoin Cash cashaddr; prefix holds the hrp and version byte.
    CashAddr = 4,
    /// Monero standard, integrated and subaddress; prefix holds the network byte(s).
    Monero = 5,
    /// XRP Ledger classic address (Ripple alphabet base58check).
    Xrp = 6,
    /// Solana: base58 of a 32-byte public key, no checksum.
    Solana = 7,
    /// BNB Beacon Chain `bnb1` bech32 (plain bech32, no witness version).
    BnbBeacon = 8,
    /// Tron base58check `T...` (0x41 version) and its `41` + 40-hex form.
    Tron = 9,
}

impl Family {
    pub fn from_u8(b: u8) -> Option<Family> {
        Some(match b {
            1 => Family::Base58Check,
            2 => Family::Evm,
            3 => Family::Segwit,
            4 => Family::CashAddr,
            5 => Family::Monero,
            6 => Family::Xrp,
            7 => Family::Solana,
            8 => Family::BnbBeacon,
            9 => Family::Tron,
            _ => return None,
        })
    }
}

/// What kind of address inside its family, for display ("P2PKH", "Taproot", ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    P2pkh,
    P2sh,
    SegwitV0Keyhash,
    SegwitV0Scripthash,
    /// Witness version 1 with a 32-byte program.
    Taproot,
    /// Witness version 1..=16 other than taproot.
    SegwitFuture,
    CashAddrKeyhash,
    CashAddrScripthash,
    Evm,
    Tron,
    MoneroStandard,
    MoneroIntegrated,
    MoneroSubaddress,
    Xrp,
    Solana,
    BnbBeacon,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::P2pkh => "P2PKH",
            Kind::P2sh => "P2SH",
            Kind::SegwitV0Keyhash => "P2WPKH",
            Kind::SegwitV0Scripthash => "P2WSH",
            Kind::Taproot => "P2TR",
            Kind::SegwitFuture => "segwit",
            Kind::CashAddrKeyhash => "cashaddr P2PKH",
            Kind::CashAddrScripthash => "cashaddr P2SH",
            Kind::Evm => "account",
            Kind::Tron => "account",
            Kind::MoneroStandard => "standard",
            Kind::MoneroIntegrated => "integrated",
            Kind::MoneroSubaddress => "subaddress",
            Kind::Xrp => "classic",
            Kind::Solana => "account",
            Kind::BnbBeacon => "account",
        }
    }
}

/// The bytes the sanctions set is keyed by: `prefix` (family tag byte first, then version
/// bytes or hrp) and `payload` (hash, program or public keys).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AddressKey {
    pub prefix: Vec<u8>,
    pub payload: Vec<u8>,
}

impl AddressKey {
    pub fn new(family: Family, version: &[u8], payload: &[u8]) -> AddressKey {
        let mut prefix = Vec::with_capacity(1 + version.len());
        prefix.push(family as u8);
        prefix.extend_from_slice(version);
        AddressKey {
            prefix,
            payload: payload.to_vec(),
        }
    }
    pub fn family(&self) -> Option<Family> {
        self.prefix.first().copied().and_then(Family::from_u8)
    }
    /// Prefix then payload, as one byte string (what the index hashes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = self.prefix.clone();
        v.extend_from_slice(&self.payload);
        v
    }
}

/// A fully checked address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    pub family: Family,
    pub kind: Kind,
    pub chains: ChainSet,
    /// The lookup form: EVM and bech32/cashaddr lowercase, base58 as is, Tron as `T...`,
    /// cashaddr with its `bitcoincash:` prefix.
    pub canonical: String,
    pub key: AddressKey,
    /// EVM only: the input was mixed case and its EIP-55 checksum verified.
    pub checksummed: bool,
    /// True when the format has no checksum (Solana): only an exact set match means anything.
    pub candidate_only: bool,
}

impl Address {
    /// The address as people write it: EIP-55 mixed case for EVM (what wallets and
    /// explorers show), the canonical form for everything else.
    pub fn display(&self) -> String {
        match <&[u8; 20]>::try_from(self.key.payload.as_slice()) {
            Ok(bytes) if self.family == Family::Evm => evm::to_eip55(bytes),
            _ => self.canonical.clone(),
        }
    }

    /// Keys of the other encodings of the same on-chain address, for set lookups that must
    /// not depend on which form a list or a page used. Today: a Bitcoin Cash hash160 in
    /// legacy base58check (`1...` version 0x00, `3...` version 0x05) and in cashaddr
    /// (version byte 0x00 / 0x08). Empty for everything else.
    pub fn alternate_keys(&self) -> Vec<AddressKey> {
        let k = &self.key;
        let mut cash_prefix = [0u8; 12];
        cash_prefix[..11].copy_from_slice(cashaddr::PREFIX.as_bytes());
        match (self.family, k.prefix.get(1..), k.payload.len()) {
            (Family::Base58Check, Some([v @ (0x00 | 0x05)]), 20) => {
                cash_prefix[11] = if *v == 0x05 { 0x08 } else { 0x00 };
                vec![AddressKey::new(Family::CashAddr, &cash_prefix, &k.payload)]
            }
            (Family::CashAddr, Some(p), 20) if p.len() == 12 && p[..11] == cash_prefix[..11] => {
                match p[11] {
                    0x00 => vec![AddressKey::new(Family::Base58Check, &[0x00], &k.payload)],
                    0x08 => vec![AddressKey::new(Family::Base58Check, &[0x05], &k.payload)],
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }
}

/// Why a string is not an address. `Display` gives a short, user-facing reason.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    Empty,
    TooLong,
    /// No known family has this shape.
    UnknownFormat,
    /// Right shape, wrong checksum (the most common typo signal).
    BadChecksum(Family),
    /// Checksum fine, but the version byte or hrp is not one we know.
    UnknownVersion(Family),
    /// Checksum fine, but the payload length is wrong for its version.
    BadLength(Family),
    /// Characters outside the family's alphabet.
    BadCharacter(Family),
    /// EIP-55 mixed case that does not verify.
    BadEip55,
    /// bech32 with mixed case.
    MixedCase,
}

impl ParseError {
    /// A stable short code (the UI translates these; the CLI's JSON carries them):
    /// `empty`, `too-long`, `unknown-format`, `checksum`, `version`, `length`, `character`,
    /// `eip55`, `mixed-case`.
    pub fn code(&self) -> &'static str {
        match self {
            ParseError::Empty => "empty",
            ParseError::TooLong => "too-long",
            ParseError::UnknownFormat => "unknown-format",
            ParseError::BadChecksum(_) => "checksum",
            ParseError::UnknownVersion(_) => "version",
            ParseError::BadLength(_) => "length",
            ParseError::BadCharacter(_) => "character",
            ParseError::BadEip55 => "eip55",
            ParseError::MixedCase => "mixed-case",
        }
    }

    /// The input has an address's shape and fails only its checksum: most likely a typo
    /// (one character changed or two swapped), worth saying so beside the field.
    pub fn is_checksum(&self) -> bool {
        matches!(self, ParseError::BadChecksum(_) | ParseError::BadEip55)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => f.write_str("empty input"),
            ParseError::TooLong => f.write_str("too long to be an address"),
            ParseError::UnknownFormat => f.write_str("not a recognised address format"),
            ParseError::BadChecksum(fam) => write!(f, "checksum mismatch ({})", family_name(*fam)),
            ParseError::UnknownVersion(fam) => {
                write!(f, "unknown version or prefix ({})", family_name(*fam))
            }
            ParseError::BadLength(fam) => write!(f, "wrong payload length ({})", family_name(*fam)),
            ParseError::BadCharacter(fam) => {
                write!(f, "invalid character ({})", family_name(*fam))
            }
            ParseError::BadEip55 => {
                f.write_str("EIP-55 checksum mismatch (mixed-case EVM address)")
            }
            ParseError::MixedCase => f.write_str("bech32 string mixes upper and lower case"),
        }
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    /// How far checking got: 0 shape unknown, 1 stopped at the characters, 2 decoded (the
    /// checksum, version or length is what failed).
    fn depth(&self) -> u8 {
        match self {
            ParseError::Empty | ParseError::TooLong | ParseError::UnknownFormat => 0,
            ParseError::BadCharacter(_) | ParseError::MixedCase => 1,
            _ => 2,
        }
    }
}

fn family_name(f: Family) -> &'static str {
    match f {
        Family::Base58Check => "base58check",
        Family::Evm => "EVM hex",
        Family::Segwit => "bech32/bech32m",
        Family::CashAddr => "cashaddr",
        Family::Monero => "Monero base58",
        Family::Xrp => "XRP base58check",
        Family::Solana => "Solana base58",
        Family::BnbBeacon => "bech32",
        Family::Tron => "Tron base58check",
    }
}

/// Longest string any family accepts: a cashaddr with its `bitcoincash:` prefix and a
/// 512-bit hash (12 + 112 characters). A Monero integrated address is 106, segwit at most 90.
pub const MAX_ADDRESS_LEN: usize = 124;

/// `s` starts with `prefix`, ignoring ASCII case, and has more after it.
fn has_prefix_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.len() > prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Parses one address string (surrounding whitespace trimmed).
///
/// Dispatch is by shape, cheapest test first, and each string goes to the one family its
/// shape names (so a near miss reports that family's error, e.g. a Bitcoin address with
/// one character changed is `BadChecksum(Base58Check)`):
/// 1. `0x...` is EVM; `41` + 40 hex is Tron's hex form.
/// 2. `bitcoincash:` (and testnet `bchtest:`/`bchreg:`) is cashaddr; `bc1`/`ltc1` (and
///    testnet `tb1`/`bcrt1`/`tltc1`) is segwit; `bnb1` is BNB Beacon; a prefix-less
///    `q...`/`p...` of a cashaddr length is cashaddr. When one of these fails, a base58
///    family below may still accept the string (a Tron `TB1...`, a Solana `bc1...`).
/// 3. Otherwise the string must be all base58: `r...` of 25..=35 characters is XRP,
///    `T...` of 34 is Tron, 95 or 106 characters is Monero, and 25..=36 characters
///    is Bitcoin-alphabet base58check.
/// 4. Only when that did not succeed may a 32..=44 character base58 string that decodes to
///    exactly 32 bytes be a Solana key (`candidate_only`): Solana has no checksum, and a
///    checksummed family's failure says nothing about it. Base58check strings decode to 25
///    or 26 bytes, so a damaged one never becomes a Solana candidate.
///
/// Nothing is allocated until a family accepts the string.
pub fn parse(input: &str) -> Result<Address, ParseError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    if s.len() > MAX_ADDRESS_LEN {
        return Err(ParseError::TooLong);
    }
    let b = s.as_bytes();
    // 1. Hex forms: cheap to recognise, and never base58 ('0').
    if b.len() >= 2 && b[0] == b'0' && (b[1] == b'x' || b[1] == b'X') {
        return evm::parse(s);
    }
    if b.len() == 42 && b.starts_with(b"41") && b.iter().all(u8::is_ascii_hexdigit) {
        return tron::parse_hex(s);
    }
    // 2. Prefixed forms. Their failure is the answer unless a base58 family accepts.
    let mut err = ParseError::UnknownFormat;
    let first = b[0].to_ascii_lowercase();
    // Every prefix below starts with `b`, `l` or `t`: the first byte skips the rest.
    let (is_b, is_l, is_t) = (first == b'b', first == b'l', first == b't');
    if is_b
        && (has_prefix_ci(b, b"bitcoincash:")
            || has_prefix_ci(b, b"bchtest:")
            || has_prefix_ci(b, b"bchreg:"))
    {
        return cashaddr::parse(s);
    }
    if (is_b && (has_prefix_ci(b, b"bc1") || has_prefix_ci(b, b"bcrt1")))
        || (is_l && has_prefix_ci(b, b"ltc1"))
        || (is_t && (has_prefix_ci(b, b"tb1") || has_prefix_ci(b, b"tltc1")))
    {
        match bech32::parse_segwit(s) {
            Ok(a) => return Ok(a),
            Err(e) => err = e,
        }
    } else if is_b && has_prefix_ci(b, b"bnb1") {
        match bech32::parse_bnb(s) {
            Ok(a) => return Ok(a),
            Err(e) => err = e,
        }
    } else if (first == b'q' || first == b'p') && cashaddr::is_payload_len(b.len()) {
        match cashaddr::parse(s) {
            Ok(a) => return Ok(a),
            Err(e) => err = e,
        }
    }
    // 3. Base58 families. A string with a character outside the base58 alphabet is none of
    // them (nor Solana); the decoders reject such characters themselves, so the check runs
    // only when they did not accept (it is not paid on the way to a valid address).
    let all_base58 = || b.iter().all(|c| base58check::is_base58_char(*c));
    let (primary, bitcoin_alphabet) = match (b[0], b.len()) {
        (b'r', 25..=35) => (Some(xrp::parse(s)), false),
        (b'T', 34) => (Some(tron::parse(s)), true),
        (_, 95 | 106) => (Some(monero::parse(s)), false),
        (b'r' | b'T', _) => (None, false),
        (_, 25..=36) => (Some(base58check::parse(s)), true),
        _ => (None, false),
    };
    // A Bitcoin-alphabet decode that reached its checksum or version held at most 30 bytes
    // (the decoders' buffers), so the same string is no 32-byte Solana key: skip decoding it
    // again (a damaged `1...`/`T...` address would otherwise be decoded twice).
    let not_solana = bitcoin_alphabet
        && matches!(
            primary,
            Some(Err(
                ParseError::BadChecksum(_) | ParseError::UnknownVersion(_)
            ))
        );
    match primary {
        // Every base58 family's alphabet has the same 58 characters: a success means the
        // string was all base58.
        Some(Ok(a)) => return Ok(a),
        _ if !all_base58() => return Err(err),
        // A base58 family that decoded the string says more than a prefixed family that
        // stopped at its characters (a Tron `TB1...` is not a broken testnet `tb1`).
        Some(Err(e)) if e.depth() > err.depth() => err = e,
        _ => {}
    }
    // 4. A Solana key, if nothing with a checksum accepted it.
    if !not_solana && (32..=44).contains(&b.len()) {
        if let Ok(a) = solana::parse(s) {
            return Ok(a);
        }
    }
    Err(err)
}

/// Re-encodes a key into its canonical string (for `list show`, diffs and the list browser).
pub fn encode_key(key: &AddressKey) -> Option<String> {
    match key.family()? {
        Family::Base58Check => base58check::encode(key),
        Family::Evm => evm::encode(key),
        Family::Segwit => bech32::encode_segwit(key),
        Family::CashAddr => cashaddr::encode(key),
        Family::Monero => monero::encode(key),
        Family::Xrp => xrp::encode(key),
        Family::Solana => solana::encode(key),
        Family::BnbBeacon => bech32::encode_bnb(key),
        Family::Tron => tron::encode(key),
    }
}
