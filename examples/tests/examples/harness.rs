//! A testkit chain with the example actors installed, and helpers in these tests' terms (actors
//! by ID, parameters as optional DAG-CBOR values, panics on harness failures).

use cid::Cid;
use fvmi_kernel::ApplyRet;
use fvmi_state::ActorState;
use fvmi_testkit::{cbor_params, ChainBuilder, TestChain};
use fvmi_types::{Address, TokenAmount};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use fvmi_testkit::fee_paid;

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

/// An executor over a fresh state holding the genesis actors, two accounts and both example
/// actors (not yet constructed: their state is the empty array).
pub struct Chain(TestChain);

impl Chain {
    /// Builds the state and the machine; the example modules are stored under their code CIDs.
    pub fn new() -> Chain {
        let chain = ChainBuilder::new()
            .next_id(TOKEN + 1)
            .account(SENDER, sender_start_balance())
            .account(OTHER, TokenAmount::zero())
            .actor(COUNTER, fvmi_examples::counter_wasm(), TokenAmount::zero())
            .actor(TOKEN, fvmi_examples::token_wasm(), token_start_balance())
            .build()
            .expect("example chain");
        Chain(chain)
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
            .map(cbor_params)
            .transpose()
            .expect("params encode")
            .unwrap_or_default();
        self.0
            .send(Address::new_id(to), method, params, value)
            .expect("no fatal error")
    }

    /// Like [`Chain::send`] without parameters or value.
    pub fn call(&mut self, to: u64, method: u64) -> ApplyRet {
        self.send::<()>(to, method, None, TokenAmount::zero())
    }

    /// The actor record of `id`.
    pub fn actor(&self, id: u64) -> ActorState {
        self.0
            .actor(id)
            .expect("state readable")
            .expect("actor exists")
    }

    /// The FIL balance of actor `id`.
    pub fn balance(&self, id: u64) -> TokenAmount {
        self.actor(id).balance
    }

    /// The state root block of actor `id`, decoded.
    pub fn state<T: DeserializeOwned>(&self, id: u64) -> T {
        self.0.state(id).expect("actor state decodes")
    }

    /// A block of the machine's store, decoded.
    pub fn block<T: DeserializeOwned>(&self, cid: &Cid) -> T {
        self.0.block(cid).expect("block decodes")
    }

    /// Flushes the state and returns the new root.
    pub fn flush(&mut self) -> Cid {
        self.0.flush().expect("flush")
    }
}

/// What a successful message returned, decoded.
pub fn decode_return<T: DeserializeOwned>(ret: &ApplyRet) -> T {
    fvmi_testkit::decode_return(ret).expect("return decodes")
}
