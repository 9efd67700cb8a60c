//! The kernel boundary: what a syscall may ask of the VM. Flat traits grouped like the ABI, joined
//! by [`Kernel`]. Token amounts cross this boundary as `u128` attoFIL (the ABI's width); the kernel
//! converts and reports amounts that do not fit as fatal errors.

use cid::Cid;
use fvmi_types::Address;

use crate::error::Result;

/// An actor's ID.
pub type ActorId = u64;
/// A handle of a block in the invocation's block registry.
pub type BlockId = u32;

/// The codec and size of a registered block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockStat {
    /// The IPLD codec of the block.
    pub codec: u64,
    /// The block's length in bytes.
    pub size: u32,
}

/// The outcome of a successful `send` syscall, as seen by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendOutcome {
    /// The callee returned; its return block (id 0 when none) and its stat.
    Return(BlockId, BlockStat),
    /// The callee aborted with this exit code (never 0).
    Abort(u32),
}

/// How a `send` of ABI v3 (network version 18 on) ended, as seen by the caller: the callee's exit
/// code (0 on success) and its return block, which a failing callee may carry too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendResult {
    /// The callee's exit code.
    pub exit_code: u32,
    /// The return block registered with the caller, if the callee returned one.
    pub block: Option<(BlockId, BlockStat)>,
}

/// `vm::message_context` of ABI v3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageContext {
    /// The message sender's ID.
    pub origin: ActorId,
    /// The message's nonce.
    pub nonce: u64,
    /// The caller's ID.
    pub caller: ActorId,
    /// This actor's ID.
    pub receiver: ActorId,
    /// The method number.
    pub method_number: u64,
    /// The value received, attoFIL.
    pub value_received: u128,
    /// The message's effective gas premium, attoFIL.
    pub gas_premium: u128,
    /// Whether the call is read-only.
    pub read_only: bool,
}

/// `network::context` of ABI v3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkContext {
    /// The current epoch.
    pub epoch: i64,
    /// The current tipset's timestamp.
    pub timestamp: u64,
    /// The base fee, attoFIL.
    pub base_fee: u128,
    /// The chain ID (EIP-155).
    pub chain_id: u64,
    /// The network version.
    pub network_version: u32,
}

/// The error of an operation this kernel's ABI does not have.
fn not_in_abi<T>(what: &str) -> Result<T> {
    Err(crate::error::ExecutionError::fatal(format!(
        "{what} is not part of this network version's syscall ABI"
    )))
}

/// A proven consensus fault as reported to the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsensusFaultReport {
    /// The fault type (1 double fork mining, 2 parent grinding, 3 time offset mining).
    pub fault_type: u32,
    /// The epoch of the fault.
    pub epoch: i64,
    /// The ID of the faulty miner.
    pub target: ActorId,
}

/// Block registry operations (the `ipld` module).
pub trait IpldOps {
    /// Loads a block from the store into the registry.
    fn block_open(&mut self, cid: &Cid) -> Result<(BlockId, BlockStat)>;
    /// Registers a new block.
    fn block_create(&mut self, codec: u64, data: &[u8]) -> Result<BlockId>;
    /// Hashes a registered block, writes it to the store and returns its CID.
    fn block_link(&mut self, id: BlockId, hash_fun: u64, hash_len: u32) -> Result<Cid>;
    /// Reads a block from `offset` into `buf`; returns block end minus (offset + buf length).
    fn block_read(&mut self, id: BlockId, offset: u32, buf: &mut [u8]) -> Result<i32>;
    /// The codec and size of a registered block.
    fn block_stat(&mut self, id: BlockId) -> Result<BlockStat>;
}

/// Operations on the executing actor (the `self` module).
pub trait SelfOps {
    /// The actor's state root.
    fn root(&mut self) -> Result<Cid>;
    /// Replaces the actor's state root.
    fn set_root(&mut self, root: Cid) -> Result<()>;
    /// The actor's balance in attoFIL.
    fn current_balance(&mut self) -> Result<u128>;
    /// Deletes the actor, sending its balance to the beneficiary.
    fn self_destruct(&mut self, beneficiary: &Address) -> Result<()>;
}

