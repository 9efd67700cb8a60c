//! Wrappers over the `rand` imports.

use fvmi_types::{ChainEpoch, Randomness, RANDOMNESS_LENGTH};

use crate::{sys, SyscallResult};

/// Ticket randomness from the chain at `epoch`, drawn for domain-separation `tag` and `entropy`.
pub fn get_chain_randomness(
    tag: i64,
    epoch: ChainEpoch,
    entropy: &[u8],
) -> SyscallResult<[u8; RANDOMNESS_LENGTH]> {
    sys::rand_randomness(false, tag, epoch, entropy)
}

/// Beacon randomness at `epoch`, drawn for domain-separation `tag` and `entropy`.
pub fn get_beacon_randomness(
    tag: i64,
    epoch: ChainEpoch,
    entropy: &[u8],
) -> SyscallResult<[u8; RANDOMNESS_LENGTH]> {
    sys::rand_randomness(true, tag, epoch, entropy)
}

/// [`get_chain_randomness`] as a [`Randomness`] value.
pub fn chain_randomness(tag: i64, epoch: ChainEpoch, entropy: &[u8]) -> SyscallResult<Randomness> {
    get_chain_randomness(tag, epoch, entropy).map(|bytes| Randomness(bytes.to_vec()))
}

/// [`get_beacon_randomness`] as a [`Randomness`] value.
pub fn beacon_randomness(tag: i64, epoch: ChainEpoch, entropy: &[u8]) -> SyscallResult<Randomness> {
    get_beacon_randomness(tag, epoch, entropy).map(|bytes| Randomness(bytes.to_vec()))
}
