//! The test contracts' creation code (initcode), compiled by `contracts/build.sh` (solc 0.8.19,
//! EVM version paris, optimizer on with 200 runs, no metadata) and committed as hex under
//! `contracts/build/`. The sources are under `contracts/src/`.

/// `contracts/src/Counter.sol`: `count()`, `increment()`, `add(uint256)`; event
/// `Incremented(address indexed by, uint256 count)`.
pub fn counter() -> Vec<u8> {
    decode_hex(include_str!("../contracts/build/Counter.bin"))
}

/// `contracts/src/Token.sol`: a minimal ERC-20 (`constructor(uint256 supply)`), events
/// `Transfer` and `Approval`.
pub fn token() -> Vec<u8> {
    decode_hex(include_str!("../contracts/build/Token.bin"))
}

/// `contracts/src/Caller.sol`: `incrementMany(address,uint256)` and `tryFail(address,uint256)`.
pub fn caller() -> Vec<u8> {
    decode_hex(include_str!("../contracts/build/Caller.bin"))
}

/// `contracts/src/Reverter.sol`: `fail(uint256)` reverts with "x too large" from 10 on.
pub fn reverter() -> Vec<u8> {
    decode_hex(include_str!("../contracts/build/Reverter.bin"))
}

/// `contracts/src/Destructible.sol`: payable constructor, `ping()`, `destroy(address)`.
pub fn destructible() -> Vec<u8> {
    decode_hex(include_str!("../contracts/build/Destructible.bin"))
}

/// `contracts/src/Factory.sol`: `make()` deploys a Counter with CREATE, increments it once and
/// returns its address; event `Made(address child)`.
pub fn factory() -> Vec<u8> {
    decode_hex(include_str!("../contracts/build/Factory.bin"))
}

/// Decodes hex digits (surrounding whitespace ignored).
///
/// # Panics
///
/// On an odd number of digits or a non-hex character.
pub fn decode_hex(text: &str) -> Vec<u8> {
    let text = text.trim().as_bytes();
    assert!(text.len().is_multiple_of(2), "odd number of hex digits");
    let digit = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => panic!("not a hex digit: {:?}", c as char),
    };
    text.chunks_exact(2)
        .map(|pair| digit(pair[0]) << 4 | digit(pair[1]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The v10 EVM predates Shanghai: no contract may contain PUSH0 (0x5f) as an instruction.
    #[test]
    fn no_push0_in_any_contract() {
        for (name, code) in [
            ("Counter", counter()),
            ("Token", token()),
            ("Caller", caller()),
            ("Reverter", reverter()),
            ("Destructible", destructible()),
            ("Factory", factory()),
        ] {
            assert!(!code.is_empty(), "{name} has code");
            let mut pc = 0;
            while pc < code.len() {
                let op = code[pc];
                assert_ne!(op, 0x5f, "{name}: PUSH0 at {pc}");
                pc += 1 + if (0x60..=0x7f).contains(&op) {
                    (op - 0x5f) as usize
                } else {
                    0
                };
            }
        }
    }
}
