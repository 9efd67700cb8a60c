//! The numbers of the Hygge price list, as data (the rules applying them are in the parent
//! module): the aggregate-seal steps, the PoSt table and [`HYGGE_PRICES`] itself.

use super::*;

/// Seal proof 32 GiB V1.1, the fallback row of the aggregate tables.
pub(super) const SEAL_32GIB_V1P1: i64 = 8;
/// Seal proof 64 GiB V1.1.
pub(super) const SEAL_64GIB_V1P1: i64 = 9;
/// Window PoSt 512 MiB V1, the fallback row of the PoSt table.
pub(super) const WINDOW_POST_512MIB_V1: i64 = 7;

pub(super) const AGGREGATE_STEPS_32GIB: &[Step] = &[
    step(4, 103_994_170),
    step(7, 112_356_810),
    step(13, 122_912_610),
    step(26, 137_559_930),
    step(52, 162_039_100),
    step(103, 210_960_780),
    step(205, 318_351_180),
    step(410, 528_274_980),
];

pub(super) const AGGREGATE_STEPS_64GIB: &[Step] = &[
    step(4, 102_581_240),
    step(7, 110_803_030),
    step(13, 120_803_700),
    step(26, 134_642_130),
    step(52, 157_357_890),
    step(103, 203_017_690),
    step(205, 304_253_590),
    step(410, 509_880_640),
];

pub(super) const WINDOW_POST: ScalingCost = scaling(117_680_921, 43_780);

/// The Hygge price list.
pub static HYGGE_PRICES: HyggePriceList = HyggePriceList {
    on_chain_message_compute: scaling(38_863, 0),
    on_chain_message_storage: scaling(36 * 1300, 1300),
    on_chain_return_compute: ZERO_COST,
    on_chain_return_storage: scaling(0, 1300),

    send_transfer_funds: Gas::new(6_000),
    send_invoke_method: Gas::new(75_000),

    actor_lookup: Gas::new(500_000),
    actor_update: Gas::new(475_000),
    actor_create_storage: Gas::new(650_000),

    address_lookup: Gas::new(1_050_000),
    address_assignment: Gas::new(1_000_000),

    sig_cost: SignaturePrices {
        secp256k1: scaling(1_637_292, 10),
        bls: scaling(16_598_605, 26),
    },
    secp256k1_recover_cost: Gas::new(1_637_292),
    hashing_cost: HashingPrices {
        sha2_256: scaling(0, 7),
        blake2b_256: scaling(0, 10),
        blake2b_512: scaling(0, 10),
        keccak_256: scaling(0, 33),
        ripemd_160: scaling(0, 35),
    },

    tipset_cid_latest: Gas::new(50_000),
    tipset_cid_historical: Gas::new(215_000),

    compute_unsealed_sector_cid_base: Gas::new(98_647),
    verify_seal_base: Gas::new(2_000),
    verify_aggregate_seal_per: &[
        (SEAL_32GIB_V1P1, Gas::new(449_900)),
        (SEAL_64GIB_V1P1, Gas::new(359_272)),
    ],
    verify_aggregate_seal_steps: &[
        (SEAL_32GIB_V1P1, AGGREGATE_STEPS_32GIB),
        (SEAL_64GIB_V1P1, AGGREGATE_STEPS_64GIB),
    ],
    // Window PoSt 512 MiB, 32 GiB and 64 GiB, V1 (7, 8, 9) and V1.1 (12, 13, 14).
    verify_post_lookup: &[
        (7, WINDOW_POST),
        (8, WINDOW_POST),
        (9, WINDOW_POST),
        (12, WINDOW_POST),
        (13, WINDOW_POST),
        (14, WINDOW_POST),
    ],
    verify_consensus_fault: Gas::new(516_422),
    verify_replica_update: Gas::new(36_316_136),

    get_randomness_seed: Gas::new(21_000),

    block_allocate: scaling(0, 2),
    block_memcpy: per_item_milligas(400),
    block_memory_retention_minimum: scaling(0, 10),
    block_open: scaling(187_440, 0),
    block_persist_storage: scaling(334_000, 3_340),
    block_persist_compute: Gas::new(172_000),

    syscall_cost: Gas::new(14_000),

    builtin_actor_manifest_lookup: Gas::ZERO,
    network_context: Gas::ZERO,
    message_context: Gas::ZERO,

    wasm_rules: HyggeWasmPrices {
        instruction_default: Gas::new(4),
        math_default: Gas::new(4),
        jump_unconditional: Gas::new(4),
        jump_conditional: Gas::new(4),
        jump_indirect: Gas::new(4),
        call: Gas::ZERO,
        memory_fill_base_cost: Gas::ZERO,
        memory_access_cost: Gas::ZERO,
        memory_copy_per_byte_cost: Gas::from_milligas(400),
        memory_fill_per_byte_cost: Gas::from_milligas(400),
    },

    event_validation_cost: scaling(1_750, 25),
    event_accept_per_index_element: ZERO_COST,

    preloaded_actors: &HYGGE_PRELOADED_ACTORS,
};

/// The Hygge price list (network versions 18, 19 and 20).
pub fn hygge_price_list() -> &'static HyggePriceList {
    &HYGGE_PRICES
}
