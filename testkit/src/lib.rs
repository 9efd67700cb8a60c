//! Test chains for fvmi's tests, benches, examples and command line: the builtin actors v7 as a
//! bundle in a blockstore, and a machine context that runs them.
//!
//! See this crate's README.md.

use cid::Cid;
use fvmi_ipld::Blockstore;
use fvmi_kernel::MachineContext;
use fvmi_state::{Bundle, BundleError};
use fvmi_types::NetworkVersion;

/// Loads the builtin actors v7 bundle into `store` (see [`fvmi_builtin_actors::bundle_car`]).
pub fn load_v7<BS: Blockstore + ?Sized>(store: &BS) -> Result<Bundle, BundleError> {
    fvmi_builtin_actors::load_bundle(store)
}

/// A network-version-15 context at `epoch` and `root`, running the v7 bundle, which it loads
/// into `store`.
pub fn nv15_context<BS: Blockstore + ?Sized>(
    store: &BS,
    epoch: i64,
    root: Cid,
) -> Result<MachineContext, BundleError> {
    let bundle = load_v7(store)?;
    let mut context = MachineContext::new(epoch, NetworkVersion::V15, root);
    context.builtin_actors = Some(bundle.root);
    Ok(context)
}
