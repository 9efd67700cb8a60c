//! `fvmi extract VECTOR.json --car OUT.car`: unpacks a test vector into files the other commands
//! read — its state CAR (roots: the pre-state, then the expected post-state) and its messages.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use clap::Args;
use fvmi_conformance::{load_pre_state, MessageVector, DEFAULT_BASE_FEE};
use fvmi_kernel::TOTAL_FILECOIN;
use serde_json::json;

use crate::error::{BadInputExt, CliResult};

/// Arguments of `fvmi extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The test-vector JSON file.
    pub vector: PathBuf,
    /// Where to write the state CAR.
    #[arg(long)]
    pub car: PathBuf,
    /// Write each message as `message-<n>.cbor` into this directory.
    #[arg(long)]
    pub messages: Option<PathBuf>,
}

/// Runs `fvmi extract`; prints the chain parameters to pass to `fvmi apply` as JSON.
pub fn run(args: &ExtractArgs) -> CliResult {
    let vector = MessageVector::from_file(&args.vector)
        .bad_input(format!("{} is not a test vector", args.vector.display()))?;
    let (store, _) =
        load_pre_state(&vector.car).bad_input(format!("the CAR of {}", args.vector.display()))?;
    let pre = vector.preconditions.state_tree.root_cid;
    let post = vector.postconditions.state_tree.root_cid;
    let file =
        File::create(&args.car).bad_input(format!("cannot create {}", args.car.display()))?;
    let mut writer = BufWriter::new(file);
    fvmi_ipld::write_car(&[pre, post], store.blocks(), &mut writer).map_err(anyhow::Error::from)?;
    std::io::Write::flush(&mut writer).bad_input(format!("cannot write {}", args.car.display()))?;
    let mut message_files = Vec::new();
    if let Some(dir) = &args.messages {
        std::fs::create_dir_all(dir).bad_input(format!("cannot create {}", dir.display()))?;
        for (index, message) in vector.apply_messages.iter().enumerate() {
            let path = dir.join(format!("message-{index}.cbor"));
            std::fs::write(&path, &message.bytes)
                .bad_input(format!("cannot write {}", path.display()))?;
            message_files.push(path.display().to_string());
        }
    }
    let variant = vector.preconditions.variants.first();
    let summary = json!({
        "id": vector.id(),
        "pre_root": pre.to_string(),
        "post_root": post.to_string(),
        "epoch": variant.map(|v| v.epoch),
        "nv": variant.map(|v| v.nv),
        "base_fee": vector.preconditions.basefee.unwrap_or(DEFAULT_BASE_FEE).to_string(),
        "circ_supply": vector.preconditions.circ_supply.unwrap_or(TOTAL_FILECOIN).to_string(),
        "messages": message_files,
        "expected_receipts": vector.postconditions.receipts.iter().map(|r| json!({
            "exit_code": r.exit_code, "gas_used": r.gas_used,
        })).collect::<Vec<_>>(),
    });
    outln!(
        "{}",
        serde_json::to_string_pretty(&summary).map_err(anyhow::Error::from)?
    );
    Ok(())
}
