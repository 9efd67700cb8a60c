//! Which CIDs the reference's write-back (the buffered blockstore's flush) accepts, by
//! codec and multihash alone, so the harness can tell a state both VMs cannot flush from a
//! divergence.
//!
//! ref-fvm v2 (nv15 to nv17): raw or DAG-CBOR with BLAKE2b-256 (32 bytes) or identity, and the
//! two sector commitments (any hash). ref-fvm v3 (nv18): also the CBOR codec (`0x51`) with the
//! same two hashes.

use cid::Cid;

const RAW: u64 = 0x55;
const DAG_CBOR: u64 = 0x71;
const CBOR: u64 = 0x51;
const BLAKE2B_256: u64 = 0xb220;
const IDENTITY: u64 = 0x00;
const FIL_COMMITMENT_UNSEALED: u64 = 0xf101;
const FIL_COMMITMENT_SEALED: u64 = 0xf102;

/// Whether the reference's flush accepts `cid` as a link (at ABI v3 when `v3`).
pub fn reference_writes_back(cid: &Cid, v3: bool) -> bool {
    let codec = cid.codec();
    if [FIL_COMMITMENT_UNSEALED, FIL_COMMITMENT_SEALED].contains(&codec) {
        return true;
    }
    let codec_ok = codec == RAW || codec == DAG_CBOR || (v3 && codec == CBOR);
    let hash = cid.hash();
    let hash_ok = (hash.code() == BLAKE2B_256 && hash.size() == 32) || hash.code() == IDENTITY;
    codec_ok && hash_ok
}
