//! A network-version-18 state built by hand around the builtin-actors v10 mainnet bundle, and
//! the messages the tests send: `CreateExternal` to the EAM, `InvokeContract` to EVM actors.
//!
//! The genesis-like state (state tree version 5):
//!
//! | ID | actor | state |
//! |---|---|---|
//! | 0 | system | `[manifest data CID]` (the machine reads the manifest from it) |
//! | 1 | init | `[address map (HAMT, bit width 5), next ID, "fvmi-fevm"]` |
//! | 2 | reward | empty array (only receives miner tips here) |
//! | 10 | EAM | empty array (the EAM keeps no state in v10) |
//! | 99 | burnt funds | an account (`[f099]`) |
//! | 100, 101 | Alice, Bob | Ethereum accounts: empty-array state, an f410 delegated address registered in init's map, 1000 FIL |
//!
//! Contracts get IDs from 102 on. Messages are explicit (signatures are not checked by the
//! executor); every [`EvmChain::send`] checks the fee accounting and that FIL is conserved.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use cid::Cid;
use fvmi_ipld::{cbor, Blockstore, CborStore, Hamt, MemoryBlockstore};
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{ApplyKind, ApplyRet, DummyExterns, Executor, Machine, MachineContext};
use fvmi_state::{load_bundle, ActorState, InitState, StateTree, StateTreeVersion};
use fvmi_types::{ActorID, Address, BytesDe, BytesSer, Message, NetworkVersion, TokenAmount};
use serde::Serialize;
use serde_bytes::ByteBuf;

use crate::eth::{create_address, robust_address, EthAddress};
use crate::evm::{self, EamReturn, EvmState};

/// Index of Alice (actor 100) among the senders.
pub const ALICE: usize = 0;
/// Index of Bob (actor 101) among the senders.
pub const BOB: usize = 1;

/// The system actor.
pub const SYSTEM_ID: ActorID = 0;
/// The init actor.
pub const INIT_ID: ActorID = 1;
/// The reward actor (receives miner tips).
pub const REWARD_ID: ActorID = 2;
/// The Ethereum Address Manager.
pub const EAM_ID: ActorID = 10;
/// The burnt funds actor.
pub const BURNT_FUNDS_ID: ActorID = 99;
/// The first ID init hands out (Alice's).
pub const FIRST_ID: ActorID = 100;

/// The first epoch of nv18 on mainnet.
pub const EPOCH: i64 = 2_683_348;
/// The base fee, attoFIL per gas.
pub const BASE_FEE: u64 = 100;
/// The fee cap of every message, attoFIL per gas.
pub const GAS_FEE_CAP: u64 = 200;
/// The premium of every message, attoFIL per gas.
pub const GAS_PREMIUM: u64 = 10;
/// The gas limit of every message (the block gas limit).
pub const GAS_LIMIT: i64 = 10_000_000_000;
/// The Filecoin mainnet chain ID (EIP-155), what `CHAINID` returns.
pub const CHAIN_ID: u64 = 314;

/// A sender's FIL at genesis.
pub fn start_balance() -> TokenAmount {
    TokenAmount::from_whole(1_000u64)
}

/// Alice's and Bob's Ethereum addresses.
pub const SENDER_ETH: [[u8; 20]; 2] = [[0xa1; 20], [0xb0; 20]];

/// A sender: an Ethereum account.
#[derive(Debug, Clone)]
pub struct Sender {
    /// Its Ethereum address (its f410 address is the delegated address of this).
    pub eth: EthAddress,
    /// Its actor ID.
    pub id: ActorID,
    /// The sequence of its next message.
    pub nonce: u64,
}

/// A deployed contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    /// Its actor ID.
    pub id: ActorID,
    /// Its robust (f2) address, as the EAM returned it.
    pub robust: Address,
    /// Its Ethereum address.
    pub eth: EthAddress,
}

impl Contract {
    /// Its f410 address.
    pub fn f410(&self) -> Address {
        self.eth.f410()
    }
}

