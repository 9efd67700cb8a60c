//! Folding a message's execution trace into its call tree: one node per call (the message
//! itself, then every nested send), with the gas charged inside it.

use fvmi_kernel::ExecEvent;
use serde::Serialize;

/// One call of a message and the calls it made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CallNode {
    /// The caller's actor ID.
    pub from: u64,
    /// The receiver as the caller addressed it.
    pub to: String,
    /// The method number.
    pub method: u64,
    /// The value sent, attoFIL in decimal.
    pub value: String,
    /// The exit code, `None` when the trace ended before the call did.
    pub exit_code: Option<u32>,
    /// The length of the returned block (0 when there is none).
    pub return_size: u32,
    /// Why the send failed, when it failed outside the callee's code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Gas charged in this call and the calls below it, milligas.
    pub milligas: i64,
    /// The nested calls, in order.
    pub calls: Vec<CallNode>,
}

/// The call tree of one message: the top-level calls (normally one) and the gas charged
/// outside any call (inclusion, the return value), milligas.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CallTree {
    /// The calls made at the top level.
    pub calls: Vec<CallNode>,
    /// Gas charged outside every call, milligas.
    pub outside_milligas: i64,
}

/// Folds `events` into a call tree. Unbalanced traces never panic: an end without a start is
/// ignored, and calls still open at the end are closed without an exit code.
pub fn call_tree(events: &[ExecEvent]) -> CallTree {
    let mut tree = CallTree::default();
    let mut open: Vec<CallNode> = Vec::new();
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
                exit_code,
                return_size,
                error,
            } => {
                if let Some(mut node) = open.pop() {
                    node.exit_code = Some(*exit_code);
                    node.return_size = *return_size;
                    node.error = error.clone();
                    attach(&mut open, &mut tree, node);
                }
            }
            ExecEvent::GasCharge {
                compute_milligas,
                storage_milligas,
                ..
            } => {
                let charged = compute_milligas.saturating_add(*storage_milligas);
                match open.last_mut() {
                    Some(node) => node.milligas = node.milligas.saturating_add(charged),
                    None => tree.outside_milligas = tree.outside_milligas.saturating_add(charged),
                }
            }
            ExecEvent::BlockRead { .. }
            | ExecEvent::BlockWrite { .. }
            | ExecEvent::ActorEvent { .. } => {}
        }
    }
    while let Some(node) = open.pop() {
        attach(&mut open, &mut tree, node);
    }
    tree
}

/// Hangs a finished call under its parent (adding its gas to the parent's), or at the top.
fn attach(open: &mut [CallNode], tree: &mut CallTree, node: CallNode) {
    match open.last_mut() {
        Some(parent) => {
            parent.milligas = parent.milligas.saturating_add(node.milligas);
            parent.calls.push(node);
        }
        None => tree.calls.push(node),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(to: &str) -> ExecEvent {
        ExecEvent::CallStart {
            from: 100,
            to: to.into(),
            method: 2,
            value: "0".into(),
        }
    }

    fn end(exit_code: u32) -> ExecEvent {
        ExecEvent::CallEnd {
            exit_code,
            return_size: 3,
            error: None,
        }
    }

    fn gas(milligas: i64) -> ExecEvent {
        ExecEvent::GasCharge {
            name: "x".into(),
            compute_milligas: milligas,
            storage_milligas: 1,
        }
    }

    #[test]
    fn nests_calls_and_sums_gas_upwards() {
        let events = [
            gas(10),
            start("f01000"),
            gas(100),
            start("f01001"),
            gas(1000),
            end(16),
            start("f01002"),
            end(0),
            end(0),
            gas(5),
        ];
        let tree = call_tree(&events);
        assert_eq!(tree.outside_milligas, 11 + 6);
        assert_eq!(tree.calls.len(), 1);
        let top = &tree.calls[0];
        assert_eq!(top.to, "f01000");
        assert_eq!(top.milligas, 101 + 1001);
        assert_eq!(top.calls.len(), 2);
        assert_eq!(top.calls[0].exit_code, Some(16));
        assert_eq!(top.calls[0].milligas, 1001);
        assert_eq!(top.calls[1].to, "f01002");
        assert_eq!(top.calls[1].return_size, 3);
    }

    #[test]
    fn unbalanced_traces_do_not_panic() {
        let tree = call_tree(&[end(0), start("f01"), start("f02"), gas(7)]);
        assert_eq!(tree.calls.len(), 1);
        assert_eq!(tree.calls[0].exit_code, None);
        assert_eq!(tree.calls[0].calls[0].milligas, 8);
        assert_eq!(tree.calls[0].milligas, 8);
    }
}
