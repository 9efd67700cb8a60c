//! The Hygge (FIP-0057, network version 18) price list, charge by charge, against numbers
//! worked out by hand from ref-fvm v3.14.1's `HYGGE_PRICES` and its charge formulas.

use fvmi_kernel::gas::hygge::{
    hash_by_code, hygge_price_list, EventIndexing, HyggePriceList, LinearPrice,
    HYGGE_PRELOADED_ACTORS, HYGGE_PRICES,
};
use fvmi_kernel::gas::{Gas, GasCharge, GasTracker};
use fvmi_types::sector::{
    AggregateSealVerifyInfo, AggregateSealVerifyProofAndInfos, PoStProof, RegisteredAggregateProof,
    RegisteredPoStProof, RegisteredSealProof, RegisteredUpdateProof, ReplicaUpdateInfo,
    SealVerifyInfo, SectorID, SectorInfo, WindowPoStVerifyInfo,
};
use fvmi_types::{Randomness, SignatureType, SupportedHashes};

/// Milligas per gas.
const G: i64 = 1000;

fn hygge() -> &'static HyggePriceList {
    hygge_price_list()
}

/// Asserts a charge's name and its compute and other parts in milligas.
fn check(charge: GasCharge, name: &str, compute_milligas: i64, other_milligas: i64) {
    assert_eq!(charge.name, name);
    assert_eq!(
        (
            charge.compute_gas.as_milligas(),
            charge.storage_gas.as_milligas()
        ),
        (compute_milligas, other_milligas),
        "{name}"
    );
}

fn total(charge: &GasCharge) -> i64 {
    charge.total().as_milligas()
}

#[test]
fn the_static_is_the_list() {
    assert!(std::ptr::eq(hygge(), &HYGGE_PRICES));
    assert!(std::ptr::eq(hygge(), hygge_price_list()));
}

#[test]
fn message_inclusion_and_return() {
    let list = hygge();
    // 38863 compute; 475000 sender update + 36*1300 + 1300/byte.
    check(
        list.on_chain_message(100),
        "OnChainMessage",
        38_863 * G,
        (475_000 + 46_800 + 130_000) * G,
    );
    assert_eq!(total(&list.on_chain_message(100)), (560_663 + 130_000) * G);
    assert_eq!(total(&list.on_chain_message(0)), 560_663 * G);
    check(
        list.on_chain_return_value(10),
        "OnChainReturnValue",
        0,
        13_000 * G,
    );
    check(list.on_chain_return_value(0), "OnChainReturnValue", 0, 0);
    assert_eq!(
        list.on_method_return(1, 7),
        Some(list.on_chain_return_value(7))
    );
    assert_eq!(list.on_method_return(2, 7), None);
    assert_eq!(list.on_method_return(0, 7), None);
}

#[test]
fn sends_and_actors() {
    let list = hygge();
    check(list.on_value_transfer(), "OnValueTransfer", 6_000 * G, 0);
    check(
        list.on_method_invocation(),
        "OnMethodInvocation",
        75_000 * G,
        0,
    );
    check(list.on_syscall(), "OnSyscall", 14_000 * G, 0);
    check(
        list.on_create_actor(true),
        "OnCreateActor",
        0,
        2_700_000 * G,
    );
    check(list.on_create_actor(false), "OnCreateActor", 0, 650_000 * G);
    check(list.on_delete_actor(), "OnDeleteActor", 0, 0);
    check(list.on_actor_lookup(), "OnActorLookup", 0, 500_000 * G);
    check(list.on_actor_update(), "OnActorUpdate", 0, 475_000 * G);
    check(list.on_actor_create(), "OnActorCreate", 0, 650_000 * G);
}

#[test]
fn free_charges_keep_their_names() {
    let list = hygge();
    let free = [
        (list.on_resolve_address(), "OnResolveAddress"),
        (list.on_lookup_address(), "OnLookupAddress"),
        (list.on_self_balance(), "OnSelfBalance"),
        (list.on_balance_of(), "OnBalanceOf"),
        (list.on_get_actor_code_cid(), "OnGetActorCodeCid"),
        (list.on_get_builtin_actor_type(), "OnGetBuiltinActorType"),
        (list.on_get_code_cid_for_type(), "OnGetCodeCidForType"),
        (list.on_network_context(), "OnNetworkContext"),
        (list.on_message_context(), "OnMessageContext"),
        (list.on_block_stat(), "OnBlockStat"),
        (list.on_delete_actor(), "OnDeleteActor"),
    ];
    for (charge, name) in free {
        check(charge, name, 0, 0);
    }
}

