//! FEVM end to end for fvmi: Solidity contracts (compiled once with solc, committed as hex under
//! `contracts/build/`) deployed through the Ethereum Address Manager (EAM, actor 10) and run by
//! the builtin-actors v10 EVM actor at network version 18, on a small genesis-like state built
//! here ([`EvmChain`]).
//!
//! - [`bundle`]: where the v10 mainnet bundle is found (`FVMI_BUNDLES`, else the shared
//!   bundles), and the skip rule when it is absent.
//! - [`eth`]: Keccak-256, Ethereum addresses, f410 addresses, the CREATE address rule and
//!   FRC-42 method numbers.
//! - [`abi`]: the little of the Solidity ABI the tests need.
//! - [`contracts`]: the committed creation code of each test contract.
//! - [`evm`]: what the v10 EAM and EVM actors take and return (method numbers, parameters,
//!   state), and the events the EVM emits for `LOGn`.
//! - [`chain`]: the state, the machine and the message helpers.
//!
//! See this crate's README.md.

pub mod abi;
pub mod bundle;
pub mod chain;
pub mod contracts;
pub mod eth;
pub mod evm;

pub use chain::{Contract, EvmChain, ALICE, BOB};
