//! Wrappers over the `actor` imports: address resolution, code CIDs, actor creation.

use cid::Cid;
use fvmi_types::builtin::ActorType;
use fvmi_types::{ActorID, Address, ErrorNumber, Payload, MAX_CID_LEN};

use crate::ipld::cid_from_buffer;
use crate::{sys, SyscallResult, MAX_ACTOR_ADDR_LEN};

/// The actor ID `address` resolves to, or `None` if no actor has it. ID addresses resolve to
/// themselves without a syscall.
pub fn resolve_address(address: &Address) -> SyscallResult<Option<ActorID>> {
    if let Payload::ID(id) = address.payload() {
        return Ok(Some(*id));
    }
    match sys::actor_resolve_address(&address.to_bytes()) {
        Ok(id) => Ok(Some(id)),
        Err(ErrorNumber::NotFound) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The code CID of actor `id`, or `None` if it does not exist.
pub fn get_actor_code_cid(id: ActorID) -> SyscallResult<Option<Cid>> {
    let mut buf = [0u8; MAX_CID_LEN];
    match sys::actor_get_actor_code_cid(id, &mut buf) {
        Ok(len) => cid_from_buffer(&buf, len).map(Some),
        Err(ErrorNumber::NotFound) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The builtin actor type of a code CID, or `None` if it is not a builtin actor.
pub fn get_builtin_actor_type(code_cid: &Cid) -> SyscallResult<Option<ActorType>> {
    let code = sys::actor_get_builtin_actor_type(&code_cid.to_bytes())?;
    Ok(ActorType::from_code(code))
}

/// The code CID of a builtin actor type.
pub fn get_code_cid_for_type(actor_type: ActorType) -> SyscallResult<Cid> {
    let mut buf = [0u8; MAX_CID_LEN];
    let len = sys::actor_get_code_cid_for_type(actor_type.code(), &mut buf)?;
    cid_from_buffer(&buf, len)
}

/// A fresh actor address derived from the current message (for the init actor).
pub fn new_actor_address() -> SyscallResult<Address> {
    let mut buf = [0u8; MAX_ACTOR_ADDR_LEN];
    let len = sys::actor_new_actor_address(&mut buf)?;
    let bytes = buf.get(..len as usize).ok_or(ErrorNumber::BufferTooSmall)?;
    Address::from_bytes(bytes).map_err(|_| ErrorNumber::Serialization)
}

/// Creates actor `id` with code `code_cid` (only the init actor may).
pub fn create_actor(id: ActorID, code_cid: &Cid) -> SyscallResult<()> {
    sys::actor_create_actor(id, &code_cid.to_bytes())
}
