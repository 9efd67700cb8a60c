//! Streaming CAR v1 reader.

use std::io::{ErrorKind, Read};

use cid::Cid;
use sha2::{Digest, Sha256};

use super::{CarError, CarHeader, MAX_HEADER_LEN, MAX_SECTION_LEN};
use crate::cbor::{self, BLAKE2B_256, IDENTITY, SHA2_256};

/// Reads a CAR v1 stream one verified block at a time.
#[derive(Debug)]
pub struct CarReader<R> {
    reader: R,
    header: CarHeader,
    verify: bool,
}

/// Reads an unsigned LEB128 varint; `Ok(None)` on a clean end of stream before its first byte.
fn read_varint<R: Read>(reader: &mut R) -> Result<Option<u64>, CarError> {
    let mut value = 0u64;
    for i in 0..10u32 {
        let mut byte = [0u8];
        match reader.read_exact(&mut byte) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => {
                return if i == 0 {
                    Ok(None)
                } else {
                    Err(CarError::Truncated)
                };
            }
            Err(e) => return Err(e.into()),
        }
        let bits = u64::from(byte[0] & 0x7f);
        if i == 9 && bits > 1 {
            return Err(CarError::InvalidVarint);
        }
        value |= bits << (7 * i);
        if byte[0] & 0x80 == 0 {
            return Ok(Some(value));
        }
    }
    Err(CarError::InvalidVarint)
}

/// Reads exactly `len` bytes, growing the buffer only as data arrives.
fn read_bounded<R: Read>(reader: &mut R, len: u64) -> Result<Vec<u8>, CarError> {
    let mut buf = Vec::new();
    let read = reader.take(len).read_to_end(&mut buf)?;
    if (read as u64) < len {
        return Err(CarError::Truncated);
    }
    Ok(buf)
}

fn checked_len(what: &'static str, len: u64, limit: u64) -> Result<u64, CarError> {
    if len == 0 || len > limit {
        return Err(CarError::LengthOutOfBounds { what, len, limit });
    }
    Ok(len)
}

/// Checks that `data` hashes to `cid`.
pub fn verify_block(cid: &Cid, data: &[u8]) -> Result<(), CarError> {
    let mh = cid.hash();
    let matches = match mh.code() {
        BLAKE2B_256 => {
            let full = cbor::blake2b_256(data);
            mh.size() == 32 && mh.digest() == full
        }
        SHA2_256 => {
            let full: [u8; 32] = Sha256::digest(data).into();
            mh.size() == 32 && mh.digest() == full
        }
        IDENTITY => mh.digest() == data,
        code => return Err(CarError::UnsupportedHash { cid: *cid, code }),
    };
    if matches {
        Ok(())
    } else {
        Err(CarError::HashMismatch(*cid))
    }
}

impl<R: Read> CarReader<R> {
    /// Reads and checks the header; every block will be checked against its CID.
    pub fn new(reader: R) -> Result<Self, CarError> {
        Self::open(reader, true)
    }

    /// Like [`new`](Self::new), but blocks are not checked against their CIDs. Only for trusted
    /// archives whose CIDs are assigned rather than computed, such as the actors v7 bundle, which
    /// stores each actor's wasm under a "forced" identity CID (`fil/7/<name>`).
    pub fn new_unverified(reader: R) -> Result<Self, CarError> {
        Self::open(reader, false)
    }

    fn open(mut reader: R, verify: bool) -> Result<Self, CarError> {
        let len = read_varint(&mut reader)?.ok_or(CarError::Truncated)?;
        let len = checked_len("header", len, MAX_HEADER_LEN)?;
        let bytes = read_bounded(&mut reader, len)?;
        let header: CarHeader =
            cbor::from_slice(&bytes).map_err(|e| CarError::InvalidHeader(e.to_string()))?;
        if header.version != 1 {
            return Err(CarError::UnsupportedVersion(header.version));
        }
        Ok(Self {
            reader,
            header,
            verify,
        })
    }

    /// The archive's header.
    pub fn header(&self) -> &CarHeader {
        &self.header
    }

    /// The next block and its CID, checked; `None` at the end of the archive.
    pub fn next_block(&mut self) -> Result<Option<(Cid, Vec<u8>)>, CarError> {
        let Some(len) = read_varint(&mut self.reader)? else {
            return Ok(None);
        };
        let len = checked_len("section", len, MAX_SECTION_LEN)?;
        let section = read_bounded(&mut self.reader, len)?;
        let mut rest = &section[..];
        let cid = Cid::read_bytes(&mut rest).map_err(|e| CarError::InvalidCid(e.to_string()))?;
        let data = rest.to_vec();
        if self.verify {
            verify_block(&cid, &data)?;
        }
        Ok(Some((cid, data)))
    }
}

impl<R: Read> Iterator for CarReader<R> {
    type Item = Result<(Cid, Vec<u8>), CarError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_block().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_limits() {
        let read = |bytes: &[u8]| read_varint(&mut &bytes[..]);
        assert_eq!(read(&[]).unwrap(), None);
        assert_eq!(read(&[0xac, 0x02]).unwrap(), Some(300));
        assert!(matches!(read(&[0x80]), Err(CarError::Truncated)));
        let max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(read(&max).unwrap(), Some(u64::MAX));
        let over = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert!(matches!(read(&over), Err(CarError::InvalidVarint)));
        let long = [0x80; 11];
        assert!(matches!(read(&long), Err(CarError::InvalidVarint)));
    }
}
