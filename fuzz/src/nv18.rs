//! The network-version-18 state the ABI v3 target runs on, built by hand around the
//! builtin-actors v10 mainnet bundle (read at run time, never committed).
//!
//! | ID | actor | state |
//! |---|---|---|
//! | 0 | system | `[manifest data CID]` (the nv18 machine reads its manifest from it) |
//! | 1 | init | `[address map, next ID 1001, "fvmi-fuzz"]`; the map holds the fuzz actor's f410 address |
//! | 2 | reward | empty array |
//! | 99 | burnt funds | an account |
//! | 100, 101 | [`SENDER`], [`OTHER`] | accounts with 1 000 000 and 1 000 FIL |
//! | 1000 | the fuzz actor ([`ABI_V3`]) | empty array, 10 FIL, code CID = raw BLAKE2b-256 of its wasm (stored under it), delegated address `f410` of 20 bytes `0xf1` |
//!
//! The bundle is `builtin-actors-v10-mainnet.car` in the directory `FVMI_BUNDLES` names, else in
//! `../shared/bundles` beside the repository. State tree version 5.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use cid::Cid;
use fvmi_ipld::cbor::{self, DAG_CBOR, RAW};
use fvmi_ipld::{Blockstore, CborStore, Hamt, MemoryBlockstore};
use fvmi_kernel::{DummyExterns, ExternError, Externs};
use fvmi_state::{load_bundle, ActorState, InitState, StateTree, StateTreeVersion};
use fvmi_types::{ActorID, Address, ConsensusFault, TokenAmount};

use crate::chain::{OTHER, SENDER};
use crate::syscall_program::{ABI_V3, FUZZ_ACTOR};

/// The bundle's file name.
pub const V10_BUNDLE: &str = "builtin-actors-v10-mainnet.car";
/// The Ethereum Address Manager's ID: the namespace of f410 addresses.
const EAM_NAMESPACE: ActorID = 10;
/// The 20-byte subaddress of the fuzz actor's f410 address.
pub const FUZZ_ACTOR_ETH: [u8; 20] = [0xf1; 20];

/// Where the v10 bundle is read from: `$FVMI_BUNDLES/` or `<repo>/../shared/bundles/`.
pub fn v10_bundle_path() -> PathBuf {
    let dir = match std::env::var_os("FVMI_BUNDLES") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/bundles"),
    };
    dir.join(V10_BUNDLE)
}

/// The fuzz actor's f410 address.
pub fn fuzz_actor_f410() -> Address {
    Address::new_delegated(EAM_NAMESPACE, &FUZZ_ACTOR_ETH).expect("a 20-byte f410 address")
}

/// Builds the state of this module's table in a new store; returns the store and the root.
///
/// # Panics
///
/// When the bundle cannot be read (the message names the path and `FVMI_BUNDLES`): the target
/// cannot run without it.
pub fn nv18_state() -> (MemoryBlockstore, Cid) {
    let path = v10_bundle_path();
    let car = File::open(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (set FVMI_BUNDLES to the directory of the bundle CARs)",
            path.display()
        )
    });
    let store = MemoryBlockstore::new();
    let bundle = load_bundle(&store, BufReader::new(car)).expect("the v10 bundle loads");
    let code = |name: &str| {
        *bundle
            .manifest
            .code_by_name(name)
            .unwrap_or_else(|| panic!("the v10 bundle has no {name} actor"))
    };
    let mut tree = StateTree::new(store, StateTreeVersion::V5).expect("an empty state tree");
    let empty = tree.store().put_cbor(&[(); 0]).expect("the empty array");
    let address_map = Hamt::<&MemoryBlockstore, ActorID>::new_with_bit_width(tree.store(), 5)
        .flush()
        .expect("an empty address map");
    // The fuzz actor's f410 address is registered first, with FUZZ_ACTOR as the next ID, so
    // init maps it to the fuzz actor and hands out FUZZ_ACTOR + 1 next.
    let init = InitState {
        address_map,
        next_id: FUZZ_ACTOR,
        network_name: "fvmi-fuzz".into(),
    };
    let init = tree.store().put_cbor(&init).expect("the init state");
    let system = tree
        .store()
        .put_cbor(&(bundle.manifest_data,))
        .expect("the system state");
    let zero = TokenAmount::zero;
    tree.set_actor(0, ActorState::new(code("system"), system, zero(), 0));
    tree.set_actor(1, ActorState::new(code("init"), init, zero(), 0));
    tree.set_actor(2, ActorState::new(code("reward"), empty, zero(), 0));
    let accounts = [
        (99, zero()),
        (SENDER, TokenAmount::from_whole(1_000_000u64)),
        (OTHER, TokenAmount::from_whole(1_000u64)),
    ];
    for (id, balance) in accounts {
        let state = tree
            .store()
            .put_cbor(&(Address::new_id(id),))
            .expect("an account state");
        tree.set_actor(id, ActorState::new(code("account"), state, balance, 0));
    }

    let wasm = ABI_V3.wasm();
    let wasm_code = cbor::cid_of(RAW, &wasm);
    tree.store()
        .put_keyed(&wasm_code, &wasm)
        .expect("the fuzz actor's wasm");
    let f410 = fuzz_actor_f410();
    let id = tree
        .register_new_address(&f410)
        .expect("the f410 address registers");
    assert_eq!(id, FUZZ_ACTOR, "init hands out the fuzz actor's ID");
    let mut actor = ActorState::new(wasm_code, empty, TokenAmount::from_whole(10u64), 0);
    actor.delegated_address = Some(f410);
    tree.set_actor(FUZZ_ACTOR, actor);
    let root = tree.flush().expect("the state flushes");
    (tree.into_store(), root)
}

/// The fuzz chains' externs: those of [`DummyExterns`], and a tipset CID for every epoch (the
/// DAG-CBOR CID of the epoch number), so that `network::tipset_cid` never fails in the embedder
/// and a fatal error is always the VM's own.
#[derive(Debug, Clone, Copy, Default)]
pub struct FuzzExterns;

impl Externs for FuzzExterns {
    fn get_chain_randomness(&self, dst: i64, round: i64, entropy: &[u8]) -> ExternResult<[u8; 32]> {
        DummyExterns.get_chain_randomness(dst, round, entropy)
    }

    fn get_beacon_randomness(
        &self,
        dst: i64,
        round: i64,
        entropy: &[u8],
    ) -> ExternResult<[u8; 32]> {
        DummyExterns.get_beacon_randomness(dst, round, entropy)
    }

    fn verify_consensus_fault(
        &self,
        h1: &[u8],
        h2: &[u8],
        extra: &[u8],
    ) -> ExternResult<(Option<ConsensusFault>, i64)> {
        DummyExterns.verify_consensus_fault(h1, h2, extra)
    }

    fn get_tipset_cid(&self, epoch: i64) -> ExternResult<Cid> {
        let bytes = cbor::to_vec(&epoch).map_err(|e| ExternError(e.to_string()))?;
        Ok(cbor::cid_of(DAG_CBOR, &bytes))
    }
}

type ExternResult<T> = Result<T, ExternError>;
