//! A read-only, lenient walk of the actors HAMT: it lists every actor whose node is present and
//! reports the subtrees whose blocks are missing, instead of failing (test-vector CARs hold only
//! the blocks their messages touched).

use cid::Cid;
use fvmi_ipld::{Blockstore, MemoryBlockstore};
use fvmi_state::{ActorState, StateRoot};
use fvmi_types::{ActorID, Address};
use ipld_core::ipld::Ipld;

use crate::error::{BadInputExt, CliError, CliResult};

/// No actors HAMT (bit width 5, 256-bit hashed keys) is deeper than this.
const MAX_DEPTH: usize = 64;

/// What a walk found.
#[derive(Debug, Default)]
pub struct ActorListing {
    /// The actors found, in HAMT order.
    pub actors: Vec<(ActorID, ActorState)>,
    /// The CIDs of HAMT nodes that are not in the store.
    pub missing: Vec<Cid>,
    /// Entries that could not be decoded, with the reason.
    pub undecodable: Vec<String>,
}

/// Walks the actors HAMT of the state tree rooted at `root`.
pub fn list_actors(store: &MemoryBlockstore, root: &Cid) -> CliResult<ActorListing> {
    let state_root =
        StateRoot::load(store, root).bad_input(format!("reading state root {root}"))?;
    let mut listing = ActorListing::default();
    let mut pending = vec![(state_root.actors, 0usize)];
    while let Some((cid, depth)) = pending.pop() {
        if depth > MAX_DEPTH {
            return Err(CliError::bad(format!(
                "actors HAMT deeper than {MAX_DEPTH} levels"
            )));
        }
        let Some(bytes) = store.get(&cid).bad_input("reading the blockstore")? else {
            listing.missing.push(cid);
            continue;
        };
        let node: Ipld = serde_ipld_dagcbor::from_slice(&bytes)
            .bad_input(format!("HAMT node {cid} is not DAG-CBOR"))?;
        let pointers = match node {
            Ipld::List(fields) => match fields.as_slice() {
                [Ipld::Bytes(_), Ipld::List(pointers)] => pointers.clone(),
                _ => return Err(CliError::bad(format!("block {cid} is not a HAMT node"))),
            },
            _ => return Err(CliError::bad(format!("block {cid} is not a HAMT node"))),
        };
        let mut children = Vec::new();
        for pointer in pointers {
            match pointer {
                Ipld::Link(child) => children.push((child, depth + 1)),
                Ipld::List(bucket) => {
                    for entry in bucket {
                        match decode_entry(&entry) {
                            Ok(actor) => listing.actors.push(actor),
                            Err(why) => listing.undecodable.push(format!("in {cid}: {why}")),
                        }
                    }
                }
                _ => listing.undecodable.push(format!(
                    "in {cid}: a pointer is neither a link nor a bucket"
                )),
            }
        }
        // Visit children in pointer order.
        pending.extend(children.into_iter().rev());
    }
    Ok(listing)
}

fn decode_entry(entry: &Ipld) -> Result<(ActorID, ActorState), String> {
    let Ipld::List(pair) = entry else {
        return Err("a bucket entry is not a [key, value] pair".into());
    };
    let [Ipld::Bytes(key), value] = pair.as_slice() else {
        return Err("a bucket entry is not a [key, value] pair".into());
    };
    let address = Address::from_bytes(key).map_err(|e| format!("bad key: {e}"))?;
    let id = address
        .id()
        .map_err(|_| format!("key {address} is not an ID address"))?;
    let bytes = serde_ipld_dagcbor::to_vec(value).map_err(|e| e.to_string())?;
    let actor: ActorState =
        fvmi_ipld::cbor::from_slice(&bytes).map_err(|e| format!("actor {id}: {e}"))?;
    Ok((id, actor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_state::{StateTree, StateTreeVersion};
    use fvmi_types::TokenAmount;

    #[test]
    fn lists_what_is_present_and_reports_missing_nodes() {
        let store = MemoryBlockstore::new();
        let code = fvmi_ipld::cid_of(0x55, b"code");
        let head = fvmi_ipld::cid_of(0x71, &[0x80]);
        let mut tree = StateTree::new(&store, StateTreeVersion::V4).unwrap();
        for id in 0..200u64 {
            tree.set_actor(
                id,
                ActorState::new(code, head, TokenAmount::from_atto(id), id),
            );
        }
        let root = tree.flush().unwrap();
        let full = list_actors(&store, &root).unwrap();
        assert_eq!(full.actors.len(), 200);
        assert!(full.missing.is_empty());
        let mut ids: Vec<u64> = full.actors.iter().map(|(id, _)| *id).collect();
        ids.sort();
        assert_eq!(ids, (0..200).collect::<Vec<_>>());

        // Drop every block but the root record and the top HAMT node.
        let actors_root = StateRoot::load(&store, &root).unwrap().actors;
        let partial = MemoryBlockstore::new();
        for cid in [root, actors_root] {
            partial
                .put_keyed(&cid, &store.get(&cid).unwrap().unwrap())
                .unwrap();
        }
        let listing = list_actors(&partial, &root).unwrap();
        assert!(!listing.missing.is_empty());
        assert!(listing.actors.len() < 200);
        for (id, actor) in &listing.actors {
            assert!(full.actors.iter().any(|(i, a)| i == id && a == actor));
        }
    }
}
