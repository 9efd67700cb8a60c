//! Filecoin types shared by the fvmi VM and by actors: addresses, token amounts, exit codes,
//! messages, receipts, signatures, sector and proof types, and the plain structs of the wasm
//! syscall ABI (v1).
//!
//! Every CBOR encoding here is byte-identical to `fvm_shared` 2.3 (through serde, with any
//! DAG-CBOR serde codec such as `serde_ipld_dagcbor`). Addresses additionally support the
//! delegated (f4) protocol of `fvm_shared` 3.x, whose byte, string and CBOR forms they follow.
//! The crate is `no_std` + `alloc` so that actors compiled to wasm can use it; the default `std`
//! feature only adds `std::error::Error`.
#![no_std]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod address;
pub mod bigint;
pub mod builtin;
mod bytes;
pub mod consensus;
pub mod crypto;
pub mod econ;
pub mod error;
pub mod message;
pub mod piece;
pub mod randomness;
pub mod receipt;
pub mod sector;
pub mod sys;
mod tuple;
pub mod version;

pub use address::{
    checksum, validate_checksum, Address, AddressError, DelegatedAddress, Network, Payload,
    Protocol, BLS_ZERO_ADDR_BYTES, CHECKSUM_HASH_LEN, EAM_NAMESPACE, FIRST_NON_SINGLETON_ADDR,
    MAX_ADDRESS_BYTES_LEN, MAX_ADDRESS_LEN, MAX_SUBADDRESS_LEN, NETWORK_DEFAULT, PAYLOAD_HASH_LEN,
};
pub use bigint::{bigint_ser, biguint_ser, BigInt, BigUint, Sign, MAX_BIGINT_SIZE};
pub use builtin::ActorType;
pub use bytes::{strict_bytes, BytesDe, BytesKey, BytesSer, RawBytes};
pub use consensus::{ConsensusFault, ConsensusFaultType};
pub use crypto::{
    Signature, SignatureType, SupportedHashes, BLS_PUB_LEN, BLS_SIG_LEN, SECP_PUB_LEN,
    SECP_SIG_LEN, SECP_SIG_MESSAGE_HASH_SIZE,
};
pub use econ::TokenAmount;
pub use error::{ErrorNumber, ExitCode};
pub use message::Message;
pub use piece::{PaddedPieceSize, PieceInfo, UnpaddedPieceSize};
pub use randomness::{Randomness, RANDOMNESS_LENGTH};
pub use receipt::Receipt;
pub use version::NetworkVersion;

/// Re-exports used by [`tuple_serde!`]; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

/// An actor's ID (the payload of an ID address).
pub type ActorID = u64;
/// A method number.
pub type MethodNum = u64;
/// An epoch number.
pub type ChainEpoch = i64;

/// The method number of a plain value transfer.
pub const METHOD_SEND: MethodNum = 0;
/// The method number of actor constructors.
pub const METHOD_CONSTRUCTOR: MethodNum = 1;

/// Multicodec of DAG-CBOR.
pub const DAG_CBOR: u64 = 0x71;
/// Multicodec of raw bytes.
pub const IPLD_RAW: u64 = 0x55;
/// Multihash code of the identity hash.
pub const IDENTITY_HASH: u64 = 0x0;
/// The longest CID the VM accepts, in bytes.
pub const MAX_CID_LEN: usize = 100;
/// Bit width of the HAMTs used by the protocol.
pub const HAMT_BIT_WIDTH: u32 = 5;
/// Gas limit of one block.
pub const BLOCK_GAS_LIMIT: i64 = 10_000_000_000;
/// Total FIL supply, in whole FIL.
pub const TOTAL_FILECOIN_BASE: i64 = 2_000_000_000;
