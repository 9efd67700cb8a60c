//! Integration tests of the VM: messages applied through the executor to hand-built states,
//! running real builtin actors and small wat test actors.

mod crypto_panics;
mod exec;
mod fuzz;
mod harness;
mod recursion;
mod syscalls;
mod trace;
mod transfer;
mod wat_actor;
