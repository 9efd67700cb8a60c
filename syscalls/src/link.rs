//! The import table of ABI v1: every `(module, name)` an actor may import, bound to its
//! implementation with the calling convention of [`crate::bind`].

use wasmi::{Caller, Linker};

use crate::abort::Abort;
use crate::bind::{enter, run, run_with_ret, Finish, InvocationData};
use crate::calls::{actor, crypto, debug, gas, ipld, network, rand, send, sself, vm};
use crate::kernel::Kernel;

/// Binds a syscall returning a value through an out-pointer (the first wasm parameter).
macro_rules! with_ret_impl {
    ($linker:ident, $module:literal, $name:literal, $f:path $(, $arg:ident : $ty:ty)*) => {
        $linker.func_wrap(
            $module,
            $name,
            |mut caller: Caller<'_, InvocationData<K>>, ret: u32 $(, $arg: $ty)*| {
                run_with_ret(&mut caller, ret, |ctx| $f(ctx $(, $arg)*))
            },
        )?;
    };
}

/// Binds a syscall without a return value.
macro_rules! no_ret_impl {
    ($linker:ident, $module:literal, $name:literal, $f:path $(, $arg:ident : $ty:ty)*) => {
        $linker.func_wrap(
            $module,
            $name,
            |mut caller: Caller<'_, InvocationData<K>> $(, $arg: $ty)*| {
                run(&mut caller, |ctx| $f(ctx $(, $arg)*))
            },
        )?;
    };
}

pub(crate) use no_ret_impl as no_ret;
pub(crate) use with_ret_impl as with_ret;

/// The `(module, name)` pairs [`link_syscalls`] defines.
pub const SYSCALL_NAMES: [(&str, &str); 36] = [
    ("vm", "abort"),
    ("vm", "context"),
    ("network", "base_fee"),
    ("network", "total_fil_circ_supply"),
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
    ("actor", "get_actor_code_cid"),
    ("actor", "new_actor_address"),
    ("actor", "create_actor"),
    ("actor", "get_builtin_actor_type"),
    ("actor", "get_code_cid_for_type"),
    ("crypto", "verify_signature"),
    ("crypto", "recover_secp_public_key"),
    ("crypto", "hash"),
    ("crypto", "verify_seal"),
    ("crypto", "verify_post"),
    ("crypto", "compute_unsealed_sector_cid"),
    ("crypto", "verify_consensus_fault"),
    ("crypto", "verify_aggregate_seals"),
    ("crypto", "verify_replica_update"),
    ("crypto", "batch_verify_seals"),
    ("rand", "get_chain_randomness"),
    ("rand", "get_beacon_randomness"),
    ("gas", "charge"),
    ("send", "send"),
    ("debug", "log"),
    ("debug", "enabled"),
    ("debug", "store_artifact"),
];

/// Defines every syscall of ABI v1 in `linker`.
pub fn link_syscalls<K: Kernel>(
    linker: &mut Linker<InvocationData<K>>,
) -> Result<(), wasmi::errors::LinkerError> {
    linker.func_wrap(
        "vm",
        "abort",
        |mut caller: Caller<'_, InvocationData<K>>,
         code: u32,
         off: u32,
         len: u32|
         -> Result<u32, wasmi::Error> {
            enter(&mut caller, |ctx| -> Result<Finish, Abort> {
                Err(vm::abort(ctx, code, off, len))
            })
        },
    )?;
    with_ret!(linker, "vm", "context", vm::context);
    with_ret!(linker, "network", "base_fee", network::base_fee);
    with_ret!(linker, "actor", "new_actor_address", actor::new_actor_address, off: u32, len: u32);
    no_ret!(linker, "actor", "create_actor", actor::create_actor, id: u64, off: u32);
    with_ret!(linker, "crypto", "verify_seal", crypto::verify_seal, off: u32, len: u32);
    no_ret!(linker, "gas", "charge", gas::charge, off: u32, len: u32, amount: i64);
    with_ret!(linker, "send", "send", send::send,
        r_off: u32, r_len: u32, method: u64, params: u32, hi: u64, lo: u64);
    link_shared(linker)
}

