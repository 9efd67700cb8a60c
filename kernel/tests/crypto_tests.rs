//! Integration tests of the crypto module: signatures, hashes, CommD.

#[path = "crypto/commd.rs"]
mod commd;
#[path = "crypto/hash.rs"]
mod hash;
#[path = "crypto/signature.rs"]
mod signature;

/// Decodes a hex string (test data only).
pub fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("test hex"))
        .collect()
}
