//! Messages from one sender with the sequence tracked.

use fvmi_types::{Address, Message, RawBytes, TokenAmount};

/// The gas limit of a test message unless set otherwise: ample for any test actor.
pub const DEFAULT_GAS_LIMIT: i64 = 1_000_000_000;

/// Builds messages from one sender: each takes the next sequence number, and the gas limit, fee
/// cap and premium set here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageBuilder {
    /// The sender.
    pub from: Address,
    /// The sequence number the next message gets.
    pub next_sequence: u64,
    /// The gas limit (default [`DEFAULT_GAS_LIMIT`]).
    pub gas_limit: i64,
    /// The fee cap, attoFIL per gas (default 1000).
    pub gas_fee_cap: TokenAmount,
    /// The premium, attoFIL per gas (default 10).
    pub gas_premium: TokenAmount,
}

impl MessageBuilder {
    /// Messages from `from`, starting at sequence 0.
    pub fn new(from: Address) -> Self {
        Self {
            from,
            next_sequence: 0,
            gas_limit: DEFAULT_GAS_LIMIT,
            gas_fee_cap: TokenAmount::from_atto(1_000u64),
            gas_premium: TokenAmount::from_atto(10u64),
        }
    }

    /// The next message: to `to`, method `method`, `params` (DAG-CBOR, or empty), `value`.
    pub fn message(
        &mut self,
        to: Address,
        method: u64,
        params: RawBytes,
        value: TokenAmount,
    ) -> Message {
        let message = Message {
            version: 0,
            to,
            from: self.from,
            sequence: self.next_sequence,
            value,
            gas_limit: self.gas_limit,
            gas_fee_cap: self.gas_fee_cap.clone(),
            gas_premium: self.gas_premium.clone(),
            method_num: method,
            params,
        };
        self.next_sequence += 1;
        message
    }
}
