//! Creating a real v7 builtin actor: the init actor's `Exec` constructing a multisig, plus the
//! preflight rejections of explicit messages.

use fvmi_kernel::{ApplyKind, Manifest};
use fvmi_types::{Address, ExitCode, Message, Protocol, RawBytes, TokenAmount};

use crate::harness::{sender_balance, TestVm, SENDER_ID};

/// The init actor's `Exec` method.
const INIT_EXEC: u64 = 2;

#[test]
fn init_exec_creates_a_multisig() {
    let mut vm = TestVm::new(vec![]);
    let multisig = *Manifest::v7().code_by_name("multisig").expect("multisig");
    let constructor =
        fvmi_ipld::cbor::to_vec(&(vec![vm.chain.sender()], 1u64, 0i64, 0i64)).expect("ctor");
    let params = fvmi_ipld::cbor::to_vec(&(multisig, RawBytes::new(constructor))).expect("params");
    let value = TokenAmount::from_atto(777u64);
    let ret = vm.send(Address::new_id(1), INIT_EXEC, params, value.clone());
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::OK,
        "{:?}",
        ret.failure_info
    );
    let (id_address, robust): (Address, Address) =
        fvmi_ipld::cbor::from_slice(ret.msg_receipt.return_data.bytes()).expect("exec return");
    assert_eq!(id_address, Address::new_id(SENDER_ID + 1));
    assert_eq!(robust.protocol(), Protocol::Actor);
    let machine = vm.chain.machine();
    assert_eq!(
        machine.lookup_id(&robust).expect("lookup"),
        Some(SENDER_ID + 1)
    );
    let created = vm.actor(SENDER_ID + 1).expect("multisig actor");
    assert_eq!(created.code, multisig);
    assert_eq!(created.balance, value);
    // The sender paid the value and exactly the fees reported.
    let sender = vm.actor(SENDER_ID).expect("sender");
    let fees = &ret.base_fee_burn + &ret.over_estimation_burn + &ret.miner_tip;
    assert_eq!(sender.balance, sender_balance() - fees - value);
    assert!(ret.msg_receipt.gas_used > 0);
}

fn message(vm: &TestVm, sequence: u64, gas_limit: i64, fee_cap: u64) -> Message {
    Message {
        version: 0,
        to: Address::new_id(99),
        from: vm.chain.sender(),
        sequence,
        value: TokenAmount::zero(),
        gas_limit,
        gas_fee_cap: TokenAmount::from_atto(fee_cap),
        gas_premium: TokenAmount::zero(),
        method_num: 0,
        params: RawBytes::default(),
    }
}

#[test]
fn explicit_message_preflight() {
    let mut vm = TestVm::new(vec![]);
    let explicit = ApplyKind::Explicit { raw_length: 100 };
    let apply = |vm: &mut TestVm, msg: &Message| {
        vm.chain
            .executor_mut()
            .apply_message(msg, explicit)
            .expect("apply")
    };
    // Wrong nonce.
    let msg = message(&vm, 5, 1_000_000, 1);
    let ret = apply(&mut vm, &msg);
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::SYS_SENDER_STATE_INVALID
    );
    assert_eq!(ret.penalty, TokenAmount::from_atto(100u64) * 1_000_000i64);
    // Cannot cover gas limit times fee cap.
    let msg = message(&vm, 0, 1_000_000, 10u64.pow(16));
    let ret = apply(&mut vm, &msg);
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::SYS_SENDER_STATE_INVALID
    );
    // Gas limit below the inclusion cost.
    let msg = message(&vm, 0, 10, 1);
    let ret = apply(&mut vm, &msg);
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::SYS_OUT_OF_GAS);
    assert_eq!(ret.msg_receipt.gas_used, 0);
    // Unknown sender.
    let mut msg = message(&vm, 0, 1_000_000, 1);
    msg.from = crate::harness::secp_address(77);
    let ret = apply(&mut vm, &msg);
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::SYS_SENDER_INVALID);
    // Non-account sender (the reward actor).
    msg.from = Address::new_id(2);
    let ret = apply(&mut vm, &msg);
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::SYS_SENDER_INVALID);
    // None of this touched the sender.
    let sender = vm.actor(SENDER_ID).expect("sender");
    assert_eq!((sender.sequence, sender.balance), (0, sender_balance()));
    // An implicit message skips the sender checks and fees.
    msg.from = Address::new_id(2);
    let ret = vm
        .chain
        .executor_mut()
        .apply_message(&msg, ApplyKind::Implicit)
        .expect("implicit");
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
    assert!(ret.miner_tip.is_zero() && ret.base_fee_burn.is_zero());
    // A zero gas limit is not a message at all.
    let zero_gas = message(&vm, 0, 0, 1);
    assert!(vm
        .chain
        .executor_mut()
        .apply_message(&zero_gas, explicit)
        .is_err());
}
