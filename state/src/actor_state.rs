//! The per-actor record stored in the state tree.
//!
//! State trees up to version 4 store `[code, state, sequence, balance]`; version 5 (network
//! version 18 on) adds a fifth field, the delegated (f4) address or null. The tree picks the
//! layout by its version ([`StoredActor`]); an [`ActorState`] on its own encodes as four fields
//! without a delegated address and five with one, and decodes either.

use cid::Cid;
use fvmi_types::{tuple_serde, Address, TokenAmount};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An actor's entry in the state tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorState {
    /// CID of the actor's code (for builtin actors v7, an identity CID such as `fil/7/account`).
    pub code: Cid,
    /// Root CID of the actor's own state.
    pub state: Cid,
    /// The actor's nonce: messages sent by it so far.
    pub sequence: u64,
    /// The actor's balance.
    pub balance: TokenAmount,
    /// The actor's delegated (f4) address, if it has one (state tree version 5 only).
    pub delegated_address: Option<Address>,
}

/// The four-field layout of state trees up to version 4.
struct Four {
    code: Cid,
    state: Cid,
    sequence: u64,
    balance: TokenAmount,
}

tuple_serde!(Four {
    code: Cid,
    state: Cid,
    sequence: u64,
    balance: TokenAmount,
});

/// The five-field layout of state tree version 5.
struct Five {
    code: Cid,
    state: Cid,
    sequence: u64,
    balance: TokenAmount,
    delegated_address: Option<Address>,
}

tuple_serde!(Five {
    code: Cid,
    state: Cid,
    sequence: u64,
    balance: TokenAmount,
    delegated_address: Option<Address>,
});

impl ActorState {
    /// An actor record without a delegated address.
    pub fn new(code: Cid, state: Cid, balance: TokenAmount, sequence: u64) -> Self {
        Self {
            code,
            state,
            sequence,
            balance,
            delegated_address: None,
        }
    }

    fn four(&self) -> Four {
        Four {
            code: self.code,
            state: self.state,
            sequence: self.sequence,
            balance: self.balance.clone(),
        }
    }

    fn five(&self) -> Five {
        Five {
            code: self.code,
            state: self.state,
            sequence: self.sequence,
            balance: self.balance.clone(),
            delegated_address: self.delegated_address,
        }
    }
}

/// The two stored layouts, recognised by their length when read.
#[derive(Deserialize)]
#[serde(untagged)]
enum AnyLayout {
    Four(Four),
    Five(Five),
}

impl From<AnyLayout> for (ActorState, bool) {
    fn from(layout: AnyLayout) -> Self {
        match layout {
            AnyLayout::Four(f) => (
                ActorState::new(f.code, f.state, f.balance, f.sequence),
                false,
            ),
            AnyLayout::Five(f) => (
                ActorState {
                    code: f.code,
                    state: f.state,
                    sequence: f.sequence,
                    balance: f.balance,
                    delegated_address: f.delegated_address,
                },
                true,
            ),
        }
    }
}

impl Serialize for ActorState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.delegated_address {
            None => self.four().serialize(serializer),
            Some(_) => self.five().serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ActorState {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (actor, _) = AnyLayout::deserialize(deserializer)?.into();
        Ok(actor)
    }
}

/// An actor record as a state tree stores it: five fields in version-5 trees, four before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredActor {
    /// The record.
    pub actor: ActorState,
    /// Whether it is stored with five fields.
    pub five_fields: bool,
}

impl Serialize for StoredActor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.five_fields {
            self.actor.five().serialize(serializer)
        } else if self.actor.delegated_address.is_none() {
            self.actor.four().serialize(serializer)
        } else {
            Err(serde::ser::Error::custom(
                "a delegated address needs a version-5 state tree",
            ))
        }
    }
}

impl<'de> Deserialize<'de> for StoredActor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (actor, five_fields) = AnyLayout::deserialize(deserializer)?.into();
        Ok(StoredActor { actor, five_fields })
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

    #[test]
    fn version_five_adds_the_delegated_address() {
        let code = identity_cid(RAW, b"fil/10/placeholder").unwrap();
        let state = cid_of(DAG_CBOR, &[0x80]);
        let plain = ActorState::new(code, state, TokenAmount::from_atto(5), 0);
        let stored = StoredActor {
            actor: plain.clone(),
            five_fields: true,
        };
        let bytes = to_vec(&stored).unwrap();
        assert_eq!(bytes[0], 0x85);
        assert_eq!(bytes[bytes.len() - 1], 0xf6, "null delegated address");
        let back: StoredActor = from_slice(&bytes).unwrap();
        assert_eq!(back, stored);
        let f4 = Address::new_actor(b"stands in for an f4 address");
        let delegated = ActorState {
            delegated_address: Some(f4),
            ..plain.clone()
        };
        let bytes = to_vec(&delegated).unwrap();
        assert_eq!(bytes[0], 0x85);
        assert_eq!(from_slice::<ActorState>(&bytes).unwrap(), delegated);
        let four = StoredActor {
            actor: delegated,
            five_fields: false,
        };
        assert!(to_vec(&four).is_err());
    }
}
