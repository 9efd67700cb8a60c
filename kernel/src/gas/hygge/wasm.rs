//! The wasm execution prices of Hygge: what the instrumentation charges per instruction and
//! per unit of the bulk memory and table instructions.

use super::{count_u64, Gas, TABLE_ELEMENT_SIZE, WASM_PAGE_SIZE};

/// How an instrumented instruction is priced, in milligas (the unit of the
/// wasm gas global).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LinearPrice {
    /// Charged once per execution of the instruction.
    pub base: u64,
    /// Charged per unit the instruction works on (byte, page or table
    /// element); zero makes the instruction fixed-price.
    pub per_unit: u64,
}

/// A non-negative [`Gas`] as milligas for the instrumentation.
fn milligas(gas: Gas) -> u64 {
    u64::try_from(gas.as_milligas()).unwrap_or(0)
}

/// The wasm execution prices of Hygge (the reference's `WasmGasPrices`).
///
/// Every priced instruction costs 4 gas; the instructions FIP-0032 makes free
/// (`nop`, `block`, `loop`, `unreachable`, `return`, `else`, `end`, `drop`)
/// cost nothing; the bulk memory and table instructions cost 4 gas plus a
/// per-unit price (see the `LinearPrice` methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HyggeWasmPrices {
    /// Most instructions (constants, locals, globals, select, conversions,
    /// sizes, `data.drop`, `elem.drop`, loads and stores before their extra
    /// parts).
    pub instruction_default: Gas,
    /// Integer and float arithmetic, comparisons, bit operations, sign
    /// extension and truncation.
    pub math_default: Gas,
    /// `br` and `call`.
    pub jump_unconditional: Gas,
    /// `br_if` and `if`.
    pub jump_conditional: Gas,
    /// `br_table` and `call_indirect`.
    pub jump_indirect: Gas,
    /// Added to `call` and `call_indirect`.
    pub call: Gas,
    /// Added to stores and to the fill-like bulk instructions.
    pub memory_fill_base_cost: Gas,
    /// Added to loads, `br_table`, `call_indirect` and the copy-like bulk
    /// instructions.
    pub memory_access_cost: Gas,
    /// Per byte copied (`memory.copy`, `memory.init`; tables per 8 bytes).
    pub memory_copy_per_byte_cost: Gas,
    /// Per byte filled (`memory.fill`, `memory.grow`, initial memory; tables
    /// per 8 bytes).
    pub memory_fill_per_byte_cost: Gas,
}

impl HyggeWasmPrices {
    /// The milligas price of a fixed-price instruction; `free` marks the
    /// FIP-0032 free set. (At Hygge every priced category costs the same
    /// 4 gas, so one number serves all of them.)
    pub fn instruction_milligas(&self, free: bool) -> u64 {
        if free {
            0
        } else {
            milligas(self.instruction_default)
        }
    }

    fn linear(base: Gas, per_byte: Gas, unit_bytes: u64) -> LinearPrice {
        LinearPrice {
            base: milligas(base),
            per_unit: milligas(per_byte * count_u64(unit_bytes)),
        }
    }

    /// `memory.copy` and `memory.init`: per byte.
    pub fn memory_copy(&self) -> LinearPrice {
        Self::linear(
            self.instruction_default + self.memory_access_cost,
            self.memory_copy_per_byte_cost,
            1,
        )
    }

    /// `memory.fill`: per byte.
    pub fn memory_fill(&self) -> LinearPrice {
        Self::linear(
            self.instruction_default + self.memory_fill_base_cost,
            self.memory_fill_per_byte_cost,
            1,
        )
    }

    /// `memory.grow`: per requested page (charged even if the grow fails).
    pub fn memory_grow(&self) -> LinearPrice {
        Self::linear(
            self.instruction_default + self.memory_fill_base_cost,
            self.memory_fill_per_byte_cost,
            WASM_PAGE_SIZE,
        )
    }

    /// `table.copy` and `table.init`: per element.
    pub fn table_copy(&self) -> LinearPrice {
        Self::linear(
            self.instruction_default + self.memory_access_cost,
            self.memory_copy_per_byte_cost,
            TABLE_ELEMENT_SIZE,
        )
    }

    /// `table.fill` and `table.grow`: per element.
    pub fn table_fill(&self) -> LinearPrice {
        Self::linear(
            self.instruction_default + self.memory_fill_base_cost,
            self.memory_fill_per_byte_cost,
            TABLE_ELEMENT_SIZE,
        )
    }
}
