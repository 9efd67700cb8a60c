//! [`ChainBuilder`]: an nv15 state with the genesis actors, accounts and actors from wasm, and the
//! machine that runs it.

use cid::Cid;
use fvmi_ipld::cbor::{self, DAG_CBOR, RAW};
use fvmi_ipld::{Blockstore, CborStore, Hamt, MemoryBlockstore};
use fvmi_kernel::crypto::{AcceptAllProofs, ProofVerifier};
use fvmi_kernel::{DummyExterns, Executor, Externs, Machine, Manifest};
use fvmi_state::{ActorState, InitState, StateTree, StateTreeVersion};
use fvmi_types::builtin::{BURNT_FUNDS_ACTOR_ID, INIT_ACTOR_ID, REWARD_ACTOR_ID, SYSTEM_ACTOR_ID};
use fvmi_types::{ActorID, ActorType, Address, TokenAmount, HAMT_BIT_WIDTH};

use crate::accounts::{install_account, register_account};
use crate::chain::TestChain;
use crate::error::{Context, TestkitError};
use crate::message::MessageBuilder;

/// The DAG-CBOR empty array: the state of the system and reward actors here, and of every actor
/// from wasm until its constructor runs.
pub const EMPTY_ARRAY: [u8; 1] = [0x80];

/// The ID the init actor hands out first unless set otherwise.
pub const FIRST_NEW_ID: ActorID = 100;

/// The network name the init actor records unless set otherwise.
pub const DEFAULT_NETWORK_NAME: &str = "fvmi-test";

/// The epoch the machine runs at unless set otherwise.
pub const DEFAULT_EPOCH: i64 = 1_000;

/// The code CID of an actor built from `wasm`: raw codec, BLAKE2b-256 of the module.
pub fn code_cid(wasm: &[u8]) -> Cid {
    cbor::cid_of(RAW, wasm)
}

/// Where an account lives.
#[derive(Debug, Clone)]
enum AccountAt {
    /// At this ID, with its ID address as the account's address.
    Id(ActorID),
    /// At the ID the init actor assigns to this key address.
    Key(Address),
}

/// How the machine finds an actor's wasm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeSource {
    /// The module is a block of the state's store under its code CID.
    Store,
    /// The module is prepared in the machine's engine under its code CID (any CID, e.g. an
    /// identity CID of a name).
    Engine,
}

#[derive(Debug, Clone)]
struct WasmActor {
    id: ActorID,
    code: Cid,
    wasm: Vec<u8>,
    balance: TokenAmount,
    source: CodeSource,
}

/// The roots and store of a built state (see [`ChainBuilder::build_state`]).
#[derive(Debug, Clone)]
pub struct BuiltState {
    /// The state root.
    pub root: Cid,
    /// The blocks of the state (and the wasm of the actors whose code is stored).
    pub store: MemoryBlockstore,
    /// The IDs of the accounts, in the order they were added.
    pub account_ids: Vec<ActorID>,
}

/// Builds a network-version-15 state tree (version 4) and a machine over it running the builtin
/// actors v7.
///
/// The state always holds the system actor (f00), the init actor (f01, with an address map of
/// the key accounts and the next ID to hand out), the reward actor (f02) and the burnt-funds
/// account (f099), all with zero balance. On top come the accounts and the actors from wasm
/// added here. Messages come from the first account.
pub struct ChainBuilder {
    epoch: i64,
    base_fee: Option<TokenAmount>,
    circ_supply: Option<TokenAmount>,
    tracing: bool,
    network_name: String,
    next_id: ActorID,
    accounts: Vec<(AccountAt, TokenAmount)>,
    actors: Vec<WasmActor>,
    externs: Box<dyn Externs + Send>,
    proofs: Box<dyn ProofVerifier + Send>,
    messages: MessageBuilder,
    inclusion_length: Option<usize>,
}

impl Default for ChainBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainBuilder {
    /// Epoch [`DEFAULT_EPOCH`], the machine context's default base fee and circulating supply,
    /// no tracing, [`DummyExterns`], [`AcceptAllProofs`], new IDs from [`FIRST_NEW_ID`],
    /// the message defaults of [`MessageBuilder::new`], and no account or actor yet.
    pub fn new() -> Self {
        Self {
            epoch: DEFAULT_EPOCH,
            base_fee: None,
            circ_supply: None,
            tracing: false,
            network_name: DEFAULT_NETWORK_NAME.to_owned(),
            next_id: FIRST_NEW_ID,
            accounts: Vec::new(),
            actors: Vec::new(),
            externs: Box::new(DummyExterns),
            proofs: Box::new(AcceptAllProofs),
            messages: MessageBuilder::new(Address::new_id(SYSTEM_ACTOR_ID)),
            inclusion_length: None,
        }
    }

