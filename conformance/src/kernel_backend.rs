//! fvmi's own executor as a [`VectorBackend`], set up as the reference conformance harness does:
//! the bundle the vector's state names, every proof accepted (gas still charged by the kernel),
//! circulating supply and base fee from the vector, randomness replayed, no consensus faults.

use std::sync::{Arc, Mutex, PoisonError};

use cid::Cid;
use fvmi_interp::{DiskCache, Engine};
use fvmi_ipld::{Blockstore, BlockstoreError, MemoryBlockstore};
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{
    engine_for, profile, ApplyKind, ExecEvent, Executor, Machine, MachineContext, MachineError,
};
use fvmi_types::{Message, NetworkVersion, TokenAmount};

use crate::backend::{
    BackendError, Execution, MachineSetup, MessageInput, ObservedReceipt, VectorBackend,
};
use crate::randomness::ReplayingRandomness;

/// How the runner treats proofs, printed with every report.
pub const PROOF_POLICY: &str = "proofs: accepted unchecked (their gas is charged), as the \
                                reference's conformance runner does";

/// The backend that runs vectors on fvmi's own executor (a fresh one: no modules prepared yet).
pub fn default_backend() -> Option<Arc<dyn VectorBackend>> {
    Some(Arc::new(KernelBackend::default()))
}

/// Runs vectors on [`fvmi_kernel::Executor`]; prepared modules are cached per network version
/// and shared by every vector run on this backend.
#[derive(Default)]
pub struct KernelBackend {
    engines: Mutex<Vec<(NetworkVersion, Engine)>>,
    disk_cache: Option<DiskCache>,
}

impl KernelBackend {
    /// A backend whose engines also keep prepared modules in `cache` across processes.
    pub fn with_disk_cache(cache: Option<DiskCache>) -> Self {
        Self {
            engines: Mutex::default(),
            disk_cache: cache,
        }
    }

    /// The shared engine of `nv`, created on first use.
    fn engine(&self, nv: NetworkVersion) -> Result<Engine, MachineError> {
        let mut engines = self.engines.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, engine)) = engines.iter().find(|(version, _)| *version == nv) {
            return Ok(engine.clone());
        }
        let engine = engine_for(nv)?;
        engine.set_disk_cache(self.disk_cache.clone());
        engines.push((nv, engine.clone()));
        Ok(engine)
    }
}

impl VectorBackend for KernelBackend {
    fn execute(
        &self,
        store: MemoryBlockstore,
        setup: &MachineSetup,
        randomness: ReplayingRandomness,
        messages: &[MessageInput<'_>],
    ) -> Result<Execution, BackendError> {
        self.execute_traced(store, setup, randomness, messages)
            .map(|(execution, _)| execution)
    }

    fn execute_traced(
        &self,
        store: MemoryBlockstore,
        setup: &MachineSetup,
        randomness: ReplayingRandomness,
        messages: &[MessageInput<'_>],
    ) -> Result<(Execution, Vec<Vec<ExecEvent>>), BackendError> {
        let nv = NetworkVersion::try_from(setup.network_version)
            .map_err(BackendError::UnknownNetworkVersion)?;
        let mut context = MachineContext::new(setup.epoch, nv, setup.state_root);
        context.base_fee = TokenAmount::from_atto(setup.base_fee);
        context.circ_supply = TokenAmount::from_atto(setup.circ_supply);
        context.tracing = setup.tracing;
        if !profile(nv)?.manifest_on_chain {
            context.builtin_actors = setup.builtin_actors;
        }
        let shared = SharedStore(Arc::new(Mutex::new(store)));
        let machine = Machine::with_engine(
            self.engine(nv)?,
            context,
            shared.clone(),
            Box::new(randomness),
            Box::new(AcceptAllProofs),
        )?;
        let mut executor = Executor::new(machine);
        let mut receipts = Vec::with_capacity(messages.len());
        let mut traces = Vec::with_capacity(messages.len());
        for (index, input) in messages.iter().enumerate() {
            let message: Message = fvmi_ipld::cbor::from_slice(input.bytes)
                .map_err(|source| BackendError::Decode { index, source })?;
            let kind = ApplyKind::Explicit {
                raw_length: input.raw_length,
            };
            let applied = executor
                .apply_message(&message, kind)
                .map_err(|source| BackendError::Apply { index, source })?;
            receipts.push(ObservedReceipt {
                exit_code: applied.msg_receipt.exit_code.value(),
                return_data: applied.msg_receipt.return_data.bytes().to_vec(),
                gas_used: applied.msg_receipt.gas_used,
                failure_info: applied.failure_info.map(|info| format!("{info:?}")),
            });
            traces.push(applied.exec_trace);
        }
        let post_root = executor.flush().map_err(BackendError::Flush)?;
        drop(executor);
        let store = Arc::try_unwrap(shared.0)
            .map_err(|_| BackendError::StoreStillShared)?
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let execution = Execution {
            receipts,
            post_root,
            store,
        };
        Ok((execution, traces))
    }
}

/// A blockstore the machine can own (it must be `Send`) while the runner keeps a handle to
/// take the store back for the post-state diff.
#[derive(Clone)]
struct SharedStore(Arc<Mutex<MemoryBlockstore>>);

impl Blockstore for SharedStore {
    fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>, BlockstoreError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(cid)
    }

    fn put_keyed(&self, cid: &Cid, bytes: &[u8]) -> Result<(), BlockstoreError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .put_keyed(cid, bytes)
    }

    fn has(&self, cid: &Cid) -> Result<bool, BlockstoreError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .has(cid)
    }
}
