//! `fvmi apply`: applies one explicit message to a state tree from a CAR file, prints the receipt
//! and optionally writes the new state.

use std::path::PathBuf;

use clap::Args;
use fvmi_kernel::{ApplyKind, ExecutorError};
use fvmi_types::{Message, NetworkVersion, Protocol, RawBytes, TokenAmount};
use serde_json::json;

use crate::error::{BadInputExt, CliError, CliResult};
use crate::flamegraph::{frame_of_text, GasStacks};
use crate::receipt::{print_receipt, receipt_json};
use crate::state_file::LoadedState;
use crate::trace_out::{self, add_stacks};
use crate::vm::{self, ChainParams, CliExterns};

/// What `fvmi apply` does not check, printed with every text receipt.
const POLICY: &str = "policy: signatures are not checked, randomness is a fixed value, no \
                      consensus fault is ever found, proofs need --accept-all-proofs";

/// Arguments of `fvmi apply`.
///
/// The message is applied as an explicit message whose signature is not checked; chain and
/// beacon randomness are a fixed value and no consensus fault is ever found. A message that
/// asks the VM to verify a proof is refused unless `--accept-all-proofs` is given.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The CAR file holding the state tree.
    #[arg(long)]
    pub state: PathBuf,
    /// The DAG-CBOR encoded message: unsigned, or signed (`[message, signature]`; the signature
    /// is not checked).
    #[arg(long)]
    pub message: PathBuf,
    /// The state root (default: the CAR's first root).
    #[arg(long)]
    pub root: Option<String>,
    /// The epoch the message executes at.
    #[arg(long, default_value_t = 0)]
    pub epoch: i64,
    /// The network version (15 to 18); the builtin actors must be those that ran at it.
    #[arg(long, default_value_t = 15)]
    pub nv: u32,
    /// A builtin-actor bundle CAR the state runs (repeatable). Without it, fvmi's own v7 build
    /// and every bundle in FVMI_BUNDLES (default ../shared/bundles) are candidates; the state's
    /// system actor says which one runs.
    #[arg(long)]
    pub bundle: Vec<PathBuf>,
    /// The base fee, attoFIL per gas.
    #[arg(long, default_value = "100")]
    pub base_fee: String,
    /// The circulating supply reported to actors, attoFIL (default: 2e9 FIL).
    #[arg(long)]
    pub circ_supply: Option<String>,
    /// Write the new state (root and the blocks reachable from it) to this CAR file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the gas used, by actor and method, as an SVG flame graph.
    #[arg(long)]
    pub flamegraph: Option<PathBuf>,
    /// Write the message's execution trace (calls, gas charges, block reads and writes, in
    /// order) as JSON to this file.
    #[arg(long)]
    pub trace: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Accept every proof the message asks to verify, unchecked (fvmi apply cannot verify
    /// proofs); without it such a message is refused.
    #[arg(long)]
    pub accept_all_proofs: bool,
    /// Where prepared modules are kept between runs.
    #[command(flatten)]
    pub cache: crate::module_cache::ModuleCacheArgs,
}

/// Runs `fvmi apply`.
pub fn run(args: &ApplyArgs) -> CliResult {
    let chain = ChainParams {
        epoch: args.epoch,
        network_version: network_version(args.nv)?,
        base_fee: atto(&args.base_fee, "--base-fee")?,
        circ_supply: match &args.circ_supply {
            Some(text) => atto(text, "--circ-supply")?,
            None => TokenAmount::from_atto(fvmi_kernel::TOTAL_FILECOIN),
        },
        tracing: args.trace.is_some() || args.flamegraph.is_some(),
        bundles: args.bundle.clone(),
        proof_checks: Default::default(),
        module_cache: args.cache.cache(),
    };
    let bytes = std::fs::read(&args.message)
        .bad_input(format!("cannot read {}", args.message.display()))?;
    let (message, raw_length) = decode_message(&bytes).ok_or_else(|| {
        CliError::bad(format!(
            "{} is not a DAG-CBOR message (unsigned, or [message, signature])",
            args.message.display()
        ))
    })?;
    let loaded = LoadedState::open(&args.state, args.root.as_deref())?;
    loaded.tree()?;
    let pre_root = loaded.root;
    let mut executor = vm::executor(loaded.store, pre_root, &chain, CliExterns::default())
        .map_err(|e| match e {
            CliError::BadInput(why) => {
                CliError::bad(format!("cannot start the VM on {pre_root}: {why}"))
            }
            other => other,
        })?;
    let ret = executor
        .apply_message(&message, ApplyKind::Explicit { raw_length })
        .map_err(|e| match e {
            ExecutorError::InvalidMessage(why) => CliError::bad(format!("invalid message: {why}")),
            other => CliError::from(anyhow::Error::from(other)),
        })?;
    let proofs = chain.proof_checks.count();
    if proofs > 0 && !args.accept_all_proofs {
        return Err(CliError::bad(format!(
            "the message asked to verify {proofs} proof(s), which fvmi apply cannot check; \
             pass --accept-all-proofs to accept them unchecked (nothing was written)"
        )));
    }
    if let Some(path) = &args.flamegraph {
        let mut stacks = GasStacks::default();
        let machine = executor.machine();
        add_stacks(&mut stacks, &ret.exec_trace, &|to, method| {
            frame_of_text(machine, to, method)
        });
        stacks.write_svg(path, "fvmi apply: gas by actor and method")?;
    }
    if let Some(path) = &args.trace {
        trace_out::write_json(path, &trace_out::events_json(&ret.exec_trace))?;
    }
    let (post_root, store) = vm::finish(executor)?;
    if let Some(out) = &args.out {
        crate::car_out::write_state(out, &store, &post_root)?;
    }
    let view = receipt_json(&message, &ret);
    if args.json {
        let out = json!({
            "pre_root": pre_root.to_string(),
            "post_root": post_root.to_string(),
            "receipt": view,
            "proofs_accepted_unchecked": proofs,
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(anyhow::Error::from)?
        );
    } else {
        print_receipt(&view, "");
        outln!("state {pre_root} -> {post_root}");
        outln!("{POLICY}");
        if proofs > 0 {
            outln!("{proofs} proof(s) accepted unchecked (--accept-all-proofs)");
        }
    }
    Ok(())
}

/// Decodes an unsigned message, or a signed one `[message, signature bytes]`, with the length it is
/// charged for on chain (signed secp256k1 messages count their signature; BLS ones do not).
fn decode_message(bytes: &[u8]) -> Option<(Message, usize)> {
    if let Ok(message) = fvmi_ipld::cbor::from_slice::<Message>(bytes) {
        return Some((message, fvmi_kernel::chain_length(bytes)));
    }
    let (message, _signature): (Message, RawBytes) = fvmi_ipld::cbor::from_slice(bytes).ok()?;
    let length = match message.from.protocol() {
        Protocol::BLS => fvmi_ipld::cbor::to_vec(&message).ok()?.len(),
        _ => bytes.len(),
    };
    Some((message, length))
}

fn network_version(number: u32) -> CliResult<NetworkVersion> {
    match number {
        15 => Ok(NetworkVersion::V15),
        16 => Ok(NetworkVersion::V16),
        17 => Ok(NetworkVersion::V17),
        18 => Ok(NetworkVersion::V18),
        other => Err(CliError::bad(format!(
            "--nv {other} is not supported (15 to 18)"
        ))),
    }
}

fn atto(text: &str, flag: &str) -> CliResult<TokenAmount> {
    let value: u128 = text
        .parse()
        .bad_input(format!("{flag} {text} is not a whole number of attoFIL"))?;
    Ok(TokenAmount::from_atto(value))
}
