//! Per-function stack cost, computed exactly as the reference's stack limiter
//! (fvm-wasm-instrument 0.2.0 and 0.4.0, which agree here) computes it, including its quirks:
//!
//! - the height starts at an activation-frame cost of 2 and the maximum is sampled *before*
//!   each instruction, and only while the innermost frame is reachable;
//! - `else` leaves the height and the reachability of the frame as the `then` arm left them;
//! - popping at a frame's start height is a no-op in unreachable code and an error otherwise,
//!   while pops that start above the frame's start height are not bounded by it;
//! - the phantom `unreachable` the 0.2.0 parser sees after `memory.copy`/`table.copy` counts.
//!
//! The frame cost adds the declared locals (0.2.0) or the number of local declaration groups
//! (0.4.0) to this height (see `instrument`).

use super::ops::{Instr, Kind};
use super::InstrumentError;

const ACTIVATION_FRAME_COST: u32 = 2;

/// (params, results) of functions and types, for calls.
pub(crate) struct Arities<'a> {
    /// Type index of every function (imports first).
    pub(crate) func_types: &'a [u32],
    /// (params, results) of every type.
    pub(crate) types: &'a [(u32, u32)],
}

impl Arities<'_> {
    fn of_type(&self, type_index: u32) -> Result<(u32, u32), InstrumentError> {
        self.types
            .get(type_index as usize)
            .copied()
            .ok_or(InstrumentError::Malformed("type index out of range"))
    }

    pub(crate) fn of_func(&self, func_index: u32) -> Result<(u32, u32), InstrumentError> {
        let ty = self
            .func_types
            .get(func_index as usize)
            .ok_or(InstrumentError::Malformed("function index out of range"))?;
        self.of_type(*ty)
    }
}

struct Frame {
    unreachable: bool,
    end_arity: u32,
    branch_arity: u32,
    start_height: u32,
}

struct Stack {
    height: u32,
    frames: Vec<Frame>,
}

fn err(msg: &'static str) -> InstrumentError {
    InstrumentError::StackAnalysis(msg)
}

impl Stack {
    fn frame(&self, depth: u32) -> Result<&Frame, InstrumentError> {
        let top = self
            .frames
            .len()
            .checked_sub(1)
            .ok_or(err("no open frame"))?;
        let idx = top
            .checked_sub(depth as usize)
            .ok_or(err("branch depth out of range"))?;
        self.frames.get(idx).ok_or(err("branch depth out of range"))
    }

    fn top_mut(&mut self) -> Result<&mut Frame, InstrumentError> {
        self.frames.last_mut().ok_or(err("no open frame"))
    }

    fn push(&mut self, n: u32) -> Result<(), InstrumentError> {
        self.height = self
            .height
            .checked_add(n)
            .ok_or(err("stack height overflow"))?;
        Ok(())
    }

    fn pop(&mut self, n: u32) -> Result<(), InstrumentError> {
        if n == 0 {
            return Ok(());
        }
        let top = self.frame(0)?;
        if self.height == top.start_height {
            return if top.unreachable {
                Ok(())
            } else {
                Err(err("popping more values than were pushed"))
            };
        }
        self.height = self
            .height
            .checked_sub(n)
            .ok_or(err("stack height underflow"))?;
        Ok(())
    }

    fn mark_unreachable(&mut self) -> Result<(), InstrumentError> {
        self.top_mut()?.unreachable = true;
        Ok(())
    }
}

