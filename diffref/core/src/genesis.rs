//! The genesis state both VMs start from, built by fvmi from nothing.
//!
//! The singletons are written with the empty-array state their `create` expects, then their
//! constructors run as implicit messages from the system actor (as a node's genesis does, and
//! as `fvmi genesis` does). Accounts get their state written directly (the account constructor
//! only accepts key addresses). The result, bundle included, is one blockstore that is copied
//! into each VM's own store.

use std::path::Path;

use anyhow::{anyhow, bail, Context as _};
use cid::Cid;
use fvmi_ipld::cbor::DAG_CBOR;
use fvmi_ipld::{Blockstore, CborStore, MemoryBlockstore};
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{ApplyKind, Executor, Machine, MachineContext};
use fvmi_state::{ActorState, Bundle, StateTree, StateTreeVersion};
use fvmi_types::builtin::BURNT_FUNDS_ACTOR_ID;
use fvmi_types::{Address, Message, NetworkVersion, RawBytes, TokenAmount};

use crate::adversarial::{self, Hostile};
use crate::local::LocalExterns;
use crate::outcome::Setup;
use crate::params;

/// The file name of the v9 mainnet bundle (nv17) in `FVMI_BUNDLES`.
pub const V9_BUNDLE: &str = "builtin-actors-v9-mainnet.car";
/// The file name of the v10 mainnet bundle (nv18) in `FVMI_BUNDLES`.
pub const V10_BUNDLE: &str = "builtin-actors-v10-mainnet.car";
/// Funded Ethereum accounts (`ethaccount` actors with f410 addresses; nv18 on).
pub const ETH_ACCOUNTS: u32 = 4;
/// The Ethereum Address Manager's ID (nv18 on); f410 addresses are in its namespace.
pub const EAM_ID: u64 = 10;
/// The chain ID actors see from nv18 (Filecoin mainnet's).
pub const CHAIN_ID: u64 = 314;
/// The tipset timestamp actors see from nv18.
pub const TIMESTAMP: u64 = 1_700_000_000;
/// Funded accounts with secp256k1 (f1) addresses.
pub const SECP_ACCOUNTS: u32 = 8;
/// Funded accounts with BLS (f3) addresses (miner workers need one).
pub const BLS_ACCOUNTS: u32 = 4;
/// Each funded account's balance, whole FIL.
pub const ACCOUNT_FIL: u64 = 100_000;
/// The reward actor's balance, whole FIL.
pub const REWARD_FIL: u64 = 1_000_000;
/// The epoch random messages are applied at.
pub const EPOCH: i64 = 1_000;
/// The base fee, attoFIL.
pub const BASE_FEE: u128 = 100;
/// The circulating supply reported to actors, attoFIL (500 million FIL).
pub const CIRC_SUPPLY: u128 = 500_000_000 * 1_000_000_000_000_000_000;

const SINGLETONS: &[(u64, &str, u64)] = &[
    (0, "system", 0),
    (1, "init", 0),
    (2, "reward", REWARD_FIL),
    (3, "cron", 0),
    (4, "storagepower", 0),
    (5, "storagemarket", 0),
    (6, "verifiedregistry", 0),
    (7, "datacap", 0),
    (EAM_ID, "eam", 0),
];

/// A funded key-address account.
#[derive(Debug, Clone)]
pub struct KeyAccount {
    /// Its key address.
    pub address: Address,
    /// Its actor ID.
    pub id: u64,
}

/// A built genesis.
pub struct Genesis {
    /// Every block: the bundle and the state.
    pub store: MemoryBlockstore,
    /// Chain parameters for the random messages (root = the genesis root).
    pub setup: Setup,
    /// The bundle the state runs.
    pub bundle: Bundle,
    /// The funded accounts (secp256k1 ones first, then BLS, then Ethereum accounts from nv18).
    pub accounts: Vec<KeyAccount>,
    /// The verified registry's root key holder.
    pub verifreg_root: KeyAccount,
    /// Hostile actors installed: (ID, name).
    pub hostiles: Vec<(u64, String)>,
}

/// A deterministic key address: secp256k1 (`bls == false`) or BLS, from a label and index.
pub fn key_address(label: &str, index: u64, bls: bool) -> anyhow::Result<Address> {
    let seed = fvmi_ipld::cbor::blake2b_256(format!("{label}/{index}").as_bytes());
    if bls {
        let mut key = seed.to_vec();
        key.extend_from_slice(&seed[..16]);
        Ok(Address::new_bls(&key)?)
    } else {
        let mut key = vec![4u8];
        key.extend_from_slice(&seed);
        key.extend_from_slice(&seed);
        Ok(Address::new_secp256k1(&key)?)
    }
}

