//! Splitting a function body into metered blocks, with the same rules as the reference's gas
//! metering (fvm-wasm-instrument 0.2.0 and 0.4.0).
//!
//! A metered block is a run of instructions that is charged as one sum at its first
//! instruction. Blocks end at branches, `if`/`else`/`loop` boundaries and at the `end` of a
//! control block that may be branched out of; a `block` continues its parent's metered block.
//! Calls do not split blocks. `end` and `else` are never charged.
//!
//! 0.4.0 differs in two ways:
//! - a `br_table`'s default label does not count as a branch target when deciding whether
//!   the `end` of an enclosing block splits (the reference builds the target list from an
//!   empty vector chained with the non-default labels; this is consensus behaviour);
//! - linearly priced instructions (bulk memory and table operations, `memory.grow`) cost
//!   `base + k * per_unit` in their block when the instruction right before them is
//!   `i32.const k` (a negative `k` rejects the module), and otherwise `base` in the block
//!   plus a run-time charge of `count * per_unit` just before the instruction.

use core::num::NonZeroU32;

use super::ops::{Instr, Kind};
use super::{InstrumentError, Instrumenter};

/// A charge to insert before the instruction at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Charge {
    pub(crate) start: usize,
    pub(crate) cost: u64,
    /// Whether the charge is followed by the out-of-gas check (see [`mark_checks`]); every
    /// charge subtracts.
    pub(crate) check: bool,
}

/// A run-time charge of `count * per_unit` (the count being the i32 on top of the stack),
/// inserted before the instruction at `at` (after a block charge at the same position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dynamic {
    pub(crate) at: usize,
    pub(crate) per_unit: NonZeroU32,
}

/// The charges of one function body.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Charges {
    /// Block charges, sorted by position.
    pub(crate) blocks: Vec<Charge>,
    /// Run-time charges of linearly priced instructions, sorted by position.
    pub(crate) dynamic: Vec<Dynamic>,
}

struct Control {
    /// The outermost control-stack index a forward branch from inside this block targets.
    lowest_forward_target: usize,
    active: Charge,
    is_loop: bool,
    /// Where the control block's body starts.
    body_start: usize,
}

#[derive(Default)]
struct Counter {
    stack: Vec<Control>,
    done: Vec<Charge>,
    /// The body of every loop: first and last instruction position.
    loops: Vec<(usize, usize)>,
}

fn err() -> InstrumentError {
    InstrumentError::Metering
}

impl Counter {
    fn open(&mut self, start: usize, is_loop: bool) {
        let index = self.stack.len();
        self.stack.push(Control {
            lowest_forward_target: index,
            active: Charge {
                start,
                cost: 0,
                check: false,
            },
            is_loop,
            body_start: start,
        });
    }

    fn top(&mut self) -> Result<&mut Control, InstrumentError> {
        self.stack.last_mut().ok_or_else(err)
    }

    fn add(&mut self, cost: u64) -> Result<(), InstrumentError> {
        let active = &mut self.top()?.active;
        active.cost = active.cost.checked_add(cost).ok_or_else(err)?;
        Ok(())
    }

    /// Ends the active metered block of the innermost control block; the next one starts
    /// after `cursor`. A block starting where its parent's active block starts is folded
    /// into the parent's.
    fn close_metered(&mut self, cursor: usize) -> Result<(), InstrumentError> {
        let next = Charge {
            start: cursor + 1,
            cost: 0,
            check: false,
        };
        let closing = core::mem::replace(&mut self.top()?.active, next);
        let depth = self.stack.len();
        if depth >= 2 {
            if let Some(parent) = self.stack.get_mut(depth - 2) {
                if parent.active.start == closing.start {
                    parent.active.cost = parent.active.cost.wrapping_add(closing.cost);
                    return Ok(());
                }
            }
        }
        if closing.cost > 0 {
            self.done.push(closing);
        }
        Ok(())
    }

    fn close_control(&mut self, cursor: usize) -> Result<(), InstrumentError> {
        self.close_metered(cursor)?;
        let closing = self.stack.pop().ok_or_else(err)?;
        if closing.is_loop {
            self.loops.push((closing.body_start, cursor));
        }
        let closing_index = self.stack.len();
        let Some(parent) = self.stack.last_mut() else {
            return Ok(());
        };
        parent.lowest_forward_target = parent
            .lowest_forward_target
            .min(closing.lowest_forward_target);
        if closing.lowest_forward_target < closing_index {
            self.close_metered(cursor)?;
        }
        Ok(())
    }

    fn branch(&mut self, cursor: usize, targets: &[usize]) -> Result<(), InstrumentError> {
        self.close_metered(cursor)?;
        for &target in targets {
            if self.stack.get(target).ok_or_else(err)?.is_loop {
                continue;
            }
            let top = self.top()?;
            top.lowest_forward_target = top.lowest_forward_target.min(target);
        }
        Ok(())
    }