/// The chain: an executor over the hand-built state.
pub struct EvmChain {
    exec: Executor<MemoryBlockstore>,
    senders: Vec<Sender>,
    codes: Codes,
}

/// The code CIDs of the actors the tests look at, from the bundle's manifest.
#[derive(Debug, Clone, Copy)]
pub struct Codes {
    /// `evm`
    pub evm: Cid,
    /// `eam`
    pub eam: Cid,
    /// `ethaccount`
    pub ethaccount: Cid,
    /// `placeholder`
    pub placeholder: Cid,
}

impl EvmChain {
    /// The chain over the v10 bundle found by [`crate::bundle::v10_bundle`], or `None` (skip
    /// reason printed) when there is none.
    pub fn try_new() -> Option<EvmChain> {
        crate::bundle::v10_bundle().map(|path| EvmChain::new(&path))
    }

    /// Builds the state around the bundle CAR at `bundle` and a machine at nv18 over it.
    pub fn new(bundle: &Path) -> EvmChain {
        let store = MemoryBlockstore::new();
        let car = File::open(bundle).unwrap_or_else(|e| panic!("{}: {e}", bundle.display()));
        let bundle = load_bundle(&store, BufReader::new(car)).expect("v10 bundle loads");
        let code = |name: &str| {
            *bundle
                .manifest
                .code_by_name(name)
                .unwrap_or_else(|| panic!("the bundle has no {name} actor"))
        };
        let codes = Codes {
            evm: code("evm"),
            eam: code("eam"),
            ethaccount: code("ethaccount"),
            placeholder: code("placeholder"),
        };

        let mut tree = StateTree::new(store, StateTreeVersion::V5).expect("empty tree");
        let empty_array = tree.store().put_cbor(&[(); 0]).expect("empty array");
        let address_map = {
            let mut map: Hamt<&MemoryBlockstore, u64> = Hamt::new_with_bit_width(tree.store(), 5);
            map.flush().expect("empty address map")
        };
        let init = InitState {
            address_map,
            next_id: FIRST_ID,
            network_name: "fvmi-fevm".into(),
        };
        let store = tree.store();
        let system_state = store.put_cbor(&(bundle.manifest_data,)).expect("system");
        let init_state = store.put_cbor(&init).expect("init");
        let burnt_state = store
            .put_cbor(&(Address::new_id(BURNT_FUNDS_ID),))
            .expect("burnt funds");
        let zero = TokenAmount::zero;
        tree.set_actor(
            SYSTEM_ID,
            ActorState::new(code("system"), system_state, zero(), 0),
        );
        tree.set_actor(
            INIT_ID,
            ActorState::new(code("init"), init_state, zero(), 0),
        );
        tree.set_actor(
            REWARD_ID,
            ActorState::new(code("reward"), empty_array, zero(), 0),
        );
        tree.set_actor(EAM_ID, ActorState::new(codes.eam, empty_array, zero(), 0));
        tree.set_actor(
            BURNT_FUNDS_ID,
            ActorState::new(code("account"), burnt_state, zero(), 0),
        );
        let mut senders = Vec::new();
        for eth in SENDER_ETH.map(EthAddress) {
            let f410 = eth.f410();
            let id = tree.register_new_address(&f410).expect("register f410");
            let mut actor = ActorState::new(codes.ethaccount, empty_array, start_balance(), 0);
            actor.delegated_address = Some(f410);
            tree.set_actor(id, actor);
            senders.push(Sender { eth, id, nonce: 0 });
        }
        assert_eq!(senders[ALICE].id, FIRST_ID);
        assert_eq!(senders[BOB].id, FIRST_ID + 1);
        let root = tree.flush().expect("genesis flush");
        let store = tree.into_store();

        let mut context = MachineContext::new(EPOCH, NetworkVersion::V18, root);
        context.base_fee = TokenAmount::from_atto(BASE_FEE);
        context.circ_supply = TokenAmount::from_whole(1_000_000u64);
        context.chain_id = CHAIN_ID;
        context.timestamp = 1_678_190_400;
        let machine = Machine::new(
            context,
            store,
            Box::new(DummyExterns),
            Box::new(AcceptAllProofs),
        )
        .expect("nv18 machine over the v10 bundle");
        EvmChain {
            exec: Executor::new(machine),
            senders,
            codes,
        }
    }

