//! Sector, seal and proof-of-spacetime types carried by the proof syscalls.

mod post;
mod registered_proof;
mod seal;

pub use self::post::{
    PoStProof, PoStRandomness, SectorInfo, WindowPoStVerifyInfo, WinningPoStVerifyInfo,
};
pub use self::registered_proof::{
    RegisteredAggregateProof, RegisteredPoStProof, RegisteredSealProof, RegisteredUpdateProof,
};
pub use self::seal::{
    AggregateSealVerifyInfo, AggregateSealVerifyProofAndInfos, ReplicaUpdateInfo, SealVerifyInfo,
};

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::{tuple_serde, ActorID};

/// A sector's number within its miner.
pub type SectorNumber = u64;
/// A storage deal's ID.
pub type DealID = u64;
/// The largest valid sector number.
pub const MAX_SECTOR_NUMBER: SectorNumber = i64::MAX as u64;

/// Supported sector sizes; encoded as the size in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u64)]
pub enum SectorSize {
    /// 2 KiB.
    _2KiB = 2 << 10,
    /// 8 MiB.
    _8MiB = 8 << 20,
    /// 512 MiB.
    _512MiB = 512 << 20,
    /// 32 GiB.
    _32GiB = 32 << 30,
    /// 64 GiB.
    _64GiB = 64 << 30,
}

impl SectorSize {
    /// The size for a number of bytes, if supported.
    pub fn from_bytes(bytes: u64) -> Option<SectorSize> {
        [
            SectorSize::_2KiB,
            SectorSize::_8MiB,
            SectorSize::_512MiB,
            SectorSize::_32GiB,
            SectorSize::_64GiB,
        ]
        .into_iter()
        .find(|size| *size as u64 == bytes)
    }
}

impl Serialize for SectorSize {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(*self as u64)
    }
}

impl<'de> Deserialize<'de> for SectorSize {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = u64::deserialize(deserializer)?;
        SectorSize::from_bytes(bytes).ok_or_else(|| de::Error::custom("unsupported sector size"))
    }
}

/// A sector's global identity: `[miner, number]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SectorID {
    /// The miner's actor ID.
    pub miner: ActorID,
    /// The sector number.
    pub number: SectorNumber,
}

tuple_serde!(SectorID {
    miner: ActorID,
    number: SectorNumber,
});