    fn target(&self, depth: u32) -> Result<usize, InstrumentError> {
        let active = self.stack.len().checked_sub(1).ok_or_else(err)?;
        active.checked_sub(depth as usize).ok_or_else(err)
    }
}

/// The charges of one function body as `instrumenter` computes them. Fails, as the reference
/// does, when two charges would land on the same instruction or one lies past the body.
///
/// `start` says the body is the module's start function (or the thunk calling it): all its
/// charges check (see [`mark_checks`]).
pub(crate) fn charges(
    body: &[Instr],
    instrumenter: Instrumenter,
    start: bool,
) -> Result<Charges, InstrumentError> {
    let v4 = instrumenter == Instrumenter::V0_4;
    let mut c = Counter::default();
    let mut dynamic = Vec::new();
    let mut last_const: Option<i32> = None;
    c.open(0, false);
    for (cursor, instr) in body.iter().enumerate() {
        let cost = match instr.per_unit.filter(|_| v4) {
            None => instr.cost,
            Some(per_unit) => match last_const {
                Some(k) => {
                    let k = u64::try_from(k).map_err(|_| {
                        InstrumentError::Unsupported(
                            "linearly priced instruction with a negative constant count",
                        )
                    })?;
                    instr.cost.wrapping_add(k * u64::from(per_unit.get()))
                }
                None => {
                    dynamic.push(Dynamic {
                        at: cursor,
                        per_unit,
                    });
                    instr.cost
                }
            },
        };
        last_const = match instr.kind {
            Kind::I32Const(k) => Some(k),
            _ => None,
        };
        match &instr.kind {
            Kind::Block { .. } => {
                c.add(cost)?;
                let start = c.top()?.active.start;
                c.open(start, false);
            }
            Kind::If { .. } => {
                c.add(cost)?;
                c.open(cursor + 1, false);
            }
            Kind::Loop { .. } => {
                c.add(cost)?;
                c.open(cursor + 1, true);
            }
            Kind::End => c.close_control(cursor)?,
            Kind::Else => c.close_metered(cursor)?,
            Kind::Br(depth) | Kind::BrIf(depth) => {
                c.add(cost)?;
                let target = c.target(*depth)?;
                c.branch(cursor, &[target])?;
            }
            Kind::BrTable { default, targets } => {
                c.add(cost)?;
                let mut all = Vec::with_capacity(targets.len() + 1);
                if !v4 {
                    all.push(c.target(*default)?);
                }
                for t in targets.iter() {
                    all.push(c.target(*t)?);
                }
                c.branch(cursor, &all)?;
            }
            Kind::Return => {
                c.add(cost)?;
                c.branch(cursor, &[0])?;
            }
            _ => c.add(cost)?,
        }
    }
    let mut done = c.done;
    done.sort_by_key(|charge| charge.start);
    let positions_ok = done.windows(2).all(|w| w[0].start != w[1].start)
        && done.last().is_none_or(|last| last.start < body.len());
    if !positions_ok {
        return Err(err());
    }
    mark_checks(&mut done, &c.loops, start);
    Ok(Charges {
        blocks: done,
        dynamic,
    })
}

