//! The command line both binaries share: `--nv N` or `--ci`, `--messages N`, `--seed S` (or
//! `DIFFREF_SEED`), `--keep-going`, `--verbose`, `--adversarial` / `--adversarial-dir DIR`. The
//! last line printed is `messages compared: N, divergences: D`.

use std::path::PathBuf;

use anyhow::{bail, Context as _};

use crate::reference::Factory;
use crate::run::{Options, Report};

struct Args {
    versions: Vec<u32>,
    messages: u64,
    seed: u64,
    keep_going: bool,
    verbose: bool,
    adversarial: Option<PathBuf>,
}

fn parse(name: &str, supported: &[u32]) -> anyhow::Result<Args> {
    let default = *supported.last().context("no network version")?;
    let mut args = Args {
        versions: vec![default],
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
            "--ci" => args.versions = supported.to_vec(),
            "--keep-going" => args.keep_going = true,
            "--verbose" => args.verbose = true,
            "--adversarial" => {
                args.adversarial =
                    Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../adversarial/actors"))
            }
            "--adversarial-dir" => {
                args.adversarial = Some(PathBuf::from(value("--adversarial-dir")?))
            }
            "--help" | "-h" => {
                let versions: Vec<String> = supported.iter().map(u32::to_string).collect();
                println!(
                    "usage: {name} [--nv {} | --ci] [--messages N] [--seed S] \
                     [--keep-going] [--verbose] [--adversarial | --adversarial-dir DIR]",
                    versions.join("|")
                );
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}"),
        }
    }
    if let Some(nv) = args.versions.iter().find(|nv| !supported.contains(nv)) {
        bail!("{name} runs network versions {supported:?}, not {nv}");
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
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bundles"),
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

/// The whole command line of binary `name`, which runs network versions `supported` (`--ci`
/// runs them all, the last is the default) against the references `factory` builds. Exits with
/// status 1 on any divergence.
pub fn main(name: &str, supported: &[u32], factory: Factory) -> anyhow::Result<()> {
    let args = parse(name, supported)?;
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
        let report = crate::run::run(&options, &bundles, factory)?;
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
