//! The machine: everything that outlives one message — the state tree over a buffered
//! blockstore, the chain context, the builtin actors, the wasm engine, the embedder's externs and
//! the proof verifier.

mod context;

pub use context::{MachineContext, DEFAULT_MAX_CALL_DEPTH};
pub use fvmi_state::Manifest;

use cid::Cid;
use fvmi_interp::{Engine, EngineConfig, Module};
use fvmi_ipld::{Blockstore, BufferedBlockstore};
use fvmi_state::{ActorState, StateTree};
use fvmi_syscalls::{ActorId, ExecutionError, Result as KernelResult};
use fvmi_types::{Address, ErrorNumber, NetworkVersion, TokenAmount};

use crate::crypto::ProofVerifier;
use crate::externs::Externs;
use crate::gas::{price_list_by_network_version, PriceList};

/// Why a machine could not be built or flushed.
#[derive(Debug, thiserror::Error)]
pub enum MachineError {
    /// Only network versions 15 to 17 are supported.
    #[error("unsupported network version {0:?}")]
    UnsupportedNetworkVersion(NetworkVersion),
    /// The state tree could not be loaded or flushed.
    #[error("state: {0}")]
    State(String),
    /// A builtin actor module failed to load.
    #[error("builtin actor {0}: {1}")]
    Module(u32, String),
}

/// A VM instance over one state tree.
pub struct Machine<B: Blockstore, E> {
    context: MachineContext,
    price_list: &'static PriceList,
    engine: Engine,
    externs: E,
    proofs: Box<dyn ProofVerifier + Send>,
    state_tree: StateTree<BufferedBlockstore<B>>,
    builtin_actors: Manifest,
}

/// The engine configuration of network version `nv` (15 to 17 are supported).
fn engine_config(nv: NetworkVersion) -> Result<EngineConfig, MachineError> {
    match nv {
        NetworkVersion::V15 => Ok(EngineConfig::NV15),
        NetworkVersion::V16 | NetworkVersion::V17 => Ok(EngineConfig::NV16),
        other => Err(MachineError::UnsupportedNetworkVersion(other)),
    }
}

/// A new engine configured for network version `nv`.
pub fn engine_for(nv: NetworkVersion) -> Result<Engine, MachineError> {
    engine_config(nv).map(Engine::new)
}

impl<B: Blockstore, E: Externs> Machine<B, E> {
    /// A machine at `context.initial_state_root` in `blockstore`, running the builtin actors
    /// of `builtin_actors` (their wasm comes from `fvmi-builtin-actors`, by actor type: the
    /// manifest's order, from 1), with a fresh engine.
    pub fn new(
        context: MachineContext,
        blockstore: B,
        externs: E,
        builtin_actors: Manifest,
        proofs: Box<dyn ProofVerifier + Send>,
    ) -> Result<Self, MachineError> {
        let engine = engine_for(context.network_version)?;
        Self::with_engine(engine, context, blockstore, externs, builtin_actors, proofs)
    }

    /// Like [`Machine::new`], reusing `engine` (and the modules it already prepared). The engine
    /// must come from [`engine_for`] with the same network version.
    pub fn with_engine(
        engine: Engine,
        context: MachineContext,
        blockstore: B,
        externs: E,
        builtin_actors: Manifest,
        proofs: Box<dyn ProofVerifier + Send>,
    ) -> Result<Self, MachineError> {
        let nv = context.network_version;
        engine_config(nv)?;
        let state_tree = StateTree::new_from_root(
            BufferedBlockstore::new(blockstore),
            &context.initial_state_root,
        )
        .map_err(|e| MachineError::State(e.to_string()))?;
        for ((_, code), actor_type) in builtin_actors.entries().iter().zip(1u32..) {
            let module = fvmi_builtin_actors::module_by_type(actor_type)
                .ok_or_else(|| MachineError::Module(actor_type, "no module".into()))?;
            engine
                .prepare(&code.to_bytes(), module.wasm)
                .map_err(|e| MachineError::Module(actor_type, e.to_string()))?;
        }
        Ok(Self {
            price_list: price_list_by_network_version(nv),
            context,
            engine,
            externs,
            proofs,
            state_tree,
            builtin_actors,
        })
    }
}

impl<B: Blockstore, E> Machine<B, E> {
    /// The chain context.
    pub fn context(&self) -> &MachineContext {
        &self.context
    }

