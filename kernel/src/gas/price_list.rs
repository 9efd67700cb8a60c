//! [`PriceList`]: the prices of one network version, and the rules that turn
//! an operation into a [`GasCharge`]. The numbers themselves live in
//! `prices.rs`.

use fvmi_types::sector::{
    AggregateSealVerifyProofAndInfos, RegisteredPoStProof, RegisteredSealProof, ReplicaUpdateInfo,
    SealVerifyInfo, WindowPoStVerifyInfo,
};

use fvmi_types::{MethodNum, PieceInfo, SignatureType, TokenAmount, METHOD_SEND};

use super::{Gas, GasCharge};

/// A cost of `flat` plus `scale` per item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScalingCost {
    /// Paid once.
    pub flat: Gas,
    /// Paid per item.
    pub scale: Gas,
}

/// One step of a step function: `cost` applies from `start` items on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The smallest count this step covers.
    pub start: i64,
    /// The cost for counts from `start` up to the next step.
    pub cost: Gas,
}

/// The cost of a step function at `count`: the cost of the last step (in
/// ascending `start` order) whose start is at most `count`, or zero below the
/// first step.
pub fn step_cost(steps: &[Step], count: i64) -> Gas {
    steps
        .iter()
        .take_while(|step| step.start <= count)
        .last()
        .map_or(Gas::ZERO, |step| step.cost)
}

/// Finds `key` in a small table of pairs, else `fallback`'s entry.
fn lookup<K: PartialEq + Copy, V: Copy>(table: &[(K, V)], key: K, fallback: K) -> Option<V> {
    let find = |wanted: K| table.iter().find(|(k, _)| *k == wanted).map(|(_, v)| *v);
    find(key).or_else(|| find(fallback))
}

/// Execution prices for instrumented wasm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WasmGasPrices {
    /// The price of one priced wasm instruction. Zero means wasm execution is
    /// free (no instruction is priced).
    pub exec_instruction_cost: Gas,
}

impl WasmGasPrices {
    /// The milligas price of one instruction. `structural` marks the
    /// instructions FIP-0032 prices at zero: `nop`, `drop`, `block`, `loop`,
    /// `unreachable`, `return`, `else` and `end`.
    pub fn instruction_milligas(&self, structural: bool) -> u64 {
        if structural {
            return 0;
        }
        u64::try_from(self.exec_instruction_cost.as_milligas()).unwrap_or(0)
    }
}

/// The gas prices of one network version. All amounts are [`Gas`] (milligas
/// precision); storage amounts are multiplied by `storage_gas_multiplier`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceList {
    pub(super) storage_gas_multiplier: i64,

    pub(super) on_chain_message_compute_base: Gas,
    pub(super) on_chain_message_storage_base: Gas,
    pub(super) on_chain_message_storage_per_byte: Gas,
    pub(super) on_chain_return_value_per_byte: Gas,

    pub(super) send_base: Gas,
    pub(super) send_transfer_funds: Gas,
    pub(super) send_transfer_only_premium: Gas,
    pub(super) send_invoke_method: Gas,

    pub(super) create_actor_compute: Gas,
    pub(super) create_actor_storage: Gas,
    pub(super) delete_actor: Gas,

    pub(super) bls_sig_cost: Gas,
    pub(super) secp256k1_sig_cost: Gas,
    pub(super) secp256k1_recover_cost: Gas,
    pub(super) hashing_base: Gas,

    pub(super) compute_unsealed_sector_cid_base: Gas,
    pub(super) verify_seal_base: Gas,
    pub(super) verify_aggregate_seal_per: &'static [(RegisteredSealProof, Gas)],
    pub(super) verify_aggregate_seal_steps: &'static [(RegisteredSealProof, &'static [Step])],
    pub(super) verify_post_lookup: &'static [(RegisteredPoStProof, ScalingCost)],
    pub(super) verify_consensus_fault: Gas,
    pub(super) verify_replica_update: Gas,

    pub(super) get_randomness_base: Gas,
    pub(super) get_randomness_per_byte: Gas,

    pub(super) block_memcpy_per_byte_cost: Gas,
    pub(super) block_open_base: Gas,
    pub(super) block_open_memret_per_byte_cost: Gas,
    pub(super) block_link_base: Gas,
    pub(super) block_link_storage_per_byte_cost: Gas,
    pub(super) block_create_base: Gas,
    pub(super) block_create_memret_per_byte_cost: Gas,
    pub(super) block_read_base: Gas,
    pub(super) block_stat_base: Gas,

    pub(super) syscall_cost: Gas,
    pub(super) extern_cost: Gas,

    pub(super) wasm_rules: WasmGasPrices,
}

