//! A small hand-built chain state with the example actors installed, and an executor over it.

use cid::Cid;
use fvmi_ipld::{cbor, Blockstore, CborStore, MemoryBlockstore};
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{ApplyKind, ApplyRet, DummyExterns, Executor, Machine, Manifest};
use fvmi_state::{ActorState, StateTree, StateTreeVersion};
use fvmi_types::{ActorType, Address, Message, TokenAmount};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The reward actor (receives miner tips).
pub const REWARD: u64 = 2;
/// The burnt funds actor (receives burnt fees).
pub const BURNT_FUNDS: u64 = 99;
/// The account sending every message.
pub const SENDER: u64 = 100;
/// A second account, with nothing at first.
pub const OTHER: u64 = 101;
/// The counter actor.
pub const COUNTER: u64 = 1000;
/// The token actor.
pub const TOKEN: u64 = 1001;

/// The sender's FIL at the start.
pub fn sender_start_balance() -> TokenAmount {
    TokenAmount::from_whole(1_000u64)
}

/// The token actor's FIL at the start.
pub fn token_start_balance() -> TokenAmount {
    TokenAmount::from_whole(10u64)
}

/// Gas limit of every message (ample for the examples).
pub const GAS_LIMIT: i64 = 1_000_000_000;

/// The code CID the example actors are installed under: raw codec, BLAKE2b-256 of the module.
pub fn code_cid(wasm: &[u8]) -> Cid {
    cbor::cid_of(cbor::RAW, wasm)
}

/// An executor over a fresh state holding the fee actors, two accounts and both example actors
/// (not yet constructed: their state is an empty placeholder).
pub struct Chain {
    executor: Executor<MemoryBlockstore>,
    next_sequence: u64,
}

impl Chain {
    /// Builds the state and the machine and registers the example actors' code.
    pub fn new() -> Chain {
        let store = MemoryBlockstore::new();
        let placeholder = store.put_cbor(&()).expect("placeholder state");
        let mut tree = StateTree::new(store, StateTreeVersion::V4).expect("empty tree");
        let account = Manifest::v7_code(ActorType::Account);
        let actors = [
            (REWARD, account, TokenAmount::zero()),
            (BURNT_FUNDS, account, TokenAmount::zero()),
            (SENDER, account, sender_start_balance()),
            (OTHER, account, TokenAmount::zero()),
            (
                COUNTER,
                code_cid(fvmi_examples::counter_wasm()),
                TokenAmount::zero(),
            ),
            (
                TOKEN,
                code_cid(fvmi_examples::token_wasm()),
                token_start_balance(),
            ),
        ];
        for (id, code, balance) in actors {
            tree.set_actor(id, ActorState::new(code, placeholder, balance, 0));
        }
        let root = tree.flush().expect("flush");
        let store = tree.into_store();

        let context = fvmi_testkit::nv15_context(&store, 1_000, root).expect("v7 bundle");
        let machine = Machine::new(
            context,
            store,
            Box::new(DummyExterns),
            Box::new(AcceptAllProofs),
        )
        .expect("machine");
        for wasm in [fvmi_examples::counter_wasm(), fvmi_examples::token_wasm()] {
            machine
                .engine()
                .prepare(&code_cid(wasm).to_bytes(), wasm)
                .expect("example actor prepares");
        }
        Chain {
            executor: Executor::new(machine),
            next_sequence: 0,
        }
    }

    /// Sends a message from [`SENDER`] to actor `to` with DAG-CBOR `params` (`None`: no
    /// parameters) and FIL `value`.
    pub fn send<P: Serialize>(
        &mut self,
        to: u64,
        method: u64,
        params: Option<&P>,
        value: TokenAmount,
    ) -> ApplyRet {
        let params = params
            .map(|p| cbor::to_vec(p).expect("params encode"))
            .unwrap_or_default();
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
        let raw_length = cbor::to_vec(&message).expect("message encodes").len();
        let ret = self
            .executor
            .apply_message(&message, ApplyKind::Explicit { raw_length })
            .expect("no fatal error");
        self.next_sequence += 1;
        ret
    }

    /// Like [`Chain::send`] without parameters or value.
    pub fn call(&mut self, to: u64, method: u64) -> ApplyRet {
        self.send::<()>(to, method, None, TokenAmount::zero())
    }

    /// The actor record of `id`.
    pub fn actor(&self, id: u64) -> ActorState {
        self.executor
            .machine()
            .get_actor(id)
            .expect("state readable")
            .expect("actor exists")
    }

    /// The FIL balance of actor `id`.
    pub fn balance(&self, id: u64) -> TokenAmount {
        self.actor(id).balance
    }

    /// The state root block of actor `id`, decoded.
    pub fn state<T: DeserializeOwned>(&self, id: u64) -> T {
        self.block(&self.actor(id).state)
    }

    /// A block of the machine's store, decoded.
    pub fn block<T: DeserializeOwned>(&self, cid: &Cid) -> T {
        let bytes = self
            .executor
            .machine()
            .blockstore()
            .get(cid)
            .expect("store readable")
            .expect("block present");
        cbor::from_slice(&bytes).expect("block decodes")
    }

    /// Flushes the state and returns the new root.
    pub fn flush(&mut self) -> Cid {
        self.executor.flush().expect("flush")
    }
}

/// What a successful message returned, decoded.
pub fn decode_return<T: DeserializeOwned>(ret: &ApplyRet) -> T {
    cbor::from_slice(ret.msg_receipt.return_data.bytes()).expect("return decodes")
}

/// The FIL a message cost its sender: everything but the refund of the gas deposit.
pub fn fee_paid(ret: &ApplyRet) -> TokenAmount {
    &(&ret.base_fee_burn + &ret.over_estimation_burn) + &ret.miner_tip
}
