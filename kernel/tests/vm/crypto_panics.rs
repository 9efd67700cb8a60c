//! A panic inside proof verification becomes an `IllegalArgument` syscall error the actor can
//! handle (the message still gets a normal receipt); in a batch a panicking seal counts as
//! invalid; and a bad batch result buffer is refused before any proof is verified.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use fvmi_kernel::crypto::{ProofError, ProofVerifier};
use fvmi_types::sector::{
    AggregateSealVerifyProofAndInfos, RegisteredSealProof, ReplicaUpdateInfo, SealVerifyInfo,
    SectorID, WindowPoStVerifyInfo,
};
use fvmi_types::{Address, ExitCode, Randomness, RawBytes, TokenAmount};

use crate::harness::{builder, TestActor, TestVm};
use crate::wat_actor::{actor, call_and_return};

/// The sector number whose seal makes [`PanickyProofs`] panic.
const PANIC_SECTOR: u64 = 13;

/// Accepts seals, except that it panics on sector [`PANIC_SECTOR`]; panics on every PoSt. Counts
/// the seals it is asked about.
struct PanickyProofs {
    seals_checked: Arc<AtomicUsize>,
}

impl ProofVerifier for PanickyProofs {
    fn verify_seal(&self, info: &SealVerifyInfo) -> Result<bool, ProofError> {
        self.seals_checked.fetch_add(1, Ordering::SeqCst);
        if info.sector_id.number == PANIC_SECTOR {
            panic!("test verifier panics on sector {PANIC_SECTOR}");
        }
        Ok(true)
    }

    fn verify_post(&self, _info: &WindowPoStVerifyInfo) -> Result<bool, ProofError> {
        panic!("test verifier panics on every PoSt");
    }

    fn verify_aggregate_seals(
        &self,
        _aggregate: &AggregateSealVerifyProofAndInfos,
    ) -> Result<bool, ProofError> {
        Ok(true)
    }

    fn verify_replica_update(&self, _replica: &ReplicaUpdateInfo) -> Result<bool, ProofError> {
        Ok(true)
    }
}

fn seal(number: u64) -> SealVerifyInfo {
    let cid = fvmi_ipld::cbor::cid_of(0x55, b"sector");
    SealVerifyInfo {
        registered_proof: RegisteredSealProof::StackedDRG2KiBV1P1,
        sector_id: SectorID {
            miner: 1000,
            number,
        },
        deal_ids: vec![],
        randomness: Randomness(vec![1; 32]),
        interactive_randomness: Randomness(vec![2; 32]),
        proof: vec![3; 8],
        sealed_cid: cid,
        unsealed_cid: cid,
    }
}

/// Runs `call` (a syscall expression) in a probe actor on a machine with [`PanickyProofs`];
/// `data` is at offset 4096. Returns the receipt's return bytes (the error number at 0, then
/// memory from 4 on) and how many seals the verifier was asked about.
fn run_probe(call: &str, data: &[u8]) -> (Vec<u8>, usize) {
    let probe = TestActor {
        id: 1000,
        name: "probe",
        wat: actor(&call_and_return(call, 32), data),
    };
    let seals_checked = Arc::new(AtomicUsize::new(0));
    let proofs = PanickyProofs {
        seals_checked: seals_checked.clone(),
    };
    let mut vm = TestVm::from_builder(builder(&[probe]).proofs(proofs));
    let ret = vm
        .chain
        .send(
            Address::new_id(1000),
            2,
            RawBytes::default(),
            TokenAmount::zero(),
        )
        .expect("a panicking verifier must not end the message");
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK, "probe aborted");
    (
        ret.msg_receipt.return_data.bytes().to_vec(),
        seals_checked.load(Ordering::SeqCst),
    )
}

fn errno(bytes: &[u8]) -> u32 {
    u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"))
}

const ILLEGAL_ARGUMENT: u32 = 1;

#[test]
fn a_panicking_seal_check_is_an_illegal_argument() {
    let info = fvmi_ipld::cbor::to_vec(&seal(PANIC_SECTOR)).expect("encode");
    let call = format!(
        "(call $verify_seal (i32.const 8) (i32.const 4096) (i32.const {}))",
        info.len()
    );
    let (out, checked) = run_probe(&call, &info);
    assert_eq!((errno(&out), checked), (ILLEGAL_ARGUMENT, 1));

    // The same seal on another sector verifies normally.
    let info = fvmi_ipld::cbor::to_vec(&seal(7)).expect("encode");
    let (out, checked) = run_probe(&call, &info);
    assert_eq!((errno(&out), &out[8..12], checked), (0, &[0u8; 4][..], 1));
}

#[test]
fn a_panicking_post_check_is_an_illegal_argument() {
    let info = WindowPoStVerifyInfo {
        randomness: Randomness(vec![4; 32]),
        proofs: vec![],
        challenged_sectors: vec![],
        prover: 1000,
    };
    let info = fvmi_ipld::cbor::to_vec(&info).expect("encode");
    let call = format!(
        "(call $verify_post (i32.const 8) (i32.const 4096) (i32.const {}))",
        info.len()
    );
    assert_eq!(errno(&run_probe(&call, &info).0), ILLEGAL_ARGUMENT);
}

#[test]
fn a_panicking_seal_in_a_batch_is_invalid() {
    let batch = vec![seal(1), seal(PANIC_SECTOR), seal(2)];
    let batch = fvmi_ipld::cbor::to_vec(&batch).expect("encode");
    let call = format!(
        "(call $batch_verify_seals (i32.const 4096) (i32.const {}) (i32.const 16))",
        batch.len()
    );
    let (out, checked) = run_probe(&call, &batch);
    assert_eq!(errno(&out), 0);
    assert_eq!(&out[16..19], &[1, 0, 1]);
    assert!(checked >= 3, "every seal was checked: {checked}");
}

#[test]
fn a_bad_batch_result_buffer_is_refused_before_verifying() {
    let batch = vec![seal(1), seal(2)];
    let batch = fvmi_ipld::cbor::to_vec(&batch).expect("encode");
    // Memory is two 64 KiB pages: one result byte fits at the very end, two do not.
    let call = format!(
        "(call $batch_verify_seals (i32.const 4096) (i32.const {}) (i32.const 131071))",
        batch.len()
    );
    let (out, checked) = run_probe(&call, &batch);
    assert_eq!((errno(&out), checked), (ILLEGAL_ARGUMENT, 0));
}
