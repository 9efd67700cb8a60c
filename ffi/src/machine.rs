//! The machine handle: a machine and its executor over a store, built from
//! [`FvmiMachineParams`] and [`FvmiExterns`]; apply messages, flush, free.

use std::ffi::c_char;
use std::sync::{Mutex, OnceLock, PoisonError};

use cid::Cid;
use fvmi_interp::Engine;
use fvmi_kernel::crypto::{AcceptAllProofs, ProofError, ProofVerifier};
use fvmi_kernel::{
    chain_length, engine_for, ApplyKind, Executor, ExecutorError, Machine, MachineContext,
    TOTAL_FILECOIN,
};
use fvmi_types::sector::{
    AggregateSealVerifyProofAndInfos, ReplicaUpdateInfo, SealVerifyInfo, WindowPoStVerifyInfo,
};
use fvmi_types::{BigInt, Message, NetworkVersion, RawBytes, TokenAmount};

use crate::buffers::{input_slice, input_str, require_out, write_bytes, FvmiBytes};
use crate::externs::{CallbackExterns, FvmiExterns};
use crate::receipt::encode_receipt;
use crate::status::{
    catch, finish, FfiError, FfiResult, FVMI_ERROR_FATAL, FVMI_ERROR_INVALID_MESSAGE,
    FVMI_ERROR_MACHINE, FVMI_ERROR_POISONED,
};
use crate::store::{store_ref, FvmiStore, SharedStore};

/// An explicit message (from a block): pays for inclusion by `raw_length` and for gas.
pub const FVMI_APPLY_EXPLICIT: u32 = 0;
/// An implicit (system) message: no sender checks, no fees; `raw_length` is ignored.
pub const FVMI_APPLY_IMPLICIT: u32 = 1;

/// Every proof the actors ask to verify is accepted unchecked (its gas is still charged), as
/// the reference's conformance runner does; fvmi has no proof verifier of its own.
pub const FVMI_PROOFS_ACCEPT_ALL: u32 = 0;
/// Every proof is found invalid.
pub const FVMI_PROOFS_REJECT_ALL: u32 = 1;

/// What a machine is built from. Every pointer is read during `fvmi_machine_new` only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct FvmiMachineParams {
    /// The network version, 15 to 18.
    pub network_version: u32,
    /// The epoch every message executes at.
    pub epoch: i64,
    /// The state root, binary CID bytes (`state_root_len` of them); the state must be in the
    /// store.
    pub state_root: *const u8,
    /// The length of `state_root`.
    pub state_root_len: usize,
    /// The builtin-actor bundle to run: its root as binary CID bytes, as returned by the
    /// `fvmi_store_load_*bundle*` functions. Required at network version 15 (whose state does
    /// not name its actors); NULL from 16 on runs the actors the state names (their bundle
    /// must be loaded into the store), non-NULL overrides them.
    pub builtin_actors: *const u8,
    /// The length of `builtin_actors`.
    pub builtin_actors_len: usize,
    /// The base fee, attoFIL per gas, as a NUL-terminated non-negative decimal string (e.g.
    /// "100"); NULL means 100.
    pub base_fee: *const c_char,
    /// The circulating supply in attoFIL as a NUL-terminated non-negative decimal string; NULL
    /// means the total supply, 2e9 FIL ("2000000000000000000000000000").
    pub circ_supply: *const c_char,
    /// The tipset's timestamp in seconds (reported to actors from network version 18).
    pub timestamp: u64,
    /// The chain ID (EIP-155; reported to actors from network version 18; mainnet is 314).
    pub chain_id: u64,
    /// `FVMI_PROOFS_ACCEPT_ALL` or `FVMI_PROOFS_REJECT_ALL`.
    pub proof_policy: u32,
}

/// A machine and its executor. Opaque; created with `fvmi_machine_new`, freed with
/// `fvmi_machine_free`. Use one machine from one thread at a time.
pub struct FvmiMachine {
    executor: Executor<SharedStore>,
    network_version: NetworkVersion,
    /// Set while a call runs; still set afterwards only if a panic escaped it.
    busy: bool,
}

/// Finds every proof invalid.
struct RejectAllProofs;

