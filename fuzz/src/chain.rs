//! The test chains the message targets run on, and the invariants checked around one message.

use std::collections::BTreeMap;

use fvmi_interp::Engine;
use fvmi_ipld::{cbor, BlockstoreError, MemoryBlockstore};
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{
    chain_length, engine_for, ApplyKind, ApplyRet, DummyExterns, Executor, ExecutorError, Machine,
    MachineContext, MachineError,
};
use fvmi_state::{ActorState, StateError, StateTree};
use fvmi_testkit::{fee_paid, nv15_context, ChainBuilder, MessageBuilder, DEFAULT_EPOCH};
use fvmi_types::{
    ActorID, Address, ExitCode, Message, NetworkVersion, TokenAmount, BLOCK_GAS_LIMIT,
    TOTAL_FILECOIN_BASE,
};

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

/// The state every input starts from, built once per process: the store (state and the v7
/// bundle), the machine context, and one engine, so the builtin actors are compiled once.
struct Genesis {
    engine: Engine,
    context: MachineContext,
    store: MemoryBlockstore,
}

fn genesis() -> Genesis {
    let fil = |n: u64| TokenAmount::from_whole(n);
    let built = ChainBuilder::new()
        .account(SENDER, fil(1_000_000))
        .account(OTHER, fil(1_000))
        .actor(FUZZ_ACTOR, syscall_program::wasm(), fil(10))
        .build_state()
        .expect("the fuzz state builds");
    let context =
        nv15_context(&built.store, DEFAULT_EPOCH, built.root).expect("the v7 bundle loads");
    Genesis {
        engine: engine_for(NetworkVersion::V15).expect("nv15 is supported"),
        context,
        store: built.store,
    }
}

thread_local! {
    static GENESIS: Genesis = genesis();
}

/// An executor over a fresh copy of the fuzz state, and messages from [`SENDER`].
pub struct Chain {
    /// The executor.
    pub executor: Executor<MemoryBlockstore>,
    /// Messages from [`SENDER`] with gas limit [`GAS_LIMIT`].
    pub messages: MessageBuilder,
}

/// A fresh nv15 chain: accounts [`SENDER`] and [`OTHER`], the fuzz actor of
/// [`crate::syscall_program`] at [`FUZZ_ACTOR`] with some balance, the v7 builtin actors.
pub fn chain() -> Chain {
    let machine = GENESIS.with(|genesis| {
        Machine::with_engine(
            genesis.engine.clone(),
            genesis.context.clone(),
            genesis.store.clone(),
            Box::new(DummyExterns),
            Box::new(AcceptAllProofs),
        )
        .expect("the fuzz machine builds")
    });
    let mut messages = MessageBuilder::new(Address::new_id(SENDER));
    messages.gas_limit = GAS_LIMIT;
    Chain {
        executor: Executor::new(machine),
        messages,
    }
}

/// Every actor of the current state, by ID (the state is flushed first).
pub fn actors(chain: &mut Chain) -> BTreeMap<ActorID, ActorState> {
    try_actors(chain).expect("the state flushes")
}

/// Whether a flush failed on a link the write-back refuses (an actor set its state root to a
/// CID of an unknown codec or hash; the reference's write-back refuses it the same way).
fn unsupported_link(error: &ExecutorError) -> bool {
    matches!(error, ExecutorError::Machine(MachineError::State(state))
        if matches!(**state, StateError::Store(BlockstoreError::UnsupportedCid(_))))
}

/// [`actors`], or the error of the flush.
fn try_actors(chain: &mut Chain) -> Result<BTreeMap<ActorID, ActorState>, ExecutorError> {
    let root = chain.executor.flush()?;
    let tree = StateTree::new_from_root(chain.executor.machine().blockstore(), &root)
        .expect("the flushed state loads");
    let mut actors = BTreeMap::new();
    tree.for_each(|id, actor| {
        actors.insert(id, actor.clone());
        Ok::<(), fvmi_state::StateError>(())
    })
    .expect("the state walks");
    Ok(actors)
}

fn total(actors: &BTreeMap<ActorID, ActorState>) -> TokenAmount {
    actors
        .values()
        .fold(TokenAmount::zero(), |sum, actor| &sum + &actor.balance)
}

