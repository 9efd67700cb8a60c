//! The ABI v3 twin of `syscall_actor`: the same byte program (value byte, then the program of
//! `fvmi_fuzz::syscall_program`) run by the ABI v3 build of the fuzz actor on an nv18 chain with
//! the builtin-actors v10 bundle (`FVMI_BUNDLES`): the 40 ABI v3 imports (`vm::exit` with a
//! block, `vm::message_context`, events, `send::send` with a gas limit and the read-only flag,
//! `actor::balance_of`, `actor::lookup_delegated_address`, ...) with arbitrary arguments, nested
//! self-sends, and the nv18 call-stack memory limit behind them. The invariants of
//! `fvmi_fuzz::chain::apply_checked`: a receipt (never `AbortedWithOk` at nv18), FIL conserved,
//! a failed message changes only the sender's nonce and fees, the reward and burnt funds, and
//! has no events and no events root.
#![no_main]

use fvmi_fuzz::chain::{chain_v3, run_program};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    run_program(chain_v3(), data);
});
