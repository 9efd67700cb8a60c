//! The embedder's chain access as C callbacks: [`FvmiExterns`] and the [`Externs`] value built
//! from it.

use std::ffi::c_void;

use cid::Cid;
use fvmi_kernel::{ExternError, Externs};
use fvmi_types::{Address, ConsensusFault, ConsensusFaultType};

/// The length of every randomness value.
pub const FVMI_RANDOMNESS_LEN: usize = 32;
/// The room for an address in `FvmiConsensusFault::target`.
pub const FVMI_ADDRESS_MAX_LEN: usize = 128;
/// The room for a binary CID written by an `FvmiTipsetCidFn`.
pub const FVMI_CID_MAX_LEN: usize = 128;

/// Writes the randomness for a domain-separation tag (`personalization`), an epoch and the
/// caller's entropy (`entropy_len` bytes, readable during the call only) to `randomness_out`
/// (`FVMI_RANDOMNESS_LEN` bytes). Returns 0 on success; any other value is an error, which the
/// actor sees as a failed syscall. At network version 16 and later this is the value *drawn*
/// for the request (see `fvmi_draw_randomness`), not the epoch's base randomness.
pub type FvmiRandomnessFn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        personalization: i64,
        epoch: i64,
        entropy: *const u8,
        entropy_len: usize,
        randomness_out: *mut u8,
    ) -> i32,
>;

/// Checks two block headers and an extra one (each readable during the call only) for a
/// consensus fault. `fault_out` arrives zeroed (no fault, no gas); set `fault_type` (1 double
/// fork, 2 parent grinding, 3 time offset), `epoch` and `target` for a fault, and `gas_used` to
/// the gas the check's chain reads cost. Returns 0 on success, any other value on error.
pub type FvmiConsensusFaultFn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        header1: *const u8,
        header1_len: usize,
        header2: *const u8,
        header2_len: usize,
        extra: *const u8,
        extra_len: usize,
        fault_out: *mut FvmiConsensusFault,
    ) -> i32,
>;

/// Writes the binary CID of the tipset at `epoch` to `cid_out` (room for `cid_capacity` =
/// `FVMI_CID_MAX_LEN` bytes) and its length to `*cid_len_out`. Asked from network version 18
/// on. Returns 0 on success, any other value on error.
pub type FvmiTipsetCidFn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        epoch: i64,
        cid_out: *mut u8,
        cid_capacity: usize,
        cid_len_out: *mut usize,
    ) -> i32,
>;

/// Called once with `user_data` when the library no longer needs it.
pub type FvmiReleaseFn = Option<unsafe extern "C" fn(user_data: *mut c_void)>;

/// A consensus fault found by an `FvmiConsensusFaultFn`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct FvmiConsensusFault {
    /// 0 for no fault; 1 double-fork mining, 2 parent grinding, 3 time-offset mining.
    pub fault_type: u8,
    /// The epoch of the fault.
    pub epoch: i64,
    /// The faulty miner's address (binary form), `target_len` bytes.
    pub target: [u8; FVMI_ADDRESS_MAX_LEN],
    /// The length of `target`.
    pub target_len: usize,
    /// The gas the check cost (charged up to network version 15, as the reference does).
    pub gas_used: i64,
}

/// The chain access a machine asks its embedder for.
///
/// Every callback is called on a thread the library chooses (today a thread it starts for each
/// message), never concurrently for one machine, and only during `fvmi_machine_apply` on that
/// machine; a callback must not call into that machine and must not unwind. A NULL randomness or
/// tipset callback is an error when asked; a NULL consensus-fault callback finds no fault at no
/// gas. `release`, if not NULL, is called exactly once with `user_data` when the library is done
/// with it: when the machine is freed, or before `fvmi_machine_new` returns an error.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct FvmiExterns {
    /// Passed to every callback as is.
    pub user_data: *mut c_void,
    /// Ticket-chain randomness.
    pub chain_randomness: FvmiRandomnessFn,
    /// Drand beacon randomness.
    pub beacon_randomness: FvmiRandomnessFn,
    /// The consensus-fault check.
    pub verify_consensus_fault: FvmiConsensusFaultFn,
    /// Tipset CIDs (network version 18 on).
    pub tipset_cid: FvmiTipsetCidFn,
    /// Releases `user_data`.
    pub release: FvmiReleaseFn,
}

/// [`FvmiExterns`] owned by a machine; releases its user data when dropped.
pub(crate) struct CallbackExterns {
    callbacks: FvmiExterns,
}

impl CallbackExterns {
    /// Takes ownership of `callbacks.user_data` (released on drop).
    pub(crate) fn new(callbacks: FvmiExterns) -> Self {
        Self { callbacks }
    }
}

