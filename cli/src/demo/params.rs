//! Parameters of the demo's init and multisig calls (builtin actors v7 shapes).

use cid::Cid;
use fvmi_types::{Address, RawBytes, TokenAmount};

/// The init actor's `Exec`.
pub const INIT_EXEC: u64 = 2;
/// The multisig actor's `Propose`.
pub const MULTISIG_PROPOSE: u64 = 2;
/// The multisig actor's `Approve`.
pub const MULTISIG_APPROVE: u64 = 3;

fn encode<T: serde::Serialize>(value: &T) -> anyhow::Result<RawBytes> {
    Ok(RawBytes::new(fvmi_ipld::cbor::to_vec(value)?))
}

/// `Exec` parameters creating a multisig: `[code, [signers, threshold, unlock_duration, start_epoch]]`.
pub fn exec_multisig(code: Cid, signers: &[Address], threshold: u64) -> anyhow::Result<RawBytes> {
    let constructor = encode(&(signers, threshold, 0i64, 0i64))?;
    encode(&(code, constructor))
}

/// `Propose` parameters: `[to, value, method, params]`.
pub fn propose(to: &Address, value: &TokenAmount, method: u64) -> anyhow::Result<RawBytes> {
    encode(&(to, value, method, RawBytes::default()))
}

/// `Approve` parameters: `[transaction id, proposal hash]` (an empty hash skips the hash check).
pub fn approve(transaction: i64) -> anyhow::Result<RawBytes> {
    encode(&(transaction, RawBytes::default()))
}

/// The ID address in an `Exec` return `[id_address, robust_address]`.
pub fn exec_return_id(bytes: &[u8]) -> anyhow::Result<Address> {
    let (id, _robust): (Address, Address) = fvmi_ipld::cbor::from_slice(bytes)?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approve_and_exec_return_shapes() {
        // [0, h'']
        assert_eq!(approve(0).unwrap().bytes(), &[0x82, 0x00, 0x40]);
        let ret = [0x82, 0x42, 0x00, 0x64, 0x42, 0x00, 0x65];
        assert_eq!(exec_return_id(&ret).unwrap(), Address::new_id(100));
        assert!(exec_return_id(&[0x80]).is_err());
    }
}
