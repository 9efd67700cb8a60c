//! The VM under test: a testkit chain with the system, init, reward and burnt-funds actors, one
//! funded secp sender (ID 100), and optional wat test actors; messages are applied through the
//! real executor.

use cid::Cid;
use fvmi_kernel::{ApplyRet, ExternError, Externs};
use fvmi_state::ActorState;
use fvmi_testkit::{ChainBuilder, TestChain};
use fvmi_types::{Address, ConsensusFault, RawBytes, TokenAmount};

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

/// The chain these tests run on: the sender [`secp_address`]`(1)` registered at [`SENDER_ID`]
/// with [`sender_balance`], base fee [`BASE_FEE`], circulating supply 12 345 FIL,
/// [`FixedExterns`], fee cap 200, inclusion charged for 100 bytes, and `actors` under their
/// [`test_code`] with 1000 attoFIL each.
pub fn builder(actors: &[TestActor]) -> ChainBuilder {
    let mut builder = ChainBuilder::new()
        .base_fee(TokenAmount::from_atto(BASE_FEE))
        .circ_supply(TokenAmount::from_whole(12_345u64))
        .externs(FixedExterns)
        .key_account(secp_address(1), sender_balance())
        .gas_fee_cap(TokenAmount::from_atto(200u64))
        .inclusion_length(100);
    for actor in actors {
        let wasm = wat::parse_str(&actor.wat).expect("wat");
        builder = builder.actor_with_code(
            actor.id,
            test_code(actor.name),
            wasm,
            TokenAmount::from_atto(1_000u64),
        );
    }
    builder
}

/// The VM under test.
pub struct TestVm {
    /// The chain.
    pub chain: TestChain,
}

impl TestVm {
    /// A VM with one funded secp sender (ID 100) and `actors` installed.
    pub fn new(actors: Vec<TestActor>) -> TestVm {
        Self::with_tracing(actors, false)
    }

    /// Like [`TestVm::new`], recording execution traces when `tracing` is set.
    pub fn with_tracing(actors: Vec<TestActor>, tracing: bool) -> TestVm {
        Self::from_builder(builder(&actors).tracing(tracing))
    }

    /// The VM `builder` builds (one from [`builder`], changed).
    pub fn from_builder(builder: ChainBuilder) -> TestVm {
        let chain = builder.build().expect("test chain");
        let sender = chain.machine().lookup_id(&chain.sender()).expect("lookup");
        assert_eq!(sender, Some(SENDER_ID));
        TestVm { chain }
    }

    /// Applies an explicit message from the sender.
    pub fn send(
        &mut self,
        to: Address,
        method: u64,
        params: Vec<u8>,
        value: TokenAmount,
    ) -> ApplyRet {
        self.chain
            .send(to, method, RawBytes::new(params), value)
            .expect("apply")
    }

    /// The actor with ID `id`.
    pub fn actor(&self, id: u64) -> Option<ActorState> {
        self.chain.actor(id).expect("get actor")
    }
}
