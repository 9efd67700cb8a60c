//! The Filecoin builtin actors v7 (7.5.1), built from crates.io for wasm32 and post-processed to the nv15
//! feature set.
//!
//! The build script compiles the `fil_actor_*` 7.5.1 crates with the nested cargo project in `bundle/`
//! and runs each module through [`postprocess`]; [`modules`] then serves the results.
//! See this crate's README.md.

use std::sync::OnceLock;

use fvmi_ipld::Blockstore;
use fvmi_state::bundle::write_bundle;
use fvmi_state::{Bundle, BundleError, Manifest};
use fvmi_types::ActorType;

pub mod nested;
mod postprocess;

pub use postprocess::{
    check_abi_v1_imports, imports, is_abi_v1_import, postprocess, rewrite_only, validate_nv15,
    PostprocessError, PostprocessReport, ABI_V1_IMPORTS, KEPT_EXPORTS, NV15_FEATURES,
};

/// One builtin actor's wasm module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinModule {
    /// The actor's name in the builtin actors manifest (`system`, `init`, ..., `verifiedregistry`).
    pub name: &'static str,
    /// The builtin actor type (`System` = 1 ... `VerifiedRegistry` = 11).
    pub actor_type_id: u32,
    /// The post-processed module.
    pub wasm: &'static [u8],
}

macro_rules! builtin {
    ($name:literal, $type_id:literal) => {
        BuiltinModule {
            name: $name,
            actor_type_id: $type_id,
            wasm: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".wasm")),
        }
    };
}

static MODULES: [BuiltinModule; 11] = [
    builtin!("system", 1),
    builtin!("init", 2),
    builtin!("cron", 3),
    builtin!("account", 4),
    builtin!("storagepower", 5),
    builtin!("storageminer", 6),
    builtin!("storagemarket", 7),
    builtin!("paymentchannel", 8),
    builtin!("multisig", 9),
    builtin!("reward", 10),
    builtin!("verifiedregistry", 11),
];

/// The 11 builtin actor modules, in actor type order.
pub fn modules() -> &'static [BuiltinModule] {
    &MODULES
}

/// The module of the actor with manifest name `name` (`"account"`, `"storageminer"`, ...).
pub fn module(name: &str) -> Option<&'static [u8]> {
    MODULES
        .iter()
        .find(|module| module.name == name)
        .map(|module| module.wasm)
}

/// The module of the builtin actor type `actor_type_id` (1 ... 11).
pub fn module_by_type(actor_type_id: u32) -> Option<&'static BuiltinModule> {
    MODULES
        .iter()
        .find(|module| module.actor_type_id == actor_type_id)
}

/// The 11 modules as a bundle CAR in the format of real bundles: its root is the versioned
/// manifest, and each module is stored under its named code CID `fil/7/<name>` (what the
/// network-version-15 state tree records). Built once per process and kept.
pub fn bundle_car() -> &'static [u8] {
    CAR_KEPT.get_or_init(write_car)
}

/// The CAR [`bundle_car`] keeps, once asked for.
static CAR_KEPT: OnceLock<Vec<u8>> = OnceLock::new();

fn write_car() -> Vec<u8> {
    let actors = MODULES.iter().map(|module| {
        let code = match ActorType::from_name(module.name) {
            Some(actor_type) => Manifest::v7_code(actor_type),
            None => unreachable!("the v7 modules are named after their actor types"),
        };
        (module.name, code, module.wasm)
    });
    match write_bundle(actors) {
        Ok(car) => car,
        Err(_) => unreachable!("writing to memory cannot fail"),
    }
}

/// Loads the v7 bundle into `store` and returns it (its `root` is what
/// `MachineContext::builtin_actors` takes). The CAR it reads is written for the call and
/// dropped afterwards (unless [`bundle_car`] already keeps one), so the modules are not held
/// twice.
pub fn load_bundle<BS: Blockstore + ?Sized>(store: &BS) -> Result<Bundle, BundleError> {
    match CAR_KEPT.get() {
        Some(car) => fvmi_state::load_bundle(store, car.as_slice()),
        None => fvmi_state::load_bundle(store, write_car().as_slice()),
    }
}

/// This crate's name, as recorded in its manifest.
pub const CRATE_NAME: &str = env!("CARGO_PKG_NAME");
