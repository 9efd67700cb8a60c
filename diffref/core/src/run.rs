//! One differential run: a genesis, both VMs on it, and the random messages applied to both,
//! comparing every receipt and the state root after every message.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{anyhow, Context as _};
use fvmi_kernel::chain_length;

use crate::generator::{Codes, Generator};
use crate::genesis::{self, Genesis};
use crate::local::LocalVm;
use crate::model::Model;
use crate::outcome::{hex, Applied};
use crate::reference::Factory;

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Messages applied to both VMs and compared.
    pub compared: u64,
    /// Messages on which the VMs disagreed (receipt or state root).
    pub divergences: u64,
    /// Per message kind: (count, successes).
    pub kinds: BTreeMap<String, (u64, u64)>,
    /// Per exit code: count.
    pub exit_codes: BTreeMap<u32, u64>,
    /// Seconds spent building the genesis and both machines.
    pub setup_seconds: f64,
    /// Seconds spent applying and comparing.
    pub run_seconds: f64,
}

/// Options of one run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Network version.
    pub nv: u32,
    /// How many messages.
    pub messages: u64,
    /// The PRNG seed.
    pub seed: u64,
    /// Continue after a divergence (the states may then differ for good).
    pub keep_going: bool,
    /// Print every message's outcome.
    pub verbose: bool,
    /// Deploy the hostile actors whose wat bodies are in this directory.
    pub adversarial: Option<std::path::PathBuf>,
}

fn codes(genesis: &Genesis) -> anyhow::Result<Codes> {
    let code = |name: &str| {
        genesis
            .bundle
            .manifest
            .code_by_name(name)
            .copied()
            .ok_or_else(|| anyhow!("the bundle has no {name} actor"))
    };
    Ok(Codes {
        multisig: code("multisig")?,
        paych: code("paymentchannel")?,
        miner: code("storageminer")?,
        account: code("account")?,
        fevm: genesis.bundle.manifest.code_by_name("eam").is_some(),
    })
}

/// Runs `options.messages` random messages on fvmi and on the reference `factory` builds, at
/// `options.nv`.
pub fn run(options: &Options, bundles: &Path, factory: Factory) -> anyhow::Result<Report> {
    let started = Instant::now();
    let hostiles = match &options.adversarial {
        Some(dir) => crate::adversarial::load(dir, options.nv)?,
        None => Vec::new(),
    };
    let genesis = genesis::build(options.nv, bundles, &hostiles).context("building the genesis")?;
    for (id, name) in &genesis.hostiles {
        println!("  hostile actor f0{id}: {name}");
    }
    let blocks = genesis::blocks(&genesis.store);
    let setup = genesis.setup.clone();
    let mut reference = factory(&blocks, &setup)?;
    let mut model = Model {
        genesis: genesis.accounts.clone(),
        verifreg_root: Some(genesis.verifreg_root.clone()),
        hostiles: genesis.hostiles.clone(),
        ..Model::default()
    };
    let mut generator = Generator::new(options.seed, codes(&genesis)?);
    let mut local = LocalVm::new(genesis.store, &setup)?;
    let mut report = Report {
        setup_seconds: started.elapsed().as_secs_f64(),
        ..Report::default()
    };
    let placeholder = genesis.bundle.manifest.code_by_name("placeholder").copied();
    let started = Instant::now();
    for index in 0..options.messages {
        let planned = generator.next(&model, &local)?;
        // A placeholder sender becomes an Ethereum account (nv18): counted on its own as well.
        let from_placeholder = placeholder.is_some()
            && local
                .lookup(&planned.message.from)
                .and_then(|id| local.actor(id))
                .map(|actor| Some(actor.code))
                == Some(placeholder);
        let bytes = fvmi_ipld::cbor::to_vec(&planned.message)?;
        let raw_length = chain_length(&bytes);
        let ours = local.apply(&bytes, raw_length);
        let theirs = reference.apply(&bytes, raw_length);
        let (ours, theirs) = match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => (ours, theirs),
            (Err(_), Err(_)) => {
                // Both refuse the message outright (e.g. a negative gas limit): no receipt on
                // either side, the state must be untouched on both.
                report.compared += 1;
                report
                    .kinds
                    .entry("refused-by-both".to_owned())
                    .or_default()
                    .0 += 1;
                if local.flush()? != reference.flush()? {
                    report.divergences += 1;
                    println!("DIVERGENCE nv{} seed {} index {index}: roots differ after a refused message", options.nv, options.seed);
                    break;
                }
                continue;
            }
            (ours, theirs) => {
                report.compared += 1;
                report.divergences += 1;
                println!(
                    "DIVERGENCE (fatal) nv{} seed {} index {index} kind {}\n  message {:?}\n  \
                     cbor {}\n  fvmi: {:?}\n  reference: {:?}",
                    options.nv,
                    options.seed,
                    planned.kind,
                    planned.message,
                    hex(&bytes),
                    ours.map(|a| a.outcome),
                    theirs.map(|a| a.outcome)
                );
                break;
            }
        };
        let our_root = local.flush()?;
        let their_root = reference.flush()?;
        report.compared += 1;
        let kind = if planned.kind == "hostile" {
            hostile_kind(&model, &planned.message.to)
        } else {
            planned.kind.to_owned()
        };
        let entry = report.kinds.entry(kind).or_default();
        entry.0 += 1;
        *report.exit_codes.entry(ours.outcome.exit_code).or_default() += 1;
        if options.verbose {
            println!("{index} {} -> {}", planned.kind, ours.outcome);
        }
        if ours.outcome != theirs.outcome || our_root != their_root {
            report.divergences += 1;
            print_divergence(options, index, &planned, &bytes, &ours, &theirs);
            println!(
                "  state root: fvmi {} reference {}",
                hex(&our_root),
                hex(&their_root)
            );
            if !options.keep_going {
                break;
            }
            continue;
        }
        let success = ours.outcome.exit_code == 0;
        if success {
            entry.1 += 1;
            model.apply(&planned.effect, &ours.outcome.return_data, &local);
        }
        if from_placeholder {
            let entry = report
                .kinds
                .entry("(sent by a placeholder)".to_owned())
                .or_default();
            entry.0 += 1;
            entry.1 += u64::from(success);
        }
    }
    report.run_seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// "hostile:<name>" for a message to a hostile actor.
fn hostile_kind(model: &Model, to: &fvmi_types::Address) -> String {
    let name = model
        .hostiles
        .iter()
        .find(|(id, _)| fvmi_types::Address::new_id(*id) == *to)
        .map_or("?", |(_, name)| name.as_str());
    format!("hostile:{name}")
}

fn print_divergence(
    options: &Options,
    index: u64,
    planned: &crate::generator::Planned,
    bytes: &[u8],
    ours: &Applied,
    theirs: &Applied,
) {
    println!(
        "DIVERGENCE nv{} seed {} index {index} kind {}\n  message {:?}\n  cbor {}\n  \
         fvmi:      {} ({:?})\n  reference: {} ({:?})\n  reproduce: --nv {} --seed {} \
         --messages {}",
        options.nv,
        options.seed,
        planned.kind,
        planned.message,
        hex(bytes),
        ours.outcome,
        ours.failure_info,
        theirs.outcome,
        theirs.failure_info,
        options.nv,
        options.seed,
        index + 1
    );
}
