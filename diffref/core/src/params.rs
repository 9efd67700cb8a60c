//! DAG-CBOR parameters of the builtin-actor methods the generator calls (v7 and v9 share these
//! shapes: every parameter struct is a CBOR array of its fields), and their method numbers.

use cid::Cid;
use fvmi_types::{Address, RawBytes, TokenAmount};
use serde::Serialize;
use serde_bytes::ByteBuf;

/// Init `Exec`.
pub const INIT_EXEC: u64 = 2;
/// Multisig methods, in order from `Propose`.
pub const MSIG_PROPOSE: u64 = 2;
/// Multisig `Approve`.
pub const MSIG_APPROVE: u64 = 3;
/// Multisig `Cancel`.
pub const MSIG_CANCEL: u64 = 4;
/// Multisig `AddSigner`.
pub const MSIG_ADD_SIGNER: u64 = 5;
/// Multisig `ChangeNumApprovalsThreshold`.
pub const MSIG_CHANGE_THRESHOLD: u64 = 8;
/// Multisig `LockBalance`.
pub const MSIG_LOCK_BALANCE: u64 = 9;
/// Payment channel `UpdateChannelState`.
pub const PAYCH_UPDATE: u64 = 2;
/// Payment channel `Settle`.
pub const PAYCH_SETTLE: u64 = 3;
/// Payment channel `Collect`.
pub const PAYCH_COLLECT: u64 = 4;
/// Power `CreateMiner`.
pub const POWER_CREATE_MINER: u64 = 2;
/// Market `AddBalance`.
pub const MARKET_ADD_BALANCE: u64 = 2;
/// Market `WithdrawBalance`.
pub const MARKET_WITHDRAW: u64 = 3;
/// Verified registry `AddVerifier`.
pub const VERIFREG_ADD_VERIFIER: u64 = 2;
/// Verified registry `AddVerifiedClient`.
pub const VERIFREG_ADD_CLIENT: u64 = 4;
/// Window PoSt proof type StackedDRGWindow32GiBV1.
pub const WINDOW_POST_32GIB: i64 = 8;

/// Encodes `value` as DAG-CBOR parameters.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<RawBytes> {
    Ok(RawBytes::new(fvmi_ipld::cbor::to_vec(value)?))
}

/// Init constructor: `[network_name]`.
pub fn init_ctor(network_name: &str) -> anyhow::Result<RawBytes> {
    encode(&(network_name,))
}

/// Cron constructor: power `OnEpochTickEnd` (5), then market `CronTick` (9).
pub fn cron_ctor() -> anyhow::Result<RawBytes> {
    let entries = vec![(Address::new_id(4), 5u64), (Address::new_id(5), 9u64)];
    encode(&(entries,))
}

/// Reward constructor: the current realized power, zero.
pub fn reward_ctor() -> anyhow::Result<RawBytes> {
    encode(&TokenAmount::zero())
}

/// A bare address parameter.
pub fn address(address: &Address) -> anyhow::Result<RawBytes> {
    encode(address)
}

/// Init `Exec`: `[code, constructor params]`.
pub fn exec(code: &Cid, ctor: &RawBytes) -> anyhow::Result<RawBytes> {
    encode(&(code, ByteBuf::from(ctor.bytes().to_vec())))
}

/// Multisig constructor: `[signers, threshold, unlock duration, start epoch]`.
pub fn msig_ctor(
    signers: &[Address],
    threshold: u64,
    unlock: i64,
    start: i64,
) -> anyhow::Result<RawBytes> {
    encode(&(signers, threshold, unlock, start))
}

/// Multisig `Propose`: `[to, value, method, params]`.
pub fn propose(
    to: &Address,
    value: &TokenAmount,
    method: u64,
    params: &RawBytes,
) -> anyhow::Result<RawBytes> {
    encode(&(to, value, method, ByteBuf::from(params.bytes().to_vec())))
}

/// Multisig `Approve` / `Cancel`: `[txn id, proposal hash]`.
pub fn txn(id: i64, hash: &[u8]) -> anyhow::Result<RawBytes> {
    encode(&(id, ByteBuf::from(hash.to_vec())))
}

/// Multisig `AddSigner`: `[signer, increase threshold]`.
pub fn add_signer(signer: &Address, increase: bool) -> anyhow::Result<RawBytes> {
    encode(&(signer, increase))
}

/// Multisig `ChangeNumApprovalsThreshold`: `[new threshold]`.
pub fn threshold(new: u64) -> anyhow::Result<RawBytes> {
    encode(&(new,))
}

/// Multisig `LockBalance`: `[start epoch, unlock duration, amount]`.
pub fn lock_balance(start: i64, duration: i64, amount: &TokenAmount) -> anyhow::Result<RawBytes> {
    encode(&(start, duration, amount))
}

/// Payment channel constructor: `[from, to]`.
pub fn paych_ctor(from: &Address, to: &Address) -> anyhow::Result<RawBytes> {
    encode(&(from, to))
}

/// Power `CreateMiner`: `[owner, worker, window PoSt proof, peer, multiaddrs]`.
pub fn create_miner(
    owner: &Address,
    worker: &Address,
    proof: i64,
    peer: &[u8],
    multiaddrs: &[Vec<u8>],
) -> anyhow::Result<RawBytes> {
    let addrs: Vec<ByteBuf> = multiaddrs.iter().cloned().map(ByteBuf::from).collect();
    encode(&(owner, worker, proof, ByteBuf::from(peer.to_vec()), addrs))
}

/// Market `WithdrawBalance`: `[provider or client, amount]`.
pub fn withdraw(address: &Address, amount: &TokenAmount) -> anyhow::Result<RawBytes> {
    encode(&(address, amount))
}

/// Verified registry `AddVerifier` / `AddVerifiedClient`: `[address, allowance]`.
pub fn verifier(address: &Address, allowance: &TokenAmount) -> anyhow::Result<RawBytes> {
    encode(&(address, allowance))
}

/// Miner `ChangePeerID`: `[peer]`.
pub fn peer_id(peer: &[u8]) -> anyhow::Result<RawBytes> {
    encode(&(ByteBuf::from(peer.to_vec()),))
}

/// Miner `ChangeWorkerAddress`: `[new worker, control addresses]`.
pub fn change_worker(worker: &Address, control: &[Address]) -> anyhow::Result<RawBytes> {
    encode(&(worker, control))
}

/// Miner `WithdrawBalance`: `[amount]`.
pub fn amount(amount: &TokenAmount) -> anyhow::Result<RawBytes> {
    encode(&(amount,))
}
