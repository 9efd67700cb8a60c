//! The little of the Solidity ABI the tests need: selectors, static words, dynamic strings, and
//! the `Error(string)` revert payload.

use crate::eth::keccak256;

/// The 4-byte selector of a function signature such as `"transfer(address,uint256)"`.
pub fn selector(signature: &str) -> [u8; 4] {
    keccak256(signature.as_bytes())[..4]
        .try_into()
        .expect("4 bytes")
}

/// The topic of an event signature such as `"Transfer(address,address,uint256)"`.
pub fn event_topic(signature: &str) -> [u8; 32] {
    keccak256(signature.as_bytes())
}

/// A `uint256` word.
pub fn uint(value: u128) -> [u8; 32] {
    let mut word = [0u8; 32];
    word[16..].copy_from_slice(&value.to_be_bytes());
    word
}

/// A `bool` word.
pub fn boolean(value: bool) -> [u8; 32] {
    uint(value as u128)
}

/// Calldata: the selector of `signature` followed by static `words`.
pub fn calldata(signature: &str, words: &[[u8; 32]]) -> Vec<u8> {
    let mut data = selector(signature).to_vec();
    for word in words {
        data.extend_from_slice(word);
    }
    data
}

/// Reads a `uint256` that fits 128 bits from the 32-byte word at `index` of `data`.
///
/// # Panics
///
/// When `data` is too short or the value needs more than 128 bits.
pub fn read_uint(data: &[u8], index: usize) -> u128 {
    let word = &data[index * 32..index * 32 + 32];
    assert!(word[..16].iter().all(|b| *b == 0), "uint above 2^128");
    u128::from_be_bytes(word[16..].try_into().expect("16 bytes"))
}

/// The ABI encoding of a `string` in the tail of a return tuple: its length word, then its bytes
/// right-padded to a whole number of words.
pub fn string_tail(text: &str) -> Vec<u8> {
    let mut out = uint(text.len() as u128).to_vec();
    out.extend_from_slice(text.as_bytes());
    out.resize(32 + text.len().div_ceil(32) * 32, 0);
    out
}

/// Decodes a single dynamic `string` return value.
pub fn read_string(data: &[u8]) -> String {
    let offset = read_uint(data, 0) as usize;
    let len = read_uint(&data[offset..], 0) as usize;
    String::from_utf8(data[offset + 32..offset + 32 + len].to_vec()).expect("UTF-8")
}

/// The revert payload of `require(…, reason)` / `revert(reason)`: the selector of
/// `Error(string)` (`08c379a0`), then the ABI encoding of `(reason)`.
pub fn error_string(reason: &str) -> Vec<u8> {
    let mut out = selector("Error(string)").to_vec();
    out.extend_from_slice(&uint(32));
    out.extend_from_slice(&string_tail(reason));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_selectors_and_topics() {
        assert_eq!(selector("Error(string)"), [0x08, 0xc3, 0x79, 0xa0]);
        assert_eq!(
            selector("transfer(address,uint256)"),
            [0xa9, 0x05, 0x9c, 0xbb]
        );
        assert_eq!(
            crate::contracts::decode_hex(
                "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
            ),
            event_topic("Transfer(address,address,uint256)")
        );
    }

    #[test]
    fn error_string_layout() {
        let payload = error_string("x too large");
        assert_eq!(payload.len(), 4 + 32 * 3);
        assert_eq!(read_uint(&payload[4..], 0), 32);
        assert_eq!(read_uint(&payload[4..], 1), 11);
        assert_eq!(&payload[4 + 64..4 + 64 + 11], b"x too large");
        assert!(payload[4 + 64 + 11..].iter().all(|b| *b == 0));
        assert_eq!(read_string(&payload[4..]), "x too large");
    }
}
