//! The test chains the message targets run on, and the invariants checked around one message:
//! an nv15 chain (ABI v1, builtin actors v7, from the testkit) and an nv18 chain (ABI v3, the v10
//! mainnet bundle, see [`crate::nv18`]), both with the fuzz actor at [`FUZZ_ACTOR`].

use std::collections::BTreeMap;

use fvmi_interp::Engine;
use fvmi_ipld::{cbor, BlockstoreError, MemoryBlockstore};
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{
    chain_length, engine_for, ApplyFailure, ApplyKind, ApplyRet, Executor, ExecutorError, Machine,
    MachineContext, MachineError,
};
use fvmi_state::{ActorState, StateError, StateTree};
use fvmi_testkit::{fee_paid, nv15_context, ChainBuilder, MessageBuilder, DEFAULT_EPOCH};
use fvmi_types::{
    ActorID, Address, ExitCode, Message, NetworkVersion, RawBytes, TokenAmount, BLOCK_GAS_LIMIT,
    TOTAL_FILECOIN_BASE,
};

use crate::nv18::FuzzExterns;
use crate::syscall_program::{self, FUZZ_ACTOR, MAX_PROGRAM};

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
/// Gas limit of the nv18 fuzz messages: also enough to pay for a `memory.grow` past the 512 MiB
/// instance limit (0.4 gas a byte), and for growth to about 1.2 GiB in all, below libFuzzer's
/// usual `-rss_limit_mb=2048` (the 2 GiB call-stack limit is beyond it: wasm memory is resident).
pub const GAS_LIMIT_V3: i64 = 500_000_000;

/// The state every input starts from, built once per process (per thread) and network version:
/// the store (state and bundle), the machine context, and one engine, so the builtin actors are
/// compiled once.
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

/// The nv18 state of [`crate::nv18`] and its context (at the same epoch as nv15).
fn genesis_v3() -> Genesis {
    let (store, root) = crate::nv18::nv18_state();
    Genesis {
        engine: engine_for(NetworkVersion::V18).expect("nv18 is supported"),
        context: MachineContext::new(DEFAULT_EPOCH, NetworkVersion::V18, root),
        store,
    }
}

thread_local! {
    static GENESIS: Genesis = genesis();
    static GENESIS_V3: Genesis = genesis_v3();
}

/// An executor over a fresh copy of the fuzz state, and messages from [`SENDER`].
pub struct Chain {
    /// The executor.
    pub executor: Executor<MemoryBlockstore>,
    /// Messages from [`SENDER`] with gas limit [`GAS_LIMIT`] (nv15) or [`GAS_LIMIT_V3`].
    pub messages: MessageBuilder,
}

/// A fresh nv15 chain: accounts [`SENDER`] and [`OTHER`], the fuzz actor of
/// [`crate::syscall_program`] (ABI v1) at [`FUZZ_ACTOR`] with some balance, the v7 builtin actors.
pub fn chain() -> Chain {
    GENESIS.with(|genesis| chain_at(genesis, GAS_LIMIT))
}

/// A fresh nv18 chain ([`crate::nv18`]): the same accounts, the ABI v3 fuzz actor at
/// [`FUZZ_ACTOR`], the v10 builtin actors.
///
/// # Panics
///
/// When the v10 bundle is not found (see [`crate::nv18::v10_bundle_path`]).
pub fn chain_v3() -> Chain {
    GENESIS_V3.with(|genesis| chain_at(genesis, GAS_LIMIT_V3))
}

fn chain_at(genesis: &Genesis, gas_limit: i64) -> Chain {
    let machine = Machine::with_engine(
        genesis.engine.clone(),
        genesis.context.clone(),
        genesis.store.clone(),
        Box::new(FuzzExterns),
        Box::new(AcceptAllProofs),
    )
    .expect("the fuzz machine builds");
    let mut messages = MessageBuilder::new(Address::new_id(SENDER));
    messages.gas_limit = gas_limit;
    Chain {
        executor: Executor::new(machine),
        messages,
    }
}

/// Every actor of the current state, by ID (the state is flushed first).
pub fn actors(chain: &mut Chain) -> BTreeMap<ActorID, ActorState> {
    let root = chain.executor.flush().expect("the state flushes");
    let tree = StateTree::new_from_root(chain.executor.machine().blockstore(), &root)
        .expect("the flushed state loads");
    let mut actors = BTreeMap::new();
    tree.for_each(|id, actor| {
        actors.insert(id, actor.clone());
        Ok::<(), fvmi_state::StateError>(())
    })
    .expect("the state walks");
    actors
}

