//! The `fvmi` command line: build a demo chain, apply messages, run test vectors, inspect state.

/// `println!` that ends the process quietly when stdout is closed (e.g. piped into `head`)
/// instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

mod apply;
mod car_out;
mod demo;
mod error;
mod extract;
mod flamegraph;
mod genesis;
mod hamt_walk;
mod inspect;
mod module_cache;
mod receipt;
mod render;
mod state_file;
mod trace_out;
mod vectors;
mod vm;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::error::CliResult;

/// fvmi: a Filecoin virtual machine on the wasmi interpreter.
#[derive(Debug, Parser)]
#[command(name = "fvmi", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build a genesis state and apply a scripted sequence of messages, printing the receipts.
    Demo(demo::DemoArgs),
    /// Write the demo's genesis state (v7 singletons and funded accounts) to a CAR file.
    Genesis(GenesisArgs),
    /// Apply one message to a state tree and print its receipt.
    Apply(apply::ApplyArgs),
    /// Run Filecoin test vectors (a directory or files) and report passes and failures.
    Vectors(vectors::VectorsArgs),
    /// Unpack a test vector: its state CAR and (optionally) its messages, for `apply`/`inspect`.
    Extract(extract::ExtractArgs),
    /// List the actors of a state tree in a CAR file, or show one actor and its decoded state.
    Inspect(inspect::InspectArgs),
}

/// Arguments of `fvmi genesis`.
#[derive(Debug, Args)]
struct GenesisArgs {
    /// Where to write the genesis state CAR.
    #[arg(long)]
    out: PathBuf,
}

fn write_genesis(args: &GenesisArgs) -> CliResult {
    let built = genesis::build(&demo::demo_chain())?;
    let (root, store) = vm::finish(built.executor)?;
    car_out::write_state(&args.out, &store, &root)?;
    outln!("genesis state {root} written to {}", args.out.display());
    let root_key = &built.verifreg_root;
    outln!(
        "  verified registry root key {} = {}",
        root_key.key.address,
        fvmi_types::Address::new_id(root_key.id)
    );
    for account in &built.accounts {
        outln!(
            "  account {} = {}",
            account.key.address,
            fvmi_types::Address::new_id(account.id)
        );
    }
    Ok(())
}

fn run(cli: &Cli) -> CliResult {
    match &cli.command {
        Command::Demo(args) => demo::run(args),
        Command::Genesis(args) => write_genesis(args),
        Command::Apply(args) => apply::run(args),
        Command::Vectors(args) => vectors::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Inspect(args) => inspect::run(args),
    }
}

fn main() -> ExitCode {
    // Bad flags are bad input: clap's usage errors exit 2 with its message; help and version 0.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                error::EXIT_BAD_INPUT
            } else {
                0
            };
            if error.use_stderr() {
                // One line: clap's message up to its usage block, joined.
                let text = error.to_string();
                let line: Vec<&str> = text
                    .lines()
                    .take_while(|l| !l.starts_with("Usage:"))
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                eprintln!("{} (see fvmi --help)", line.join(" "));
            } else {
                let _ = error.print();
            }
            return ExitCode::from(code as u8);
        }
    };
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if !matches!(error, error::CliError::Reported(_)) {
                eprintln!("{error}");
            }
            ExitCode::from(error.exit_code() as u8)
        }
    }
}