// SAFETY: the contract of `FvmiExterns` (in the header) requires the callbacks and `user_data`
// to be usable from any thread the library chooses; the machine never calls them concurrently.
unsafe impl Send for CallbackExterns {}

impl Drop for CallbackExterns {
    fn drop(&mut self) {
        if let Some(release) = self.callbacks.release {
            // SAFETY: `release` is the embedder's function for this `user_data`, called once,
            // as the contract of `FvmiExterns` says.
            unsafe { release(self.callbacks.user_data) };
        }
    }
}

fn callback_failed(which: &str, code: i32) -> ExternError {
    ExternError(format!("the {which} callback returned {code}"))
}

impl CallbackExterns {
    fn randomness(
        &self,
        which: &str,
        callback: FvmiRandomnessFn,
        personalization: i64,
        epoch: i64,
        entropy: &[u8],
    ) -> Result<[u8; FVMI_RANDOMNESS_LEN], ExternError> {
        let callback =
            callback.ok_or_else(|| ExternError(format!("no {which} callback was given")))?;
        let mut out = [0u8; FVMI_RANDOMNESS_LEN];
        // SAFETY: the embedder's callback for its `user_data`; `entropy` is readable for its
        // length and `out` writable for FVMI_RANDOMNESS_LEN bytes during the call.
        let code = unsafe {
            callback(
                self.callbacks.user_data,
                personalization,
                epoch,
                entropy.as_ptr(),
                entropy.len(),
                out.as_mut_ptr(),
            )
        };
        if code != 0 {
            return Err(callback_failed(which, code));
        }
        Ok(out)
    }
}

impl Externs for CallbackExterns {
    fn get_chain_randomness(
        &self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; 32], ExternError> {
        let callback = self.callbacks.chain_randomness;
        self.randomness(
            "chain randomness",
            callback,
            personalization,
            round,
            entropy,
        )
    }

    fn get_beacon_randomness(
        &self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; 32], ExternError> {
        let callback = self.callbacks.beacon_randomness;
        self.randomness(
            "beacon randomness",
            callback,
            personalization,
            round,
            entropy,
        )
    }

    fn verify_consensus_fault(
        &self,
        h1: &[u8],
        h2: &[u8],
        extra: &[u8],
    ) -> Result<(Option<ConsensusFault>, i64), ExternError> {
        let Some(callback) = self.callbacks.verify_consensus_fault else {
            return Ok((None, 0));
        };
        let mut fault = FvmiConsensusFault {
            fault_type: 0,
            epoch: 0,
            target: [0; FVMI_ADDRESS_MAX_LEN],
            target_len: 0,
            gas_used: 0,
        };
        // SAFETY: the embedder's callback for its `user_data`; the three headers are readable
        // for their lengths and `fault` is writable during the call.
        let code = unsafe {
            callback(
                self.callbacks.user_data,
                h1.as_ptr(),
                h1.len(),
                h2.as_ptr(),
                h2.len(),
                extra.as_ptr(),
                extra.len(),
                &mut fault,
            )
        };
        if code != 0 {
            return Err(callback_failed("consensus-fault", code));
        }
        decode_fault(&fault).map(|found| (found, fault.gas_used))
    }

    fn get_tipset_cid(&self, epoch: i64) -> Result<Cid, ExternError> {
        let callback = self
            .callbacks
            .tipset_cid
            .ok_or_else(|| ExternError(format!("no tipset CID is known for epoch {epoch}")))?;
        let mut out = [0u8; FVMI_CID_MAX_LEN];
        let mut len = 0usize;
        // SAFETY: the embedder's callback for its `user_data`; `out` is writable for
        // FVMI_CID_MAX_LEN bytes and `len` for one usize during the call.
        let code = unsafe {
            callback(
                self.callbacks.user_data,
                epoch,
                out.as_mut_ptr(),
                out.len(),
                &mut len,
            )
        };
        if code != 0 {
            return Err(callback_failed("tipset CID", code));
        }
        let bytes = out
            .get(..len)
            .ok_or_else(|| ExternError(format!("the tipset CID callback wrote {len} bytes")))?;
        Cid::try_from(bytes)
            .map_err(|error| ExternError(format!("the tipset CID callback's CID: {error}")))
    }
}

