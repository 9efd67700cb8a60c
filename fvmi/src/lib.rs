//! fvmi, a Filecoin virtual machine on the wasmi interpreter: the surface an embedder uses, in
//! one crate. Load a state and a builtin-actor bundle into a blockstore, build a [`Machine`] at
//! an epoch and network version, and apply messages with an [`Executor`]; each message gives an
//! [`ApplyRet`] with its [`Receipt`] and fee outputs.
//!
//! Every item is re-exported from the crate that owns it (`fvmi-kernel`, `fvmi-state`,
//! `fvmi-ipld`, `fvmi-types`); reach for those crates for anything beyond this surface.
//!
//! # Example
//!
//! Apply a transfer to a state read from a CAR archive, with the builtin actors read from a
//! bundle CAR (here both are bytes; a file works the same, through `std::fs::File`):
//!
//! ```
//! use fvmi::{
//!     cbor, chain_length, load_bundle, load_car, AcceptAllProofs, Address, ApplyKind,
//!     DummyExterns, Executor, ExitCode, Machine, MachineContext, MemoryBlockstore, Message,
//!     NetworkVersion, RawBytes, TokenAmount,
//! };
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # // A small network-version-15 state: the genesis actors and the accounts f0100 (10 FIL)
//! # // and f0101, as a CAR archive; and the builtin actors v7 as a bundle CAR.
//! # let state_car: Vec<u8> = fvmi_testkit::ChainBuilder::new()
//! #     .account(100, TokenAmount::from_whole(10u64))
//! #     .account(101, TokenAmount::zero())
//! #     .state_car()?;
//! # let bundle_car: &[u8] = fvmi_builtin_actors::bundle_car();
//! // The builtin actors and the state tree, into one blockstore.
//! let store = MemoryBlockstore::new();
//! let bundle = load_bundle(&store, bundle_car)?;
//! let roots = load_car(&store, state_car.as_slice())?;
//!
//! // A machine at epoch 1000 of network version 15 (whose state does not name its actors, so
//! // the context names the bundle), with no chain access and every proof accepted.
//! let mut context = MachineContext::new(1000, NetworkVersion::V15, roots[0]);
//! context.builtin_actors = Some(bundle.root);
//! let machine = Machine::new(context, store, Box::new(DummyExterns), Box::new(AcceptAllProofs))?;
//! let mut executor = Executor::new(machine);
//!
//! // Send 1 FIL from f0100 to f0101: inclusion gas is charged for the message's length on chain.
//! let message = Message {
//!     version: 0,
//!     to: Address::new_id(101),
//!     from: Address::new_id(100),
//!     sequence: 0,
//!     value: TokenAmount::from_whole(1u64),
//!     gas_limit: 10_000_000,
//!     gas_fee_cap: TokenAmount::from_atto(1_000u64),
//!     gas_premium: TokenAmount::from_atto(10u64),
//!     method_num: 0,
//!     params: RawBytes::default(),
//! };
//! let raw_length = chain_length(&cbor::to_vec(&message)?);
//! let ret = executor.apply_message(&message, ApplyKind::Explicit { raw_length })?;
//! println!("{:?}", ret.msg_receipt);
//! assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
//!
//! // The new state root; its blocks are in the blockstore.
//! let root = executor.flush()?;
//! println!("new state root {root}");
//! # Ok(())
//! # }
//! ```
//!
//! See this crate's README.md.

pub use fvmi_ipld::{cbor, load_car, Blockstore, CarError, MemoryBlockstore};
pub use fvmi_kernel::crypto::{AcceptAllProofs, ProofError, ProofVerifier};
pub use fvmi_kernel::{
    chain_length, ApplyFailure, ApplyKind, ApplyRet, DummyExterns, Executor, ExecutorError,
    ExternError, Externs, Machine, MachineContext, MachineError, TOTAL_FILECOIN,
};
pub use fvmi_state::{load_bundle, Bundle, BundleError};
pub use fvmi_types::{
    sector, Address, ConsensusFault, ExitCode, Message, NetworkVersion, RawBytes, Receipt,
    TokenAmount,
};
