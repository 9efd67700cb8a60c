//! [`CryptoOps`] for the default kernel. Structured arguments are decoded here, before any gas
//! is charged, so a decoding failure is an `IllegalArgument` at no cost (as in the reference,
//! where the syscall layer decodes them).
//!
//! Decoding, signature checks, CommD computation and proof verification run behind
//! [`guarded`]: a panic inside them (third-party crypto, a pluggable [`ProofVerifier`]) becomes
//! an `IllegalArgument` syscall error for the actor instead of ending the message, as in the
//! reference. In a batch, a panicking proof counts as invalid.
//!
//! [`ProofVerifier`]: crate::crypto::ProofVerifier

use fvmi_ipld::Blockstore;
use fvmi_syscalls::{ConsensusFaultReport, CryptoOps, ExecutionError, Result};
use fvmi_types::sector::{
    AggregateSealVerifyProofAndInfos, RegisteredSealProof, ReplicaUpdateInfo, SealVerifyInfo,
    WindowPoStVerifyInfo,
};
use fvmi_types::{Address, ErrorNumber, NetworkVersion, PieceInfo, Protocol, SignatureType};
use serde::de::DeserializeOwned;
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::DefaultKernel;
use crate::crypto::{self, ProofVerifier};
use crate::gas::{Gas, GasCharge};

fn illegal(message: impl std::fmt::Display) -> ExecutionError {
    ExecutionError::syscall(ErrorNumber::IllegalArgument, message.to_string())
}

/// Runs `f`, turning a panic inside it into an `IllegalArgument` error that names `what`.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(illegal(format!("caught panic when {what}"))))
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    guarded("decoding parameters", || {
        fvmi_ipld::cbor::from_slice(bytes).map_err(illegal)
    })
}

/// Checks each seal of a batch on its own; an error or a panic makes that entry invalid.
fn verify_each(proofs: &dyn ProofVerifier, batch: &[SealVerifyInfo]) -> Vec<bool> {
    batch
        .iter()
        .map(|info| {
            catch_unwind(AssertUnwindSafe(|| proofs.verify_seal(info)))
                .is_ok_and(|result| result.unwrap_or(false))
        })
        .collect()
}

impl<B: Blockstore> CryptoOps for DefaultKernel<'_, '_, B> {
    fn verify_signature(
        &mut self,
        sig_type: u32,
        signature: &[u8],
        signer: &Address,
        plaintext: &[u8],
    ) -> Result<bool> {
        let sig_type = u8::try_from(sig_type)
            .ok()
            .and_then(SignatureType::from_byte)
            .ok_or_else(|| illegal(format!("unknown signature type {sig_type}")))?;
        let charge = self.priced(
            |p| p.on_verify_signature(sig_type),
            |p| p.on_verify_signature(sig_type, plaintext.len()),
        )?;
        self.charge(charge)?;
        let key = if self.v3() {
            // From nv18 the signer must be a key address; accounts are not resolved.
            if !matches!(signer.protocol(), Protocol::BLS | Protocol::Secp256k1) {
                return Err(illegal("signer must be a key address"));
            }
            *signer
        } else {
            self.resolve_to_key_address(signer, true)?
        };
        guarded("verifying signature", || {
            Ok(crypto::check_signature(sig_type, signature, &key, plaintext).is_ok())
        })
    }

    fn recover_secp_public_key(
        &mut self,
        hash: &[u8; 32],
        signature: &[u8; 65],
    ) -> Result<[u8; 65]> {
        let charge = self.priced(
            |p| p.on_recover_secp_public_key(),
            |p| p.on_recover_secp_public_key(),
        )?;
        self.charge(charge)?;
        crypto::recover_secp_public_key(hash, signature)
            .map_err(|e| illegal(format!("public key recovery failed: {e}")))
    }

    fn hash(&mut self, code: u64, data: &[u8]) -> Result<Vec<u8>> {
        let charge = if self.v3() {
            // From nv18 an unsupported hash is refused before anything is charged.
            self.hygge()?
                .on_hashing_code(code, data.len())
                .ok_or_else(|| illegal(format!("unsupported hash code {code}")))?
        } else {
            self.call_manager.price_list().on_hashing(data.len())
        };
        self.charge(charge)?;
        let digest = crypto::hash(code, data)
            .map_err(|_| illegal(format!("unsupported hash code {code}")))?;
        Ok(digest.digest().to_vec())
    }

