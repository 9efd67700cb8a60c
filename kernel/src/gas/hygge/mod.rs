//! The FIP-0057 price list of network version 18 (Hygge), which the reference
//! (ref-fvm v3) also applies at versions 19 and 20.
//!
//! This table is separate from the v2 [`PriceList`](super::PriceList) on
//! purpose: Hygge reprices almost everything, charges state access and
//! address assignment, and drops the charges v2 priced below zero. Every
//! amount here is non-negative and every operation saturates, so a charge
//! can never become a refund. (The reference keeps gas as `u64` milligas and
//! saturates at `u64::MAX`; [`Gas`] saturates at `i64::MAX`. A charge that
//! large exceeds any gas limit, which is itself capped at `i64::MAX`
//! milligas, so the outcome, out of gas with `used = limit`, is the same.)
//!
//! A charge is a [`GasCharge`] named as in the reference, split into compute
//! and "other" (storage or deferred) gas; only the sum is charged, the split
//! matters for traces.

use fvmi_types::sector::{
    AggregateSealVerifyProofAndInfos, RegisteredSealProof, ReplicaUpdateInfo, SealVerifyInfo,
    WindowPoStVerifyInfo,
};
use fvmi_types::{ActorID, PieceInfo, SignatureType, SupportedHashes};

mod prices;
mod wasm;

pub use prices::{hygge_price_list, HYGGE_PRICES};
use prices::{SEAL_32GIB_V1P1, WINDOW_POST_512MIB_V1};
pub use wasm::{HyggeWasmPrices, LinearPrice};

use super::price_list::{step_cost, ScalingCost, Step};
use super::{Gas, GasCharge};

/// Bytes in one wasm page.
pub const WASM_PAGE_SIZE: u64 = 65_536;

/// Bytes charged per table element (one pointer-sized slot).
pub const TABLE_ELEMENT_SIZE: u64 = 8;

/// The bytes hashed before the entropy when randomness is drawn: the domain
/// separation tag (8), the drawn value (32) and the round (8).
pub const RANDOMNESS_PREFIX_LEN: u64 = 8 + 32 + 8;

/// Bytes added to an event's encoded length to estimate the stamped event
/// (the emitter's ID and the CBOR framing around it).
pub const STAMPED_EVENT_EXTRA_LEN: u64 = 12;

/// Actors whose state access is free (FIP-0055): the system, init, reward,
/// cron, power, market, verified registry, datacap, EAM and burnt-funds
/// actors.
pub const HYGGE_PRELOADED_ACTORS: [ActorID; 10] = [0, 1, 2, 3, 4, 5, 6, 7, 10, 99];

/// Event entry flag: the key is indexed.
pub const EVENT_FLAG_INDEXED_KEY: u64 = 0b01;
/// Event entry flag: the value is indexed.
pub const EVENT_FLAG_INDEXED_VALUE: u64 = 0b10;

/// The cost of `flat + scale * n`, saturating.
fn apply(cost: ScalingCost, n: i64) -> Gas {
    cost.flat + cost.scale * n
}

/// A size as a multiplier (saturating; real sizes never get near the bound).
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A `u64` count as a multiplier (saturating).
fn count_u64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Zero for anything below zero (no Hygge amount is negative; this only
/// guards the one subtraction, as the reference's unsigned subtraction does).
fn non_negative(gas: Gas) -> Gas {
    gas.max(Gas::ZERO)
}

/// `flat + scale * n` with whole-gas amounts, for the tables below.
const fn scaling(flat: i64, scale: i64) -> ScalingCost {
    ScalingCost {
        flat: Gas::new(flat),
        scale: Gas::new(scale),
    }
}

/// A scaling cost with only a per-item part, in milligas.
const fn per_item_milligas(scale: i64) -> ScalingCost {
    ScalingCost {
        flat: Gas::ZERO,
        scale: Gas::from_milligas(scale),
    }
}

const ZERO_COST: ScalingCost = scaling(0, 0);

/// Shorthand for one step of an aggregate-seal step function.
const fn step(start: i64, cost: i64) -> Step {
    Step {
        start,
        cost: Gas::new(cost),
    }
}

/// The price of verifying a signature of each scheme, per plaintext byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignaturePrices {
    /// secp256k1.
    pub secp256k1: ScalingCost,
    /// BLS.
    pub bls: ScalingCost,
}