impl ProofVerifier for RejectAllProofs {
    fn verify_seal(&self, _: &SealVerifyInfo) -> Result<bool, ProofError> {
        Ok(false)
    }
    fn verify_post(&self, _: &WindowPoStVerifyInfo) -> Result<bool, ProofError> {
        Ok(false)
    }
    fn verify_aggregate_seals(
        &self,
        _: &AggregateSealVerifyProofAndInfos,
    ) -> Result<bool, ProofError> {
        Ok(false)
    }
    fn verify_replica_update(&self, _: &ReplicaUpdateInfo) -> Result<bool, ProofError> {
        Ok(false)
    }
}

/// The engine of `nv`, shared by every machine of that version in this process so that each
/// actor module is prepared once.
fn shared_engine(nv: NetworkVersion) -> FfiResult<Engine> {
    static ENGINES: OnceLock<Mutex<Vec<(NetworkVersion, Engine)>>> = OnceLock::new();
    let mut engines = ENGINES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some((_, engine)) = engines.iter().find(|(version, _)| *version == nv) {
        return Ok(engine.clone());
    }
    let engine =
        engine_for(nv).map_err(|error| FfiError::new(FVMI_ERROR_MACHINE, error.to_string()))?;
    engines.push((nv, engine.clone()));
    Ok(engine)
}

/// A non-negative decimal amount of attoFIL, or `default` when absent.
fn token_amount(text: Option<&str>, default: u128, what: &str) -> FfiResult<TokenAmount> {
    let Some(text) = text else {
        return Ok(TokenAmount::from_atto(default));
    };
    let digits_only =
        !text.is_empty() && text.len() <= 80 && text.bytes().all(|b| b.is_ascii_digit());
    let value = digits_only
        .then(|| BigInt::parse_bytes(text.as_bytes(), 10))
        .flatten()
        .ok_or_else(|| {
            FfiError::invalid(format!(
                "{what} {text:?} is not a non-negative decimal number"
            ))
        })?;
    Ok(TokenAmount::from_atto(value))
}

fn cid_arg(bytes: &[u8], what: &str) -> FfiResult<Cid> {
    Cid::try_from(bytes).map_err(|error| FfiError::invalid(format!("{what} is not a CID: {error}")))
}

/// The context and proof verifier the parameters describe.
///
/// # Safety
///
/// The pointers in `params` must be valid as its documentation says.
unsafe fn context_of(
    params: &FvmiMachineParams,
) -> FfiResult<(MachineContext, Box<dyn ProofVerifier + Send>)> {
    let nv = NetworkVersion::try_from(params.network_version)
        .ok()
        .filter(|nv| (15..=18).contains(&u32::from(*nv)))
        .ok_or_else(|| {
            FfiError::invalid(format!(
                "network version {} is not supported (15 to 18)",
                params.network_version
            ))
        })?;
    // SAFETY: the caller guarantees `state_root` is readable for `state_root_len` bytes.
    let root_bytes =
        unsafe { input_slice(params.state_root, params.state_root_len, "state_root") }?;
    let mut context = MachineContext::new(params.epoch, nv, cid_arg(root_bytes, "state_root")?);
    if !params.builtin_actors.is_null() {
        // SAFETY: the caller guarantees `builtin_actors` is readable for its length.
        let bytes = unsafe {
            input_slice(
                params.builtin_actors,
                params.builtin_actors_len,
                "builtin_actors",
            )
        }?;
        context.builtin_actors = Some(cid_arg(bytes, "builtin_actors")?);
    }
    // SAFETY: the caller guarantees NULL or a NUL-terminated string.
    let base_fee = unsafe { input_str(params.base_fee, "base_fee") }?;
    context.base_fee = token_amount(base_fee, 100, "base_fee")?;
    // SAFETY: the caller guarantees NULL or a NUL-terminated string.
    let circ_supply = unsafe { input_str(params.circ_supply, "circ_supply") }?;
    context.circ_supply = token_amount(circ_supply, TOTAL_FILECOIN, "circ_supply")?;
    context.timestamp = params.timestamp;
    context.chain_id = params.chain_id;
    let proofs: Box<dyn ProofVerifier + Send> = match params.proof_policy {
        FVMI_PROOFS_ACCEPT_ALL => Box::new(AcceptAllProofs),
        FVMI_PROOFS_REJECT_ALL => Box::new(RejectAllProofs),
        other => return Err(FfiError::invalid(format!("unknown proof policy {other}"))),
    };
    Ok((context, proofs))
}

