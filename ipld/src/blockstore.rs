//! Content-addressed block storage: the [`Blockstore`] trait, typed DAG-CBOR access through
//! [`CborStore`], and the in-memory, write-buffering and counting stores.

mod buffered;
mod links;
mod memory;
mod tracking;

use std::rc::Rc;
use std::sync::Arc;

use cid::Cid;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::cbor::{self, CborError, DAG_CBOR};

pub use buffered::BufferedBlockstore;
pub use links::scan_links;
pub use memory::MemoryBlockstore;
pub use tracking::{BlockstoreStats, TrackingBlockstore};

/// Why a blockstore operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlockstoreError {
    /// A block could not be encoded or decoded.
    #[error(transparent)]
    Cbor(#[from] CborError),
    /// A block that must be present is missing.
    #[error("block {0} not found")]
    NotFound(Cid),
    /// A CID of a kind the operation does not support (codec, hash function or digest length).
    #[error("unsupported CID {0}: codec {codec:#x}, hash {hash:#x}, digest length {len}",
        codec = .0.codec(), hash = .0.hash().code(), len = .0.hash().size())]
    UnsupportedCid(Cid),
    /// A DAG-CBOR block could not be scanned for links.
    #[error("malformed DAG-CBOR block while scanning for links: {0}")]
    MalformedBlock(String),
    /// The backing storage failed.
    #[error("blockstore backend failure: {0}")]
    Backend(String),
}

/// Storage of immutable blocks addressed by CID.
///
/// Methods take `&self`: stores use interior mutability so that several readers (a state tree, a
/// HAMT, the kernel) can share one store.
pub trait Blockstore {
    /// The bytes of the block `cid`, if present.
    fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>, BlockstoreError>;

    /// Stores `bytes` under a CID the caller has already computed. The CID is not checked.
    fn put_keyed(&self, cid: &Cid, bytes: &[u8]) -> Result<(), BlockstoreError>;

    /// Stores a block whose bytes the caller shares (e.g. a bundle's wasm, put into every
    /// vector's store). Stores that can keep the reference instead of a copy do so.
    fn put_shared(&self, cid: &Cid, bytes: &Arc<[u8]>) -> Result<(), BlockstoreError> {
        self.put_keyed(cid, bytes)
    }

    /// Whether the block `cid` is present.
    fn has(&self, cid: &Cid) -> Result<bool, BlockstoreError> {
        Ok(self.get(cid)?.is_some())
    }

    /// Stores `bytes` as a block of `codec` under its BLAKE2b-256 CID, which is returned.
    fn put(&self, codec: u64, bytes: &[u8]) -> Result<Cid, BlockstoreError> {
        let cid = cbor::cid_of(codec, bytes);
        self.put_keyed(&cid, bytes)?;
        Ok(cid)
    }
}

/// Typed DAG-CBOR access to any [`Blockstore`].
pub trait CborStore: Blockstore {
    /// Decodes the DAG-CBOR block `cid` as a `T`, if present.
    fn get_cbor<T: DeserializeOwned>(&self, cid: &Cid) -> Result<Option<T>, BlockstoreError> {
        match self.get(cid)? {
            Some(bytes) => Ok(Some(cbor::from_slice(&bytes)?)),
            None => Ok(None),
        }
    }

    /// Encodes `value` as DAG-CBOR, stores it under its BLAKE2b-256 CID and returns that CID.
    fn put_cbor<T: Serialize + ?Sized>(&self, value: &T) -> Result<Cid, BlockstoreError> {
        let bytes = cbor::to_vec(value)?;
        self.put(DAG_CBOR, &bytes)
    }
}

impl<S: Blockstore + ?Sized> CborStore for S {}

macro_rules! forward_blockstore {
    ($($ptr:ty),*) => {$(
        impl<S: Blockstore + ?Sized> Blockstore for $ptr {
            fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>, BlockstoreError> {
                (**self).get(cid)
            }
            fn put_keyed(&self, cid: &Cid, bytes: &[u8]) -> Result<(), BlockstoreError> {
                (**self).put_keyed(cid, bytes)
            }
            fn put_shared(&self, cid: &Cid, bytes: &Arc<[u8]>) -> Result<(), BlockstoreError> {
                (**self).put_shared(cid, bytes)
            }
            fn has(&self, cid: &Cid) -> Result<bool, BlockstoreError> {
                (**self).has(cid)
            }
            fn put(&self, codec: u64, bytes: &[u8]) -> Result<Cid, BlockstoreError> {
                (**self).put(codec, bytes)
            }
        }
    )*};
}

forward_blockstore!(&S, Rc<S>, Arc<S>, Box<S>);

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip<S: Blockstore>(store: S) {
        let cid = store.put_cbor(&(1u64, "two")).unwrap();
        assert!(store.has(&cid).unwrap());
        let back: (u64, String) = store.get_cbor(&cid).unwrap().unwrap();
        assert_eq!(back, (1, "two".to_string()));
        let missing = cbor::cid_of(DAG_CBOR, b"absent");
        assert_eq!(store.get(&missing).unwrap(), None);
        assert!(!store.has(&missing).unwrap());
    }

    #[test]
    #[allow(clippy::arc_with_non_send_sync)]
    fn pointer_wrappers_forward() {
        let mem = MemoryBlockstore::new();
        roundtrip(&mem);
        roundtrip(Rc::new(MemoryBlockstore::new()));
        roundtrip(Arc::new(MemoryBlockstore::new()));
        roundtrip(Box::new(MemoryBlockstore::new()));
        let dynamic: &dyn Blockstore = &mem;
        roundtrip(dynamic);
    }

    #[test]
    fn get_cbor_reports_decode_errors() {
        let mem = MemoryBlockstore::new();
        let cid = mem.put(DAG_CBOR, &[0x82, 0x01]).unwrap();
        assert!(matches!(
            mem.get_cbor::<(u64, u64)>(&cid),
            Err(BlockstoreError::Cbor(_))
        ));
    }
}
