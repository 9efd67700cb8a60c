//! Deterministic secp256k1 keys for the genesis accounts: key `n` is derived from a fixed seed, so
//! every run of `fvmi demo` produces the same addresses and state roots.

use fvmi_ipld::cbor::blake2b_256;
use fvmi_types::Address;

/// A derived secp256k1 key, kept as its `f1` address (the secret is re-derivable from the label).
#[derive(Debug, Clone)]
pub struct DemoKey {
    /// The secp256k1 address of the uncompressed public key.
    pub address: Address,
}

/// The key number `index` of the label `label` (e.g. `("account", 0)`).
///
/// The secret is BLAKE2b-256 of `fvmi-demo/<label>/<index>/<attempt>`, taking the first attempt
/// that is a valid secp256k1 scalar (all but a negligible fraction are).
pub fn derive_key(label: &str, index: u32) -> anyhow::Result<DemoKey> {
    for attempt in 0u32..16 {
        let seed = blake2b_256(format!("fvmi-demo/{label}/{index}/{attempt}").as_bytes());
        if let Ok(secret) = libsecp256k1::SecretKey::parse(&seed) {
            let public = libsecp256k1::PublicKey::from_secret_key(&secret).serialize();
            let address = Address::new_secp256k1(&public)
                .map_err(|e| anyhow::anyhow!("cannot make a secp256k1 address: {e}"))?;
            return Ok(DemoKey { address });
        }
    }
    anyhow::bail!("no valid secp256k1 key for {label}/{index}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_types::Protocol;

    #[test]
    fn keys_are_deterministic_and_distinct() {
        let a = derive_key("account", 0).unwrap();
        let again = derive_key("account", 0).unwrap();
        let b = derive_key("account", 1).unwrap();
        assert_eq!(a.address, again.address);
        assert_ne!(a.address, b.address);
        assert_eq!(a.address.protocol(), Protocol::Secp256k1);
    }
}
