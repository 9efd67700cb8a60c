//! The differential check on real actor code: the 11 builtin actors v7 built by
//! `fvmi-builtin-actors` must be accepted by both instrumenters and behave identically (exports
//! called with zero arguments, syscalls answered with zeros by a generic host).

use crate::differential::{check_module, Stats};
use crate::support::{OurRules, RuleSet};
use fvmi_interp::Engine;

#[test]
fn actor_modules_match_reference() {
    let modules = fvmi_builtin_actors::modules();
    assert_eq!(modules.len(), 11, "expected the 11 builtin actors v7");
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
    for module in modules {
        let label = module.name;
        assert!(
            check_module(label, module.wasm, &engines, &mut stats),
            "{label} was rejected"
        );
        println!("{label}: ok");
    }
    println!("{stats:?}");
}
