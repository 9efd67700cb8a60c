//! The price tables, one per network version family, as plain data.
//!
//! OhSnap (network version 15) is the first FVM table; Skyr (16 and later)
//! keeps every OhSnap price and adds memory-copy, syscall, extern and wasm
//! execution prices.

use fvmi_types::sector::{RegisteredPoStProof, RegisteredSealProof};
use fvmi_types::NetworkVersion;

use super::price_list::{PriceList, ScalingCost, Step, WasmGasPrices};
use super::Gas;

/// Shorthand for a step of the aggregate-seal step function.
const fn step(start: i64, cost: i64) -> Step {
    Step {
        start,
        cost: Gas::new(cost),
    }
}

const AGGREGATE_SEAL_STEPS_32GIB: &[Step] = &[
    step(4, 103_994_170),
    step(7, 112_356_810),
    step(13, 122_912_610),
    step(26, 137_559_930),
    step(52, 162_039_100),
    step(103, 210_960_780),
    step(205, 318_351_180),
    step(410, 528_274_980),
];

const AGGREGATE_SEAL_STEPS_64GIB: &[Step] = &[
    step(4, 102_581_240),
    step(7, 110_803_030),
    step(13, 120_803_700),
    step(26, 134_642_130),
    step(52, 157_357_890),
    step(103, 203_017_690),
    step(205, 304_253_590),
    step(410, 509_880_640),
];

const WINDOW_POST_COST: ScalingCost = ScalingCost {
    flat: Gas::new(117_680_921),
    scale: Gas::new(43_780),
};

/// Network version 15.
const OH_SNAP: PriceList = PriceList {
    storage_gas_multiplier: 1300,

    on_chain_message_compute_base: Gas::new(38_863),
    on_chain_message_storage_base: Gas::new(36),
    on_chain_message_storage_per_byte: Gas::new(1),
    on_chain_return_value_per_byte: Gas::new(1),

    send_base: Gas::new(29_233),
    send_transfer_funds: Gas::new(27_500),
    send_transfer_only_premium: Gas::new(159_672),
    send_invoke_method: Gas::new(-5_377),

    create_actor_compute: Gas::new(1_108_454),
    create_actor_storage: Gas::new(36 + 40),
    delete_actor: Gas::new(-(36 + 40)),

    bls_sig_cost: Gas::new(16_598_605),
    secp256k1_sig_cost: Gas::new(1_637_292),
    secp256k1_recover_cost: Gas::new(1_637_292),
    hashing_base: Gas::new(31_355),

    compute_unsealed_sector_cid_base: Gas::new(98_647),
    verify_seal_base: Gas::new(2_000),
    verify_aggregate_seal_per: &[
        (RegisteredSealProof::StackedDRG32GiBV1P1, Gas::new(449_900)),
        (RegisteredSealProof::StackedDRG64GiBV1P1, Gas::new(359_272)),
    ],
    verify_aggregate_seal_steps: &[
        (
            RegisteredSealProof::StackedDRG32GiBV1P1,
            AGGREGATE_SEAL_STEPS_32GIB,
        ),
        (
            RegisteredSealProof::StackedDRG64GiBV1P1,
            AGGREGATE_SEAL_STEPS_64GIB,
        ),
    ],
    verify_post_lookup: &[
        (
            RegisteredPoStProof::StackedDRGWindow512MiBV1,
            WINDOW_POST_COST,
        ),
        (
            RegisteredPoStProof::StackedDRGWindow32GiBV1,
            WINDOW_POST_COST,
        ),
        (
            RegisteredPoStProof::StackedDRGWindow64GiBV1,
            WINDOW_POST_COST,
        ),
    ],
    verify_consensus_fault: Gas::new(495_422),
    verify_replica_update: Gas::new(36_316_136),

    get_randomness_base: Gas::ZERO,
    get_randomness_per_byte: Gas::ZERO,

    block_memcpy_per_byte_cost: Gas::ZERO,
    block_open_base: Gas::new(114_617),
    block_open_memret_per_byte_cost: Gas::ZERO,
    block_link_base: Gas::new(353_640),
    block_link_storage_per_byte_cost: Gas::new(1),
    block_create_base: Gas::ZERO,
    block_create_memret_per_byte_cost: Gas::ZERO,
    block_read_base: Gas::ZERO,
    block_stat_base: Gas::ZERO,

    syscall_cost: Gas::ZERO,
    extern_cost: Gas::ZERO,

    wasm_rules: WasmGasPrices {
        exec_instruction_cost: Gas::ZERO,
    },
};

/// Network versions 16 and later: OhSnap plus FIP-0032's new prices.
const SKYR: PriceList = PriceList {
    block_memcpy_per_byte_cost: Gas::from_milligas(500),
    block_open_memret_per_byte_cost: Gas::new(10),
    block_create_memret_per_byte_cost: Gas::new(10),
    syscall_cost: Gas::new(14_000),
    extern_cost: Gas::new(21_000),
    wasm_rules: WasmGasPrices {
        exec_instruction_cost: Gas::new(4),
    },
    ..OH_SNAP
};

static OH_SNAP_PRICES: PriceList = OH_SNAP;
static SKYR_PRICES: PriceList = SKYR;

/// The price list in force at `network_version`: OhSnap for version 15,
/// Skyr for every other version (as the reference does; the FVM never runs
/// versions before 15).
pub fn price_list_by_network_version(network_version: NetworkVersion) -> &'static PriceList {
    match network_version {
        NetworkVersion::V15 => &OH_SNAP_PRICES,
        _ => &SKYR_PRICES,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_holds_its_fallback_key() {
        for list in [&OH_SNAP_PRICES, &SKYR_PRICES] {
            let fallback = RegisteredSealProof::StackedDRG32GiBV1P1;
            assert!(list
                .verify_aggregate_seal_per
                .iter()
                .any(|(k, _)| *k == fallback));
            assert!(list
                .verify_aggregate_seal_steps
                .iter()
                .any(|(k, _)| *k == fallback));
            let post = RegisteredPoStProof::StackedDRGWindow512MiBV1;
            assert!(list.verify_post_lookup.iter().any(|(k, _)| *k == post));
        }
    }

    #[test]
    fn steps_ascend() {
        for steps in [AGGREGATE_SEAL_STEPS_32GIB, AGGREGATE_SEAL_STEPS_64GIB] {
            assert!(steps.windows(2).all(|w| w[0].start < w[1].start));
        }
    }
}