/// The maximum operand-stack height of one function body (excluding its locals).
pub(crate) fn max_height(
    body: &[Instr],
    results: u32,
    arities: &Arities<'_>,
) -> Result<u32, InstrumentError> {
    let mut stack = Stack {
        height: ACTIVATION_FRAME_COST,
        frames: vec![Frame {
            unreachable: false,
            end_arity: results,
            branch_arity: results,
            start_height: 0,
        }],
    };
    let mut max = 0u32;
    for instr in body {
        if stack.height > max && !stack.frame(0)?.unreachable {
            max = stack.height;
        }
        match &instr.kind {
            Kind::Block { results } | Kind::Loop { results } | Kind::If { results } => {
                let branch_arity = if matches!(instr.kind, Kind::Loop { .. }) {
                    0
                } else {
                    *results
                };
                if matches!(instr.kind, Kind::If { .. }) {
                    stack.pop(1)?;
                }
                let start_height = stack.height;
                stack.frames.push(Frame {
                    unreachable: false,
                    end_arity: *results,
                    branch_arity,
                    start_height,
                });
            }
            Kind::Else => {}
            Kind::End => {
                let frame = stack.frames.pop().ok_or(err("unbalanced end"))?;
                stack.height = frame.start_height;
                stack.push(frame.end_arity)?;
            }
            Kind::Unreachable => stack.mark_unreachable()?,
            Kind::Br(depth) => {
                let arity = stack.frame(*depth)?.branch_arity;
                stack.pop(arity)?;
                stack.mark_unreachable()?;
            }
            Kind::BrIf(depth) => {
                let arity = stack.frame(*depth)?.branch_arity;
                stack.pop(arity)?;
                stack.pop(1)?;
                stack.push(arity)?;
            }
            Kind::BrTable { default, targets } => {
                let arity = stack.frame(*default)?.branch_arity;
                for t in targets.iter() {
                    if stack.frame(*t)?.branch_arity != arity {
                        return Err(err("br_table targets of different arity"));
                    }
                }
                stack.pop(arity)?;
                stack.mark_unreachable()?;
            }
            Kind::Return => {
                stack.pop(results)?;
                stack.mark_unreachable()?;
            }
            Kind::Call(f) => {
                let (params, res) = arities.of_func(*f)?;
                stack.pop(params)?;
                stack.push(res)?;
            }
            Kind::CallIndirect { type_index } => {
                let (params, res) = arities.of_type(*type_index)?;
                stack.pop(1)?;
                stack.pop(params)?;
                stack.push(res)?;
            }
            Kind::Select => {
                stack.pop(2)?;
                stack.pop(1)?;
                stack.push(1)?;
            }
            Kind::MemoryGrow => {
                stack.pop(1)?;
                stack.push(1)?;
            }
            Kind::I32Const(_) => stack.push(1)?,
            Kind::Simple { pop, push } => {
                stack.pop(*pop)?;
                stack.push(*push)?;
            }
        }
    }
    Ok(max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::ops::Source;

    fn body(kinds: Vec<Kind>) -> Vec<Instr> {
        kinds
            .into_iter()
            .map(|kind| Instr {
                kind,
                cost: 0,
                per_unit: None,
                source: Source::Phantom,
            })
            .collect()
    }

    const NO_ARITIES: Arities<'static> = Arities {
        func_types: &[],
        types: &[],
    };

    #[test]
    fn counts_pushes_plus_the_activation_frame() {
        let push = || Kind::Simple { pop: 0, push: 1 };
        let pop = || Kind::Simple { pop: 1, push: 0 };
        let b = body(vec![push(), push(), push(), pop(), pop(), pop(), Kind::End]);
        assert_eq!(max_height(&b, 0, &NO_ARITIES), Ok(5));
    }

    #[test]
    fn unreachable_code_is_not_counted() {
        let b = body(vec![
            Kind::Unreachable,
            Kind::Simple { pop: 0, push: 1 },
            Kind::Simple { pop: 0, push: 1 },
            Kind::End,
        ]);
        assert_eq!(max_height(&b, 1, &NO_ARITIES), Ok(2));
    }

    #[test]
    fn else_keeps_the_then_arm_height() {
        let push = || Kind::Simple { pop: 0, push: 1 };
        let b = body(vec![
            push(),
            Kind::If { results: 1 },
            push(),
            Kind::Else,
            push(),
            Kind::End,
            Kind::End,
        ]);
        // Sampled before `end` of the if: 2 (frame) + 1 (then value) + 1 (else value).
        assert_eq!(max_height(&b, 1, &NO_ARITIES), Ok(4));
    }

    #[test]
    fn popping_below_the_frame_in_reachable_code_fails() {
        let b = body(vec![
            Kind::Block { results: 0 },
            Kind::Simple { pop: 1, push: 0 },
            Kind::End,
            Kind::End,
        ]);
        assert!(max_height(&b, 0, &NO_ARITIES).is_err());
    }
}
