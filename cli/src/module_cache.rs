//! Where prepared actor modules are kept between runs (`--module-cache`, `FVMI_MODULE_CACHE`).

use std::path::PathBuf;

use clap::Args;
use fvmi_interp::DiskCache;

/// The environment variable naming the module cache directory (`off` disables it).
pub const MODULE_CACHE_ENV: &str = "FVMI_MODULE_CACHE";

/// The command-line options of the module cache.
#[derive(Debug, Clone, Default, Args)]
pub struct ModuleCacheArgs {
    /// Keep prepared (validated, instrumented) actor modules in this directory across runs
    /// [default: $FVMI_MODULE_CACHE, else $XDG_CACHE_HOME/fvmi/modules, else
    /// ~/.cache/fvmi/modules]. Entries are keyed by the module's bytes, the engine
    /// configuration and this build's instrumentation, checked on load and rebuilt when
    /// corrupt.
    #[arg(long, value_name = "DIR")]
    pub module_cache: Option<PathBuf>,
    /// Prepare every module afresh and keep nothing on disk.
    #[arg(long, conflicts_with = "module_cache")]
    pub no_module_cache: bool,
}

impl ModuleCacheArgs {
    /// The cache these options (and the environment) ask for, if any.
    pub fn cache(&self) -> Option<DiskCache> {
        if self.no_module_cache {
            return None;
        }
        if let Some(dir) = &self.module_cache {
            return Some(DiskCache::new(dir));
        }
        match std::env::var_os(MODULE_CACHE_ENV) {
            Some(value) if value == "off" || value.is_empty() => return None,
            Some(dir) => return Some(DiskCache::new(dir)),
            None => {}
        }
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
        Some(DiskCache::new(base.join("fvmi").join("modules")))
    }
}
