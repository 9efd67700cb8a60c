//! The small EVM contracts the nv18 messages deploy and call: the creation code fvmi's FEVM tests
//! compiled (`fevm-tests/contracts/build/*.bin`, included from there, sources beside them), and
//! ABI call data for their functions.

use sha3::{Digest as _, Keccak256};

/// The EAM's `Create` (from EVM actors only).
pub const EAM_CREATE: u64 = 2;
/// The EAM's `Create2` (from EVM actors only).
pub const EAM_CREATE2: u64 = 3;
/// The EAM's `CreateExternal` (from Ethereum accounts).
pub const EAM_CREATE_EXTERNAL: u64 = 4;
/// The EVM actor's `InvokeContract` (FRC-42 number).
pub const INVOKE_CONTRACT: u64 = 3_844_450_837;

/// A contract kind: what it is and which functions the generator calls on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `Counter.sol`: `increment()`, `count()`, `add(uint256)`.
    Counter,
    /// `Token.sol`: a minimal ERC-20 built with a supply.
    Token,
    /// `Caller.sol`: `incrementMany(address,uint256)`, `tryFail(address,uint256)`.
    Caller,
    /// `Reverter.sol`: `fail(uint256)` reverts from 10 on.
    Reverter,
    /// `Destructible.sol`: payable constructor, `ping()`, `destroy(address)`.
    Destructible,
    /// `Factory.sol`: `make()` deploys a Counter.
    Factory,
}

/// Every kind, in a fixed order.
pub const KINDS: [Kind; 6] = [
    Kind::Counter,
    Kind::Token,
    Kind::Caller,
    Kind::Reverter,
    Kind::Destructible,
    Kind::Factory,
];

impl Kind {
    /// The creation code (without constructor arguments).
    pub fn initcode(self) -> Vec<u8> {
        let text = match self {
            Kind::Counter => include_str!("../../../fevm-tests/contracts/build/Counter.bin"),
            Kind::Token => include_str!("../../../fevm-tests/contracts/build/Token.bin"),
            Kind::Caller => include_str!("../../../fevm-tests/contracts/build/Caller.bin"),
            Kind::Reverter => include_str!("../../../fevm-tests/contracts/build/Reverter.bin"),
            Kind::Destructible => {
                include_str!("../../../fevm-tests/contracts/build/Destructible.bin")
            }
            Kind::Factory => include_str!("../../../fevm-tests/contracts/build/Factory.bin"),
        };
        unhex(text)
    }
}

/// Bytes from hex digits (whitespace around them ignored; a non-digit counts as 0: the files
/// are generated, and a corrupt one shows as a contract both VMs reject alike).
fn unhex(text: &str) -> Vec<u8> {
    let nibble = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    text.trim()
        .as_bytes()
        .chunks(2)
        .map(|pair| pair.iter().fold(0u8, |acc, c| (acc << 4) | nibble(*c)))
        .collect()
}

/// The 4-byte selector of a function signature such as `add(uint256)`.
pub fn selector(signature: &str) -> [u8; 4] {
    let hash = Keccak256::digest(signature.as_bytes());
    [hash[0], hash[1], hash[2], hash[3]]
}

/// An ABI word holding `value`.
pub fn word(value: u128) -> [u8; 32] {
    let mut word = [0u8; 32];
    word[16..].copy_from_slice(&value.to_be_bytes());
    word
}

/// An ABI word holding an Ethereum address.
pub fn address_word(eth: &[u8; 20]) -> [u8; 32] {
    let mut word = [0u8; 32];
    word[12..].copy_from_slice(eth);
    word
}

/// Call data: the selector of `signature` followed by `words`.
pub fn call(signature: &str, words: &[[u8; 32]]) -> Vec<u8> {
    let mut data = selector(signature).to_vec();
    for word in words {
        data.extend_from_slice(word);
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_match_the_well_known_ones() {
        // ERC-20 `transfer(address,uint256)` is 0xa9059cbb on every chain.
        assert_eq!(
            selector("transfer(address,uint256)"),
            [0xa9, 0x05, 0x9c, 0xbb]
        );
    }

    #[test]
    fn every_contract_has_creation_code() {
        for kind in KINDS {
            let code = kind.initcode();
            // solc creation code starts with PUSH1 0x80 PUSH1 0x40 MSTORE.
            assert_eq!(&code[..5], &[0x60, 0x80, 0x60, 0x40, 0x52], "{kind:?}");
        }
    }
}
