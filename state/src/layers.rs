//! The transaction layers over the actors HAMT: each layer caches actor records and resolved
//! addresses; reverting a transaction drops its layer, committing merges it into the one below.

use std::cell::RefCell;
use std::collections::BTreeMap;

use fvmi_types::{ActorID, Address};

use crate::{ActorState, StateError};

/// What the layers know about an actor. (A short-lived return value, so its size is moot.)
#[allow(clippy::large_enum_variant)]
pub(crate) enum Cached {
    /// Nothing: read the HAMT.
    Unknown,
    /// The actor's current record.
    Present(ActorState),
    /// Deleted in a layer.
    Deleted,
}

#[derive(Debug, Default)]
struct Layer {
    /// `None` marks a deletion.
    actors: RefCell<BTreeMap<ActorID, Option<ActorState>>>,
    resolved: RefCell<BTreeMap<Address, ActorID>>,
}

/// A stack of layers; the bottom one (index 0) is never popped.
#[derive(Debug)]
pub(crate) struct Layers {
    stack: Vec<Layer>,
}

impl Layers {
    pub(crate) fn new() -> Self {
        Self {
            stack: vec![Layer::default()],
        }
    }

    /// Open transactions (layers above the bottom one).
    pub(crate) fn depth(&self) -> usize {
        self.stack.len() - 1
    }

    fn top(&self) -> &Layer {
        // The bottom layer is never removed, so the stack is never empty.
        let last = self.stack.len() - 1;
        &self.stack[last]
    }

    pub(crate) fn push(&mut self) {
        self.stack.push(Layer::default());
    }

    /// Drops the top layer (revert).
    pub(crate) fn pop(&mut self) -> Result<(), StateError> {
        if self.stack.len() < 2 {
            return Err(StateError::NoTransaction);
        }
        self.stack.pop();
        Ok(())
    }

    /// Merges the top layer into the one below (commit).
    pub(crate) fn merge(&mut self) -> Result<(), StateError> {
        if self.stack.len() < 2 {
            return Err(StateError::NoTransaction);
        }
        let Some(top) = self.stack.pop() else {
            return Err(StateError::NoTransaction);
        };
        let below = self.top();
        below.actors.borrow_mut().extend(top.actors.into_inner());
        below
            .resolved
            .borrow_mut()
            .extend(top.resolved.into_inner());
        Ok(())
    }

    pub(crate) fn actor(&self, id: ActorID) -> Cached {
        for layer in self.stack.iter().rev() {
            if let Some(entry) = layer.actors.borrow().get(&id) {
                return match entry {
                    Some(actor) => Cached::Present(actor.clone()),
                    None => Cached::Deleted,
                };
            }
        }
        Cached::Unknown
    }

    pub(crate) fn set_actor(&self, id: ActorID, actor: ActorState) {
        self.top().actors.borrow_mut().insert(id, Some(actor));
    }

    pub(crate) fn delete_actor(&self, id: ActorID) {
        self.top().actors.borrow_mut().insert(id, None);
    }

    pub(crate) fn resolved(&self, addr: &Address) -> Option<ActorID> {
        self.stack
            .iter()
            .rev()
            .find_map(|layer| layer.resolved.borrow().get(addr).copied())
    }

    pub(crate) fn cache_resolved(&self, addr: Address, id: ActorID) {
        self.top().resolved.borrow_mut().insert(addr, id);
    }

    /// Takes the bottom layer's actor changes, in ID order, leaving it empty.
    pub(crate) fn take_committed(&self) -> BTreeMap<ActorID, Option<ActorState>> {
        std::mem::take(&mut *self.stack[0].actors.borrow_mut())
    }
}
