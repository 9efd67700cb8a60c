//! What the builtin-actors v10 EAM and EVM actors take and return, as read from their v10.0.0
//! sources (`actors/eam/src/lib.rs`, `actors/evm/src/{lib,state,types}.rs`,
//! `actors/evm/src/interpreter/instructions/log_event.rs`), and the events the EVM emits.

use cid::Cid;
use fvmi_ipld::cbor::{self, cid_of, DAG_CBOR};
use fvmi_kernel::events::{ActorEvent, Entry, StampedEvent, FLAG_INDEXED_ALL, IPLD_RAW};
use fvmi_types::{ActorID, Address, ExitCode};
use serde::Deserialize;
use serde_bytes::ByteBuf;

/// EAM `CreateExternal`: params the initcode as a CBOR byte string; callable by the message's
/// origin only (an account or an Ethereum account).
pub const EAM_CREATE_EXTERNAL: u64 = 4;

/// EVM `GetBytecode`: returns the bytecode block's CID (or null once self-destructed).
pub const GET_BYTECODE: u64 = 3;
/// EVM `GetBytecodeHash`: returns the Keccak-256 of the bytecode as a CBOR byte string.
pub const GET_BYTECODE_HASH: u64 = 4;
/// EVM `GetStorageAt`: params `[key]` (a U256 as minimal big-endian bytes), callable by the
/// system actor only; returns the slot's U256.
pub const GET_STORAGE_AT: u64 = 5;
/// EVM `InvokeContract` = FRC-42 `method_hash!("InvokeEVM")`: params the calldata as a CBOR
/// byte string, returns the EVM return data as a CBOR byte string.
pub const INVOKE_CONTRACT: u64 = 3_844_450_837;

/// The exit code of a Solidity `revert` (the EVM's `REVERT`): `EVM_CONTRACT_REVERTED`.
pub const EVM_CONTRACT_REVERTED: ExitCode = ExitCode::new(33);

/// Keccak-256 of empty bytecode: the hash a self-destructed contract reports.
pub const EMPTY_BYTECODE_HASH: [u8; 32] = [
    0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0,
    0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70,
];

/// What the EAM's `Create*` methods return: `[actor_id, robust_address, eth_address]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EamReturn(pub ActorID, pub Option<Address>, pub ByteBuf);

/// A self-destruct marker: `[origin actor ID, message nonce]` of the message that destroyed the
/// contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tombstone {
    /// The message's origin.
    pub origin: ActorID,
    /// The message's nonce.
    pub nonce: u64,
}

/// The EVM actor's state (v10): `[bytecode, bytecode_hash, contract_state, nonce, tombstone]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvmState {
    /// The CID of the runtime bytecode (a raw block).
    pub bytecode: Cid,
    /// Keccak-256 of the runtime bytecode.
    pub bytecode_hash: ByteBuf,
    /// The storage KAMT's root.
    pub contract_state: Cid,
    /// The EVM nonce (1 at creation; counts CREATE/CREATE2).
    pub nonce: u64,
    /// Set by SELFDESTRUCT.
    pub tombstone: Option<Tombstone>,
}

/// The wire form of [`EvmState`]: a CBOR array.
#[derive(Deserialize)]
struct EvmStateWire(Cid, ByteBuf, Cid, u64, Option<(ActorID, u64)>);

impl<'de> Deserialize<'de> for EvmState {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let EvmStateWire(bytecode, bytecode_hash, contract_state, nonce, tombstone) =
            EvmStateWire::deserialize(deserializer)?;
        Ok(EvmState {
            bytecode,
            bytecode_hash,
            contract_state,
            nonce,
            tombstone: tombstone.map(|(origin, nonce)| Tombstone { origin, nonce }),
        })
    }
}

/// The event the EVM emits for a `LOGn` of `topics` and `data`: entries `t1`…`t4` (the topics,
/// 32 bytes each) then `d` (the data, left out when empty), every one flagged
/// [`FLAG_INDEXED_ALL`] with codec [`IPLD_RAW`], stamped with the emitting contract's actor ID.
pub fn evm_log(emitter: ActorID, topics: &[[u8; 32]], data: &[u8]) -> StampedEvent {
    const KEYS: [&str; 4] = ["t1", "t2", "t3", "t4"];
    let mut entries: Vec<Entry> = topics
        .iter()
        .zip(KEYS)
        .map(|(topic, key)| Entry {
            flags: FLAG_INDEXED_ALL,
            key: key.into(),
            codec: IPLD_RAW,
            value: topic.to_vec(),
        })
        .collect();
    if !data.is_empty() {
        entries.push(Entry {
            flags: FLAG_INDEXED_ALL,
            key: "d".into(),
            codec: IPLD_RAW,
            value: data.to_vec(),
        });
    }
    StampedEvent::new(emitter, ActorEvent::from(entries))
}

/// The events root of a receipt, computed by hand (independently of the kernel's AMT): an AMT v3
/// of bit width 5 holding up to 32 events is one root block
/// `[bit_width, height 0, count, [bitmap, [], [event…]]]`, its 4-byte bitmap with bit `i % 8` of
/// byte `i / 8` set for each index `i`. `None` when there are no events.
pub fn events_root_by_hand(events: &[StampedEvent]) -> Option<Cid> {
    if events.is_empty() {
        return None;
    }
    assert!(events.len() <= 32, "one leaf node only");
    let mut bitmap = [0u8; 4];
    for i in 0..events.len() {
        bitmap[i / 8] |= 1 << (i % 8);
    }
    // [emitter, [[flags, key, codec, value]…]]
    type Wire = (u64, Vec<(u64, String, u64, ByteBuf)>);
    let values: Vec<Wire> = events
        .iter()
        .map(|e| {
            let entries = e
                .event
                .entries
                .iter()
                .map(|x| {
                    (
                        x.flags,
                        x.key.clone(),
                        x.codec,
                        ByteBuf::from(x.value.clone()),
                    )
                })
                .collect();
            (e.emitter, entries)
        })
        .collect();
    let node = (ByteBuf::from(bitmap.to_vec()), Vec::<Cid>::new(), values);
    let root = (5u64, 0u64, events.len() as u64, node);
    Some(cid_of(DAG_CBOR, &cbor::to_vec(&root).expect("encodes")))
}
