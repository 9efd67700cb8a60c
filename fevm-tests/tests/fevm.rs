//! FEVM end to end on the builtin-actors v10 mainnet bundle at nv18: Solidity contracts deployed
//! through the EAM (`CreateExternal`) by Ethereum accounts and called with `InvokeContract`.
//! Every message also goes through the accounting checks of `EvmChain::send` (nonce, fees,
//! burns, tip, FIL conservation, events root by hand).
//!
//! Skips (with the reason printed) when the bundle is absent and `FVMI_BUNDLES` is unset.

use fvmi_fevm_tests::abi::{self, boolean, calldata, event_topic, read_uint, uint};
use fvmi_fevm_tests::chain::{evm_return, EvmChain, ALICE, BOB};
use fvmi_fevm_tests::contracts;
use fvmi_fevm_tests::eth::{create_address, keccak256, robust_address, EthAddress};
use fvmi_fevm_tests::evm::{self, evm_log, Tombstone, EMPTY_BYTECODE_HASH, EVM_CONTRACT_REVERTED};
use fvmi_ipld::cbor::{self, cid_of, RAW};
use fvmi_kernel::ApplyRet;
use fvmi_types::{Address, BytesDe, ExitCode, TokenAmount};
use serde_bytes::ByteBuf;

fn chain() -> Option<EvmChain> {
    EvmChain::try_new()
}

fn assert_ok(ret: &ApplyRet) {
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::OK,
        "message failed: {:?}",
        ret.failure_info
    );
}

