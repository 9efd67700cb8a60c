//! What the comparison loop needs from a reference VM; each binary (`fvmi-diffref` on fvm 2.11.3,
//! `fvmi-diffref3` on fvm 3.14.1) implements it over its reference line.

use crate::outcome::{Applied, Setup};

/// A reference VM: applies messages and flushes its state.
pub trait Reference {
    /// Applies one message (DAG-CBOR bytes) as an explicit message of `raw_length` bytes.
    fn apply(&mut self, bytes: &[u8], raw_length: usize) -> anyhow::Result<Applied>;

    /// Flushes the state and returns the root's CID bytes.
    fn flush(&mut self) -> anyhow::Result<Vec<u8>>;
}

/// Builds a reference machine at `setup` over a fresh store holding the blocks (CID bytes,
/// block bytes).
pub type Factory = fn(&[(Vec<u8>, Vec<u8>)], &Setup) -> anyhow::Result<Box<dyn Reference>>;
