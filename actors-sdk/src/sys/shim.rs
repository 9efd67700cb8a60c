//! Safe, slice-based shims over [`super::raw`], one per import.
//!
//! Each shim's `SAFETY` note states why the host cannot write outside the buffers we pass:
//! value results are written to a local array of exactly the result's ABI size, and output
//! buffers are passed with their true length.

use fvmi_types::sys::out::crypto::VerifyConsensusFault;
use fvmi_types::sys::out::ipld::{IpldOpen, IpldStat};
use fvmi_types::sys::out::send::Send;
use fvmi_types::sys::out::vm::InvocationContext;
use fvmi_types::sys::{BlockId, Codec, TokenAmount};
use fvmi_types::RANDOMNESS_LENGTH;

use super::{len32, raw, status};
use crate::SyscallResult;

/// Calls an import that returns a value of `$size` bytes and yields those bytes.
macro_rules! with_ret {
    ($size:expr, |$ret:ident| $call:expr) => {{
        let mut out = [0u8; $size];
        let $ret = out.as_mut_ptr();
        status($call)?;
        Ok::<[u8; $size], fvmi_types::ErrorNumber>(out)
    }};
}

fn u32_from(bytes: [u8; 4]) -> u32 {
    u32::from_le_bytes(bytes)
}

fn i32_from(bytes: [u8; 4]) -> i32 {
    i32::from_le_bytes(bytes)
}

// ---- actor ----

pub(crate) fn actor_resolve_address(addr: &[u8]) -> SyscallResult<u64> {
    // SAFETY: the host writes 8 bytes to `ret` and reads `addr.len()` bytes from `addr`.
    let out = with_ret!(8, |ret| unsafe {
        raw::actor::resolve_address(ret, addr.as_ptr(), len32(addr))
    })?;
    Ok(u64::from_le_bytes(out))
}

pub(crate) fn actor_get_actor_code_cid(id: u64, buf: &mut [u8]) -> SyscallResult<u32> {
    let len = len32(buf);
    // SAFETY: 4 bytes to `ret`; at most `len` bytes to `buf`.
    with_ret!(4, |ret| unsafe {
        raw::actor::get_actor_code_cid(ret, id, buf.as_mut_ptr(), len)
    })
    .map(u32_from)
}

pub(crate) fn actor_get_builtin_actor_type(cid: &[u8]) -> SyscallResult<i32> {
    // SAFETY: 4 bytes to `ret`; the host reads one CID from `cid`, which holds a whole CID.
    with_ret!(4, |ret| unsafe {
        raw::actor::get_builtin_actor_type(ret, cid.as_ptr())
    })
    .map(i32_from)
}

pub(crate) fn actor_get_code_cid_for_type(typ: i32, buf: &mut [u8]) -> SyscallResult<u32> {
    let len = len32(buf);
    // SAFETY: 4 bytes to `ret`; at most `len` bytes to `buf`.
    with_ret!(4, |ret| unsafe {
        raw::actor::get_code_cid_for_type(ret, typ, buf.as_mut_ptr(), len)
    })
    .map(u32_from)
}

pub(crate) fn actor_new_actor_address(buf: &mut [u8]) -> SyscallResult<u32> {
    let len = len32(buf);
    // SAFETY: 4 bytes to `ret`; at most `len` bytes to `buf`.
    with_ret!(4, |ret| unsafe {
        raw::actor::new_actor_address(ret, buf.as_mut_ptr(), len)
    })
    .map(u32_from)
}

pub(crate) fn actor_create_actor(id: u64, code_cid: &[u8]) -> SyscallResult<()> {
    // SAFETY: the host only reads one CID from `code_cid`, which holds a whole CID.
    status(unsafe { raw::actor::create_actor(id, code_cid.as_ptr()) })
}

// ---- crypto ----

pub(crate) fn crypto_verify_signature(
    sig_type: u32,
    signature: &[u8],
    signer: &[u8],
    plaintext: &[u8],
) -> SyscallResult<i32> {
    // SAFETY: 4 bytes to `ret`; the three inputs are only read, within their lengths.
    with_ret!(4, |ret| unsafe {
        raw::crypto::verify_signature(
            ret,
            sig_type,
            signature.as_ptr(),
            len32(signature),
            signer.as_ptr(),
            len32(signer),
            plaintext.as_ptr(),
            len32(plaintext),
        )
    })
    .map(i32_from)
}

pub(crate) fn crypto_hash(code: u64, data: &[u8], digest: &mut [u8]) -> SyscallResult<u32> {
    let len = len32(digest);
    // SAFETY: 4 bytes to `ret`; at most `len` bytes to `digest`.
    with_ret!(4, |ret| unsafe {
        raw::crypto::hash(
            ret,
            code,
            data.as_ptr(),
            len32(data),
            digest.as_mut_ptr(),
            len,
        )
    })
    .map(u32_from)
}

