//! Spot checks of both price tables against the numbers of ref-fvm 2.3, and the Skyr table
//! (network versions 16 and 17) charge by charge against ref-fvm v2.11.3.

use fvmi_kernel::gas::{
    price_list_by_network_version, Gas, GasCharge, GasTracker, OutOfGas, PriceList,
};
use fvmi_types::sector::{
    AggregateSealVerifyInfo, AggregateSealVerifyProofAndInfos, PoStProof, RegisteredAggregateProof,
    RegisteredPoStProof, RegisteredSealProof, RegisteredUpdateProof, ReplicaUpdateInfo,
    SealVerifyInfo, SectorID, SectorInfo, WindowPoStVerifyInfo,
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

// ---------------------------------------------------------------------------------------------
// Skyr (network versions 16 and 17) as tables: every charge of the price list with concrete
// inputs, against the numbers of ref-fvm v2.11.3 (`fvm/src/gas/price_list.rs`, SKYR_PRICES and
// `impl PriceList`, the same as v2.3.0). Each row gives the compute and storage parts in
// milligas and the total in whole gas rounded up, as a receipt would show it alone.

/// One expected charge: the charge, its name, compute and storage milligas, total gas rounded
/// up.
type Row = (GasCharge, &'static str, i64, i64, i64);

fn check_rows(rows: Vec<Row>) {
    for (i, (charge, name, compute, storage, total)) in rows.into_iter().enumerate() {
        assert_eq!(charge.name, name, "row {i}");
        assert_eq!(
            (
                charge.compute_gas.as_milligas(),
                charge.storage_gas.as_milligas(),
                charge.total().round_up()
            ),
            (compute, storage, total),
            "row {i}: {name}"
        );
    }
}

#[test]
fn skyr_message_and_actor_table() {
    let list = skyr();
    let zero = TokenAmount::zero();
    let one = TokenAmount::from_atto(1);
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        // OnChainMessage: 38863 + 1300 * (36 + len)
        (list.on_chain_message(0), "OnChainMessage", 38_863 * G, 46_800 * G, 85_663),
        (list.on_chain_message(1), "OnChainMessage", 38_863 * G, 48_100 * G, 86_963),
        (list.on_chain_message(81), "OnChainMessage", 38_863 * G, 152_100 * G, 190_963),
        (list.on_chain_message(91), "OnChainMessage", 38_863 * G, 165_100 * G, 203_963),
        // OnChainReturnValue: 1300 per byte, storage only
        (list.on_chain_return_value(0), "OnChainReturnValue", 0, 0, 0),
        (list.on_chain_return_value(1), "OnChainReturnValue", 0, 1_300 * G, 1_300),
        (list.on_chain_return_value(77), "OnChainReturnValue", 0, 100_100 * G, 100_100),
        // OnMethodInvocation: unchanged from OhSnap
        (list.on_method_invocation(&zero, 0), "OnMethodInvocation", 29_233 * G, 0, 29_233),
        (list.on_method_invocation(&one, 0), "OnMethodInvocation", 216_405 * G, 0, 216_405),
        (list.on_method_invocation(&zero, 1), "OnMethodInvocation", 23_856 * G, 0, 23_856),
        (list.on_method_invocation(&one, 2), "OnMethodInvocation", 51_356 * G, 0, 51_356),
        // OnSyscall: new at nv16
        (list.on_syscall(), "OnSyscall", 14_000 * G, 0, 14_000),
        // OnCreateActor: 1108454 + 76 * 1300 = 1207254; OnDeleteActor: -98800 (a refund)
        (list.on_create_actor(), "OnCreateActor", 1_108_454 * G, 98_800 * G, 1_207_254),
        (list.on_delete_actor(), "OnDeleteActor", 0, -98_800 * G, -98_800),
    ];
    check_rows(rows);
}

/// The two method-0 sends of the shark corpus (nv17) whose gas is only the inclusion cost and
/// the invocation: `fil_9_account/Send/Ok-1` (81 bytes, no value) and `fil_9_multisig/Send/Ok-1`
/// (91 bytes, with value).
#[test]
fn skyr_plain_sends_match_the_shark_vectors() {
    let list = skyr();
    let send = |len: usize, value: &TokenAmount| {
        let mut tracker = GasTracker::new(Gas::new(10_000_000), Gas::ZERO);
        tracker.apply_charge(list.on_chain_message(len)).unwrap();
        tracker
            .apply_charge(list.on_method_invocation(value, 0))
            .unwrap();
        receipt_gas(&tracker)
    };
    assert_eq!(send(81, &TokenAmount::zero()), 220_196);
    assert_eq!(send(91, &TokenAmount::from_atto(1)), 420_368);
}

#[test]
fn skyr_crypto_and_proof_table() {
    use fvmi_types::SignatureType;
    let list = skyr();
    let p32 = RegisteredSealProof::StackedDRG32GiBV1P1;
    let p64 = RegisteredSealProof::StackedDRG64GiBV1P1;
    let seal = SealVerifyInfo {
        registered_proof: p32,
        sector_id: SectorID {
            miner: 1000,
            number: 1,
        },
        deal_ids: vec![],
        randomness: Randomness(vec![]),
        interactive_randomness: Randomness(vec![]),
        proof: vec![0; 192],
        sealed_cid: Default::default(),
        unsealed_cid: Default::default(),
    };
    let replica = ReplicaUpdateInfo {
        update_proof_type: RegisteredUpdateProof::StackedDRG32GiBV1,
        old_sealed_cid: Default::default(),
        new_sealed_cid: Default::default(),
        new_unsealed_cid: Default::default(),
        proof: vec![],
    };
    let agg = "OnVerifyAggregateSeals";
    let post = "OnVerifyPost";
    let post_gas = |n: i64| 117_680_921 + 43_780 * n;
    let w32 = Some(RegisteredPoStProof::StackedDRGWindow32GiBV1);
    let w64 = Some(RegisteredPoStProof::StackedDRGWindow64GiBV1);
    let w512 = Some(RegisteredPoStProof::StackedDRGWindow512MiBV1);
    let w2k = Some(RegisteredPoStProof::StackedDRGWindow2KiBV1);
    let winning = Some(RegisteredPoStProof::StackedDRGWinning32GiBV1);
    let invalid = Some(RegisteredPoStProof::from(99));
    #[rustfmt::skip]
    let mut rows: Vec<Row> = vec![
        (list.on_verify_signature(SignatureType::BLS), "OnVerifySignature", 16_598_605 * G, 0, 16_598_605),
        (list.on_verify_signature(SignatureType::Secp256k1), "OnVerifySignature", 1_637_292 * G, 0, 1_637_292),
        (list.on_recover_secp_public_key(), "OnRecoverSecpPublicKey", 1_637_292 * G, 0, 1_637_292),
        // OnHashing: flat, whatever the length
        (list.on_hashing(0), "OnHashing", 31_355 * G, 0, 31_355),
        (list.on_hashing(1 << 20), "OnHashing", 31_355 * G, 0, 31_355),
        (list.on_compute_unsealed_sector_cid(p64, &[]), "OnComputeUnsealedSectorCid", 98_647 * G, 0, 98_647),
        (list.on_verify_seal(&seal), "OnVerifySeal", 2_000 * G, 0, 2_000),
        (list.on_verify_replica_update(&replica), "OnVerifyReplicaUpdate", 36_316_136 * G, 0, 36_316_136),
        // OnVerifyConsensusFault: extern 21000 + 495422
        (list.on_verify_consensus_fault(), "OnVerifyConsensusFault", 516_422 * G, 0, 516_422),
        // OnVerifyPost: 117680921 + 43780 per challenged sector, by the first proof's type
        (list.on_verify_post(&window_post(w32, 0)), post, post_gas(0) * G, 0, post_gas(0)),
        (list.on_verify_post(&window_post(w32, 1)), post, post_gas(1) * G, 0, post_gas(1)),
        (list.on_verify_post(&window_post(w64, 2349)), post, post_gas(2349) * G, 0, post_gas(2349)),
        (list.on_verify_post(&window_post(w512, 7)), post, post_gas(7) * G, 0, post_gas(7)),
        (list.on_verify_post(&window_post(None, 3)), post, post_gas(3) * G, 0, post_gas(3)),
        (list.on_verify_post(&window_post(w2k, 4)), post, post_gas(4) * G, 0, post_gas(4)),
        (list.on_verify_post(&window_post(winning, 5)), post, post_gas(5) * G, 0, post_gas(5)),
        (list.on_verify_post(&window_post(invalid, 6)), post, post_gas(6) * G, 0, post_gas(6)),
    ];
    // OnVerifyAggregateSeals: per proof * n + the last step with start <= n (0 below 4), at
    // every step boundary; unknown seal types use the 32 GiB V1.1 rows.
    let steps32 = [
        (4, 103_994_170),
        (7, 112_356_810),
        (13, 122_912_610),
        (26, 137_559_930),
        (52, 162_039_100),
        (103, 210_960_780),
        (205, 318_351_180),
        (410, 528_274_980),
    ];
    let steps64 = [
        (4, 102_581_240),
        (7, 110_803_030),
        (13, 120_803_700),
        (26, 134_642_130),
        (52, 157_357_890),
        (103, 203_017_690),
        (205, 304_253_590),
        (410, 509_880_640),
    ];
    let unknown = [
        RegisteredSealProof::StackedDRG2KiBV1P1,
        RegisteredSealProof::StackedDRG32GiBV1,
        RegisteredSealProof::from(-1),
    ];
    let tables = [(p32, 449_900, &steps32), (p64, 359_272, &steps64)]
        .into_iter()
        .chain(unknown.map(|p| (p, 449_900, &steps32)));
    for (proof, per, steps) in tables {
        for n in [0i64, 1, 3] {
            let gas = per * n;
            rows.push((
                list.on_verify_aggregate_seals(&aggregate(proof, n as usize)),
                agg,
                gas * G,
                0,
                gas,
            ));
        }
        for (i, &(start, cost)) in steps.iter().enumerate() {
            let below = if i == 0 { 0 } else { steps[i - 1].1 };
            for (n, step) in [(start - 1, below), (start, cost)] {
                let gas = per * n + step;
                rows.push((
                    list.on_verify_aggregate_seals(&aggregate(proof, n as usize)),
                    agg,
                    gas * G,
                    0,
                    gas,
                ));
            }
        }
        let gas = per * 819 + steps[7].1;
        rows.push((
            list.on_verify_aggregate_seals(&aggregate(proof, 819)),
            agg,
            gas * G,
            0,
            gas,
        ));
    }
    check_rows(rows);
}

#[test]
fn skyr_block_and_extern_table() {
    let list = skyr();
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        // OnGetRandomness: the extern cost only (no base, no per-byte price)
        (list.on_get_randomness(0), "OnGetRandomness", 21_000 * G, 0, 21_000),
        (list.on_get_randomness(32), "OnGetRandomness", 21_000 * G, 0, 21_000),
        (list.on_get_randomness(10_000), "OnGetRandomness", 21_000 * G, 0, 21_000),
        // OnBlockOpenBase: extern 21000 + 114617
        (list.on_block_open_base(), "OnBlockOpenBase", 135_617 * G, 0, 135_617),
        // OnBlockOpenPerByte: (10 + 0.5) gas per byte
        (list.on_block_open_per_byte(0), "OnBlockOpenPerByte", 0, 0, 0),
        (list.on_block_open_per_byte(1), "OnBlockOpenPerByte", 10_500, 0, 11),
        (list.on_block_open_per_byte(2), "OnBlockOpenPerByte", 21_000, 0, 21),
        (list.on_block_open_per_byte(3), "OnBlockOpenPerByte", 31_500, 0, 32),
        (list.on_block_open_per_byte(1 << 20), "OnBlockOpenPerByte", 11_010_048_000, 0, 11_010_048),
        // OnBlockRead: 0.5 gas per byte (the bytes actually copied)
        (list.on_block_read(0), "OnBlockRead", 0, 0, 0),
        (list.on_block_read(1), "OnBlockRead", 500, 0, 1),
        (list.on_block_read(2), "OnBlockRead", 1_000, 0, 1),
        (list.on_block_read(3), "OnBlockRead", 1_500, 0, 2),
        (list.on_block_read(4097), "OnBlockRead", 2_048_500, 0, 2_049),
        // OnBlockCreate: 0 + (10 + 0.5) gas per byte
        (list.on_block_create(0), "OnBlockCreate", 0, 0, 0),
        (list.on_block_create(1), "OnBlockCreate", 10_500, 0, 11),
        (list.on_block_create(41), "OnBlockCreate", 430_500, 0, 431),
        // OnBlockLink: compute 353640 + 2 * 0.5 per byte, storage 1300 per byte: 353640 + 1301n
        (list.on_block_link(0), "OnBlockLink", 353_640 * G, 0, 353_640),
        (list.on_block_link(1), "OnBlockLink", 353_641 * G, 1_300 * G, 353_640 + 1_301),
        (list.on_block_link(100), "OnBlockLink", 353_740 * G, 130_000 * G, 353_640 + 130_100),
        (list.on_block_link(1_000), "OnBlockLink", 354_640 * G, 1_300_000 * G, 353_640 + 1_301_000),
        // OnBlockStat: free
        (list.on_block_stat(), "OnBlockStat", 0, 0, 0),
    ];
    check_rows(rows);
}

