//! Writing a state to a CAR file: the root and every block reachable from it that the store holds.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use cid::Cid;
use fvmi_ipld::blockstore::scan_links;
use fvmi_ipld::cbor::DAG_CBOR;
use fvmi_ipld::{write_car, Blockstore, MemoryBlockstore};

use crate::error::{BadInputExt, CliResult};

/// The blocks reachable from `root` in `store`, in visiting order. Links to absent blocks (partial
/// trees, as in test vectors) are skipped; identity-hashed CIDs carry their data and are not stored.
pub fn reachable_blocks(
    store: &MemoryBlockstore,
    root: &Cid,
) -> anyhow::Result<Vec<(Cid, Vec<u8>)>> {
    let mut seen = BTreeSet::new();
    let mut pending = vec![*root];
    let mut blocks = Vec::new();
    while let Some(cid) = pending.pop() {
        if cid.hash().code() == fvmi_ipld::cbor::IDENTITY || !seen.insert(cid) {
            continue;
        }
        let Some(bytes) = store.get(&cid)? else {
            continue;
        };
        if cid.codec() == DAG_CBOR {
            let mut links = scan_links(&bytes)?;
            links.reverse();
            pending.extend(links);
        }
        blocks.push((cid, bytes));
    }
    Ok(blocks)
}

/// Writes `root` and the blocks reachable from it to the CAR file `path`.
pub fn write_state(path: &Path, store: &MemoryBlockstore, root: &Cid) -> CliResult {
    let blocks = reachable_blocks(store, root)?;
    let file = File::create(path).bad_input(format!("cannot create {}", path.display()))?;
    let mut writer = BufWriter::new(file);
    write_car(&[*root], blocks, &mut writer).map_err(anyhow::Error::from)?;
    std::io::Write::flush(&mut writer).bad_input(format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_linked_blocks_and_skips_missing_ones() {
        let store = MemoryBlockstore::new();
        let leaf = store.put(DAG_CBOR, &[0x01]).unwrap();
        let absent = fvmi_ipld::cid_of(DAG_CBOR, &[0x02]);
        let mut root_bytes = vec![0x82];
        for cid in [leaf, absent] {
            let raw = cid.to_bytes();
            root_bytes.extend([0xd8, 0x2a, 0x58, (raw.len() + 1) as u8, 0x00]);
            root_bytes.extend(raw);
        }
        let root = store.put(DAG_CBOR, &root_bytes).unwrap();
        let blocks = reachable_blocks(&store, &root).unwrap();
        let cids: Vec<Cid> = blocks.iter().map(|(c, _)| *c).collect();
        assert_eq!(cids, vec![root, leaf]);
    }
}
