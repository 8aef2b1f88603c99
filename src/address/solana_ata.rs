//! Associated token accounts (ATAs): the token account the SPL Associated Token Account
//! program gives a wallet for one mint. SPL token transfers name that account, not the
//! wallet, so a send of USDC to a listed Solana owner names an address that is on no list;
//! deriving the ATAs of listed owners turns it back into the owner.
//!
//! An ATA is the program-derived address (PDA) of seeds `[owner, token program, mint]` under
//! the ATA program: the first bump b = 255, 254, ... for which
//! `sha256(owner || token_program || mint || [b] || ata_program || "ProgramDerivedAddress")`
//! is NOT a point on ed25519 (Solana's `find_program_address`). The on-curve test is the real
//! one: point decompression by curve25519-dalek (already in the tree through ed25519-dalek).
use curve25519_dalek::edwards::CompressedEdwardsY;
use sha2::{Digest, Sha256};

pub const TOKEN_PROGRAM: &str = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
pub const TOKEN_2022_PROGRAM: &str = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";
pub const ATA_PROGRAM: &str = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL";

/// Mints whose token accounts are precomputed for every listed owner: a plain `Transfer`
/// names no mint, so its destination can only be looked up, not derived. (mint, symbol,
/// token program). Stablecoins and wrapped SOL carry most value on Solana.
pub const WELL_KNOWN_MINTS: &[(&str, &str, &str)] = &[
    (
        "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
        "USDC",
        TOKEN_PROGRAM,
    ),
    (
        "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB",
        "USDT",
        TOKEN_PROGRAM,
    ),
    (
        "HzwqbKZw8HxMN6bF2yFZNrht3c2iXXzpKcFu7uBEDKtr",
        "EURC",
        TOKEN_PROGRAM,
    ),
    (
        "So11111111111111111111111111111111111111112",
        "wSOL",
        TOKEN_PROGRAM,
    ),
    (
        "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo",
        "PYUSD",
        TOKEN_2022_PROGRAM,
    ),
];

/// A base58 32-byte key (the constants above; callers' keys are already bytes).
pub fn key(b58: &str) -> [u8; 32] {
    let mut k = [0u8; 32];
    let n = bs58::decode(b58).onto(&mut k[..]).unwrap_or(0);
    debug_assert_eq!(n, 32, "{b58} is not a 32-byte key");
    k
}

/// True when `k` is the compressed form of a point on ed25519 (PDAs never are).
pub fn on_curve(k: &[u8; 32]) -> bool {
    CompressedEdwardsY(*k).decompress().is_some()
}

/// Solana's `find_program_address(seeds, program)`: the address and its bump.
pub fn find_program_address(seeds: &[&[u8]], program: &[u8; 32]) -> Option<([u8; 32], u8)> {
    for bump in (0..=255u8).rev() {
        let mut h = Sha256::new();
        for s in seeds {
            h.update(s);
        }
        h.update([bump]);
        h.update(program);
        h.update(b"ProgramDerivedAddress");
        let k: [u8; 32] = h.finalize().into();
        if !on_curve(&k) {
            return Some((k, bump));
        }
    }
    None
}

/// The associated token account of `owner` for `mint` under `token_program`.
pub fn associated_token_account(
    owner: &[u8; 32],
    mint: &[u8; 32],
    token_program: &[u8; 32],
) -> [u8; 32] {
    let ata = key(ATA_PROGRAM);
    find_program_address(&[owner, token_program, mint], &ata)
        .expect("a bump in 0..=255 is off the curve (probability 1 - 2^-256)")
        .0
}

/// The symbol of a well-known mint.
pub fn mint_symbol(mint: &[u8; 32]) -> Option<&'static str> {
    WELL_KNOWN_MINTS
        .iter()
        .find(|(m, _, _)| key(m) == *mint)
        .map(|(_, s, _)| *s)
}
