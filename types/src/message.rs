//! Messages.

use crate::{tuple_serde, Address, MethodNum, RawBytes, TokenAmount};

/// An unsigned message. Encoded as the 10-element CBOR array
/// `[version, to, from, sequence, value, gas_limit, gas_fee_cap, gas_premium, method_num, params]`
/// (note: `to` comes before `from`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Message {
    /// Message format version (always 0).
    pub version: i64,
    /// Recipient.
    pub to: Address,
    /// Sender.
    pub from: Address,
    /// Sender nonce.
    pub sequence: u64,
    /// Value transferred, in attoFIL.
    pub value: TokenAmount,
    /// Gas limit.
    pub gas_limit: i64,
    /// Maximum total price per gas unit.
    pub gas_fee_cap: TokenAmount,
    /// Miner tip per gas unit.
    pub gas_premium: TokenAmount,
    /// Method to invoke.
    pub method_num: MethodNum,
    /// Encoded parameters.
    pub params: RawBytes,
}

tuple_serde!(Message {
    version: i64,
    to: Address,
    from: Address,
    sequence: u64,
    value: TokenAmount,
    gas_limit: i64,
    gas_fee_cap: TokenAmount,
    gas_premium: TokenAmount,
    method_num: MethodNum,
    params: RawBytes,
});
