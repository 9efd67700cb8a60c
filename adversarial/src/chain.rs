//! A minimal chain at any supported network version with one adversarial actor in it.
//!
//! | ID | actor | state |
//! |---|---|---|
//! | 0 | system | empty array (nv15), `[manifest data CID]` (nv16 on) |
//! | 1 | init | `[empty address map, next ID 1001, "fvmi-adversarial"]` |
//! | 2 | reward | empty array |
//! | 99 | burnt funds | an account |
//! | 100 | the sender | an account with 1000 FIL |
//! | 101 | another account | 0 FIL |
//! | 1000 | the adversarial actor | empty array, [`ACTOR_BALANCE`] attoFIL, code CID = raw BLAKE2b-256 of its wasm, the wasm stored under it |
//!
//! The builtin actors: fvmi's v7 build at nv15 and nv16 (the reference ran v8 at nv16; no
//! builtin actor code runs in these tests beyond what the executor reads from the manifest), the
//! mainnet v9 bundle at nv17 and v10 at nv18, read from `FVMI_BUNDLES` (state tree version 5 at
//! nv18, 4 before).

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use cid::Cid;
use fvmi_ipld::cbor::{self, RAW};
use fvmi_ipld::{Blockstore, CborStore, Hamt, MemoryBlockstore};
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{
    chain_length, ApplyKind, ApplyRet, DummyExterns, Executor, ExecutorError, Machine,
    MachineContext,
};
use fvmi_state::{load_bundle, ActorState, Bundle, InitState, StateTree, StateTreeVersion};
use fvmi_types::{ActorID, Address, Message, NetworkVersion, TokenAmount};

use crate::{ACTOR_BALANCE, ACTOR_ID, METHOD, OTHER_ID, SENDER_ID};

/// The reward actor.
pub const REWARD_ID: ActorID = 2;
/// The burnt-funds actor.
pub const BURNT_FUNDS_ID: ActorID = 99;
/// The epoch messages run at.
pub const EPOCH: i64 = 1_000;
/// The base fee, attoFIL per gas.
pub const BASE_FEE: u64 = 100;
/// The fee cap of every message, attoFIL per gas.
pub const GAS_FEE_CAP: u64 = 200;
/// The premium of every message, attoFIL per gas.
pub const GAS_PREMIUM: u64 = 10;
/// The environment variable naming the directory of bundle CARs.
pub const BUNDLES_ENV: &str = "FVMI_BUNDLES";
/// The network versions the chain runs at.
pub const NETWORK_VERSIONS: [NetworkVersion; 4] = [
    NetworkVersion::V15,
    NetworkVersion::V16,
    NetworkVersion::V17,
    NetworkVersion::V18,
];

/// Why a chain could not be built or a message not applied.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// A step failed.
    #[error("{what}: {source}")]
    Step {
        /// The step.
        what: &'static str,
        /// Why.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The network version has no chain here.
    #[error("no chain at network version {0}")]
    Unsupported(NetworkVersion),
}

fn step<E: std::error::Error + Send + Sync + 'static>(
    what: &'static str,
) -> impl FnOnce(E) -> ChainError {
    move |e| ChainError::Step {
        what,
        source: Box::new(e),
    }
}

/// The directory bundle CARs are read from: `FVMI_BUNDLES`, else `../../shared/bundles` from this
/// crate.
pub fn bundles_dir() -> PathBuf {
    std::env::var_os(BUNDLES_ENV).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bundles"),
        PathBuf::from,
    )
}

/// The bundle CAR the chain needs at `nv` (`None` at nv15 and nv16: fvmi's v7 build).
pub fn bundle_file(nv: NetworkVersion) -> Option<&'static str> {
    match nv {
        NetworkVersion::V17 => Some("builtin-actors-v9-mainnet.car"),
        NetworkVersion::V18 => Some("builtin-actors-v10-mainnet.car"),
        _ => None,
    }
}

/// Whether the chain can run at `nv` here: false (reason printed) when its bundle CAR is absent
/// and `FVMI_BUNDLES` is unset.
///
/// # Panics
///
/// When `FVMI_BUNDLES` is set and the bundle is not in it: a configured run must not skip.
pub fn available(nv: NetworkVersion) -> bool {
    let Some(file) = bundle_file(nv) else {
        return true;
    };
    let path = bundles_dir().join(file);
    if path.is_file() {
        return true;
    }
    assert!(
        std::env::var_os(BUNDLES_ENV).is_none(),
        "{BUNDLES_ENV} is set but {} does not exist",
        path.display()
    );
    eprintln!("skipped nv{}: {} is absent", nv, path.display());
    false
}

fn bundle(nv: NetworkVersion, store: &MemoryBlockstore) -> Result<Bundle, ChainError> {
    match bundle_file(nv) {
        None => fvmi_builtin_actors::load_bundle(store).map_err(step("loading the v7 bundle")),
        Some(file) => {
            let car = File::open(bundles_dir().join(file)).map_err(step("opening the bundle"))?;
            load_bundle(store, BufReader::new(car)).map_err(step("loading the bundle"))
        }
    }
}

/// A chain with the adversarial actor `wasm` at f01000.
pub struct Chain {
    exec: Executor<MemoryBlockstore>,
    sequence: u64,
}

