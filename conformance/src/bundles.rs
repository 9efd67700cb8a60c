//! The builtin-actor bundles a runner knows: the v7 actors fvmi builds itself, plus every bundle
//! CAR found in a directory (`FVMI_BUNDLES`, by default `../shared/bundles`) or named by the user.
//!
//! A vector's state says which actors it runs: the system actor (ID 0) has the code CID of its
//! bundle's `system` entry. [`BundleLibrary::select`] finds that bundle, copies its blocks into
//! the vector's blockstore (as the reference runner imports its bundles) and says whether the
//! machine must be told the bundle's root (network version 15, whose state does not name its
//! manifest) or reads it from the state (16 and later).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use cid::Cid;
use fvmi_ipld::{Blockstore, MemoryBlockstore};
use fvmi_state::{Bundle, BundleError, StateTree};
use fvmi_types::builtin::SYSTEM_ACTOR_ID;
use fvmi_types::NetworkVersion;

/// The environment variable naming the directory of bundle CARs.
pub const BUNDLES_ENV: &str = "FVMI_BUNDLES";

/// One bundle held in memory.
#[derive(Debug, Clone)]
pub struct KnownBundle {
    /// Where it came from (a path, or `builtin-actors v7 (built by fvmi)`).
    pub source: String,
    /// The bundle's root and manifest.
    pub bundle: Bundle,
    blocks: Vec<(Cid, Arc<[u8]>)>,
}

/// Why a bundle file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BundleFileError {
    /// The file could not be read.
    #[error("bundle {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a valid bundle.
    #[error("bundle {path}: {source}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        source: BundleError,
    },
}

/// The bundle chosen for a state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Where the bundle came from.
    pub source: String,
    /// Its root (versioned manifest), already in the state's blockstore.
    pub root: Cid,
}

/// Every bundle a runner can use, in the order they were added.
#[derive(Debug, Clone, Default)]
pub struct BundleLibrary {
    bundles: Vec<Slot>,
    /// The directories and files bundles were looked for in (for the reason a state has none).
    searched: Vec<String>,
}

/// A bundle the library knows: loaded, or a file read and checked on first use.
#[derive(Debug, Clone)]
enum Slot {
    Loaded(KnownBundle),
    /// A file from a bundle directory: its CAR header was checked when it was added; the
    /// blocks are read and verified the first time a state may need it.
    Pending {
        path: PathBuf,
        loaded: Arc<OnceLock<Result<KnownBundle, String>>>,
    },
}

impl Slot {
    /// The bundle, loading it now if needed; `Err` names the file and what is wrong.
    fn get(&self) -> Result<&KnownBundle, &str> {
        match self {
            Slot::Loaded(known) => Ok(known),
            Slot::Pending { path, loaded } => loaded
                .get_or_init(|| read_bundle_file(path).map_err(|error| error.to_string()))
                .as_ref()
                .map_err(String::as_str),
        }
    }
}

