//! Every adversarial actor at every supported network version: the exit code the reference
//! gives, the gas where it is known independently (out of gas uses exactly the gas limit), and
//! the rollback of every state change of a failed call. Expected values cite the reference
//! (ref-fvm fvm@v2.3.0 for nv15, fvm@v2.11.3 for nv16–17, fvm@v3.14.1 for nv18).

mod support;

use fvmi_adversarial::chain::NETWORK_VERSIONS;
use fvmi_adversarial::{self as adversarial, Actor, ACTOR_ID};
use fvmi_types::NetworkVersion;
use support::{run, try_run, Run};

/// The gas limit of most messages.
const GAS_LIMIT: i64 = 10_000_000_000;

/// Syscall error numbers (fvm_shared `ErrorNumber`).
const ILLEGAL_ARGUMENT: u32 = 1;
const LIMIT_EXCEEDED: u32 = 3;
const INSUFFICIENT_FUNDS: u32 = 5;
const INVALID_HANDLE: u32 = 7;
const ILLEGAL_CODEC: u32 = 9;
const FORBIDDEN: u32 = 11;

/// Exit codes.
const SYS_ILLEGAL_INSTRUCTION: u32 = 4;
const SYS_OUT_OF_GAS: u32 = 7;
const SYS_ILLEGAL_EXIT_CODE: u32 = 9;

fn v3(nv: NetworkVersion) -> bool {
    nv >= NetworkVersion::V18
}

/// Runs `actor` at every version, expecting a failure with `expected(nv)` rolled back.
fn expect_failure(
    actor: &Actor,
    gas_limit: i64,
    expected: impl Fn(NetworkVersion) -> u32,
) -> Vec<Run> {
    let mut runs = Vec::new();
    for nv in NETWORK_VERSIONS {
        let Some(run) = run(actor, nv, gas_limit) else {
            continue;
        };
        run.report(&actor.name);
        assert_eq!(
            run.exit(),
            expected(nv),
            "{} at nv{}: {:?}",
            actor.name,
            nv,
            run.ret.failure_info
        );
        run.assert_rolled_back();
        runs.push(run);
    }
    runs
}

/// Out of gas: exit SYS_OUT_OF_GAS with gas used = the gas limit (reference: the charge that
/// passes the limit sets the gas used to the limit, fvm/src/gas/mod.rs
/// `GasTracker::charge_gas_inner`; the executor's out-of-gas receipt reports it,
/// fvm/src/executor/default.rs `execute_message`).
/// At nv15 instructions are free (fvm@v2.3.0 fvm/src/gas/price_list.rs: the OhSnap list's
/// `exec_instruction_cost` is zero, so the injected metering charges nothing), so the loop
/// without syscalls would never end: it runs from nv16 only.
#[test]
fn infinite_loop_runs_out_of_gas() {
    let limit = 100_000_000;
    let actor = adversarial::infinite_loop();
    for nv in NETWORK_VERSIONS
        .into_iter()
        .filter(|nv| *nv >= NetworkVersion::V16)
    {
        let Some(run) = run(&actor, nv, limit) else {
            continue;
        };
        run.report(&actor.name);
        assert_eq!(run.exit(), SYS_OUT_OF_GAS, "nv{}", nv);
        assert_eq!(
            run.gas(),
            limit,
            "nv{}: out of gas uses the whole limit",
            nv
        );
        run.assert_rolled_back();
    }
}

/// As above, the gas burnt by gas::charge: every version.
#[test]
fn charge_loop_runs_out_of_gas() {
    let limit = 100_000_000;
    for run in expect_failure(&adversarial::charge_loop(), limit, |_| SYS_OUT_OF_GAS) {
        assert_eq!(
            run.gas(),
            limit,
            "nv{}: out of gas uses the whole limit",
            run.nv
        );
    }
}