    /// The price list of the network version.
    pub fn price_list(&self) -> &'static PriceList {
        self.price_list
    }

    /// The wasm engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The embedder's externs.
    pub fn externs(&self) -> &E {
        &self.externs
    }

    /// The proof verifier.
    pub fn proofs(&self) -> &dyn ProofVerifier {
        self.proofs.as_ref()
    }

    /// The builtin actors.
    pub fn builtin_actors(&self) -> &Manifest {
        &self.builtin_actors
    }

    /// The state tree.
    pub fn state_tree(&self) -> &StateTree<BufferedBlockstore<B>> {
        &self.state_tree
    }

    /// The state tree, writable.
    pub fn state_tree_mut(&mut self) -> &mut StateTree<BufferedBlockstore<B>> {
        &mut self.state_tree
    }

    /// The (buffered) blockstore.
    pub fn blockstore(&self) -> &BufferedBlockstore<B> {
        self.state_tree.store()
    }

    /// Gives back the underlying blockstore (call [`Machine::flush`] first: only flushed state
    /// reaches it).
    pub fn into_blockstore(self) -> B {
        self.state_tree.into_store().into_inner()
    }

    /// Prepares `wasm` as the code of `code` (for actors outside the manifest, e.g. test actors;
    /// such actors have builtin type 0).
    pub fn install_code(&mut self, code: &Cid, wasm: &[u8]) -> Result<(), MachineError> {
        self.engine
            .prepare(&code.to_bytes(), wasm)
            .map(|_| ())
            .map_err(|e| MachineError::Module(0, e.to_string()))
    }

    /// The prepared module of a code CID, if it is a builtin actor's or installed.
    pub fn module(&self, code: &Cid) -> Option<Module> {
        self.engine.cached(&code.to_bytes())
    }

    /// Flushes the state tree and writes every block reachable from the new root to the
    /// underlying blockstore; returns the new state root.
    pub fn flush(&mut self) -> Result<Cid, MachineError> {
        let root = self
            .state_tree
            .flush()
            .map_err(|e| MachineError::State(e.to_string()))?;
        self.state_tree
            .store()
            .flush(&root)
            .map_err(|e| MachineError::State(e.to_string()))?;
        Ok(root)
    }

    /// Assigns an ID to `address` and installs `actor` there.
    pub fn create_actor(&mut self, address: &Address, actor: ActorState) -> KernelResult<ActorId> {
        let id = self
            .state_tree
            .register_new_address(address)
            .map_err(|e| ExecutionError::fatal(format!("failed to register address: {e}")))?;
        self.state_tree.set_actor(id, actor);
        Ok(id)
    }

    /// Moves `value` from one actor to another. Errors: negative value (`IllegalArgument`),
    /// missing sender or short balance (`InsufficientFunds`), missing receiver (`NotFound`).
    pub fn transfer(
        &mut self,
        from: ActorId,
        to: ActorId,
        value: &TokenAmount,
    ) -> KernelResult<()> {
        if value.is_negative() {
            return Err(ExecutionError::syscall(
                ErrorNumber::IllegalArgument,
                "negative transfer",
            ));
        }
        let mut sender = self.get_actor(from)?.ok_or_else(|| {
            ExecutionError::syscall(
                ErrorNumber::InsufficientFunds,
                "transfer from missing actor",
            )
        })?;
        if &sender.balance < value {
            return Err(ExecutionError::syscall(
                ErrorNumber::InsufficientFunds,
                "insufficient balance for transfer",
            ));
        }
        if from == to {
            return Ok(());
        }
        let mut receiver = self.get_actor(to)?.ok_or_else(|| {
            ExecutionError::syscall(ErrorNumber::NotFound, "transfer to missing actor")
        })?;
        sender.balance = &sender.balance - value;
        receiver.balance = &receiver.balance + value;
        self.set_actor(from, sender)?;
        self.set_actor(to, receiver)
    }

    /// The actor with ID `id`, if any (store failures are fatal).
    pub fn get_actor(&self, id: ActorId) -> KernelResult<Option<ActorState>> {
        self.state_tree
            .get_actor(id)
            .map_err(|e| ExecutionError::fatal(format!("failed to load actor {id}: {e}")))
    }

    /// Writes the actor with ID `id`.
    pub fn set_actor(&mut self, id: ActorId, actor: ActorState) -> KernelResult<()> {
        self.state_tree.set_actor(id, actor);
        Ok(())
    }

    /// Deletes the actor with ID `id` (a no-op when it does not exist).
    pub fn delete_actor(&mut self, id: ActorId) -> KernelResult<()> {
        self.state_tree.delete_actor(id);
        Ok(())
    }

    /// The ID `address` resolves to, if any.
    pub fn lookup_id(&self, address: &Address) -> KernelResult<Option<ActorId>> {
        self.state_tree
            .lookup_id(address)
            .map_err(|e| ExecutionError::fatal(format!("failed to resolve {address}: {e}")))
    }
}
