//! Spot checks of both price tables against the numbers of ref-fvm 2.3.

use fvmi_kernel::gas::{price_list_by_network_version, Gas, GasCharge, PriceList};
use fvmi_types::sector::{
    AggregateSealVerifyInfo, AggregateSealVerifyProofAndInfos, PoStProof, RegisteredAggregateProof,
    RegisteredPoStProof, RegisteredSealProof, SectorInfo, WindowPoStVerifyInfo,
};
use fvmi_types::{NetworkVersion, Randomness, TokenAmount};

fn oh_snap() -> &'static PriceList {
    price_list_by_network_version(NetworkVersion::V15)
}

fn skyr() -> &'static PriceList {
    price_list_by_network_version(NetworkVersion::V16)
}

/// Asserts a charge's name and its compute and storage parts in milligas.
fn check(charge: GasCharge, name: &str, compute_milligas: i64, storage_milligas: i64) {
    assert_eq!(charge.name, name);
    assert_eq!(
        (
            charge.compute_gas.as_milligas(),
            charge.storage_gas.as_milligas()
        ),
        (compute_milligas, storage_milligas),
        "{name}"
    );
}

const G: i64 = 1000;

#[test]
fn versions_map_to_tables() {
    assert!(std::ptr::eq(
        oh_snap(),
        price_list_by_network_version(NetworkVersion::V15)
    ));
    assert!(!std::ptr::eq(oh_snap(), skyr()));
    assert!(std::ptr::eq(
        skyr(),
        price_list_by_network_version(NetworkVersion::V17)
    ));
    // Like the reference, anything but 15 gets the Skyr table.
    assert!(std::ptr::eq(
        skyr(),
        price_list_by_network_version(NetworkVersion::V14)
    ));
}

#[test]
fn message_prices() {
    for list in [oh_snap(), skyr()] {
        check(
            list.on_chain_message(100),
            "OnChainMessage",
            38_863 * G,
            136 * 1300 * G,
        );
        check(
            list.on_chain_return_value(10),
            "OnChainReturnValue",
            0,
            10 * 1300 * G,
        );
        check(
            list.on_create_actor(),
            "OnCreateActor",
            1_108_454 * G,
            76 * 1300 * G,
        );
        check(list.on_delete_actor(), "OnDeleteActor", 0, -76 * 1300 * G);
    }
}

#[test]
fn method_invocation_prices() {
    let zero = TokenAmount::zero();
    let one = TokenAmount::from_atto(1);
    let list = oh_snap();
    let name = "OnMethodInvocation";
    check(list.on_method_invocation(&zero, 0), name, 29_233 * G, 0);
    check(
        list.on_method_invocation(&one, 0),
        name,
        (29_233 + 27_500 + 159_672) * G,
        0,
    );
    check(
        list.on_method_invocation(&one, 2),
        name,
        (29_233 + 27_500 - 5_377) * G,
        0,
    );
    check(
        list.on_method_invocation(&zero, 2),
        name,
        (29_233 - 5_377) * G,
        0,
    );
}

#[test]
fn crypto_prices() {
    use fvmi_types::SignatureType;
    let list = oh_snap();
    check(
        list.on_verify_signature(SignatureType::BLS),
        "OnVerifySignature",
        16_598_605 * G,
        0,
    );
    check(
        list.on_verify_signature(SignatureType::Secp256k1),
        "OnVerifySignature",
        1_637_292 * G,
        0,
    );
    check(
        list.on_recover_secp_public_key(),
        "OnRecoverSecpPublicKey",
        1_637_292 * G,
        0,
    );
    check(list.on_hashing(1 << 20), "OnHashing", 31_355 * G, 0);
    let proof = RegisteredSealProof::StackedDRG32GiBV1P1;
    check(
        list.on_compute_unsealed_sector_cid(proof, &[]),
        "OnComputeUnsealedSectorCid",
        98_647 * G,
        0,
    );
    check(
        list.on_verify_consensus_fault(),
        "OnVerifyConsensusFault",
        495_422 * G,
        0,
    );
    check(
        skyr().on_verify_consensus_fault(),
        "OnVerifyConsensusFault",
        (495_422 + 21_000) * G,
        0,
    );
}

fn aggregate(seal_proof: RegisteredSealProof, count: usize) -> AggregateSealVerifyProofAndInfos {
    let info = AggregateSealVerifyInfo {
        sector_number: 1,
        randomness: Randomness(vec![]),
        interactive_randomness: Randomness(vec![]),
        sealed_cid: Default::default(),
        unsealed_cid: Default::default(),
    };
    AggregateSealVerifyProofAndInfos {
        miner: 1000,
        seal_proof,
        aggregate_proof: RegisteredAggregateProof::SnarkPackV1,
        proof: vec![],
        infos: vec![info; count],
    }
}