/// Gas running out inside metered blocks fvmi leaves unchecked (interp README, "Cheaper
/// accounting"): the call still ends out of gas with the whole limit used and its state rolled
/// back, at every version, whichever block or syscall the limit falls in.
#[test]
fn late_check_runs_out_of_gas() {
    for limit in [100_000_000, 100_007_919, 100_015_838, 100_023_757] {
        for run in expect_failure(&adversarial::late_check(), limit, |_| SYS_OUT_OF_GAS) {
            assert_eq!(
                run.gas(),
                limit,
                "nv{}: out of gas uses the whole limit",
                run.nv
            );
        }
    }
}

/// The stack limiter's trap is `unreachable`, which the reference maps to
/// SYS_ILLEGAL_INSTRUCTION at every version (fvm@v2.3.0 fvm/src/syscalls/error.rs
/// `From<Trap> for Abort`: any trap code; fvm@v2.11.3 and fvm@v3.14.1 the same file,
/// `From<anyhow::Error> for Abort`: UnreachableCodeReached and StackOverflow).
#[test]
fn recursion_is_an_illegal_instruction() {
    expect_failure(&adversarial::recursion(), GAS_LIMIT, |_| {
        SYS_ILLEGAL_INSTRUCTION
    });
}

/// nv18 caps one instance at 512 MiB (fvm@v3.14.1 fvm/src/machine/mod.rs `NetworkConfig::new`:
/// `max_inst_memory_bytes`; fvm/src/engine/mod.rs applies it as the pooling allocator's
/// `max_memory_size`), so growing past 8192 pages returns -1; before, the engine sets no memory
/// limit (fvm@v2.11.3 fvm/src/machine/engine.rs `wasmtime_config`) and only wasm32's 65536 pages
/// bound it.
#[test]
fn memory_growth_stops_at_the_version_limit() {
    expect_failure(&adversarial::memory_growth(), GAS_LIMIT, |nv| {
        if v3(nv) {
            0x106
        } else {
            0x104
        }
    });
}

/// nv18 bounds the memory of a whole call stack at 2 GiB (fvm@v3.14.1 fvm/src/machine/mod.rs
/// `max_memory_bytes`; fvm/src/machine/limiter.rs `DefaultMemoryLimiter`, restored after each
/// call by `with_stack_frame` in fvm/src/call_manager/default.rs `send`): linear memories plus 8
/// bytes per table element, counted from instantiation. The top frame's refused 8192-page
/// growth still counts 512 MiB: the reference's limiter (fvm/src/engine/mod.rs
/// `WasmtimeLimiter::memory_growing`) only refuses past the module's declared maximum (none
/// here), and the pooling allocator refuses the growth after that (wasmtime 36
/// `Memory::grow`, `memory_may_move(false)`). So the top frame holds 1 GiB, the next two
/// 512 MiB each (exactly 2 GiB), and the fourth frame's initial page does not fit: its
/// instantiation fails with SYS_ILLEGAL_INSTRUCTION (fvm/src/engine/mod.rs `instantiate`).
/// Exit: 4 + 3 * 0x10, | 0x1000 for the refused first growth. Under ABI v1 the actor exits
/// with 0x3FF at once.
#[test]
fn the_call_stack_memory_limit_counts_every_frame() {
    expect_failure(&adversarial::stack_memory(), GAS_LIMIT, |nv| {
        if v3(nv) {
            0x1000 | (SYS_ILLEGAL_INSTRUCTION + 3 * 0x10)
        } else {
            0x3FF
        }
    });
}

/// nv18 refuses blocks over 1 MiB with LimitExceeded (fvm@v3.14.1 fvm/src/kernel/default.rs
/// `block_create`, `max_block_size` 1 << 20 in fvm/src/machine/mod.rs); fvm@v2.x has no limit
/// (fvm/src/kernel/default.rs `block_create` only charges gas).
#[test]
fn huge_blocks_are_refused_from_nv18() {
    expect_failure(&adversarial::huge_block(), GAS_LIMIT, |nv| {
        if v3(nv) {
            0x200 | LIMIT_EXCEEDED << 4
        } else {
            0x200
        }
    });
}

