//! Bounds-checked access to guest memory.

use crate::error::MemoryAccessError;

/// A view of an instance's linear memory with bounds-checked accessors.
#[derive(Debug)]
pub struct GuestMemory<'a> {
    bytes: &'a mut [u8],
}

impl<'a> GuestMemory<'a> {
    /// Wraps the memory's bytes.
    pub fn new(bytes: &'a mut [u8]) -> Self {
        GuestMemory { bytes }
    }

    /// The memory size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the memory is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn range(&self, offset: u32, len: u32) -> Result<core::ops::Range<usize>, MemoryAccessError> {
        let start = offset as usize;
        let end = start.checked_add(len as usize);
        match end {
            Some(end) if end <= self.bytes.len() => Ok(start..end),
            _ => Err(MemoryAccessError::OutOfBounds { offset, len }),
        }
    }

    /// The bytes at `offset..offset+len`.
    pub fn read(&self, offset: u32, len: u32) -> Result<&[u8], MemoryAccessError> {
        let r = self.range(offset, len)?;
        self.bytes
            .get(r)
            .ok_or(MemoryAccessError::OutOfBounds { offset, len })
    }

    /// `N` bytes at `offset`.
    pub fn read_array<const N: usize>(&self, offset: u32) -> Result<[u8; N], MemoryAccessError> {
        let len = u32::try_from(N).map_err(|_| MemoryAccessError::OutOfBounds {
            offset,
            len: u32::MAX,
        })?;
        let mut out = [0u8; N];
        out.copy_from_slice(self.read(offset, len)?);
        Ok(out)
    }

    /// A little-endian u32 at `offset`.
    pub fn read_u32(&self, offset: u32) -> Result<u32, MemoryAccessError> {
        self.read_array::<4>(offset).map(u32::from_le_bytes)
    }

    /// A little-endian u64 at `offset`.
    pub fn read_u64(&self, offset: u32) -> Result<u64, MemoryAccessError> {
        self.read_array::<8>(offset).map(u64::from_le_bytes)
    }

    /// The mutable bytes at `offset..offset+len`.
    pub fn slice_mut(&mut self, offset: u32, len: u32) -> Result<&mut [u8], MemoryAccessError> {
        let r = self.range(offset, len)?;
        self.bytes
            .get_mut(r)
            .ok_or(MemoryAccessError::OutOfBounds { offset, len })
    }

    /// Writes `data` at `offset`; nothing is written if it does not fit.
    pub fn write(&mut self, offset: u32, data: &[u8]) -> Result<(), MemoryAccessError> {
        let len = u32::try_from(data.len()).map_err(|_| MemoryAccessError::OutOfBounds {
            offset,
            len: u32::MAX,
        })?;
        self.slice_mut(offset, len)?.copy_from_slice(data);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_checked() {
        let mut bytes = vec![0u8; 16];
        let mut m = GuestMemory::new(&mut bytes);
        assert!(m.write(12, &[1, 2, 3, 4]).is_ok());
        assert_eq!(m.read_u32(12), Ok(u32::from_le_bytes([1, 2, 3, 4])));
        assert!(m.write(13, &[1, 2, 3, 4]).is_err());
        assert!(m.read(u32::MAX, 2).is_err());
        assert!(m.read(16, 0).is_ok());
        assert!(m.read(17, 0).is_err());
        assert!(m.read_u64(9).is_err());
        assert_eq!(m.len(), 16);
    }
}
