//! [`EventOps`] for the default kernel (network version 18 on): validate, charge and record an
//! actor event in the reference's order.

use fvmi_ipld::Blockstore;
use fvmi_syscalls::{EventOps, ExecutionError, Result};

use super::DefaultKernel;
use crate::events::{decode_and_validate, StampedEvent};
use crate::gas::hygge::EventIndexing;
use crate::trace::ExecEvent;

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl<B: Blockstore> EventOps for DefaultKernel<'_, '_, B> {
    fn emit_event(&mut self, bytes: &[u8]) -> Result<()> {
        self.check_writable()?;
        let prices = self.hygge()?;
        self.charge(prices.on_actor_event_validate(bytes.len()))?;
        let event = decode_and_validate(bytes)
            .map_err(|e| ExecutionError::syscall(e.error_number(), e.to_string()))?;
        let indexing = EventIndexing::of_entries(
            event
                .entries
                .iter()
                .map(|entry| (entry.flags, entry.key.len(), entry.value.len())),
        );
        self.charge(prices.on_actor_event_accept(indexing, bytes.len()))?;
        let emitter = self.receiver;
        self.call_manager.trace_event(|| ExecEvent::ActorEvent {
            emitter,
            entries: event
                .entries
                .iter()
                .map(|e| (e.flags, e.key.clone(), e.codec, hex(&e.value)))
                .collect(),
        });
        self.call_manager
            .events_mut()
            .push(StampedEvent::new(emitter, event));
        Ok(())
    }
}