/// A 1 MiB block of a million nested arrays becomes the actor's state. Nothing in the
/// reference limits CBOR nesting: block_create does not parse, and the flush's link scan is a
/// loop, not a recursion (fvm/src/blockstore/buffered.rs `scan_for_links`), so the message
/// succeeds and the state flushes at every version.
#[test]
fn deep_block_becomes_state() {
    let actor = adversarial::deep_block();
    for nv in NETWORK_VERSIONS {
        let Some(mut run) = run(&actor, nv, GAS_LIMIT) else {
            continue;
        };
        run.report(&actor.name);
        run.assert_success();
        run.chain.flush().expect("the state flushes");
        let head = run.chain.actor(ACTOR_ID).unwrap().expect("actor").state;
        let block = run
            .chain
            .block(&head)
            .unwrap()
            .expect("the root block is flushed");
        assert_eq!(block.len(), 1 << 20, "nv{}", nv);
        assert_eq!(
            block[..(1 << 20) - 1]
                .iter()
                .filter(|b| **b == 0x81)
                .count(),
            (1 << 20) - 1
        );
    }
}

/// A chain of 2000 linked blocks becomes the actor's state; the flush keeps every block.
#[test]
fn link_chain_becomes_state() {
    let actor = adversarial::link_chain();
    for nv in NETWORK_VERSIONS {
        let Some(mut run) = run(&actor, nv, GAS_LIMIT) else {
            continue;
        };
        run.report(&actor.name);
        run.assert_success();
        run.chain.flush().expect("the state flushes");
        let mut cid = run.chain.actor(ACTOR_ID).unwrap().expect("actor").state;
        let mut depth = 0;
        loop {
            let block = run
                .chain
                .block(&cid)
                .unwrap()
                .expect("every block of the chain is flushed");
            if block == [0x81, 0x01] {
                break;
            }
            assert_eq!(block.len(), 44);
            cid = cid::Cid::try_from(&block[6..]).expect("a CID");
            depth += 1;
        }
        assert_eq!(depth, 2000, "nv{}", nv);
    }
}

/// Hostile pointers: see `actors/bad_pointers.wat` for the packing.
#[test]
fn bad_pointers_are_illegal_arguments() {
    expect_failure(&adversarial::bad_pointers(), GAS_LIMIT, |_| {
        0x1000_0000
            | ILLEGAL_ARGUMENT
            | ILLEGAL_ARGUMENT << 4
            | ILLEGAL_ARGUMENT << 8
            | ILLEGAL_ARGUMENT << 12
            | ILLEGAL_ARGUMENT << 16
            | ILLEGAL_CODEC << 20
            | INVALID_HANDLE << 24
    });
}

/// The depth limit: fvm@v2.x checks the depth before counting the new frame against
/// `max_call_depth` 1024 (fvm/src/call_manager/default.rs `send_unchecked`), so 1025 frames run
/// and the 1025th frame's send fails with LimitExceeded; fvm@v3.14.1 checks `>=` (same
/// function), so 1024 frames run.
#[test]
fn deep_send_stops_at_the_depth_limit() {
    expect_failure(&adversarial::deep_send(), GAS_LIMIT, |nv| {
        let frames_above_deepest = if v3(nv) { 1023 } else { 1024 };
        LIMIT_EXCEEDED << 24 | frames_above_deepest
    });
}

/// A send to itself within its balance succeeds (exit 0); beyond it the transfer fails with
/// InsufficientFunds (fvm/src/call_manager/default.rs `transfer` at every tag).
#[test]
fn self_send_value() {
    expect_failure(&adversarial::self_send_value(), GAS_LIMIT, |_| {
        0x10000 | INSUFFICIENT_FUNDS
    });
}

/// A 1 MiB return value is returned whole.
#[test]
fn return_huge() {
    let actor = adversarial::return_huge();
    for nv in NETWORK_VERSIONS {
        let Some(run) = run(&actor, nv, GAS_LIMIT) else {
            continue;
        };
        run.report(&actor.name);
        run.assert_success();
        assert_eq!(
            run.ret.msg_receipt.return_data.bytes().len(),
            1 << 20,
            "nv{}",
            nv
        );
    }
}

