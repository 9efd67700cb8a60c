//! Execution traces on the command line: writing a message's events as JSON (`--trace`), and
//! folding them into a call tree and flame-graph stacks (gas by actor/method path).

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use fvmi_kernel::gas::Gas;
use fvmi_kernel::ExecEvent;
use serde_json::{json, Value};

use crate::error::{BadInputExt, CliResult};
use crate::flamegraph::GasStacks;

/// The frame that gas charged outside any call (inclusion, return value) is attributed to.
pub const MESSAGE_FRAME: &str = "(message)";

/// Milligas rounded up to whole gas.
fn whole_gas(milligas: i64) -> i64 {
    Gas::from_milligas(milligas).round_up()
}

/// One call of a message with the calls it made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallNode {
    /// The caller's actor ID.
    pub from: u64,
    /// The receiver as addressed.
    pub to: String,
    /// The method number.
    pub method: u64,
    /// The value sent, attoFIL.
    pub value: String,
    /// The exit code (`None` when the trace ended before the call did).
    pub exit_code: Option<u32>,
    /// Why the send failed, if it failed outside the callee's code.
    pub error: Option<String>,
    /// Gas charged in this call itself (not its children), milligas.
    pub self_milligas: i64,
    /// The nested calls, in order.
    pub children: Vec<CallNode>,
}

/// The calls of a trace as a forest (normally one root), plus the milligas charged outside calls.
pub fn call_forest(events: &[ExecEvent]) -> (Vec<CallNode>, i64) {
    let mut roots = Vec::new();
    let mut open: Vec<CallNode> = Vec::new();
    let mut outside = 0i64;
    for event in events {
        match event {
            ExecEvent::CallStart {
                from,
                to,
                method,
                value,
            } => open.push(CallNode {
                from: *from,
                to: to.clone(),
                method: *method,
                value: value.clone(),
                ..CallNode::default()
            }),
            ExecEvent::CallEnd {
                exit_code, error, ..
            } => {
                if let Some(mut node) = open.pop() {
                    node.exit_code = Some(*exit_code);
                    node.error = error.clone();
                    match open.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => roots.push(node),
                    }
                }
            }
            ExecEvent::GasCharge {
                compute_milligas,
                storage_milligas,
                ..
            } => {
                let milligas = compute_milligas.saturating_add(*storage_milligas);
                match open.last_mut() {
                    Some(node) => node.self_milligas = node.self_milligas.saturating_add(milligas),
                    None => outside = outside.saturating_add(milligas),
                }
            }
            ExecEvent::BlockRead { .. }
            | ExecEvent::BlockWrite { .. }
            | ExecEvent::ActorEvent { .. } => {}
        }
    }
    // Calls still open (a truncated trace) are closed without an exit code.
    while let Some(node) = open.pop() {
        match open.last_mut() {
            Some(parent) => parent.children.push(node),
            None => roots.push(node),
        }
    }
    (roots, outside)
}

/// A call tree as JSON.
pub fn tree_json(node: &CallNode) -> Value {
    json!({
        "from": node.from,
        "to": node.to,
        "method": node.method,
        "value": node.value,
        "exit_code": node.exit_code,
        "error": node.error,
        "self_gas": whole_gas(node.self_milligas),
        "children": node.children.iter().map(tree_json).collect::<Vec<_>>(),
    })
}

/// Prints a call tree, one call per line, children indented under their caller.
pub fn print_tree(node: &CallNode, indent: &str) {
    let exit = node
        .exit_code
        .map_or_else(|| "?".to_owned(), |c| c.to_string());
    let error = node
        .error
        .as_deref()
        .map(|e| format!(" ({e})"))
        .unwrap_or_default();
    outln!(
        "{indent}{} method {} -> exit {exit}{error}",
        node.to,
        node.method
    );
    let deeper = format!("{indent}  ");
    for child in &node.children {
        print_tree(child, &deeper);
    }
}

/// Adds the gas of `events` to `stacks`, one stack per actor/method path; `name` names the frame
/// of a call to address `to` with `method`.
pub fn add_stacks(
    stacks: &mut GasStacks,
    events: &[ExecEvent],
    name: &dyn Fn(&str, u64) -> String,
) {
    let (roots, outside) = call_forest(events);
    stacks.add(&[MESSAGE_FRAME.to_owned()], whole_gas(outside));
    let mut path = Vec::new();
    for root in &roots {
        add_node(stacks, root, &mut path, name);
    }
}

fn add_node(
    stacks: &mut GasStacks,
    node: &CallNode,
    path: &mut Vec<String>,
    name: &dyn Fn(&str, u64) -> String,
) {
    path.push(name(&node.to, node.method));
    stacks.add(path, whole_gas(node.self_milligas));
    for child in &node.children {
        add_node(stacks, child, path, name);
    }
    path.pop();
}

/// Writes `value` (events, or steps holding events) as pretty JSON to `path`.
pub fn write_json(path: &Path, value: &Value) -> CliResult {
    let file = File::create(path).bad_input(format!("cannot create {}", path.display()))?;
    serde_json::to_writer_pretty(BufWriter::new(file), value)
        .bad_input(format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The events as JSON.
pub fn events_json(events: &[ExecEvent]) -> Value {
    serde_json::to_value(events).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(to: &str, method: u64) -> ExecEvent {
        ExecEvent::CallStart {
            from: 100,
            to: to.into(),
            method,
            value: "0".into(),
        }
    }

    fn end(exit_code: u32) -> ExecEvent {
        ExecEvent::CallEnd {
            exit_code,
            return_size: 0,
            error: None,
        }
    }

    fn gas(milligas: i64) -> ExecEvent {
        ExecEvent::GasCharge {
            name: "g".into(),
            compute_milligas: milligas,
            storage_milligas: 0,
        }
    }

    #[test]
    fn nested_calls_fold_into_a_tree_and_stacks() {
        let events = vec![
            gas(1000),
            start("f01", 2),
            gas(2000),
            start("f0100", 1),
            gas(3000),
            end(0),
            end(16),
            gas(500),
        ];
        let (roots, outside) = call_forest(&events);
        assert_eq!(outside, 1500);
        assert_eq!(roots.len(), 1);
        assert_eq!(roots[0].exit_code, Some(16));
        assert_eq!(roots[0].children.len(), 1);
        assert_eq!(roots[0].children[0].self_milligas, 3000);
        let mut stacks = GasStacks::default();
        add_stacks(&mut stacks, &events, &|to, m| format!("{to}.{m}"));
        assert_eq!(
            stacks.folded(),
            vec!["(message) 2", "f01.2 2", "f01.2;f0100.1 3"]
        );
    }

    #[test]
    fn truncated_traces_keep_open_calls() {
        let (roots, _) = call_forest(&[start("f01", 2), start("f02", 3)]);
        assert_eq!(roots.len(), 1);
        assert_eq!(roots[0].exit_code, None);
        assert_eq!(roots[0].children[0].to, "f02");
    }
}
