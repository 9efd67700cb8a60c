//! Status codes, the error carried to the caller, and how every entry point runs: it
//! catches panics (none crosses the C boundary) and writes the error message out-parameter.

use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Success.
pub const FVMI_OK: i32 = 0;
/// A required pointer argument was NULL.
pub const FVMI_ERROR_NULL_POINTER: i32 = 1;
/// An argument is malformed: not UTF-8, not a decimal token amount, not a CID, a network version
/// outside 15..=18, an unknown apply kind or proof policy, a message that is not DAG-CBOR.
pub const FVMI_ERROR_INVALID_ARGUMENT: i32 = 2;
/// A file could not be read.
pub const FVMI_ERROR_IO: i32 = 3;
/// A CAR archive or a builtin-actor bundle is invalid.
pub const FVMI_ERROR_CAR: i32 = 4;
/// The machine could not be built: the state root is missing, the network version is not
/// supported, the actors do not match it, no bundle is named at network version 15, or an
/// actor's code is missing from the store.
pub const FVMI_ERROR_MACHINE: i32 = 5;
/// The executor refused the message before running it (e.g. a zero or negative gas limit); no
/// receipt exists. (A message that fails on chain is `FVMI_OK` with its exit code in the receipt.)
pub const FVMI_ERROR_INVALID_MESSAGE: i32 = 6;
/// A host failure while applying or flushing (a broken store or a bug): the machine's state is
/// unspecified and it should be freed.
pub const FVMI_ERROR_FATAL: i32 = 7;
/// A panic inside the library was caught at the boundary. If it happened inside a machine
/// call, that machine is poisoned.
pub const FVMI_ERROR_PANIC: i32 = 8;
/// The machine was poisoned by an earlier panic and refuses every call but `fvmi_machine_free`.
pub const FVMI_ERROR_POISONED: i32 = 9;

/// An error of an entry point: a status code and a message for the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FfiError {
    pub(crate) code: i32,
    pub(crate) message: String,
}

impl FfiError {
    /// An error with `code` and `message`.
    pub(crate) fn new(code: i32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// A NULL pointer where `what` was required.
    pub(crate) fn null(what: &str) -> Self {
        Self::new(FVMI_ERROR_NULL_POINTER, format!("{what} must not be NULL"))
    }

    /// A malformed argument.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(FVMI_ERROR_INVALID_ARGUMENT, message)
    }
}

/// The result of an entry point's body.
pub(crate) type FfiResult<T = ()> = Result<T, FfiError>;

/// Runs `body`, catching panics: a panic becomes an `FVMI_ERROR_PANIC` error.
pub(crate) fn catch<T>(body: impl FnOnce() -> FfiResult<T>) -> FfiResult<T> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        Err(FfiError::new(
            FVMI_ERROR_PANIC,
            format!("panic inside fvmi: {}", panic_text(payload.as_ref())),
        ))
    })
}

/// Turns an entry point's result into its status code. On failure the error message is written
/// to `*error_out` (when `error_out` is not NULL) as a string the caller frees with
/// `fvmi_string_free`; on success `*error_out` is set to NULL.
///
/// # Safety
///
/// `error_out` must be NULL or valid for writing one pointer.
pub(crate) unsafe fn finish(error_out: *mut *mut c_char, result: FfiResult) -> i32 {
    let (code, message) = match result {
        Ok(()) => (FVMI_OK, None),
        Err(error) => (error.code, Some(error.message)),
    };
    if !error_out.is_null() {
        let text = message.map_or(std::ptr::null_mut(), owned_c_string);
        // SAFETY: the caller guarantees a non-NULL `error_out` is valid for one pointer write.
        unsafe { error_out.write(text) };
    }
    code
}

/// `text` as a NUL-terminated string owned by the caller (freed with `fvmi_string_free`);
/// interior NUL bytes become U+FFFD so the text is never cut short.
pub(crate) fn owned_c_string(text: String) -> *mut c_char {
    let cleaned = if text.contains('\0') {
        text.replace('\0', "\u{fffd}")
    } else {
        text
    };
    CString::new(cleaned).unwrap_or_default().into_raw()
}

/// The text of a panic payload, if it has one.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn message_of(pointer: *mut c_char) -> String {
        assert!(!pointer.is_null());
        // SAFETY: `pointer` came from `owned_c_string` in `finish` and is freed right after.
        let text = unsafe { CStr::from_ptr(pointer) }
            .to_string_lossy()
            .into_owned();
        // SAFETY: as above; the string is not used again.
        drop(unsafe { CString::from_raw(pointer) });
        text
    }

    #[test]
    fn a_panic_becomes_a_status_with_its_message() {
        let mut error = std::ptr::null_mut();
        let result = catch(|| -> FfiResult { panic!("boom {}", 7) });
        // SAFETY: `error` is a valid local out-parameter.
        let code = unsafe { finish(&mut error, result) };
        assert_eq!(code, FVMI_ERROR_PANIC);
        assert!(message_of(error).contains("boom 7"));
    }

    #[test]
    fn errors_and_success_set_the_out_parameter() {
        let mut error = std::ptr::null_mut();
        // SAFETY: `error` is a valid local out-parameter.
        let code = unsafe { finish(&mut error, Err(FfiError::invalid("bad\0input"))) };
        assert_eq!(code, FVMI_ERROR_INVALID_ARGUMENT);
        assert_eq!(message_of(error), "bad\u{fffd}input");
        error = std::ptr::dangling_mut::<c_char>();
        // SAFETY: `error` is a valid local out-parameter; NULL is allowed too.
        assert_eq!(unsafe { finish(&mut error, catch(|| Ok(()))) }, FVMI_OK);
        assert!(error.is_null());
        // SAFETY: a NULL out-parameter is allowed.
        let code = unsafe { finish(std::ptr::null_mut(), Err(FfiError::null("x"))) };
        assert_eq!(code, FVMI_ERROR_NULL_POINTER);
    }
}
