//! `fvmi demo`: builds a genesis state and applies a scripted sequence of messages — an account
//! created by a transfer, a multisig created through the init actor, a proposal, a rejected
//! approval from a non-signer, the approval that executes the proposal, and the example counter
//! actor deployed and called — printing each receipt and its call tree (from the trace).

mod counter;
mod params;
mod script;

use std::path::PathBuf;

use clap::Args;
use fvmi_kernel::ExecEvent;
use fvmi_types::{NetworkVersion, TokenAmount};
use serde_json::{json, Value};

use crate::error::CliResult;
use crate::flamegraph::GasStacks;
use crate::genesis;
use crate::receipt::print_receipt;
use crate::trace_out;
use crate::vm::ChainParams;

/// Arguments of `fvmi demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also write the final state to this CAR file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the gas used, by actor/method call path, as an SVG flame graph.
    #[arg(long)]
    pub flamegraph: Option<PathBuf>,
    /// Write every step's execution trace (calls, gas charges, block reads and writes) as JSON.
    #[arg(long)]
    pub trace: Option<PathBuf>,
}

/// The epoch the demo runs at.
pub const DEMO_EPOCH: i64 = 1;
/// The base fee of the demo chain, attoFIL per gas.
pub const DEMO_BASE_FEE: u64 = 100;

/// The chain parameters of the demo.
pub fn demo_chain() -> ChainParams {
    ChainParams {
        epoch: DEMO_EPOCH,
        network_version: NetworkVersion::V15,
        base_fee: TokenAmount::from_atto(DEMO_BASE_FEE),
        circ_supply: TokenAmount::from_whole(1_000_000u64),
        tracing: true,
        bundles: Vec::new(),
        proof_checks: Default::default(),
        module_cache: None,
    }
}

/// Runs `fvmi demo`.
pub fn run(args: &DemoArgs) -> CliResult {
    let genesis = genesis::build(&demo_chain())?;
    let genesis_root = genesis.root;
    let mut executor = genesis.executor;
    let accounts = match genesis.accounts.as_slice() {
        [a, b, c, ..] => [a.key.address, b.key.address, c.key.address],
        _ => return Err(anyhow::anyhow!("genesis made too few accounts").into()),
    };
    let (steps, cast) = script::run(&mut executor, accounts)?;
    let mut stacks = GasStacks::default();
    for step in &steps {
        stacks.merge(&step.stacks);
    }
    let (final_root, store) = crate::vm::finish(executor)?;
    if let Some(path) = &args.out {
        crate::car_out::write_state(path, &store, &final_root)?;
    }
    if let Some(path) = &args.trace {
        let out: Vec<Value> = steps
            .iter()
            .map(|s| json!({"name": s.name, "events": trace_out::events_json(&s.trace)}))
            .collect();
        trace_out::write_json(path, &Value::Array(out))?;
    }
    if let Some(path) = &args.flamegraph {
        stacks.write_svg(path, "fvmi demo: gas by actor and method")?;
    }
    let all_as_expected = steps
        .iter()
        .all(|s| s.view["exit_code"].as_u64() == Some(u64::from(s.expect_exit)));
    let text = |a: Option<fvmi_types::Address>| a.map(|a| a.to_string());
    if args.json {
        let steps: Vec<Value> = steps
            .iter()
            .map(|s| {
                json!({
                    "name": s.name,
                    "expected_exit_code": s.expect_exit,
                    "receipt": s.view,
                    "call_tree": call_tree(&s.trace),
                })
            })
            .collect();
        let out = json!({
            "genesis_root": genesis_root.to_string(),
            "final_root": final_root.to_string(),
            "accounts": {
                "alice": cast.alice.to_string(),
                "bob": cast.bob.to_string(),
                "carol": cast.carol.to_string(),
                "newcomer": cast.newcomer.to_string(),
            },
            "multisig": text(cast.multisig),
            "counter": text(cast.counter),
            "steps": steps,
            "all_as_expected": all_as_expected,
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(anyhow::Error::from)?
        );
    } else {
        outln!("genesis state {genesis_root}");
        outln!(
            "accounts: alice {}, bob {}, carol {}; newcomer {}",
            cast.alice,
            cast.bob,
            cast.carol,
            cast.newcomer
        );
        for (index, step) in steps.iter().enumerate() {
            outln!(
                "\n[{}] {} (expect exit {})",
                index + 1,
                step.name,
                step.expect_exit
            );
            print_receipt(&step.view, "    ");
            outln!("    call tree:");
            for root in trace_out::call_forest(&step.trace).0 {
                trace_out::print_tree(&root, "      ");
            }
        }
        outln!("\nfinal state {final_root}");
        outln!("all steps as expected: {all_as_expected}");
    }
    Ok(())
}

/// The call tree of a message from its execution trace: the top-level call with its nested
/// sends (`Null` when the trace has no call).
fn call_tree(events: &[ExecEvent]) -> Value {
    trace_out::call_forest(events)
        .0
        .first()
        .map_or(Value::Null, trace_out::tree_json)
}
