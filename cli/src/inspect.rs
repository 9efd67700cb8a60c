//! `fvmi inspect STATE.car [ADDRESS]`: lists actors, or shows one actor with its decoded state.

use std::path::PathBuf;

use clap::Args;
use fvmi_conformance::BundleLibrary;
use fvmi_ipld::Blockstore;
use fvmi_state::ActorState;
use fvmi_types::Address;
use serde_json::{json, Value};

use crate::error::{BadInputExt, CliError, CliResult};
use crate::hamt_walk::list_actors;
use crate::render::dag_cbor_to_json;
use crate::state_file::LoadedState;

/// Arguments of `fvmi inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A CAR file holding a state tree.
    pub state: PathBuf,
    /// Show only this actor (f/t address of any protocol) and its decoded state.
    pub address: Option<String>,
    /// The state root to read (default: the CAR's first root).
    #[arg(long)]
    pub root: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `fvmi inspect`.
pub fn run(args: &InspectArgs) -> CliResult {
    let loaded = LoadedState::open(&args.state, args.root.as_deref())?;
    let mut names = BundleLibrary::builtin();
    names
        .add_dir(&crate::vm::bundle_dir())
        .map_err(CliError::bad)?;
    match &args.address {
        None => {
            let mut listing = list_actors(&loaded.store, &loaded.root)?;
            listing.actors.sort_by_key(|(id, _)| *id);
            let rows: Vec<Value> = listing
                .actors
                .iter()
                .map(|(id, actor)| actor_json(*id, actor, &names))
                .collect();
            let missing: Vec<String> = listing.missing.iter().map(|c| c.to_string()).collect();
            if args.json {
                print_json(&json!({
                    "root": loaded.root.to_string(),
                    "actors": rows,
                    "missing_subtrees": missing,
                    "undecodable": listing.undecodable,
                }));
            } else {
                outln!("state root {} ({} actors)", loaded.root, rows.len());
                outln!(
                    "{:<12} {:<18} {:>8} {:>34}  head",
                    "id",
                    "code",
                    "nonce",
                    "balance (attoFIL)"
                );
                for row in &rows {
                    let delegated = row
                        .get("delegated_address")
                        .map_or_else(String::new, |a| format!("  {}", text(a)));
                    outln!(
                        "{:<12} {:<18} {:>8} {:>34}  {}{delegated}",
                        text(&row["address"]),
                        text(&row["code"]),
                        row["sequence"],
                        text(&row["balance"]),
                        text(&row["head"])
                    );
                }
                if !missing.is_empty() {
                    outln!(
                        "partial state: {} HAMT subtrees are not in the CAR (actors under them are not listed):",
                        missing.len()
                    );
                    for cid in &missing {
                        outln!("  missing {cid}");
                    }
                }
                for why in &listing.undecodable {
                    outln!("undecodable entry {why}");
                }
            }
        }
        Some(text_address) => {
            let tree = loaded.tree()?;
            let address: Address = text_address
                .parse()
                .bad_input(format!("{text_address} is not an address"))?;
            let id = tree
                .lookup_id(&address)
                .bad_input(format!(
                    "resolving {address} (the CAR may not hold its part of the tree)"
                ))?
                .ok_or_else(|| CliError::bad(format!("no actor at {address}")))?;
            let actor = tree
                .get_actor(id)
                .bad_input(format!(
                    "cannot read {address}: its part of the tree is missing"
                ))?
                .ok_or_else(|| CliError::bad(format!("no actor at {address} (id {id})")))?;
            let mut view = actor_json(id, &actor, &names);
            let state = match loaded
                .store
                .get(&actor.state)
                .bad_input("reading the state head")?
            {
                Some(bytes) => {
                    dag_cbor_to_json(&bytes).unwrap_or_else(|e| json!({ "undecodable": e }))
                }
                None => json!({ "missing": actor.state.to_string() }),
            };
            if view["code"] == "evm" {
                if let Some(evm) = evm_state(&state) {
                    view["evm"] = evm;
                }
            }
            view["state"] = state;
            if args.json {
                print_json(&view);
            } else {
                for key in ["address", "code", "sequence", "balance", "head"] {
                    outln!("{key:<9} {}", text(&view[key]));
                }
                if let Some(delegated) = view.get("delegated_address") {
                    outln!("{:<9} {}", "f4", text(delegated));
                }
                if let Some(evm) = view.get("evm") {
                    outln!(
                        "evm contract: bytecode hash {}, nonce {}",
                        text(&evm["bytecode_hash"]),
                        evm["nonce"]
                    );
                }
                outln!("state");
                print_json(&view["state"]);
            }
        }
    }
    Ok(())
}

/// An actor as JSON; its code is shown by builtin name when a known bundle holds it.
fn actor_json(id: u64, actor: &ActorState, names: &BundleLibrary) -> Value {
    let code = names
        .actor_name(&actor.code)
        .map_or_else(|| actor.code.to_string(), str::to_owned);
    let mut view = json!({
        "address": Address::new_id(id).to_string(),
        "code": code,
        "sequence": actor.sequence,
        "balance": actor.balance.atto().to_string(),
        "head": actor.state.to_string(),
    });
    if let Some(delegated) = &actor.delegated_address {
        view["delegated_address"] = json!(delegated.to_string());
    }
    view
}

/// The fields of an EVM actor's state (builtin actors v10: `[bytecode, bytecode_hash,
/// contract_state, nonce, tombstone]`) by name, with the bytecode hash in hex.
fn evm_state(state: &Value) -> Option<Value> {
    let [bytecode, hash, contract_state, nonce, tombstone] = state.as_array()?.as_slice() else {
        return None;
    };
    let hash_hex = hash["bytes"].as_str().and_then(|b64| {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
        Some(bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
    });
    Some(json!({
        "bytecode": bytecode,
        "bytecode_hash": hash_hex,
        "contract_state": contract_state,
        "nonce": nonce,
        "tombstone": tombstone,
    }))
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn print_json(value: &Value) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => outln!("{s}"),
        Err(e) => eprintln!("error: cannot print JSON: {e}"),
    }
}