/// Decides which block charges check for a negative gas global; the others only subtract.
///
/// The reference checks after every charge, so a call stops at the first metered block that
/// takes the gas below zero. Checking less often changes nothing the FVM can observe, because
/// every subtraction still happens exactly as in the reference, and the kernel reads the gas
/// global at every point where the wasm code can affect anything outside its own instance:
/// - every syscall first charges the gas used so far, so a negative global fails it with
///   out of gas before it does anything;
/// - when the call ends, by returning or by any trap, the kernel charges the gas used, and a
///   negative global makes the call fail with out of gas whatever else happened;
/// - a failed call's instance (memory, globals, tables) is dropped, and the memory it grew
///   is released when the call returns.
///
/// So once the gas is negative, the code the reference would not have run can only change
/// things that are thrown away, and every call ends with out of gas and all its gas used, as
/// in the reference. The checks that remain bound how long such code runs: every loop checks
/// on each iteration (the charge at the start of its body, or, if that block is free, every
/// charge inside the loop); recursion is bounded by the stack limiter (and wasmi's call
/// depth). Run-time charges of bulk instructions always check (emitted elsewhere), so no
/// unpaid bulk copy or growth runs. The start function (run during instantiation, with the
/// global at zero and no syscall able to read it) checks every charge, so it stops exactly
/// where the reference stops it.
fn mark_checks(charges: &mut [Charge], loops: &[(usize, usize)], start: bool) {
    if start {
        charges.iter_mut().for_each(|c| c.check = true);
        return;
    }
    for &(body_start, body_end) in loops {
        let header_charged = charges.binary_search_by_key(&body_start, |c| c.start).ok();
        match header_charged {
            Some(i) => {
                if let Some(charge) = charges.get_mut(i) {
                    charge.check = true;
                }
            }
            None => charges
                .iter_mut()
                .filter(|c| (body_start..=body_end).contains(&c.start))
                .for_each(|c| c.check = true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::ops::Source;

    fn instr(kind: Kind, cost: u64) -> Instr {
        Instr {
            kind,
            cost,
            per_unit: None,
            source: Source::Phantom,
        }
    }

    fn blocks(body: &[Instr]) -> Result<Vec<Charge>, InstrumentError> {
        charges(body, Instrumenter::V0_2, false).map(|c| c.blocks)
    }

    fn simple() -> Kind {
        Kind::Simple { pop: 0, push: 0 }
    }

    fn charge(start: usize, cost: u64, check: bool) -> Charge {
        Charge { start, cost, check }
    }

    #[test]
    fn checks_once_per_loop_iteration_and_everywhere_in_the_start_function() {
        // Only a loop body's first charge checks.
        let body = [
            instr(simple(), 1),
            instr(Kind::If { results: 0 }, 1),
            instr(simple(), 1),
            instr(Kind::End, 0),
            instr(Kind::Loop { results: 0 }, 0),
            instr(simple(), 1),
            instr(Kind::BrIf(0), 1),
            instr(simple(), 1),
            instr(Kind::End, 0),
            instr(Kind::End, 0),
        ];
        let expected = vec![
            charge(0, 2, false),
            charge(2, 1, false),
            charge(5, 2, true),
            charge(7, 1, false),
        ];
        assert_eq!(blocks(&body), Ok(expected));
        let start = charges(&body, Instrumenter::V0_2, true).map(|c| c.blocks);
        let all_checked = start.is_ok_and(|b| b.len() == 4 && b.iter().all(|c| c.check));
        assert!(all_checked);
    }

    #[test]
    fn a_loop_whose_body_starts_free_checks_every_charge_inside() {
        let body = [
            instr(simple(), 1),
            instr(Kind::If { results: 0 }, 1),
            instr(simple(), 1),
            instr(Kind::End, 0),
            instr(Kind::Loop { results: 0 }, 0),
            instr(Kind::BrIf(0), 0),
            instr(simple(), 1),
            instr(Kind::End, 0),
            instr(Kind::End, 0),
        ];
        let expected = vec![charge(0, 2, false), charge(2, 1, false), charge(6, 1, true)];
        assert_eq!(blocks(&body), Ok(expected));
    }

    #[test]
    fn straight_line_is_one_block() {
        let body = [instr(simple(), 1), instr(simple(), 2), instr(Kind::End, 5)];
        assert_eq!(blocks(&body), Ok(vec![charge(0, 3, false)]));
    }

    #[test]
    fn loop_body_is_charged_per_iteration() {
        let body = [
            instr(Kind::Loop { results: 0 }, 1),
            instr(simple(), 1),
            instr(Kind::BrIf(0), 1),
            instr(Kind::End, 0),
            instr(Kind::End, 0),
        ];
        let expected = vec![charge(0, 1, false), charge(1, 2, true)];
        assert_eq!(blocks(&body), Ok(expected));
    }

    #[test]
    fn block_continues_the_parent_block_and_calls_do_not_split() {
        let body = [
            instr(Kind::Block { results: 0 }, 1),
            instr(Kind::Call(0), 1),
            instr(simple(), 1),
            instr(Kind::End, 0),
            instr(simple(), 1),
            instr(Kind::End, 0),
        ];
        assert_eq!(blocks(&body), Ok(vec![charge(0, 4, false)]));
    }

    #[test]
    fn branch_out_of_a_block_splits_after_its_end() {
        let body = [
            instr(Kind::Block { results: 0 }, 1),
            instr(Kind::Br(0), 1),
            instr(Kind::End, 0),
            instr(simple(), 1),
            instr(Kind::End, 0),
        ];
        // `br 0` targets the block itself, which does not count as branching out of it.
        assert_eq!(blocks(&body), Ok(vec![charge(0, 3, false)]));
        let body = [
            instr(Kind::Block { results: 0 }, 1),
            instr(Kind::Block { results: 0 }, 1),
            instr(Kind::Br(1), 1),
            instr(Kind::End, 0),
            instr(simple(), 1),
            instr(Kind::End, 0),
            instr(simple(), 1),
            instr(Kind::End, 0),
        ];
        // The code after the inner block (skipped by the branch) is charged on its own; the
        // code after the outer block always runs and stays in the function's first block.
        let expected = vec![charge(0, 4, false), charge(4, 1, false)];
        assert_eq!(blocks(&body), Ok(expected));
    }
}
