//! Account actors written straight into a state tree, as a genesis does (the v7 account
//! constructor only accepts key addresses, so ID accounts cannot be constructed).

use fvmi_ipld::{Blockstore, CborStore};
use fvmi_kernel::Manifest;
use fvmi_state::{ActorState, StateTree};
use fvmi_types::{ActorID, ActorType, Address, TokenAmount};

use crate::error::{Context, TestkitError};

/// Writes a v7 account actor at `id` with state `[address]` and `balance`.
pub fn install_account<BS: Blockstore>(
    tree: &mut StateTree<BS>,
    id: ActorID,
    address: &Address,
    balance: TokenAmount,
) -> Result<(), TestkitError> {
    let state = tree
        .store()
        .put_cbor(&(address,))
        .context(format!("account state of {address}"))?;
    let code = Manifest::v7_code(ActorType::Account);
    tree.set_actor(id, ActorState::new(code, state, balance, 0));
    Ok(())
}

/// Registers the key address `address` with the init actor (it gets the next ID) and installs
/// an account with `balance` there; returns the ID.
pub fn register_account<BS: Blockstore>(
    tree: &mut StateTree<BS>,
    address: &Address,
    balance: TokenAmount,
) -> Result<ActorID, TestkitError> {
    let id = tree
        .register_new_address(address)
        .context(format!("registering {address} with the init actor"))?;
    install_account(tree, id, address, balance)?;
    Ok(id)
}
