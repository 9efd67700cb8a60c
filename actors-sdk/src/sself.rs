//! Wrappers over the `self` imports: the calling actor's own state root and balance.

use cid::Cid;
use fvmi_types::{Address, TokenAmount, MAX_CID_LEN};

use crate::ipld::cid_from_buffer;
use crate::{sys, SyscallResult};

/// The actor's state root. `IllegalOperation` if the actor has been deleted.
pub fn root() -> SyscallResult<Cid> {
    let mut buf = [0u8; MAX_CID_LEN];
    let len = sys::self_root(&mut buf)?;
    cid_from_buffer(&buf, len)
}

/// Replaces the actor's state root (the block must have been linked with `ipld::put`/`link`).
pub fn set_root(cid: &Cid) -> SyscallResult<()> {
    sys::self_set_root(&cid.to_bytes())
}

/// The actor's balance.
pub fn current_balance() -> SyscallResult<TokenAmount> {
    sys::self_current_balance().map(TokenAmount::from)
}

/// Deletes the actor, sending its balance to `beneficiary` (`Forbidden` if that is the actor
/// itself, `NotFound` if it does not exist).
pub fn self_destruct(beneficiary: &Address) -> SyscallResult<()> {
    sys::self_self_destruct(&beneficiary.to_bytes())
}
