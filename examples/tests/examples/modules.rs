//! The built modules are what network version 15 accepts.

use fvmi_builtin_actors::{check_abi_v1_imports, imports, validate_nv15};
use fvmi_interp::{Engine, EngineConfig};

fn modules() -> [(&'static str, &'static [u8]); 2] {
    [
        ("counter", fvmi_examples::counter_wasm()),
        ("token", fvmi_examples::token_wasm()),
    ]
}

#[test]
fn modules_validate_under_nv15_and_import_only_abi_v1() {
    for (name, wasm) in modules() {
        validate_nv15(wasm).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_abi_v1_imports(wasm).unwrap_or_else(|e| panic!("{name}: {e}"));
        let imported = imports(wasm).expect("imports parse");
        for needed in [
            ("vm", "context"),
            ("vm", "abort"),
            ("self", "root"),
            ("self", "set_root"),
        ] {
            assert!(
                imported
                    .iter()
                    .any(|(m, n)| (m.as_str(), n.as_str()) == needed),
                "{name} does not import {needed:?}"
            );
        }
    }
    let token_imports = imports(fvmi_examples::token_wasm()).expect("imports parse");
    assert!(token_imports
        .iter()
        .any(|(m, n)| m == "send" && n == "send"));
}

#[test]
fn modules_prepare_in_the_nv15_engine() {
    let engine = Engine::new(EngineConfig::NV15);
    for (name, wasm) in modules() {
        let module = engine
            .prepare_uncached(wasm)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let exports: Vec<&str> = module.wasmi_module().exports().map(|e| e.name()).collect();
        assert!(exports.contains(&"invoke"), "{name} exports {exports:?}");
    }
}

#[test]
fn a_truncated_module_is_rejected() {
    let engine = Engine::new(EngineConfig::NV15);
    let wasm = fvmi_examples::counter_wasm();
    let truncated = &wasm[..wasm.len() / 2];
    assert!(validate_nv15(truncated).is_err());
    assert!(engine.prepare_uncached(truncated).is_err());
}
