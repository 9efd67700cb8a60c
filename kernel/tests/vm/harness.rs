//! A hand-built state tree with the system, init, reward and burnt-funds actors, funded secp
//! accounts, and optional wat test actors; messages are applied through the real executor.

use cid::Cid;
use fvmi_ipld::cbor::{cid_of, IDENTITY};
use fvmi_ipld::{CborStore, Hamt, MemoryBlockstore};
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{ApplyKind, ApplyRet, Executor, ExternError, Externs, Machine, Manifest};
use fvmi_state::{ActorState, InitState, StateTree, StateTreeVersion};
use fvmi_types::{Address, ConsensusFault, Message, RawBytes, TokenAmount};

/// Externs returning fixed randomness and no consensus faults.
pub struct FixedExterns;

impl Externs for FixedExterns {
    fn get_chain_randomness(&self, p: i64, r: i64, _: &[u8]) -> Result<[u8; 32], ExternError> {
        if r < 0 {
            return Err(ExternError("negative round".into()));
        }
        let mut out = [7u8; 32];
        out[0] = p as u8;
        Ok(out)
    }
    fn get_beacon_randomness(&self, p: i64, r: i64, e: &[u8]) -> Result<[u8; 32], ExternError> {
        let mut out = self.get_chain_randomness(p, r, e)?;
        out[1] = 0xbe;
        Ok(out)
    }
    fn verify_consensus_fault(
        &self,
        _: &[u8],
        _: &[u8],
        _: &[u8],
    ) -> Result<(Option<ConsensusFault>, i64), ExternError> {
        Ok((None, 0))
    }
}

/// The code CID of a test actor: an identity CID of its name (never a builtin's).
pub fn test_code(name: &str) -> Cid {
    fvmi_ipld::cbor::identity_cid(0x55, format!("fvmi/test/{name}").as_bytes()).expect("short name")
}

/// A deterministic secp256k1 address.
pub fn secp_address(seed: u8) -> Address {
    let mut key = [seed; 65];
    key[0] = 4;
    Address::new_secp256k1(&key).expect("secp address")
}

/// The ID the first sender gets.
pub const SENDER_ID: u64 = 100;
/// The initial balance of senders.
pub fn sender_balance() -> TokenAmount {
    TokenAmount::from_whole(1_000u64)
}
/// The base fee of the harness.
pub const BASE_FEE: u64 = 100;

/// A test actor to install: its ID, wasm text and balance.
pub struct TestActor {
    /// The actor ID.
    pub id: u64,
    /// The name (its code CID is [`test_code`] of it).
    pub name: &'static str,
    /// The wasm text.
    pub wat: String,
}

/// The VM under test.
pub struct TestVm {
    /// The executor.
    pub exec: Executor<MemoryBlockstore>,
    /// The sender's address.
    pub sender: Address,
    /// The gas limit of the next messages.
    pub gas_limit: i64,
    nonce: u64,
}

fn empty_array() -> Cid {
    cid_of(0x71, &[0x80])
}

impl TestVm {
    /// A VM with one funded secp sender (ID 100) and `actors` installed.
    pub fn new(actors: Vec<TestActor>) -> TestVm {
        Self::with_tracing(actors, false)
    }

    /// Like [`TestVm::new`], recording execution traces when `tracing` is set.
    pub fn with_tracing(actors: Vec<TestActor>, tracing: bool) -> TestVm {
        let _ = IDENTITY;
        let manifest = Manifest::v7();
        let store = MemoryBlockstore::new();
        let mut tree = StateTree::new(store, StateTreeVersion::V4).expect("tree");
        let empty = tree.store().put_cbor(&Vec::<u8>::new()).expect("empty");
        assert_eq!(empty, empty_array());
        let map: Hamt<&MemoryBlockstore, u64> = Hamt::new_with_bit_width(tree.store(), 5);
        let address_map = {
            let mut map = map;
            map.flush().expect("hamt")
        };
        let init = InitState {
            address_map,
            next_id: SENDER_ID,
            network_name: "fvmi-test".into(),
        };
        let init_state = tree.store().put_cbor(&init).expect("init state");
        let code = |name: &str| *manifest.code_by_name(name).expect("code");
        tree.set_actor(
            0,
            ActorState::new(code("system"), empty, TokenAmount::zero(), 0),
        );
        tree.set_actor(
            1,
            ActorState::new(code("init"), init_state, TokenAmount::zero(), 0),
        );
        tree.set_actor(
            2,
            ActorState::new(code("reward"), empty, TokenAmount::zero(), 0),
        );
        let burnt = tree
            .store()
            .put_cbor(&(Address::new_id(99),))
            .expect("burnt");
        tree.set_actor(
            99,
            ActorState::new(code("account"), burnt, TokenAmount::zero(), 0),
        );

        let sender = secp_address(1);
        let id = tree.register_new_address(&sender).expect("register");
        assert_eq!(id, SENDER_ID);
        let account = tree.store().put_cbor(&(sender,)).expect("account");
        tree.set_actor(
            id,
            ActorState::new(code("account"), account, sender_balance(), 0),
        );
        for actor in &actors {
            tree.set_actor(
                actor.id,
                ActorState::new(
                    test_code(actor.name),
                    empty,
                    TokenAmount::from_atto(1_000u64),
                    0,
                ),
            );
        }
        let root = tree.flush().expect("flush");
        let store = tree.into_store();

        let mut ctx = fvmi_testkit::nv15_context(&store, 1000, root).expect("v7 bundle");
        ctx.base_fee = TokenAmount::from_atto(BASE_FEE);
        ctx.circ_supply = TokenAmount::from_whole(12_345u64);
        ctx.tracing = tracing;
        let mut machine = Machine::new(
            ctx,
            store,
            Box::new(FixedExterns),
            Box::new(AcceptAllProofs),
        )
        .expect("machine");
        for actor in &actors {
            let wasm = wat::parse_str(&actor.wat).expect("wat");
            machine
                .install_code(&test_code(actor.name), &wasm)
                .expect("install");
        }
        TestVm {
            exec: Executor::new(machine),
            sender,
            gas_limit: 1_000_000_000,
            nonce: 0,
        }
    }

    /// Applies an explicit message from the sender.
    pub fn send(
        &mut self,
        to: Address,
        method: u64,
        params: Vec<u8>,
        value: TokenAmount,
    ) -> ApplyRet {
        let msg = Message {
            version: 0,
            to,
            from: self.sender,
            sequence: self.nonce,
            value,
            gas_limit: self.gas_limit,
            gas_fee_cap: TokenAmount::from_atto(200u64),
            gas_premium: TokenAmount::from_atto(10u64),
            method_num: method,
            params: RawBytes::new(params),
        };
        self.nonce += 1;
        self.exec
            .apply_message(&msg, ApplyKind::Explicit { raw_length: 100 })
            .expect("apply")
    }

    /// The actor with ID `id`.
    pub fn actor(&self, id: u64) -> Option<ActorState> {
        self.exec.machine().get_actor(id).expect("get actor")
    }
}
