//! The builtin-actor bundles a runner knows: the v7 actors fvmi builds itself, plus every bundle
//! CAR found in a directory (`FVMI_BUNDLES`, by default `../shared/bundles`) or named by the user.
//!
//! A vector's state says which actors it runs: the system actor (ID 0) has the code CID of its
//! bundle's `system` entry. [`BundleLibrary::select`] finds that bundle, copies its blocks into
//! the vector's blockstore (as the reference runner imports its bundles) and says whether the
//! machine must be told the bundle's root (network version 15, whose state does not name its
//! manifest) or reads it from the state (16 and later).

use std::path::{Path, PathBuf};

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
    blocks: Vec<(Cid, Vec<u8>)>,
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
    bundles: Vec<KnownBundle>,
    /// The directories and files bundles were looked for in (for the reason a state has none).
    searched: Vec<String>,
}

impl BundleLibrary {
    /// A library holding only the v7 actors fvmi builds.
    pub fn builtin() -> Self {
        let mut library = Self::default();
        let store = MemoryBlockstore::new();
        match fvmi_builtin_actors::load_bundle(&store) {
            Ok(bundle) => library.bundles.push(KnownBundle {
                source: "builtin-actors v7 (built by fvmi)".to_owned(),
                bundle,
                blocks: store.blocks(),
            }),
            Err(_) => unreachable!("the v7 bundle is written by this build"),
        }
        library
    }

    /// The builtin v7 actors plus every `*.car` bundle in `dir`, in file-name order. A missing
    /// directory adds nothing (it is remembered for the skip reason); an invalid file is an error.
    pub fn with_dir(dir: &Path) -> Result<Self, BundleFileError> {
        let mut library = Self::builtin();
        library.add_dir(dir)?;
        Ok(library)
    }

    /// Adds every `*.car` file in `dir` (file-name order).
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
        for file in files {
            self.add_file(&file)?;
        }
        Ok(())
    }

    /// Adds the bundle CAR at `path`; returns its root.
    pub fn add_file(&mut self, path: &Path) -> Result<Cid, BundleFileError> {
        let bytes = std::fs::read(path).map_err(|source| BundleFileError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.add_bytes(&path.display().to_string(), &bytes)
            .map_err(|source| BundleFileError::Invalid {
                path: path.to_path_buf(),
                source,
            })
    }

    /// Adds the bundle CAR held in `bytes`, labelled `source` (a file name, say); returns its
    /// root. This is how a host without a file system (a browser) hands over its bundles.
    pub fn add_bytes(&mut self, source: &str, bytes: &[u8]) -> Result<Cid, BundleError> {
        let store = MemoryBlockstore::new();
        let bundle = fvmi_state::load_bundle(&store, bytes)?;
        let root = bundle.root;
        self.searched.push(source.to_owned());
        self.bundles.push(KnownBundle {
            source: source.to_owned(),
            bundle,
            blocks: store.blocks(),
        });
        Ok(root)
    }

    /// The manifest name of a builtin actor code held by any known bundle (`"storageminer"`).
    pub fn actor_name(&self, code: &Cid) -> Option<&str> {
        self.bundles.iter().find_map(|known| {
            known
                .bundle
                .manifest
                .entries()
                .iter()
                .find(|(_, entry)| entry == code)
                .map(|(name, _)| name.as_str())
        })
    }

    /// The bundles held.
    pub fn bundles(&self) -> &[KnownBundle] {
        &self.bundles
    }

    /// Finds the bundle a state at network version `nv` runs and copies its blocks into
    /// `store`: the bundle whose `system` code is the code of the state's system actor or, when
    /// the (partial) state does not hold the system actor, the first bundle whose actors match
    /// the network version. `Err` is a readable reason when none fits.
    pub fn select<BS: Blockstore>(
        &self,
        store: &BS,
        root: &Cid,
        nv: NetworkVersion,
    ) -> Result<Selection, String> {
        let found = match system_code(store, root) {
            Some(code) => self
                .bundles
                .iter()
                .find(|known| known.bundle.manifest.system_code() == &code)
                .ok_or_else(|| {
                    self.missing_reason(&format!("this state's system actor code {code}"))
                })?,
            None => {
                let profile = fvmi_kernel::profile(nv).map_err(|error| error.to_string())?;
                self.bundles
                    .iter()
                    .find(|known| profile.check_actors(&known.bundle.manifest).is_ok())
                    .ok_or_else(|| {
                        self.missing_reason(&format!(
                            "the builtin actors v{} of network version {nv}",
                            profile.actors.actors_version
                        ))
                    })?
            }
        };
        for (cid, bytes) in &found.blocks {
            store
                .put_keyed(cid, bytes)
                .map_err(|error| format!("copying the bundle: {error}"))?;
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
        let v7 = &library.bundles()[0].bundle;
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
            .unwrap_err();
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
            .unwrap_err();
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
}
