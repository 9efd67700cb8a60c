//! The on-chain length of a message: what an explicit message's inclusion gas is charged for
//! ([`ApplyKind::Explicit`](super::ApplyKind::Explicit)'s `raw_length`).

/// Extra bytes counted for a secp256k1-signed message: a 65-byte signature, its type byte and
/// 3 bytes of CBOR framing (the reference runner's rule for explicit messages).
pub const SECP_SIGNATURE_OVERHEAD: usize = 65 + 4;

/// The address protocol byte of secp256k1 addresses.
const SECP256K1_PROTOCOL: u8 = 1;

/// The on-chain length of a message: its encoded bytes, plus the signature overhead if the
/// sender is a secp256k1 address (BLS messages are aggregated and counted unsigned).
///
/// Bytes that do not decode far enough to find the sender count as unsigned; the executor will
/// reject such a message on its own.
pub fn chain_length(message: &[u8]) -> usize {
    let signed = sender_protocol(message) == Some(SECP256K1_PROTOCOL);
    message.len() + if signed { SECP_SIGNATURE_OVERHEAD } else { 0 }
}

/// The protocol byte of the `from` address of a CBOR message
/// `[version, to, from, nonce, value, gas_limit, fee_cap, premium, method, params]`.
fn sender_protocol(message: &[u8]) -> Option<u8> {
    let mut reader = CborPeek { bytes: message };
    let (major, len) = reader.header()?;
    if major != 4 || len != 10 {
        return None;
    }
    let (version_major, _) = reader.header()?;
    if version_major != 0 {
        return None;
    }
    reader.byte_string()?; // to
    reader.byte_string()?.first().copied()
}

/// A minimal reader for the CBOR heads at the start of a message.
struct CborPeek<'a> {
    bytes: &'a [u8],
}

impl<'a> CborPeek<'a> {
    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(count)?;
        self.bytes = rest;
        Some(head)
    }

    /// A major type and its argument.
    fn header(&mut self) -> Option<(u8, u64)> {
        let first = *self.take(1)?.first()?;
        let (major, info) = (first >> 5, first & 0x1f);
        let width = match info {
            0..=23 => return Some((major, u64::from(info))),
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => return None,
        };
        let argument = self
            .take(width)?
            .iter()
            .fold(0u64, |acc, byte| (acc << 8) | u64::from(*byte));
        Some((major, argument))
    }

    fn byte_string(&mut self) -> Option<&'a [u8]> {
        let (major, len) = self.header()?;
        if major != 2 {
            return None;
        }
        self.take(usize::try_from(len).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mainnet message from an f1 (secp256k1) address.
    const SECP_MESSAGE: [u8; 72] = [
        0x8a, 0x00, 0x44, 0x00, 0xb7, 0xae, 0x35, 0x55, 0x01, 0x2c, 0x1f, 0x02, 0x80, 0xc0, 0x47,
        0x8a, 0x66, 0x8c, 0x1d, 0x34, 0xa8, 0x51, 0x46, 0xf0, 0x1d, 0xff, 0x2f, 0x94, 0xea, 0x19,
        0x0a, 0x3c, 0x40, 0x1a, 0x00, 0x7a, 0x4a, 0xde, 0x46, 0x00, 0x01, 0x2a, 0x05, 0xf2, 0x00,
        0x44, 0x00, 0x01, 0x85, 0x59, 0x02, 0x54, 0x84, 0x43, 0x00, 0xa1, 0x15, 0x40, 0x10, 0x4c,
        0x81, 0x4a, 0x00, 0x77, 0x43, 0x22, 0x17, 0xe6, 0x83, 0x60, 0x00, 0x00,
    ];

    #[test]
    fn counts_the_signature_only_for_secp_senders() {
        let secp = SECP_MESSAGE;
        assert_eq!(sender_protocol(&secp), Some(1));
        assert_eq!(chain_length(&secp), secp.len() + 69);
        // The same shape from an ID sender (protocol 0).
        let id_sender = [0x8a, 0x00, 0x42, 0x00, 0x01, 0x42, 0x00, 0x02];
        assert_eq!(sender_protocol(&id_sender), Some(0));
        assert_eq!(chain_length(&id_sender), id_sender.len());
    }

    proptest::proptest! {
        /// Any bytes give a length of at least the input and never panic.
        #[test]
        fn chain_length_is_total(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            let length = chain_length(&bytes);
            proptest::prop_assert!(length == bytes.len() || length == bytes.len() + SECP_SIGNATURE_OVERHEAD);
        }
    }

    #[test]
    fn garbage_counts_as_unsigned() {
        for bytes in [
            &[][..],
            &[0x8a],
            &[0x8a, 0x00, 0x5b, 0xff],
            &[0x81, 0x00],
            &[0xff; 4],
        ] {
            assert_eq!(chain_length(bytes), bytes.len());
        }
    }
}
