//! The per-actor record stored in the state tree.

use cid::Cid;
use fvmi_types::{tuple_serde, TokenAmount};

/// An actor's entry in the state tree: encoded as the CBOR array
/// `[code, state, sequence, balance]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorState {
    /// CID of the actor's code (for builtin actors, an identity CID such as `fil/7/account`).
    pub code: Cid,
    /// Root CID of the actor's own state.
    pub state: Cid,
    /// The actor's nonce: messages sent by it so far.
    pub sequence: u64,
    /// The actor's balance.
    pub balance: TokenAmount,
}

tuple_serde!(ActorState {
    code: Cid,
    state: Cid,
    sequence: u64,
    balance: TokenAmount,
});

impl ActorState {
    /// An actor record.
    pub fn new(code: Cid, state: Cid, balance: TokenAmount, sequence: u64) -> Self {
        Self {
            code,
            state,
            sequence,
            balance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_ipld::cbor::{cid_of, from_slice, identity_cid, to_vec, DAG_CBOR, RAW};

    #[test]
    fn encodes_as_a_four_element_array() {
        let code = identity_cid(RAW, b"fil/7/account").unwrap();
        let state = cid_of(DAG_CBOR, &[0x80]);
        let actor = ActorState::new(code, state, TokenAmount::from_atto(1000), 7);
        let bytes = to_vec(&actor).unwrap();
        assert_eq!(bytes[0], 0x84);
        // Balance 1000 = 0x03e8 as a big-int byte string with a positive sign byte.
        assert_eq!(&bytes[bytes.len() - 4..], &[0x43, 0x00, 0x03, 0xe8]);
        assert_eq!(bytes[bytes.len() - 5], 7);
        assert_eq!(from_slice::<ActorState>(&bytes).unwrap(), actor);
        assert!(from_slice::<ActorState>(&bytes[..bytes.len() - 1]).is_err());
    }
}
