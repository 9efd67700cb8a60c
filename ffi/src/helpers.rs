//! Small conversions an embedder without a Filecoin library needs: CIDs between text and bytes,
//! the randomness drawn from an epoch's base, and the library's version.

use std::ffi::c_char;

use cid::Cid;

use crate::buffers::{input_slice, input_str, require_out, write_bytes, FvmiBytes};
use crate::externs::FVMI_RANDOMNESS_LEN;
use crate::status::{catch, finish, owned_c_string, FfiError};

/// Parses a CID from its text form (e.g. "bafy2bz..."; NUL-terminated) into binary CID bytes
/// written to `*cid_out` (freed with `fvmi_bytes_free`).
///
/// # Safety
///
/// `text` must be a NUL-terminated string; `cid_out` valid for writing one `FvmiBytes`;
/// `error_out` NULL or valid for one pointer.
#[no_mangle]
pub unsafe extern "C" fn fvmi_cid_from_string(
    text: *const c_char,
    cid_out: *mut FvmiBytes,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        require_out(cid_out, "cid_out")?;
        // SAFETY: the caller guarantees a NUL-terminated string (NULL is refused below).
        let text = unsafe { input_str(text, "text") }?.ok_or_else(|| FfiError::null("text"))?;
        let cid = Cid::try_from(text)
            .map_err(|error| FfiError::invalid(format!("{text:?} is not a CID: {error}")))?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_bytes(cid_out, cid.to_bytes()) };
        Ok(())
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

/// Writes the text form of the binary CID `cid` (`cid_len` bytes; CIDv1 in base32, CIDv0 in
/// base58) to `*text_out`, a NUL-terminated string freed with `fvmi_string_free`.
///
/// # Safety
///
/// `cid` must be readable for `cid_len` bytes; `text_out` valid for writing one pointer;
/// `error_out` NULL or valid for one pointer.
#[no_mangle]
pub unsafe extern "C" fn fvmi_cid_to_string(
    cid: *const u8,
    cid_len: usize,
    text_out: *mut *mut c_char,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        require_out(text_out, "text_out")?;
        // SAFETY: the caller guarantees `cid` is readable for `cid_len` bytes.
        let bytes = unsafe { input_slice(cid, cid_len, "cid") }?;
        let cid = Cid::try_from(bytes)
            .map_err(|error| FfiError::invalid(format!("not a binary CID: {error}")))?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { text_out.write(owned_c_string(cid.to_string())) };
        Ok(())
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

/// The chain's `DrawRandomness`: writes to `randomness_out` (`FVMI_RANDOMNESS_LEN` bytes)
/// BLAKE2b-256(personalization as i64 big-endian ‖ base ‖ epoch as i64 big-endian ‖ entropy),
/// the value a randomness callback returns at network version 16 and later given the epoch's
/// base randomness `base` (`FVMI_RANDOMNESS_LEN` bytes).
///
/// # Safety
///
/// `base` must be readable and `randomness_out` writable for `FVMI_RANDOMNESS_LEN` bytes;
/// `entropy` readable for `entropy_len` bytes (or NULL with 0); `error_out` NULL or valid for
/// one pointer.
#[no_mangle]
pub unsafe extern "C" fn fvmi_draw_randomness(
    personalization: i64,
    base: *const u8,
    epoch: i64,
    entropy: *const u8,
    entropy_len: usize,
    randomness_out: *mut u8,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        require_out(randomness_out, "randomness_out")?;
        if base.is_null() {
            return Err(FfiError::null("base"));
        }
        // SAFETY: the caller guarantees `base` is readable for FVMI_RANDOMNESS_LEN bytes.
        let base = unsafe { input_slice(base, FVMI_RANDOMNESS_LEN, "base") }?;
        // SAFETY: the caller guarantees `entropy` is readable for `entropy_len` bytes.
        let entropy = unsafe { input_slice(entropy, entropy_len, "entropy") }?;
        let drawn = draw(personalization, base, epoch, entropy);
        // SAFETY: the caller guarantees `randomness_out` is writable for FVMI_RANDOMNESS_LEN
        // bytes; `drawn` has exactly that many and does not overlap the caller's buffer.
        unsafe {
            std::ptr::copy_nonoverlapping(drawn.as_ptr(), randomness_out, FVMI_RANDOMNESS_LEN)
        };
        Ok(())
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

fn draw(personalization: i64, base: &[u8], epoch: i64, entropy: &[u8]) -> [u8; 32] {
    let mut input = Vec::with_capacity(8 + base.len() + 8 + entropy.len());
    input.extend_from_slice(&personalization.to_be_bytes());
    input.extend_from_slice(base);
    input.extend_from_slice(&epoch.to_be_bytes());
    input.extend_from_slice(entropy);
    fvmi_ipld::cbor::blake2b_256(&input)
}

/// The library's version, a static NUL-terminated string (never freed).
#[no_mangle]
pub extern "C" fn fvmi_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_from_the_layout_by_hand() {
        let base = [3u8; 32];
        let mut input = (-5i64).to_be_bytes().to_vec();
        input.extend(base);
        input.extend(9i64.to_be_bytes());
        input.extend(b"ab");
        assert_eq!(
            draw(-5, &base, 9, b"ab"),
            fvmi_ipld::cbor::blake2b_256(&input)
        );
        assert_ne!(draw(-5, &base, 9, b"ab"), draw(-5, &base, 10, b"ab"));
    }
}
