//! Implicit creation of account actors for key addresses that receive their first message.

use fvmi_ipld::Blockstore;
use fvmi_state::ActorState;
use fvmi_syscalls::{ActorId, ExecutionError, Result};
use fvmi_types::{Address, ErrorNumber, TokenAmount, DAG_CBOR, METHOD_CONSTRUCTOR};

use super::CallManager;
use crate::kernel::{empty_array_cid, Block};

/// The system actor's ID: the caller of implicit account constructors.
pub const SYSTEM_ACTOR_ID: ActorId = 0;

/// The CBOR encoding of an address: a byte string of its bytes.
pub(crate) fn address_cbor(address: &Address) -> Vec<u8> {
    let bytes = address.to_bytes();
    let mut out = Vec::with_capacity(bytes.len() + 2);
    if bytes.len() < 24 {
        out.push(0x40 | bytes.len() as u8);
    } else {
        out.push(0x58);
        out.push(bytes.len() as u8);
    }
    out.extend_from_slice(&bytes);
    out
}

impl<B: Blockstore> CallManager<'_, B> {
    /// Creates an account actor for a secp256k1 or BLS address and runs its constructor (from
    /// the system actor; the constructor's outcome is not checked).
    pub(super) fn create_account_actor(&mut self, address: &Address) -> Result<ActorId> {
        self.charge_gas(self.price_list().on_create_actor())?;
        if address.is_bls_zero_address() {
            return Err(ExecutionError::syscall(
                ErrorNumber::IllegalArgument,
                "cannot create the bls zero address actor",
            ));
        }
        let code = *self.machine.builtin_actors().account_code();
        let state = ActorState::new(code, empty_array_cid(), TokenAmount::zero(), 0);
        let id = self.machine.create_actor(address, state)?;
        let params = Block::new(DAG_CBOR, address_cbor(address));
        let zero = TokenAmount::zero();
        self.traced_call(
            SYSTEM_ACTOR_ID,
            &Address::new_id(id),
            METHOD_CONSTRUCTOR,
            &zero,
            |cm| cm.send_resolved(SYSTEM_ACTOR_ID, id, METHOD_CONSTRUCTOR, Some(params), &zero),
        )?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_cbor_is_a_byte_string() {
        let id = Address::new_id(5);
        assert_eq!(address_cbor(&id), vec![0x42, 0x00, 0x05]);
        let secp = Address::new_secp256k1(&[4u8; 65]).unwrap();
        let enc = address_cbor(&secp);
        assert_eq!(enc[0], 0x55);
        assert_eq!(enc.len(), 22);
    }
}