/// A byte count as an `i64` multiplier (saturating; sizes never get near it).
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl PriceList {
    /// The wasm execution prices.
    pub fn wasm_rules(&self) -> &WasmGasPrices {
        &self.wasm_rules
    }

    fn storage(&self, gas: Gas) -> Gas {
        gas * self.storage_gas_multiplier
    }

    /// Including a message of `msg_size` bytes in the chain.
    pub fn on_chain_message(&self, msg_size: usize) -> GasCharge {
        let bytes = self.on_chain_message_storage_per_byte * count(msg_size);
        GasCharge::new(
            "OnChainMessage",
            self.on_chain_message_compute_base,
            self.storage(self.on_chain_message_storage_base + bytes),
        )
    }

    /// Keeping a `data_size`-byte return value in the chain.
    pub fn on_chain_return_value(&self, data_size: usize) -> GasCharge {
        let bytes = self.on_chain_return_value_per_byte * count(data_size);
        GasCharge::new("OnChainReturnValue", Gas::ZERO, self.storage(bytes))
    }

    /// Invoking `method_num` with `value` attached (any send, top-level or not).
    pub fn on_method_invocation(&self, value: &TokenAmount, method_num: MethodNum) -> GasCharge {
        let mut gas = self.send_base;
        if !value.is_zero() {
            gas += self.send_transfer_funds;
            if method_num == METHOD_SEND {
                gas += self.send_transfer_only_premium;
            }
        }
        if method_num != METHOD_SEND {
            gas += self.send_invoke_method;
        }
        GasCharge::new("OnMethodInvocation", gas, Gas::ZERO)
    }

    /// The flat overhead of any syscall.
    pub fn on_syscall(&self) -> GasCharge {
        GasCharge::new("OnSyscall", self.syscall_cost, Gas::ZERO)
    }

    /// Creating an actor.
    pub fn on_create_actor(&self) -> GasCharge {
        GasCharge::new(
            "OnCreateActor",
            self.create_actor_compute,
            self.storage(self.create_actor_storage),
        )
    }

    /// Deleting an actor (a storage refund).
    pub fn on_delete_actor(&self) -> GasCharge {
        GasCharge::new("OnDeleteActor", Gas::ZERO, self.storage(self.delete_actor))
    }

    /// Verifying one signature of `sig_type`.
    pub fn on_verify_signature(&self, sig_type: SignatureType) -> GasCharge {
        let gas = match sig_type {
            SignatureType::BLS => self.bls_sig_cost,
            SignatureType::Secp256k1 => self.secp256k1_sig_cost,
        };
        GasCharge::new("OnVerifySignature", gas, Gas::ZERO)
    }

    /// Recovering a secp256k1 public key from a signature.
    pub fn on_recover_secp_public_key(&self) -> GasCharge {
        GasCharge::new(
            "OnRecoverSecpPublicKey",
            self.secp256k1_recover_cost,
            Gas::ZERO,
        )
    }

    /// Hashing `data_len` bytes (the price does not depend on the length).
    pub fn on_hashing(&self, _data_len: usize) -> GasCharge {
        GasCharge::new("OnHashing", self.hashing_base, Gas::ZERO)
    }

    /// Computing an unsealed sector CID (flat price).
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

    /// Verifying one seal proof (flat price).
    pub fn on_verify_seal(&self, _info: &SealVerifyInfo) -> GasCharge {
        GasCharge::new("OnVerifySeal", self.verify_seal_base, Gas::ZERO)
    }

    /// Verifying an aggregate of seal proofs: a price per proof plus a step
    /// function of the count, both by seal proof type (unknown types are
    /// priced as 32 GiB V1.1).
    pub fn on_verify_aggregate_seals(
        &self,
        aggregate: &AggregateSealVerifyProofAndInfos,
    ) -> GasCharge {
        let proof = aggregate.seal_proof;
        let fallback = RegisteredSealProof::StackedDRG32GiBV1P1;
        let per_proof =
            lookup(self.verify_aggregate_seal_per, proof, fallback).unwrap_or(Gas::ZERO);
        let steps = lookup(self.verify_aggregate_seal_steps, proof, fallback).unwrap_or(&[]);
        let n = count(aggregate.infos.len());
        GasCharge::new(
            "OnVerifyAggregateSeals",
            per_proof * n + step_cost(steps, n),
            Gas::ZERO,
        )
    }

    /// Verifying a replica update proof (flat price).
    pub fn on_verify_replica_update(&self, _replica: &ReplicaUpdateInfo) -> GasCharge {
        GasCharge::new(
            "OnVerifyReplicaUpdate",
            self.verify_replica_update,
            Gas::ZERO,
        )
    }

    /// Verifying a window PoSt: flat plus per challenged sector, by the first
    /// proof's type (none or unknown: the 512 MiB window price).
    pub fn on_verify_post(&self, info: &WindowPoStVerifyInfo) -> GasCharge {
        let fallback = RegisteredPoStProof::StackedDRGWindow512MiBV1;
        let proof = info.proofs.first().map_or(fallback, |p| p.post_proof);
        let cost = lookup(self.verify_post_lookup, proof, fallback).unwrap_or(ScalingCost {
            flat: Gas::ZERO,
            scale: Gas::ZERO,
        });
        let gas = cost.flat + cost.scale * count(info.challenged_sectors.len());
        GasCharge::new("OnVerifyPost", gas, Gas::ZERO)
    }

    /// Verifying a consensus fault (an extern call).
    pub fn on_verify_consensus_fault(&self) -> GasCharge {
        GasCharge::new(
            "OnVerifyConsensusFault",
            self.extern_cost + self.verify_consensus_fault,
            Gas::ZERO,
        )
    }

    /// Fetching randomness with `entropy_len` bytes of entropy (an extern call).
    pub fn on_get_randomness(&self, entropy_len: usize) -> GasCharge {
        let per_byte = self.get_randomness_per_byte * count(entropy_len);
        GasCharge::new(
            "OnGetRandomness",
            self.extern_cost + self.get_randomness_base + per_byte,
            Gas::ZERO,
        )
    }

    /// Opening a block, before its size is known (an extern call).
    pub fn on_block_open_base(&self) -> GasCharge {
        GasCharge::new(
            "OnBlockOpenBase",
            self.extern_cost + self.block_open_base,
            Gas::ZERO,
        )
    }

    /// Opening a block of `data_size` bytes: the per-byte part.
    pub fn on_block_open_per_byte(&self, data_size: usize) -> GasCharge {
        let size = count(data_size);
        GasCharge::new(
            "OnBlockOpenPerByte",
            self.block_open_memret_per_byte_cost * size + self.block_memcpy_per_byte_cost * size,
            Gas::ZERO,
        )
    }

    /// Reading `data_size` bytes of an open block into actor memory.
    pub fn on_block_read(&self, data_size: usize) -> GasCharge {
        GasCharge::new(
            "OnBlockRead",
            self.block_read_base + self.block_memcpy_per_byte_cost * count(data_size),
            Gas::ZERO,
        )
    }

    /// Creating a block of `data_size` bytes.
    pub fn on_block_create(&self, data_size: usize) -> GasCharge {
        let size = count(data_size);
        let memory =
            self.block_create_memret_per_byte_cost * size + self.block_memcpy_per_byte_cost * size;
        GasCharge::new("OnBlockCreate", self.block_create_base + memory, Gas::ZERO)
    }

    /// Linking (storing) a block of `data_size` bytes; the copy is paid twice
    /// (into the buffered store, then out to the node's store).
    pub fn on_block_link(&self, data_size: usize) -> GasCharge {
        let size = count(data_size);
        let memcpy = self.block_memcpy_per_byte_cost * size;
        GasCharge::new(
            "OnBlockLink",
            self.block_link_base + memcpy * 2i64,
            self.block_link_storage_per_byte_cost * self.storage_gas_multiplier * size,
        )
    }

    /// Statting a block.
    pub fn on_block_stat(&self) -> GasCharge {
        GasCharge::new("OnBlockStat", self.block_stat_base, Gas::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_cost_picks_the_last_step_reached() {
        let steps = [
            Step {
                start: 4,
                cost: Gas::new(10),
            },
            Step {
                start: 7,
                cost: Gas::new(20),
            },
        ];
        assert_eq!(step_cost(&steps, 0), Gas::ZERO);
        assert_eq!(step_cost(&steps, 3), Gas::ZERO);
        assert_eq!(step_cost(&steps, 4), Gas::new(10));
        assert_eq!(step_cost(&steps, 6), Gas::new(10));
        assert_eq!(step_cost(&steps, 7), Gas::new(20));
        assert_eq!(step_cost(&steps, 1000), Gas::new(20));
        assert_eq!(step_cost(&[], 5), Gas::ZERO);
    }

    #[test]
    fn lookup_falls_back() {
        let table = [(1u8, 10u8), (2, 20)];
        assert_eq!(lookup(&table, 2, 1), Some(20));
        assert_eq!(lookup(&table, 9, 1), Some(10));
        assert_eq!(lookup(&table, 9, 8), None);
    }

    #[test]
    fn structural_instructions_are_free() {
        let rules = WasmGasPrices {
            exec_instruction_cost: Gas::new(4),
        };
        assert_eq!(rules.instruction_milligas(false), 4000);
        assert_eq!(rules.instruction_milligas(true), 0);
    }
}
