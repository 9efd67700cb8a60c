//! Memory accounting along one message's call stack (network version 18 on).
//!
//! From nv18 the reference bounds the memory that the instances of one call stack hold
//! together: each instance's linear memory plus 8 bytes per table element, counted from
//! instantiation and through every `memory.grow` / `table.grow`. A growth that would take the
//! total past the limit is refused (`-1`); an instantiation whose initial memory and table do
//! not fit fails. When a call returns, the total goes back to what it was before the call, so
//! only the calls on the stack count, not their finished siblings.
//!
//! The per-instance limits are checked in the reference's order, which matters for the total:
//! - a growth past the maximum the module declares is refused before it is counted;
//! - a memory growth past the instance limit (512 MiB) is counted first and refused after (the
//!   reference's allocator refuses it only once its limiter has said yes), so such a failed
//!   growth still counts until the call returns;
//! - a table growth past the instance limit (20,000 elements) is refused before it is counted
//!   (the reference's table slot is its effective maximum).
//!
//! [`CallStackMemory`] is that tally; the kernel owns one per message, saves it before each
//! call ([`CallStackMemory::used`]) and restores it after ([`CallStackMemory::restore`]), and
//! hands it to each store as its [`wasmi::ResourceLimiter`].

use wasmi::ResourceLimiter;
use wasmi_core::LimiterError;

use crate::engine::EngineLimits;

/// Bytes one table element counts for.
const TABLE_ELEMENT_BYTES: u64 = 8;

/// The memory held by the instances along one message's call stack, and its limits.
#[derive(Debug, Clone)]
pub struct CallStackMemory {
    limits: EngineLimits,
    used: u64,
}

impl CallStackMemory {
    /// An empty call stack under `limits`.
    pub fn new(limits: EngineLimits) -> Self {
        Self { limits, used: 0 }
    }

    /// The bytes counted so far.
    pub fn used(&self) -> u64 {
        self.used
    }

    /// Puts the count back to `used` (what [`CallStackMemory::used`] said before a call).
    pub fn restore(&mut self, used: u64) {
        self.used = used;
    }

    /// Counts `bytes` more, or refuses them (counting nothing) when the total would pass the
    /// call-stack limit.
    fn take(&mut self, bytes: u64) -> bool {
        let total = self.used.saturating_add(bytes);
        match self.limits.max_call_stack_memory_bytes {
            Some(max) if total > max => false,
            _ => {
                self.used = total;
                true
            }
        }
    }
}

/// Whether `desired` passes a declared maximum.
fn past(desired: usize, maximum: Option<usize>) -> bool {
    maximum.is_some_and(|max| desired > max)
}

/// `usize` to `u64`, saturating (only matters on hosts wider than 64 bits).
fn wide(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

impl ResourceLimiter for CallStackMemory {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        if past(desired, maximum) {
            return Ok(false);
        }
        if !self.take(wide(desired.saturating_sub(current))) {
            return Ok(false);
        }
        Ok(self
            .limits
            .max_instance_memory_bytes
            .is_none_or(|max| wide(desired) <= max))
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        let slot = self
            .limits
            .max_table_elements
            .and_then(|max| usize::try_from(max).ok());
        let effective = match (maximum, slot) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if past(desired, effective) {
            return Ok(false);
        }
        let elements = wide(desired.saturating_sub(current));
        Ok(self.take(elements.saturating_mul(TABLE_ELEMENT_BYTES)))
    }

    fn instances(&self) -> usize {
        1
    }

    fn tables(&self) -> usize {
        1
    }

    fn memories(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: usize = 1 << 20;

    fn v3() -> CallStackMemory {
        CallStackMemory::new(EngineLimits::V3)
    }

    #[test]
    fn counts_growth_up_to_the_call_stack_limit() {
        let mut m = v3();
        for _ in 0..4 {
            assert!(m.memory_growing(0, 512 * MIB, None).unwrap());
        }
        assert_eq!(m.used(), 2 << 30);
        assert!(!m.memory_growing(0, 65_536, None).unwrap());
        assert!(!m.table_growing(0, 1, None).unwrap());
        assert_eq!(m.used(), 2 << 30);
    }

    #[test]
    fn past_the_instance_limit_counts_then_refuses() {
        let mut m = v3();
        assert!(!m.memory_growing(MIB, 513 * MIB, None).unwrap());
        assert_eq!(m.used() as usize, 512 * MIB);
    }

    #[test]
    fn past_the_declared_maximum_refuses_without_counting() {
        let mut m = v3();
        assert!(!m.memory_growing(0, 2 * MIB, Some(MIB)).unwrap());
        assert!(!m.table_growing(0, 20_001, None).unwrap());
        assert!(!m.table_growing(0, 11, Some(10)).unwrap());
        assert_eq!(m.used(), 0);
        assert!(m.table_growing(5, 20_000, None).unwrap());
        assert_eq!(m.used(), 19_995 * 8);
    }

    #[test]
    fn restore_forgets_a_finished_call() {
        let mut m = v3();
        assert!(m.memory_growing(0, MIB, None).unwrap());
        let saved = m.used();
        assert!(m.memory_growing(MIB, 3 * MIB, None).unwrap());
        m.restore(saved);
        assert_eq!(m.used() as usize, MIB);
    }

    #[test]
    fn without_limits_everything_fits() {
        let mut m = CallStackMemory::new(EngineLimits::NONE);
        assert!(m.memory_growing(0, usize::MAX, None).unwrap());
        assert!(m.table_growing(0, usize::MAX, None).unwrap());
    }
}
