//! The import table of ABI v3 (network version 18 on, the reference's v3 line): every
//! `(module, name)` an actor may import, bound with the calling convention of [`crate::bind`].
//!
//! Against ABI v1: `vm::abort`, `vm::context`, `network::base_fee`, `actor::new_actor_address`
//! and `crypto::verify_seal` are gone; `vm::exit`, `vm::message_context`, `network::context`,
//! `network::tipset_cid`, `actor::next_actor_address`, `actor::lookup_delegated_address`,
//! `actor::balance_of`, `event::emit_event` and `gas::available` are new; `actor::create_actor`
//! takes a delegated address, `send::send` a gas limit and flags, and `gas::charge` an unsigned
//! amount.

use wasmi::{Caller, Linker};

use crate::abort::Abort;
use crate::bind::{enter, run, run_with_ret, Finish, InvocationData};
use crate::calls::{actor, event, gas, network, send, vm};
use crate::kernel::Kernel;
use crate::link::{link_shared, no_ret, with_ret};

/// The `(module, name)` pairs [`link_syscalls_v3`] defines.
pub const SYSCALL_NAMES_V3: [(&str, &str); 40] = [
    ("vm", "exit"),
    ("vm", "message_context"),
    ("network", "total_fil_circ_supply"),
    ("network", "context"),
    ("network", "tipset_cid"),
    ("ipld", "block_open"),
    ("ipld", "block_create"),
    ("ipld", "block_read"),
    ("ipld", "block_stat"),
    ("ipld", "block_link"),
    ("self", "root"),
    ("self", "set_root"),
    ("self", "current_balance"),
    ("self", "self_destruct"),
    ("actor", "resolve_address"),
    ("actor", "lookup_delegated_address"),
    ("actor", "get_actor_code_cid"),
    ("actor", "next_actor_address"),
    ("actor", "create_actor"),
    ("actor", "get_builtin_actor_type"),
    ("actor", "get_code_cid_for_type"),
    ("actor", "balance_of"),
    ("crypto", "verify_signature"),
    ("crypto", "recover_secp_public_key"),
    ("crypto", "hash"),
    ("crypto", "verify_post"),
    ("crypto", "compute_unsealed_sector_cid"),
    ("crypto", "verify_consensus_fault"),
    ("crypto", "verify_aggregate_seals"),
    ("crypto", "verify_replica_update"),
    ("crypto", "batch_verify_seals"),
    ("event", "emit_event"),
    ("rand", "get_chain_randomness"),
    ("rand", "get_beacon_randomness"),
    ("gas", "charge"),
    ("gas", "available"),
    ("send", "send"),
    ("debug", "log"),
    ("debug", "enabled"),
    ("debug", "store_artifact"),
];

/// Defines every ABI v3 syscall in `linker`.
pub fn link_syscalls_v3<K: Kernel>(
    linker: &mut Linker<InvocationData<K>>,
) -> Result<(), wasmi::errors::LinkerError> {
    linker.func_wrap(
        "vm",
        "exit",
        |mut caller: Caller<'_, InvocationData<K>>,
         code: u32,
         block: u32,
         off: u32,
         len: u32|
         -> Result<u32, wasmi::Error> {
            enter(&mut caller, |ctx| -> Result<Finish, Abort> {
                Err(vm::exit(ctx, code, block, off, len))
            })
        },
    )?;
    with_ret!(linker, "vm", "message_context", vm::message_context);
    with_ret!(linker, "network", "context", network::context);
    with_ret!(linker, "network", "tipset_cid", network::tipset_cid, epoch: i64, off: u32, len: u32);
    with_ret!(linker, "actor", "lookup_delegated_address", actor::lookup_delegated_address, id: u64, off: u32, len: u32);
    with_ret!(linker, "actor", "next_actor_address", actor::next_actor_address, off: u32, len: u32);
    no_ret!(linker, "actor", "create_actor", actor::create_actor_with_address, id: u64, typ: u32, a_off: u32, a_len: u32);
    with_ret!(linker, "actor", "balance_of", actor::balance_of, id: u64);
    no_ret!(linker, "event", "emit_event", event::emit_event, off: u32, len: u32);
    no_ret!(linker, "gas", "charge", gas::charge_unsigned, off: u32, len: u32, amount: u64);
    with_ret!(linker, "gas", "available", gas::available);
    with_ret!(linker, "send", "send", send::send_with_limit,
        r_off: u32, r_len: u32, method: u64, params: u32, hi: u64, lo: u64, gas_limit: u64, flags: u64);
    link_shared(linker)
}
