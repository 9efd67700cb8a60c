//! `fvmi-diffref`: applies seeded random messages to fvmi and to the reference VM (`fvm` 2.11.3
//! from crates.io) on the same genesis state and compares every receipt and state root.
//!
//! `fvmi-diffref --nv 17 --messages 10000 --seed N` runs one network version; `--ci` runs
//! network versions 15, 16 and 17 with `--messages` each. The exit status is non-zero on any
//! divergence.

mod adversarial;
mod generator;
mod genesis;
mod junk;
mod local;
mod model;
mod outcome;
mod params;
mod randomness;
mod reference;
mod rng;
mod run;

use std::path::PathBuf;

use anyhow::{bail, Context as _};

use crate::run::{Options, Report};

/// The network versions `--ci` runs.
const CI_VERSIONS: &[u32] = &[15, 16, 17];

struct Args {
    versions: Vec<u32>,
    messages: u64,
    seed: u64,
    keep_going: bool,
    verbose: bool,
    adversarial: Option<PathBuf>,
}

fn parse() -> anyhow::Result<Args> {
    let mut args = Args {
        versions: vec![17],
        messages: 1000,
        seed: 1,
        keep_going: false,
        verbose: false,
        adversarial: None,
    };
    let mut seed_given = false;
    let mut iter = std::env::args().skip(1);
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| iter.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--nv" => args.versions = vec![value("--nv")?.parse()?],
            "--messages" => args.messages = value("--messages")?.parse()?,
            "--seed" => {
                args.seed = value("--seed")?.parse()?;
                seed_given = true;
            }
            "--ci" => args.versions = CI_VERSIONS.to_vec(),
            "--keep-going" => args.keep_going = true,
            "--verbose" => args.verbose = true,
            "--adversarial" => {
                args.adversarial =
                    Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../adversarial/actors"))
            }
            "--adversarial-dir" => {
                args.adversarial = Some(PathBuf::from(value("--adversarial-dir")?))
            }
            "--help" | "-h" => {
                println!(
                    "usage: fvmi-diffref [--nv 15|16|17 | --ci] [--messages N] [--seed S] \
                     [--keep-going] [--verbose] [--adversarial | --adversarial-dir DIR]"
                );
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}"),
        }
    }
    if !seed_given {
        if let Ok(seed) = std::env::var("DIFFREF_SEED") {
            args.seed = seed.parse()?;
        }
    }
    Ok(args)
}

fn bundles_dir() -> PathBuf {
    std::env::var_os("FVMI_BUNDLES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/bundles"),
        PathBuf::from,
    )
}

fn print_report(nv: u32, seed: u64, report: &Report) {
    println!(
        "nv{nv} seed {seed}: messages compared: {}, divergences: {} (setup {:.1}s, run {:.1}s)",
        report.compared, report.divergences, report.setup_seconds, report.run_seconds
    );
    let kinds: Vec<String> = report
        .kinds
        .iter()
        .map(|(kind, (count, ok))| format!("{kind} {count}/{ok} ok"))
        .collect();
    println!("  kinds: {}", kinds.join(", "));
    let codes: Vec<String> = report
        .exit_codes
        .iter()
        .map(|(code, count)| format!("{code}:{count}"))
        .collect();
    println!("  exit codes: {}", codes.join(" "));
}

fn main() -> anyhow::Result<()> {
    let args = parse()?;
    let bundles = bundles_dir();
    let mut compared = 0;
    let mut divergences = 0;
    for nv in &args.versions {
        let options = Options {
            nv: *nv,
            messages: args.messages,
            seed: args.seed,
            keep_going: args.keep_going,
            verbose: args.verbose,
            adversarial: args.adversarial.clone(),
        };
        println!("nv{nv}: seed {}, {} messages", args.seed, args.messages);
        let report = run::run(&options, &bundles)?;
        print_report(*nv, args.seed, &report);
        compared += report.compared;
        divergences += report.divergences;
    }
    println!("messages compared: {compared}, divergences: {divergences}");
    if divergences > 0 {
        std::process::exit(1);
    }
    Ok(())
}