pub(crate) fn crypto_compute_unsealed_sector_cid(
    proof_type: i64,
    pieces: &[u8],
    cid: &mut [u8],
) -> SyscallResult<u32> {
    let len = len32(cid);
    // SAFETY: 4 bytes to `ret`; at most `len` bytes to `cid`.
    with_ret!(4, |ret| unsafe {
        raw::crypto::compute_unsealed_sector_cid(
            ret,
            proof_type,
            pieces.as_ptr(),
            len32(pieces),
            cid.as_mut_ptr(),
            len,
        )
    })
    .map(u32_from)
}

/// Which single-input verification import to call.
#[derive(Clone, Copy)]
pub(crate) enum Verify {
    Seal,
    Post,
    AggregateSeals,
    ReplicaUpdate,
}

pub(crate) fn crypto_verify(which: Verify, input: &[u8]) -> SyscallResult<i32> {
    let (ptr, len) = (input.as_ptr(), len32(input));
    // SAFETY: 4 bytes to `ret`; `input` is only read.
    with_ret!(4, |ret| unsafe {
        match which {
            Verify::Seal => raw::crypto::verify_seal(ret, ptr, len),
            Verify::Post => raw::crypto::verify_post(ret, ptr, len),
            Verify::AggregateSeals => raw::crypto::verify_aggregate_seals(ret, ptr, len),
            Verify::ReplicaUpdate => raw::crypto::verify_replica_update(ret, ptr, len),
        }
    })
    .map(i32_from)
}

pub(crate) fn crypto_verify_consensus_fault(
    h1: &[u8],
    h2: &[u8],
    extra: &[u8],
) -> SyscallResult<VerifyConsensusFault> {
    // SAFETY: exactly `VerifyConsensusFault::SIZE` bytes to `ret`; inputs are only read.
    let out = with_ret!(VerifyConsensusFault::SIZE, |ret| unsafe {
        raw::crypto::verify_consensus_fault(
            ret,
            h1.as_ptr(),
            len32(h1),
            h2.as_ptr(),
            len32(h2),
            extra.as_ptr(),
            len32(extra),
        )
    })?;
    Ok(VerifyConsensusFault::from_le_bytes(&out))
}

/// `results` must have one byte per seal encoded in `batch`: the host writes exactly that many.
pub(crate) fn crypto_batch_verify_seals(
    batch: &[u8],
    count: usize,
    results: &mut alloc::vec::Vec<u8>,
) -> SyscallResult<()> {
    results.clear();
    results.resize(count, 0);
    // SAFETY: `batch` encodes exactly `count` seals (the caller encodes a slice of `count`
    // infos), and the host writes one byte per seal into `results`, which holds `count` bytes.
    status(unsafe {
        raw::crypto::batch_verify_seals(batch.as_ptr(), len32(batch), results.as_mut_ptr())
    })
}

// ---- debug, gas ----

pub(crate) fn debug_enabled() -> SyscallResult<i32> {
    // SAFETY: 4 bytes to `ret`.
    with_ret!(4, |ret| unsafe { raw::debug::enabled(ret) }).map(i32_from)
}

pub(crate) fn debug_log(message: &str) -> SyscallResult<()> {
    // SAFETY: `message` is only read.
    status(unsafe { raw::debug::log(message.as_ptr(), len32(message.as_bytes())) })
}

pub(crate) fn gas_charge(name: &str, amount: u64) -> SyscallResult<()> {
    // SAFETY: `name` is only read.
    status(unsafe { raw::gas::charge(name.as_ptr(), len32(name.as_bytes()), amount) })
}

// ---- ipld ----

pub(crate) fn ipld_block_open(cid: &[u8]) -> SyscallResult<IpldOpen> {
    // SAFETY: `IpldOpen::SIZE` bytes to `ret`; the host reads one CID from `cid`.
    let out = with_ret!(IpldOpen::SIZE, |ret| unsafe {
        raw::ipld::block_open(ret, cid.as_ptr())
    })?;
    Ok(IpldOpen::from_le_bytes(&out))
}

pub(crate) fn ipld_block_create(codec: Codec, data: &[u8]) -> SyscallResult<BlockId> {
    // SAFETY: 4 bytes to `ret`; `data` is only read.
    with_ret!(4, |ret| unsafe {
        raw::ipld::block_create(ret, codec, data.as_ptr(), len32(data))
    })
    .map(u32_from)
}

pub(crate) fn ipld_block_read(id: BlockId, offset: u32, buf: &mut [u8]) -> SyscallResult<i32> {
    let len = len32(buf);
    // SAFETY: 4 bytes to `ret`; at most `len` bytes to `buf`.
    with_ret!(4, |ret| unsafe {
        raw::ipld::block_read(ret, id, offset, buf.as_mut_ptr(), len)
    })
    .map(i32_from)
}

