//! The state tree: actor records by ID over the actors HAMT, with transaction layers and address
//! resolution through the init actor.

use cid::Cid;
use fvmi_ipld::{cbor, Blockstore, BytesKey, CborStore, Hamt, HamtError};
use fvmi_types::builtin::INIT_ACTOR_ID;
use fvmi_types::{ActorID, Address, Payload, HAMT_BIT_WIDTH};

use crate::actor_state::StoredActor;
use crate::layers::{Cached, Layers};
use crate::root::EMPTY_INFO_BLOCK;
use crate::{ActorState, InitState, StateError, StateRoot, StateTreeVersion};

/// The key of actor `id` in the actors HAMT: the bytes of its ID address.
fn actor_key(id: ActorID) -> Vec<u8> {
    Address::new_id(id).to_bytes()
}

/// The actors of a state root, read lazily from `BS` and changed in memory until
/// [`flush`](Self::flush).
///
/// Reads and writes go through a stack of transaction layers
/// ([`begin_transaction`](Self::begin_transaction) /
/// [`end_transaction`](Self::end_transaction)), so a reverted transaction leaves no trace.
pub struct StateTree<BS> {
    hamt: Hamt<BS, StoredActor>,
    version: StateTreeVersion,
    info: Cid,
    layers: Layers,
}

impl<BS: Blockstore> StateTree<BS> {
    /// An empty tree of `version` (3 to 5); writes the empty info block to `store`.
    pub fn new(store: BS, version: StateTreeVersion) -> Result<Self, StateError> {
        if !supported(version) {
            return Err(StateError::UnsupportedVersion(version.as_u64()));
        }
        let info = store.put(cbor::DAG_CBOR, EMPTY_INFO_BLOCK)?;
        Ok(Self {
            hamt: Hamt::new_with_bit_width(store, HAMT_BIT_WIDTH),
            version,
            info,
            layers: Layers::new(),
        })
    }

    /// The tree whose root record is `root` (versions 3 to 5).
    pub fn new_from_root(store: BS, root: &Cid) -> Result<Self, StateError> {
        let record = StateRoot::load(&store, root)?;
        if !supported(record.version) {
            return Err(StateError::UnsupportedVersion(record.version.as_u64()));
        }
        Ok(Self {
            hamt: Hamt::load_with_bit_width(&record.actors, store, HAMT_BIT_WIDTH)?,
            version: record.version,
            info: record.info,
            layers: Layers::new(),
        })
    }

    /// The blockstore.
    pub fn store(&self) -> &BS {
        self.hamt.store()
    }

    /// Gives back the blockstore (unflushed changes are lost).
    pub fn into_store(self) -> BS {
        self.hamt.into_store()
    }

    /// The tree version.
    pub fn version(&self) -> StateTreeVersion {
        self.version
    }

    /// The actor record of `id`, if the actor exists.
    pub fn get_actor(&self, id: ActorID) -> Result<Option<ActorState>, StateError> {
        match self.layers.actor(id) {
            Cached::Present(actor) => Ok(Some(actor)),
            Cached::Deleted => Ok(None),
            Cached::Unknown => {
                let found = self
                    .hamt
                    .get(&actor_key(id)[..])?
                    .map(|stored| stored.actor.clone());
                if let Some(actor) = &found {
                    self.layers.set_actor(id, actor.clone());
                }
                Ok(found)
            }
        }
    }

    /// Sets the actor record of `id` (creating the actor if needed).
    pub fn set_actor(&mut self, id: ActorID, actor: ActorState) {
        self.layers.set_actor(id, actor);
    }

    /// Deletes actor `id`; deleting an absent actor is not an error.
    pub fn delete_actor(&mut self, id: ActorID) {
        self.layers.delete_actor(id);
    }

    /// Applies `f` to the record of `id` and stores the result; the actor must exist.
    pub fn mutate_actor<F, E>(&mut self, id: ActorID, f: F) -> Result<(), E>
    where
        F: FnOnce(&mut ActorState) -> Result<(), E>,
        E: From<StateError>,
    {
        if self.maybe_mutate_actor(id, f)? {
            Ok(())
        } else {
            Err(StateError::ActorNotFound(id).into())
        }
    }

    /// Like [`mutate_actor`](Self::mutate_actor), but returns `false` if the actor does not
    /// exist.
    pub fn maybe_mutate_actor<F, E>(&mut self, id: ActorID, f: F) -> Result<bool, E>
    where
        F: FnOnce(&mut ActorState) -> Result<(), E>,
        E: From<StateError>,
    {
        let Some(mut actor) = self.get_actor(id)? else {
            return Ok(false);
        };
        f(&mut actor)?;
        self.set_actor(id, actor);
        Ok(true)
    }

