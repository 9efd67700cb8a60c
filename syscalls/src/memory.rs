//! Bounds-checked access to an actor's linear memory. Every guest pointer and length is untrusted:
//! all accesses go through these methods, which never panic.

use cid::Cid;
use fvmi_types::Address;

use crate::error::GuestError;

/// The longest CID the VM ever writes (4 varints of at most 9 bytes and a 64-byte digest).
pub const MAX_CID_LEN: usize = 100;

/// The multihash code of the only hash a CIDv0 may use (SHA2-256).
const CID_V0_HASH: u64 = 0x12;
/// The digest length of a CIDv0.
const CID_V0_DIGEST_LEN: usize = 32;
/// The bytes before the digest of an explicitly versioned CIDv0: varints version 0 and codec
/// dag-pb (0x70), then the multihash code and length (minimal varints are single bytes here).
const EXPLICIT_CID_V0_PREFIX: [u8; 4] = [0x00, 0x70, 0x12, 0x20];

/// An actor's linear memory, borrowed for the duration of one syscall.
pub struct GuestMemory<'a> {
    bytes: &'a mut [u8],
}

impl<'a> GuestMemory<'a> {
    /// Wraps the bytes of a linear memory.
    pub fn new(bytes: &'a mut [u8]) -> Self {
        Self { bytes }
    }

    /// The memory size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the memory is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Checks that `offset..offset + len` lies inside memory.
    pub fn check_bounds(&self, offset: u32, len: u32) -> Result<(), GuestError> {
        if u64::from(offset) + u64::from(len) <= self.bytes.len() as u64 {
            Ok(())
        } else {
            Err(GuestError::OutOfBounds)
        }
    }

    /// The bytes at `offset..offset + len`.
    pub fn slice(&self, offset: u32, len: u32) -> Result<&[u8], GuestError> {
        self.bytes
            .get(offset as usize..)
            .and_then(|rest| rest.get(..len as usize))
            .ok_or(GuestError::OutOfBounds)
    }

    /// The bytes at `offset..offset + len`, writable.
    pub fn slice_mut(&mut self, offset: u32, len: u32) -> Result<&mut [u8], GuestError> {
        self.bytes
            .get_mut(offset as usize..)
            .and_then(|rest| rest.get_mut(..len as usize))
            .ok_or(GuestError::OutOfBounds)
    }

    /// Reads a binary CID starting at `offset`; the CID's own encoding says where it ends (it may
    /// run to the end of memory, never past it).
    ///
    /// Besides the usual forms, an explicitly versioned CIDv0 (version 0, codec dag-pb, a 32-byte
    /// SHA2-256 multihash) is accepted, as the reference's `cid` 0.8 parser does.
    pub fn read_cid(&self, offset: u32) -> Result<Cid, GuestError> {
        let rest = self
            .bytes
            .get(offset as usize..)
            .ok_or(GuestError::OutOfBounds)?;
        if let Some(digest) = rest
            .strip_prefix(&EXPLICIT_CID_V0_PREFIX)
            .and_then(|tail| tail.get(..CID_V0_DIGEST_LEN))
        {
            return cid::multihash::Multihash::<64>::wrap(CID_V0_HASH, digest)
                .ok()
                .and_then(|mh| Cid::new_v0(mh).ok())
                .ok_or(GuestError::InvalidCid);
        }
        Cid::read_bytes(rest).map_err(|_| GuestError::InvalidCid)
    }

    /// Writes a CID into the buffer `offset..offset + len`; returns the CID's length.
    /// `OutOfBounds` when the buffer is outside memory, `BufferTooSmall` when it is too short.
    pub fn write_cid(&mut self, cid: &Cid, offset: u32, len: u32) -> Result<u32, GuestError> {
        let out = self.slice_mut(offset, len)?;
        let bytes = cid.to_bytes();
        if bytes.len() > MAX_CID_LEN || bytes.len() > out.len() {
            return Err(GuestError::BufferTooSmall);
        }
        out[..bytes.len()].copy_from_slice(&bytes);
        Ok(bytes.len() as u32)
    }

    /// Reads an address from `offset..offset + len`.
    pub fn read_address(&self, offset: u32, len: u32) -> Result<Address, GuestError> {
        let bytes = self.slice(offset, len)?;
        Address::from_bytes(bytes).map_err(|_| GuestError::InvalidAddress)
    }

