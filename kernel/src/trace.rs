//! Execution traces: an opt-in, ordered record of what one message did — calls entered and left,
//! gas charged, and blocks read from or written to the store.
//!
//! Tracing is switched on by [`MachineContext::tracing`](crate::MachineContext::tracing). When it
//! is off nothing is recorded and no event is ever built. Tracing never changes gas: the events
//! are observations of charges the [`GasTracker`](crate::gas::GasTracker) made anyway.

use serde::Serialize;

use crate::gas::GasCharge;

/// One step of a message's execution, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ExecEvent {
    /// A call (the message itself, or a nested send) is about to run.
    CallStart {
        /// The calling actor's ID.
        from: u64,
        /// The receiver as addressed by the caller.
        to: String,
        /// The method number.
        method: u64,
        /// The value sent, attoFIL in decimal.
        value: String,
    },
    /// The innermost open call ended.
    CallEnd {
        /// The exit code the call ended with (a system code when the send itself failed).
        exit_code: u32,
        /// The length of the returned block, 0 when there is none.
        return_size: u32,
        /// Why the send failed, when it failed before or outside the callee's code.
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    /// A gas charge, failed ones included.
    GasCharge {
        /// What the gas paid for.
        name: String,
        /// Compute gas, in milligas.
        compute_milligas: i64,
        /// Storage gas, in milligas.
        storage_milligas: i64,
    },
    /// An actor opened a block from the store.
    BlockRead {
        /// The block's CID.
        cid: String,
        /// The block's length in bytes.
        size: u32,
    },
    /// An actor wrote a block to the store.
    BlockWrite {
        /// The block's CID.
        cid: String,
        /// The block's length in bytes.
        size: u32,
    },
    /// An actor emitted an event (network version 18 on); it is dropped again if the call or
    /// an ancestor fails.
    ActorEvent {
        /// The emitting actor's ID.
        emitter: u64,
        /// The entries as `(flags, key, codec, value in hex)`.
        entries: Vec<(u64, String, u64, String)>,
    },
}

impl From<GasCharge> for ExecEvent {
    fn from(charge: GasCharge) -> Self {
        ExecEvent::GasCharge {
            name: charge.name.into_owned(),
            compute_milligas: charge.compute_gas.as_milligas(),
            storage_milligas: charge.storage_gas.as_milligas(),
        }
    }
}

impl ExecEvent {
    /// Whether this event opens a call.
    pub fn is_call_start(&self) -> bool {
        matches!(self, ExecEvent::CallStart { .. })
    }

    /// Whether this event closes a call.
    pub fn is_call_end(&self) -> bool {
        matches!(self, ExecEvent::CallEnd { .. })
    }
}

/// Checks that call starts and ends in `events` pair up like brackets, returning the deepest
/// nesting reached, or `None` when an end has no start or a start is never closed.
pub fn call_depth(events: &[ExecEvent]) -> Option<usize> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for event in events {
        if event.is_call_start() {
            depth += 1;
            deepest = deepest.max(depth);
        } else if event.is_call_end() {
            depth = depth.checked_sub(1)?;
        }
    }
    (depth == 0).then_some(deepest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gas::Gas;

    fn start() -> ExecEvent {
        ExecEvent::CallStart {
            from: 1,
            to: "f01".into(),
            method: 2,
            value: "0".into(),
        }
    }

    fn end() -> ExecEvent {
        ExecEvent::CallEnd {
            exit_code: 0,
            return_size: 0,
            error: None,
        }
    }

    #[test]
    fn depth_of_bracketed_calls() {
        assert_eq!(call_depth(&[]), Some(0));
        assert_eq!(call_depth(&[start(), end()]), Some(1));
        assert_eq!(call_depth(&[start(), start(), end(), end()]), Some(2));
        assert_eq!(call_depth(&[start(), end(), end()]), None);
        assert_eq!(call_depth(&[start(), start(), end()]), None);
    }

    #[test]
    fn gas_charges_convert_with_milligas() {
        let event = ExecEvent::from(GasCharge::new("x", Gas::new(2), Gas::from_milligas(7)));
        assert_eq!(
            event,
            ExecEvent::GasCharge {
                name: "x".into(),
                compute_milligas: 2000,
                storage_milligas: 7
            }
        );
    }
}
