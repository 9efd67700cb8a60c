//! The machine: everything that outlives one message — the state tree over a buffered
//! blockstore, the chain context, the network version's profile, the builtin actors (their
//! manifest; code is read from the blockstore by CID), the wasm engine, the embedder's externs and
//! the proof verifier.

mod context;

pub use context::{MachineContext, DEFAULT_MAX_CALL_DEPTH, TOTAL_FILECOIN};
pub use fvmi_state::Manifest;

use cid::Cid;
use fvmi_interp::{Engine, LoadError, Module};
use fvmi_ipld::{Blockstore, BufferedBlockstore, CborStore};
use fvmi_state::bundle::{bundle_at, BundleError};
use fvmi_state::{ActorState, StateError, StateTree};
use fvmi_syscalls::{ActorId, ExecutionError, Result as KernelResult};
use fvmi_types::builtin::SYSTEM_ACTOR_ID;
use fvmi_types::{Address, ErrorNumber, NetworkVersion, TokenAmount};

use crate::crypto::ProofVerifier;
use crate::externs::Externs;
use crate::gas::PriceList;
use crate::network::{profile, NetworkError, NetworkProfile};

/// Why a machine could not be built or flushed, or an actor's code could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum MachineError {
    /// The network version is not supported, or the actors do not match it.
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// The state tree could not be loaded or flushed.
    #[error("state: {0}")]
    State(#[source] Box<StateError>),
    /// The builtin-actor bundle named by the context or the state tree is unusable.
    #[error("builtin actors: {0}")]
    Bundle(#[from] BundleError),
    /// The network version does not record its actors on chain and no bundle was named.
    #[error(
        "network version {0} does not name its builtin actors on chain: load a bundle and set \
         MachineContext::builtin_actors"
    )]
    NoManifest(NetworkVersion),
    /// The engine was configured for another network version.
    #[error("the engine is not configured for network version {0}")]
    EngineMismatch(NetworkVersion),
    /// No wasm block is stored under an actor's code CID.
    #[error("actor code {0}: no wasm module in the blockstore")]
    MissingCode(Box<Cid>),
    /// An actor's wasm module failed validation, instrumentation or compilation.
    #[error("actor code {code}: {source}")]
    Module {
        /// The code CID.
        code: Box<Cid>,
        /// Why preparation failed.
        source: LoadError,
    },
}

impl From<StateError> for MachineError {
    fn from(error: StateError) -> Self {
        Self::State(Box::new(error))
    }
}

/// A VM instance over one state tree.
pub struct Machine<B: Blockstore> {
    context: MachineContext,
    profile: NetworkProfile,
    engine: Engine,
    externs: Box<dyn Externs + Send>,
    proofs: Box<dyn ProofVerifier + Send>,
    state_tree: StateTree<BufferedBlockstore<B>>,
    builtin_actors: Manifest,
}

/// A new engine configured for network version `nv`.
pub fn engine_for(nv: NetworkVersion) -> Result<Engine, MachineError> {
    Ok(Engine::new(profile(nv)?.engine))
}

impl<B: Blockstore> Machine<B> {
    /// A machine at `context.initial_state_root` in `blockstore`, with a fresh engine. The
    /// builtin actors are the bundle `context.builtin_actors` names or, from network version 16,
    /// the manifest the system actor's state names; their wasm modules are read from the
    /// blockstore by code CID and prepared the first time each runs.
    pub fn new(
        context: MachineContext,
        blockstore: B,
        externs: Box<dyn Externs + Send>,
        proofs: Box<dyn ProofVerifier + Send>,
    ) -> Result<Self, MachineError> {
        let engine = engine_for(context.network_version)?;
        Self::with_engine(engine, context, blockstore, externs, proofs)
    }

