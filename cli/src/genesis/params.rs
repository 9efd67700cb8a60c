//! DAG-CBOR parameters of the v7 singleton constructors, and the account state record.
//!
//! The shapes follow builtin actors v7: every parameter struct is a CBOR array of its fields.

use fvmi_types::{Address, RawBytes};

/// Method number of every actor's constructor.
pub const CONSTRUCTOR: u64 = 1;
/// The power actor's `OnEpochTickEnd`, the first v7 cron entry.
pub const POWER_ON_EPOCH_TICK_END: u64 = 5;
/// The market actor's `CronTick`, the second v7 cron entry.
pub const MARKET_CRON_TICK: u64 = 9;

fn encode<T: serde::Serialize>(value: &T) -> anyhow::Result<RawBytes> {
    Ok(RawBytes::new(fvmi_ipld::cbor::to_vec(value)?))
}

/// The init actor's constructor parameters: `[network_name]`.
pub fn init_params(network_name: &str) -> anyhow::Result<RawBytes> {
    encode(&(network_name,))
}

/// The cron actor's constructor parameters: `[[[receiver, method], ...]]` with the two v7
/// entries (power `OnEpochTickEnd`, then market `CronTick`), as genesis installs them.
pub fn cron_params() -> anyhow::Result<RawBytes> {
    let entries = vec![
        (
            Address::new_id(fvmi_types::builtin::STORAGE_POWER_ACTOR_ID),
            POWER_ON_EPOCH_TICK_END,
        ),
        (
            Address::new_id(fvmi_types::builtin::STORAGE_MARKET_ACTOR_ID),
            MARKET_CRON_TICK,
        ),
    ];
    encode(&(entries,))
}

/// The reward actor's constructor parameter: the current realized power as a big integer
/// (zero at genesis, an empty byte string).
pub fn reward_params() -> anyhow::Result<RawBytes> {
    encode(&fvmi_types::TokenAmount::zero())
}

/// The verified registry's constructor parameter: the root key address.
pub fn verifreg_params(root_key: &Address) -> anyhow::Result<RawBytes> {
    encode(root_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_v7_shapes() {
        // ["fvmi-demo"]
        assert_eq!(
            init_params("ab").unwrap().bytes(),
            &[0x81, 0x62, b'a', b'b']
        );
        // [[[h'0004', 5], [h'0005', 9]]]
        assert_eq!(
            cron_params().unwrap().bytes(),
            &[0x81, 0x82, 0x82, 0x42, 0, 4, 5, 0x82, 0x42, 0, 5, 9]
        );
        assert_eq!(reward_params().unwrap().bytes(), &[0x40]);
    }
}