/// The f410 address of Ethereum address `eth` (the EAM's namespace).
pub fn f410(eth: &[u8; 20]) -> anyhow::Result<Address> {
    Ok(Address::new_delegated(EAM_ID, eth)?)
}

/// A deterministic Ethereum address from a label and index.
pub fn eth_address(label: &str, index: u64) -> [u8; 20] {
    let seed = fvmi_ipld::cbor::blake2b_256(format!("eth/{label}/{index}").as_bytes());
    let mut eth = [0u8; 20];
    eth.copy_from_slice(&seed[..20]);
    eth
}

/// Loads the bundle for `nv` into `store`: fvmi's v7 rebuild at nv15 and nv16, the v9 mainnet
/// bundle from `bundles` at nv17 and the v10 one at nv18.
fn load_bundle(store: &MemoryBlockstore, nv: u32, bundles: &Path) -> anyhow::Result<Bundle> {
    match nv {
        15 | 16 => Ok(fvmi_builtin_actors::load_bundle(store)?),
        17 | 18 => {
            let path = bundles.join(if nv == 17 { V9_BUNDLE } else { V10_BUNDLE });
            let file = std::fs::File::open(&path)
                .with_context(|| format!("opening {} (set FVMI_BUNDLES)", path.display()))?;
            Ok(fvmi_state::load_bundle(
                store,
                std::io::BufReader::new(file),
            )?)
        }
        other => bail!("network version {other} is not supported by diffref (15 to 18)"),
    }
}

/// Builds the genesis of network version `nv`, with `hostiles` installed from
/// [`adversarial::FIRST_ID`] on.
pub fn build(nv: u32, bundles: &Path, hostiles: &[Hostile]) -> anyhow::Result<Genesis> {
    let store = MemoryBlockstore::new();
    let bundle = load_bundle(&store, nv, bundles)?;
    let empty = store.put(DAG_CBOR, &[0x80])?;
    let root = {
        let version = if nv >= 18 {
            StateTreeVersion::V5
        } else {
            StateTreeVersion::V4
        };
        let mut tree = StateTree::new(&store, version)?;
        for (id, name, fil) in SINGLETONS {
            let Some(code) = bundle.manifest.code_by_name(name) else {
                continue;
            };
            let balance = TokenAmount::from_whole(*fil);
            tree.set_actor(*id, ActorState::new(*code, empty, balance, 0));
        }
        tree.flush()?
    };
    let mut setup = Setup {
        network_version: nv,
        epoch: 0,
        timestamp: TIMESTAMP,
        chain_id: CHAIN_ID,
        base_fee: BASE_FEE,
        circ_supply: CIRC_SUPPLY,
        state_root: root.to_bytes(),
        manifest_root: bundle.root.to_bytes(),
        extra_code: hostiles.iter().map(|h| h.code.to_bytes()).collect(),
    };
    let nv_value = NetworkVersion::try_from(nv).map_err(|nv| anyhow!("unknown nv{nv}"))?;
    let mut context = MachineContext::new(0, nv_value, root);
    context.builtin_actors = Some(bundle.root);
    context.timestamp = TIMESTAMP;
    context.chain_id = CHAIN_ID;
    let machine = Machine::new(
        context,
        store,
        Box::new(LocalExterns),
        Box::new(AcceptAllProofs),
    )?;
    let mut executor = Executor::new(machine);
    construct(&mut executor, 0, RawBytes::default())?;
    construct(&mut executor, 1, params::init_ctor("fvmi-diffref")?)?;
    let account = *bundle
        .manifest
        .code_by_name("account")
        .ok_or_else(|| anyhow!("the bundle has no account actor"))?;
    let tree = executor.machine_mut().state_tree_mut();
    let burnt = Address::new_id(BURNT_FUNDS_ACTOR_ID);
    install_account(
        tree,
        account,
        BURNT_FUNDS_ACTOR_ID,
        &burnt,
        TokenAmount::zero(),
    )?;
    let root_key = key_address("verifreg-root", 0, false)?;
    let verifreg_root = KeyAccount {
        id: register_account(
            tree,
            account,
            &root_key,
            TokenAmount::from_whole(ACCOUNT_FIL),
        )?,
        address: root_key,
    };
    let mut accounts = Vec::new();
    for index in 0..SECP_ACCOUNTS + BLS_ACCOUNTS {
        let address = key_address("account", u64::from(index), index >= SECP_ACCOUNTS)?;
        let id = register_account(
            tree,
            account,
            &address,
            TokenAmount::from_whole(ACCOUNT_FIL),
        )?;
        accounts.push(KeyAccount { address, id });
    }
    if let Some(code) = bundle.manifest.code_by_name("ethaccount").copied() {
        for index in 0..ETH_ACCOUNTS {
            let address = f410(&eth_address("account", u64::from(index)))?;
            let id = tree.register_new_address(&address)?;
            let mut actor = ActorState::new(code, empty, TokenAmount::from_whole(ACCOUNT_FIL), 0);
            actor.delegated_address = Some(address);
            tree.set_actor(id, actor);
            accounts.push(KeyAccount { address, id });
        }
    }
    let mut installed = Vec::new();
    if !hostiles.is_empty() {
        set_next_id(tree, adversarial::NEXT_ID_AFTER)?;
        for (id, hostile) in (adversarial::FIRST_ID..).zip(hostiles) {
            let balance = TokenAmount::from_atto(adversarial::BALANCE);
            tree.set_actor(id, ActorState::new(hostile.code, empty, balance, 0));
            installed.push((id, hostile.name.clone()));
        }
    }
    construct(&mut executor, 2, params::reward_ctor()?)?;
    construct(&mut executor, 3, params::cron_ctor()?)?;
    construct(&mut executor, 4, RawBytes::default())?;
    construct(&mut executor, 5, RawBytes::default())?;
    construct(&mut executor, 6, params::address(&verifreg_root.address)?)?;
    if bundle.manifest.code_by_name("datacap").is_some() {
        construct(&mut executor, 7, params::address(&Address::new_id(6))?)?;
    }
    if bundle.manifest.code_by_name("eam").is_some() {
        construct(&mut executor, EAM_ID, RawBytes::default())?;
    }
    let root = executor
        .flush()
        .map_err(|error| anyhow!("flushing genesis: {error}"))?;
    setup.state_root = root.to_bytes();
    setup.epoch = EPOCH;
    let store = executor.into_machine().into_blockstore();
    for hostile in hostiles {
        store.put_keyed(&hostile.code, &hostile.wasm)?;
    }
    Ok(Genesis {
        store,
        setup,
        bundle,
        accounts,
        verifreg_root,
        hostiles: installed,
    })
}

