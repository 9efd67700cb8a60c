//! Deploying the `fvmi-examples` counter actor in the demo.
//!
//! Network version 15 has no user-deployable code, so "deploy" means what a genesis or test
//! harness does: register the module with the engine under its code CID (raw codec, BLAKE2b-256
//! of the wasm), assign an ID to a fresh actor address through the init actor's address map and
//! install an actor with that code and an empty state; its constructor then runs as an ordinary
//! message.

use fvmi_ipld::cbor::{cid_of, DAG_CBOR, RAW};
use fvmi_ipld::Blockstore;
use fvmi_state::ActorState;
use fvmi_types::{Address, TokenAmount};

use crate::vm::CliExecutor;

/// The counter's `increment` method (parameter: step; returns the new count).
pub const INCREMENT: u64 = 2;
/// The counter's `get` method (returns the count).
pub const GET: u64 = 3;

/// Installs the counter actor and returns its robust (`f2`) address and ID address.
pub fn deploy(executor: &mut CliExecutor) -> anyhow::Result<(Address, Address)> {
    let wasm = fvmi_examples::counter_wasm();
    let code = cid_of(RAW, wasm);
    let machine = executor.machine_mut();
    machine
        .engine()
        .prepare(&code.to_bytes(), wasm)
        .map_err(|e| anyhow::anyhow!("the counter module does not load: {e}"))?;
    let empty_state = machine.blockstore().put(DAG_CBOR, &[0x80])?;
    let robust = Address::new_actor(b"fvmi-demo/counter");
    let id = machine.state_tree_mut().register_new_address(&robust)?;
    machine.state_tree_mut().set_actor(
        id,
        ActorState::new(code, empty_state, TokenAmount::zero(), 0),
    );
    Ok((robust, Address::new_id(id)))
}