/// Reads and verifies the bundle CAR at `path`.
fn read_bundle_file(path: &Path) -> Result<KnownBundle, BundleFileError> {
    let bytes = std::fs::read(path).map_err(|source| BundleFileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let store = MemoryBlockstore::new();
    let bundle = fvmi_state::load_bundle(&store, bytes.as_slice()).map_err(|source| {
        BundleFileError::Invalid {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(KnownBundle {
        source: path.display().to_string(),
        bundle,
        blocks: store.shared_blocks(),
    })
}

/// Checks that the file at `path` starts like a bundle CAR (a readable CAR header with one
/// root), without reading its blocks.
fn check_header(path: &Path) -> Result<(), BundleFileError> {
    let file = std::fs::File::open(path).map_err(|source| BundleFileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let invalid = |source: BundleError| BundleFileError::Invalid {
        path: path.to_path_buf(),
        source,
    };
    let car = fvmi_ipld::CarReader::new_unverified(std::io::BufReader::new(file))
        .map_err(|error| invalid(error.into()))?;
    match car.header().roots.len() {
        1 => Ok(()),
        n => Err(invalid(BundleError::Roots(n))),
    }
}

impl BundleLibrary {
    /// A library holding only the v7 actors fvmi builds.
    pub fn builtin() -> Self {
        let mut library = Self::default();
        let store = MemoryBlockstore::new();
        match fvmi_builtin_actors::load_bundle(&store) {
            Ok(bundle) => library.bundles.push(Slot::Loaded(KnownBundle {
                source: "builtin-actors v7 (built by fvmi)".to_owned(),
                bundle,
                blocks: store.shared_blocks(),
            })),
            Err(_) => unreachable!("the v7 bundle is written by this build"),
        }
        library
    }

    /// The builtin v7 actors plus every `*.car` bundle in `dir`, in file-name order. A missing
    /// directory adds nothing (it is remembered for the skip reason); a file that is not a
    /// bundle CAR is an error.
    pub fn with_dir(dir: &Path) -> Result<Self, BundleFileError> {
        let mut library = Self::builtin();
        library.add_dir(dir)?;
        Ok(library)
    }

    /// Adds every `*.car` file in `dir` (file-name order). Each file's header is checked now;
    /// its blocks are read and verified the first time a state may run on it, so a process
    /// that never needs a bundle never pays for it.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), BundleFileError> {
        self.searched.push(dir.display().to_string());
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "car"))
            .collect();
        files.sort();
        for path in files {
            check_header(&path)?;
            self.bundles.push(Slot::Pending {
                path,
                loaded: Arc::default(),
            });
        }
        Ok(())
    }

    /// Adds the bundle CAR at `path`, read and verified now; returns its root.
    pub fn add_file(&mut self, path: &Path) -> Result<Cid, BundleFileError> {
        let known = read_bundle_file(path)?;
        let root = known.bundle.root;
        self.searched.push(path.display().to_string());
        self.bundles.push(Slot::Loaded(known));
        Ok(root)
    }

    /// The manifest name of a builtin actor code held by any known bundle (`"storageminer"`).
    /// Loads every bundle not loaded yet (a file that fails to load is passed over).
    pub fn actor_name(&self, code: &Cid) -> Option<&str> {
        self.bundles.iter().find_map(|slot| {
            slot.get()
                .ok()?
                .bundle
                .manifest
                .entries()
                .iter()
                .find(|(_, entry)| entry == code)
                .map(|(name, _)| name.as_str())
        })
    }

    /// How many bundles the library knows (loaded or not yet).
    pub fn len(&self) -> usize {
        self.bundles.len()
    }

    /// Whether the library knows no bundle.
    pub fn is_empty(&self) -> bool {
        self.bundles.is_empty()
    }

    /// The bundles loaded so far, in the order they were added (the builtin v7 actors first).
    pub fn loaded(&self) -> Vec<&KnownBundle> {
        self.bundles
            .iter()
            .filter_map(|slot| match slot {
                Slot::Loaded(known) => Some(known),
                Slot::Pending { loaded, .. } => loaded.get()?.as_ref().ok(),
            })
            .collect()
    }

    /// Finds the bundle a state at network version `nv` runs and puts its blocks into `store`
    /// (shared, not copied, when `store` can hold shared bytes): the bundle whose `system` code is the code of the state's system actor or, when
    /// the (partial) state does not hold the system actor, the first bundle whose actors match
    /// the network version. Bundles are tried in the order they were added, each file loaded
    /// when it is reached. `Err` is a readable reason when none fits or a bundle file that had
    /// to be read is broken ([`SelectError`]).
    pub fn select<BS: Blockstore>(
        &self,
        store: &BS,
        root: &Cid,
        nv: NetworkVersion,
    ) -> Result<Selection, SelectError> {
        let fits: Box<dyn Fn(&KnownBundle) -> bool> = match system_code(store, root) {
            Some(code) => Box::new(move |known| known.bundle.manifest.system_code() == &code),
            None => {
                let profile = fvmi_kernel::profile(nv)
                    .map_err(|error| SelectError::NoBundle(error.to_string()))?;
                Box::new(move |known| profile.check_actors(&known.bundle.manifest).is_ok())
            }
        };
        let mut found = None;
        for slot in &self.bundles {
            let known = slot
                .get()
                .map_err(|reason| SelectError::BadBundle(reason.to_owned()))?;
            if fits(known) {
                found = Some(known);
                break;
            }
        }
        let Some(found) = found else {
            let wanted = match system_code(store, root) {
                Some(code) => format!("this state's system actor code {code}"),
                None => format!(
                    "the builtin actors v{} of network version {nv}",
                    fvmi_kernel::profile(nv)
                        .map(|profile| profile.actors.actors_version)
                        .unwrap_or_default()
                ),
            };
            return Err(SelectError::NoBundle(self.missing_reason(&wanted)));
        };
        for (cid, bytes) in &found.blocks {
            store
                .put_shared(cid, bytes)
                .map_err(|error| SelectError::BadBundle(format!("copying the bundle: {error}")))?;
        }
        Ok(Selection {
            source: found.source.clone(),
            root: found.bundle.root,
        })
    }

    fn missing_reason(&self, wanted: &str) -> String {
        let searched = if self.searched.is_empty() {
            "no bundle directory or file given".to_owned()
        } else {
            format!("looked in {}", self.searched.join(", "))
        };
        format!(
            "no known builtin-actor bundle holds {wanted} ({searched}; set {BUNDLES_ENV}=DIR \
             or pass --bundle FILE)"
        )
    }
}

/// Why no bundle was selected for a state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    /// No known bundle holds the state's actors (a skip, unless the user named the bundles).
    #[error("{0}")]
    NoBundle(String),
    /// A bundle file that had to be read is broken, or its blocks could not be copied (a
    /// failure).
    #[error("{0}")]
    BadBundle(String),
}

/// The code CID of the system actor at `root`, if the (possibly partial) state holds it.
fn system_code<BS: Blockstore>(store: &BS, root: &Cid) -> Option<Cid> {
    let tree = StateTree::new_from_root(store, root).ok()?;
    Some(tree.get_actor(SYSTEM_ACTOR_ID).ok()??.code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_ipld::CborStore;
    use fvmi_state::{ActorState, StateTreeVersion};
    use fvmi_types::TokenAmount;

    fn state_with_system_code(store: &MemoryBlockstore, code: Cid) -> Cid {
        let mut tree = StateTree::new(store, StateTreeVersion::V4).unwrap();
        let empty = tree.store().put_cbor(&Vec::<u8>::new()).unwrap();
        tree.set_actor(
            SYSTEM_ACTOR_ID,
            ActorState::new(code, empty, TokenAmount::zero(), 0),
        );
        tree.flush().unwrap()
    }

    #[test]
    fn selects_the_v7_bundle_by_system_code() {
        let library = BundleLibrary::builtin();
        let v7 = &library.loaded()[0].bundle;
        let store = MemoryBlockstore::new();
        let root = state_with_system_code(&store, *v7.manifest.system_code());
        let selection = library.select(&store, &root, NetworkVersion::V15).unwrap();
        assert_eq!(selection.root, v7.root);
        assert!(store.has(v7.manifest.account_code()).unwrap());
        assert_eq!(
            library.actor_name(v7.manifest.account_code()),
            Some("account")
        );
        // A partial state without the system actor: chosen by network version.
        let partial = MemoryBlockstore::new();
        let empty_root = StateTree::new(&partial, StateTreeVersion::V4)
            .unwrap()
            .flush()
            .unwrap();
        let by_version = library.select(&partial, &empty_root, NetworkVersion::V15);
        assert_eq!(by_version.unwrap().root, v7.root);
        let reason = library
            .select(&partial, &empty_root, NetworkVersion::V17)
            .unwrap_err()
            .to_string();
        assert!(reason.contains("v9"), "{reason}");
    }

    #[test]
    fn names_the_missing_bundle() {
        let mut library = BundleLibrary::builtin();
        library.add_dir(Path::new("/nonexistent/bundles")).unwrap();
        let store = MemoryBlockstore::new();
        let other = fvmi_ipld::cid_of(fvmi_ipld::cbor::RAW, b"some other system actor");
        let root = state_with_system_code(&store, other);
        let reason = library
            .select(&store, &root, NetworkVersion::V15)
            .unwrap_err()
            .to_string();
        assert!(reason.contains(&other.to_string()), "{reason}");
        assert!(reason.contains("/nonexistent/bundles"), "{reason}");
    }

    #[test]
    fn a_corrupt_bundle_file_is_an_error() {
        let dir = std::env::temp_dir().join(format!("fvmi-bundles-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("broken.car");
        std::fs::write(&file, b"not a car").unwrap();
        let error = BundleLibrary::with_dir(&dir).unwrap_err();
        assert!(error.to_string().contains("broken.car"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn directory_bundles_load_only_when_needed() {
        let dir = std::env::temp_dir().join(format!("fvmi-lazy-bundles-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // A CAR header with one root, then a block whose bytes do not match its CID.
        let v7 = BundleLibrary::builtin();
        let root = v7.loaded()[0].bundle.root;
        let mut car = Vec::new();
        fvmi_ipld::write_car(&[root], [(root, b"not the manifest".to_vec())], &mut car).unwrap();
        std::fs::write(dir.join("broken.car"), &car).unwrap();
        let library = BundleLibrary::with_dir(&dir).unwrap();
        assert_eq!((library.len(), library.loaded().len()), (2, 1));
        // A v7 state never reads the broken file.
        let store = MemoryBlockstore::new();
        let v7_root = state_with_system_code(&store, *v7.loaded()[0].bundle.manifest.system_code());
        assert!(library
            .select(&store, &v7_root, NetworkVersion::V15)
            .is_ok());
        // Another state has to read it: a failure naming the file, not a skip.
        let other = fvmi_ipld::cid_of(fvmi_ipld::cbor::RAW, b"some other system actor");
        let other_root = state_with_system_code(&store, other);
        match library.select(&store, &other_root, NetworkVersion::V15) {
            Err(SelectError::BadBundle(reason)) => {
                assert!(reason.contains("broken.car"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