/// Actor lookup and creation (the `actor` module).
pub trait ActorOps {
    /// The ID an address resolves to, if any.
    fn resolve_address(&mut self, address: &Address) -> Result<Option<ActorId>>;
    /// The code CID of an actor, if it exists.
    fn get_actor_code_cid(&mut self, id: ActorId) -> Result<Option<Cid>>;
    /// A fresh robust (actor protocol) address for a new actor.
    fn new_actor_address(&mut self) -> Result<Address>;
    /// Creates a builtin actor with the given code at the given ID.
    fn create_actor(&mut self, code: Cid, id: ActorId) -> Result<()>;
    /// The builtin actor type of a code CID (0 when not builtin).
    fn get_builtin_actor_type(&mut self, code: &Cid) -> u32;
    /// The code CID of a builtin actor type.
    fn get_code_cid_for_type(&mut self, actor_type: u32) -> Result<Cid>;

    /// ABI v3: the delegated (f4) address of an actor, if it has one.
    fn lookup_delegated_address(&mut self, _id: ActorId) -> Result<Option<Address>> {
        not_in_abi("actor::lookup_delegated_address")
    }
    /// ABI v3: the address the next actor created in this message will get.
    fn next_actor_address(&mut self) -> Result<Address> {
        not_in_abi("actor::next_actor_address")
    }
    /// ABI v3: creates an actor with `code` at `id`, with an optional delegated address.
    fn create_actor_with_address(
        &mut self,
        _code: Cid,
        _id: ActorId,
        _delegated: Option<Address>,
    ) -> Result<()> {
        not_in_abi("actor::create_actor with a delegated address")
    }
    /// ABI v3: the balance of actor `id`, attoFIL.
    fn balance_of(&mut self, _id: ActorId) -> Result<u128> {
        not_in_abi("actor::balance_of")
    }
}

/// Cryptography and proofs (the `crypto` module). Structured parameters arrive as the actor's
/// CBOR bytes; the kernel decodes them (a decoding failure is `IllegalArgument`).
pub trait CryptoOps {
    /// Verifies a signature of `plaintext` by `signer` (a key or account address).
    fn verify_signature(
        &mut self,
        sig_type: u32,
        signature: &[u8],
        signer: &Address,
        plaintext: &[u8],
    ) -> Result<bool>;
    /// Recovers an uncompressed secp256k1 public key from a message hash and signature.
    fn recover_secp_public_key(
        &mut self,
        hash: &[u8; 32],
        signature: &[u8; 65],
    ) -> Result<[u8; 65]>;
    /// Hashes data with a supported multihash code; returns the digest.
    fn hash(&mut self, code: u64, data: &[u8]) -> Result<Vec<u8>>;
    /// Computes CommD from the CBOR list of pieces.
    fn compute_unsealed_sector_cid(&mut self, proof_type: i64, pieces: &[u8]) -> Result<Cid>;
    /// Verifies a CBOR `SealVerifyInfo`.
    fn verify_seal(&mut self, info: &[u8]) -> Result<bool>;
    /// Verifies a CBOR `WindowPoStVerifyInfo`.
    fn verify_post(&mut self, info: &[u8]) -> Result<bool>;
    /// Checks two block headers (and an extra one) for a consensus fault.
    fn verify_consensus_fault(
        &mut self,
        h1: &[u8],
        h2: &[u8],
        extra: &[u8],
    ) -> Result<Option<ConsensusFaultReport>>;
    /// Verifies a CBOR `AggregateSealVerifyProofAndInfos`.
    fn verify_aggregate_seals(&mut self, aggregate: &[u8]) -> Result<bool>;
    /// Verifies a CBOR `ReplicaUpdateInfo`.
    fn verify_replica_update(&mut self, replica: &[u8]) -> Result<bool>;
    /// Verifies a CBOR list of `SealVerifyInfo`; one result per entry.
    fn batch_verify_seals(&mut self, batch: &[u8]) -> Result<Vec<bool>>;
}

