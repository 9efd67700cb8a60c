//! Gas: the [`Gas`] unit, named [`GasCharge`]s, the per-version
//! [`PriceList`]s, the [`GasTracker`] of a message and the fee split
//! ([`GasOutputs`]). The wasm gas global is synchronised with the tracker by
//! the syscall layer (`fvmi-syscalls`, charge `"wasm_exec"`).
//!
//! Prices are data (`prices.rs`); the rules applying them are in
//! `price_list.rs`. Everything mirrors ref-fvm 2.3 exactly, including milligas
//! precision and saturating arithmetic.

mod charge;
pub mod hygge;
mod outputs;
mod price_list;
mod prices;
mod tracker;
mod units;

pub use charge::GasCharge;
pub use outputs::{over_estimation_burn, GasOutputs};
pub use price_list::{step_cost, PriceList, ScalingCost, Step, WasmGasPrices};
pub use prices::price_list_by_network_version;
pub use tracker::{GasTracker, OutOfGas};
pub use units::{milligas_to_gas, Gas, MILLIGAS_PRECISION};
