//! `crypto`: signatures, hashing, proofs and consensus faults.

use crate::abi::ConsensusFaultOut;
use crate::bind::SyscallContext;
use crate::error::{ExecutionError, GuestError, Result};
use crate::kernel::Kernel;

/// Length of the message hash `recover_secp_public_key` takes.
const SECP_HASH_LEN: u32 = 32;
/// Length of a recoverable secp256k1 signature.
const SECP_SIG_LEN: u32 = 65;

/// Maps a verification outcome to the ABI's status: 0 valid, -1 invalid.
fn status(valid: bool) -> i32 {
    if valid {
        0
    } else {
        -1
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn verify_signature<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    sig_type: u32,
    sig_off: u32,
    sig_len: u32,
    addr_off: u32,
    addr_len: u32,
    plaintext_off: u32,
    plaintext_len: u32,
) -> Result<i32> {
    if !(1..=2).contains(&sig_type) {
        return Err(GuestError::InvalidEnumValue.into());
    }
    let signature = ctx.memory.slice(sig_off, sig_len)?;
    let signer = ctx.read_address(addr_off, addr_len)?;
    let plaintext = ctx.memory.slice(plaintext_off, plaintext_len)?;
    ctx.kernel
        .verify_signature(sig_type, signature, &signer, plaintext)
        .map(status)
}

pub(crate) fn recover_secp_public_key<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    hash_off: u32,
    sig_off: u32,
) -> Result<[u8; 65]> {
    let mut hash = [0u8; 32];
    hash.copy_from_slice(ctx.memory.slice(hash_off, SECP_HASH_LEN)?);
    let mut signature = [0u8; 65];
    signature.copy_from_slice(ctx.memory.slice(sig_off, SECP_SIG_LEN)?);
    ctx.kernel.recover_secp_public_key(&hash, &signature)
}

pub(crate) fn hash<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    hash_code: u64,
    data_off: u32,
    data_len: u32,
    digest_off: u32,
    digest_len: u32,
) -> Result<u32> {
    ctx.memory.check_bounds(digest_off, digest_len)?;
    let data = ctx.memory.slice(data_off, data_len)?;
    let digest = ctx.kernel.hash(hash_code, data)?;
    let out = ctx.memory.slice_mut(digest_off, digest_len)?;
    let n = out.len().min(digest.len());
    out[..n].copy_from_slice(&digest[..n]);
    Ok(n as u32)
}

pub(crate) fn compute_unsealed_sector_cid<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    proof_type: i64,
    pieces_off: u32,
    pieces_len: u32,
    cid_off: u32,
    cid_len: u32,
) -> Result<u32> {
    let pieces = ctx.memory.slice(pieces_off, pieces_len)?;
    ctx.memory.check_bounds(cid_off, cid_len)?;
    let cid = ctx.kernel.compute_unsealed_sector_cid(proof_type, pieces)?;
    Ok(ctx.memory.write_cid(&cid, cid_off, cid_len)?)
}

pub(crate) fn verify_seal<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    info_off: u32,
    info_len: u32,
) -> Result<i32> {
    let info = ctx.memory.slice(info_off, info_len)?;
    ctx.kernel.verify_seal(info).map(status)
}

pub(crate) fn verify_post<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    info_off: u32,
    info_len: u32,
) -> Result<i32> {
    let info = ctx.memory.slice(info_off, info_len)?;
    ctx.kernel.verify_post(info).map(status)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn verify_consensus_fault<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    h1_off: u32,
    h1_len: u32,
    h2_off: u32,
    h2_len: u32,
    extra_off: u32,
    extra_len: u32,
) -> Result<ConsensusFaultOut> {
    let h1 = ctx.memory.slice(h1_off, h1_len)?;
    let h2 = ctx.memory.slice(h2_off, h2_len)?;
    let extra = ctx.memory.slice(extra_off, extra_len)?;
    Ok(match ctx.kernel.verify_consensus_fault(h1, h2, extra)? {
        Some(fault) => ConsensusFaultOut {
            epoch: fault.epoch,
            target: fault.target,
            fault: fault.fault_type,
        },
        None => ConsensusFaultOut {
            epoch: 0,
            target: 0,
            fault: 0,
        },
    })
}

pub(crate) fn verify_aggregate_seals<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    off: u32,
    len: u32,
) -> Result<i32> {
    let aggregate = ctx.memory.slice(off, len)?;
    ctx.kernel.verify_aggregate_seals(aggregate).map(status)
}

pub(crate) fn verify_replica_update<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    off: u32,
    len: u32,
) -> Result<i32> {
    let replica = ctx.memory.slice(off, len)?;
    ctx.kernel.verify_replica_update(replica).map(status)
}

/// The element count of a definite-length CBOR array that starts `bytes`, or `None` when `bytes`
/// does not start with one (the kernel's decoder then rejects the batch before checking anything).
fn cbor_array_len(bytes: &[u8]) -> Option<u64> {
    const MAJOR_ARRAY: u8 = 4;
    let (&head, rest) = bytes.split_first()?;
    if head >> 5 != MAJOR_ARRAY {
        return None;
    }
    let width = match head & 0x1f {
        info @ 0..=23 => return Some(u64::from(info)),
        24 => 1,
        25 => 2,
        26 => 4,
        27 => 8,
        _ => return None,
    };
    let be = rest.get(..width)?;
    Some(be.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b)))
}

/// Like the reference, the result buffer (one byte per seal) is checked before any proof is
/// verified, so a bad buffer costs no verification work.
pub(crate) fn batch_verify_seals<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    batch_off: u32,
    batch_len: u32,
    result_off: u32,
) -> Result<()> {
    let batch = ctx.memory.slice(batch_off, batch_len)?;
    let expected = match cbor_array_len(batch) {
        Some(count) => {
            let count = u32::try_from(count).map_err(|_| GuestError::OutOfBounds)?;
            ctx.memory.check_bounds(result_off, count)?;
            Some(count)
        }
        None => None,
    };
    let results = ctx.kernel.batch_verify_seals(batch)?;
    let count = u32::try_from(results.len())
        .map_err(|_| ExecutionError::fatal("too many batch results"))?;
    if expected.is_some_and(|expected| expected != count) {
        return Err(ExecutionError::fatal(format!(
            "expected one result per seal: {expected:?} seals, {count} results"
        )));
    }
    let out = ctx.memory.slice_mut(result_off, count)?;
    for (slot, ok) in out.iter_mut().zip(results) {
        *slot = u8::from(ok);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::cbor_array_len;

    #[test]
    fn array_headers_give_their_length() {
        assert_eq!(cbor_array_len(&[0x80]), Some(0));
        assert_eq!(cbor_array_len(&[0x97, 0xff]), Some(23));
        assert_eq!(cbor_array_len(&[0x98, 200]), Some(200));
        assert_eq!(cbor_array_len(&[0x99, 0x01, 0x02]), Some(0x0102));
        assert_eq!(cbor_array_len(&[0x9a, 0, 1, 0, 0]), Some(0x10000));
        assert_eq!(
            cbor_array_len(&[0x9b, 0, 0, 0, 1, 0, 0, 0, 0]),
            Some(1 << 32)
        );
    }

    #[test]
    fn anything_else_gives_none() {
        assert_eq!(cbor_array_len(&[]), None);
        assert_eq!(cbor_array_len(&[0x9f, 0xff]), None);
        assert_eq!(cbor_array_len(&[0xa0]), None);
        assert_eq!(cbor_array_len(&[0x40]), None);
        assert_eq!(cbor_array_len(&[0x99, 0x01]), None);
    }
}