/// Applies `message` and checks the invariants:
///
/// * applying ends in a receipt or, for a message that is not well formed, an
///   [`ExecutorError::InvalidMessage`] (never a panic or a fatal error), or, when the actor
///   aborted the top-level call with exit code 0, [`ExecutorError::AbortedWithOk`] as in the
///   reference; a message no chain
///   would include ([`valid_for_inclusion`]) may end in any error but must not panic, and is
///   not checked further;
/// * no FIL is created or destroyed;
/// * a message that failed changed nothing but the sender's nonce and balance (by exactly the
///   fees paid) and the balances of the reward and burnt-funds actors.
pub fn apply_checked(chain: &mut Chain, message: &Message) -> Option<ApplyRet> {
    let before = actors(chain);
    // The actor the message comes from, if any (its nonce and balance pay for the message).
    let from = chain
        .executor
        .machine()
        .lookup_id(&message.from)
        .ok()
        .flatten();
    let encoded = cbor::to_vec(message).expect("a message encodes");
    let kind = ApplyKind::Explicit {
        raw_length: chain_length(&encoded),
    };
    let ret = match chain.executor.apply_message(message, kind) {
        Ok(ret) => ret,
        // A message no block may include (negative amounts, premium over the fee cap...) may
        // end in an error, as in the reference (which also fails on negative fee transfers).
        Err(_) if !valid_for_inclusion(message) => return None,
        // An actor that aborts the top-level call with exit code 0 (nv15): the reference fails
        // the whole message application the same way, with no receipt (`diffref` compares it).
        Err(ExecutorError::AbortedWithOk) => return None,
        Err(error) => {
            assert_invalid_message(&error);
            assert_eq!(actors(chain), before, "a refused message changes nothing");
            return None;
        }
    };
    if !valid_for_inclusion(message) {
        return Some(ret);
    }
    let after = match try_actors(chain) {
        Ok(after) => after,
        // Only a successful call keeps the root it set; the state cannot be written back, so
        // nothing more can be checked.
        Err(error) if unsupported_link(&error) => {
            assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK, "{error:?}");
            return Some(ret);
        }
        Err(error) => panic!("the state flushes: {error:?}"),
    };
    assert_eq!(total(&before), total(&after), "FIL is conserved: {ret:?}");
    if ret.msg_receipt.exit_code != ExitCode::OK {
        let sender = from.and_then(|id| before.get(&id).cloned());
        for (id, actor) in &before {
            if Some(*id) == from || [REWARD, BURNT_FUNDS].contains(id) {
                continue;
            }
            assert_eq!(
                after.get(id),
                Some(actor),
                "failed message changed actor {id}"
            );
        }
        for id in after.keys() {
            assert!(before.contains_key(id), "failed message created actor {id}");
        }
        if let (Some(sender), Some(now)) = (sender, from.and_then(|id| after.get(&id))) {
            if sender.sequence == message.sequence {
                // Refused before execution (nonce, funds, inclusion gas): nothing is charged to
                // the sender; otherwise the nonce moves and exactly the fees are paid.
                if now == &sender {
                    assert!(fee_paid(&ret).is_zero(), "fees without a nonce: {ret:?}");
                } else {
                    let mut expected = sender.clone();
                    expected.sequence += 1;
                    expected.balance = &sender.balance - &fee_paid(&ret);
                    assert_eq!(
                        now, &expected,
                        "the sender pays the fees of a failed message"
                    );
                }
            }
        }
    }
    Some(ret)
}

/// The syntactic checks a chain applies to a message before any VM sees it (Lotus'
/// `ValidForBlockInclusion`, without the minimum-gas check the VM itself makes).
pub fn valid_for_inclusion(message: &Message) -> bool {
    let zero = TokenAmount::zero();
    message.version == 0
        && !message.value.is_negative()
        && message.value <= TokenAmount::from_whole(TOTAL_FILECOIN_BASE)
        && message.gas_fee_cap >= zero
        && message.gas_premium >= zero
        && message.gas_premium <= message.gas_fee_cap
        && message.gas_limit > 0
        && message.gas_limit <= BLOCK_GAS_LIMIT
}

fn assert_invalid_message(error: &ExecutorError) {
    assert!(
        matches!(error, ExecutorError::InvalidMessage(_)),
        "applying ended in an error that is not a refusal: {error:?}"
    );
}
