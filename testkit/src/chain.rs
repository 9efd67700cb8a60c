//! [`TestChain`]: an executor over a built state, with messages from one sender.

use cid::Cid;
use fvmi_ipld::{cbor, Blockstore, MemoryBlockstore};
use fvmi_kernel::{chain_length, ApplyKind, ApplyRet, Executor, Machine};
use fvmi_state::ActorState;
use fvmi_types::{ActorID, Address, Message, RawBytes, TokenAmount};
use serde::de::DeserializeOwned;

use crate::error::{Context, TestkitError};
use crate::message::MessageBuilder;

/// An nv15 executor over a state from [`ChainBuilder`](crate::ChainBuilder), applying explicit
/// messages from one sender whose sequence it tracks.
pub struct TestChain {
    executor: Executor<MemoryBlockstore>,
    messages: MessageBuilder,
    inclusion_length: Option<usize>,
}

impl TestChain {
    pub(crate) fn new(
        executor: Executor<MemoryBlockstore>,
        messages: MessageBuilder,
        inclusion_length: Option<usize>,
    ) -> Self {
        Self {
            executor,
            messages,
            inclusion_length,
        }
    }

    /// The executor.
    pub fn executor(&self) -> &Executor<MemoryBlockstore> {
        &self.executor
    }

    /// The executor, for applying messages by hand.
    pub fn executor_mut(&mut self) -> &mut Executor<MemoryBlockstore> {
        &mut self.executor
    }

    /// Gives back the executor.
    pub fn into_executor(self) -> Executor<MemoryBlockstore> {
        self.executor
    }

    /// The machine.
    pub fn machine(&self) -> &Machine<MemoryBlockstore> {
        self.executor.machine()
    }

    /// The sender of the messages.
    pub fn sender(&self) -> Address {
        self.messages.from
    }

    /// The message defaults and the next sequence number.
    pub fn messages(&self) -> &MessageBuilder {
        &self.messages
    }

    /// The message defaults and the next sequence number, writable (e.g. another gas limit), and
    /// the builder of the next message ([`MessageBuilder::message`]).
    pub fn messages_mut(&mut self) -> &mut MessageBuilder {
        &mut self.messages
    }

    /// How `message` is applied: explicit, its inclusion charged for its on-chain length
    /// ([`chain_length`]) or the fixed length the builder set.
    pub fn apply_kind(&self, message: &Message) -> Result<ApplyKind, TestkitError> {
        let raw_length = match self.inclusion_length {
            Some(length) => length,
            None => chain_length(&cbor::to_vec(message).context("encoding the message")?),
        };
        Ok(ApplyKind::Explicit { raw_length })
    }

    /// Applies `message` through [`Executor::apply_message`].
    pub fn apply(&mut self, message: &Message) -> Result<ApplyRet, TestkitError> {
        let kind = self.apply_kind(message)?;
        self.executor
            .apply_message(message, kind)
            .context("applying the message")
    }

    /// Builds the next message and applies it.
    pub fn send(
        &mut self,
        to: Address,
        method: u64,
        params: RawBytes,
        value: TokenAmount,
    ) -> Result<ApplyRet, TestkitError> {
        let message = self.messages.message(to, method, params, value);
        self.apply(&message)
    }

    /// The actor with ID `id`, if any.
    pub fn actor(&self, id: ActorID) -> Result<Option<ActorState>, TestkitError> {
        self.machine()
            .get_actor(id)
            .context(format!("reading actor {id}"))
    }

    /// The FIL balance of actor `id` (an error if there is no such actor).
    pub fn balance(&self, id: ActorID) -> Result<TokenAmount, TestkitError> {
        Ok(self.existing_actor(id)?.balance)
    }

    /// The state root block of actor `id`, decoded.
    pub fn state<T: DeserializeOwned>(&self, id: ActorID) -> Result<T, TestkitError> {
        self.block(&self.existing_actor(id)?.state)
    }

    /// A block of the machine's store, decoded from DAG-CBOR.
    pub fn block<T: DeserializeOwned>(&self, cid: &Cid) -> Result<T, TestkitError> {
        let bytes = self
            .machine()
            .blockstore()
            .get(cid)
            .context(format!("reading block {cid}"))?
            .ok_or_else(|| TestkitError::new(format!("reading block {cid}"), "no such block"))?;
        cbor::from_slice(&bytes).context(format!("decoding block {cid}"))
    }

    /// Flushes the state and returns the new root.
    pub fn flush(&mut self) -> Result<Cid, TestkitError> {
        self.executor.flush().context("flushing the state")
    }

    fn existing_actor(&self, id: ActorID) -> Result<ActorState, TestkitError> {
        self.actor(id)?
            .ok_or_else(|| TestkitError::new(format!("reading actor {id}"), "no such actor"))
    }
}
