//! The versioned state root: `[version, actors HAMT root, info]`.

use cid::Cid;
use fvmi_ipld::{cbor, Blockstore};
use serde::{Deserialize, Serialize};

use crate::StateError;

/// The state tree version (the first field of the state root).
///
/// Network version 15 (actors v7) uses version 4. A version-0 tree has no root record: its root
/// CID is the actors HAMT itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StateTreeVersion {
    /// Actors v0/v1; no root record.
    V0,
    /// Actors v2.
    V1,
    /// Actors v3.
    V2,
    /// Actors v4.
    V3,
    /// Actors v5 to v9 (network versions 13 to 17).
    V4,
    /// Actors v10 and later (network version 18 on): actor records gain a delegated address.
    V5,
}

impl StateTreeVersion {
    /// The version number as stored.
    pub const fn as_u64(self) -> u64 {
        self as u64
    }

    /// The version for a stored number.
    pub fn from_u64(number: u64) -> Option<Self> {
        Some(match number {
            0 => Self::V0,
            1 => Self::V1,
            2 => Self::V2,
            3 => Self::V3,
            4 => Self::V4,
            5 => Self::V5,
            _ => return None,
        })
    }
}

/// The state root record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateRoot {
    /// The tree version.
    pub version: StateTreeVersion,
    /// Root CID of the actors HAMT (keys: ID-address bytes; values: [`crate::ActorState`]).
    pub actors: Cid,
    /// CID of the version-specific info block (for versions 3 to 5, an empty array).
    pub info: Cid,
}

/// The root record as stored, with the version as a plain number.
#[derive(Serialize, Deserialize)]
struct StoredRoot(u64, Cid, Cid);

/// The encoding of the (empty) info block of versions 1 to 4: an empty CBOR array.
pub const EMPTY_INFO_BLOCK: &[u8] = &[0x80];

impl StateRoot {
    /// The root record's DAG-CBOR encoding.
    pub fn to_bytes(&self) -> Result<Vec<u8>, StateError> {
        Ok(cbor::to_vec(&StoredRoot(
            self.version.as_u64(),
            self.actors,
            self.info,
        ))?)
    }

    /// Decodes the block `cid` as a root record. A block shaped like a HAMT node (a version-0
    /// root) and versions other than 0 to 4 are reported as unsupported versions.
    pub fn load<BS: Blockstore + ?Sized>(store: &BS, cid: &Cid) -> Result<Self, StateError> {
        let bytes = store.get(cid)?.ok_or(StateError::RootNotFound(*cid))?;
        match cbor::from_slice::<StoredRoot>(&bytes) {
            Ok(StoredRoot(number, actors, info)) => {
                let version = StateTreeVersion::from_u64(number)
                    .ok_or(StateError::UnsupportedVersion(number))?;
                Ok(Self {
                    version,
                    actors,
                    info,
                })
            }
            Err(e) => {
                // A version-0 root is a bare HAMT node: [bitmap bytes, [pointers]].
                if cbor::from_slice::<(serde_bytes::ByteBuf, Vec<Ipldish>)>(&bytes).is_ok() {
                    Err(StateError::UnsupportedVersion(0))
                } else {
                    Err(StateError::InvalidRoot {
                        cid: *cid,
                        reason: e.to_string(),
                    })
                }
            }
        }
    }
}

/// Any DAG-CBOR value, skipped: only used to recognise the shape of a version-0 root.
struct Ipldish;

impl<'de> Deserialize<'de> for Ipldish {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Ipldish)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_ipld::cbor::{cid_of, DAG_CBOR};
    use fvmi_ipld::{CborStore, Hamt, MemoryBlockstore};

    #[test]
    fn round_trips_and_rejects_old_versions() {
        let store = MemoryBlockstore::new();
        let info = store.put(DAG_CBOR, EMPTY_INFO_BLOCK).unwrap();
        let actors = cid_of(DAG_CBOR, b"x");
        let root = StateRoot {
            version: StateTreeVersion::V4,
            actors,
            info,
        };
        let cid = store.put(DAG_CBOR, &root.to_bytes().unwrap()).unwrap();
        assert_eq!(StateRoot::load(&store, &cid).unwrap(), root);

        let v9 = store.put_cbor(&(9u64, actors, info)).unwrap();
        assert_eq!(
            StateRoot::load(&store, &v9),
            Err(StateError::UnsupportedVersion(9))
        );

        let mut hamt: Hamt<_, u64> = Hamt::new(&store);
        hamt.set(vec![1u8].into(), 5).unwrap();
        let bare = hamt.flush().unwrap();
        assert_eq!(
            StateRoot::load(&store, &bare),
            Err(StateError::UnsupportedVersion(0))
        );

        let junk = store.put_cbor(&"junk").unwrap();
        assert!(matches!(
            StateRoot::load(&store, &junk),
            Err(StateError::InvalidRoot { .. })
        ));
        let missing = cid_of(DAG_CBOR, b"missing");
        assert_eq!(
            StateRoot::load(&store, &missing),
            Err(StateError::RootNotFound(missing))
        );
    }
}
