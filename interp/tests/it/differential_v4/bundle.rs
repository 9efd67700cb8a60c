//! The 16 modules of the builtin actors v10 bundle under the nv18 rules, with a sweep of every
//! table function.

use super::*;

use crate::support::bundle_modules;

// ---------------------------------------------------------------------------------------------
// The builtin actors v10 (nv18).

#[test]
fn v10_bundle_matches_reference_under_nv18() {
    let file = "builtin-actors-v10-mainnet.car";
    let Some(modules) = bundle_modules(file) else {
        return;
    };
    assert_eq!(modules.len(), 16, "the v10 manifest has 16 actors");
    let engines = engines(2048);
    let mut stats = Stats::default();
    let mut swept = Sweep::default();
    for (name, wasm) in &modules {
        let label = format!("v10/{name}");
        assert!(
            check_module(&label, wasm, &engines, &mut stats),
            "{label} is refused"
        );
        // Every function of the table (that is, every thunk), under the nv18 prices.
        let (rules, engine) = &engines[0];
        let size = Side::new(
            engine,
            engine
                .prepare_uncached(wasm)
                .expect("accepted")
                .wasmi_module(),
            false,
        )
        .expect("instantiates")
        .table_len();
        let entries: Vec<Entry<'_>> = (0..size).map(Entry::Table).collect();
        sweep(
            &label,
            wasm,
            *rules,
            engine,
            &entries,
            rules.limit(200_000),
            2,
            &mut swept,
        );
        println!("{label}: ok ({size} table functions)");
    }
    println!("{stats:?}");
    println!("{swept:?}");
    assert!(swept.out_of_gas > 0 && swept.returned > 0);
}
