//! CAR v1 archives: a DAG-CBOR header `{roots: [CID...], version: 1}` followed by sections, each
//! an unsigned-varint length then the block's CID bytes and data.
//!
//! Reading streams section by section with bounded allocations ([`MAX_SECTION_LEN`],
//! [`MAX_HEADER_LEN`]) and checks every block against its CID (BLAKE2b-256, SHA2-256 and identity
//! multihashes; other hash functions are refused).

mod read;
mod write;

use cid::Cid;
use serde::{Deserialize, Serialize};

use crate::blockstore::{Blockstore, BlockstoreError};
use crate::cbor::CborError;

pub use read::{verify_block, CarReader};
pub use write::write_car;

/// The largest section (CID and block) accepted.
pub const MAX_SECTION_LEN: u64 = 16 << 20;
/// The largest header accepted.
pub const MAX_HEADER_LEN: u64 = 1 << 20;

/// Why a CAR archive could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CarError {
    /// Reading or writing the underlying stream failed.
    #[error("CAR I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The stream ended inside a varint, a header or a section.
    #[error("CAR stream truncated")]
    Truncated,
    /// A length prefix is not a valid unsigned varint.
    #[error("invalid varint in CAR stream")]
    InvalidVarint,
    /// A section or header length is zero or over its limit.
    #[error("CAR {what} length {len} out of bounds (limit {limit})")]
    LengthOutOfBounds {
        /// "header" or "section".
        what: &'static str,
        /// The declared length.
        len: u64,
        /// The limit.
        limit: u64,
    },
    /// The header is not a valid CAR v1 header.
    #[error("invalid CAR header: {0}")]
    InvalidHeader(String),
    /// The header declares a version other than 1.
    #[error("unsupported CAR version {0}")]
    UnsupportedVersion(u64),
    /// A section does not start with a valid CID.
    #[error("invalid CID in CAR section: {0}")]
    InvalidCid(String),
    /// A block's CID uses a hash function this reader cannot check.
    #[error("unsupported multihash {code:#x} for block {cid}")]
    UnsupportedHash {
        /// The block's CID.
        cid: Cid,
        /// Its multihash code.
        code: u64,
    },
    /// A block's bytes do not hash to its CID.
    #[error("block data does not match CID {0}")]
    HashMismatch(Cid),
    /// The header could not be encoded.
    #[error(transparent)]
    Cbor(#[from] CborError),
    /// Storing a block failed.
    #[error(transparent)]
    Store(#[from] BlockstoreError),
}

/// The CAR v1 header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarHeader {
    /// Root CIDs of the archive.
    pub roots: Vec<Cid>,
    /// Format version; always 1 here.
    pub version: u64,
}

/// Reads a whole CAR v1 stream into `store`, checking every block, and returns its roots.
pub fn load_car<BS, R>(store: &BS, reader: R) -> Result<Vec<Cid>, CarError>
where
    BS: Blockstore + ?Sized,
    R: std::io::Read,
{
    copy_into(store, CarReader::new(reader)?)
}

/// Like [`load_car`] without checking blocks against their CIDs (see
/// [`CarReader::new_unverified`]); for trusted archives such as the actors bundle.
pub fn load_car_unverified<BS, R>(store: &BS, reader: R) -> Result<Vec<Cid>, CarError>
where
    BS: Blockstore + ?Sized,
    R: std::io::Read,
{
    copy_into(store, CarReader::new_unverified(reader)?)
}

fn copy_into<BS, R>(store: &BS, mut car: CarReader<R>) -> Result<Vec<Cid>, CarError>
where
    BS: Blockstore + ?Sized,
    R: std::io::Read,
{
    while let Some((cid, bytes)) = car.next_block()? {
        store.put_keyed(&cid, &bytes)?;
    }
    Ok(car.header().roots.clone())
}
