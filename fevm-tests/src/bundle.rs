//! Finding the builtin-actors v10 mainnet bundle at run time (it is never embedded or committed).

use std::path::{Path, PathBuf};

/// The bundle's file name.
pub const V10_BUNDLE: &str = "builtin-actors-v10-mainnet.car";

/// The environment variable naming the directory of bundle CARs.
pub const BUNDLES_ENV: &str = "FVMI_BUNDLES";

/// The directory searched: `FVMI_BUNDLES`, else `<CARGO_MANIFEST_DIR>/../../shared/bundles`.
pub fn bundles_dir() -> PathBuf {
    std::env::var_os(BUNDLES_ENV).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bundles"),
        PathBuf::from,
    )
}

/// The v10 bundle's path, or `None` (with the skip reason printed) when it is absent and
/// `FVMI_BUNDLES` is unset.
///
/// # Panics
///
/// When `FVMI_BUNDLES` is set and the bundle is not in it: a configured run must not skip.
pub fn v10_bundle() -> Option<PathBuf> {
    let path = bundles_dir().join(V10_BUNDLE);
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os(BUNDLES_ENV).is_none(),
        "{BUNDLES_ENV} is set but {} does not exist",
        path.display()
    );
    eprintln!(
        "skipped: the builtin-actors v10 bundle is not at {} (set {BUNDLES_ENV} to its directory)",
        path.display()
    );
    None
}