/// Writes an account actor (`code`) at `id` with state `[address]` and `balance`.
fn install_account<BS: Blockstore>(
    tree: &mut StateTree<BS>,
    code: Cid,
    id: u64,
    address: &Address,
    balance: TokenAmount,
) -> anyhow::Result<()> {
    let state = tree.store().put_cbor(&(address,))?;
    tree.set_actor(id, ActorState::new(code, state, balance, 0));
    Ok(())
}

/// Registers `address` with the init actor and installs an account there; returns its ID.
fn register_account<BS: Blockstore>(
    tree: &mut StateTree<BS>,
    code: Cid,
    address: &Address,
    balance: TokenAmount,
) -> anyhow::Result<u64> {
    let id = tree.register_new_address(address)?;
    install_account(tree, code, id, address, balance)?;
    Ok(id)
}

/// Sets the init actor's next ID (its state is `[address map, next id, network name]`).
fn set_next_id<BS: Blockstore>(tree: &mut StateTree<BS>, next: u64) -> anyhow::Result<()> {
    let init = tree.get_actor(1)?.ok_or_else(|| anyhow!("no init actor"))?;
    let (map, _, name): (Cid, u64, String) = tree
        .store()
        .get_cbor(&init.state)?
        .ok_or_else(|| anyhow!("no init state"))?;
    let state = tree.store().put_cbor(&(map, next, name))?;
    tree.set_actor(1, ActorState { state, ..init });
    Ok(())
}

/// Runs the constructor of singleton `id` as an implicit message from the system actor.
fn construct(
    executor: &mut Executor<MemoryBlockstore>,
    id: u64,
    params: RawBytes,
) -> anyhow::Result<()> {
    let message = Message {
        version: 0,
        to: Address::new_id(id),
        from: Address::new_id(0),
        sequence: 0,
        value: TokenAmount::zero(),
        gas_limit: 1_000_000_000_000,
        gas_fee_cap: TokenAmount::zero(),
        gas_premium: TokenAmount::zero(),
        method_num: 1,
        params,
    };
    let ret = executor
        .apply_message(&message, ApplyKind::Implicit)
        .map_err(|error| anyhow!("constructing actor {id}: {error}"))?;
    if !ret.msg_receipt.exit_code.is_success() {
        bail!(
            "the constructor of actor {id} failed: exit {} ({:?})",
            ret.msg_receipt.exit_code.value(),
            ret.failure_info
        );
    }
    Ok(())
}

/// Every block of `store` as (CID bytes, bytes), for the reference's store.
pub fn blocks(store: &MemoryBlockstore) -> Vec<(Vec<u8>, Vec<u8>)> {
    store
        .blocks()
        .into_iter()
        .map(|(cid, bytes): (Cid, Vec<u8>)| (cid.to_bytes(), bytes))
        .collect()
}
