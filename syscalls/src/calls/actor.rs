//! `actor`: address resolution, code lookup and actor creation.

use fvmi_types::ErrorNumber;

use crate::bind::SyscallContext;
use crate::error::{ExecutionError, GuestError, Result};
use crate::kernel::Kernel;

/// The length of an actor-protocol address (protocol byte and a 20-byte hash).
const ACTOR_ADDRESS_LEN: u32 = 21;

pub(crate) fn resolve_address<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    addr_off: u32,
    addr_len: u32,
) -> Result<u64> {
    let addr = ctx.read_address(addr_off, addr_len)?;
    ctx.kernel
        .resolve_address(&addr)?
        .ok_or_else(|| ExecutionError::syscall(ErrorNumber::NotFound, "actor not found"))
}

pub(crate) fn get_actor_code_cid<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    actor_id: u64,
    obuf_off: u32,
    obuf_len: u32,
) -> Result<u32> {
    ctx.memory.check_bounds(obuf_off, obuf_len)?;
    let code = ctx
        .kernel
        .get_actor_code_cid(actor_id)?
        .ok_or_else(|| ExecutionError::syscall(ErrorNumber::NotFound, "target actor not found"))?;
    Ok(ctx.memory.write_cid(&code, obuf_off, obuf_len)?)
}

pub(crate) fn new_actor_address<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    obuf_off: u32,
    obuf_len: u32,
) -> Result<u32> {
    ctx.memory.check_bounds(obuf_off, obuf_len)?;
    if obuf_len < ACTOR_ADDRESS_LEN {
        return Err(GuestError::BufferTooSmall.into());
    }
    let bytes = ctx.kernel.new_actor_address()?.to_bytes();
    let out = ctx.memory.slice_mut(obuf_off, obuf_len)?;
    let slot = out.get_mut(..bytes.len()).ok_or_else(|| {
        ExecutionError::fatal(format!("created a {} byte actor address", bytes.len()))
    })?;
    slot.copy_from_slice(&bytes);
    Ok(bytes.len() as u32)
}

pub(crate) fn create_actor<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    actor_id: u64,
    typ_off: u32,
) -> Result<()> {
    let code = ctx.memory.read_cid(typ_off)?;
    ctx.kernel.create_actor(code, actor_id)
}

pub(crate) fn get_builtin_actor_type<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    code_off: u32,
) -> Result<i32> {
    let code = ctx.memory.read_cid(code_off)?;
    Ok(ctx.kernel.get_builtin_actor_type(&code) as i32)
}

pub(crate) fn get_code_cid_for_type<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    typ: i32,
    obuf_off: u32,
    obuf_len: u32,
) -> Result<u32> {
    ctx.memory.check_bounds(obuf_off, obuf_len)?;
    let code = ctx.kernel.get_code_cid_for_type(typ as u32)?;
    Ok(ctx.memory.write_cid(&code, obuf_off, obuf_len)?)
}

/// `actor::lookup_delegated_address` (ABI v3): the length written, 0 when the actor has none.
pub(crate) fn lookup_delegated_address<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    actor_id: u64,
    obuf_off: u32,
    obuf_len: u32,
) -> Result<u32> {
    ctx.memory.slice_mut(obuf_off, obuf_len)?;
    let Some(address) = ctx.kernel.lookup_delegated_address(actor_id)? else {
        return Ok(0);
    };
    write_address_bytes(ctx, &address.to_bytes(), obuf_off, obuf_len)
}

/// `actor::next_actor_address` (ABI v3).
pub(crate) fn next_actor_address<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    obuf_off: u32,
    obuf_len: u32,
) -> Result<u32> {
    ctx.memory.slice_mut(obuf_off, obuf_len)?;
    if obuf_len < ACTOR_ADDRESS_LEN {
        return Err(GuestError::BufferTooSmall.into());
    }
    let bytes = ctx.kernel.next_actor_address()?.to_bytes();
    write_address_bytes(ctx, &bytes, obuf_off, obuf_len)
}

/// Copies address bytes into the guest buffer; `BufferTooSmall` when they do not fit.
fn write_address_bytes<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    bytes: &[u8],
    obuf_off: u32,
    obuf_len: u32,
) -> Result<u32> {
    let out = ctx.memory.slice_mut(obuf_off, obuf_len)?;
    let slot = out
        .get_mut(..bytes.len())
        .ok_or(GuestError::BufferTooSmall)?;
    slot.copy_from_slice(bytes);
    Ok(bytes.len() as u32)
}

/// `actor::create_actor` of ABI v3: an empty delegated-address buffer means none.
pub(crate) fn create_actor_with_address<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    actor_id: u64,
    typ_off: u32,
    addr_off: u32,
    addr_len: u32,
) -> Result<()> {
    let code = ctx.memory.read_cid(typ_off)?;
    let delegated = if addr_len > 0 {
        Some(ctx.read_address(addr_off, addr_len)?)
    } else {
        None
    };
    ctx.kernel
        .create_actor_with_address(code, actor_id, delegated)
}

/// `actor::balance_of` (ABI v3).
pub(crate) fn balance_of<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    actor_id: u64,
) -> Result<crate::abi::AbiTokenAmount> {
    Ok(crate::abi::AbiTokenAmount(ctx.kernel.balance_of(actor_id)?))
}
