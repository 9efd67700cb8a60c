//! Loading a state tree from a CAR file given on the command line.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use cid::Cid;
use fvmi_ipld::{load_car, MemoryBlockstore};
use fvmi_state::StateTree;

use crate::error::{BadInputExt, CliError, CliResult};

/// A CAR file loaded into memory: its blocks and the state root chosen from it.
pub struct LoadedState {
    /// Every block of the CAR, CIDs checked.
    pub store: MemoryBlockstore,
    /// The state root: `--root` if given, else the CAR's first root.
    pub root: Cid,
}

impl LoadedState {
    /// Reads `path` and picks the root (`root` overrides the CAR header's first root).
    pub fn open(path: &Path, root: Option<&str>) -> CliResult<Self> {
        let file = File::open(path).bad_input(format!("cannot open {}", path.display()))?;
        let store = MemoryBlockstore::new();
        let roots = load_car(&store, BufReader::new(file))
            .bad_input(format!("{} is not a valid CAR file", path.display()))?;
        let root = match root {
            Some(text) => text
                .parse::<Cid>()
                .bad_input(format!("--root {text} is not a CID"))?,
            None => *roots.first().ok_or_else(|| {
                CliError::bad(format!("{} names no root; pass --root", path.display()))
            })?,
        };
        Ok(Self { store, root })
    }

    /// The state tree at the chosen root.
    pub fn tree(&self) -> CliResult<StateTree<&MemoryBlockstore>> {
        StateTree::new_from_root(&self.store, &self.root)
            .bad_input(format!("root {} is not a state tree", self.root))
    }
}
