//! Gas-limit sweeps: every entry point called in fresh instances, instrumented by us and by the
//! reference, at several gas limits.

use super::*;

// ---------------------------------------------------------------------------------------------
// Gas-limit sweeps: every entry point called in fresh instances at several gas limits.

/// How an entry point is reached.
#[derive(Clone, Copy, Debug)]
pub(super) enum Entry<'a> {
    /// An exported function.
    Export(&'a str),
    /// An element of the (first exported) table.
    Table(u32),
}

/// What one call left behind.
#[derive(Debug, PartialEq)]
pub(super) struct CallOutcome {
    pub(super) result: Result<Vec<u64>, String>,
    pub(super) gas_left: i64,
    pub(super) stack_height: i32,
    pub(super) host_calls: Vec<(usize, Vec<u64>)>,
    pub(super) memory: Option<u64>,
}

/// One instance of an instrumented module.
pub(super) struct Side {
    pub(super) store: Store<Trace>,
    pub(super) instance: Instance,
    pub(super) gas: Global,
    pub(super) height: Global,
}

impl Side {
    pub(super) fn new(
        engine: &Engine,
        module: &wasmi::Module,
        reference: bool,
    ) -> Result<Side, String> {
        let mut store = Store::new(engine.wasmi_engine(), Trace::default());
        let ref_gas = reference.then(|| Global::new(&mut store, Val::I64(0), Mutability::Var));
        let instance = instantiate(&mut store, module, ref_gas)?;
        let gas = ref_gas.unwrap_or_else(|| {
            instance
                .get_global(&store, GAS_GLOBAL_EXPORT)
                .expect("our module exports its gas global")
        });
        let height = instance
            .get_global(&store, STACK_HEIGHT_EXPORT)
            .expect("the stack height global is exported");
        Ok(Side {
            store,
            instance,
            gas,
            height,
        })
    }

    pub(super) fn table_len(&self) -> u32 {
        self.instance
            .exports(&self.store)
            .find_map(|e| e.into_table())
            .map_or(0, |t| t.size(&self.store) as u32)
    }

    pub(super) fn func(&self, entry: Entry<'_>) -> Option<Func> {
        match entry {
            Entry::Export(name) => self.instance.get_func(&self.store, name),
            Entry::Table(i) => {
                let table = self
                    .instance
                    .exports(&self.store)
                    .find_map(|e| e.into_table())?;
                match table.get(&self.store, u64::from(i)) {
                    Some(wasmi::Ref::Func(wasmi::Nullable::Val(f))) => Some(f),
                    _ => None,
                }
            }
        }
    }

    /// Calls `entry` with zero arguments and `limit` gas; the memory is hashed if
    /// `hash_memory`.
    pub(super) fn call(
        &mut self,
        entry: Entry<'_>,
        limit: i64,
        hash_memory: bool,
    ) -> Option<CallOutcome> {
        let func = self.func(entry)?;
        let ty = func.ty(&self.store);
        let params: Vec<Val> = ty
            .params()
            .iter()
            .map(|t| Val::default_for_ty(*t))
            .collect();
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|t| Val::default_for_ty(*t))
            .collect();
        self.gas
            .set(&mut self.store, Val::I64(limit))
            .expect("the gas global is a mutable i64");
        let result = func
            .call(&mut self.store, &params, &mut results)
            .map(|()| results.iter().map(bits).collect())
            .map_err(|e| {
                e.as_trap_code()
                    .map_or_else(|| e.to_string(), |c| format!("{c:?}"))
            });
        let mut result = result;
        let mut gas_left = self.gas.get(&self.store).i64().unwrap_or(i64::MIN);
        let mut stack_height = self.height.get(&self.store).i32().unwrap_or(-1);
        let out_of_gas = as_fvm_sees(&mut result, &mut gas_left, &mut stack_height);
        let memory = self
            .instance
            .get_memory(&self.store, "memory")
            .filter(|_| hash_memory && !out_of_gas)
            .map(|m| fnv(m.data(&self.store)));
        Some(CallOutcome {
            result,
            gas_left,
            stack_height,
            host_calls: std::mem::take(&mut self.store.data_mut().calls),
            memory,
        })
    }
}

/// Counts over sweeps.
#[derive(Debug, Default)]
pub(super) struct Sweep {
    pub(super) entries: usize,
    pub(super) calls: usize,
    pub(super) returned: usize,
    pub(super) out_of_gas: usize,
    pub(super) other_traps: usize,
    pub(super) host_calls: usize,
}

/// Calls `entries` of `wasm` instrumented by us and by the reference, each call in a fresh
/// pair of instances: first with `big` gas, then, if that used gas, with limits that run out
/// at 1/`parts`, 2/`parts`, ... of the way and one milligas short of the end. Panics at the
/// first difference.
#[allow(clippy::too_many_arguments)]
pub(super) fn sweep(
    label: &str,
    wasm: &[u8],
    rules: V4Rules,
    engine: &Engine,
    entries: &[Entry<'_>],
    big: i64,
    parts: i64,
    sweep: &mut Sweep,
) {
    let ours = engine
        .prepare_uncached(wasm)
        .unwrap_or_else(|e| panic!("{label} ({rules:?}): we reject it: {e}"));
    let theirs = reference_module(engine, wasm, rules)
        .unwrap_or_else(|e| panic!("{label} ({rules:?}): the reference rejects it: {e}"));
    for &entry in entries {
        let mut limits = vec![big];
        let mut step = 0;
        while let Some(&limit) = limits.get(step) {
            step += 1;
            let a = Side::new(engine, ours.wasmi_module(), false);
            let b = Side::new(engine, &theirs, true);
            let (mut a, mut b) = match (a, b) {
                (Ok(a), Ok(b)) => (a, b),
                (a, b) => {
                    assert_eq!(
                        a.err(),
                        b.err(),
                        "{label} ({rules:?}): instantiation differs"
                    );
                    return;
                }
            };
            // Memory contents are compared after the first (complete) call only: hashing a
            // 17-page actor memory costs more than most calls.
            let hash = step == 1;
            let (Some(x), Some(y)) = (a.call(entry, limit, hash), b.call(entry, limit, hash))
            else {
                assert_eq!(
                    a.func(entry).is_some(),
                    b.func(entry).is_some(),
                    "{label} ({rules:?}): {entry:?} exists on one side only"
                );
                break;
            };
            if x != y {
                let path = save(label, wasm);
                panic!(
                    "{label} ({rules:?}): {entry:?} with gas {limit} behaves differently \
                     (saved to {path:?})\nours:      {x:?}\nreference: {y:?}"
                );
            }
            sweep.calls += 1;
            sweep.host_calls += x.host_calls.len();
            match &x.result {
                Ok(_) => sweep.returned += 1,
                Err(_) if x.gas_left < 0 => sweep.out_of_gas += 1,
                Err(_) => sweep.other_traps += 1,
            }
            if step == 1 {
                sweep.entries += 1;
                let used = limit - x.gas_left.max(0);
                if used > 1 {
                    limits.extend((1..parts).map(|i| used * i / parts));
                    limits.push(used - 1);
                }
            }
        }
    }
}

pub(super) fn wat(text: &str) -> Vec<u8> {
    wat::parse_str(text).unwrap_or_else(|e| panic!("bad test module: {e}\n{text}"))
}