    /// The epoch messages execute at.
    pub fn epoch(mut self, epoch: i64) -> Self {
        self.epoch = epoch;
        self
    }

    /// The base fee, attoFIL per gas.
    pub fn base_fee(mut self, base_fee: TokenAmount) -> Self {
        self.base_fee = Some(base_fee);
        self
    }

    /// The circulating supply reported to actors.
    pub fn circ_supply(mut self, circ_supply: TokenAmount) -> Self {
        self.circ_supply = Some(circ_supply);
        self
    }

    /// Whether messages record execution traces.
    pub fn tracing(mut self, tracing: bool) -> Self {
        self.tracing = tracing;
        self
    }

    /// The network name the init actor records.
    pub fn network_name(mut self, name: &str) -> Self {
        name.clone_into(&mut self.network_name);
        self
    }

    /// The first ID the init actor hands out (to key accounts here, then to actors created by
    /// messages). IDs given explicitly are not reserved: keep them out of this range.
    pub fn next_id(mut self, id: ActorID) -> Self {
        self.next_id = id;
        self
    }

    /// The embedder's externs.
    pub fn externs(mut self, externs: impl Externs + Send + 'static) -> Self {
        self.externs = Box::new(externs);
        self
    }

    /// The proof verifier.
    pub fn proofs(mut self, proofs: impl ProofVerifier + Send + 'static) -> Self {
        self.proofs = Box::new(proofs);
        self
    }

    /// An account at `id` whose address (its state) is its ID address.
    pub fn account(mut self, id: ActorID, balance: TokenAmount) -> Self {
        self.accounts.push((AccountAt::Id(id), balance));
        self
    }

    /// An account for the key address `address`, registered with the init actor (it gets the
    /// next ID).
    pub fn key_account(mut self, address: Address, balance: TokenAmount) -> Self {
        self.accounts.push((AccountAt::Key(address), balance));
        self
    }

    /// An actor at `id` running `wasm`: its code CID is [`code_cid`] of the module, which is put
    /// into the store so the machine finds it by CID. Its state is the empty array until its
    /// constructor runs.
    pub fn actor(mut self, id: ActorID, wasm: impl Into<Vec<u8>>, balance: TokenAmount) -> Self {
        let wasm = wasm.into();
        self.actors.push(WasmActor {
            id,
            code: code_cid(&wasm),
            wasm,
            balance,
            source: CodeSource::Store,
        });
        self
    }

    /// Like [`ChainBuilder::actor`] under the code CID `code` (e.g. an identity CID naming a
    /// test actor): the module is prepared in the machine's engine under it, not stored.
    pub fn actor_with_code(
        mut self,
        id: ActorID,
        code: Cid,
        wasm: impl Into<Vec<u8>>,
        balance: TokenAmount,
    ) -> Self {
        self.actors.push(WasmActor {
            id,
            code,
            wasm: wasm.into(),
            balance,
            source: CodeSource::Engine,
        });
        self
    }

    /// The gas limit of messages.
    pub fn gas_limit(mut self, gas_limit: i64) -> Self {
        self.messages.gas_limit = gas_limit;
        self
    }

    /// The fee cap of messages, attoFIL per gas.
    pub fn gas_fee_cap(mut self, fee_cap: TokenAmount) -> Self {
        self.messages.gas_fee_cap = fee_cap;
        self
    }

    /// The premium of messages, attoFIL per gas.
    pub fn gas_premium(mut self, premium: TokenAmount) -> Self {
        self.messages.gas_premium = premium;
        self
    }

    /// Charge every message's inclusion for `length` bytes instead of its on-chain length
    /// ([`fvmi_kernel::chain_length`] of its encoding).
    pub fn inclusion_length(mut self, length: usize) -> Self {
        self.inclusion_length = Some(length);
        self
    }

