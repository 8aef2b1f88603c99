//! Ed25519 signing and verification of bundles, and the hex key files.
//!
//! A bundle's last [`SIGNATURE_LEN`] bytes are an Ed25519 signature (RFC 8032, checked with
//! `verify_strict`: no malleable or small-order keys) over every byte before them. Key files
//! are one line of lowercase hex: `publisher.key` holds the 32-byte secret seed,
//! `publisher.pub` the 32-byte public key.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// Length of the signature trailer.
pub const SIGNATURE_LEN: usize = 64;

/// Parses 64 hex digits (surrounding whitespace ignored) into 32 bytes.
pub fn parse_key_hex(text: &str) -> Result<[u8; 32], String> {
    let t = text.trim();
    if t.len() != 64 {
        return Err(format!(
            "expected 64 hex digits, found {} characters",
            t.len()
        ));
    }
    crate::hex::decode_array(t).ok_or_else(|| "not a hex digit".to_string())
}

/// Lowercase hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
    crate::hex::encode(bytes)
}

/// Compile-time hex decoding of a pinned public key (whitespace skipped). A malformed
/// pinned key is a build error, not a runtime one.
pub(crate) const fn const_key_hex(s: &str) -> [u8; 32] {
    let b = s.as_bytes();
    let mut out = [0u8; 32];
    let mut n = 0; // nibbles written
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        let v = match c {
            b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => match crate::hex::val(c) {
                Some(v) => v,
                None => panic!("pinned publisher key: not a hex digit"),
            },
        };
        if n >= 64 {
            panic!("pinned publisher key: more than 64 hex digits");
        }
        if n % 2 == 0 {
            out[n / 2] = v << 4;
        } else {
            out[n / 2] |= v;
        }
        n += 1;
    }
    if n != 64 {
        panic!("pinned publisher key: expected 64 hex digits");
    }
    out
}

/// The public key of a secret seed.
pub fn public_key(secret: &[u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(secret).verifying_key().to_bytes()
}

/// Signs `message` with the secret seed.
pub fn sign(secret: &[u8; 32], message: &[u8]) -> [u8; SIGNATURE_LEN] {
    SigningKey::from_bytes(secret).sign(message).to_bytes()
}

/// True when `sig` is a valid strict Ed25519 signature of `message` by `pubkey`.
pub fn verify(pubkey: &[u8; 32], message: &[u8], sig: &[u8; SIGNATURE_LEN]) -> bool {
    let Ok(vk) = VerifyingKey::from_bytes(pubkey) else {
        return false;
    };
    vk.verify_strict(message, &Signature::from_bytes(sig))
        .is_ok()
}

/// Replaces the signature trailer of `bundle` with a fresh signature by `secret`.
/// Returns false when `bundle` is too short to have a trailer.
pub fn sign_bundle_in_place(bundle: &mut [u8], secret: &[u8; 32]) -> bool {
    if bundle.len() < SIGNATURE_LEN {
        return false;
    }
    let split = bundle.len() - SIGNATURE_LEN;
    let sig = sign(secret, &bundle[..split]);
    bundle[split..].copy_from_slice(&sig);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8032 section 7.1, TEST 1 (empty message).
    #[test]
    fn rfc8032_test1() {
        let sk = parse_key_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
            .unwrap();
        let pk = parse_key_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
            .unwrap();
        assert_eq!(public_key(&sk), pk);
        let sig = sign(&sk, b"");
        assert_eq!(
            to_hex(&sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
        assert!(verify(&pk, b"", &sig));
        assert!(!verify(&pk, b"x", &sig));
    }

    #[test]
    fn hex_round_trip_and_errors() {
        let k = [0xabu8; 32];
        assert_eq!(parse_key_hex(&format!("  {}\n", to_hex(&k))).unwrap(), k);
        assert!(parse_key_hex("abc").is_err());
        assert!(parse_key_hex(&"zz".repeat(32)).is_err());
        assert_eq!(const_key_hex(&to_hex(&k)), k);
    }
}
