//! Gas prices for wasm execution: the rule trait the instrumentation applies and the
//! network's price tables.

use core::num::{NonZeroU32, NonZeroU64};
use wasmparser::Operator;

/// How `memory.grow` is charged on top of its instruction cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemoryGrowCost {
    /// No extra charge.
    Free,
    /// This many gas units (milligas) per requested page.
    Linear(NonZeroU64),
}

/// Prices the instrumentation charges, in the unit of the gas global (milligas on Filecoin).
pub trait GasRules {
    /// The cost of one instruction, or `None` if the instruction is not allowed (the module is
    /// then rejected).
    fn instruction_cost(&self, op: &Operator<'_>) -> Option<u64>;
    /// The per-page charge of `memory.grow` (the 0.2.0 instrumentation, [`Instrumenter::V0_2`],
    /// only; ignored by [`Instrumenter::V0_4`]).
    ///
    /// [`Instrumenter::V0_2`]: crate::Instrumenter::V0_2
    /// [`Instrumenter::V0_4`]: crate::Instrumenter::V0_4
    fn memory_grow_cost(&self) -> MemoryGrowCost;

    /// The per-unit charge of a linearly priced instruction, on top of its
    /// [`instruction_cost`](GasRules::instruction_cost) (the 0.4.0 instrumentation,
    /// [`Instrumenter::V0_4`], only; ignored by [`Instrumenter::V0_2`]). The unit is the
    /// instruction's last operand: bytes for `memory.copy`/`memory.fill`/`memory.init`, pages
    /// for `memory.grow`, elements for `table.copy`/`table.init`/`table.fill`/`table.grow`;
    /// only those eight instructions may be priced linearly (the module is rejected
    /// otherwise), and the per-unit cost must be below 2^31. `None` (the default): a fixed
    /// price only.
    ///
    /// [`Instrumenter::V0_2`]: crate::Instrumenter::V0_2
    /// [`Instrumenter::V0_4`]: crate::Instrumenter::V0_4
    fn linear_cost(&self, op: &Operator<'_>) -> Option<NonZeroU32> {
        let _ = op;
        None
    }
}

/// Per-unit prices of the bulk instructions, in milligas (FIP-0057, nv18 Hygge). Each is
/// charged on top of the instruction's fixed cost, per unit of its last operand (zero-extended
/// from i32), statically when that operand is the `i32.const` right before the instruction,
/// otherwise at run time just before it (and so even if the instruction then traps or
/// `memory.grow` fails).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LinearPrices {
    /// Per byte of `memory.copy` and `memory.init`.
    pub memory_copy_per_byte_milligas: u32,
    /// Per byte of `memory.fill`.
    pub memory_fill_per_byte_milligas: u32,
    /// Per page requested by `memory.grow`.
    pub memory_grow_per_page_milligas: u32,
    /// Per element of `table.copy` and `table.init`.
    pub table_copy_per_element_milligas: u32,
    /// Per element of `table.fill` and `table.grow`.
    pub table_fill_per_element_milligas: u32,
}

impl LinearPrices {
    /// The per-unit price of `op`, if it is one of the linearly priced instructions.
    pub fn per_unit(&self, op: &Operator<'_>) -> Option<NonZeroU32> {
        let price = match op {
            Operator::MemoryCopy { .. } | Operator::MemoryInit { .. } => {
                self.memory_copy_per_byte_milligas
            }
            Operator::MemoryFill { .. } => self.memory_fill_per_byte_milligas,
            Operator::MemoryGrow { .. } => self.memory_grow_per_page_milligas,
            Operator::TableCopy { .. } | Operator::TableInit { .. } => {
                self.table_copy_per_element_milligas
            }
            Operator::TableFill { .. } | Operator::TableGrow { .. } => {
                self.table_fill_per_element_milligas
            }
            _ => return None,
        };
        NonZeroU32::new(price)
    }
}

/// The Filecoin wasm price table (`WasmGasPrices` in the reference).
///
/// A zero instruction cost makes every instruction free (nv15). Otherwise (nv16 Skyr onward)
/// the instructions FIP-0032 prices at zero (`nop`, `drop`, `block`, `loop`, `unreachable`,
/// `return`, `else`, `end`) are free and every other instruction costs the same amount (nv18
/// Hygge's table names separate prices for jumps, calls, math, memory access and fills, but
/// they all come to 4 gas). From nv18 the bulk instructions also cost per unit
/// ([`LinearPrices`]), and `ref.null`, `ref.is_null` and `ref.func` are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WasmPrices {
    /// Milligas charged per priced instruction.
    pub exec_instruction_cost_milligas: u64,
    /// The per-unit prices of the bulk instructions (`None` before nv18: fixed prices only).
    pub linear: Option<LinearPrices>,
}