impl Chain {
    /// Builds the state at `nv` around `wasm` and a machine over it (see [`available`] first).
    pub fn new(nv: NetworkVersion, wasm: &[u8]) -> Result<Chain, ChainError> {
        if !NETWORK_VERSIONS.contains(&nv) {
            return Err(ChainError::Unsupported(nv));
        }
        let store = MemoryBlockstore::new();
        let bundle = bundle(nv, &store)?;
        let code = |name: &'static str| {
            bundle
                .manifest
                .code_by_name(name)
                .copied()
                .ok_or(ChainError::Step {
                    what: "finding a builtin actor",
                    source: format!("the bundle has no {name} actor").into(),
                })
        };
        let version = if nv >= NetworkVersion::V18 {
            StateTreeVersion::V5
        } else {
            StateTreeVersion::V4
        };
        let mut tree = StateTree::new(store, version).map_err(step("empty state tree"))?;
        let put = step("writing a state block");
        let empty = tree.store().put_cbor(&[(); 0]).map_err(put)?;
        let address_map = {
            let mut map: Hamt<&MemoryBlockstore, u64> = Hamt::new_with_bit_width(tree.store(), 5);
            map.flush().map_err(step("empty address map"))?
        };
        let init = InitState {
            address_map,
            next_id: ACTOR_ID + 1,
            network_name: "fvmi-adversarial".into(),
        };
        let init = tree.store().put_cbor(&init).map_err(step("init state"))?;
        let system = if nv >= NetworkVersion::V16 {
            tree.store()
                .put_cbor(&(bundle.manifest_data,))
                .map_err(step("system state"))?
        } else {
            empty
        };
        let zero = TokenAmount::zero;
        tree.set_actor(0, ActorState::new(code("system")?, system, zero(), 0));
        tree.set_actor(1, ActorState::new(code("init")?, init, zero(), 0));
        tree.set_actor(
            REWARD_ID,
            ActorState::new(code("reward")?, empty, zero(), 0),
        );
        let accounts = [
            (BURNT_FUNDS_ID, zero()),
            (SENDER_ID, TokenAmount::from_whole(1_000u64)),
            (OTHER_ID, zero()),
        ];
        for (id, balance) in accounts {
            let state = tree
                .store()
                .put_cbor(&(Address::new_id(id),))
                .map_err(step("account state"))?;
            tree.set_actor(id, ActorState::new(code("account")?, state, balance, 0));
        }
        let wasm_code = cbor::cid_of(RAW, wasm);
        tree.store()
            .put_keyed(&wasm_code, wasm)
            .map_err(step("storing the actor's wasm"))?;
        let balance = TokenAmount::from_atto(ACTOR_BALANCE);
        tree.set_actor(ACTOR_ID, ActorState::new(wasm_code, empty, balance, 0));
        let root = tree.flush().map_err(step("flushing the state"))?;

        let mut context = MachineContext::new(EPOCH, nv, root);
        context.base_fee = TokenAmount::from_atto(BASE_FEE);
        context.circ_supply = TokenAmount::from_whole(1_000_000u64);
        if nv == NetworkVersion::V15 {
            context.builtin_actors = Some(bundle.root);
        }
        let machine = Machine::new(
            context,
            tree.into_store(),
            Box::new(DummyExterns),
            Box::new(AcceptAllProofs),
        )
        .map_err(step("building the machine"))?;
        Ok(Chain {
            exec: Executor::new(machine),
            sequence: 0,
        })
    }

    /// The next message from the sender to the actor: method [`METHOD`], no parameters.
    pub fn message(&self, gas_limit: i64, value: TokenAmount) -> Message {
        Message {
            version: 0,
            to: Address::new_id(ACTOR_ID),
            from: Address::new_id(SENDER_ID),
            sequence: self.sequence,
            value,
            gas_limit,
            gas_fee_cap: TokenAmount::from_atto(GAS_FEE_CAP),
            gas_premium: TokenAmount::from_atto(GAS_PREMIUM),
            method_num: METHOD,
            params: Default::default(),
        }
    }

    /// Applies the next message (explicit, its inclusion charged for its encoded length).
    pub fn call(&mut self, gas_limit: i64, value: TokenAmount) -> Result<ApplyRet, ExecutorError> {
        let message = self.message(gas_limit, value);
        let encoded = cbor::to_vec(&message).unwrap_or_default();
        let kind = ApplyKind::Explicit {
            raw_length: chain_length(&encoded),
        };
        let ret = self.exec.apply_message(&message, kind);
        if ret.is_ok() {
            self.sequence += 1;
        }
        ret
    }

    /// The actor `id`, if any.
    pub fn actor(&self, id: ActorID) -> Result<Option<ActorState>, ChainError> {
        self.exec
            .machine()
            .get_actor(id)
            .map_err(step("reading an actor"))
    }

    /// A block of the machine's store.
    pub fn block(&self, cid: &Cid) -> Result<Option<Vec<u8>>, ChainError> {
        self.exec
            .machine()
            .blockstore()
            .get(cid)
            .map_err(step("reading a block"))
    }

    /// Flushes the state and returns its root.
    pub fn flush(&mut self) -> Result<Cid, ChainError> {
        self.exec.flush().map_err(step("flushing the state"))
    }
}
