//! [`WasmGasSync`]: moves gas between the tracker and the instrumented wasm
//! module's "gas available" global.
//!
//! The instrumented module counts down a global holding the milligas it may
//! still spend. On entry to the module, and after every syscall, the VM writes
//! the tracker's available gas into that global. When a syscall starts (or the
//! module returns), the VM charges the tracker for what the module spent since
//! the last write, under the name [`WASM_EXEC_CHARGE_NAME`].

use super::{Gas, GasTracker, OutOfGas};

/// The name of the charge for wasm execution between two syscalls.
pub const WASM_EXEC_CHARGE_NAME: &str = "wasm_exec";

/// Remembers the milligas last written to the module's gas global.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WasmGasSync {
    last_milligas_available: i64,
}

impl WasmGasSync {
    /// A fresh synchroniser; call [`WasmGasSync::refresh`] before running wasm.
    pub fn new() -> Self {
        WasmGasSync::default()
    }

    /// The milligas value to write into the gas global now (the tracker's
    /// available gas), remembered as the new starting point.
    pub fn refresh(&mut self, tracker: &GasTracker) -> i64 {
        self.last_milligas_available = tracker.gas_available().as_milligas();
        self.last_milligas_available
    }

    /// The value last returned by [`WasmGasSync::refresh`] (or set by
    /// [`WasmGasSync::charge_exec`]).
    pub fn last_milligas_available(&self) -> i64 {
        self.last_milligas_available
    }

    /// Charges the tracker for the wasm execution since the last sync, given
    /// the gas global's current value in milligas. Like the reference, a
    /// global that went up (which instrumented code never does) is charged
    /// as a negative amount.
    pub fn charge_exec(
        &mut self,
        tracker: &mut GasTracker,
        global_milligas: i64,
    ) -> Result<(), OutOfGas> {
        let spent = self.last_milligas_available.saturating_sub(global_milligas);
        self.last_milligas_available = global_milligas;
        tracker.charge_gas(WASM_EXEC_CHARGE_NAME, Gas::from_milligas(spent))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_the_difference_since_the_last_refresh() {
        let mut tracker = GasTracker::new(Gas::new(10), Gas::new(1));
        let mut sync = WasmGasSync::new();
        assert_eq!(sync.refresh(&tracker), 9000);
        assert_eq!(sync.charge_exec(&mut tracker, 8500), Ok(()));
        assert_eq!(tracker.gas_used(), Gas::from_milligas(1500));
        assert_eq!(sync.charge_exec(&mut tracker, 8500), Ok(()));
        assert_eq!(tracker.gas_used(), Gas::from_milligas(1500));
        assert_eq!(sync.charge_exec(&mut tracker, -1), Err(OutOfGas));
        assert_eq!(tracker.gas_used(), Gas::new(10));
    }
}
