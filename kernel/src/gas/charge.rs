//! [`GasCharge`]: one named amount of gas to charge.

use std::borrow::Cow;

use super::Gas;

/// One gas charge: what it is for, and its compute and storage parts.
///
/// The name is a static label for charges the VM makes itself and an owned
/// string for charges named by actors (the `gas::charge` syscall).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GasCharge {
    /// What the gas pays for, e.g. `"OnChainMessage"`.
    pub name: Cow<'static, str>,
    /// Gas for computation.
    pub compute_gas: Gas,
    /// Gas for storage (already scaled by the storage multiplier).
    pub storage_gas: Gas,
}

impl GasCharge {
    /// A charge named `name` of `compute_gas` plus `storage_gas`.
    pub fn new(name: impl Into<Cow<'static, str>>, compute_gas: Gas, storage_gas: Gas) -> Self {
        GasCharge {
            name: name.into(),
            compute_gas,
            storage_gas,
        }
    }

    /// Compute plus storage gas (saturating).
    pub fn total(&self) -> Gas {
        self.compute_gas + self.storage_gas
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_adds_both_parts() {
        let charge = GasCharge::new("x", Gas::new(2), Gas::from_milligas(500));
        assert_eq!(charge.total(), Gas::from_milligas(2500));
        let owned = GasCharge::new(String::from("y"), Gas::new(-3), Gas::new(1));
        assert_eq!(owned.total(), Gas::new(-2));
        assert_eq!(owned.name, "y");
    }
}