pub(crate) fn ipld_block_stat(id: BlockId) -> SyscallResult<IpldStat> {
    // SAFETY: `IpldStat::SIZE` bytes to `ret`.
    let out = with_ret!(IpldStat::SIZE, |ret| unsafe {
        raw::ipld::block_stat(ret, id)
    })?;
    Ok(IpldStat::from_le_bytes(&out))
}

pub(crate) fn ipld_block_link(
    id: BlockId,
    hash_fun: u64,
    hash_len: u32,
    cid: &mut [u8],
) -> SyscallResult<u32> {
    let len = len32(cid);
    // SAFETY: 4 bytes to `ret`; at most `len` bytes to `cid`.
    with_ret!(4, |ret| unsafe {
        raw::ipld::block_link(ret, id, hash_fun, hash_len, cid.as_mut_ptr(), len)
    })
    .map(u32_from)
}

// ---- network, rand ----

fn token_amount(call: impl FnOnce(*mut u8) -> u32) -> SyscallResult<TokenAmount> {
    let out = with_ret!(TokenAmount::SIZE, |ret| call(ret))?;
    Ok(TokenAmount::from_le_bytes(&out))
}

pub(crate) fn network_base_fee() -> SyscallResult<TokenAmount> {
    // SAFETY: `TokenAmount::SIZE` bytes to `ret`.
    token_amount(|ret| unsafe { raw::network::base_fee(ret) })
}

pub(crate) fn network_total_fil_circ_supply() -> SyscallResult<TokenAmount> {
    // SAFETY: `TokenAmount::SIZE` bytes to `ret`.
    token_amount(|ret| unsafe { raw::network::total_fil_circ_supply(ret) })
}

pub(crate) fn rand_randomness(
    beacon: bool,
    tag: i64,
    epoch: i64,
    entropy: &[u8],
) -> SyscallResult<[u8; RANDOMNESS_LENGTH]> {
    let (ptr, len) = (entropy.as_ptr(), len32(entropy));
    // SAFETY: `RANDOMNESS_LENGTH` bytes to `ret`; `entropy` is only read.
    with_ret!(RANDOMNESS_LENGTH, |ret| unsafe {
        if beacon {
            raw::rand::get_beacon_randomness(ret, tag, epoch, ptr, len)
        } else {
            raw::rand::get_chain_randomness(ret, tag, epoch, ptr, len)
        }
    })
}

// ---- send ----

pub(crate) fn send_send(
    recipient: &[u8],
    method: u64,
    params: BlockId,
    value: TokenAmount,
) -> SyscallResult<Send> {
    // SAFETY: `Send::SIZE` bytes to `ret`; `recipient` is only read.
    let out = with_ret!(Send::SIZE, |ret| unsafe {
        raw::send::send(
            ret,
            recipient.as_ptr(),
            len32(recipient),
            method,
            params,
            value.hi,
            value.lo,
        )
    })?;
    Ok(Send::from_le_bytes(&out))
}

// ---- self ----

pub(crate) fn self_root(cid: &mut [u8]) -> SyscallResult<u32> {
    let len = len32(cid);
    // SAFETY: 4 bytes to `ret`; at most `len` bytes to `cid`.
    with_ret!(4, |ret| unsafe {
        raw::sself::root(ret, cid.as_mut_ptr(), len)
    })
    .map(u32_from)
}

pub(crate) fn self_set_root(cid: &[u8]) -> SyscallResult<()> {
    // SAFETY: the host reads one CID from `cid`, which holds a whole CID.
    status(unsafe { raw::sself::set_root(cid.as_ptr()) })
}

pub(crate) fn self_current_balance() -> SyscallResult<TokenAmount> {
    // SAFETY: `TokenAmount::SIZE` bytes to `ret`.
    token_amount(|ret| unsafe { raw::sself::current_balance(ret) })
}

pub(crate) fn self_self_destruct(beneficiary: &[u8]) -> SyscallResult<()> {
    // SAFETY: `beneficiary` is only read.
    status(unsafe { raw::sself::self_destruct(beneficiary.as_ptr(), len32(beneficiary)) })
}

// ---- vm ----

pub(crate) fn vm_abort(code: u32, message: &str) -> ! {
    // SAFETY: `message` is only read. The import does not return on the FVM.
    unsafe { raw::vm::abort(code, message.as_ptr(), len32(message.as_bytes())) };
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    panic!("actor aborted with exit code {code}: {message}");
}

pub(crate) fn vm_context() -> SyscallResult<InvocationContext> {
    // SAFETY: `InvocationContext::SIZE` bytes to `ret`.
    let out = with_ret!(InvocationContext::SIZE, |ret| unsafe {
        raw::vm::context(ret)
    })?;
    Ok(InvocationContext::from_le_bytes(&out))
}
