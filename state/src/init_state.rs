//! The parts of the init actor's state the VM itself reads and writes: the map from robust
//! addresses to actor IDs and the next ID to hand out.

use cid::Cid;
use fvmi_ipld::{Blockstore, BytesKey, Hamt};
use fvmi_types::{tuple_serde, ActorID, Address, Payload, HAMT_BIT_WIDTH};

use crate::StateError;

/// The init actor's state: `[address_map, next_id, network_name]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitState {
    /// Root of the HAMT from address bytes to actor ID.
    pub address_map: Cid,
    /// The ID the next new actor gets.
    pub next_id: ActorID,
    /// The network's name.
    pub network_name: String,
}

tuple_serde!(InitState {
    address_map: Cid,
    next_id: ActorID,
    network_name: String,
});

impl InitState {
    /// The ID of `addr`: itself for an ID address, else its entry in the address map.
    pub fn resolve<BS: Blockstore>(
        &self,
        store: &BS,
        addr: &Address,
    ) -> Result<Option<ActorID>, StateError> {
        if let Payload::ID(id) = addr.payload() {
            return Ok(Some(*id));
        }
        let map: Hamt<&BS, ActorID> =
            Hamt::load_with_bit_width(&self.address_map, store, HAMT_BIT_WIDTH)?;
        Ok(map.get(&addr.to_bytes()[..])?.copied())
    }

    /// Gives `addr` the next ID, records it in the address map (writing the map's new nodes to
    /// `store`) and returns it.
    pub fn map_address_to_new_id<BS: Blockstore>(
        &mut self,
        store: &BS,
        addr: &Address,
    ) -> Result<ActorID, StateError> {
        let id = self.next_id;
        self.next_id = id.checked_add(1).ok_or(StateError::IdOverflow)?;
        let mut map: Hamt<&BS, ActorID> =
            Hamt::load_with_bit_width(&self.address_map, store, HAMT_BIT_WIDTH)?;
        map.set(BytesKey(addr.to_bytes()), id)?;
        self.address_map = map.flush()?;
        Ok(id)
    }
}
