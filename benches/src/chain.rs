//! A small hand-built chain state and an executor over it, for per-message benchmarks.

use cid::Cid;
use fvmi_ipld::{cbor, CborStore, MemoryBlockstore};
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{ApplyKind, ApplyRet, DummyExterns, Executor, Machine, Manifest};
use fvmi_state::{ActorState, StateTree, StateTreeVersion};
use fvmi_types::{ActorType, Address, Message, TokenAmount};
use serde::Serialize;

/// The reward actor (receives miner tips).
pub const REWARD: u64 = 2;
/// The burnt funds actor (receives burnt fees).
pub const BURNT_FUNDS: u64 = 99;
/// The account sending every message.
pub const SENDER: u64 = 100;
/// A second account, the receiver of value transfers.
pub const OTHER: u64 = 101;
/// The example counter actor (installed, not yet constructed).
pub const COUNTER: u64 = 1000;

/// Gas limit of every message.
const GAS_LIMIT: i64 = 1_000_000_000;

/// A failure while building or driving the benchmark chain.
#[derive(Debug, thiserror::Error)]
#[error("benchmark chain: {0}")]
pub struct SetupError(String);

fn setup_error(what: &str, error: impl std::fmt::Display) -> SetupError {
    SetupError(format!("{what}: {error}"))
}

/// An nv15 executor over a fresh state holding the reward and burnt-funds actors, the accounts
/// [`SENDER`] (1000 FIL) and [`OTHER`], and the example counter actor at [`COUNTER`].
pub struct BenchChain {
    executor: Executor<MemoryBlockstore>,
    next_sequence: u64,
}

impl BenchChain {
    /// Builds the state and the machine (this prepares every builtin actor module: slow).
    pub fn new() -> Result<BenchChain, SetupError> {
        let store = MemoryBlockstore::new();
        let placeholder = store
            .put_cbor(&())
            .map_err(|e| setup_error("placeholder state", e))?;
        let mut tree = StateTree::new(store, StateTreeVersion::V4)
            .map_err(|e| setup_error("empty state tree", e))?;
        let account = Manifest::v7_code(ActorType::Account);
        let counter = fvmi_examples::counter_wasm();
        let counter_code = cbor::cid_of(cbor::RAW, counter);
        let actors = [
            (REWARD, account, TokenAmount::zero()),
            (BURNT_FUNDS, account, TokenAmount::zero()),
            (SENDER, account, TokenAmount::from_whole(1_000u64)),
            (OTHER, account, TokenAmount::zero()),
            (COUNTER, counter_code, TokenAmount::zero()),
        ];
        for (id, code, balance) in actors {
            tree.set_actor(id, ActorState::new(code, placeholder, balance, 0));
        }
        let root = tree.flush().map_err(|e| setup_error("flush", e))?;
        let store = tree.into_store();
        let context = fvmi_testkit::nv15_context(&store, 1_000, root)
            .map_err(|e| setup_error("bundle", e))?;
        let machine = Machine::new(
            context,
            store,
            Box::new(DummyExterns),
            Box::new(AcceptAllProofs),
        )
        .map_err(|e| setup_error("machine", e))?;
        machine
            .engine()
            .prepare(&counter_code.to_bytes(), counter)
            .map_err(|e| setup_error("counter module", e))?;
        Ok(BenchChain {
            executor: Executor::new(machine),
            next_sequence: 0,
        })
    }

    /// The next message from [`SENDER`] to actor `to`: method `method`, DAG-CBOR `params`
    /// (`None`: no parameters), FIL `value`.
    pub fn message<P: Serialize>(
        &mut self,
        to: u64,
        method: u64,
        params: Option<&P>,
        value: TokenAmount,
    ) -> Result<Message, SetupError> {
        let params = match params {
            Some(params) => cbor::to_vec(params).map_err(|e| setup_error("params", e))?,
            None => Vec::new(),
        };
        let message = Message {
            version: 0,
            to: Address::new_id(to),
            from: Address::new_id(SENDER),
            sequence: self.next_sequence,
            value,
            gas_limit: GAS_LIMIT,
            gas_fee_cap: TokenAmount::from_atto(1_000u64),
            gas_premium: TokenAmount::from_atto(10u64),
            method_num: method,
            params: params.into(),
        };
        self.next_sequence += 1;
        Ok(message)
    }

    /// Applies `message` as an explicit message through [`Executor::apply_message`] (on its own
    /// execution thread, as a node would).
    pub fn apply(&mut self, message: &Message) -> Result<ApplyRet, SetupError> {
        let kind = explicit(message)?;
        self.executor
            .apply_message(message, kind)
            .map_err(|e| setup_error("apply", e))
    }

    /// Like [`BenchChain::apply`] on the current thread (no execution thread spawned).
    pub fn apply_here(&mut self, message: &Message) -> Result<ApplyRet, SetupError> {
        let kind = explicit(message)?;
        self.executor
            .apply_message_on_current_thread(message, kind)
            .map_err(|e| setup_error("apply", e))
    }

    /// Builds and applies the next message (see [`BenchChain::message`]).
    pub fn send<P: Serialize>(
        &mut self,
        to: u64,
        method: u64,
        params: Option<&P>,
        value: TokenAmount,
    ) -> Result<ApplyRet, SetupError> {
        let message = self.message(to, method, params, value)?;
        self.apply(&message)
    }

    /// Flushes the machine's state and returns the new root.
    pub fn flush(&mut self) -> Result<Cid, SetupError> {
        self.executor.flush().map_err(|e| setup_error("flush", e))
    }
}

fn explicit(message: &Message) -> Result<ApplyKind, SetupError> {
    let raw_length = cbor::to_vec(message)
        .map_err(|e| setup_error("message", e))?
        .len();
    Ok(ApplyKind::Explicit { raw_length })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_types::ExitCode;

    #[test]
    fn an_empty_send_moves_the_value_and_bumps_the_sequence() {
        let mut chain = BenchChain::new().expect("chain builds");
        let value = TokenAmount::from_atto(5u64);
        let ret = chain
            .send::<()>(OTHER, 0, None, value.clone())
            .expect("applies");
        assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
        let other = chain
            .executor
            .machine()
            .get_actor(OTHER)
            .expect("readable")
            .expect("exists");
        assert_eq!(other.balance, value);
        assert_eq!(chain.next_sequence, 1);
    }

    #[test]
    fn the_counter_constructs_and_answers_get() {
        let mut chain = BenchChain::new().expect("chain builds");
        let ret = chain
            .send(COUNTER, 1, Some(&7u64), TokenAmount::zero())
            .expect("applies");
        assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
        let ret = chain
            .send::<()>(COUNTER, 3, None, TokenAmount::zero())
            .expect("applies");
        assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
        let count: u64 = cbor::from_slice(ret.msg_receipt.return_data.bytes()).expect("decodes");
        assert_eq!(count, 7);
    }
}