/// A failure with a 1 MiB return block: exit 16 everywhere, rolled back; fvm@v3.14.1's executor
/// keeps a failing call's return block in the receipt (fvm/src/executor/default.rs
/// `execute_message`: the return data comes from the invocation result whatever the code);
/// ABI v1 cannot hand one over, and fvm@v2.x's receipts of failures carry none.
#[test]
fn fail_huge() {
    for run in expect_failure(&adversarial::fail_huge(), GAS_LIMIT, |_| 16) {
        let expected = if v3(run.nv) { 1 << 20 } else { 0 };
        assert_eq!(
            run.ret.msg_receipt.return_data.bytes().len(),
            expected,
            "nv{}",
            run.nv
        );
    }
}

/// fvm@v2.x lets any actor create builtin, non-singleton actors (fvm/src/kernel/default.rs
/// `create_actor`: only the code and the ID are checked); fvm@v3.14.1 restricts it to the init
/// actor with Forbidden (same function).
#[test]
fn create_actors() {
    expect_failure(&adversarial::create_actors(), GAS_LIMIT, |nv| {
        if v3(nv) {
            0x10000 | FORBIDDEN
        } else {
            0x10000 | 10 << 8
        }
    });
}

/// Exit codes: fvm@v2.x `vm::abort` (fvm/src/syscalls/vm.rs `abort`) turns a system code
/// (below 16, 0 included) into SYS_ILLEGAL_EXIT_CODE from nv16, passes any code at nv15; and the
/// executor turns a top-level failure with code 0 into a fatal error (fvm@v2.3.0
/// fvm/src/executor/default.rs `execute_message`: "actor failed with status OK").
/// fvm@v3.14.1 `vm::exit` (fvm/src/syscalls/vm.rs `exit`) treats 0 as a successful return and
/// codes 1..15 as SYS_ILLEGAL_EXIT_CODE.
#[test]
fn exit_codes() {
    for code in adversarial::EXIT_CODES {
        let actor = adversarial::exit_code(code);
        for nv in NETWORK_VERSIONS {
            let Some(result) = try_run(&actor, nv, GAS_LIMIT) else {
                continue;
            };
            if nv == NetworkVersion::V15 && code == 0 {
                assert!(result.is_err(), "nv15 abort(0) is a fatal error");
                eprintln!("OUTCOME {} nv15 fatal", actor.name);
                continue;
            }
            let run = result.unwrap_or_else(|e| panic!("{} nv{}: {e}", actor.name, nv));
            run.report(&actor.name);
            if v3(nv) && code == 0 {
                run.assert_success();
                continue;
            }
            let expected = if nv >= NetworkVersion::V16 && code < 16 {
                SYS_ILLEGAL_EXIT_CODE
            } else {
                code
            };
            assert_eq!(run.exit(), expected, "{} nv{}", actor.name, nv);
            run.assert_rolled_back();
        }
    }
}

/// An inner call that aborts with exit code 0. nv15: fvm@v2.3.0 `vm::abort` passes code 0, the
/// call manager keeps the inner call's changes because the code counts as success
/// (fvm/src/call_manager/default.rs `with_transaction`: revert only on a non-success code), and
/// the caller sees exit code 0 (no error). nv16–17: code 0 is a system code, so the inner call
/// exits SYS_ILLEGAL_EXIT_CODE and is reverted. nv18: `vm::exit(0)` is a successful return, kept.
#[test]
fn nested_exit_zero() {
    expect_failure(&adversarial::nested_exit_zero(), GAS_LIMIT, |nv| match nv {
        NetworkVersion::V16 | NetworkVersion::V17 => 0x10000 | SYS_ILLEGAL_EXIT_CODE,
        _ => 0x10000 | 1 << 12,
    });
}
