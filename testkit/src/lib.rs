//! Test chains for fvmi's tests, benches, examples, doctests and command line.
//!
//! - [`ChainBuilder`]: a network-version-15 state with the system, init, reward and burnt-funds
//!   actors, accounts (at an ID, or a key address registered with the init actor) and actors
//!   from wasm (code CID = raw BLAKE2b-256 of the module, the module stored under it), with
//!   options for the context (epoch, base fee, circulating supply, tracing), the externs
//!   ([`fvmi_kernel::DummyExterns`] by default), the proof verifier and message defaults;
//!   [`ChainBuilder::build_state`] / [`ChainBuilder::state_car`] give the state alone.
//! - [`TestChain`]: an executor over it, with messages built by a [`MessageBuilder`] (sender,
//!   gas limit, fee cap, premium, sequence tracking).
//! - [`install_account`] / [`register_account`]: account actors written into any state tree.
//! - [`load_v7`] / [`nv15_context`]: the builtin actors v7 as a bundle, and a context running it.
//!
//! ```
//! use fvmi_testkit::ChainBuilder;
//! use fvmi_types::{Address, ExitCode, RawBytes, TokenAmount};
//!
//! let mut chain = ChainBuilder::new()
//!     .account(100, TokenAmount::from_whole(10u64))
//!     .account(101, TokenAmount::zero())
//!     .build()?;
//! let five = TokenAmount::from_atto(5u64);
//! let ret = chain.send(Address::new_id(101), 0, RawBytes::default(), five.clone())?;
//! assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
//! assert_eq!(chain.balance(101)?, five);
//! # Ok::<(), fvmi_testkit::TestkitError>(())
//! ```
//!
//! See this crate's README.md.

mod accounts;
mod builder;
mod chain;
mod error;
mod message;

use cid::Cid;
use fvmi_ipld::{cbor, Blockstore};
use fvmi_kernel::{ApplyRet, MachineContext};
use fvmi_state::{Bundle, BundleError};
use fvmi_types::{NetworkVersion, RawBytes, TokenAmount};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use accounts::{install_account, register_account};
pub use builder::{
    code_cid, BuiltState, ChainBuilder, DEFAULT_EPOCH, DEFAULT_NETWORK_NAME, EMPTY_ARRAY,
    FIRST_NEW_ID,
};
pub use chain::TestChain;
pub use error::TestkitError;
pub use message::{MessageBuilder, DEFAULT_GAS_LIMIT};

use error::Context;

/// Loads the builtin actors v7 bundle into `store` (see [`fvmi_builtin_actors::bundle_car`]).
pub fn load_v7<BS: Blockstore + ?Sized>(store: &BS) -> Result<Bundle, BundleError> {
    fvmi_builtin_actors::load_bundle(store)
}

/// A network-version-15 context at `epoch` and `root`, running the v7 bundle, which it loads
/// into `store`.
pub fn nv15_context<BS: Blockstore + ?Sized>(
    store: &BS,
    epoch: i64,
    root: Cid,
) -> Result<MachineContext, BundleError> {
    let bundle = load_v7(store)?;
    let mut context = MachineContext::new(epoch, NetworkVersion::V15, root);
    context.builtin_actors = Some(bundle.root);
    Ok(context)
}

/// `params` encoded as DAG-CBOR message parameters (no parameters at all: `RawBytes::default()`).
pub fn cbor_params<P: Serialize + ?Sized>(params: &P) -> Result<RawBytes, TestkitError> {
    Ok(RawBytes::new(
        cbor::to_vec(params).context("encoding parameters")?,
    ))
}

/// What a successful message returned, decoded from DAG-CBOR.
pub fn decode_return<T: DeserializeOwned>(ret: &ApplyRet) -> Result<T, TestkitError> {
    cbor::from_slice(ret.msg_receipt.return_data.bytes()).context("decoding the return value")
}

/// The FIL a message cost its sender: everything but the refund of the gas deposit.
pub fn fee_paid(ret: &ApplyRet) -> TokenAmount {
    &(&ret.base_fee_burn + &ret.over_estimation_burn) + &ret.miner_tip
}

#[cfg(test)]
mod tests;