/// (1) Counter: deploy, increment three times (return values and events), read back through
/// `count()` and the storage slot, and check the EVM actor's state.
#[test]
fn counter_increments_and_reads_back() {
    let Some(mut chain) = chain() else { return };
    let alice = chain.sender(ALICE).clone();
    let initcode = contracts::counter();
    let (counter, ret) = chain.deploy(ALICE, &initcode, TokenAmount::zero());
    assert!(
        ret.events.is_empty(),
        "the counter's constructor logs nothing"
    );
    assert_eq!(counter.id, 102);

    // The actor record: EVM code, the f410 address as its delegated address, no FIL.
    let actor = chain.actor(counter.id);
    assert_eq!(actor.code, chain.codes().evm);
    assert_eq!(actor.delegated_address, Some(counter.f410()));
    assert_eq!(actor.sequence, 0);
    assert!(actor.balance.is_zero());

    // Its state: the runtime code as a raw block, its Keccak-256, EVM nonce 1, no tombstone.
    let state = chain.evm_state(counter.id);
    let runtime = chain.block(&state.bytecode);
    assert_eq!(
        state.bytecode,
        cid_of(RAW, &runtime),
        "bytecode is a raw block"
    );
    assert!(
        initcode.windows(runtime.len()).any(|w| w == runtime),
        "the runtime code is the tail the initcode returns"
    );
    assert!(runtime.len() < initcode.len());
    assert_eq!(state.bytecode_hash.as_slice(), keccak256(&runtime));
    assert_eq!(state.nonce, 1);
    assert_eq!(state.tombstone, None);

    // GetBytecodeHash (method 4) agrees with the state.
    let ret = chain.send(
        BOB,
        counter.f410(),
        evm::GET_BYTECODE_HASH,
        Vec::new(),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    let BytesDe(hash) = cbor::from_slice(ret.msg_receipt.return_data.bytes()).unwrap();
    assert_eq!(hash, keccak256(&runtime));

    let incremented = event_topic("Incremented(address,uint256)");
    let mut gas = Vec::new();
    for expected in 1..=3u128 {
        let ret = chain.invoke(
            ALICE,
            &counter,
            &calldata("increment()", &[]),
            TokenAmount::zero(),
        );
        assert_ok(&ret);
        assert_eq!(evm_return(&ret), uint(expected));
        assert_eq!(
            ret.events,
            vec![evm_log(
                counter.id,
                &[incremented, alice.eth.word()],
                &uint(expected)
            )]
        );
        gas.push(ret.msg_receipt.gas_used);
    }
    // The first write of a slot costs more than later ones; the two later calls do the same work.
    assert_eq!(gas[1], gas[2], "same work, same gas: {gas:?}");

    assert_eq!(
        chain.call(BOB, &counter, &calldata("count()", &[])),
        uint(3)
    );
    assert_eq!(chain.storage_at(&counter, 0), 3, "slot 0 holds the count");
    assert_eq!(
        chain.call(BOB, &counter, &calldata("add(uint256)", &[uint(39)])),
        uint(42)
    );
    assert_eq!(chain.storage_at(&counter, 0), 42);

    // Calling through the robust (f2) and ID addresses reaches the same contract.
    for to in [counter.robust, Address::new_id(counter.id)] {
        let params = cbor::to_vec(&fvmi_types::BytesSer(&calldata("count()", &[]))).unwrap();
        let ret = chain.send(ALICE, to, evm::INVOKE_CONTRACT, params, TokenAmount::zero());
        assert_ok(&ret);
        assert_eq!(evm_return(&ret), uint(42));
    }

    // Code and state survive a flush; the EVM state's head is unchanged but for the storage.
    chain.flush();
    let after = chain.evm_state(counter.id);
    assert_eq!(after.bytecode, state.bytecode);
    assert_eq!(after.bytecode_hash, state.bytecode_hash);
    assert_ne!(after.contract_state, state.contract_state);
    assert_eq!(after.nonce, 1);
}

/// (2) ERC-20: the constructor mints with a Transfer event, transfers move balances and log
/// Transfer(from, to, value), approve/transferFrom work for a second account, and an overdraft
/// reverts with its reason, no events and no state change.
#[test]
fn erc20_transfers_and_events() {
    let Some(mut chain) = chain() else { return };
    let alice = chain.sender(ALICE).eth;
    let bob = chain.sender(BOB).eth;
    let carol = EthAddress([0xca; 20]);
    let supply: u128 = 1_000_000 * 10u128.pow(18);
    let transfer = event_topic("Transfer(address,address,uint256)");
    let approval = event_topic("Approval(address,address,uint256)");
    let zero = EthAddress([0; 20]);

    let mut initcode = contracts::token();
    initcode.extend_from_slice(&uint(supply));
    let (token, ret) = chain.deploy(ALICE, &initcode, TokenAmount::zero());
    assert_eq!(
        ret.events,
        vec![evm_log(
            token.id,
            &[transfer, zero.word(), alice.word()],
            &uint(supply)
        )],
        "the mint is logged by the constructor (under EAM → init → EVM)"
    );
    assert!(ret.events_root.is_some());

    let balance_of = |chain: &mut EvmChain, who: EthAddress| {
        read_uint(
            &chain.call(BOB, &token, &calldata("balanceOf(address)", &[who.word()])),
            0,
        )
    };
    assert_eq!(balance_of(&mut chain, alice), supply);
    assert_eq!(
        read_uint(&chain.call(BOB, &token, &calldata("totalSupply()", &[])), 0),
        supply
    );
    assert_eq!(
        abi::read_string(&chain.call(BOB, &token, &calldata("symbol()", &[]))),
        "FVMI"
    );

    // Alice → Bob 250.
    let ret = chain.invoke(
        ALICE,
        &token,
        &calldata("transfer(address,uint256)", &[bob.word(), uint(250)]),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    assert_eq!(evm_return(&ret), boolean(true));
    assert_eq!(
        ret.events,
        vec![evm_log(
            token.id,
            &[transfer, alice.word(), bob.word()],
            &uint(250)
        )]
    );
    assert_eq!(
        ret.events_root,
        fvmi_kernel::events::events_root(&ret.events).unwrap(),
        "the kernel's AMT agrees with the hand-built root"
    );
    assert_eq!(balance_of(&mut chain, alice), supply - 250);
    assert_eq!(balance_of(&mut chain, bob), 250);

    // Bob → Carol 100 (Carol has no actor; her balance is only a storage slot).
    let ret = chain.invoke(
        BOB,
        &token,
        &calldata("transfer(address,uint256)", &[carol.word(), uint(100)]),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    assert_eq!(
        ret.events,
        vec![evm_log(
            token.id,
            &[transfer, bob.word(), carol.word()],
            &uint(100)
        )]
    );
    assert_eq!(chain.lookup(&carol.f410()), None, "no actor for Carol");

    // Alice approves Bob for 70; Bob moves 60 of Alice's to Carol.
    let ret = chain.invoke(
        ALICE,
        &token,
        &calldata("approve(address,uint256)", &[bob.word(), uint(70)]),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    assert_eq!(
        ret.events,
        vec![evm_log(
            token.id,
            &[approval, alice.word(), bob.word()],
            &uint(70)
        )]
    );
    let ret = chain.invoke(
        BOB,
        &token,
        &calldata(
            "transferFrom(address,address,uint256)",
            &[alice.word(), carol.word(), uint(60)],
        ),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    assert_eq!(evm_return(&ret), boolean(true));
    assert_eq!(
        ret.events,
        vec![evm_log(
            token.id,
            &[transfer, alice.word(), carol.word()],
            &uint(60)
        )]
    );
    let allowance = chain.call(
        ALICE,
        &token,
        &calldata("allowance(address,address)", &[alice.word(), bob.word()]),
    );
    assert_eq!(read_uint(&allowance, 0), 10);

    // Bob overdraws: revert with the reason, no events, balances unchanged.
    let ret = chain.invoke(
        BOB,
        &token,
        &calldata("transfer(address,uint256)", &[carol.word(), uint(151)]),
        TokenAmount::zero(),
    );
    assert_eq!(ret.msg_receipt.exit_code, EVM_CONTRACT_REVERTED);
    assert_eq!(evm_return(&ret), abi::error_string("insufficient balance"));
    assert!(ret.events.is_empty());
    assert_eq!(ret.events_root, None);

    assert_eq!(balance_of(&mut chain, alice), supply - 250 - 60);
    assert_eq!(balance_of(&mut chain, bob), 150);
    assert_eq!(balance_of(&mut chain, carol), 160);
}

/// (3) A contract calling another: the callee sees the caller contract as `msg.sender`, the
/// events come in call order from both emitters, and the callee's state changes.
#[test]
fn contract_calls_contract() {
    let Some(mut chain) = chain() else { return };
    let (counter, _) = chain.deploy(ALICE, &contracts::counter(), TokenAmount::zero());
    let (caller, _) = chain.deploy(BOB, &contracts::caller(), TokenAmount::zero());
    assert_eq!((counter.id, caller.id), (102, 103));

    let ret = chain.invoke(
        ALICE,
        &caller,
        &calldata(
            "incrementMany(address,uint256)",
            &[counter.eth.word(), uint(3)],
        ),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    assert_eq!(evm_return(&ret), uint(3));
    let incremented = event_topic("Incremented(address,uint256)");
    let called = event_topic("Called(address,uint256)");
    let mut expected: Vec<_> = (1..=3)
        .map(|n| evm_log(counter.id, &[incremented, caller.eth.word()], &uint(n)))
        .collect();
    expected.push(evm_log(caller.id, &[called, counter.eth.word()], &uint(3)));
    assert_eq!(ret.events, expected);

    assert_eq!(chain.storage_at(&counter, 0), 3);
    assert_eq!(
        chain.call(BOB, &counter, &calldata("count()", &[])),
        uint(3)
    );
    // The caller's own storage is untouched; its EVM nonce (CREATEs) too.
    assert_eq!(chain.storage_at(&caller, 0), 0);
    assert_eq!(chain.evm_state(caller.id).nonce, 1);
}

/// (3, continued) A contract creating a contract: `new Counter()` goes EVM → EAM `Create` → init
/// `Exec4` → EVM constructor; the child gets the CREATE address of the factory at its EVM nonce,
/// and the factory's nonce goes up.
#[test]
fn contract_creates_contract() {
    let Some(mut chain) = chain() else { return };
    let (factory, _) = chain.deploy(ALICE, &contracts::factory(), TokenAmount::zero());
    assert_eq!(chain.evm_state(factory.id).nonce, 1);
    let alice = chain.sender(ALICE).clone();
    let child_id = chain.next_id();

    let ret = chain.invoke(
        ALICE,
        &factory,
        &calldata("make()", &[]),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    let child = create_address(&factory.eth, 1);
    assert_eq!(evm_return(&ret), child.word());
    assert_eq!(chain.lookup(&child.f410()), Some(child_id));
    let robust = robust_address(&alice.eth.f410(), alice.nonce, 0);
    let robust = Address::from_bytes(&[&[2u8][..], &robust].concat()).unwrap();
    assert_eq!(
        chain.lookup(&robust),
        Some(child_id),
        "the child's f2 address"
    );
    let actor = chain.actor(child_id);
    assert_eq!(actor.code, chain.codes().evm);
    assert_eq!(actor.delegated_address, Some(child.f410()));

    assert_eq!(
        ret.events,
        vec![
            evm_log(
                child_id,
                &[
                    event_topic("Incremented(address,uint256)"),
                    factory.eth.word()
                ],
                &uint(1)
            ),
            evm_log(factory.id, &[event_topic("Made(address)")], &child.word()),
        ]
    );
    assert_eq!(
        chain.evm_state(factory.id).nonce,
        2,
        "CREATE bumps the nonce"
    );
    let child_state = chain.evm_state(child_id);
    assert_eq!(child_state.nonce, 1);
    let (outside, _) = chain.deploy(BOB, &contracts::counter(), TokenAmount::zero());
    assert_eq!(
        child_state.bytecode_hash,
        chain.evm_state(outside.id).bytecode_hash,
        "the same runtime code as a Counter deployed from outside"
    );
    let child = fvmi_fevm_tests::Contract {
        id: child_id,
        robust,
        eth: child,
    };
    assert_eq!(chain.storage_at(&child, 0), 1);
    assert_eq!(chain.call(BOB, &child, &calldata("count()", &[])), uint(1));
}

/// (4) A revert with a reason string: exit code 33, the return data is the CBOR byte string of
/// the ABI-encoded `Error(string)`, the events and storage writes before the revert are dropped;
/// a contract catching the same revert from a nested call succeeds and sees the reason.
#[test]
fn revert_with_reason() {
    let Some(mut chain) = chain() else { return };
    let (reverter, _) = chain.deploy(ALICE, &contracts::reverter(), TokenAmount::zero());
    let (caller, _) = chain.deploy(ALICE, &contracts::caller(), TokenAmount::zero());
    let attempt = event_topic("Attempt(uint256)");

    let ret = chain.invoke(
        ALICE,
        &reverter,
        &calldata("fail(uint256)", &[uint(3)]),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    assert_eq!(evm_return(&ret), uint(6));
    assert_eq!(ret.events, vec![evm_log(reverter.id, &[attempt], &uint(3))]);
    assert_eq!(chain.storage_at(&reverter, 0), 1);

    let state_before = chain.evm_state(reverter.id);
    let ret = chain.invoke(
        ALICE,
        &reverter,
        &calldata("fail(uint256)", &[uint(11)]),
        TokenAmount::zero(),
    );
    assert_eq!(ret.msg_receipt.exit_code, EVM_CONTRACT_REVERTED);
    assert_eq!(EVM_CONTRACT_REVERTED.value(), 33);
    let expected = abi::error_string("x too large");
    assert_eq!(
        ret.msg_receipt.return_data.bytes(),
        cbor::to_vec(&fvmi_types::BytesSer(&expected)).unwrap(),
        "the receipt carries the revert data as a CBOR byte string"
    );
    assert_eq!(&expected[..4], &[0x08, 0xc3, 0x79, 0xa0]);
    assert!(ret.events.is_empty(), "the Attempt event is rolled back");
    assert_eq!(
        chain.evm_state(reverter.id),
        state_before,
        "no state change"
    );
    assert_eq!(
        chain.storage_at(&reverter, 0),
        1,
        "the write is rolled back"
    );

    // Value sent to a non-payable function: solc's callvalue check reverts with no data, and
    // the value goes back to the sender (checked by `send`).
    let ret = chain.invoke(
        ALICE,
        &reverter,
        &calldata("fail(uint256)", &[uint(3)]),
        TokenAmount::from_atto(5u64),
    );
    assert_eq!(ret.msg_receipt.exit_code, EVM_CONTRACT_REVERTED);
    assert_eq!(evm_return(&ret), Vec::<u8>::new());
    assert!(ret.events.is_empty());
    assert!(chain.balance(reverter.id).is_zero(), "the value went back");
    assert_eq!(chain.storage_at(&reverter, 0), 1);

    // Caught by a calling contract: the outer call succeeds and returns (false, reason); the
    // reverted subcall's event is dropped.
    let ret = chain.invoke(
        BOB,
        &caller,
        &calldata("tryFail(address,uint256)", &[reverter.eth.word(), uint(11)]),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    let out = evm_return(&ret);
    assert_eq!(read_uint(&out, 0), 0, "ok = false");
    assert_eq!(read_uint(&out, 1), 64, "reason offset");
    assert_eq!(&out[64..], abi::string_tail("x too large").as_slice());
    assert!(
        ret.events.is_empty(),
        "the reverted subcall's event is dropped"
    );
    assert_eq!(chain.storage_at(&reverter, 0), 1);

    // And a nested call that succeeds keeps its event and write.
    let ret = chain.invoke(
        BOB,
        &caller,
        &calldata("tryFail(address,uint256)", &[reverter.eth.word(), uint(4)]),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    let out = evm_return(&ret);
    assert_eq!(read_uint(&out, 0), 1, "ok = true");
    assert_eq!(&out[64..], abi::string_tail("").as_slice());
    assert_eq!(ret.events, vec![evm_log(reverter.id, &[attempt], &uint(4))]);
    assert_eq!(chain.storage_at(&reverter, 0), 2);

    // A call with an unknown selector reverts with empty data (no fallback function).
    let ret = chain.invoke(ALICE, &reverter, &[1, 2, 3, 4], TokenAmount::zero());
    assert_eq!(ret.msg_receipt.exit_code, EVM_CONTRACT_REVERTED);
    assert_eq!(evm_return(&ret), Vec::<u8>::new());
}

/// (5) Self-destruct: the contract's FIL goes to the beneficiary (a fresh Ethereum address: a
/// placeholder actor is created for it), the state gets a tombstone of the destroying message,
/// and afterwards the contract behaves as empty code.
#[test]
fn self_destruct() {
    let Some(mut chain) = chain() else { return };
    let endowment = TokenAmount::from_whole(5u64);
    let (contract, _) = chain.deploy(ALICE, &contracts::destructible(), endowment.clone());
    assert_eq!(
        chain.balance(contract.id),
        endowment,
        "the payable constructor keeps the value"
    );
    assert_eq!(
        chain.call(BOB, &contract, &calldata("ping()", &[])),
        uint(42)
    );

    let beneficiary = EthAddress([0xbe; 20]);
    assert_eq!(chain.lookup(&beneficiary.f410()), None);
    let next = chain.next_id();
    let bob = chain.sender(BOB).clone();
    let ret = chain.invoke(
        BOB,
        &contract,
        &calldata("destroy(address)", &[beneficiary.word()]),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    assert_eq!(evm_return(&ret), Vec::<u8>::new());
    assert!(ret.events.is_empty());

    // The beneficiary: a placeholder at the next ID with the f410 address and the funds.
    assert_eq!(chain.lookup(&beneficiary.f410()), Some(next));
    let placeholder = chain.actor(next);
    assert_eq!(placeholder.code, chain.codes().placeholder);
    assert_eq!(placeholder.delegated_address, Some(beneficiary.f410()));
    assert_eq!(placeholder.balance, endowment);
    assert_eq!(placeholder.sequence, 0);

    // The contract: still an actor (v10 keeps it), no FIL, tombstoned by Bob's message.
    assert!(chain.balance(contract.id).is_zero());
    let state = chain.evm_state(contract.id);
    assert_eq!(
        state.tombstone,
        Some(Tombstone {
            origin: bob.id,
            nonce: bob.nonce
        })
    );

    // In later messages it is dead: empty code, empty return, the empty-code hash.
    let ret = chain.invoke(
        ALICE,
        &contract,
        &calldata("ping()", &[]),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    assert_eq!(
        evm_return(&ret),
        Vec::<u8>::new(),
        "a dead contract returns nothing"
    );
    let ret = chain.send(
        ALICE,
        contract.f410(),
        evm::GET_BYTECODE_HASH,
        Vec::new(),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    let BytesDe(hash) = cbor::from_slice(ret.msg_receipt.return_data.bytes()).unwrap();
    assert_eq!(hash, EMPTY_BYTECODE_HASH);
    let ret = chain.send(
        ALICE,
        contract.f410(),
        evm::GET_BYTECODE,
        Vec::new(),
        TokenAmount::zero(),
    );
    assert_ok(&ret);
    assert_eq!(ret.msg_receipt.return_data.bytes(), [0xf6], "null bytecode");

    // Plain FIL sent to the dead contract stays with it.
    let ret = chain.send(
        ALICE,
        contract.f410(),
        0,
        Vec::new(),
        TokenAmount::from_atto(7u64),
    );
    assert_ok(&ret);
    assert_eq!(chain.balance(contract.id), TokenAmount::from_atto(7u64));
}

/// The EVM constructor only runs for init (a direct call is USR_FORBIDDEN), and initcode that
/// reverts fails the deployment with exit code 33 and creates nothing.
#[test]
fn constructor_guard_and_reverting_initcode() {
    let Some(mut chain) = chain() else { return };
    let (counter, _) = chain.deploy(ALICE, &contracts::counter(), TokenAmount::zero());
    // ConstructorParams: [creator (20 bytes), initcode (bytes)].
    let params = cbor::to_vec(&(ByteBuf::from(vec![1u8; 20]), ByteBuf::new())).unwrap();
    let ret = chain.send(ALICE, counter.f410(), 1, params, TokenAmount::zero());
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::USR_FORBIDDEN);

    let next = chain.next_id();
    let reverting_initcode = [0x60, 0x00, 0x60, 0x00, 0xfd]; // PUSH1 0 PUSH1 0 REVERT
    let ret = chain.create_external(BOB, &reverting_initcode, TokenAmount::zero());
    assert_eq!(ret.msg_receipt.exit_code, EVM_CONTRACT_REVERTED);
    assert_eq!(evm_return(&ret), Vec::<u8>::new());
    assert_eq!(chain.next_id(), next, "the init transaction is reverted");
}
