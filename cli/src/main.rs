//! The `fvmi` command line: inspect state trees, apply messages, run test vectors.

mod error;
mod inspect;
mod render;
mod state_file;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// List the actors of a state tree in a CAR file, or show one actor and its decoded state.
    Inspect(inspect::InspectArgs),
}

fn run(cli: &Cli) -> CliResult {
    match &cli.command {
        Command::Inspect(args) => inspect::run(args),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(error.exit_code() as u8)
        }
    }
}