#[test]
fn aggregate_seal_prices() {
    let name = "OnVerifyAggregateSeals";
    let list = oh_snap();
    let p32 = RegisteredSealProof::StackedDRG32GiBV1P1;
    let p64 = RegisteredSealProof::StackedDRG64GiBV1P1;
    check(
        list.on_verify_aggregate_seals(&aggregate(p32, 3)),
        name,
        3 * 449_900 * G,
        0,
    );
    check(
        list.on_verify_aggregate_seals(&aggregate(p32, 5)),
        name,
        (5 * 449_900 + 103_994_170) * G,
        0,
    );
    check(
        list.on_verify_aggregate_seals(&aggregate(p32, 410)),
        name,
        (410 * 449_900 + 528_274_980) * G,
        0,
    );
    check(
        list.on_verify_aggregate_seals(&aggregate(p64, 13)),
        name,
        (13 * 359_272 + 120_803_700) * G,
        0,
    );
    check(
        list.on_verify_aggregate_seals(&aggregate(p64, 12)),
        name,
        (12 * 359_272 + 110_803_030) * G,
        0,
    );
    // Types without their own prices are priced as 32 GiB V1.1.
    let other = RegisteredSealProof::StackedDRG2KiBV1P1;
    check(
        list.on_verify_aggregate_seals(&aggregate(other, 7)),
        name,
        (7 * 449_900 + 112_356_810) * G,
        0,
    );
}

fn window_post(proof: Option<RegisteredPoStProof>, sectors: usize) -> WindowPoStVerifyInfo {
    let sector = SectorInfo {
        proof: RegisteredSealProof::StackedDRG32GiBV1P1,
        sector_number: 1,
        sealed_cid: Default::default(),
    };
    WindowPoStVerifyInfo {
        randomness: Randomness(vec![]),
        proofs: proof
            .map(|post_proof| PoStProof {
                post_proof,
                proof_bytes: vec![],
            })
            .into_iter()
            .collect(),
        challenged_sectors: vec![sector; sectors],
        prover: 1000,
    }
}

#[test]
fn post_prices() {
    let name = "OnVerifyPost";
    let expect = |n: i64| (117_680_921 + 43_780 * n) * G;
    let list = oh_snap();
    let p32 = Some(RegisteredPoStProof::StackedDRGWindow32GiBV1);
    check(
        list.on_verify_post(&window_post(p32, 10)),
        name,
        expect(10),
        0,
    );
    check(
        list.on_verify_post(&window_post(None, 0)),
        name,
        expect(0),
        0,
    );
    let p2k = Some(RegisteredPoStProof::StackedDRGWindow2KiBV1);
    check(
        list.on_verify_post(&window_post(p2k, 2)),
        name,
        expect(2),
        0,
    );
}

#[test]
fn block_prices_differ_by_version() {
    let nv15 = oh_snap();
    check(nv15.on_block_open_base(), "OnBlockOpenBase", 114_617 * G, 0);
    check(nv15.on_block_open_per_byte(100), "OnBlockOpenPerByte", 0, 0);
    check(nv15.on_block_read(101), "OnBlockRead", 0, 0);
    check(nv15.on_block_create(100), "OnBlockCreate", 0, 0);
    check(
        nv15.on_block_link(100),
        "OnBlockLink",
        353_640 * G,
        100 * 1300 * G,
    );
    check(nv15.on_block_stat(), "OnBlockStat", 0, 0);
    check(nv15.on_syscall(), "OnSyscall", 0, 0);
    check(nv15.on_get_randomness(32), "OnGetRandomness", 0, 0);

    let nv16 = skyr();
    check(
        nv16.on_block_open_base(),
        "OnBlockOpenBase",
        (114_617 + 21_000) * G,
        0,
    );
    check(
        nv16.on_block_open_per_byte(100),
        "OnBlockOpenPerByte",
        100 * 10 * G + 100 * 500,
        0,
    );
    check(nv16.on_block_read(101), "OnBlockRead", 101 * 500, 0);
    check(
        nv16.on_block_create(100),
        "OnBlockCreate",
        100 * 10 * G + 100 * 500,
        0,
    );
    check(
        nv16.on_block_link(100),
        "OnBlockLink",
        353_640 * G + 2 * 100 * 500,
        100 * 1300 * G,
    );
    check(nv16.on_syscall(), "OnSyscall", 14_000 * G, 0);
    check(nv16.on_get_randomness(32), "OnGetRandomness", 21_000 * G, 0);
}

#[test]
fn wasm_execution_is_free_before_skyr() {
    assert_eq!(oh_snap().wasm_rules().exec_instruction_cost, Gas::ZERO);
    assert_eq!(oh_snap().wasm_rules().instruction_milligas(false), 0);
    assert_eq!(skyr().wasm_rules().instruction_milligas(false), 4 * 1000);
    assert_eq!(skyr().wasm_rules().instruction_milligas(true), 0);
}