    /// The code CIDs of the EVM-related actors.
    pub fn codes(&self) -> Codes {
        self.codes
    }

    /// Sender `index` ([`ALICE`] or [`BOB`]).
    pub fn sender(&self, index: usize) -> &Sender {
        &self.senders[index]
    }

    /// The executor.
    pub fn executor(&mut self) -> &mut Executor<MemoryBlockstore> {
        &mut self.exec
    }

    /// The message `from` would send next (its sequence is the sender's next nonce).
    pub fn message(
        &self,
        from: usize,
        to: Address,
        method: u64,
        params: Vec<u8>,
        value: TokenAmount,
    ) -> Message {
        let sender = &self.senders[from];
        Message {
            version: 0,
            to,
            from: sender.eth.f410(),
            sequence: sender.nonce,
            value,
            gas_limit: GAS_LIMIT,
            gas_fee_cap: TokenAmount::from_atto(GAS_FEE_CAP),
            gas_premium: TokenAmount::from_atto(GAS_PREMIUM),
            method_num: method,
            params: params.into(),
        }
    }

    /// Applies `msg` as an explicit message (its on-chain length: the message plus a 66-byte
    /// delegated signature) and advances the sender's nonce; no checks.
    pub fn apply_unchecked(&mut self, from: usize, msg: &Message) -> ApplyRet {
        let raw_length = 1 + cbor::to_vec(msg).expect("message encodes").len() + 2 + 66;
        let ret = self
            .exec
            .apply_message(msg, ApplyKind::Explicit { raw_length })
            .unwrap_or_else(|e| panic!("fatal error applying {msg:?}: {e}"));
        self.senders[from].nonce += 1;
        ret
    }

    /// Sends a message from sender `from` and checks the accounting around it: the sender's
    /// nonce went up by one, it paid exactly the value (when the message succeeded) plus the
    /// fees, the burnt funds and reward actors received the burns and the tip, FIL was
    /// conserved, and the events root matches the events (computed by hand).
    pub fn send(
        &mut self,
        from: usize,
        to: Address,
        method: u64,
        params: Vec<u8>,
        value: TokenAmount,
    ) -> ApplyRet {
        let msg = self.message(from, to, method, params, value.clone());
        let sender = self.senders[from].id;
        let total_before = self.total_fil();
        let sender_before = self.actor(sender);
        let burnt_before = self.balance(BURNT_FUNDS_ID);
        let reward_before = self.balance(REWARD_ID);

        let ret = self.apply_unchecked(from, &msg);

        let fees = &(&ret.base_fee_burn + &ret.over_estimation_burn) + &ret.miner_tip;
        let spent = if ret.msg_receipt.exit_code.is_success() {
            &fees + &value
        } else {
            fees.clone()
        };
        let sender_after = self.actor(sender);
        assert_eq!(sender_after.sequence, sender_before.sequence + 1, "nonce");
        // A sender that is also the receiver of the value gets it back.
        let received =
            if self.lookup(&msg.to) == Some(sender) && ret.msg_receipt.exit_code.is_success() {
                value.clone()
            } else {
                TokenAmount::zero()
            };
        assert_eq!(
            sender_after.balance,
            &(&sender_before.balance - &spent) + &received,
            "the sender pays the value and the fees"
        );
        assert_eq!(
            self.balance(BURNT_FUNDS_ID),
            &(&burnt_before + &ret.base_fee_burn) + &ret.over_estimation_burn,
            "burns"
        );
        assert_eq!(
            self.balance(REWARD_ID),
            &reward_before + &ret.miner_tip,
            "miner tip"
        );
        assert!(ret.penalty.is_zero(), "no penalty");
        assert_eq!(
            ret.base_fee_burn,
            TokenAmount::from_atto(BASE_FEE) * ret.msg_receipt.gas_used,
            "the base fee burns the gas used"
        );
        assert_eq!(self.total_fil(), total_before, "FIL is conserved");
        assert_eq!(
            ret.events_root,
            evm::events_root_by_hand(&ret.events),
            "events root"
        );
        if !ret.msg_receipt.exit_code.is_success() {
            assert!(ret.events.is_empty(), "a failed message keeps no events");
        }
        ret
    }

