//! Finding the CIDs a DAG-CBOR block links to, without decoding it into values.
//!
//! The walk mirrors the reference VM's write-back scanner item for item, including what it
//! refuses: integer arguments that are not minimally encoded (floats included, as their bits are
//! checked the same way), indefinite lengths and reserved header values. Anything after the first
//! complete top-level item is ignored.

use cid::Cid;

use super::BlockstoreError;

/// CBOR tag of a CID link.
const CID_TAG: u64 = 42;
/// The longest CID byte string (with its leading zero) the scanner accepts.
const MAX_CID_BYTES: u64 = 100;

/// A cursor over a block whose position may run past the end, as a seekable stream's can.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: u64,
}

fn malformed(msg: impl Into<String>) -> BlockstoreError {
    BlockstoreError::MalformedBlock(msg.into())
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], BlockstoreError> {
        let start = usize::try_from(self.pos).map_err(|_| malformed("position overflow"))?;
        let end = start
            .checked_add(n)
            .ok_or_else(|| malformed("length overflow"))?;
        let out = self
            .bytes
            .get(start..end)
            .ok_or_else(|| malformed("unexpected end of block"))?;
        self.pos = end as u64;
        Ok(out)
    }

    fn skip(&mut self, n: u64) -> Result<(), BlockstoreError> {
        // A seek beyond the end succeeds; only a later read fails.
        self.pos = self
            .pos
            .checked_add(n)
            .ok_or_else(|| malformed("seek overflow"))?;
        Ok(())
    }

    /// Reads an item header: its major type and argument, refusing non-minimal arguments.
    fn header(&mut self) -> Result<(u8, u64), BlockstoreError> {
        let first = self.take(1)?[0];
        let major = first >> 5;
        let low = first & 0x1f;
        let (value, min) = match low {
            0..=23 => return Ok((major, u64::from(low))),
            24 => (u64::from(self.take(1)?[0]), 24),
            25 => (be(self.take(2)?), 0x100),
            26 => (be(self.take(4)?), 0x1_0000),
            27 => (be(self.take(8)?), 0x1_0000_0000),
            _ => return Err(malformed(format!("invalid CBOR header byte {first:#x}"))),
        };
        if value < min {
            return Err(malformed("CBOR argument not minimally encoded"));
        }
        Ok((major, value))
    }
}

fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
}

/// The CIDs linked from a DAG-CBOR block, in order of appearance (repeats included).
pub fn scan_links(block: &[u8]) -> Result<Vec<Cid>, BlockstoreError> {
    let mut cursor = Cursor {
        bytes: block,
        pos: 0,
    };
    let mut links = Vec::new();
    // Items still to read; grows with container lengths exactly as the reference's counter does.
    let mut remaining: u64 = 1;
    while remaining > 0 {
        let (major, arg) = cursor.header()?;
        match major {
            // Integers and simple values / floats carry nothing more.
            0 | 1 | 7 => {}
            // Byte and text strings: skip the payload.
            2 | 3 => {
                if arg > i64::MAX as u64 {
                    return Err(malformed("string length out of range"));
                }
                cursor.skip(arg)?;
            }
            4 => remaining = remaining.wrapping_add(arg),
            5 => remaining = remaining.wrapping_add(arg.wrapping_mul(2)),
            6 if arg == CID_TAG => links.push(read_link(&mut cursor)?),
            // Any other tag wraps exactly one item.
            6 => remaining = remaining.wrapping_add(1),
            _ => unreachable!("a major type has three bits"),
        }
        remaining -= 1;
    }
    Ok(links)
}

fn read_link(cursor: &mut Cursor<'_>) -> Result<Cid, BlockstoreError> {
    let (major, len) = cursor.header()?;
    if major != 2 {
        return Err(malformed("CID tag must wrap a byte string"));
    }
    if len > MAX_CID_BYTES {
        return Err(malformed("CID byte string too long"));
    }
    let bytes = cursor.take(len as usize)?;
    let body = bytes
        .get(1..)
        .filter(|b| !b.is_empty())
        .ok_or_else(|| malformed("empty CID byte string"))?;
    Cid::try_from(body).map_err(|e| malformed(format!("invalid CID: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbor::{cid_of, to_vec, DAG_CBOR, RAW};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[test]
    fn finds_links_in_order_through_nesting() {
        let a = cid_of(RAW, b"a");
        let b = cid_of(DAG_CBOR, b"b");
        let mut map = BTreeMap::new();
        map.insert(
            "k".to_string(),
            (b, "text", serde_bytes::ByteBuf::from(vec![9u8; 40])),
        );
        let value = (a, vec![1u64, 2, 300], map, a, -5i64, true, ());
        let bytes = to_vec(&value).unwrap();
        assert_eq!(scan_links(&bytes).unwrap(), vec![a, b, a]);
    }

    #[test]
    fn stops_after_the_first_item() {
        let a = cid_of(RAW, b"a");
        let mut bytes = to_vec(&7u64).unwrap();
        bytes.extend(to_vec(&a).unwrap());
        assert_eq!(scan_links(&bytes).unwrap(), vec![]);
    }

    #[test]
    fn refuses_what_the_reference_refuses() {
        assert!(scan_links(&[0x18, 0x05]).is_err()); // non-minimal
        assert!(scan_links(&[0x9f, 0xff]).is_err()); // indefinite array
        assert!(scan_links(&[0xfb, 0, 0, 0, 0, 0, 0, 0, 0]).is_err()); // float 0.0
        assert!(scan_links(&[0x82, 0x01]).is_err()); // truncated
        assert!(scan_links(&[]).is_err());
        assert!(scan_links(&[0xd8, 42, 0x40]).is_err()); // empty CID bytes
    }

    #[test]
    fn string_running_past_the_end_is_tolerated_when_last() {
        assert_eq!(scan_links(&[0x45, 1]).unwrap(), vec![]);
        assert!(scan_links(&[0x82, 0x45, 1, 0x01]).is_err());
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = scan_links(&bytes);
        }

        #[test]
        fn mutated_blocks_never_panic(idx in any::<usize>(), byte in any::<u8>(), cut in any::<usize>()) {
            let a = cid_of(RAW, b"a");
            let mut bytes = to_vec(&(a, vec![a, a], "x", 1u64 << 40)).unwrap();
            let i = idx % bytes.len();
            bytes[i] = byte;
            bytes.truncate(cut % (bytes.len() + 1));
            let _ = scan_links(&bytes);
        }
    }
}