impl SignaturePrices {
    /// The price of `sig_type`.
    pub fn get(&self, sig_type: SignatureType) -> ScalingCost {
        match sig_type {
            SignatureType::Secp256k1 => self.secp256k1,
            SignatureType::BLS => self.bls,
        }
    }
}

/// The price of each supported hash function, per byte hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashingPrices {
    /// SHA2-256.
    pub sha2_256: ScalingCost,
    /// BLAKE2b-256.
    pub blake2b_256: ScalingCost,
    /// BLAKE2b-512.
    pub blake2b_512: ScalingCost,
    /// Keccak-256.
    pub keccak_256: ScalingCost,
    /// RIPEMD-160.
    pub ripemd_160: ScalingCost,
}

impl HashingPrices {
    /// The price of `hash`.
    pub fn get(&self, hash: SupportedHashes) -> ScalingCost {
        match hash {
            SupportedHashes::Sha2_256 => self.sha2_256,
            SupportedHashes::Blake2b256 => self.blake2b_256,
            SupportedHashes::Blake2b512 => self.blake2b_512,
            SupportedHashes::Keccak256 => self.keccak_256,
            SupportedHashes::Ripemd160 => self.ripemd_160,
        }
    }
}

/// The hash function with multihash code `code`, if the `crypto::hash`
/// syscall supports it.
pub fn hash_by_code(code: u64) -> Option<SupportedHashes> {
    [
        SupportedHashes::Sha2_256,
        SupportedHashes::Blake2b256,
        SupportedHashes::Blake2b512,
        SupportedHashes::Keccak256,
        SupportedHashes::Ripemd160,
    ]
    .into_iter()
    .find(|hash| *hash as u64 == code)
}

/// What an accepted event indexes: the number of indexed keys and values,
/// and their total length in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventIndexing {
    /// Indexed keys plus indexed values.
    pub elements: u64,
    /// Total bytes of the indexed keys and values.
    pub bytes: u64,
}

impl EventIndexing {
    /// Counts the indexed parts of an event's entries, each given as
    /// `(flags, key length, value length)`.
    pub fn of_entries(entries: impl IntoIterator<Item = (u64, usize, usize)>) -> Self {
        let mut indexing = EventIndexing::default();
        for (flags, key_len, value_len) in entries {
            if flags & EVENT_FLAG_INDEXED_KEY != 0 {
                indexing.elements = indexing.elements.saturating_add(1);
                indexing.bytes = indexing.bytes.saturating_add(key_len as u64);
            }
            if flags & EVENT_FLAG_INDEXED_VALUE != 0 {
                indexing.elements = indexing.elements.saturating_add(1);
                indexing.bytes = indexing.bytes.saturating_add(value_len as u64);
            }
        }
        indexing
    }
}

/// The Hygge (FIP-0057) gas prices, and the charge of every priced operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HyggePriceList {
    on_chain_message_compute: ScalingCost,
    on_chain_message_storage: ScalingCost,
    on_chain_return_compute: ScalingCost,
    on_chain_return_storage: ScalingCost,

    send_transfer_funds: Gas,
    send_invoke_method: Gas,

    actor_lookup: Gas,
    actor_update: Gas,
    actor_create_storage: Gas,

    address_lookup: Gas,
    address_assignment: Gas,

    sig_cost: SignaturePrices,
    secp256k1_recover_cost: Gas,
    hashing_cost: HashingPrices,

    tipset_cid_latest: Gas,
    tipset_cid_historical: Gas,

    compute_unsealed_sector_cid_base: Gas,
    verify_seal_base: Gas,
    /// By seal proof number.
    verify_aggregate_seal_per: &'static [(i64, Gas)],
    /// By seal proof number.
    verify_aggregate_seal_steps: &'static [(i64, &'static [Step])],
    /// By PoSt proof number.
    verify_post_lookup: &'static [(i64, ScalingCost)],
    verify_consensus_fault: Gas,
    verify_replica_update: Gas,

    get_randomness_seed: Gas,

    block_allocate: ScalingCost,
    block_memcpy: ScalingCost,
    block_memory_retention_minimum: ScalingCost,
    block_open: ScalingCost,
    block_persist_storage: ScalingCost,
    block_persist_compute: Gas,

    syscall_cost: Gas,

    builtin_actor_manifest_lookup: Gas,
    network_context: Gas,
    message_context: Gas,

    wasm_rules: HyggeWasmPrices,

    event_validation_cost: ScalingCost,
    event_accept_per_index_element: ScalingCost,

    preloaded_actors: &'static [ActorID],
}

