//! The chain context a machine executes in.

use cid::Cid;
use fvmi_types::{NetworkVersion, TokenAmount, TOTAL_FILECOIN_BASE};

/// The deepest call stack: a top-level call plus this many nested sends.
pub const DEFAULT_MAX_CALL_DEPTH: u32 = 1024;

/// The total FIL supply in attoFIL (2e9 FIL): the circulating supply to report when none is
/// known (test vectors that omit it, the command line's default). [`MachineContext::new`]
/// itself starts from 0.
pub const TOTAL_FILECOIN: u128 = TOTAL_FILECOIN_BASE as u128 * TokenAmount::PRECISION as u128;

/// Epoch, network version, fees and limits of a machine.
#[derive(Debug, Clone)]
pub struct MachineContext {
    /// The epoch messages execute at.
    pub epoch: i64,
    /// The network version.
    pub network_version: NetworkVersion,
    /// The state root the machine starts from.
    pub initial_state_root: Cid,
    /// The builtin-actor bundle to run: the root (versioned manifest) of a bundle loaded into
    /// the blockstore. Required at network version 15; from 16 on, `None` runs the actors the
    /// system actor's state names (as the chain does) and `Some` overrides them.
    pub builtin_actors: Option<Cid>,
    /// The timestamp of the tipset being executed (seconds; reported to actors from nv18).
    pub timestamp: u64,
    /// The chain ID (EIP-155; reported to actors from nv18; 0 by default, as in the reference).
    pub chain_id: u64,
    /// The base fee, attoFIL per gas.
    pub base_fee: TokenAmount,
    /// The circulating supply reported to actors.
    pub circ_supply: TokenAmount,
    /// The call depth limit.
    pub max_call_depth: u32,
    /// Whether `debug::log` prints.
    pub actor_debugging: bool,
    /// Whether messages record an execution trace (`ApplyRet::exec_trace`). Off by default;
    /// never changes gas or results.
    pub tracing: bool,
}

impl MachineContext {
    /// A context with no bundle override, base fee 100 attoFIL, circulating supply 0 and the default depth limit.
    pub fn new(epoch: i64, network_version: NetworkVersion, initial_state_root: Cid) -> Self {
        Self {
            epoch,
            network_version,
            initial_state_root,
            builtin_actors: None,
            timestamp: 0,
            chain_id: 0,
            base_fee: TokenAmount::from_atto(100u64),
            circ_supply: TokenAmount::from_atto(0u64),
            max_call_depth: DEFAULT_MAX_CALL_DEPTH,
            actor_debugging: false,
            tracing: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_supply_is_two_billion_fil() {
        assert_eq!(TOTAL_FILECOIN, 2_000_000_000 * 1_000_000_000_000_000_000);
    }
}
