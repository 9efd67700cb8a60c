//! IPLD for fvmi: DAG-CBOR, blockstores, CAR v1, HAMT, AMT and RLE+ bitfields, byte-compatible with Filecoin.
//!
//! See this crate's README.md for its place in fvmi.

pub mod amt;
pub mod bitfield;
pub mod blockstore;
pub mod car;
pub mod cbor;
pub mod hamt;

pub use blockstore::{
    Blockstore, BlockstoreError, BufferedBlockstore, CborStore, MemoryBlockstore,
    TrackingBlockstore,
};
pub use car::{load_car, load_car_unverified, write_car, CarError, CarReader};
pub use cbor::{cid_of, CborError};
pub use hamt::{BytesKey, Hamt, HamtError};