    /// The init actor's state and record.
    pub fn init_state(&self) -> Result<(InitState, ActorState), StateError> {
        let actor = self
            .get_actor(INIT_ACTOR_ID)?
            .ok_or(StateError::InitActorMissing)?;
        let state: InitState = self
            .store()
            .get_cbor(&actor.state)?
            .ok_or(StateError::InitStateMissing(actor.state))?;
        Ok((state, actor))
    }

    /// The actor ID of `addr`: the ID itself for ID addresses, otherwise its entry in the init
    /// actor's address map (`None` if unmapped). Resolutions are cached in the current layer.
    pub fn lookup_id(&self, addr: &Address) -> Result<Option<ActorID>, StateError> {
        if let Payload::ID(id) = addr.payload() {
            return Ok(Some(*id));
        }
        if let Some(id) = self.layers.resolved(addr) {
            return Ok(Some(id));
        }
        let (state, _) = self.init_state()?;
        let found = state.resolve(self.store(), addr)?;
        if let Some(id) = found {
            self.layers.cache_resolved(*addr, id);
        }
        Ok(found)
    }

    /// Allocates the next actor ID for `addr` in the init actor's state and records the mapping;
    /// writes the new address map and init state to the store and updates the init actor.
    pub fn register_new_address(&mut self, addr: &Address) -> Result<ActorID, StateError> {
        let (mut state, mut init_actor) = self.init_state()?;
        let id = state.map_address_to_new_id(self.store(), addr)?;
        init_actor.state = self.store().put_cbor(&state)?;
        self.set_actor(INIT_ACTOR_ID, init_actor);
        Ok(id)
    }

    /// Opens a transaction; transactions nest.
    pub fn begin_transaction(&mut self) {
        self.layers.push();
    }

    /// Closes the innermost transaction, dropping its changes if `revert`, else keeping them.
    pub fn end_transaction(&mut self, revert: bool) -> Result<(), StateError> {
        if revert {
            self.layers.pop()
        } else {
            self.layers.merge()
        }
    }

    /// Open transactions.
    pub fn transaction_depth(&self) -> usize {
        self.layers.depth()
    }

    /// Writes all changes to the actors HAMT and the store and returns the new state root CID.
    /// Fails if a transaction is open.
    pub fn flush(&mut self) -> Result<Cid, StateError> {
        let open = self.layers.depth();
        if open != 0 {
            return Err(StateError::FlushInTransaction(open));
        }
        let five_fields = self.version >= StateTreeVersion::V5;
        for (id, change) in self.layers.take_committed() {
            match change {
                Some(actor) => {
                    if actor.delegated_address.is_some() && !five_fields {
                        return Err(StateError::DelegatedAddressInOldTree(id));
                    }
                    let stored = StoredActor { actor, five_fields };
                    self.hamt.set(BytesKey(actor_key(id)), stored)?;
                }
                None => {
                    self.hamt.delete(&actor_key(id)[..])?;
                }
            }
        }
        let actors = self.hamt.flush()?;
        let root = StateRoot {
            version: self.version,
            actors,
            info: self.info,
        };
        Ok(self.store().put(cbor::DAG_CBOR, &root.to_bytes()?)?)
    }

    /// Calls `f` on every actor of the actors HAMT in canonical order. Changes not yet flushed
    /// are not seen: flush first.
    pub fn for_each<F, E>(&self, mut f: F) -> Result<(), E>
    where
        F: FnMut(ActorID, &ActorState) -> Result<(), E>,
        E: From<StateError>,
    {
        let walked = self.hamt.for_each(|key, actor| {
            let id = Address::from_bytes(&key.0)
                .ok()
                .and_then(|addr| addr.id().ok())
                .ok_or_else(|| {
                    Walk::User(StateError::InvalidActorKey(format!("{:02x?}", key.0)).into())
                })?;
            f(id, &actor.actor).map_err(Walk::User)
        });
        walked.map_err(|e| match e {
            Walk::Hamt(e) => StateError::from(e).into(),
            Walk::User(e) => e,
        })
    }
}

/// Whether this implementation reads and writes trees of `version`.
fn supported(version: StateTreeVersion) -> bool {
    matches!(
        version,
        StateTreeVersion::V3 | StateTreeVersion::V4 | StateTreeVersion::V5
    )
}

/// An error out of the HAMT walk in [`StateTree::for_each`]: the HAMT's or the caller's.
enum Walk<E> {
    Hamt(HamtError),
    User(E),
}

impl<E> From<HamtError> for Walk<E> {
    fn from(e: HamtError) -> Self {
        Walk::Hamt(e)
    }
}