    /// Reads a UTF-8 string from `offset..offset + len`.
    pub fn read_str(&self, offset: u32, len: u32) -> Result<&str, GuestError> {
        core::str::from_utf8(self.slice(offset, len)?).map_err(|_| GuestError::InvalidUtf8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample_cid() -> Cid {
        let digest = [7u8; 32];
        let mh = cid::multihash::Multihash::<64>::wrap(0xb220, &digest).unwrap();
        Cid::new_v1(0x71, mh)
    }

    #[test]
    fn cid_round_trip_and_truncation() {
        let cid = sample_cid();
        let mut bytes = vec![0u8; 64];
        let mut mem = GuestMemory::new(&mut bytes);
        let n = mem.write_cid(&cid, 3, 60).unwrap();
        assert_eq!(n as usize, cid.to_bytes().len());
        assert_eq!(mem.read_cid(3).unwrap(), cid);
        assert_eq!(mem.write_cid(&cid, 3, 10), Err(GuestError::BufferTooSmall));
        assert_eq!(mem.write_cid(&cid, 60, 10), Err(GuestError::OutOfBounds));
        let mut short = cid.to_bytes();
        short.truncate(20);
        let mem = GuestMemory::new(&mut short);
        assert_eq!(mem.read_cid(0), Err(GuestError::InvalidCid));
        assert_eq!(mem.read_cid(200), Err(GuestError::OutOfBounds));
    }

    #[test]
    fn explicit_cid_v0_reads_as_the_v0_cid() {
        let digest = [9u8; 32];
        let mh = cid::multihash::Multihash::<64>::wrap(0x12, &digest).unwrap();
        let v0 = Cid::new_v0(mh).unwrap();
        let mut explicit = vec![0x00, 0x70, 0x12, 0x20];
        explicit.extend_from_slice(&digest);
        explicit.push(0xaa);
        let mem = GuestMemory::new(&mut explicit);
        assert_eq!(mem.read_cid(0), Ok(v0));
        // The bare-multihash form still reads the same CID.
        let mut bare = v0.to_bytes();
        assert_eq!(GuestMemory::new(&mut bare).read_cid(0), Ok(v0));
        // Truncated digest, another codec or another hash: not a CIDv0.
        for bad in [
            [&[0x00u8, 0x70, 0x12, 0x20][..], &digest[..31]].concat(),
            [&[0x00u8, 0x71, 0x12, 0x20][..], &digest[..]].concat(),
            [&[0x00u8, 0x70, 0x13, 0x20][..], &digest[..]].concat(),
            [&[0x00u8, 0x70, 0x12, 0x1f][..], &digest[..31]].concat(),
        ] {
            let mut bad = bad;
            assert_eq!(
                GuestMemory::new(&mut bad).read_cid(0),
                Err(GuestError::InvalidCid)
            );
        }
    }

    #[test]
    fn empty_slices() {
        let mut none: [u8; 0] = [];
        let mem = GuestMemory::new(&mut none);
        assert!(mem.slice(0, 0).is_ok());
        assert_eq!(mem.slice(1, 0), Err(GuestError::OutOfBounds));
        assert_eq!(mem.slice(u32::MAX, 0), Err(GuestError::OutOfBounds));
    }

    proptest! {
        #[test]
        fn accesses_agree_with_model(size in 0usize..256, offset: u32, len: u32, small in 0u32..300, small_len in 0u32..300) {
            let mut bytes = vec![0u8; size];
            let mut mem = GuestMemory::new(&mut bytes);
            for (o, l) in [(offset, len), (small, small_len), (small, len), (offset, small_len)] {
                let inside = u64::from(o) + u64::from(l) <= size as u64;
                prop_assert_eq!(mem.check_bounds(o, l).is_ok(), inside);
                prop_assert_eq!(mem.slice(o, l).is_ok(), inside);
                prop_assert_eq!(mem.slice_mut(o, l).map(|s| s.len()).ok(), inside.then_some(l as usize));
                let _ = mem.read_cid(o);
                let _ = mem.read_address(o, l);
                let _ = mem.read_str(o, l);
            }
        }
    }
}
