//! `fvmi vectors`. (Filled in below.)
use clap::Args;
use crate::error::CliResult;
/// Arguments of `fvmi vectors`.
#[derive(Debug, Args)]
pub struct VectorsArgs {}
/// Runs `fvmi vectors`.
pub fn run(_args: &VectorsArgs) -> CliResult { Ok(()) }
