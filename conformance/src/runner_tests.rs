//! Runner tests against a scripted backend and synthetic vectors (real CAR, real state trees).

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use base64::Engine as _;
use cid::Cid;
use fvmi_ipld::MemoryBlockstore;
use fvmi_state::{ActorState, StateTree, StateTreeVersion};
use fvmi_types::TokenAmount;

use crate::backend::{
    BackendError, Execution, MachineSetup, MessageInput, ObservedReceipt, VectorBackend,
};
use crate::outcome::{Mismatch, Verdict};
use crate::randomness::ReplayingRandomness;
use crate::runner::{run_vector, RunOptions, NO_BACKEND_REASON};
use crate::vector::MessageVector;

/// Answers every vector with a fixed receipt and post root (or a fatal error).
struct DummyBackend {
    receipt: ObservedReceipt,
    post_root: Result<Cid, &'static str>,
}

impl VectorBackend for DummyBackend {
    fn execute(
        &self,
        store: MemoryBlockstore,
        setup: &MachineSetup,
        _randomness: ReplayingRandomness,
        messages: &[MessageInput<'_>],
    ) -> Result<Execution, BackendError> {
        assert_eq!((setup.base_fee, setup.epoch), (100, 7));
        assert_eq!(messages.len(), 1);
        Ok(Execution {
            receipts: vec![self.receipt.clone()],
            post_root: self
                .post_root
                .map_err(|error| BackendError::Other(error.into()))?,
            store,
        })
    }
}

/// A state of five actors; f00 is the v7 system actor, so the runner picks fvmi's v7 bundle.
fn tree(store: &MemoryBlockstore, bump: u64) -> Cid {
    let mut tree = StateTree::new(store, StateTreeVersion::V4).unwrap();
    for id in 0..5u64 {
        let code = if id == 0 {
            fvmi_state::Manifest::v7_code(fvmi_types::ActorType::System)
        } else {
            fvmi_ipld::cid_of(fvmi_ipld::cbor::DAG_CBOR, b"code")
        };
        let balance = TokenAmount::from_atto(if id == 3 { bump } else { id });
        tree.set_actor(id, ActorState::new(code, code, balance, 0));
    }
    tree.flush().unwrap()
}

/// A vector whose CAR holds a pre-state and a post-state differing in actor f03's balance.
fn fixture(car_roots: &[usize], nv: u32) -> (String, Cid, Cid) {
    let store = MemoryBlockstore::new();
    let pre = tree(&store, 3);
    let post = tree(&store, 4);
    let roots: Vec<Cid> = car_roots.iter().map(|i| [pre, post][*i]).collect();
    let mut car = Vec::new();
    fvmi_ipld::write_car(&roots, store.blocks(), &mut car).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&car).unwrap();
    let car = base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap());
    let json = format!(
        r#"{{"class":"message","selector":{{}},"_meta":{{"id":"t","gen":[]}},"car":"{car}",
        "preconditions":{{"variants":[{{"id":"v","epoch":7,"nv":{nv}}}],
            "state_tree":{{"root_cid":{{"/":"{pre}"}}}}}},
        "apply_messages":[{{"bytes":"igBE"}}],
        "postconditions":{{"state_tree":{{"root_cid":{{"/":"{post}"}}}},
            "receipts":[{{"exit_code":0,"return":"AQ==","gas_used":100}}]}}}}"#
    );
    (json, pre, post)
}

fn good_receipt() -> ObservedReceipt {
    ObservedReceipt {
        exit_code: 0,
        return_data: vec![1],
        gas_used: 100,
        failure_info: None,
    }
}

fn run(json: &str, backend: Option<DummyBackend>) -> crate::outcome::VectorOutcome {
    let vector = MessageVector::from_json(json).unwrap();
    let backend = backend.map(|b| Arc::new(b) as Arc<dyn VectorBackend>);
    run_vector(
        Path::new("t.json"),
        "t".into(),
        &vector,
        &RunOptions::new(backend),
    )
}

#[test]
fn passes_when_everything_matches() {
    let (json, _, post) = fixture(&[0, 1], 15);
    let backend = DummyBackend {
        receipt: good_receipt(),
        post_root: Ok(post),
    };
    assert_eq!(run(&json, Some(backend)).verdict, Verdict::Passed);
}

#[test]
fn a_gas_difference_fails_with_the_field_named() {
    let (json, _, post) = fixture(&[0, 1], 15);
    let receipt = ObservedReceipt {
        gas_used: 101,
        ..good_receipt()
    };
    let outcome = run(
        &json,
        Some(DummyBackend {
            receipt,
            post_root: Ok(post),
        }),
    );
    let Verdict::Failed { reason } = &outcome.verdict else {
        panic!("expected a failure, got {:?}", outcome.verdict);
    };
    assert!(
        reason.contains("gas_used expected 100, got 101"),
        "{reason}"
    );
    assert_eq!(outcome.variants[0].mismatches.len(), 1);
}

#[test]
fn a_root_difference_names_the_differing_actor() {
    let (json, pre, _) = fixture(&[0, 1], 15);
    let outcome = run(
        &json,
        Some(DummyBackend {
            receipt: good_receipt(),
            post_root: Ok(pre),
        }),
    );
    let mismatches = &outcome.variants[0].mismatches;
    let [Mismatch::StateRoot { actors, .. }] = mismatches.as_slice() else {
        panic!("expected one root mismatch, got {mismatches:?}");
    };
    assert_eq!(actors.len(), 1);
    assert_eq!(actors[0].address, "f03");
    assert!(actors[0]
        .expected
        .ends_with("nonce 0 balance 0.000000000000000004"));
    assert!(actors[0]
        .got
        .ends_with("nonce 0 balance 0.000000000000000003"));
}

#[test]
fn executor_errors_missing_roots_skips_and_no_backend() {
    let (json, _, post) = fixture(&[0, 1], 15);
    let failing = DummyBackend {
        receipt: good_receipt(),
        post_root: Err("boom"),
    };
    let outcome = run(&json, Some(failing));
    assert!(matches!(&outcome.verdict, Verdict::Failed { reason } if reason.contains("boom")));

    // Generated vectors carry only the pre-state root; that is enough.
    let (json_no_post, _, _) = fixture(&[0], 15);
    let outcome = run(&json_no_post, None);
    assert_eq!(
        outcome.verdict,
        Verdict::Skipped {
            reason: NO_BACKEND_REASON.into()
        }
    );
    let (json_no_pre, _, _) = fixture(&[1], 15);
    let outcome = run(&json_no_pre, None);
    assert!(
        matches!(&outcome.verdict, Verdict::Failed { reason } if reason.contains("pre state root"))
    );

    let outcome = run(&json, None);
    assert_eq!(
        outcome.verdict,
        Verdict::Skipped {
            reason: NO_BACKEND_REASON.into()
        }
    );

    // nv14 ran no FVM: skipped with the reason.
    let (json_nv14, _, _) = fixture(&[0, 1], 14);
    let backend = DummyBackend {
        receipt: good_receipt(),
        post_root: Ok(post),
    };
    assert!(matches!(
        run(&json_nv14, Some(backend)).verdict,
        Verdict::Skipped { reason } if reason.contains("network version 14")
    ));

    let faulty = json.replace(
        r#""selector":{}"#,
        r#""selector":{"requires:consensus_fault_extern":"true"}"#,
    );
    assert!(
        matches!(run(&faulty, None).verdict, Verdict::Skipped { reason } if reason.contains("consensus"))
    );
}
