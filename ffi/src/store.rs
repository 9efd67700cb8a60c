//! The blockstore handle: an in-memory store shared by the caller's handle and every machine
//! built on it. CAR archives (states) and builtin-actor bundles are loaded into it from bytes or
//! files.

use std::ffi::c_char;
use std::sync::{Arc, Mutex, PoisonError};

use cid::Cid;
use fvmi_ipld::{Blockstore, BlockstoreError, MemoryBlockstore};

use crate::buffers::{input_path, input_slice, require_out, write_bytes, FvmiBytes};
use crate::status::{catch, finish, FfiError, FfiResult, FVMI_ERROR_CAR, FVMI_ERROR_IO};

/// An in-memory blockstore. Opaque; created with `fvmi_store_new`, freed with `fvmi_store_free`.
/// Machines built on a store share it (and keep it alive), so freeing the handle while machines
/// use it is fine. A store may be used from several threads, one call at a time per machine.
pub struct FvmiStore {
    pub(crate) shared: SharedStore,
}

/// A blockstore the machine can own (it must be `Send`) while the caller keeps a handle.
#[derive(Clone, Default)]
pub(crate) struct SharedStore(Arc<Mutex<MemoryBlockstore>>);

impl Blockstore for SharedStore {
    fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>, BlockstoreError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(cid)
    }

    fn put_keyed(&self, cid: &Cid, bytes: &[u8]) -> Result<(), BlockstoreError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .put_keyed(cid, bytes)
    }

    fn has(&self, cid: &Cid) -> Result<bool, BlockstoreError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .has(cid)
    }
}

/// The store behind a caller's handle.
///
/// # Safety
///
/// `store` must be NULL or a live handle from `fvmi_store_new`.
pub(crate) unsafe fn store_ref<'a>(store: *const FvmiStore) -> FfiResult<&'a FvmiStore> {
    // SAFETY: the caller guarantees a live handle or NULL.
    unsafe { store.as_ref() }.ok_or_else(|| FfiError::null("store"))
}

/// Creates an empty store; `*store_out` receives the handle, freed with `fvmi_store_free`.
///
/// # Safety
///
/// `store_out` must be valid for writing one pointer; `error_out` NULL or valid for one pointer.
#[no_mangle]
pub unsafe extern "C" fn fvmi_store_new(
    store_out: *mut *mut FvmiStore,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        require_out(store_out, "store_out")?;
        let handle = Box::new(FvmiStore {
            shared: SharedStore::default(),
        });
        // SAFETY: checked non-NULL above; the caller guarantees it is writable.
        unsafe { store_out.write(Box::into_raw(handle)) };
        Ok(())
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

/// Frees a store handle (machines built on it keep their share). NULL is a no-op.
///
/// # Safety
///
/// `store` must be NULL or a handle from `fvmi_store_new`, not freed before.
#[no_mangle]
pub unsafe extern "C" fn fvmi_store_free(store: *mut FvmiStore) {
    if store.is_null() {
        return;
    }
    // A panic in a drop would abort here rather than unwind into C; dropping an `Arc` of a map
    // of byte vectors does not panic.
    // SAFETY: the handle came from `Box::into_raw` in `fvmi_store_new` and is freed once.
    drop(unsafe { Box::from_raw(store) });
}

/// Loads a CAR v1 archive (every block checked against its CID) into `store`. `*roots_out`
/// receives the archive's roots as one DAG-CBOR array of CID links (tag 42), freed with
/// `fvmi_bytes_free`.
///
/// # Safety
///
/// `store` must be a live store handle; `car` readable for `car_len` bytes; `roots_out` valid
/// for writing one `FvmiBytes`; `error_out` NULL or valid for one pointer.
#[no_mangle]
pub unsafe extern "C" fn fvmi_store_load_car(
    store: *const FvmiStore,
    car: *const u8,
    car_len: usize,
    roots_out: *mut FvmiBytes,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        // SAFETY: the caller guarantees a live handle (NULL is refused).
        let store = unsafe { store_ref(store) }?;
        require_out(roots_out, "roots_out")?;
        // SAFETY: the caller guarantees `car` is readable for `car_len` bytes.
        let bytes = unsafe { input_slice(car, car_len, "car") }?;
        let roots = load_car_roots(&store.shared, bytes)?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_bytes(roots_out, roots) };
        Ok(())
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

/// Like `fvmi_store_load_car`, reading the archive from the file at `path` (a NUL-terminated
/// path).
///
/// # Safety
///
/// As `fvmi_store_load_car`, with `path` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn fvmi_store_load_car_file(
    store: *const FvmiStore,
    path: *const c_char,
    roots_out: *mut FvmiBytes,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        // SAFETY: the caller guarantees a live handle (NULL is refused).
        let store = unsafe { store_ref(store) }?;
        require_out(roots_out, "roots_out")?;
        // SAFETY: the caller guarantees a NUL-terminated path (NULL is refused).
        let bytes = read_file(&unsafe { input_path(path) }?)?;
        let roots = load_car_roots(&store.shared, &bytes)?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_bytes(roots_out, roots) };
        Ok(())
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

