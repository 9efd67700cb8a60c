//! The only place with `unsafe` code: the raw ABI v1 imports and thin safe shims over them.
//!
//! `unsafe` is needed because the imports are foreign functions taking raw pointers into our
//! own linear memory. Every shim passes pointers to Rust-owned buffers whose lengths match what
//! the host is allowed to write, and decodes results from byte arrays (no `MaybeUninit`, no
//! transmutes), so the safe API built on top never touches a pointer.
#![allow(unsafe_code)]

pub mod raw;
mod shim;

pub(crate) use shim::*;

use fvmi_types::ErrorNumber;

use crate::SyscallResult;

/// Turns an import's status into a result; an unknown non-zero status reads as
/// [`ErrorNumber::AssertionFailed`].
pub(crate) fn status(code: u32) -> SyscallResult<()> {
    if code == 0 {
        Ok(())
    } else {
        Err(ErrorNumber::from_code(code).unwrap_or(ErrorNumber::AssertionFailed))
    }
}

/// A slice length as the ABI's `u32` (wasm32 slices always fit).
pub(crate) fn len32(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.len()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_error_numbers() {
        assert_eq!(status(0), Ok(()));
        assert_eq!(status(6), Err(ErrorNumber::NotFound));
        assert_eq!(status(12), Err(ErrorNumber::BufferTooSmall));
        assert_eq!(status(99), Err(ErrorNumber::AssertionFailed));
        assert_eq!(
            status(raw::HOST_STUB_STATUS),
            Err(ErrorNumber::IllegalOperation)
        );
    }
}