    fn compute_unsealed_sector_cid(&mut self, proof_type: i64, pieces: &[u8]) -> Result<cid::Cid> {
        let proof = RegisteredSealProof::from(proof_type);
        if let RegisteredSealProof::Invalid(n) = proof {
            return Err(illegal(format!("invalid proof type {n}")));
        }
        let pieces: Vec<PieceInfo> = decode(pieces)?;
        let charge = self.priced(
            |p| p.on_compute_unsealed_sector_cid(proof, &pieces),
            |p| p.on_compute_unsealed_sector_cid(proof, &pieces),
        )?;
        self.charge(charge)?;
        guarded("computing unsealed sector CID", || {
            crypto::compute_unsealed_sector_cid(proof, &pieces).map_err(illegal)
        })
    }

    fn verify_seal(&mut self, info: &[u8]) -> Result<bool> {
        let info: SealVerifyInfo = decode(info)?;
        let charge = self.priced(|p| p.on_verify_seal(&info), |p| p.on_verify_seal(&info))?;
        self.charge(charge)?;
        let proofs = self.call_manager.machine().proofs();
        guarded("verifying seal", || {
            proofs.verify_seal(&info).map_err(illegal)
        })
    }

    fn verify_post(&mut self, info: &[u8]) -> Result<bool> {
        let info: WindowPoStVerifyInfo = decode(info)?;
        let charge = self.priced(|p| p.on_verify_post(&info), |p| p.on_verify_post(&info))?;
        self.charge(charge)?;
        let proofs = self.call_manager.machine().proofs();
        guarded("verifying post", || {
            proofs.verify_post(&info).map_err(illegal)
        })
    }

    fn verify_consensus_fault(
        &mut self,
        h1: &[u8],
        h2: &[u8],
        extra: &[u8],
    ) -> Result<Option<ConsensusFaultReport>> {
        let charge = self.priced(
            |p| p.on_verify_consensus_fault(),
            |p| p.on_verify_consensus_fault(),
        )?;
        self.charge(charge)?;
        let (fault, gas) = self
            .call_manager
            .machine()
            .externs()
            .verify_consensus_fault(h1, h2, extra)
            .map_err(illegal)?;
        if self.call_manager.machine().context().network_version <= NetworkVersion::V15 {
            self.charge(GasCharge::new(
                "verify_consensus_fault_accesses",
                Gas::new(gas),
                Gas::ZERO,
            ))?;
        }
        fault
            .map(|fault| {
                let target = fault.target.id().map_err(|_| {
                    ExecutionError::fatal("extern returned a non-ID consensus fault target")
                })?;
                Ok(ConsensusFaultReport {
                    fault_type: fault.fault_type as u32,
                    epoch: fault.epoch,
                    target,
                })
            })
            .transpose()
    }

    fn verify_aggregate_seals(&mut self, aggregate: &[u8]) -> Result<bool> {
        let aggregate: AggregateSealVerifyProofAndInfos = decode(aggregate)?;
        let charge = self.priced(
            |p| p.on_verify_aggregate_seals(&aggregate),
            |p| p.on_verify_aggregate_seals(&aggregate),
        )?;
        self.charge(charge)?;
        let proofs = self.call_manager.machine().proofs();
        guarded("verifying aggregate seals", || {
            proofs.verify_aggregate_seals(&aggregate).map_err(illegal)
        })
    }

    fn verify_replica_update(&mut self, replica: &[u8]) -> Result<bool> {
        let replica: ReplicaUpdateInfo = decode(replica)?;
        let charge = self.priced(
            |p| p.on_verify_replica_update(&replica),
            |p| p.on_verify_replica_update(&replica),
        )?;
        self.charge(charge)?;
        let proofs = self.call_manager.machine().proofs();
        guarded("verifying replica update", || {
            proofs.verify_replica_update(&replica).map_err(illegal)
        })
    }

    fn batch_verify_seals(&mut self, batch: &[u8]) -> Result<Vec<bool>> {
        let batch: Vec<SealVerifyInfo> = decode(batch)?;
        if self.v3() {
            // From nv18 every seal of a batch is paid for before any is checked.
            for info in &batch {
                let charge = self.hygge()?.on_verify_seal(info);
                self.charge(charge)?;
            }
        }
        let proofs = self.call_manager.machine().proofs();
        // A verifier whose batch check panics is asked again one seal at a time, so only the
        // panicking entries are lost (they count as invalid).
        Ok(
            catch_unwind(AssertUnwindSafe(|| proofs.batch_verify_seals(&batch)))
                .unwrap_or_else(|_| verify_each(proofs, &batch)),
        )
    }
}
