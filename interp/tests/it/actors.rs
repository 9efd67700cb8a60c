//! The differential check on real actor code: every `*.wasm` in the directory named by
//! `FVMI_ACTOR_WASM_DIR` (e.g. the builtin actors v7 built by `fvmi-builtin-actors`) must be
//! accepted by both instrumenters and behave identically (exports called with zero
//! arguments, syscalls answered with zeros by a generic host).

use crate::differential::{check_module, Stats};
use crate::support::{OurRules, RuleSet};
use fvmi_interp::Engine;

#[test]
fn actor_modules_match_reference() {
    // TODO: read the modules from fvmi-builtin-actors directly once it exposes them.
    let Some(dir) = std::env::var_os("FVMI_ACTOR_WASM_DIR") else {
        println!("skipped: FVMI_ACTOR_WASM_DIR is not set (no actor wasm to check)");
        return;
    };
    let mut paths: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
            .collect(),
        Err(e) => panic!("cannot read {dir:?}: {e}"),
    };
    paths.sort();
    assert!(!paths.is_empty(), "no .wasm files in {dir:?}");
    let engines = [
        (
            RuleSet::Skyr,
            Engine::with_rules(2048, OurRules(RuleSet::Skyr)),
        ),
        (
            RuleSet::Uneven,
            Engine::with_rules(2048, OurRules(RuleSet::Uneven)),
        ),
    ];
    let mut stats = Stats::default();
    for path in &paths {
        let wasm = match std::fs::read(path) {
            Ok(w) => w,
            Err(e) => panic!("cannot read {path:?}: {e}"),
        };
        let label = path.display().to_string();
        assert!(
            check_module(&label, &wasm, &engines, &mut stats),
            "{label} was rejected"
        );
        println!("{label}: ok");
    }
    println!("{stats:?}");
}
