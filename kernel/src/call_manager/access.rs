//! Which actors and addresses a message has touched so far (network version 18 on, FIP-0057):
//! the first read of an actor costs a lookup, its first write an update, and a reverted call
//! forgets what it touched, so a later access pays again.
//!
//! The record is a map with a history: every change made inside a transaction is logged with
//! the value it replaced, and reverting a transaction undoes its changes in reverse order.

use std::collections::{BTreeMap, BTreeSet};

use fvmi_types::{ActorID, Address};

/// How far an actor has been touched in this message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Read: its lookup is paid.
    Read,
    /// Written: its lookup and update are paid.
    Updated,
}

/// One logged change, with what it replaced.
#[derive(Debug, Clone)]
enum Undo {
    Actor(ActorID, Option<Access>),
    Address(Address),
}

/// The per-message access record with transaction layers.
#[derive(Debug, Clone, Default)]
pub struct AccessTracker {
    actors: BTreeMap<ActorID, Access>,
    addresses: BTreeSet<Address>,
    history: Vec<Undo>,
    layers: Vec<usize>,
}

impl AccessTracker {
    /// A record in which `preloaded` actors count as already written (their accesses are free).
    pub fn new(preloaded: &[ActorID]) -> Self {
        let actors = preloaded.iter().map(|id| (*id, Access::Updated)).collect();
        Self {
            actors,
            ..Self::default()
        }
    }

    /// How far `id` has been touched.
    pub fn actor(&self, id: ActorID) -> Option<Access> {
        self.actors.get(&id).copied()
    }

    /// Whether `address` has been resolved (or assigned) in this message.
    pub fn address_seen(&self, address: &Address) -> bool {
        self.addresses.contains(address)
    }

    /// Records a read of `id` (a no-op once read or written).
    pub fn record_read(&mut self, id: ActorID) {
        if self.actor(id).is_none() {
            self.set(id, Access::Read);
        }
    }

    /// Records a write of `id`.
    pub fn record_update(&mut self, id: ActorID) {
        if self.actor(id) != Some(Access::Updated) {
            self.set(id, Access::Updated);
        }
    }

    /// Records that `address` was resolved.
    pub fn record_address(&mut self, address: Address) {
        if self.addresses.insert(address) && !self.layers.is_empty() {
            self.history.push(Undo::Address(address));
        }
    }

    fn set(&mut self, id: ActorID, access: Access) {
        let previous = self.actors.insert(id, access);
        if !self.layers.is_empty() {
            self.history.push(Undo::Actor(id, previous));
        }
    }

    /// Opens a transaction layer.
    pub fn begin_transaction(&mut self) {
        self.layers.push(self.history.len());
    }

    /// Closes the innermost layer, undoing its changes when `revert`. Closing with no open layer
    /// is a host bug (reported as `false`).
    pub fn end_transaction(&mut self, revert: bool) -> bool {
        let Some(start) = self.layers.pop() else {
            return false;
        };
        if revert {
            for undo in self.history.drain(start..).rev() {
                match undo {
                    Undo::Actor(id, Some(previous)) => {
                        self.actors.insert(id, previous);
                    }
                    Undo::Actor(id, None) => {
                        self.actors.remove(&id);
                    }
                    Undo::Address(address) => {
                        self.addresses.remove(&address);
                    }
                }
            }
        }
        if self.layers.is_empty() {
            self.history.clear();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preloaded_actors_are_free_and_reverts_forget() {
        let mut tracker = AccessTracker::new(&[0, 1, 99]);
        assert_eq!(tracker.actor(1), Some(Access::Updated));
        assert_eq!(tracker.actor(100), None);
        tracker.record_read(100);
        tracker.begin_transaction();
        tracker.record_update(100);
        tracker.record_read(200);
        tracker.record_address(Address::new_id(7));
        tracker.begin_transaction();
        tracker.record_update(200);
        assert!(tracker.end_transaction(true));
        assert_eq!(tracker.actor(200), Some(Access::Read));
        assert!(tracker.end_transaction(true));
        assert_eq!(tracker.actor(100), Some(Access::Read));
        assert_eq!(tracker.actor(200), None);
        assert!(!tracker.address_seen(&Address::new_id(7)));
        assert!(!tracker.end_transaction(false));
    }

    #[test]
    fn committed_layers_keep_their_changes() {
        let mut tracker = AccessTracker::new(&[]);
        tracker.begin_transaction();
        tracker.begin_transaction();
        tracker.record_update(5);
        assert!(tracker.end_transaction(false));
        assert!(tracker.end_transaction(false));
        assert_eq!(tracker.actor(5), Some(Access::Updated));
        // A read after a write does not downgrade it.
        tracker.record_read(5);
        assert_eq!(tracker.actor(5), Some(Access::Updated));
    }

    #[test]
    fn an_outer_revert_undoes_committed_inner_layers() {
        let mut tracker = AccessTracker::new(&[]);
        tracker.begin_transaction();
        tracker.begin_transaction();
        tracker.record_read(9);
        assert!(tracker.end_transaction(false));
        assert!(tracker.end_transaction(true));
        assert_eq!(tracker.actor(9), None);
    }
}
