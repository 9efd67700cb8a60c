//! The test chains the message targets run on, and the invariants checked around one message.

use std::collections::BTreeMap;

use fvmi_kernel::{ApplyRet, ExecutorError};
use fvmi_state::{ActorState, StateTree};
use fvmi_testkit::{fee_paid, ChainBuilder, TestChain, TestkitError};
use fvmi_types::{ActorID, ExitCode, Message, TokenAmount};

use crate::syscall_program::{self, FUZZ_ACTOR};

/// The sender of every message.
pub const SENDER: ActorID = 100;
/// Another account, which a failed message must leave untouched.
pub const OTHER: ActorID = 101;
/// The reward actor (receives the miner tip).
const REWARD: ActorID = 2;
/// The burnt-funds actor (receives the burns).
const BURNT_FUNDS: ActorID = 99;
/// Gas limit of the fuzz messages: enough for a few thousand syscalls and sends.
pub const GAS_LIMIT: i64 = 200_000_000;

/// A fresh nv15 chain: accounts [`SENDER`] and [`OTHER`], the fuzz actor of
/// [`crate::syscall_program`] at [`FUZZ_ACTOR`] with some balance.
pub fn chain() -> TestChain {
    let fil = |n: u64| TokenAmount::from_whole(n);
    let mut chain = ChainBuilder::new()
        .account(SENDER, fil(1_000_000))
        .account(OTHER, fil(1_000))
        .actor(FUZZ_ACTOR, syscall_program::wasm(), fil(10))
        .gas_limit(GAS_LIMIT)
        .build()
        .expect("the fuzz chain builds");
    chain.messages_mut().gas_limit = GAS_LIMIT;
    chain
}

/// Every actor of the current state, by ID (the state is flushed first).
pub fn actors(chain: &mut TestChain) -> BTreeMap<ActorID, ActorState> {
    let root = chain.flush().expect("the state flushes");
    let tree = StateTree::new_from_root(chain.machine().blockstore(), &root)
        .expect("the flushed state loads");
    let mut actors = BTreeMap::new();
    tree.for_each(|id, actor| {
        actors.insert(id, actor.clone());
        Ok::<(), fvmi_state::StateError>(())
    })
    .expect("the state walks");
    actors
}

fn total(actors: &BTreeMap<ActorID, ActorState>) -> TokenAmount {
    actors
        .values()
        .fold(TokenAmount::zero(), |sum, actor| &sum + &actor.balance)
}

/// Applies `message` and checks the invariants:
///
/// * applying ends in a receipt or, for a message that is not well formed, an
///   [`ExecutorError::InvalidMessage`] (never a panic or a fatal error);
/// * no FIL is created or destroyed;
/// * a message that failed changed nothing but the sender's nonce and balance (by exactly the
///   fees paid) and the balances of the reward and burnt-funds actors.
pub fn apply_checked(chain: &mut TestChain, message: &Message) -> Option<ApplyRet> {
    let before = actors(chain);
    let ret = match chain.apply(message) {
        Ok(ret) => ret,
        Err(error) => {
            assert_invalid_message(&error);
            assert_eq!(actors(chain), before, "a refused message changes nothing");
            return None;
        }
    };
    let after = actors(chain);
    assert_eq!(total(&before), total(&after), "FIL is conserved: {ret:?}");
    if ret.msg_receipt.exit_code != ExitCode::OK {
        let sender = before.get(&SENDER).cloned();
        for (id, actor) in &before {
            if [SENDER, REWARD, BURNT_FUNDS].contains(id) {
                continue;
            }
            assert_eq!(after.get(id), Some(actor), "failed message changed actor {id}");
        }
        for id in after.keys() {
            assert!(before.contains_key(id), "failed message created actor {id}");
        }
        if let (Some(sender), Some(now)) = (sender, after.get(&SENDER)) {
            if sender.sequence == message.sequence && message.from.id().ok() == Some(SENDER) {
                let mut expected = sender.clone();
                expected.sequence += 1;
                expected.balance = &sender.balance - &fee_paid(&ret);
                assert_eq!(now, &expected, "the sender pays the fees of a failed message");
            }
        }
    }
    Some(ret)
}

fn assert_invalid_message(error: &TestkitError) {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(ExecutorError::InvalidMessage(_)) = e.downcast_ref::<ExecutorError>() {
            return;
        }
        source = e.source();
    }
    panic!("applying ended in an error that is not a refusal: {error:?}");
}