/// Loads a builtin-actor bundle CAR (a versioned manifest root and each actor's wasm) into
/// `store`. `*root_out` receives the bundle's root as binary CID bytes (freed with
/// `fvmi_bytes_free`): name it in `FvmiMachineParams::builtin_actors` at network version 15.
///
/// # Safety
///
/// `store` must be a live store handle; `car` readable for `car_len` bytes; `root_out` valid for
/// writing one `FvmiBytes`; `error_out` NULL or valid for one pointer.
#[no_mangle]
pub unsafe extern "C" fn fvmi_store_load_bundle(
    store: *const FvmiStore,
    car: *const u8,
    car_len: usize,
    root_out: *mut FvmiBytes,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        // SAFETY: the caller guarantees a live handle (NULL is refused).
        let store = unsafe { store_ref(store) }?;
        require_out(root_out, "root_out")?;
        // SAFETY: the caller guarantees `car` is readable for `car_len` bytes.
        let bytes = unsafe { input_slice(car, car_len, "car") }?;
        let root = load_bundle_root(&store.shared, bytes)?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_bytes(root_out, root) };
        Ok(())
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

/// Like `fvmi_store_load_bundle`, reading the bundle from the file at `path`.
///
/// # Safety
///
/// As `fvmi_store_load_bundle`, with `path` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn fvmi_store_load_bundle_file(
    store: *const FvmiStore,
    path: *const c_char,
    root_out: *mut FvmiBytes,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        // SAFETY: the caller guarantees a live handle (NULL is refused).
        let store = unsafe { store_ref(store) }?;
        require_out(root_out, "root_out")?;
        // SAFETY: the caller guarantees a NUL-terminated path (NULL is refused).
        let bytes = read_file(&unsafe { input_path(path) }?)?;
        let root = load_bundle_root(&store.shared, &bytes)?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_bytes(root_out, root) };
        Ok(())
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

/// Loads the builtin actors v7 that fvmi builds itself (the actors of network version 15, under
/// named code CIDs `fil/7/<name>`) into `store`; `*root_out` receives the bundle's root as
/// binary CID bytes, as `fvmi_store_load_bundle` does.
///
/// # Safety
///
/// `store` must be a live store handle; `root_out` valid for writing one `FvmiBytes`;
/// `error_out` NULL or valid for one pointer.
#[no_mangle]
pub unsafe extern "C" fn fvmi_store_load_builtin_bundle(
    store: *const FvmiStore,
    root_out: *mut FvmiBytes,
    error_out: *mut *mut c_char,
) -> i32 {
    let result = catch(|| {
        // SAFETY: the caller guarantees a live handle (NULL is refused).
        let store = unsafe { store_ref(store) }?;
        require_out(root_out, "root_out")?;
        let root = load_bundle_root(&store.shared, fvmi_builtin_actors::bundle_car())?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_bytes(root_out, root) };
        Ok(())
    });
    // SAFETY: the caller guarantees `error_out` is NULL or writable.
    unsafe { finish(error_out, result) }
}

fn read_file(path: &std::path::Path) -> FfiResult<Vec<u8>> {
    std::fs::read(path)
        .map_err(|error| FfiError::new(FVMI_ERROR_IO, format!("{}: {error}", path.display())))
}

/// Loads a CAR into `store` and encodes its roots as a DAG-CBOR list of links.
fn load_car_roots(store: &SharedStore, car: &[u8]) -> FfiResult<Vec<u8>> {
    let roots = fvmi_ipld::load_car(store, car)
        .map_err(|error| FfiError::new(FVMI_ERROR_CAR, format!("invalid CAR: {error}")))?;
    fvmi_ipld::cbor::to_vec(&roots)
        .map_err(|error| FfiError::new(FVMI_ERROR_CAR, format!("encoding the roots: {error}")))
}

/// Loads a bundle into `store` and returns its root's CID bytes.
fn load_bundle_root(store: &SharedStore, car: &[u8]) -> FfiResult<Vec<u8>> {
    let bundle = fvmi_state::load_bundle(store, car)
        .map_err(|error| FfiError::new(FVMI_ERROR_CAR, format!("invalid bundle: {error}")))?;
    Ok(bundle.root.to_bytes())
}