    /// `CreateExternal` on the EAM from sender `from` with `initcode` and `value`.
    pub fn create_external(
        &mut self,
        from: usize,
        initcode: &[u8],
        value: TokenAmount,
    ) -> ApplyRet {
        let params = cbor::to_vec(&BytesSer(initcode)).expect("params");
        self.send(
            from,
            Address::new_id(EAM_ID),
            evm::EAM_CREATE_EXTERNAL,
            params,
            value,
        )
    }

    /// Deploys `initcode` from sender `from` with `value` and checks what the EAM returned: the
    /// next actor ID, a robust address that resolves to it, and the Ethereum address of a CREATE
    /// from the sender at the message's nonce.
    pub fn deploy(
        &mut self,
        from: usize,
        initcode: &[u8],
        value: TokenAmount,
    ) -> (Contract, ApplyRet) {
        let nonce = self.senders[from].nonce;
        let expected_id = self.next_id();
        let ret = self.create_external(from, initcode, value);
        assert_eq!(
            ret.msg_receipt.exit_code,
            fvmi_types::ExitCode::OK,
            "deploy failed: {:?}",
            ret.failure_info
        );
        let EamReturn(id, robust, eth) =
            cbor::from_slice(ret.msg_receipt.return_data.bytes()).expect("EAM return decodes");
        let eth = EthAddress(eth.as_slice().try_into().expect("20-byte eth address"));
        assert_eq!(id, expected_id, "the contract gets the next ID");
        assert_eq!(
            eth,
            create_address(&self.senders[from].eth, nonce),
            "CREATE address"
        );
        let robust = robust.expect("a new actor has a robust address");
        assert_eq!(robust.protocol(), fvmi_types::address::Protocol::Actor);
        assert_eq!(
            robust.payload_bytes(),
            robust_address(&self.senders[from].eth.f410(), nonce, 0),
            "f2 of (origin, nonce, first actor created)"
        );
        assert_eq!(self.lookup(&robust), Some(id), "f2 resolves");
        assert_eq!(self.lookup(&eth.f410()), Some(id), "f410 resolves");
        (Contract { id, robust, eth }, ret)
    }

    /// `InvokeContract` on `contract` from sender `from` with `calldata` and `value`.
    pub fn invoke(
        &mut self,
        from: usize,
        contract: &Contract,
        calldata: &[u8],
        value: TokenAmount,
    ) -> ApplyRet {
        let params = cbor::to_vec(&BytesSer(calldata)).expect("params");
        self.send(from, contract.f410(), evm::INVOKE_CONTRACT, params, value)
    }

    /// Invokes `contract` and returns the EVM return data, asserting success.
    pub fn call(&mut self, from: usize, contract: &Contract, calldata: &[u8]) -> Vec<u8> {
        let ret = self.invoke(from, contract, calldata, TokenAmount::zero());
        assert_eq!(
            ret.msg_receipt.exit_code,
            fvmi_types::ExitCode::OK,
            "call failed: {:?}",
            ret.failure_info
        );
        evm_return(&ret)
    }

    /// Applies an implicit message from the system actor (as a node does for `eth_getStorageAt`).
    pub fn implicit_from_system<P: Serialize>(
        &mut self,
        to: Address,
        method: u64,
        params: &P,
    ) -> ApplyRet {
        let msg = Message {
            version: 0,
            to,
            from: Address::new_id(SYSTEM_ID),
            sequence: 0,
            value: TokenAmount::zero(),
            gas_limit: GAS_LIMIT,
            gas_fee_cap: TokenAmount::zero(),
            gas_premium: TokenAmount::zero(),
            method_num: method,
            params: cbor::to_vec(params).expect("params").into(),
        };
        self.exec
            .apply_message(&msg, ApplyKind::Implicit)
            .unwrap_or_else(|e| panic!("fatal error applying {msg:?}: {e}"))
    }

