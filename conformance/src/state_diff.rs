//! Locating a post-state mismatch: the actors whose state differs, by ID address.
//!
//! Vector state trees are pruned (the CAR holds only the blocks execution touched), so a full
//! walk would hit missing nodes. Instead, the entries of every node *present* in the store are
//! gathered for both trees; an actor seen on one side only is then looked up on the other side
//! along its hash path, which tells "absent" from "unknown" (a node on the path is missing).

use std::collections::BTreeMap;

use cid::Cid;
use fvmi_ipld::hamt::{scan_stored_nodes, BytesKey, Hamt, HamtError};
use fvmi_ipld::MemoryBlockstore;
use fvmi_state::{ActorState, StateRoot};
use fvmi_types::address::Address;

use crate::outcome::ActorDifference;

/// Walks the actors of both state trees and lists (at most `limit`) actors that differ, in key
/// order. An `Err` describes why the walk was impossible (e.g. a missing root block).
pub(crate) fn actor_differences(
    store: &MemoryBlockstore,
    expected_root: &Cid,
    got_root: &Cid,
    limit: usize,
) -> Result<Vec<ActorDifference>, String> {
    let expected = actors_root(store, expected_root, "expected")?;
    let got = actors_root(store, got_root, "actual")?;
    let expected_entries = present_entries(store, &expected)?;
    let got_entries = present_entries(store, &got)?;

    let mut keys: Vec<&BytesKey> = expected_entries.keys().chain(got_entries.keys()).collect();
    keys.sort();
    keys.dedup();

    let mut differences = Vec::new();
    for key in keys {
        if differences.len() >= limit {
            break;
        }
        let expected_actor = side(store, &expected, &expected_entries, key)?;
        let got_actor = side(store, &got, &got_entries, key)?;
        if expected_actor != got_actor {
            differences.push(ActorDifference {
                address: render_key(key),
                expected: expected_actor.to_string(),
                got: got_actor.to_string(),
            });
        }
    }
    Ok(differences)
}

/// What one side's tree says about an actor.
#[derive(Debug, PartialEq)]
enum Lookup {
    /// The actor's record.
    Present(Box<ActorState>),
    /// The tree has no such actor.
    Absent,
    /// A node on the actor's hash path is not in the store (pruned from the CAR).
    Unknown,
}

impl std::fmt::Display for Lookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Lookup::Present(actor) => write!(
                f,
                "code {} state {} nonce {} balance {}",
                actor.code, actor.state, actor.sequence, actor.balance
            ),
            Lookup::Absent => f.write_str("<absent>"),
            Lookup::Unknown => f.write_str("<unknown: pruned from the CAR>"),
        }
    }
}

/// The actor under `key` on one side: from the scanned entries, or by a hash-path lookup.
fn side(
    store: &MemoryBlockstore,
    root: &Cid,
    entries: &BTreeMap<BytesKey, ActorState>,
    key: &BytesKey,
) -> Result<Lookup, String> {
    if let Some(actor) = entries.get(key) {
        return Ok(Lookup::Present(Box::new(actor.clone())));
    }
    let hamt: Hamt<&MemoryBlockstore, ActorState> =
        Hamt::load(root, store).map_err(|error| format!("loading actors HAMT {root}: {error}"))?;
    match hamt.get(key.0.as_slice()) {
        Ok(Some(actor)) => Ok(Lookup::Present(Box::new(actor.clone()))),
        Ok(None) => Ok(Lookup::Absent),
        Err(HamtError::NotFound(_)) => Ok(Lookup::Unknown),
        Err(error) => Err(format!("looking up {} in {root}: {error}", render_key(key))),
    }
}

fn actors_root(store: &MemoryBlockstore, root: &Cid, which: &str) -> Result<Cid, String> {
    StateRoot::load(store, root)
        .map(|record| record.actors)
        .map_err(|error| format!("loading the {which} state root {root}: {error}"))
}

fn present_entries(
    store: &MemoryBlockstore,
    actors: &Cid,
) -> Result<BTreeMap<BytesKey, ActorState>, String> {
    let scan = scan_stored_nodes::<BytesKey, ActorState, _>(store, actors)
        .map_err(|error| format!("scanning actors HAMT {actors}: {error}"))?;
    Ok(scan.entries.into_iter().collect())
}

fn render_key(key: &BytesKey) -> String {
    match Address::from_bytes(&key.0).ok().and_then(|a| a.id().ok()) {
        Some(id) => format!("f0{id}"),
        None => format!("key 0x{}", crate::outcome::hex(&key.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_ipld::cbor::{cid_of, DAG_CBOR};
    use fvmi_ipld::Blockstore;
    use fvmi_state::{StateTree, StateTreeVersion};
    use fvmi_types::TokenAmount;

    fn actor(balance: u64) -> ActorState {
        let code = cid_of(DAG_CBOR, b"code");
        let state = cid_of(DAG_CBOR, b"state");
        ActorState::new(code, state, TokenAmount::from_atto(balance), 0)
    }

    /// Builds a tree with actors `ids` (balance = id, except `bump` which gets +1).
    fn tree(store: &MemoryBlockstore, ids: std::ops::Range<u64>, bump: Option<u64>) -> Cid {
        let mut tree = StateTree::new(store, StateTreeVersion::V4).unwrap();
        for id in ids {
            let extra = u64::from(Some(id) == bump);
            tree.set_actor(id, actor(id + extra));
        }
        tree.flush().unwrap()
    }

    #[test]
    fn lists_changed_added_and_removed_actors() {
        let store = MemoryBlockstore::new();
        let expected = tree(&store, 0..60, None);
        let got = tree(&store, 1..61, Some(30));
        let diffs = actor_differences(&store, &expected, &got, 10).unwrap();
        let addresses: Vec<_> = diffs.iter().map(|d| d.address.as_str()).collect();
        // Keys are ordered by their address bytes, not numerically.
        let mut wanted = vec!["f00", "f030", "f060"];
        wanted.sort_by_key(|text| {
            let id: u64 = text[2..].parse().unwrap();
            Address::new_id(id).to_bytes()
        });
        assert_eq!(addresses, wanted);
        let removed = diffs.iter().find(|d| d.address == "f00").unwrap();
        assert_eq!(removed.got, "<absent>");
        assert!(removed.expected.contains("balance"));
        assert_eq!(
            actor_differences(&store, &expected, &expected, 10).unwrap(),
            vec![]
        );
        assert_eq!(
            actor_differences(&store, &expected, &got, 1).unwrap().len(),
            1
        );
    }

    #[test]
    fn pruned_nodes_are_unknown_and_missing_roots_are_errors() {
        let full = MemoryBlockstore::new();
        let expected = tree(&full, 0..200, None);
        let got = tree(&full, 0..200, Some(7));
        // Keep only the blocks of the two root records and the top HAMT nodes.
        let pruned = MemoryBlockstore::new();
        for root in [expected, got] {
            let bytes = full.get(&root).unwrap().unwrap();
            pruned.put_keyed(&root, &bytes).unwrap();
            let actors = StateRoot::load(&full, &root).unwrap().actors;
            pruned
                .put_keyed(&actors, &full.get(&actors).unwrap().unwrap())
                .unwrap();
        }
        let diffs = actor_differences(&pruned, &expected, &got, 10).unwrap();
        assert!(diffs
            .iter()
            .all(|d| d.address != "f07" || d.got.contains("unknown")));
        let missing = cid_of(DAG_CBOR, b"no such root");
        assert!(actor_differences(&pruned, &missing, &got, 10).is_err());
    }
}
