//! A small, stable C ABI for fvmi: load builtin-actor bundles and a state into a store, build a
//! machine at a network version (15 to 18), epoch, base fee and circulating supply with the
//! embedder's chain access as C callbacks, apply messages given as DAG-CBOR, read each receipt
//! as DAG-CBOR, flush for the new state root, and free everything.
//!
//! The header `include/fvmi.h` is generated from this crate by cbindgen (the `header` test
//! fails when it drifts) and states the rules every function follows:
//!
//! - Every fallible function returns an `int32_t` status (`FVMI_OK` is 0) and takes a last
//!   parameter `char **error_out`: NULL, or where the error message is written (a string freed
//!   with `fvmi_string_free`; set to NULL on success).
//! - No panic crosses the boundary: each entry point catches it and returns `FVMI_ERROR_PANIC`.
//! - Buffers the library returns (`FvmiBytes`) are freed by the caller with `fvmi_bytes_free`;
//!   strings with `fvmi_string_free`; handles with their `*_free` function. Input pointers are
//!   read during the call only; the library keeps no pointer to caller memory except the
//!   externs' `user_data`.
//!
//! See this crate's README.md.

mod buffers;
mod externs;
mod helpers;
mod machine;
mod receipt;
mod status;
mod store;

pub use buffers::{fvmi_bytes_free, fvmi_string_free, FvmiBytes};
pub use externs::{
    FvmiConsensusFault, FvmiConsensusFaultFn, FvmiExterns, FvmiRandomnessFn, FvmiReleaseFn,
    FvmiTipsetCidFn, FVMI_ADDRESS_MAX_LEN, FVMI_CID_MAX_LEN, FVMI_RANDOMNESS_LEN,
};
pub use helpers::{fvmi_cid_from_string, fvmi_cid_to_string, fvmi_draw_randomness, fvmi_version};
pub use machine::{
    fvmi_machine_apply, fvmi_machine_flush, fvmi_machine_free, fvmi_machine_new,
    fvmi_message_chain_length, FvmiMachine, FvmiMachineParams, FVMI_APPLY_EXPLICIT,
    FVMI_APPLY_IMPLICIT, FVMI_PROOFS_ACCEPT_ALL, FVMI_PROOFS_REJECT_ALL,
};
pub use status::{
    FVMI_ERROR_CAR, FVMI_ERROR_FATAL, FVMI_ERROR_INVALID_ARGUMENT, FVMI_ERROR_INVALID_MESSAGE,
    FVMI_ERROR_IO, FVMI_ERROR_MACHINE, FVMI_ERROR_NULL_POINTER, FVMI_ERROR_PANIC,
    FVMI_ERROR_POISONED, FVMI_OK,
};
pub use store::{
    fvmi_store_free, fvmi_store_load_builtin_bundle, fvmi_store_load_bundle,
    fvmi_store_load_bundle_file, fvmi_store_load_car, fvmi_store_load_car_file, fvmi_store_new,
    FvmiStore,
};
