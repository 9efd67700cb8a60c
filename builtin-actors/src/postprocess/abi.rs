//! What a post-processed actor module may contain: the ABI v1 imports and the nv15 wasm feature set.

use super::PostprocessError;
use wasmparser::{Parser, Payload, TypeRef, Validator, WasmFeatures};

/// The 34 host functions of the FVM ABI v1 (network version 15), as `(module, name)` pairs, in the order
/// `fvm_sdk` 1.0.0-rc.2 declares them (`sdk/src/sys/*.rs`).
pub const ABI_V1_IMPORTS: [(&str, &str); 34] = [
    ("actor", "resolve_address"),
    ("actor", "get_actor_code_cid"),
    ("actor", "get_builtin_actor_type"),
    ("actor", "get_code_cid_for_type"),
    ("actor", "new_actor_address"),
    ("actor", "create_actor"),
    ("crypto", "verify_signature"),
    ("crypto", "hash"),
    ("crypto", "compute_unsealed_sector_cid"),
    ("crypto", "verify_seal"),
    ("crypto", "verify_post"),
    ("crypto", "verify_consensus_fault"),
    ("crypto", "verify_aggregate_seals"),
    ("crypto", "verify_replica_update"),
    ("crypto", "batch_verify_seals"),
    ("debug", "enabled"),
    ("debug", "log"),
    ("gas", "charge"),
    ("ipld", "block_open"),
    ("ipld", "block_create"),
    ("ipld", "block_read"),
    ("ipld", "block_stat"),
    ("ipld", "block_link"),
    ("network", "base_fee"),
    ("network", "total_fil_circ_supply"),
    ("rand", "get_chain_randomness"),
    ("rand", "get_beacon_randomness"),
    ("send", "send"),
    ("self", "root"),
    ("self", "set_root"),
    ("self", "current_balance"),
    ("self", "self_destruct"),
    ("vm", "abort"),
    ("vm", "context"),
];

/// The wasm features network version 15 allows: the 2017 MVP (with floats) plus bulk memory. No
/// sign-extension, saturating float-to-int, multi-value, reference types or SIMD.
pub const NV15_FEATURES: WasmFeatures = WasmFeatures::MVP.union(WasmFeatures::BULK_MEMORY);

/// Whether `(module, name)` is one of the [`ABI_V1_IMPORTS`].
pub fn is_abi_v1_import(module: &str, name: &str) -> bool {
    ABI_V1_IMPORTS
        .iter()
        .any(|&(m, n)| m == module && n == name)
}

/// Validates `wasm` under [`NV15_FEATURES`] only.
pub fn validate_nv15(wasm: &[u8]) -> Result<(), PostprocessError> {
    Validator::new_with_features(NV15_FEATURES)
        .validate_all(wasm)
        .map(drop)
        .map_err(|error| PostprocessError::Invalid(error.to_string()))
}

/// Lists the imports of `wasm` as `(module, name)` pairs, in declaration order.
pub fn imports(wasm: &[u8]) -> Result<Vec<(String, String)>, PostprocessError> {
    let mut found = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ImportSection(section) = payload? {
            for import in section.into_imports() {
                let import = import?;
                found.push((import.module.to_owned(), import.name.to_owned()));
            }
        }
    }
    Ok(found)
}

/// Checks that every import of `wasm` is a function among the [`ABI_V1_IMPORTS`].
pub fn check_abi_v1_imports(wasm: &[u8]) -> Result<(), PostprocessError> {
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ImportSection(section) = payload? {
            for import in section.into_imports() {
                let import = import?;
                let is_function = matches!(import.ty, TypeRef::Func(_));
                if !is_function || !is_abi_v1_import(import.module, import.name) {
                    return Err(PostprocessError::ForeignImport {
                        module: import.module.to_owned(),
                        name: import.name.to_owned(),
                    });
                }
            }
        }
    }
    Ok(())
}
