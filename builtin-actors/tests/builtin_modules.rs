//! The 11 builtin actor modules as the build produced them.

use fvmi_builtin_actors::{
    check_abi_v1_imports, imports, module, module_by_type, modules, postprocess, validate_nv15,
    ABI_V1_IMPORTS, KEPT_EXPORTS,
};
use wasmparser::{Operator, Parser, Payload};

const NAMES: [&str; 11] = [
    "system",
    "init",
    "cron",
    "account",
    "storagepower",
    "storageminer",
    "storagemarket",
    "paymentchannel",
    "multisig",
    "reward",
    "verifiedregistry",
];

#[test]
fn all_eleven_are_present_in_actor_type_order() {
    let names: Vec<_> = modules().iter().map(|module| module.name).collect();
    assert_eq!(names, NAMES);
    for (position, builtin) in modules().iter().enumerate() {
        assert_eq!(
            usize::try_from(builtin.actor_type_id).ok(),
            Some(position + 1)
        );
        assert_eq!(module(builtin.name), Some(builtin.wasm));
        assert_eq!(module_by_type(builtin.actor_type_id), Some(builtin));
        assert!(
            builtin.wasm.starts_with(b"\0asm\x01\0\0\0"),
            "{} is not a wasm module",
            builtin.name
        );
    }
    assert_eq!(module("market"), None);
    assert_eq!(module_by_type(12), None);
}

#[test]
fn each_validates_under_mvp_and_bulk_memory_only() {
    for builtin in modules() {
        validate_nv15(builtin.wasm).unwrap_or_else(|error| panic!("{}: {error}", builtin.name));
    }
}

#[test]
fn imports_are_abi_v1_host_functions() {
    assert_eq!(ABI_V1_IMPORTS.len(), 34);
    for builtin in modules() {
        check_abi_v1_imports(builtin.wasm)
            .unwrap_or_else(|error| panic!("{}: {error}", builtin.name));
        let found = imports(builtin.wasm).expect("imports parse");
        assert!(!found.is_empty(), "{} imports nothing", builtin.name);
        assert!(found
            .iter()
            .all(|(module, _)| !module.starts_with("__wbindgen")));
    }
    // Every actor reaches the invocation context and aborts through the same two imports.
    for builtin in modules() {
        let found = imports(builtin.wasm).expect("imports parse");
        for needed in [("vm", "context"), ("vm", "abort")] {
            assert!(
                found
                    .iter()
                    .any(|(m, n)| (m.as_str(), n.as_str()) == needed),
                "{} lacks {needed:?}",
                builtin.name
            );
        }
    }
}

#[test]
fn exports_are_invoke_memory_and_the_table() {
    for builtin in modules() {
        let mut exports = Vec::new();
        for payload in Parser::new(0).parse_all(builtin.wasm) {
            if let Payload::ExportSection(section) = payload.expect("payload") {
                exports.extend(
                    section
                        .into_iter()
                        .map(|export| export.expect("export").name.to_owned()),
                );
            }
        }
        exports.sort();
        let mut expected = KEPT_EXPORTS.map(str::to_owned).to_vec();
        expected.sort();
        assert_eq!(exports, expected, "{}", builtin.name);
    }
}

#[test]
fn no_sign_extension_operator_remains() {
    for builtin in modules() {
        for payload in Parser::new(0).parse_all(builtin.wasm) {
            let Payload::CodeSectionEntry(body) = payload.expect("payload") else {
                continue;
            };
            let mut reader = body.get_operators_reader().expect("operators");
            while !reader.eof() {
                let operator = reader.read().expect("operator");
                let sign_ext = matches!(
                    operator,
                    Operator::I32Extend8S
                        | Operator::I32Extend16S
                        | Operator::I64Extend8S
                        | Operator::I64Extend16S
                        | Operator::I64Extend32S
                );
                assert!(!sign_ext, "{} still has {operator:?}", builtin.name);
            }
        }
    }
}

#[test]
fn post_processing_the_output_again_changes_nothing() {
    for builtin in modules() {
        let (again, report) = postprocess(builtin.wasm).expect("post-processes");
        assert_eq!(again, builtin.wasm, "{}", builtin.name);
        assert_eq!(
            report.dropped_functions + report.sign_ext_lowered + report.replaced_imports.len(),
            0
        );
    }
}

#[test]
fn each_compiles_in_wasmi_with_post_mvp_proposals_off() {
    let mut config = wasmi::Config::default();
    config
        .wasm_sign_extension(false)
        .wasm_saturating_float_to_int(false)
        .wasm_multi_value(false)
        .wasm_reference_types(false)
        .wasm_bulk_memory(true);
    let engine = wasmi::Engine::new(&config);
    for builtin in modules() {
        wasmi::Module::new(&engine, builtin.wasm)
            .unwrap_or_else(|error| panic!("{}: {error}", builtin.name));
    }
}