#[test]
fn skyr_table_differs_from_oh_snap_only_in_fip32_prices() {
    // The nv15 values of the charges Skyr changed (all else is shared).
    let nv15 = oh_snap();
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        (nv15.on_verify_consensus_fault(), "OnVerifyConsensusFault", 495_422 * G, 0, 495_422),
        (nv15.on_block_open_base(), "OnBlockOpenBase", 114_617 * G, 0, 114_617),
        (nv15.on_block_open_per_byte(3), "OnBlockOpenPerByte", 0, 0, 0),
        (nv15.on_block_read(3), "OnBlockRead", 0, 0, 0),
        (nv15.on_block_create(3), "OnBlockCreate", 0, 0, 0),
        (nv15.on_block_link(1), "OnBlockLink", 353_640 * G, 1_300 * G, 353_640 + 1_300),
        (nv15.on_get_randomness(32), "OnGetRandomness", 0, 0, 0),
        (nv15.on_syscall(), "OnSyscall", 0, 0, 0),
    ];
    check_rows(rows);
    // Everything else is the same in both tables.
    let zero = TokenAmount::zero();
    let (a, b) = (oh_snap(), skyr());
    for n in [0usize, 1, 77] {
        assert_eq!(a.on_chain_message(n), b.on_chain_message(n));
        assert_eq!(a.on_chain_return_value(n), b.on_chain_return_value(n));
        assert_eq!(
            a.on_verify_aggregate_seals(&aggregate(RegisteredSealProof::StackedDRG32GiBV1P1, n)),
            b.on_verify_aggregate_seals(&aggregate(RegisteredSealProof::StackedDRG32GiBV1P1, n))
        );
        assert_eq!(a.on_hashing(n), b.on_hashing(n));
    }
    assert_eq!(
        a.on_method_invocation(&zero, 3),
        b.on_method_invocation(&zero, 3)
    );
    assert_eq!(a.on_create_actor(), b.on_create_actor());
    assert_eq!(a.on_delete_actor(), b.on_delete_actor());
    assert_eq!(
        a.on_recover_secp_public_key(),
        b.on_recover_secp_public_key()
    );
}