/// [`actors`] after a message that may have left the state unflushable: `None` when the
/// write-back refuses a CID the reference refuses too, or a malformed DAG-CBOR block (an actor
/// may set its state root to any CID or block, and neither VM checks it before flushing: the
/// failure is the embedder's, as in ref-fvm).
///
/// # Panics
///
/// On any other flush error, and when the reference would have written the CID back
/// ([`crate::flush::reference_writes_back`]): a divergence.
fn actors_after(chain: &mut Chain, v3: bool) -> Option<BTreeMap<ActorID, ActorState>> {
    match chain.executor.flush() {
        Ok(_) => Some(actors(chain)),
        Err(ExecutorError::Machine(MachineError::State(error))) => match *error {
            StateError::Store(BlockstoreError::UnsupportedCid(cid)) => {
                assert!(
                    !crate::flush::reference_writes_back(&cid, v3),
                    "the reference flushes {cid} (codec {:#x}, hash {:#x}), fvmi refuses it",
                    cid.codec(),
                    cid.hash().code()
                );
                None
            }
            // A DAG-CBOR block in the new state that the link scan cannot read: the reference's
            // scan fails on malformed headers and truncation too (neither VM validates blocks
            // when they are created). Which blocks each scanner refuses is not compared here.
            StateError::Store(BlockstoreError::MalformedBlock(_)) => None,
            other => panic!("the state does not flush: {other}"),
        },
        Err(error) => panic!("the state does not flush: {error}"),
    }
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
///   fees paid) and the balances of the reward and burnt-funds actors;
/// * events: a failed message has none and no events root; a successful one has a root exactly
///   when it has events (always none before nv18).
pub fn apply_checked(chain: &mut Chain, message: &Message) -> Option<ApplyRet> {
    let v3 = chain.executor.machine().context().network_version >= NetworkVersion::V18;
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
        Err(ExecutorError::AbortedWithOk) if !v3 => return None,
        Err(error) => {
            assert_invalid_message(&error);
            assert_eq!(actors(chain), before, "a refused message changes nothing");
            return None;
        }
    };
    if !valid_for_inclusion(message) {
        return Some(ret);
    }
    let Some(after) = actors_after(chain, v3) else {
        // Only a successful call keeps the root it set; a failed one is rolled back.
        assert_eq!(
            ret.msg_receipt.exit_code,
            ExitCode::OK,
            "a failed message left a state that cannot be written back: {ret:?}"
        );
        return None;
    };
    assert_eq!(total(&before), total(&after), "FIL is conserved: {ret:?}");
    let failed = ret.msg_receipt.exit_code != ExitCode::OK;
    // At nv18 every extern succeeds (`FuzzExterns`), so a fatal error (exit code 10, which
    // actors cannot use: their codes below 16 become SYS_ILLEGAL_EXIT_CODE) is the VM's own,
    // except those an actor may cause in the reference too ([`actor_caused_fatal`]).
    assert!(
        !v3 || ret.msg_receipt.exit_code != ExitCode::SYS_ASSERTION_FAILED
            || actor_caused_fatal(&ret),
        "a fatal error: {ret:?}"
    );
    assert_eq!(
        ret.events_root.is_some(),
        !failed && !ret.events.is_empty(),
        "an events root exactly for a successful message with events: {ret:?}"
    );
    assert!(v3 || ret.events.is_empty(), "events before nv18: {ret:?}");
    if failed {
        assert!(ret.events.is_empty(), "a failed message has no events");
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

/// Whether the message failed fatally in one of the ways ref-fvm v3 also makes fatal, whatever
/// the actor: exiting with a block handle that does not exist (its call manager), or opening a
/// CID that is not in the blockstore (`block_open`: "missing state"; v3 checks no
/// reachability). Matched on the kernel's wording of these failures.
fn actor_caused_fatal(ret: &ApplyRet) -> bool {
    const REFERENCE_FATAL: [&str; 2] = ["and a missing return block", "fatal: missing state: "];
    matches!(
        &ret.failure_info,
        Some(ApplyFailure::MessageFailed(text))
            if REFERENCE_FATAL.iter().any(|known| text.contains(known))
    )
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

/// Runs one input of the syscall actor targets on `chain`: the first byte is the value sent
/// (attoFIL), the rest the program ([`crate::syscall_program`], at most [`MAX_PROGRAM`] bytes;
/// longer inputs are skipped), sent with method 2 to the fuzz actor and checked by
/// [`apply_checked`]. Returns what applying gave, if the input ran and ended in a receipt.
pub fn run_program(mut chain: Chain, input: &[u8]) -> Option<ApplyRet> {
    let [value, program @ ..] = input else {
        return None;
    };
    if program.len() > MAX_PROGRAM as usize {
        return None;
    }
    let message = chain.messages.message(
        Address::new_id(FUZZ_ACTOR),
        2,
        RawBytes::new(program.to_vec()),
        TokenAmount::from_atto(u64::from(*value)),
    );
    // `None`: at nv15 the program aborted the top-level call with exit code 0, which fails the
    // whole message (as in the reference); `apply_checked` refuses any other error.
    let ret = apply_checked(&mut chain, &message)?;
    assert!(ret.failure_info.is_none() || !ret.msg_receipt.exit_code.is_success());
    Some(ret)
}
