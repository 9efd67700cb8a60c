//! Gas by call stack as an SVG flame graph (rendered by `inferno`).
//!
//! Stacks are lists of frames (`address_type.method`), outermost first, built from a message's
//! execution trace (see `trace_out`), so nested sends appear as deeper frames.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use fvmi_ipld::Blockstore;
use fvmi_kernel::Machine;
use fvmi_types::Address;

use crate::error::{BadInputExt, CliResult};

/// Gas summed per call stack, in a deterministic order.
#[derive(Debug, Default)]
pub struct GasStacks {
    stacks: BTreeMap<String, u64>,
}

impl GasStacks {
    /// Adds `gas` to the stack `frames` (outermost first). Non-positive gas is ignored.
    pub fn add(&mut self, frames: &[String], gas: i64) {
        let Ok(gas) = u64::try_from(gas) else {
            return;
        };
        if gas == 0 || frames.is_empty() {
            return;
        }
        // `;` separates frames and the last space separates the count in the folded format.
        let key = frames
            .iter()
            .map(|f| f.replace([';', ' '], "_"))
            .collect::<Vec<_>>()
            .join(";");
        *self.stacks.entry(key).or_default() += gas;
    }

    /// Adds every stack of `other`.
    pub fn merge(&mut self, other: &GasStacks) {
        for (stack, gas) in &other.stacks {
            *self.stacks.entry(stack.clone()).or_default() += gas;
        }
    }

    /// The stacks in folded format: `frame;frame gas` per line.
    pub fn folded(&self) -> Vec<String> {
        self.stacks
            .iter()
            .map(|(stack, gas)| format!("{stack} {gas}"))
            .collect()
    }

    /// Writes the flame graph to `path`.
    pub fn write_svg(&self, path: &Path, title: &str) -> CliResult {
        let file = File::create(path).bad_input(format!("cannot create {}", path.display()))?;
        let mut options = inferno::flamegraph::Options::default();
        options.title = title.to_owned();
        options.count_name = "gas".to_owned();
        let lines = self.folded();
        inferno::flamegraph::from_lines(
            &mut options,
            lines.iter().map(String::as_str),
            BufWriter::new(file),
        )
        .bad_input(format!("cannot write {}", path.display()))?;
        Ok(())
    }
}

/// [`frame`] for an address in text form (as execution traces hold it).
pub fn frame_of_text<B: Blockstore>(machine: &Machine<B>, to: &str, method: u64) -> String {
    match to.parse::<Address>() {
        Ok(address) => frame(machine, &address, method),
        Err(_) => format!("{to}.{method}"),
    }
}

/// A frame name for a call to `to`'s method `method`: `f0123 multisig.3`, with the actor's type
/// when it is a builtin actor in `machine`'s state.
pub fn frame<B: Blockstore>(machine: &Machine<B>, to: &Address, method: u64) -> String {
    let kind = machine
        .lookup_id(to)
        .ok()
        .flatten()
        .and_then(|id| machine.get_actor(id).ok().flatten())
        .map(
            |actor| match machine.builtin_actors().actor_type(&actor.code) {
                Some(kind) => kind.name().to_owned(),
                None => "actor".to_owned(),
            },
        )
        .unwrap_or_else(|| "unknown".to_owned());
    format!("{to}_{kind}.{method}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_per_stack_and_renders_an_svg() {
        let mut stacks = GasStacks::default();
        let a = vec!["f01_init.2".to_owned()];
        let b = vec!["f01_init.2".to_owned(), "f0100 multisig.1".to_owned()];
        stacks.add(&a, 10);
        stacks.add(&a, 5);
        stacks.add(&b, 7);
        stacks.add(&b, 0);
        stacks.add(&b, -3);
        assert_eq!(
            stacks.folded(),
            vec!["f01_init.2 15", "f01_init.2;f0100_multisig.1 7"]
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gas.svg");
        stacks.write_svg(&path, "test").unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.contains("<svg") && svg.contains("f01_init.2"));
        let mut copy = GasStacks::default();
        copy.merge(&stacks);
        copy.merge(&stacks);
        assert_eq!(
            copy.folded(),
            vec!["f01_init.2 30", "f01_init.2;f0100_multisig.1 14"]
        );
    }
}