#[test]
fn skyr_wasm_execution_costs_four_gas_per_priced_instruction() {
    let rules = skyr().wasm_rules();
    assert_eq!(rules.exec_instruction_cost, Gas::new(4));
    assert_eq!(rules.instruction_milligas(false), 4_000);
    assert_eq!(rules.instruction_milligas(true), 0);
    // The thunk of a one-parameter export (e.g. `invoke`): 14 priced instructions.
    assert_eq!(Gas::from_milligas(14 * 4_000).round_up(), 56);
}

/// The receipt's gas used: the tracker's milligas, clamped at zero, rounded up to whole gas
/// (ref-fvm `call_manager/default.rs finish`).
fn receipt_gas(tracker: &GasTracker) -> i64 {
    tracker.gas_used().max(Gas::ZERO).round_up()
}

#[test]
fn skyr_fractional_milligas_round_up_in_the_final_gas() {
    let list = skyr();
    // (charges, milligas used, receipt gas)
    type Case = (Vec<GasCharge>, i64, i64);
    let wasm = |instructions: i64| {
        GasCharge::new(
            "wasm_exec",
            Gas::from_milligas(instructions * 4_000),
            Gas::ZERO,
        )
    };
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        (vec![], 0, 0),
        // half a gas is one gas
        (vec![list.on_block_read(1)], 500, 1),
        // two halves are exactly one
        (vec![list.on_block_read(1), list.on_block_read(1)], 1_000, 1),
        (vec![list.on_block_read(3)], 1_500, 2),
        (vec![list.on_block_open_per_byte(1)], 10_500, 11),
        (vec![list.on_block_open_per_byte(1), list.on_block_create(1)], 21_000, 21),
        // the fraction survives whole-gas charges
        (vec![list.on_syscall(), list.on_block_read(5), list.on_syscall()], 28_002_500, 28_003),
        // a syscall-heavy invocation: inclusion, invocation, exec gas, block open and read
        (
            vec![
                list.on_chain_message(117),
                list.on_method_invocation(&TokenAmount::zero(), 2),
                wasm(1_234),
                list.on_syscall(),
                list.on_block_open_base(),
                list.on_block_open_per_byte(333),
                list.on_syscall(),
                list.on_block_read(334),
                wasm(57),
            ],
            (38_863 + 1_300 * (36 + 117) + 23_856 + 14_000 * 2 + 135_617) * G
                + 1_291 * 4_000
                + 333 * 10_500
                + 334 * 500,
            // 5164 gas of wasm, 3663.5 gas of block open and read
            38_863 + 1_300 * 153 + 23_856 + 28_000 + 135_617 + 5_164 + 3_664,
        ),
        // a refund larger than the usage clamps at zero
        (vec![list.on_block_read(1), list.on_delete_actor()], 500 - 98_800 * G, 0),
        // a refund leaves a fraction to round
        (vec![list.on_create_actor(), list.on_block_read(1), list.on_delete_actor()], 1_108_454 * G + 500, 1_108_455),
    ];
    for (i, (charges, milligas, gas)) in cases.into_iter().enumerate() {
        let mut tracker = GasTracker::new(Gas::new(10_000_000_000), Gas::ZERO);
        for charge in charges {
            tracker.apply_charge(charge).unwrap();
        }
        assert_eq!(tracker.gas_used().as_milligas(), milligas, "case {i}");
        assert_eq!(receipt_gas(&tracker), gas, "case {i}");
    }
}

#[test]
fn skyr_out_of_gas_on_a_fractional_charge_pins_used_at_the_limit() {
    let list = skyr();
    // 14000 + 0.5 gas used out of a 14000 gas limit: out of gas, receipt gas = the limit.
    let mut tracker = GasTracker::new(Gas::new(14_000), Gas::ZERO);
    tracker.apply_charge(list.on_syscall()).unwrap();
    assert_eq!(tracker.apply_charge(list.on_block_read(1)), Err(OutOfGas));
    assert_eq!(receipt_gas(&tracker), 14_000);
    // 13999.5 gas used fits, and rounds up to the limit.
    let mut tracker = GasTracker::new(Gas::new(14_000), Gas::ZERO);
    tracker
        .apply_charge(GasCharge::new("x", Gas::new(13_999), Gas::ZERO))
        .unwrap();
    assert_eq!(tracker.apply_charge(list.on_block_read(1)), Ok(()));
    assert_eq!(tracker.gas_available(), Gas::from_milligas(500));
    assert_eq!(receipt_gas(&tracker), 14_000);
}