/// Defines the syscalls ABI v1 and ABI v3 have in common (same names, signatures and
/// implementations; the kernel applies each version's rules behind them).
pub(crate) fn link_shared<K: Kernel>(
    linker: &mut Linker<InvocationData<K>>,
) -> Result<(), wasmi::errors::LinkerError> {
    with_ret!(
        linker,
        "network",
        "total_fil_circ_supply",
        network::total_fil_circ_supply
    );

    with_ret!(linker, "ipld", "block_open", ipld::block_open, cid: u32);
    with_ret!(linker, "ipld", "block_create", ipld::block_create, codec: u64, off: u32, len: u32);
    with_ret!(linker, "ipld", "block_read", ipld::block_read, id: u32, offset: u32, off: u32, len: u32);
    with_ret!(linker, "ipld", "block_stat", ipld::block_stat, id: u32);
    with_ret!(linker, "ipld", "block_link", ipld::block_link, id: u32, hash_fun: u64, hash_len: u32, off: u32, len: u32);

    with_ret!(linker, "self", "root", sself::root, off: u32, len: u32);
    no_ret!(linker, "self", "set_root", sself::set_root, off: u32);
    with_ret!(linker, "self", "current_balance", sself::current_balance);
    no_ret!(linker, "self", "self_destruct", sself::self_destruct, off: u32, len: u32);

    with_ret!(linker, "actor", "resolve_address", actor::resolve_address, off: u32, len: u32);
    with_ret!(linker, "actor", "get_actor_code_cid", actor::get_actor_code_cid, id: u64, off: u32, len: u32);
    with_ret!(linker, "actor", "get_builtin_actor_type", actor::get_builtin_actor_type, off: u32);
    with_ret!(linker, "actor", "get_code_cid_for_type", actor::get_code_cid_for_type, typ: i32, off: u32, len: u32);

    with_ret!(linker, "crypto", "verify_signature", crypto::verify_signature,
        sig_type: u32, sig_off: u32, sig_len: u32, addr_off: u32, addr_len: u32, pt_off: u32, pt_len: u32);
    with_ret!(linker, "crypto", "recover_secp_public_key", crypto::recover_secp_public_key, hash_off: u32, sig_off: u32);
    with_ret!(linker, "crypto", "hash", crypto::hash, code: u64, off: u32, len: u32, d_off: u32, d_len: u32);
    with_ret!(linker, "crypto", "verify_post", crypto::verify_post, off: u32, len: u32);
    with_ret!(linker, "crypto", "compute_unsealed_sector_cid", crypto::compute_unsealed_sector_cid,
        proof: i64, off: u32, len: u32, c_off: u32, c_len: u32);
    with_ret!(linker, "crypto", "verify_consensus_fault", crypto::verify_consensus_fault,
        h1_off: u32, h1_len: u32, h2_off: u32, h2_len: u32, x_off: u32, x_len: u32);
    with_ret!(linker, "crypto", "verify_aggregate_seals", crypto::verify_aggregate_seals, off: u32, len: u32);
    with_ret!(linker, "crypto", "verify_replica_update", crypto::verify_replica_update, off: u32, len: u32);
    no_ret!(linker, "crypto", "batch_verify_seals", crypto::batch_verify_seals, off: u32, len: u32, r_off: u32);

    with_ret!(linker, "rand", "get_chain_randomness", rand::get_chain_randomness, pers: i64, round: i64, off: u32, len: u32);
    with_ret!(linker, "rand", "get_beacon_randomness", rand::get_beacon_randomness, pers: i64, round: i64, off: u32, len: u32);

    no_ret!(linker, "debug", "log", debug::log, off: u32, len: u32);
    with_ret!(linker, "debug", "enabled", debug::enabled);
    no_ret!(linker, "debug", "store_artifact", debug::store_artifact, n_off: u32, n_len: u32, d_off: u32, d_len: u32);
    Ok(())
}
