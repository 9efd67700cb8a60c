//! Value transfers, implicit account creation and the fee split, checked to the attoFIL.

use fvmi_kernel::gas::{price_list_by_network_version, GasOutputs};
use fvmi_types::{Address, ExitCode, NetworkVersion, TokenAmount};

use crate::harness::{secp_address, sender_balance, TestVm, BASE_FEE, SENDER_ID};

fn fee_cap() -> TokenAmount {
    TokenAmount::from_atto(200u64)
}

fn premium() -> TokenAmount {
    TokenAmount::from_atto(10u64)
}

/// Checks the fee split against `GasOutputs` and the balances it implies.
fn check_fees(vm: &TestVm, ret: &fvmi_kernel::ApplyRet, value_out: &TokenAmount) {
    let gas_limit = 1_000_000_000i64;
    let out = GasOutputs::compute(
        ret.msg_receipt.gas_used,
        gas_limit,
        &TokenAmount::from_atto(BASE_FEE),
        &fee_cap(),
        &premium(),
    );
    assert_eq!(ret.base_fee_burn, out.base_fee_burn);
    assert_eq!(ret.over_estimation_burn, out.over_estimation_burn);
    assert_eq!(ret.miner_tip, out.miner_tip);
    assert_eq!(ret.refund, out.refund);
    assert_eq!(ret.gas_burned, out.gas_burned);
    assert_eq!(ret.gas_refund, out.gas_refund);
    // base fee 100 < fee cap 200: no penalty.
    assert!(ret.penalty.is_zero());
    let paid = &ret.base_fee_burn + &ret.over_estimation_burn + &ret.miner_tip;
    let sender = vm.actor(SENDER_ID).expect("sender");
    assert_eq!(sender.balance, sender_balance() - paid - value_out);
    let burnt = vm.actor(99).expect("burnt funds");
    assert_eq!(
        burnt.balance,
        &ret.base_fee_burn + &ret.over_estimation_burn
    );
    let reward = vm.actor(2).expect("reward");
    assert_eq!(reward.balance, ret.miner_tip);
}

#[test]
fn transfer_to_existing_account_charges_exact_gas() {
    let mut vm = TestVm::new(vec![]);
    let value = TokenAmount::from_atto(1_234_567u64);
    // Send to the burnt funds account (an existing account actor): no code runs.
    let ret = vm.send(Address::new_id(99), 0, vec![], value.clone());
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
    assert!(ret.msg_receipt.return_data.is_empty());
    let prices = price_list_by_network_version(NetworkVersion::V15);
    let expected = prices.on_chain_message(100).total()
        + prices.on_method_invocation(&value, 0).total()
        + prices.on_chain_return_value(0).total();
    assert_eq!(ret.msg_receipt.gas_used, expected.round_up());
    // The burnt funds actor got the value plus the burns.
    let burnt = vm.actor(99).expect("burnt");
    assert_eq!(
        burnt.balance,
        &value + &ret.base_fee_burn + &ret.over_estimation_burn
    );
    let sender = vm.actor(SENDER_ID).expect("sender");
    assert_eq!(sender.sequence, 1);
    let paid = &ret.base_fee_burn + &ret.over_estimation_burn + &ret.miner_tip;
    assert_eq!(sender.balance, sender_balance() - paid - value);
    // The flushed state reaches the underlying store and reloads with the same balances.
    let root = vm.chain.flush().expect("flush");
    let store = vm.chain.into_executor().into_machine().into_blockstore();
    let tree = fvmi_state::StateTree::new_from_root(&store, &root).expect("reload");
    let reloaded = tree.get_actor(SENDER_ID).expect("get").expect("sender");
    assert_eq!(reloaded.balance, sender.balance);
}

#[test]
fn transfer_to_new_secp_address_creates_an_account() {
    let mut vm = TestVm::new(vec![]);
    let value = TokenAmount::from_atto(5_000u64);
    let to = secp_address(9);
    let ret = vm.send(to, 0, vec![], value.clone());
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::OK,
        "{:?}",
        ret.failure_info
    );
    let id = vm
        .chain
        .machine()
        .lookup_id(&to)
        .expect("lookup")
        .expect("created");
    assert_eq!(id, SENDER_ID + 1);
    let account = vm.actor(id).expect("account");
    assert_eq!(account.balance, value);
    assert!(vm
        .chain
        .machine()
        .builtin_actors()
        .is_account_actor(&account.code));
    // The account constructor ran and stored the key address.
    let state = fvmi_ipld::Blockstore::get(vm.chain.machine().blockstore(), &account.state)
        .expect("get")
        .expect("state");
    let (key,): (Address,) = fvmi_ipld::cbor::from_slice(&state).expect("decode");
    assert_eq!(key, to);
    // Creating the actor and running its constructor costs more than a bare transfer.
    let prices = price_list_by_network_version(NetworkVersion::V15);
    let bare = prices.on_chain_message(100).total()
        + prices.on_method_invocation(&value, 0).total()
        + prices.on_create_actor().total();
    assert!(ret.msg_receipt.gas_used > bare.round_up());
    check_fees(&vm, &ret, &value);
}

#[test]
fn preflight_rejections() {
    let mut vm = TestVm::new(vec![]);
    // Too much value: the send fails with SYS_INSUFFICIENT_FUNDS, fees are still paid.
    let ret = vm.send(
        Address::new_id(99),
        0,
        vec![],
        TokenAmount::from_whole(10_000u64),
    );
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::SYS_INSUFFICIENT_FUNDS);
    check_fees(&vm, &ret, &TokenAmount::zero());
    // An unknown ID receiver: SYS_INVALID_RECEIVER.
    let ret = vm.send(Address::new_id(5555), 0, vec![], TokenAmount::zero());
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::SYS_INVALID_RECEIVER);
}
