//! Writing CAR v1 archives.

use std::io::Write;

use cid::Cid;

use super::{CarError, CarHeader};
use crate::cbor;

/// Appends `value` as an unsigned LEB128 varint.
pub(super) fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Writes a CAR v1 archive with `roots` and the given blocks, in the order given.
///
/// Blocks are written as they are: their CIDs are not recomputed.
pub fn write_car<W, I, B>(roots: &[Cid], blocks: I, mut writer: W) -> Result<(), CarError>
where
    W: Write,
    I: IntoIterator<Item = (Cid, B)>,
    B: AsRef<[u8]>,
{
    let header = cbor::to_vec(&CarHeader {
        roots: roots.to_vec(),
        version: 1,
    })?;
    let mut prefix = Vec::with_capacity(10);
    push_varint(&mut prefix, header.len() as u64);
    writer.write_all(&prefix)?;
    writer.write_all(&header)?;
    for (cid, data) in blocks {
        let cid_bytes = cid.to_bytes();
        let data = data.as_ref();
        prefix.clear();
        push_varint(&mut prefix, (cid_bytes.len() + data.len()) as u64);
        writer.write_all(&prefix)?;
        writer.write_all(&cid_bytes)?;
        writer.write_all(data)?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        let enc = |v| {
            let mut out = Vec::new();
            push_varint(&mut out, v);
            out
        };
        assert_eq!(enc(0), [0]);
        assert_eq!(enc(127), [0x7f]);
        assert_eq!(enc(128), [0x80, 1]);
        assert_eq!(enc(300), [0xac, 0x02]);
        assert_eq!(enc(u64::MAX).len(), 10);
    }

    #[test]
    fn header_is_canonical_dag_cbor() {
        let mut out = Vec::new();
        write_car(&[], std::iter::empty::<(Cid, Vec<u8>)>(), &mut out).unwrap();
        // {"roots": [], "version": 1}: keys sorted by length.
        let mut expected = vec![0xa2, 0x65];
        expected.extend(b"roots");
        expected.extend([0x80, 0x67]);
        expected.extend(b"version");
        expected.push(0x01);
        assert_eq!(out[0] as usize, expected.len());
        assert_eq!(&out[1..], &expected[..]);
    }
}
