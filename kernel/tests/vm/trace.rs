//! Execution traces: opt-in, ordered, and without any effect on gas or results.

use fvmi_kernel::{call_depth, ExecEvent};
use fvmi_types::{Address, ExitCode, TokenAmount};

use crate::harness::{secp_address, TestActor, TestVm};
use crate::wat_actor::actor;

fn transfer_to_new_account(tracing: bool) -> fvmi_kernel::ApplyRet {
    let mut vm = TestVm::with_tracing(vec![], tracing);
    vm.send(secp_address(9), 0, vec![], TokenAmount::from_atto(5u64))
}

#[test]
fn tracing_does_not_change_results() {
    let plain = transfer_to_new_account(false);
    let traced = transfer_to_new_account(true);
    assert!(plain.exec_trace.is_empty());
    assert!(!traced.exec_trace.is_empty());
    assert_eq!(plain.msg_receipt, traced.msg_receipt);
    assert_eq!(plain.miner_tip, traced.miner_tip);
    assert_eq!(plain.refund, traced.refund);
    assert_eq!(plain.base_fee_burn, traced.base_fee_burn);
}

#[test]
fn account_creation_is_a_nested_call() {
    let ret = transfer_to_new_account(true);
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
    let trace = &ret.exec_trace;
    assert_eq!(call_depth(trace), Some(2), "{trace:#?}");
    let starts: Vec<_> = trace
        .iter()
        .filter_map(|e| match e {
            ExecEvent::CallStart {
                from, method, to, ..
            } => Some((*from, *method, to.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(starts.len(), 2);
    assert_eq!(starts[0].1, 0, "the transfer is method 0");
    assert_eq!(
        (starts[1].0, starts[1].1),
        (0, 1),
        "system calls the constructor"
    );
    // The inclusion charge comes first, before any call.
    assert!(matches!(&trace[0], ExecEvent::GasCharge { name, .. } if name == "OnChainMessage"));
    // The trace's charges add up to the receipt's gas.
    let milligas: i64 = trace
        .iter()
        .map(|e| match e {
            ExecEvent::GasCharge {
                compute_milligas,
                storage_milligas,
                ..
            } => compute_milligas + storage_milligas,
            _ => 0,
        })
        .sum();
    assert_eq!((milligas + 999) / 1000, ret.msg_receipt.gas_used);
}

#[test]
fn wat_actor_sends_nest_and_failures_are_recorded() {
    // An actor that sends to a missing actor ID and then returns normally.
    let body = "(drop (call $send (i32.const 8) (i32.const 4096) (i32.const 3) (i64.const 2) \
                (i32.const 0) (i64.const 0) (i64.const 0))) (i32.const 0)";
    let missing = Address::new_id(4242).to_bytes();
    let actors = || {
        vec![TestActor {
            id: 1000,
            name: "sender",
            wat: actor(body, &missing),
        }]
    };
    let traced = TestVm::with_tracing(actors(), true).send(
        Address::new_id(1000),
        2,
        vec![],
        TokenAmount::zero(),
    );
    let plain = TestVm::new(actors()).send(Address::new_id(1000), 2, vec![], TokenAmount::zero());
    assert_eq!(plain.msg_receipt, traced.msg_receipt);
    assert_eq!(call_depth(&traced.exec_trace), Some(2));
    let inner_end = traced
        .exec_trace
        .iter()
        .find(|e| e.is_call_end())
        .expect("an end");
    assert!(
        matches!(inner_end, ExecEvent::CallEnd { error: Some(_), exit_code, .. }
            if *exit_code == ExitCode::SYS_INVALID_RECEIVER.value()),
        "{inner_end:?}"
    );
}
