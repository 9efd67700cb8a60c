//! Genesis: a v7 (network version 15) state tree built from nothing.
//!
//! The singletons are installed with the empty-array state the actors' `create` expects, then
//! their constructors run through the VM as implicit messages from the system actor, as a node's
//! genesis does. The burnt-funds account and the funded accounts get their (one-field) account
//! state written directly, because the account constructor only accepts key addresses (the
//! test kit's [`fvmi_testkit::install_account`] and [`fvmi_testkit::register_account`], which its
//! test chains write accounts with too).

mod keys;
mod params;

pub use keys::{derive_key, DemoKey};
pub use params::CONSTRUCTOR;

use cid::Cid;
use fvmi_ipld::cbor::DAG_CBOR;
use fvmi_ipld::{Blockstore, MemoryBlockstore};
use fvmi_kernel::{ApplyKind, ApplyRet, Manifest};
use fvmi_state::{ActorState, StateTree, StateTreeVersion};
use fvmi_testkit::{install_account, register_account};
use fvmi_types::builtin::{
    BURNT_FUNDS_ACTOR_ID, CRON_ACTOR_ID, INIT_ACTOR_ID, REWARD_ACTOR_ID, STORAGE_MARKET_ACTOR_ID,
    STORAGE_POWER_ACTOR_ID, SYSTEM_ACTOR_ID, VERIFIED_REGISTRY_ACTOR_ID,
};
use fvmi_types::{ActorID, ActorType, Address, Message, RawBytes, TokenAmount};

use crate::vm::{self, ChainParams, CliExecutor, CliExterns};

/// The network name stored in the init actor.
pub const NETWORK_NAME: &str = "fvmi-demo";
/// How many funded accounts genesis creates.
pub const FUNDED_ACCOUNTS: u32 = 3;
/// Each funded account's balance, in whole FIL.
pub const ACCOUNT_BALANCE_FIL: u64 = 10_000;
/// The reward actor's balance at genesis, in whole FIL.
pub const REWARD_BALANCE_FIL: u64 = 1_000_000;
/// The gas limit of the implicit constructor messages.
const IMPLICIT_GAS_LIMIT: i64 = 1_000_000_000_000;

/// A funded account created at genesis.
#[derive(Debug, Clone)]
pub struct GenesisAccount {
    /// Its key.
    pub key: DemoKey,
    /// Its actor ID.
    pub id: ActorID,
}

/// A freshly built genesis state.
pub struct Genesis {
    /// The executor positioned on the genesis state, ready for messages.
    pub executor: CliExecutor,
    /// The genesis state root.
    pub root: Cid,
    /// The funded accounts, in key order.
    pub accounts: Vec<GenesisAccount>,
    /// The verified registry's root key.
    pub verifreg_root: GenesisAccount,
}

/// Builds the genesis state and returns an executor on it.
pub fn build(params: &ChainParams) -> anyhow::Result<Genesis> {
    let store = MemoryBlockstore::new();
    let empty_state = store.put(DAG_CBOR, &[0x80])?;
    let root = singletons(&store, empty_state)?;
    let mut executor = vm::executor(store, root, params, CliExterns::default())
        .map_err(|e| anyhow::anyhow!("{e}"))?;

    construct(&mut executor, SYSTEM_ACTOR_ID, RawBytes::default())?;
    construct(
        &mut executor,
        INIT_ACTOR_ID,
        params::init_params(NETWORK_NAME)?,
    )?;
    install_account(
        executor.machine_mut().state_tree_mut(),
        BURNT_FUNDS_ACTOR_ID,
        &Address::new_id(BURNT_FUNDS_ACTOR_ID),
        TokenAmount::zero(),
    )?;
    let verifreg_root = funded_account(&mut executor, "verifreg-root", 0, TokenAmount::zero())?;
    let mut accounts = Vec::new();
    for index in 0..FUNDED_ACCOUNTS {
        let balance = TokenAmount::from_whole(ACCOUNT_BALANCE_FIL);
        accounts.push(funded_account(&mut executor, "account", index, balance)?);
    }
    construct(&mut executor, REWARD_ACTOR_ID, params::reward_params()?)?;
    construct(&mut executor, CRON_ACTOR_ID, params::cron_params()?)?;
    construct(&mut executor, STORAGE_POWER_ACTOR_ID, RawBytes::default())?;
    construct(&mut executor, STORAGE_MARKET_ACTOR_ID, RawBytes::default())?;
    construct(
        &mut executor,
        VERIFIED_REGISTRY_ACTOR_ID,
        params::verifreg_params(&verifreg_root.key.address)?,
    )?;
    let root = executor.flush()?;
    Ok(Genesis {
        executor,
        root,
        accounts,
        verifreg_root,
    })
}

/// Writes the singletons (empty states) into a fresh version-4 tree and returns its root.
fn singletons(store: &MemoryBlockstore, empty_state: Cid) -> anyhow::Result<Cid> {
    let mut tree = StateTree::new(store, StateTreeVersion::V4)?;
    let singletons = [
        (SYSTEM_ACTOR_ID, ActorType::System, 0),
        (INIT_ACTOR_ID, ActorType::Init, 0),
        (REWARD_ACTOR_ID, ActorType::Reward, REWARD_BALANCE_FIL),
        (CRON_ACTOR_ID, ActorType::Cron, 0),
        (STORAGE_POWER_ACTOR_ID, ActorType::Power, 0),
        (STORAGE_MARKET_ACTOR_ID, ActorType::Market, 0),
        (VERIFIED_REGISTRY_ACTOR_ID, ActorType::VerifiedRegistry, 0),
    ];
    for (id, actor_type, balance) in singletons {
        let code = Manifest::v7_code(actor_type);
        let balance = TokenAmount::from_whole(balance);
        tree.set_actor(id, ActorState::new(code, empty_state, balance, 0));
    }
    Ok(tree.flush()?)
}

/// Runs the constructor of actor `id` as an implicit message from the system actor.
fn construct(executor: &mut CliExecutor, id: ActorID, params: RawBytes) -> anyhow::Result<()> {
    let message = implicit_message(id, CONSTRUCTOR, params);
    let ret: ApplyRet = executor.apply_message(&message, ApplyKind::Implicit)?;
    let code = ret.msg_receipt.exit_code;
    if !code.is_success() {
        anyhow::bail!(
            "constructor of actor {id} failed with exit code {code} ({:?})",
            ret.failure_info
        );
    }
    Ok(())
}

/// An implicit message from the system actor.
pub fn implicit_message(to: ActorID, method_num: u64, params: RawBytes) -> Message {
    Message {
        version: 0,
        to: Address::new_id(to),
        from: Address::new_id(SYSTEM_ACTOR_ID),
        sequence: 0,
        value: TokenAmount::zero(),
        gas_limit: IMPLICIT_GAS_LIMIT,
        gas_fee_cap: TokenAmount::zero(),
        gas_premium: TokenAmount::zero(),
        method_num,
        params,
    }
}

/// Registers the key `label/index` with the init actor and installs a funded account there.
fn funded_account(
    executor: &mut CliExecutor,
    label: &str,
    index: u32,
    balance: TokenAmount,
) -> anyhow::Result<GenesisAccount> {
    let key = derive_key(label, index)?;
    let tree = executor.machine_mut().state_tree_mut();
    let id = register_account(tree, &key.address, balance)?;
    Ok(GenesisAccount { key, id })
}
