//! [`GasTracker`]: the running gas account of one message.

use super::{Gas, GasCharge};

/// The error of a charge that went past the gas limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("out of gas")]
pub struct OutOfGas;

/// Counts the gas a message uses against its limit.
///
/// A charge that takes the used amount past the limit fails with [`OutOfGas`]
/// and leaves the used amount pinned at the limit (the charge still counts, up
/// to what was left). Negative charges (refunds) lower the used amount.
/// Tracing, when enabled, records every charge, failed ones included.
///
/// From network version 18 a nested send may run under its own gas limit: [`push_limit`]
/// starts a frame whose limit is the smaller of what is left and the requested limit, and
/// [`pop_limit`] folds the frame's use back into its parent.
///
/// [`push_limit`]: GasTracker::push_limit
/// [`pop_limit`]: GasTracker::pop_limit
#[derive(Debug, Clone)]
pub struct GasTracker {
    gas_limit: Gas,
    gas_used: Gas,
    frames: Vec<(Gas, Gas)>,
    trace: Option<Vec<GasCharge>>,
}

impl GasTracker {
    /// A tracker with the given limit that has already used `gas_used`.
    pub fn new(gas_limit: Gas, gas_used: Gas) -> Self {
        GasTracker {
            gas_limit,
            gas_used,
            frames: Vec::new(),
            trace: None,
        }
    }

    /// Starts a frame limited to `limit` (or what is left, if less), using nothing yet.
    pub fn push_limit(&mut self, limit: Gas) {
        self.frames.push((self.gas_limit, self.gas_used));
        self.gas_limit = self.gas_available().min(limit);
        self.gas_used = Gas::ZERO;
    }

    /// Ends the innermost frame: its parent's limit comes back and the frame's use is added to
    /// the parent's. Returns `false` (changing nothing) when no frame is open.
    pub fn pop_limit(&mut self) -> bool {
        let Some((limit, used)) = self.frames.pop() else {
            return false;
        };
        self.gas_limit = limit;
        self.gas_used = used + self.gas_used;
        true
    }

    /// Starts recording every charge from now on (see [`GasTracker::drain_trace`]).
    pub fn enable_tracing(&mut self) {
        if self.trace.is_none() {
            self.trace = Some(Vec::new());
        }
    }

    /// Whether charges are being recorded.
    pub fn is_tracing(&self) -> bool {
        self.trace.is_some()
    }

    fn add_to_used(&mut self, amount: Gas) -> Result<(), OutOfGas> {
        self.gas_used += amount;
        if self.gas_used > self.gas_limit {
            self.gas_used = self.gas_limit;
            Err(OutOfGas)
        } else {
            Ok(())
        }
    }

    /// Charges `amount` of compute gas under `name`.
    pub fn charge_gas(&mut self, name: &str, amount: Gas) -> Result<(), OutOfGas> {
        let result = self.add_to_used(amount);
        if let Some(trace) = &mut self.trace {
            trace.push(GasCharge::new(name.to_owned(), amount, Gas::ZERO));
        }
        result
    }

    /// Charges the total of `charge` (compute plus storage).
    pub fn apply_charge(&mut self, charge: GasCharge) -> Result<(), OutOfGas> {
        let result = self.add_to_used(charge.total());
        if let Some(trace) = &mut self.trace {
            trace.push(charge);
        }
        result
    }

    /// The most gas this message may use.
    pub fn gas_limit(&self) -> Gas {
        self.gas_limit
    }

    /// The gas used so far.
    pub fn gas_used(&self) -> Gas {
        self.gas_used
    }

    /// The gas still available: limit minus used.
    pub fn gas_available(&self) -> Gas {
        self.gas_limit - self.gas_used
    }

    /// Takes the charges recorded so far (nothing when tracing is off).
    pub fn drain_trace(&mut self) -> impl Iterator<Item = GasCharge> + '_ {
        self.trace.iter_mut().flat_map(|trace| trace.drain(..))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_accumulate_until_the_limit() {
        let mut tracker = GasTracker::new(Gas::new(20), Gas::new(10));
        assert_eq!(tracker.charge_gas("a", Gas::new(5)), Ok(()));
        assert_eq!(tracker.gas_used(), Gas::new(15));
        let charge = GasCharge::new("b", Gas::new(3), Gas::new(2));
        assert_eq!(tracker.apply_charge(charge), Ok(()));
        assert_eq!(tracker.gas_used(), Gas::new(20));
        assert_eq!(tracker.gas_available(), Gas::ZERO);
        assert_eq!(
            tracker.charge_gas("c", Gas::from_milligas(1)),
            Err(OutOfGas)
        );
        assert_eq!(tracker.gas_used(), Gas::new(20));
    }

    #[test]
    fn limited_frames_fold_into_their_parent() {
        let mut tracker = GasTracker::new(Gas::new(100), Gas::new(30));
        tracker.push_limit(Gas::new(50));
        assert_eq!(tracker.gas_available(), Gas::new(50));
        assert!(tracker.charge_gas("inner", Gas::new(20)).is_ok());
        tracker.push_limit(Gas::new(1_000));
        assert_eq!(
            tracker.gas_available(),
            Gas::new(30),
            "capped by what is left"
        );
        assert!(tracker.charge_gas("deep", Gas::new(31)).is_err());
        assert_eq!(tracker.gas_used(), Gas::new(30));
        assert!(tracker.pop_limit());
        assert_eq!(tracker.gas_used(), Gas::new(50));
        assert!(tracker.pop_limit());
        assert_eq!(tracker.gas_used(), Gas::new(80));
        assert_eq!(tracker.gas_limit(), Gas::new(100));
        assert!(!tracker.pop_limit());
    }

    #[test]
    fn tracing_records_failed_charges_too() {
        let mut tracker = GasTracker::new(Gas::new(1), Gas::ZERO);
        assert_eq!(tracker.drain_trace().count(), 0);
        tracker.enable_tracing();
        assert!(tracker.charge_gas("ok", Gas::new(1)).is_ok());
        assert!(tracker.charge_gas("too much", Gas::new(1)).is_err());
        let names: Vec<_> = tracker.drain_trace().map(|c| c.name).collect();
        assert_eq!(names, ["ok", "too much"]);
        assert_eq!(tracker.drain_trace().count(), 0);
    }
}
