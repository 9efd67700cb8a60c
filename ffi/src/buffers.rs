//! Buffers crossing the boundary: [`FvmiBytes`] (allocated by the library, freed by the caller
//! with [`fvmi_bytes_free`]), library strings (freed with [`fvmi_string_free`]), and the readers
//! of the caller's input pointers.

use std::ffi::{c_char, CStr, CString};
use std::path::PathBuf;

use crate::status::{FfiError, FfiResult};

/// A byte buffer allocated by the library and owned by the caller, who frees it exactly once
/// with `fvmi_bytes_free`. `data` is NULL only when `len` is 0 and the buffer was never filled;
/// an empty filled buffer may have a non-NULL `data` that must still be freed.
#[repr(C)]
#[derive(Debug)]
pub struct FvmiBytes {
    /// The first byte (not NUL-terminated).
    pub data: *mut u8,
    /// The number of bytes.
    pub len: usize,
}

impl FvmiBytes {
    /// An empty buffer that owns nothing.
    pub const EMPTY: FvmiBytes = FvmiBytes {
        data: std::ptr::null_mut(),
        len: 0,
    };

    /// Hands `bytes` to the caller.
    pub(crate) fn from_vec(bytes: Vec<u8>) -> FvmiBytes {
        let boxed = bytes.into_boxed_slice();
        let len = boxed.len();
        let data = Box::into_raw(boxed).cast::<u8>();
        FvmiBytes { data, len }
    }
}

/// Writes `bytes` to the out-parameter `out` (checked for NULL by the caller of this function).
///
/// # Safety
///
/// `out` must be valid for writing one `FvmiBytes`.
pub(crate) unsafe fn write_bytes(out: *mut FvmiBytes, bytes: Vec<u8>) {
    // SAFETY: the caller guarantees `out` is valid for one write.
    unsafe { out.write(FvmiBytes::from_vec(bytes)) };
}

/// Frees a buffer the library returned. NULL `data` is a no-op; every other buffer must be freed
/// exactly once, and its `data` and `len` must be exactly as the library returned them.
///
/// # Safety
///
/// `bytes` must be a buffer returned by this library (or `{NULL, 0}`), not freed before.
#[no_mangle]
pub unsafe extern "C" fn fvmi_bytes_free(bytes: FvmiBytes) {
    if bytes.data.is_null() {
        return;
    }
    // SAFETY: `data` and `len` describe a `Box<[u8]>` leaked by `FvmiBytes::from_vec`, which
    // the caller returns exactly once.
    let slice = unsafe { std::slice::from_raw_parts_mut(bytes.data, bytes.len) };
    // SAFETY: as above: this reconstructs and drops that box.
    drop(unsafe { Box::from_raw(slice as *mut [u8]) });
}

/// Frees a string the library returned (an error message, a CID text). NULL is a no-op.
///
/// # Safety
///
/// `text` must be NULL or a string returned by this library, not freed before.
#[no_mangle]
pub unsafe extern "C" fn fvmi_string_free(text: *mut c_char) {
    if text.is_null() {
        return;
    }
    // SAFETY: `text` came from `CString::into_raw` in this library and is freed exactly once.
    drop(unsafe { CString::from_raw(text) });
}

/// The caller's `len` bytes at `data` (`what` names the argument in errors). NULL with `len` 0 is
/// an empty slice.
///
/// # Safety
///
/// Unless NULL, `data` must be valid for reading `len` bytes for `'a`.
pub(crate) unsafe fn input_slice<'a>(
    data: *const u8,
    len: usize,
    what: &str,
) -> FfiResult<&'a [u8]> {
    if data.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(FfiError::null(what))
        };
    }
    // SAFETY: the caller guarantees `data` is readable for `len` bytes during `'a`.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

/// The caller's NUL-terminated UTF-8 string, or `None` for NULL.
///
/// # Safety
///
/// Unless NULL, `text` must point to a NUL-terminated string readable for `'a`.
pub(crate) unsafe fn input_str<'a>(text: *const c_char, what: &str) -> FfiResult<Option<&'a str>> {
    if text.is_null() {
        return Ok(None);
    }
    // SAFETY: the caller guarantees a NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(text) };
    bytes
        .to_str()
        .map(Some)
        .map_err(|_| FfiError::invalid(format!("{what} is not UTF-8")))
}

/// The caller's NUL-terminated path (bytes as the OS takes them on Unix, UTF-8 elsewhere).
///
/// # Safety
///
/// Unless NULL, `path` must point to a NUL-terminated string.
pub(crate) unsafe fn input_path(path: *const c_char) -> FfiResult<PathBuf> {
    if path.is_null() {
        return Err(FfiError::null("path"));
    }
    // SAFETY: the caller guarantees a NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(path) };
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Ok(PathBuf::from(std::ffi::OsStr::from_bytes(bytes.to_bytes())))
    }
    #[cfg(not(unix))]
    {
        bytes
            .to_str()
            .map(PathBuf::from)
            .map_err(|_| FfiError::invalid("path is not UTF-8"))
    }
}

/// Checks that an out-parameter is not NULL.
pub(crate) fn require_out<T>(out: *mut T, what: &str) -> FfiResult {
    if out.is_null() {
        Err(FfiError::null(what))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_round_trip_and_empty_ones_free() {
        let bytes = FvmiBytes::from_vec(vec![1, 2, 3]);
        assert_eq!(bytes.len, 3);
        // SAFETY: `bytes` was just returned by `from_vec`: 3 readable bytes.
        let contents = unsafe { std::slice::from_raw_parts(bytes.data, 3) };
        assert_eq!(contents, &[1, 2, 3]);
        // SAFETY: as above.
        unsafe { fvmi_bytes_free(bytes) };
        // SAFETY: an empty buffer from `from_vec`, and the NULL buffer, are both valid.
        unsafe { fvmi_bytes_free(FvmiBytes::from_vec(Vec::new())) };
        // SAFETY: NULL is a no-op.
        unsafe { fvmi_bytes_free(FvmiBytes::EMPTY) };
        // SAFETY: NULL is a no-op.
        unsafe { fvmi_string_free(std::ptr::null_mut()) };
    }

    #[test]
    fn inputs_are_checked() {
        // SAFETY: NULL inputs are allowed and read nothing.
        unsafe {
            assert_eq!(input_slice(std::ptr::null(), 0, "x"), Ok(&[][..]));
            assert!(input_slice(std::ptr::null(), 1, "x").is_err());
            assert_eq!(input_str(std::ptr::null(), "x"), Ok(None));
            assert!(input_path(std::ptr::null()).is_err());
        }
        let bad = [0xffu8, 0];
        // SAFETY: `bad` is NUL-terminated.
        assert!(unsafe { input_str(bad.as_ptr().cast(), "x") }.is_err());
    }
}
