//! Wrappers over the `ipld` imports: storing and loading IPLD blocks.

use alloc::vec;
use alloc::vec::Vec;

use cid::Cid;
use fvmi_types::sys::out::ipld::IpldStat;
use fvmi_types::sys::{BlockId, Codec};
use fvmi_types::{ErrorNumber, MAX_CID_LEN};

use crate::{sys, SyscallResult, NO_DATA_BLOCK_ID};

/// Multihash code of BLAKE2b-256, the hash of every state block.
pub const BLAKE2B_256: u64 = 0xb220;
/// Digest length of BLAKE2b-256.
pub const BLAKE2B_256_LEN: u32 = 32;

/// Decodes a CID the VM wrote into `buf[..len]`.
pub(crate) fn cid_from_buffer(buf: &[u8], len: u32) -> SyscallResult<Cid> {
    let bytes = buf.get(..len as usize).ok_or(ErrorNumber::BufferTooSmall)?;
    Cid::try_from(bytes).map_err(|_| ErrorNumber::Serialization)
}

/// Stores `data` as a block with `codec` and returns its CID, hashed with `hash_code` truncated
/// to `hash_len` bytes.
pub fn put(hash_code: u64, hash_len: u32, codec: Codec, data: &[u8]) -> SyscallResult<Cid> {
    let id = put_block(codec, data)?;
    link(id, hash_code, hash_len)
}

/// Stores `data` as a DAG-CBOR block hashed with BLAKE2b-256 (the usual state block).
pub fn put_cbor_block(data: &[u8]) -> SyscallResult<Cid> {
    put(BLAKE2B_256, BLAKE2B_256_LEN, crate::cbor::DAG_CBOR, data)
}

/// Loads the block `cid` names.
pub fn get(cid: &Cid) -> SyscallResult<Vec<u8>> {
    let open = sys::ipld_block_open(&cid.to_bytes())?;
    read_whole(open.id, open.size)
}

/// Registers `data` as a new block (not yet linked into the state) and returns its handle.
pub fn put_block(codec: Codec, data: &[u8]) -> SyscallResult<BlockId> {
    sys::ipld_block_create(codec, data)
}

/// Computes the CID of a registered block (and makes it reachable from state).
pub fn link(id: BlockId, hash_code: u64, hash_len: u32) -> SyscallResult<Cid> {
    let mut buf = [0u8; MAX_CID_LEN];
    let len = sys::ipld_block_link(id, hash_code, hash_len, &mut buf)?;
    cid_from_buffer(&buf, len)
}

/// Codec and size of a registered block.
pub fn stat(id: BlockId) -> SyscallResult<IpldStat> {
    sys::ipld_block_stat(id)
}

/// Reads up to `buf.len()` bytes of block `id` starting at `offset`. Returns the number of bytes
/// beyond the buffer still unread (negative when the buffer was larger than the rest).
pub fn read(id: BlockId, offset: u32, buf: &mut [u8]) -> SyscallResult<i32> {
    sys::ipld_block_read(id, offset, buf)
}

/// Reads a whole registered block; [`NO_DATA_BLOCK_ID`] reads as empty.
pub fn get_block(id: BlockId) -> SyscallResult<Vec<u8>> {
    if id == NO_DATA_BLOCK_ID {
        return Ok(Vec::new());
    }
    let size = stat(id)?.size;
    read_whole(id, size)
}

fn read_whole(id: BlockId, size: u32) -> SyscallResult<Vec<u8>> {
    let mut data = vec![0u8; size as usize];
    let remaining = read(id, 0, &mut data)?;
    if remaining != 0 {
        // The VM reported a size it then did not deliver.
        return Err(ErrorNumber::IllegalOperation);
    }
    Ok(data)
}
