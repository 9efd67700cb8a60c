//! Lowering of the sign-extension operators (a post-MVP proposal) into MVP shift pairs.
//!
//! `iN.extendM_s` keeps the low M bits of its operand and sign-extends them; shifting left by N-M and then
//! arithmetically right by N-M computes exactly the same value. At network version 15 instructions cost no
//! gas, so the rewrite changes nothing observable.

use wasm_encoder::Instruction;
use wasmparser::Operator;

/// If `operator` is a sign-extension operator, the four MVP instructions that compute the same value.
pub fn lower(operator: &Operator<'_>) -> Option<[Instruction<'static>; 4]> {
    let (wide, shift) = match operator {
        Operator::I32Extend8S => (false, 24),
        Operator::I32Extend16S => (false, 16),
        Operator::I64Extend8S => (true, 56),
        Operator::I64Extend16S => (true, 48),
        Operator::I64Extend32S => (true, 32),
        _ => return None,
    };
    Some(if wide {
        [
            Instruction::I64Const(shift),
            Instruction::I64Shl,
            Instruction::I64Const(shift),
            Instruction::I64ShrS,
        ]
    } else {
        let shift = shift as i32;
        [
            Instruction::I32Const(shift),
            Instruction::I32Shl,
            Instruction::I32Const(shift),
            Instruction::I32ShrS,
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sign_extension_operators_are_lowered() {
        assert!(lower(&Operator::I32Extend8S).is_some());
        assert!(lower(&Operator::I64Extend32S).is_some());
        assert!(lower(&Operator::I64ExtendI32S).is_none());
        assert!(lower(&Operator::I32WrapI64).is_none());
    }

    #[test]
    fn shift_amounts_match_the_width() {
        let Some(
            [Instruction::I32Const(24), Instruction::I32Shl, Instruction::I32Const(24), Instruction::I32ShrS],
        ) = lower(&Operator::I32Extend8S)
        else {
            panic!("unexpected lowering of i32.extend8_s");
        };
        let Some(
            [Instruction::I64Const(32), Instruction::I64Shl, Instruction::I64Const(32), Instruction::I64ShrS],
        ) = lower(&Operator::I64Extend32S)
        else {
            panic!("unexpected lowering of i64.extend32_s");
        };
    }
}