#[test]
fn signatures_and_hashing() {
    let list = hygge();
    let name = "OnVerifySignature";
    check(
        list.on_verify_signature(SignatureType::Secp256k1, 0),
        name,
        1_637_292 * G,
        0,
    );
    check(
        list.on_verify_signature(SignatureType::Secp256k1, 100),
        name,
        (1_637_292 + 1_000) * G,
        0,
    );
    check(
        list.on_verify_signature(SignatureType::BLS, 0),
        name,
        16_598_605 * G,
        0,
    );
    check(
        list.on_verify_signature(SignatureType::BLS, 100),
        name,
        (16_598_605 + 2_600) * G,
        0,
    );
    check(
        list.on_recover_secp_public_key(),
        "OnRecoverSecpPublicKey",
        1_637_292 * G,
        0,
    );

    let rates = [
        (SupportedHashes::Sha2_256, 0x12, 7),
        (SupportedHashes::Blake2b256, 0xb220, 10),
        (SupportedHashes::Blake2b512, 0xb240, 10),
        (SupportedHashes::Keccak256, 0x1b, 33),
        (SupportedHashes::Ripemd160, 0x1053, 35),
    ];
    for (hash, code, per_byte) in rates {
        check(list.on_hashing(hash, 0), "OnHashing", 0, 0);
        check(list.on_hashing(hash, 1), "OnHashing", per_byte * G, 0);
        check(list.on_hashing(hash, 64), "OnHashing", 64 * per_byte * G, 0);
        assert_eq!(hash_by_code(code), Some(hash));
        assert_eq!(
            list.on_hashing_code(code, 64),
            Some(list.on_hashing(hash, 64))
        );
    }
    // Identity, SHA2-512 and an unknown code are not supported: no charge.
    for code in [0x00, 0x13, 0xb260, 0xdead] {
        assert_eq!(list.on_hashing_code(code, 64), None, "{code:#x}");
    }
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
fn aggregate_seal_steps() {
    let list = hygge();
    let name = "OnVerifyAggregateSeals";
    let p32 = RegisteredSealProof::StackedDRG32GiBV1P1;
    let p64 = RegisteredSealProof::StackedDRG64GiBV1P1;
    // (count, 32 GiB step, 64 GiB step)
    let table = [
        (0, 0, 0),
        (1, 0, 0),
        (3, 0, 0),
        (4, 103_994_170, 102_581_240),
        (6, 103_994_170, 102_581_240),
        (7, 112_356_810, 110_803_030),
        (12, 112_356_810, 110_803_030),
        (13, 122_912_610, 120_803_700),
        (26, 137_559_930, 134_642_130),
        (51, 137_559_930, 134_642_130),
        (52, 162_039_100, 157_357_890),
        (103, 210_960_780, 203_017_690),
        (204, 210_960_780, 203_017_690),
        (205, 318_351_180, 304_253_590),
        (409, 318_351_180, 304_253_590),
        (410, 528_274_980, 509_880_640),
        (819, 528_274_980, 509_880_640),
    ];
    for (n, step32, step64) in table {
        check(
            list.on_verify_aggregate_seals(&aggregate(p32, n as usize)),
            name,
            (449_900 * n + step32) * G,
            0,
        );
        check(
            list.on_verify_aggregate_seals(&aggregate(p64, n as usize)),
            name,
            (359_272 * n + step64) * G,
            0,
        );
        // Every other proof type (V1, small sectors, unknown numbers) uses the 32 GiB V1.1 rows.
        for other in [
            RegisteredSealProof::StackedDRG32GiBV1,
            RegisteredSealProof::StackedDRG2KiBV1P1,
            RegisteredSealProof::StackedDRG64GiBV1,
            RegisteredSealProof::Invalid(12),
        ] {
            check(
                list.on_verify_aggregate_seals(&aggregate(other, n as usize)),
                name,
                (449_900 * n + step32) * G,
                0,
            );
        }
    }
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
fn proofs() {
    let list = hygge();
    let post = |n: i64| (117_680_921 + 43_780 * n) * G;
    let proofs = [
        None,
        Some(RegisteredPoStProof::StackedDRGWindow512MiBV1),
        Some(RegisteredPoStProof::StackedDRGWindow32GiBV1),
        Some(RegisteredPoStProof::StackedDRGWindow64GiBV1),
        // The V1.1 window proofs (12, 13, 14), and numbers with no row (fallback).
        Some(RegisteredPoStProof::Invalid(12)),
        Some(RegisteredPoStProof::Invalid(13)),
        Some(RegisteredPoStProof::Invalid(14)),
        Some(RegisteredPoStProof::StackedDRGWinning32GiBV1),
        Some(RegisteredPoStProof::Invalid(99)),
    ];
    for proof in proofs {
        for n in [0, 1, 2, 10, 2349] {
            check(
                list.on_verify_post(&window_post(proof, n as usize)),
                "OnVerifyPost",
                post(n),
                0,
            );
        }
    }

    let seal = SealVerifyInfo {
        registered_proof: RegisteredSealProof::StackedDRG32GiBV1P1,
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
    check(list.on_verify_seal(&seal), "OnVerifySeal", 2_000 * G, 0);
    let replica = ReplicaUpdateInfo {
        update_proof_type: RegisteredUpdateProof::StackedDRG32GiBV1,
        old_sealed_cid: Default::default(),
        new_sealed_cid: Default::default(),
        new_unsealed_cid: Default::default(),
        proof: vec![],
    };
    check(
        list.on_verify_replica_update(&replica),
        "OnVerifyReplicaUpdate",
        36_316_136 * G,
        0,
    );
    check(
        list.on_compute_unsealed_sector_cid(RegisteredSealProof::StackedDRG32GiBV1P1, &[]),
        "OnComputeUnsealedSectorCid",
        98_647 * G,
        0,
    );
    check(
        list.on_verify_consensus_fault(),
        "OnVerifyConsensusFault",
        0,
        516_422 * G,
    );
}

#[test]
fn randomness_and_tipsets() {
    let list = hygge();
    // 21000 + BLAKE2b-256 (10 gas/byte) over 48 bytes of prefix plus the entropy.
    for e in [0i64, 1, 32, 100] {
        check(
            list.on_get_randomness(e as usize),
            "OnGetRandomness",
            0,
            (21_000 + 10 * (e + 48)) * G,
        );
    }
    assert_eq!(total(&list.on_get_randomness(0)), 21_480 * G);
    check(list.on_tipset_cid(false), "OnTipsetCid", 0, 50_000 * G);
    check(list.on_tipset_cid(true), "OnTipsetCid", 0, 215_000 * G);
}

#[test]
fn blocks() {
    let list = hygge();
    check(list.on_block_open_base(), "OnBlockOpenBase", 0, 187_440 * G);
    for n in [0i64, 1, 10, 1000, 1 << 20] {
        let size = n as usize;
        // Allocation 2 + copy 0.4 gas/byte, topped up to 10 gas/byte.
        check(
            list.on_block_open_per_byte(size),
            "OnBlockOpenPerByte",
            2_400 * n,
            7_600 * n,
        );
        assert_eq!(total(&list.on_block_open_per_byte(size)), 10 * G * n);
        check(list.on_block_read(size), "OnBlockRead", 400 * n, 0);
        check(
            list.on_block_create(size),
            "OnBlockCreate",
            2_400 * n,
            7_600 * n,
        );
        assert_eq!(total(&list.on_block_create(size)), 10 * G * n);
        // Copy 0.4 + allocation 2 + BLAKE2b 10 gas/byte now; 172000 + 334000 + 3340/byte later.
        check(
            list.on_block_link(size),
            "OnBlockLink",
            12_400 * n,
            (172_000 + 334_000) * G + 3_340 * G * n,
        );
        assert_eq!(
            total(&list.on_block_link(size)),
            506_000 * G + 3_352_400 * n
        );
        assert_eq!(
            list.on_block_link_hashed(SupportedHashes::Blake2b256, size),
            list.on_block_link(size)
        );
    }
    // A fractional amount survives: 1 byte read is 0.4 gas.
    assert_eq!(list.on_block_read(1).total(), Gas::from_milligas(400));
    assert_eq!(total(&list.on_block_link(100)), 506_000 * G + 335_240 * G);
}

#[test]
fn events() {
    let list = hygge();
    // Copy 0.4 + allocation 2 + validation 1750 + 25/byte.
    for n in [0i64, 1, 5, 100, 8192] {
        check(
            list.on_actor_event_validate(n as usize),
            "OnActorEventValidate",
            1_750 * G + 27_400 * n,
            0,
        );
    }
    // s = len + 12: compute copy + allocation (2.4 s), deferred two copies, one allocation and
    // BLAKE2b-256 (12.8 s); the index prices are zero.
    let indexing = EventIndexing::of_entries([(0b11, 4, 32), (0b01, 5, 100), (0, 6, 7)]);
    assert_eq!(
        indexing,
        EventIndexing {
            elements: 3,
            bytes: 4 + 32 + 5
        }
    );
    for n in [0i64, 1, 88, 1000] {
        let s = n + 12;
        for ix in [EventIndexing::default(), indexing] {
            check(
                list.on_actor_event_accept(ix, n as usize),
                "OnActorEventAccept",
                2_400 * s,
                12_800 * s,
            );
        }
        assert_eq!(
            total(&list.on_actor_event_accept(indexing, n as usize)),
            15_200 * s
        );
    }
    assert_eq!(
        total(&list.on_actor_event_accept(EventIndexing::default(), 0)),
        182_400
    );
}

#[test]
fn wasm_memory_and_instructions() {
    let list = hygge();
    let page = 65_536usize;
    assert_eq!(list.init_memory_gas(0), Gas::ZERO);
    assert_eq!(list.init_memory_gas(1), Gas::from_milligas(400));
    assert_eq!(list.init_memory_gas(17 * page).as_milligas(), 445_644_800);
    assert_eq!(list.init_memory_gas(18 * page).as_milligas(), 471_859_200);
    assert_eq!(list.init_memory_gas(16 * page).as_milligas(), 419_430_400);
    assert_eq!(
        list.init_memory_gas_pages(17),
        list.init_memory_gas(17 * page)
    );
    assert_eq!(list.grow_memory_gas(page).as_milligas(), 26_214_400);
    assert_eq!(list.init_table_gas(455).as_milligas(), 455 * 3_200);

    let wasm = list.wasm_rules();
    assert_eq!(wasm.instruction_milligas(false), 4_000);
    assert_eq!(wasm.instruction_milligas(true), 0);
    let byte = LinearPrice {
        base: 4_000,
        per_unit: 400,
    };
    assert_eq!(wasm.memory_copy(), byte);
    assert_eq!(wasm.memory_fill(), byte);
    assert_eq!(
        wasm.memory_grow(),
        LinearPrice {
            base: 4_000,
            per_unit: 26_214_400
        }
    );
    let element = LinearPrice {
        base: 4_000,
        per_unit: 3_200,
    };
    assert_eq!(wasm.table_copy(), element);
    assert_eq!(wasm.table_fill(), element);
    for cost in [
        wasm.instruction_default,
        wasm.math_default,
        wasm.jump_unconditional,
        wasm.jump_conditional,
        wasm.jump_indirect,
    ] {
        assert_eq!(cost, Gas::new(4));
    }
    assert_eq!(
        wasm.call + wasm.memory_access_cost + wasm.memory_fill_base_cost,
        Gas::ZERO
    );
}

#[test]
fn preloaded_actors() {
    let list = hygge();
    assert_eq!(HYGGE_PRELOADED_ACTORS, [0, 1, 2, 3, 4, 5, 6, 7, 10, 99]);
    assert_eq!(list.preloaded_actors(), &HYGGE_PRELOADED_ACTORS);
    for id in HYGGE_PRELOADED_ACTORS {
        assert!(list.is_preloaded(id));
    }
    for id in [8, 9, 11, 98, 100, 1000] {
        assert!(!list.is_preloaded(id));
    }
}

#[test]
fn no_charge_goes_negative_or_overflows() {
    let list = hygge();
    let huge = usize::MAX;
    let charges = [
        list.on_chain_message(huge),
        list.on_chain_return_value(huge),
        list.on_verify_signature(SignatureType::BLS, huge),
        list.on_hashing(SupportedHashes::Ripemd160, huge),
        list.on_get_randomness(huge),
        list.on_block_open_per_byte(huge),
        list.on_block_read(huge),
        list.on_block_create(huge),
        list.on_block_link(huge),
        list.on_actor_event_validate(huge),
        list.on_actor_event_accept(
            EventIndexing {
                elements: u64::MAX,
                bytes: u64::MAX,
            },
            huge,
        ),
    ];
    for charge in charges {
        assert!(charge.compute_gas >= Gas::ZERO, "{}", charge.name);
        assert!(charge.storage_gas >= Gas::ZERO, "{}", charge.name);
        assert!(charge.total().is_saturated(), "{}", charge.name);
    }
    assert!(list.init_memory_gas(huge).is_saturated());
    assert!(list.init_table_gas(u64::MAX).is_saturated());
}

/// `fil_10_storageminer/Send/Ok-1` (0002-hygge-01): a secp sender sends value with method 0 to
/// an existing ID actor; the receipt says `gas_used` 1,209,363. The signed message is 129 bytes
/// (a 60-byte message, a 2-element array header, and a 66-byte signature behind a 2-byte
/// header). The sender (the origin) and the pre-resolved receiver are read for free; the first
/// write of the receiver is the only state-access charge (the sender's update is part of the
/// inclusion charge). No method is invoked, so no syscall, memory or execution gas.
#[test]
fn storageminer_send_vector_by_hand() {
    let list = hygge();
    let signed_len = 1 + 60 + 2 + 66;
    assert_eq!(signed_len, 129);
    let charges = [
        list.on_chain_message(signed_len),
        list.on_value_transfer(),
        list.on_actor_update(),
    ];
    assert_eq!(total(&charges[0]), 728_363 * G);
    let mut tracker = GasTracker::new(Gas::new(10_000_000), Gas::ZERO);
    for charge in &charges {
        tracker
            .apply_charge(charge.clone())
            .expect("within the limit");
    }
    assert_eq!(tracker.gas_used().round_up(), 1_209_363);
}