    /// Writes the state: the genesis actors, the accounts in order, the actors from wasm.
    pub fn build_state(&self) -> Result<BuiltState, TestkitError> {
        let store = MemoryBlockstore::new();
        let empty = store
            .put(DAG_CBOR, &EMPTY_ARRAY)
            .context("empty array block")?;
        let mut tree = StateTree::new(store, StateTreeVersion::V4).context("empty state tree")?;
        let init = InitState {
            address_map: empty_hamt(tree.store())?,
            next_id: self.next_id,
            network_name: self.network_name.clone(),
        };
        let init = tree.store().put_cbor(&init).context("init state")?;
        let code = Manifest::v7_code;
        let zero = TokenAmount::zero;
        tree.set_actor(
            SYSTEM_ACTOR_ID,
            ActorState::new(code(ActorType::System), empty, zero(), 0),
        );
        tree.set_actor(
            INIT_ACTOR_ID,
            ActorState::new(code(ActorType::Init), init, zero(), 0),
        );
        tree.set_actor(
            REWARD_ACTOR_ID,
            ActorState::new(code(ActorType::Reward), empty, zero(), 0),
        );
        let burnt = Address::new_id(BURNT_FUNDS_ACTOR_ID);
        install_account(&mut tree, BURNT_FUNDS_ACTOR_ID, &burnt, zero())?;

        let mut account_ids = Vec::with_capacity(self.accounts.len());
        for (at, balance) in &self.accounts {
            let id = match at {
                AccountAt::Id(id) => {
                    install_account(&mut tree, *id, &Address::new_id(*id), balance.clone())?;
                    *id
                }
                AccountAt::Key(address) => register_account(&mut tree, address, balance.clone())?,
            };
            account_ids.push(id);
        }
        for actor in &self.actors {
            if actor.source == CodeSource::Store {
                tree.store()
                    .put_keyed(&actor.code, &actor.wasm)
                    .context(format!("wasm of actor {}", actor.id))?;
            }
            let state = ActorState::new(actor.code, empty, actor.balance.clone(), 0);
            tree.set_actor(actor.id, state);
        }
        let root = tree.flush().context("flushing the state tree")?;
        Ok(BuiltState {
            root,
            store: tree.into_store(),
            account_ids,
        })
    }

    /// The state of [`ChainBuilder::build_state`] as a CAR v1 archive: its root, then every
    /// block of its store.
    pub fn state_car(&self) -> Result<Vec<u8>, TestkitError> {
        let state = self.build_state()?;
        let mut car = Vec::new();
        fvmi_ipld::write_car(&[state.root], state.store.blocks(), &mut car)
            .context("writing the state CAR")?;
        Ok(car)
    }

    /// The state, the v7 bundle loaded next to it, and an executor over it whose messages come
    /// from the first account.
    pub fn build(self) -> Result<TestChain, TestkitError> {
        let from = match self.accounts.first() {
            Some((AccountAt::Key(address), _)) => *address,
            Some((AccountAt::Id(id), _)) => Address::new_id(*id),
            None => {
                return Err(TestkitError::new(
                    "choosing the sender",
                    "the chain has no account to send messages from",
                ))
            }
        };
        let BuiltState { root, store, .. } = self.build_state()?;
        let mut context =
            crate::nv15_context(&store, self.epoch, root).context("loading the v7 bundle")?;
        if let Some(base_fee) = self.base_fee {
            context.base_fee = base_fee;
        }
        if let Some(circ_supply) = self.circ_supply {
            context.circ_supply = circ_supply;
        }
        context.tracing = self.tracing;
        let mut machine = Machine::new(context, store, self.externs, self.proofs)
            .context("building the machine")?;
        for actor in self.actors {
            if actor.source == CodeSource::Engine {
                machine
                    .install_code(&actor.code, &actor.wasm)
                    .context(format!("code of actor {}", actor.id))?;
            }
        }
        let mut messages = self.messages;
        messages.from = from;
        Ok(TestChain::new(
            Executor::new(machine),
            messages,
            self.inclusion_length,
        ))
    }
}

/// An empty HAMT (bit width 5) in `store`: the init actor's address map at first.
fn empty_hamt<BS: Blockstore>(store: &BS) -> Result<Cid, TestkitError> {
    let mut map: Hamt<&BS, ActorID> = Hamt::new_with_bit_width(store, HAMT_BIT_WIDTH);
    map.flush().context("empty address map")
}