impl WasmPrices {
    /// nv15 (OhSnap) and earlier: wasm execution is free.
    pub const NV15: WasmPrices = WasmPrices {
        exec_instruction_cost_milligas: 0,
        linear: None,
    };
    /// nv16 (Skyr) and nv17 (Shark): 4 gas per priced instruction.
    pub const SKYR: WasmPrices = WasmPrices {
        exec_instruction_cost_milligas: 4_000,
        linear: None,
    };
    /// nv18 (Hygge) to nv20, FIP-0057: 4 gas per priced instruction; 0.4 gas per byte copied
    /// or filled, 0.4 gas per byte of grown memory (26214.4 gas per 64 KiB page) and 3.2 gas
    /// per table element (0.4 gas per byte of an 8-byte element).
    pub const HYGGE: WasmPrices = WasmPrices {
        exec_instruction_cost_milligas: 4_000,
        linear: Some(LinearPrices {
            memory_copy_per_byte_milligas: 400,
            memory_fill_per_byte_milligas: 400,
            memory_grow_per_page_milligas: 400 * 65_536,
            table_copy_per_element_milligas: 400 * 8,
            table_fill_per_element_milligas: 400 * 8,
        }),
    };
}

impl GasRules for WasmPrices {
    fn instruction_cost(&self, op: &Operator<'_>) -> Option<u64> {
        // Refused by the nv18 table; never valid under the earlier feature set.
        if matches!(
            op,
            Operator::RefNull { .. } | Operator::RefIsNull | Operator::RefFunc { .. }
        ) {
            return None;
        }
        if self.exec_instruction_cost_milligas == 0 {
            return Some(0);
        }
        let free = matches!(
            op,
            Operator::Nop
                | Operator::Drop
                | Operator::Block { .. }
                | Operator::Loop { .. }
                | Operator::Unreachable
                | Operator::Return
                | Operator::Else
                | Operator::End
        );
        Some(if free {
            0
        } else {
            self.exec_instruction_cost_milligas
        })
    }

    fn memory_grow_cost(&self) -> MemoryGrowCost {
        MemoryGrowCost::Free
    }

    fn linear_cost(&self, op: &Operator<'_>) -> Option<NonZeroU32> {
        self.linear.and_then(|l| l.per_unit(op))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skyr_prices_fip32_free_set_at_zero() {
        let p = WasmPrices::SKYR;
        assert_eq!(p.instruction_cost(&Operator::Nop), Some(0));
        assert_eq!(p.instruction_cost(&Operator::End), Some(0));
        assert_eq!(p.instruction_cost(&Operator::I32Add), Some(4000));
        assert_eq!(
            p.instruction_cost(&Operator::Call { function_index: 3 }),
            Some(4000)
        );
        assert_eq!(
            WasmPrices::NV15.instruction_cost(&Operator::I32Add),
            Some(0)
        );
        assert_eq!(p.memory_grow_cost(), MemoryGrowCost::Free);
        assert_eq!(p.linear_cost(&Operator::MemoryFill { mem: 0 }), None);
    }

    #[test]
    fn hygge_prices() {
        let p = WasmPrices::HYGGE;
        assert_eq!(p.instruction_cost(&Operator::Drop), Some(0));
        assert_eq!(p.instruction_cost(&Operator::I32Extend8S), Some(4000));
        assert_eq!(
            p.instruction_cost(&Operator::MemoryFill { mem: 0 }),
            Some(4000)
        );
        assert_eq!(p.instruction_cost(&Operator::RefIsNull), None);
        let per = |op| p.linear_cost(&op).map(NonZeroU32::get);
        assert_eq!(
            per(Operator::MemoryCopy {
                dst_mem: 0,
                src_mem: 0
            }),
            Some(400)
        );
        assert_eq!(per(Operator::MemoryGrow { mem: 0 }), Some(26_214_400));
        assert_eq!(per(Operator::TableGrow { table: 0 }), Some(3200));
        assert_eq!(per(Operator::I32Add), None);
    }
}