/// The fault a callback reported, checked.
fn decode_fault(fault: &FvmiConsensusFault) -> Result<Option<ConsensusFault>, ExternError> {
    if fault.fault_type == 0 {
        return Ok(None);
    }
    let fault_type = ConsensusFaultType::from_u8(fault.fault_type)
        .ok_or_else(|| ExternError(format!("unknown consensus fault type {}", fault.fault_type)))?;
    let target_bytes = fault
        .target
        .get(..fault.target_len)
        .ok_or_else(|| ExternError(format!("fault target length {}", fault.target_len)))?;
    let target = Address::from_bytes(target_bytes)
        .map_err(|error| ExternError(format!("fault target: {error}")))?;
    Ok(Some(ConsensusFault {
        target,
        epoch: fault.epoch,
        fault_type,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" fn fill_randomness(
        user_data: *mut c_void,
        personalization: i64,
        epoch: i64,
        _entropy: *const u8,
        entropy_len: usize,
        out: *mut u8,
    ) -> i32 {
        if personalization < 0 {
            return 3;
        }
        let fill = (user_data as usize + epoch as usize + entropy_len) as u8;
        // SAFETY: the library passes FVMI_RANDOMNESS_LEN writable bytes.
        unsafe { out.write_bytes(fill, FVMI_RANDOMNESS_LEN) };
        0
    }

    unsafe extern "C" fn tipset(
        _user_data: *mut c_void,
        epoch: i64,
        out: *mut u8,
        capacity: usize,
        len_out: *mut usize,
    ) -> i32 {
        let cid = fvmi_ipld::cbor::cid_of(fvmi_types::DAG_CBOR, &epoch.to_be_bytes()).to_bytes();
        let len = if epoch == 13 { capacity + 1 } else { cid.len() };
        // SAFETY: `out` has `capacity` writable bytes and the CID is shorter; `len_out` is
        // writable.
        unsafe {
            out.copy_from_nonoverlapping(cid.as_ptr(), cid.len().min(capacity));
            len_out.write(len);
        }
        0
    }

    unsafe extern "C" fn double_fork(
        _user_data: *mut c_void,
        header1: *const u8,
        header1_len: usize,
        _header2: *const u8,
        _header2_len: usize,
        _extra: *const u8,
        _extra_len: usize,
        fault: *mut FvmiConsensusFault,
    ) -> i32 {
        // SAFETY: the library passes a readable header and a writable, zeroed fault.
        let (first, fault) = unsafe { (*header1, &mut *fault) };
        fault.gas_used = 42;
        if header1_len == 1 && first == b'f' {
            let target = Address::new_id(1000).to_bytes();
            fault.fault_type = 1;
            fault.epoch = 7;
            fault.target[..target.len()].copy_from_slice(&target);
            fault.target_len = target.len();
        } else if first == b'?' {
            fault.fault_type = 9;
        }
        0
    }

    fn externs(with_callbacks: bool) -> CallbackExterns {
        CallbackExterns::new(FvmiExterns {
            user_data: 5 as *mut c_void,
            chain_randomness: with_callbacks.then_some(fill_randomness as _),
            beacon_randomness: None,
            verify_consensus_fault: with_callbacks.then_some(double_fork as _),
            tipset_cid: with_callbacks.then_some(tipset as _),
            release: None,
        })
    }

    #[test]
    fn randomness_callbacks_and_their_failures() {
        let externs = externs(true);
        assert_eq!(externs.get_chain_randomness(1, 10, b"abc"), Ok([18; 32]));
        let failed = externs.get_chain_randomness(-1, 10, b"").unwrap_err();
        assert!(failed.0.contains("returned 3"), "{failed}");
        let missing = externs.get_beacon_randomness(1, 10, b"").unwrap_err();
        assert!(
            missing.0.contains("no beacon randomness callback"),
            "{missing}"
        );
    }

    #[test]
    fn consensus_faults_are_decoded_and_checked() {
        let externs = externs(true);
        let (fault, gas) = externs.verify_consensus_fault(b"f", b"", b"").unwrap();
        let fault = fault.unwrap();
        assert_eq!(
            (fault.target, fault.epoch, gas),
            (Address::new_id(1000), 7, 42)
        );
        assert_eq!(fault.fault_type, ConsensusFaultType::DoubleForkMining);
        assert_eq!(
            externs.verify_consensus_fault(b"no", b"", b""),
            Ok((None, 42))
        );
        assert!(externs.verify_consensus_fault(b"?", b"", b"").is_err());
        assert_eq!(
            self::externs(false).verify_consensus_fault(b"f", b"", b""),
            Ok((None, 0))
        );
    }

    #[test]
    fn tipset_cids_are_read_back_and_bounded() {
        let externs = externs(true);
        let cid = externs.get_tipset_cid(5).unwrap();
        assert_eq!(
            cid,
            fvmi_ipld::cbor::cid_of(fvmi_types::DAG_CBOR, &5i64.to_be_bytes())
        );
        assert!(externs.get_tipset_cid(13).is_err());
        assert!(self::externs(false).get_tipset_cid(5).is_err());
    }
}
