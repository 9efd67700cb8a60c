//! The chain's randomness as both VMs see it: one base value per kind and epoch.
//!
//! The reference's externs return the base value and its kernel draws from it; fvmi's externs
//! return the drawn value (the chain's `DrawRandomness`, as the conformance runner computes it).
//! Both therefore answer every request with the same bytes. Tipset CIDs (nv18 on) come from
//! [`tipset_cid`] on both sides.

/// The base randomness of `kind` (`b'c'` chain, `b'b'` beacon) at `epoch`.
pub fn base(kind: u8, epoch: i64) -> [u8; 32] {
    let mut input = vec![kind];
    input.extend_from_slice(&epoch.to_be_bytes());
    input.extend_from_slice(b"fvmi-diffref");
    fvmi_ipld::cbor::blake2b_256(&input)
}

/// The value drawn from the base of `kind` at `epoch` for `dst` and `entropy`.
pub fn drawn(kind: u8, dst: i64, epoch: i64, entropy: &[u8]) -> [u8; 32] {
    let mut input = dst.to_be_bytes().to_vec();
    input.extend_from_slice(&base(kind, epoch));
    input.extend_from_slice(&epoch.to_be_bytes());
    input.extend_from_slice(entropy);
    fvmi_ipld::cbor::blake2b_256(&input)
}

/// The CID bytes of the tipset at `epoch`, as both VMs' externs report it: the DAG-CBOR
/// BLAKE2b-256 CID of a block naming the epoch (no such block is stored: actors only see the CID).
pub fn tipset_cid(epoch: i64) -> Vec<u8> {
    let mut input = b"fvmi-diffref tipset ".to_vec();
    input.extend_from_slice(&epoch.to_be_bytes());
    fvmi_ipld::cbor::cid_of(fvmi_ipld::cbor::DAG_CBOR, &input).to_bytes()
}