/// Gas accounting shared by the wasm gas counter and the kernel (the `gas` module).
pub trait GasOps {
    /// The gas still available, in milligas.
    fn gas_available_milligas(&self) -> i64;
    /// Charges milligas under a name.
    fn charge_milligas(&mut self, name: &str, milligas: i64) -> Result<()>;
    /// Charges the flat price of entering a syscall.
    fn charge_syscall(&mut self) -> Result<()>;
}

/// Chain parameters (the `network` module, and `vm::context`).
pub trait NetworkOps {
    /// The current epoch.
    fn network_epoch(&self) -> i64;
    /// The network version.
    fn network_version(&self) -> u32;
    /// The base fee in attoFIL.
    fn network_base_fee(&self) -> Result<u128>;
    /// The circulating supply in attoFIL.
    fn total_fil_circ_supply(&self) -> Result<u128>;

    /// ABI v3: the chain context.
    fn network_context(&mut self) -> Result<NetworkContext> {
        not_in_abi("network::context")
    }
    /// ABI v3: the CID of the tipset at `epoch` (a past epoch within finality).
    fn tipset_cid(&mut self, _epoch: i64) -> Result<Cid> {
        not_in_abi("network::tipset_cid")
    }
}

/// Randomness from the chain (the `rand` module).
pub trait RandomnessOps {
    /// Ticket chain randomness.
    fn get_randomness_from_tickets(
        &mut self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; 32]>;
    /// Beacon randomness.
    fn get_randomness_from_beacon(
        &mut self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; 32]>;
}

/// The message being executed (`vm::context`).
pub trait MessageOps {
    /// The caller's ID.
    fn msg_caller(&self) -> ActorId;
    /// The receiver's (this actor's) ID.
    fn msg_receiver(&self) -> ActorId;
    /// The method number.
    fn msg_method_number(&self) -> u64;
    /// The value received, in attoFIL.
    fn msg_value_received(&self) -> Result<u128>;

    /// ABI v3: the message context.
    fn message_context(&mut self) -> Result<MessageContext> {
        not_in_abi("vm::message_context")
    }
}

/// Calling other actors (the `send` module).
pub trait SendOps {
    /// Sends a message; `params` is a block id (0 for none), `value` in attoFIL.
    fn send(
        &mut self,
        recipient: &Address,
        method: u64,
        params: BlockId,
        value: u128,
    ) -> Result<SendOutcome>;

    /// ABI v3: sends a message with an optional gas limit (milligas-free whole gas), possibly
    /// read-only.
    fn send_with_limit(
        &mut self,
        _recipient: &Address,
        _method: u64,
        _params: BlockId,
        _value: u128,
        _gas_limit: Option<u64>,
        _read_only: bool,
    ) -> Result<SendResult> {
        not_in_abi("send::send with a gas limit")
    }
}

/// Actor events (the `event` module, ABI v3).
pub trait EventOps {
    /// Validates, charges and records an event (the CBOR `ActorEvent` bytes).
    fn emit_event(&mut self, _event: &[u8]) -> Result<()> {
        not_in_abi("event::emit_event")
    }
}

/// Debugging aids (the `debug` module).
pub trait DebugOps {
    /// Whether actor debugging is enabled.
    fn debug_enabled(&self) -> bool;
    /// Logs a message.
    fn log(&mut self, message: String);
    /// Stores a debug artifact.
    fn store_artifact(&mut self, name: &str, data: &[u8]) -> Result<()>;
}

/// Everything an actor invocation may ask of the VM.
pub trait Kernel:
    IpldOps
    + SelfOps
    + ActorOps
    + CryptoOps
    + GasOps
    + NetworkOps
    + RandomnessOps
    + MessageOps
    + SendOps
    + DebugOps
    + EventOps
{
}

impl<T> Kernel for T where
    T: IpldOps
        + SelfOps
        + ActorOps
        + CryptoOps
        + GasOps
        + NetworkOps
        + RandomnessOps
        + MessageOps
        + SendOps
        + DebugOps
        + EventOps
{
}
