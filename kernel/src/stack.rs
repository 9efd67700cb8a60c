//! The native stack a message runs on.
//!
//! Nested sends recurse natively: each level is a host call out of one wasm invocation into the
//! call manager, which starts the next invocation. Instead of a dedicated thread with a huge
//! stack per message, every level (and the message itself) first makes sure a red zone of
//! stack is left on the current thread; when it is not, the level runs on a fresh stack
//! segment that is freed when it returns. Messages therefore run on the caller's thread,
//! whatever its stack size, and only chains deeper than that stack pay for a segment.
//!
//! Measured (release build, `kernel/tests/vm/recursion.rs`): one level of self-send costs about
//! 10.5 KiB of native stack, so the 1024-level chain needs about 11 MiB. The red zone covers
//! the most any single level uses between two checks (a level's syscalls, decoding and module
//! preparation included) with a wide margin, also for unoptimised builds.

/// Stack that must be left before a level starts; below it, the level gets a new segment.
pub const STACK_RED_ZONE: usize = 1 << 20;

/// The size of each new stack segment (virtual memory; pages are touched only when used).
pub const STACK_SEGMENT: usize = 32 << 20;

/// Runs `f` with at least [`STACK_RED_ZONE`] of native stack available, on a new segment of
/// [`STACK_SEGMENT`] bytes when the current stack has less left. Panics propagate unchanged.
pub(crate) fn with_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, f)
}