    /// Like [`Machine::new`], reusing `engine` (and the modules it already prepared). The engine
    /// must come from [`engine_for`] with the same network version.
    pub fn with_engine(
        engine: Engine,
        context: MachineContext,
        blockstore: B,
        externs: Box<dyn Externs + Send>,
        proofs: Box<dyn ProofVerifier + Send>,
    ) -> Result<Self, MachineError> {
        let nv = context.network_version;
        let profile = profile(nv)?;
        if engine.config() != Some(profile.engine) {
            return Err(MachineError::EngineMismatch(nv));
        }
        // The write-back of nv18 on (ref-fvm v3) also accepts the CBOR codec.
        let buffered = if nv >= NetworkVersion::V18 {
            BufferedBlockstore::new_v3(blockstore)
        } else {
            BufferedBlockstore::new(blockstore)
        };
        let state_tree = StateTree::new_from_root(buffered, &context.initial_state_root)?;
        let builtin_actors = resolve_manifest(&context, &profile, &state_tree)?;
        profile.check_actors(&builtin_actors)?;
        for code in builtin_actors.builtin_codes() {
            if engine.cached(&code.to_bytes()).is_none()
                && !state_tree.store().has(code).map_err(StateError::from)?
            {
                return Err(MachineError::MissingCode(Box::new(*code)));
            }
        }
        Ok(Self {
            context,
            profile,
            engine,
            externs,
            proofs,
            state_tree,
            builtin_actors,
        })
    }
}

/// The manifest the machine runs: the bundle the context names, else (from nv16) the one the
/// system actor's state names.
fn resolve_manifest<BS: Blockstore>(
    context: &MachineContext,
    profile: &NetworkProfile,
    state_tree: &StateTree<BS>,
) -> Result<Manifest, MachineError> {
    if let Some(root) = &context.builtin_actors {
        return Ok(bundle_at(state_tree.store(), root)?.manifest);
    }
    if !profile.manifest_on_chain {
        return Err(MachineError::NoManifest(profile.version));
    }
    let data = system_manifest_data(state_tree)?;
    Ok(Manifest::load(state_tree.store(), &data)?)
}

/// The manifest data CID in the system actor's state (`[builtin_actors]`, from nv16).
fn system_manifest_data<BS: Blockstore>(state_tree: &StateTree<BS>) -> Result<Cid, StateError> {
    let system = state_tree
        .get_actor(SYSTEM_ACTOR_ID)?
        .ok_or(StateError::ActorNotFound(SYSTEM_ACTOR_ID))?;
    let (data,): (Cid,) = state_tree.store().get_cbor(&system.state)?.ok_or_else(|| {
        StateError::InvalidManifest(format!("system actor state {} not found", system.state))
    })?;
    Ok(data)
}

impl<B: Blockstore> Machine<B> {
    /// The chain context.
    pub fn context(&self) -> &MachineContext {
        &self.context
    }

    /// The price list of the network version.
    pub fn price_list(&self) -> &'static PriceList {
        self.profile.price_list
    }

    /// What differs at this machine's network version.
    pub fn profile(&self) -> &NetworkProfile {
        &self.profile
    }

    /// The wasm engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The embedder's externs.
    pub fn externs(&self) -> &dyn Externs {
        self.externs.as_ref()
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
            .map_err(|source| MachineError::Module {
                code: Box::new(*code),
                source,
            })
    }

    /// The prepared module of a code CID: from the engine's cache, else read from the blockstore
    /// (the wasm block stored under the code CID), prepared and cached.
    pub fn module(&self, code: &Cid) -> Result<Module, MachineError> {
        let key = code.to_bytes();
        if let Some(module) = self.engine.cached(&key) {
            return Ok(module);
        }
        let wasm = self
            .blockstore()
            .get(code)
            .map_err(StateError::from)?
            .ok_or_else(|| MachineError::MissingCode(Box::new(*code)))?;
        self.engine
            .prepare(&key, &wasm)
            .map_err(|source| MachineError::Module {
                code: Box::new(*code),
                source,
            })
    }

    /// Flushes the state tree and writes every block reachable from the new root to the
    /// underlying blockstore; returns the new state root.
    pub fn flush(&mut self) -> Result<Cid, MachineError> {
        let root = self.state_tree.flush()?;
        self.state_tree
            .store()
            .flush(&root)
            .map_err(StateError::from)?;
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
