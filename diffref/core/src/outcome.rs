//! What one applied message produced on one VM, in a form both VMs share.

use std::fmt;

/// The observable result of applying one message: the receipt and the fee split.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The receipt's exit code.
    pub exit_code: u32,
    /// The receipt's return bytes.
    pub return_data: Vec<u8>,
    /// The receipt's gas used.
    pub gas_used: i64,
    /// penalty, miner tip, base-fee burn, over-estimation burn and refund (attoFIL, decimal).
    pub fees: [String; 5],
    /// The events root's CID bytes (the receipt's fourth field from nv18; `None` before and when
    /// the message emitted no event).
    pub events_root: Option<Vec<u8>>,
}

/// A diagnostic that is printed but never compared (the two VMs word failures differently).
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// The comparable result.
    pub outcome: Outcome,
    /// The VM's description of a failure, if any.
    pub failure_info: Option<String>,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exit {} gas {} return 0x{} fees [penalty {}, tip {}, burn {}, over {}, refund {}]{}",
            self.exit_code,
            self.gas_used,
            hex(&self.return_data),
            self.fees[0],
            self.fees[1],
            self.fees[2],
            self.fees[3],
            self.fees[4],
            self.events_root
                .as_ref()
                .map_or(String::new(), |root| format!(" events {}", hex(root)))
        )
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The chain parameters both machines run with.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The network version (15 to 18).
    pub network_version: u32,
    /// The epoch of every message.
    pub epoch: i64,
    /// The tipset timestamp (seconds; actors see it from nv18).
    pub timestamp: u64,
    /// The chain ID (EIP-155; actors see it from nv18).
    pub chain_id: u64,
    /// Base fee, attoFIL.
    pub base_fee: u128,
    /// Circulating supply, attoFIL.
    pub circ_supply: u128,
    /// The state root both machines start from (CID bytes).
    pub state_root: Vec<u8>,
    /// The bundle root (a versioned manifest `[1, data]`) both machines are told to run.
    pub manifest_root: Vec<u8>,
    /// Code CIDs of non-builtin actors in the state; the reference's engine must preload them.
    pub extra_code: Vec<Vec<u8>>,
}