    /// The storage slot `key` of `contract`, read with `GetStorageAt` (minimal big-endian bytes,
    /// as the EVM's U256 encodes).
    pub fn storage_at(&mut self, contract: &Contract, key: u128) -> u128 {
        let minimal = |value: u128| {
            let bytes = value.to_be_bytes();
            let first = bytes.iter().position(|b| *b != 0).unwrap_or(16);
            ByteBuf::from(bytes[first..].to_vec())
        };
        let ret = self.implicit_from_system(contract.f410(), evm::GET_STORAGE_AT, &(minimal(key),));
        assert_eq!(
            ret.msg_receipt.exit_code,
            fvmi_types::ExitCode::OK,
            "GetStorageAt failed: {:?}",
            ret.failure_info
        );
        let BytesDe(bytes) = cbor::from_slice(ret.msg_receipt.return_data.bytes()).expect("U256");
        assert!(
            bytes.len() <= 16 && bytes.first() != Some(&0),
            "minimal u128: {bytes:?}"
        );
        bytes.iter().fold(0u128, |acc, b| acc << 8 | *b as u128)
    }

    /// The actor `id`.
    pub fn actor(&self, id: ActorID) -> ActorState {
        self.try_actor(id)
            .unwrap_or_else(|| panic!("actor {id} exists"))
    }

    /// The actor `id`, if it exists.
    pub fn try_actor(&self, id: ActorID) -> Option<ActorState> {
        self.exec.machine().get_actor(id).expect("state readable")
    }

    /// The ID `address` resolves to.
    pub fn lookup(&self, address: &Address) -> Option<ActorID> {
        self.exec
            .machine()
            .lookup_id(address)
            .expect("state readable")
    }

    /// The FIL balance of actor `id`.
    pub fn balance(&self, id: ActorID) -> TokenAmount {
        self.actor(id).balance
    }

    /// The next ID init will hand out.
    pub fn next_id(&self) -> ActorID {
        let (init, _) = self
            .exec
            .machine()
            .state_tree()
            .init_state()
            .expect("init state");
        init.next_id
    }

    /// All FIL in the state: the singletons' and every actor init numbered.
    pub fn total_fil(&self) -> TokenAmount {
        [SYSTEM_ID, INIT_ID, REWARD_ID, EAM_ID, BURNT_FUNDS_ID]
            .into_iter()
            .chain(FIRST_ID..self.next_id())
            .filter_map(|id| self.try_actor(id))
            .map(|actor| actor.balance)
            .sum()
    }

    /// A block of the machine's store.
    pub fn block(&self, cid: &Cid) -> Vec<u8> {
        self.exec
            .machine()
            .blockstore()
            .get(cid)
            .expect("store readable")
            .unwrap_or_else(|| panic!("block {cid} present"))
    }

    /// The EVM state of contract `id`, decoded (what `fvmi inspect` shows as its state head).
    pub fn evm_state(&self, id: ActorID) -> EvmState {
        let actor = self.actor(id);
        assert_eq!(actor.code, self.codes.evm, "actor {id} is an EVM actor");
        cbor::from_slice(&self.block(&actor.state)).expect("EVM state decodes")
    }

    /// Flushes the state and returns the root.
    pub fn flush(&mut self) -> Cid {
        self.exec.flush().expect("flush")
    }
}

/// The EVM return data of a receipt (`InvokeContract` returns it as a CBOR byte string; a revert
/// carries the revert data the same way).
pub fn evm_return(ret: &ApplyRet) -> Vec<u8> {
    let BytesDe(data) = cbor::from_slice(ret.msg_receipt.return_data.bytes())
        .expect("return is a CBOR byte string");
    data
}
