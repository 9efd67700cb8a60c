//! `fvmi apply`: applies one message to a state tree. (Filled in below.)
use clap::Args;
use crate::error::CliResult;
/// Arguments of `fvmi apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {}
/// Runs `fvmi apply`.
pub fn run(_args: &ApplyArgs) -> CliResult { Ok(()) }
