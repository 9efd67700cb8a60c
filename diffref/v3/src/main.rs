//! `fvmi-diffref3`: applies seeded random messages to fvmi and to the reference VM (`fvm` 3.14.1
//! from crates.io) at network version 18 on the same genesis state and compares every receipt
//! (with its events root) and state root. The harness is `fvmi-diffref-core`, shared with
//! `fvmi-diffref` (nv15 to nv17).
//!
//! `fvmi-diffref3 --messages 10000 --seed N [--adversarial]`; `--ci` is the same as `--nv 18`.
//! The exit status is non-zero on any divergence.

mod reference;

fn main() -> anyhow::Result<()> {
    fvmi_diffref_core::cli::main("fvmi-diffref3", &[18], reference::new)
}
