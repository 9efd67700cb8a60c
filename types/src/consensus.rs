//! Consensus faults reported by `crypto::verify_consensus_fault`.

use crate::{Address, ChainEpoch};

/// A proven consensus fault by a block producer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsensusFault {
    /// The faulty miner.
    pub target: Address,
    /// The epoch of the fault.
    pub epoch: ChainEpoch,
    /// The kind of fault.
    pub fault_type: ConsensusFaultType,
}

/// Kinds of consensus fault; the numbers are what the syscall reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ConsensusFaultType {
    /// Two blocks mined at the same epoch.
    DoubleForkMining = 1,
    /// A block that ignored a parent it should have included.
    ParentGrinding = 2,
    /// Two blocks with the same parents at different epochs.
    TimeOffsetMining = 3,
}

impl ConsensusFaultType {
    /// The fault type for its number, if known.
    pub fn from_u8(value: u8) -> Option<ConsensusFaultType> {
        match value {
            1 => Some(ConsensusFaultType::DoubleForkMining),
            2 => Some(ConsensusFaultType::ParentGrinding),
            3 => Some(ConsensusFaultType::TimeOffsetMining),
            _ => None,
        }
    }
}
