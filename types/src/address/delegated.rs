//! The payload of a delegated (f4, protocol 4) address: a namespace actor ID plus a subaddress
//! of at most [`MAX_SUBADDRESS_LEN`] bytes chosen by that actor.
//!
//! The subaddress lives in a fixed-size buffer so that [`DelegatedAddress`] (and therefore
//! `Payload` and `Address`) stays `Copy`. Bytes past the length are never observable: equality,
//! hashing and ordering only look at the used bytes.

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};

use super::{AddressError, Payload, MAX_SUBADDRESS_LEN};
use crate::ActorID;

/// A delegated address payload: `namespace` (the actor that manages the subaddress space) and
/// up to [`MAX_SUBADDRESS_LEN`] subaddress bytes.
#[derive(Clone, Copy)]
pub struct DelegatedAddress {
    namespace: ActorID,
    // Always `<= MAX_SUBADDRESS_LEN`.
    length: u8,
    buffer: [u8; MAX_SUBADDRESS_LEN],
}

// The length is stored as a `u8`; make sure every valid length fits.
const _: () = assert!(MAX_SUBADDRESS_LEN <= u8::MAX as usize);

impl DelegatedAddress {
    /// A delegated payload, or [`AddressError::InvalidPayloadLength`] if `subaddress` is longer
    /// than [`MAX_SUBADDRESS_LEN`] bytes.
    pub fn new(namespace: ActorID, subaddress: &[u8]) -> Result<DelegatedAddress, AddressError> {
        let len = subaddress.len();
        let mut buffer = [0u8; MAX_SUBADDRESS_LEN];
        buffer
            .get_mut(..len)
            .ok_or(AddressError::InvalidPayloadLength(len))?
            .copy_from_slice(subaddress);
        Ok(DelegatedAddress {
            namespace,
            // `len <= MAX_SUBADDRESS_LEN <= u8::MAX` after the check above.
            length: len as u8,
            buffer,
        })
    }

    /// The namespace: the ID of the actor that manages this subaddress space.
    pub fn namespace(&self) -> ActorID {
        self.namespace
    }

    /// The subaddress bytes.
    pub fn subaddress(&self) -> &[u8] {
        // `length <= MAX_SUBADDRESS_LEN` is an invariant, so this never falls back.
        self.buffer
            .get(..usize::from(self.length))
            .unwrap_or_default()
    }
}

impl PartialEq for DelegatedAddress {
    fn eq(&self, other: &Self) -> bool {
        self.namespace == other.namespace && self.subaddress() == other.subaddress()
    }
}

impl Eq for DelegatedAddress {}

impl Hash for DelegatedAddress {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.namespace.hash(state);
        self.subaddress().hash(state);
    }
}

/// Same order as the reference: namespace first, then subaddress length, then subaddress
/// bytes (so a shorter subaddress sorts first whatever its contents).
impl Ord for DelegatedAddress {
    fn cmp(&self, other: &Self) -> Ordering {
        self.namespace
            .cmp(&other.namespace)
            .then(self.length.cmp(&other.length))
            .then_with(|| self.subaddress().cmp(other.subaddress()))
    }
}

impl PartialOrd for DelegatedAddress {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for DelegatedAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DelegatedAddress")
            .field("namespace", &self.namespace)
            .field("subaddress", &self.subaddress())
            .finish()
    }
}

impl TryFrom<&Payload> for DelegatedAddress {
    type Error = AddressError;

    fn try_from(payload: &Payload) -> Result<DelegatedAddress, AddressError> {
        match payload {
            Payload::Delegated(delegated) => Ok(*delegated),
            _ => Err(AddressError::NonDelegatedAddress),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn length_limit() {
        assert!(DelegatedAddress::new(10, &[7; MAX_SUBADDRESS_LEN]).is_ok());
        assert_eq!(
            DelegatedAddress::new(10, &[7; MAX_SUBADDRESS_LEN + 1]),
            Err(AddressError::InvalidPayloadLength(MAX_SUBADDRESS_LEN + 1))
        );
        let empty = DelegatedAddress::new(u64::MAX, &[]).expect("empty subaddress");
        assert_eq!(empty.subaddress(), &[] as &[u8]);
        assert_eq!(empty.namespace(), u64::MAX);
    }

    #[test]
    fn equality_ignores_unused_buffer_bytes() {
        let a = DelegatedAddress::new(10, &[1, 2, 3]).expect("valid");
        let mut b = a;
        b.buffer[10] = 0xff;
        assert_eq!(a, b);
        assert_eq!(a.cmp(&b), Ordering::Equal);
    }

    #[test]
    fn ordering_matches_reference() {
        let make = |ns, sub: &[u8]| DelegatedAddress::new(ns, sub).expect("valid");
        // Length before contents.
        assert!(make(10, &[0xff]) < make(10, &[0, 0]));
        assert!(make(10, &[1, 2]) < make(10, &[1, 3]));
        // Namespace before everything.
        assert!(make(9, &[0xff; 5]) < make(10, &[]));
        let mut sorted: Vec<_> = [make(10, &[2]), make(10, &[]), make(10, &[1, 0])].into();
        sorted.sort();
        assert_eq!(
            sorted,
            [make(10, &[]), make(10, &[2]), make(10, &[1, 0])].as_slice()
        );
    }
}
