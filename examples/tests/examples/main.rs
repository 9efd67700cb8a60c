//! Deploys the example actors on the fvmi VM and runs them through the executor.

mod counter;
mod harness;
mod modules;
mod replay;
mod token;
