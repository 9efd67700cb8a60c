//! `fvmi-diffref`: applies seeded random messages to fvmi and to the reference VM (`fvm` 2.11.3
//! from crates.io) at network versions 15 to 17 on the same genesis state and compares every
//! receipt and state root (the shared harness is `fvmi-diffref-core`; nv18 is `fvmi-diffref3`).
//!
//! `fvmi-diffref --nv 17 --messages 10000 --seed N` runs one network version; `--ci` runs
//! network versions 15, 16 and 17 with `--messages` each. The exit status is non-zero on any
//! divergence.

mod reference;

fn main() -> anyhow::Result<()> {
    fvmi_diffref_core::cli::main("fvmi-diffref", &[15, 16, 17], reference::new)
}