/// Finds `key` in a small table, else the `fallback` row.
fn lookup<V: Copy>(table: &[(i64, V)], key: i64, fallback: i64) -> Option<V> {
    let find = |wanted: i64| table.iter().find(|(k, _)| *k == wanted).map(|(_, v)| *v);
    find(key).or_else(|| find(fallback))
}

impl HyggePriceList {
    /// The wasm execution prices.
    pub fn wasm_rules(&self) -> &HyggeWasmPrices {
        &self.wasm_rules
    }

    /// The actors whose state access is free.
    pub fn preloaded_actors(&self) -> &'static [ActorID] {
        self.preloaded_actors
    }

    /// Whether `id` is a preloaded actor (free to read and update).
    pub fn is_preloaded(&self, id: ActorID) -> bool {
        self.preloaded_actors.contains(&id)
    }

    /// Including a message of `msg_size` bytes (the signed encoding for
    /// secp senders) in the chain, plus updating the sender's state.
    pub fn on_chain_message(&self, msg_size: usize) -> GasCharge {
        let size = count(msg_size);
        GasCharge::new(
            "OnChainMessage",
            apply(self.on_chain_message_compute, size),
            self.actor_update + apply(self.on_chain_message_storage, size),
        )
    }

    /// Keeping a `data_size`-byte return value in the chain (unconditional;
    /// see [`HyggePriceList::on_method_return`]).
    pub fn on_chain_return_value(&self, data_size: usize) -> GasCharge {
        let size = count(data_size);
        GasCharge::new(
            "OnChainReturnValue",
            apply(self.on_chain_return_compute, size),
            apply(self.on_chain_return_storage, size),
        )
    }

    /// The return-value charge of a call at `call_depth`: only the top-level
    /// call (depth 1) pays it.
    pub fn on_method_return(&self, call_depth: u32, data_size: usize) -> Option<GasCharge> {
        (call_depth == 1).then(|| self.on_chain_return_value(data_size))
    }

    /// Transferring a value (charged separately from the invocation).
    pub fn on_value_transfer(&self) -> GasCharge {
        GasCharge::new("OnValueTransfer", self.send_transfer_funds, Gas::ZERO)
    }

    /// Invoking a method (any method but 0).
    pub fn on_method_invocation(&self) -> GasCharge {
        GasCharge::new("OnMethodInvocation", self.send_invoke_method, Gas::ZERO)
    }

    /// The flat overhead of any syscall.
    pub fn on_syscall(&self) -> GasCharge {
        GasCharge::new("OnSyscall", self.syscall_cost, Gas::ZERO)
    }

    /// Creating an actor; `new_address` when an address is also assigned
    /// (and looked up) for it.
    pub fn on_create_actor(&self, new_address: bool) -> GasCharge {
        let mut gas = self.actor_create_storage;
        if new_address {
            gas += self.address_assignment + self.address_lookup;
        }
        GasCharge::new("OnCreateActor", Gas::ZERO, gas)
    }

    /// Deleting an actor (free; no refund).
    pub fn on_delete_actor(&self) -> GasCharge {
        GasCharge::new("OnDeleteActor", Gas::ZERO, Gas::ZERO)
    }

    /// The first read of an actor's state in a message.
    pub fn on_actor_lookup(&self) -> GasCharge {
        GasCharge::new("OnActorLookup", Gas::ZERO, self.actor_lookup)
    }

    /// The first write of an actor's state in a message (the lookup is
    /// charged separately).
    pub fn on_actor_update(&self) -> GasCharge {
        GasCharge::new("OnActorUpdate", Gas::ZERO, self.actor_update)
    }

    /// Adding an actor to the state tree (defined by the reference, never
    /// charged by it: [`HyggePriceList::on_create_actor`] covers creation).
    pub fn on_actor_create(&self) -> GasCharge {
        GasCharge::new("OnActorCreate", Gas::ZERO, self.actor_create_storage)
    }

    /// `actor::resolve_address` (free).
    pub fn on_resolve_address(&self) -> GasCharge {
        GasCharge::new("OnResolveAddress", Gas::ZERO, Gas::ZERO)
    }

    /// `actor::lookup_delegated_address` (free; the actor lookup is charged
    /// by state access).
    pub fn on_lookup_address(&self) -> GasCharge {
        GasCharge::new("OnLookupAddress", Gas::ZERO, Gas::ZERO)
    }

    /// `self::current_balance` (free).
    pub fn on_self_balance(&self) -> GasCharge {
        GasCharge::new("OnSelfBalance", Gas::ZERO, Gas::ZERO)
    }

    /// `actor::balance_of` (free; the actor lookup is charged by state
    /// access).
    pub fn on_balance_of(&self) -> GasCharge {
        GasCharge::new("OnBalanceOf", Gas::ZERO, Gas::ZERO)
    }

    /// `actor::get_actor_code_cid` (free; the actor lookup is charged by
    /// state access).
    pub fn on_get_actor_code_cid(&self) -> GasCharge {
        GasCharge::new("OnGetActorCodeCid", Gas::ZERO, Gas::ZERO)
    }

    /// `actor::get_builtin_actor_type`.
    pub fn on_get_builtin_actor_type(&self) -> GasCharge {
        GasCharge::new(
            "OnGetBuiltinActorType",
            self.builtin_actor_manifest_lookup,
            Gas::ZERO,
        )
    }

    /// `actor::get_code_cid_for_type`.
    pub fn on_get_code_cid_for_type(&self) -> GasCharge {
        GasCharge::new(
            "OnGetCodeCidForType",
            self.builtin_actor_manifest_lookup,
            Gas::ZERO,
        )
    }

    /// `network::context`.
    pub fn on_network_context(&self) -> GasCharge {
        GasCharge::new("OnNetworkContext", self.network_context, Gas::ZERO)
    }

    /// `vm::message_context`.
    pub fn on_message_context(&self) -> GasCharge {
        GasCharge::new("OnMessageContext", self.message_context, Gas::ZERO)
    }

    /// Verifying a `sig_type` signature over `plaintext_len` bytes.
    pub fn on_verify_signature(&self, sig_type: SignatureType, plaintext_len: usize) -> GasCharge {
        let gas = apply(self.sig_cost.get(sig_type), count(plaintext_len));
        GasCharge::new("OnVerifySignature", gas, Gas::ZERO)
    }

    /// Recovering a secp256k1 public key.
    pub fn on_recover_secp_public_key(&self) -> GasCharge {
        GasCharge::new(
            "OnRecoverSecpPublicKey",
            self.secp256k1_recover_cost,
            Gas::ZERO,
        )
    }

    /// Hashing `data_len` bytes with `hash`.
    pub fn on_hashing(&self, hash: SupportedHashes, data_len: usize) -> GasCharge {
        let gas = apply(self.hashing_cost.get(hash), count(data_len));
        GasCharge::new("OnHashing", gas, Gas::ZERO)
    }

    /// Hashing `data_len` bytes with the hash of multihash code `code`, or
    /// `None` for a code the syscall does not support (which the reference
    /// rejects before charging anything).
    pub fn on_hashing_code(&self, code: u64, data_len: usize) -> Option<GasCharge> {
        hash_by_code(code).map(|hash| self.on_hashing(hash, data_len))
    }

    /// Computing an unsealed sector CID (flat).
    pub fn on_compute_unsealed_sector_cid(
        &self,
        _proof: RegisteredSealProof,
        _pieces: &[PieceInfo],
    ) -> GasCharge {
        GasCharge::new(
            "OnComputeUnsealedSectorCid",
            self.compute_unsealed_sector_cid_base,
            Gas::ZERO,
        )
    }

    /// Verifying one seal (flat; charged per seal by `batch_verify_seals`).
    pub fn on_verify_seal(&self, _info: &SealVerifyInfo) -> GasCharge {
        GasCharge::new("OnVerifySeal", self.verify_seal_base, Gas::ZERO)
    }

    /// Verifying an aggregate of seals: a price per seal plus a step function
    /// of their number, by seal proof (other proofs are priced as 32 GiB
    /// V1.1).
    pub fn on_verify_aggregate_seals(
        &self,
        aggregate: &AggregateSealVerifyProofAndInfos,
    ) -> GasCharge {
        let proof = i64::from(aggregate.seal_proof);
        let per_seal =
            lookup(self.verify_aggregate_seal_per, proof, SEAL_32GIB_V1P1).unwrap_or(Gas::ZERO);
        let steps = lookup(self.verify_aggregate_seal_steps, proof, SEAL_32GIB_V1P1).unwrap_or(&[]);
        let n = count(aggregate.infos.len());
        GasCharge::new(
            "OnVerifyAggregateSeals",
            per_seal * n + step_cost(steps, n),
            Gas::ZERO,
        )
    }

    /// Verifying a replica update (flat).
    pub fn on_verify_replica_update(&self, _replica: &ReplicaUpdateInfo) -> GasCharge {
        GasCharge::new(
            "OnVerifyReplicaUpdate",
            self.verify_replica_update,
            Gas::ZERO,
        )
    }

    /// Verifying a window PoSt: flat plus per challenged sector, by the first
    /// proof's type (none or unknown: 512 MiB V1; all rows are equal).
    pub fn on_verify_post(&self, info: &WindowPoStVerifyInfo) -> GasCharge {
        let proof = info
            .proofs
            .first()
            .map_or(WINDOW_POST_512MIB_V1, |p| i64::from(p.post_proof));
        let cost =
            lookup(self.verify_post_lookup, proof, WINDOW_POST_512MIB_V1).unwrap_or(ZERO_COST);
        let gas = apply(cost, count(info.challenged_sectors.len()));
        GasCharge::new("OnVerifyPost", gas, Gas::ZERO)
    }

    /// Verifying a consensus fault (flat, whatever the header sizes).
    pub fn on_verify_consensus_fault(&self) -> GasCharge {
        GasCharge::new(
            "OnVerifyConsensusFault",
            Gas::ZERO,
            self.verify_consensus_fault,
        )
    }

    /// Drawing randomness with `entropy_len` bytes of entropy: the seed plus
    /// BLAKE2b-256 over the prefix and the entropy.
    pub fn on_get_randomness(&self, entropy_len: usize) -> GasCharge {
        let hashed = (entropy_len as u64).saturating_add(RANDOMNESS_PREFIX_LEN);
        let hashing = apply(self.hashing_cost.blake2b_256, count_u64(hashed));
        GasCharge::new(
            "OnGetRandomness",
            Gas::ZERO,
            self.get_randomness_seed + hashing,
        )
    }

    /// Opening a block, before its size is known.
    pub fn on_block_open_base(&self) -> GasCharge {
        GasCharge::new("OnBlockOpenBase", Gas::ZERO, self.block_open.flat)
    }

    /// Opening a block of `data_size` bytes: allocation and copy, topped up
    /// to the memory-retention minimum (10 gas per byte in all).
    pub fn on_block_open_per_byte(&self, data_size: usize) -> GasCharge {
        let size = count(data_size);
        let compute = apply(self.block_allocate, size) + apply(self.block_memcpy, size);
        let open = self.block_open.scale * size;
        let retention = apply(self.block_memory_retention_minimum, size);
        let surcharge = non_negative(retention - (compute + open));
        GasCharge::new("OnBlockOpenPerByte", compute, open + surcharge)
    }

    /// Reading `data_size` bytes of an open block into actor memory.
    pub fn on_block_read(&self, data_size: usize) -> GasCharge {
        GasCharge::new(
            "OnBlockRead",
            apply(self.block_memcpy, count(data_size)),
            Gas::ZERO,
        )
    }

    /// Creating a block of `data_size` bytes: copy and allocation, topped up
    /// to the memory-retention minimum (10 gas per byte in all).
    pub fn on_block_create(&self, data_size: usize) -> GasCharge {
        let size = count(data_size);
        let compute = apply(self.block_memcpy, size) + apply(self.block_allocate, size);
        let retention = apply(self.block_memory_retention_minimum, size);
        let surcharge = non_negative(retention - compute);
        GasCharge::new("OnBlockCreate", compute, surcharge)
    }

    /// Linking a block of `data_size` bytes under a BLAKE2b-256 CID (the
    /// only hash `block_link` accepts).
    pub fn on_block_link(&self, data_size: usize) -> GasCharge {
        self.on_block_link_hashed(SupportedHashes::Blake2b256, data_size)
    }

    /// Linking a block of `data_size` bytes hashed with `hash`: copy,
    /// allocation and hashing now; flushing and storage deferred.
    pub fn on_block_link_hashed(&self, hash: SupportedHashes, data_size: usize) -> GasCharge {
        let size = count(data_size);
        let initial = apply(self.block_memcpy, size)
            + apply(self.block_allocate, size)
            + apply(self.hashing_cost.get(hash), size);
        let storage = apply(self.block_persist_storage, size);
        GasCharge::new("OnBlockLink", initial, self.block_persist_compute + storage)
    }

    /// Statting a block (free).
    pub fn on_block_stat(&self) -> GasCharge {
        GasCharge::new("OnBlockStat", Gas::ZERO, Gas::ZERO)
    }

    /// Looking up a tipset CID; `lookback` when it is older than the parent
    /// (an offset above 1 from the current epoch).
    pub fn on_tipset_cid(&self, lookback: bool) -> GasCharge {
        let gas = if lookback {
            self.tipset_cid_historical
        } else {
            self.tipset_cid_latest
        };
        GasCharge::new("OnTipsetCid", Gas::ZERO, gas)
    }

    /// Validating an event of `data_size` encoded bytes, before decoding it.
    pub fn on_actor_event_validate(&self, data_size: usize) -> GasCharge {
        let size = count(data_size);
        let gas = apply(self.block_memcpy, size)
            + apply(self.block_allocate, size)
            + apply(self.event_validation_cost, size);
        GasCharge::new("OnActorEventValidate", gas, Gas::ZERO)
    }

    /// Accepting a valid event of `serialized_len` encoded bytes: three
    /// copies, two allocations and one BLAKE2b-256 pass over the estimated
    /// stamped event, plus the indexing (priced at zero).
    pub fn on_actor_event_accept(
        &self,
        indexing: EventIndexing,
        serialized_len: usize,
    ) -> GasCharge {
        let stamped = count_u64((serialized_len as u64).saturating_add(STAMPED_EVENT_EXTRA_LEN));
        let memcpy = apply(self.block_memcpy, stamped);
        let alloc = apply(self.block_allocate, stamped);
        let hash = apply(self.hashing_cost.blake2b_256, stamped);
        let index = self.event_accept_per_index_element.flat * count_u64(indexing.elements)
            + self.event_accept_per_index_element.scale * count_u64(indexing.bytes);
        GasCharge::new(
            "OnActorEventAccept",
            memcpy + alloc,
            index + memcpy * 2i64 + alloc + hash,
        )
    }

    /// Instantiating a module whose memory starts at `min_memory_bytes`
    /// (0.4 gas per byte; charged on every invocation).
    pub fn init_memory_gas(&self, min_memory_bytes: usize) -> Gas {
        self.wasm_rules.memory_fill_base_cost
            + self.wasm_rules.memory_fill_per_byte_cost * count(min_memory_bytes)
    }

    /// [`HyggePriceList::init_memory_gas`] for a memory of `pages` wasm pages.
    pub fn init_memory_gas_pages(&self, pages: u32) -> Gas {
        self.init_memory_gas(
            usize::try_from(u64::from(pages) * WASM_PAGE_SIZE).unwrap_or(usize::MAX),
        )
    }

    /// Growing memory by `grow_memory_bytes` (0.4 gas per byte).
    pub fn grow_memory_gas(&self, grow_memory_bytes: usize) -> Gas {
        self.wasm_rules.memory_fill_base_cost
            + self.wasm_rules.memory_fill_per_byte_cost * count(grow_memory_bytes)
    }

    /// Instantiating a table of `min_table_elements` (8 bytes each). The
    /// reference charges it only for a module exporting a table named
    /// `"table"`.
    pub fn init_table_gas(&self, min_table_elements: u64) -> Gas {
        let bytes = min_table_elements.saturating_mul(TABLE_ELEMENT_SIZE);
        self.wasm_rules.memory_fill_base_cost
            + self.wasm_rules.memory_fill_per_byte_cost * count_u64(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::prices::{AGGREGATE_STEPS_32GIB, AGGREGATE_STEPS_64GIB};
    use super::*;

    #[test]
    fn tables_hold_their_fallback_rows() {
        let list = hygge_price_list();
        assert!(lookup(list.verify_aggregate_seal_per, -1, SEAL_32GIB_V1P1).is_some());
        assert!(lookup(list.verify_aggregate_seal_steps, -1, SEAL_32GIB_V1P1).is_some());
        assert!(lookup(list.verify_post_lookup, -1, WINDOW_POST_512MIB_V1).is_some());
        for steps in [AGGREGATE_STEPS_32GIB, AGGREGATE_STEPS_64GIB] {
            assert!(steps.windows(2).all(|w| w[0].start < w[1].start));
        }
    }

    #[test]
    fn hash_codes_round_trip() {
        for code in [0x12, 0xb220, 0xb240, 0x1b, 0x1053] {
            assert_eq!(hash_by_code(code).map(|h| h as u64), Some(code));
        }
        assert_eq!(hash_by_code(0x13), None);
    }
}
