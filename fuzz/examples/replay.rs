//! Replays inputs of the syscall actor targets and prints what applying gave: exit code, gas,
//! events, failure. `replay.sh [v1|v3] FILE...` (see README.md); the invariants are checked as
//! in the targets, so a crashing input panics here too, with a backtrace.

use anyhow::{bail, Context, Result};
use fvmi_fuzz::chain::{chain, chain_v3, run_program};
// Linked for the coverage instrumentation's runtime symbols (see write-seeds.sh).
use libfuzzer_sys as _;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let abi = args.next().context("usage: replay v1|v3 FILE...")?;
    for path in args {
        let input = std::fs::read(&path).with_context(|| format!("reading {path}"))?;
        let chain = match abi.as_str() {
            "v1" => chain(),
            "v3" => chain_v3(),
            other => bail!("unknown ABI {other}: v1 or v3"),
        };
        match run_program(chain, &input) {
            None => {
                println!("{path}: not checked (skipped, aborted with exit code 0, or unflushable)")
            }
            Some(ret) => println!(
                "{path}: exit {} gas {} events {} root {} failure {:?}",
                ret.msg_receipt.exit_code,
                ret.msg_receipt.gas_used,
                ret.events.len(),
                ret.events_root.is_some(),
                ret.failure_info
            ),
        }
    }
    Ok(())
}
