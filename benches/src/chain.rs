//! The small chain per-message benchmarks run on: a testkit chain with two accounts and the
//! example counter actor.

use fvmi_testkit::{ChainBuilder, TestChain, TestkitError};
use fvmi_types::TokenAmount;

/// The reward actor (receives miner tips).
pub const REWARD: u64 = 2;
/// The burnt funds actor (receives burnt fees).
pub const BURNT_FUNDS: u64 = 99;
/// The account sending every message.
pub const SENDER: u64 = 100;
/// A second account, the receiver of value transfers.
pub const OTHER: u64 = 101;
/// The example counter actor (installed, not yet constructed).
pub const COUNTER: u64 = 1000;

/// An nv15 executor over a fresh state holding the genesis actors, the accounts [`SENDER`]
/// (1000 FIL, the sender of every message) and [`OTHER`], and the example counter actor at
/// [`COUNTER`] (its module stored under its code CID, prepared on first use).
pub fn bench_chain() -> Result<TestChain, TestkitError> {
    ChainBuilder::new()
        .next_id(COUNTER + 1)
        .account(SENDER, TokenAmount::from_whole(1_000u64))
        .account(OTHER, TokenAmount::zero())
        .actor(COUNTER, fvmi_examples::counter_wasm(), TokenAmount::zero())
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_testkit::{cbor_params, decode_return};
    use fvmi_types::{Address, ExitCode, RawBytes};

    #[test]
    fn an_empty_send_moves_the_value_and_bumps_the_sequence() {
        let mut chain = bench_chain().expect("chain builds");
        let value = TokenAmount::from_atto(5u64);
        let ret = chain
            .send(
                Address::new_id(OTHER),
                0,
                RawBytes::default(),
                value.clone(),
            )
            .expect("applies");
        assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
        let other = chain.actor(OTHER).expect("readable").expect("exists");
        assert_eq!(other.balance, value);
        assert_eq!(chain.messages().next_sequence, 1);
    }

    #[test]
    fn the_counter_constructs_and_answers_get() {
        let mut chain = bench_chain().expect("chain builds");
        let counter = Address::new_id(COUNTER);
        let seven = cbor_params(&7u64).expect("encodes");
        let ret = chain
            .send(counter, 1, seven, TokenAmount::zero())
            .expect("applies");
        assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
        let ret = chain
            .send(counter, 3, RawBytes::default(), TokenAmount::zero())
            .expect("applies");
        assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
        let count: u64 = decode_return(&ret).expect("decodes");
        assert_eq!(count, 7);
    }
}