/// Builds a machine over `store` (which it shares) at the state, version, epoch and fees of
/// `params`, with the embedder's `externs` (copied; see `FvmiExterns` for when `release` runs).
/// `*machine_out` receives the handle, freed with `fvmi_machine_free`.
///
/// # Safety
///
/// `store` must be a live store handle; `params` and `externs` valid for reading (their
/// pointers as documented); `machine_out` valid for writing one pointer; `error_out` NULL or
/// valid for one pointer.
#[no_mangle]
pub unsafe extern "C" fn fvmi_machine_new(
    store: *const FvmiStore,
    params: *const FvmiMachineParams,
    externs: *const FvmiExterns,
    machine_out: *mut *mut FvmiMachine,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        // Take ownership of the user data first, so that every later failure releases it.
        // SAFETY: the caller guarantees `externs` is NULL or readable.
        let externs = unsafe { externs.as_ref() }
            .map(|callbacks| CallbackExterns::new(*callbacks))
            .ok_or_else(|| FfiError::null("externs"))?;
        // SAFETY: the caller guarantees a live handle (NULL is refused).
        let store = unsafe { store_ref(store) }?;
        // SAFETY: the caller guarantees `params` is NULL or readable.
        let params = unsafe { params.as_ref() }.ok_or_else(|| FfiError::null("params"))?;
        require_out(machine_out, "machine_out")?;
        // SAFETY: the caller guarantees the pointers inside `params`.
        let (context, proofs) = unsafe { context_of(params) }?;
        let network_version = context.network_version;
        let engine = shared_engine(network_version)?;
        let machine = Machine::with_engine(
            engine,
            context,
            store.shared.clone(),
            Box::new(externs),
            proofs,
        )
        .map_err(|error| FfiError::new(FVMI_ERROR_MACHINE, error.to_string()))?;
        let handle = Box::new(FvmiMachine {
            executor: Executor::new(machine),
            network_version,
            busy: false,
        });
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { machine_out.write(Box::into_raw(handle)) };
        Ok(())
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

/// The machine behind a caller's handle.
///
/// # Safety
///
/// `machine` must be NULL or a live handle not used by another thread during `'a`.
unsafe fn machine_mut<'a>(machine: *mut FvmiMachine) -> FfiResult<&'a mut FvmiMachine> {
    // SAFETY: the caller guarantees a live, unshared handle or NULL.
    unsafe { machine.as_mut() }.ok_or_else(|| FfiError::null("machine"))
}

/// Runs `body` on `machine`, refusing a poisoned one and poisoning it if a panic escapes `body`.
fn with_machine(
    machine: &mut FvmiMachine,
    body: impl FnOnce(&mut FvmiMachine) -> FfiResult,
) -> FfiResult {
    if machine.busy {
        return Err(FfiError::new(
            FVMI_ERROR_POISONED,
            "the machine is unusable after an earlier panic; free it",
        ));
    }
    machine.busy = true;
    let result = body(machine);
    machine.busy = false;
    result
}

/// Decodes an unsigned message, or a signed one `[message, signature]` (the signature is not
/// checked: that is the node's job).
fn decode_message(bytes: &[u8]) -> FfiResult<Message> {
    if let Ok(message) = fvmi_ipld::cbor::from_slice::<Message>(bytes) {
        return Ok(message);
    }
    fvmi_ipld::cbor::from_slice::<(Message, RawBytes)>(bytes)
        .map(|(message, _signature)| message)
        .map_err(|error| FfiError::invalid(format!("the message is not DAG-CBOR: {error}")))
}

/// Applies one message (DAG-CBOR, `message_len` bytes: an unsigned message, or a signed one
/// `[message, signature]` whose signature is not checked) as `kind` (`FVMI_APPLY_EXPLICIT` or
/// `FVMI_APPLY_IMPLICIT`). `raw_length` is the message's length on chain, charged for inclusion
/// (see `fvmi_message_chain_length`). `*receipt_out` receives the receipt as DAG-CBOR (layout in
/// the header's preamble), freed with `fvmi_bytes_free`. A message that fails on chain is
/// `FVMI_OK` with its exit code in the receipt.
///
/// # Safety
///
/// `machine` must be a live machine handle used by no other thread during the call; `message`
/// readable for `message_len` bytes; `receipt_out` valid for writing one `FvmiBytes`;
/// `error_out` NULL or valid for one pointer.
#[no_mangle]
pub unsafe extern "C" fn fvmi_machine_apply(
    machine: *mut FvmiMachine,
    message: *const u8,
    message_len: usize,
    kind: u32,
    raw_length: usize,
    receipt_out: *mut FvmiBytes,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        // SAFETY: the caller guarantees a live, unshared handle (NULL is refused).
        let machine = unsafe { machine_mut(machine) }?;
        with_machine(machine, |machine| {
            require_out(receipt_out, "receipt_out")?;
            // SAFETY: the caller guarantees `message` is readable for `message_len` bytes.
            let bytes = unsafe { input_slice(message, message_len, "message") }?;
            let message = decode_message(bytes)?;
            let kind = match kind {
                FVMI_APPLY_EXPLICIT => ApplyKind::Explicit { raw_length },
                FVMI_APPLY_IMPLICIT => ApplyKind::Implicit,
                other => return Err(FfiError::invalid(format!("unknown apply kind {other}"))),
            };
            let ret = machine
                .executor
                .apply_message(&message, kind)
                .map_err(|error| {
                    let code = match error {
                        ExecutorError::InvalidMessage(_) => FVMI_ERROR_INVALID_MESSAGE,
                        _ => FVMI_ERROR_FATAL,
                    };
                    FfiError::new(code, error.to_string())
                })?;
            let nv18 = u32::from(machine.network_version) >= 18;
            let receipt = encode_receipt(&ret, nv18)
                .map_err(|error| FfiError::new(FVMI_ERROR_FATAL, error.to_string()))?;
            // SAFETY: checked non-NULL; the caller guarantees it is writable.
            unsafe { write_bytes(receipt_out, receipt) };
            Ok(())
        })
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

/// Flushes the machine's state to its store and writes the new state root, as binary CID
/// bytes, to `*root_out` (freed with `fvmi_bytes_free`). The machine stays usable.
///
/// # Safety
///
/// `machine` must be a live machine handle used by no other thread during the call; `root_out`
/// valid for writing one `FvmiBytes`; `error_out` NULL or valid for one pointer.
#[no_mangle]
pub unsafe extern "C" fn fvmi_machine_flush(
    machine: *mut FvmiMachine,
    root_out: *mut FvmiBytes,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        // SAFETY: the caller guarantees a live, unshared handle (NULL is refused).
        let machine = unsafe { machine_mut(machine) }?;
        with_machine(machine, |machine| {
            require_out(root_out, "root_out")?;
            let root = machine
                .executor
                .flush()
                .map_err(|error| FfiError::new(FVMI_ERROR_FATAL, error.to_string()))?;
            // SAFETY: checked non-NULL; the caller guarantees it is writable.
            unsafe { write_bytes(root_out, root.to_bytes()) };
            Ok(())
        })
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

/// Frees a machine (unflushed changes are dropped) and releases its externs' user data. NULL is
/// a no-op.
///
/// # Safety
///
/// `machine` must be NULL or a handle from `fvmi_machine_new`, not freed before and not in use.
#[no_mangle]
pub unsafe extern "C" fn fvmi_machine_free(machine: *mut FvmiMachine) {
    if machine.is_null() {
        return;
    }
    // SAFETY: the handle came from `Box::into_raw` in `fvmi_machine_new` and is freed once.
    let handle = unsafe { Box::from_raw(machine) };
    // Dropping runs the embedder's `release`; a panic in a drop must not unwind into C.
    let _ = catch(move || {
        drop(handle);
        Ok(())
    });
}

/// The length a message is charged for on chain when applied as `FVMI_APPLY_EXPLICIT`: its
/// `message_len` bytes, plus 69 for a secp256k1 signature when the sender is an f1 address
/// (BLS-signed messages are counted unsigned). Pass the unsigned message's bytes.
///
/// # Safety
///
/// `message` must be readable for `message_len` bytes (or NULL with `message_len` 0).
#[no_mangle]
pub unsafe extern "C" fn fvmi_message_chain_length(
    message: *const u8,
    message_len: usize,
) -> usize {
    // SAFETY: the caller guarantees `message` is readable for `message_len` bytes.
    let bytes = unsafe { input_slice(message, message_len, "message") };
    catch(|| Ok(chain_length(bytes?))).unwrap_or(message_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_amounts_are_plain_decimals() {
        let supply = token_amount(Some("258739504977344124900531186"), 0, "x").unwrap();
        assert_eq!(supply.atto().to_string(), "258739504977344124900531186");
        assert_eq!(
            token_amount(None, 7, "x").unwrap(),
            TokenAmount::from_atto(7u64)
        );
        for bad in ["", "-1", "1e9", " 1", "0x10", "1.5"] {
            assert!(token_amount(Some(bad), 0, "x").is_err(), "{bad}");
        }
    }
}
