//! The fuzz-driven actor: one fixed wasm module per ABI ([`ABI_V1`], [`ABI_V3`]) that runs a byte
//! program given as its message parameters.
//!
//! At `invoke(params)` the actor reads the parameters block into memory at [`PROGRAM`] and runs
//! the program from offset `method - 2` (so a message with method 2 runs it from the start). Each
//! step reads an opcode byte `op`; `op % (imports + 3)` selects:
//!
//! * an import of the ABI, in the order of its syscall name list: its arguments follow, little-endian, two bytes for an `i32` (zero-extended:
//!   mostly pointers and lengths inside the one memory page) and eight for an `i64`; the result
//!   is dropped;
//! * `SEND` (`target, skip, value`): a send of `value` attoFIL to the `target % 8`-th address of
//!   [`TARGETS`] with the parameters block passed on. To itself, the method is 2 plus an offset
//!   strictly past the current step, so nested calls always run a later part of the program and
//!   recursion ends; to anyone else, the method is `skip`. At ABI v3 two more bytes follow,
//!   `gas` and `flags`: the gas limit is `gas << 16` (`0`: no limit, `u64::MAX`) and the flags
//!   are `flags & 1` (read-only); the raw `send::send` import covers the other flag values;
//! * `STORE` (`address: u16, n: u8, bytes`): copies the next `n` program bytes to `address`;
//! * at ABI v3 only, `GROW` (`pages: u16`): `memory.grow` (the ABI v3 module's memory has no
//!   maximum), so nested calls reach nv18's call-stack and per-instance memory limits;
//! * `RETURN` (`block`): returns the block handle `block`.
//!
//! Reading past the program reads memory; a bad pointer is the syscall's error (or a trap).
//!
//! Both modules come from the same generator ([`Abi::wasm`]); an [`Abi`] names its import table
//! and the two differences the interpreter itself sees: the import writing the invocation context
//! (the method number is at offset 32 in both ABIs) and `send::send`'s extra gas limit and flags.

use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, DataSection, EntityType, ExportKind, ExportSection,
    Function, FunctionSection, ImportSection, MemArg, MemArgTarget, MemorySection, MemoryType,
    Module, TypeSection, ValType,
};

use fvmi_types::{ActorID, Address};

/// Where the program is copied to.
pub const PROGRAM: u32 = 0x8000;
/// The longest program run (the rest of the page).
pub const MAX_PROGRAM: u32 = 0x8000;
/// The table of send targets: entry `i` at `TABLE + 16 * i` is `[length, address bytes]`.
const TABLE: u32 = 0x1000;
/// Where `vm::context` writes the invocation context (the method number is at offset 32).
const CONTEXT: u32 = 0x2000;
/// Scratch space for the results of the actor's own bookkeeping calls.
const SCRATCH: u32 = 0x2100;
/// Where sends write their result.
const SEND_RESULT: u32 = 0x3000;

/// The ID of the fuzz actor in the chains of [`crate::chain`].
pub const FUZZ_ACTOR: ActorID = 1000;
/// The send targets: system, init, reward, burnt funds, two accounts, the fuzz actor itself, and
/// an ID no actor has.
pub const TARGETS: [ActorID; 8] = [0, 1, 2, 99, 100, 101, FUZZ_ACTOR, 4242];
/// Index of the fuzz actor in [`TARGETS`].
const SELF_TARGET: usize = 6;

/// An import: `(module, name, parameters)`; every import returns an `i32` error number (a
/// syscall returning a value takes the out-pointer as its first parameter).
pub type Import = (&'static str, &'static str, &'static [ValType]);

/// Every ABI v1 import, in the order of `fvmi_syscalls::SYSCALL_NAMES`.
pub const IMPORTS: [Import; 36] = {
    use ValType::{I32 as P, I64 as L};
    [
        ("vm", "abort", &[P, P, P]),
        ("vm", "context", &[P]),
        ("network", "base_fee", &[P]),
        ("network", "total_fil_circ_supply", &[P]),
        ("ipld", "block_open", &[P, P]),
        ("ipld", "block_create", &[P, L, P, P]),
        ("ipld", "block_read", &[P, P, P, P, P]),
        ("ipld", "block_stat", &[P, P]),
        ("ipld", "block_link", &[P, P, L, P, P, P]),
        ("self", "root", &[P, P, P]),
        ("self", "set_root", &[P]),
        ("self", "current_balance", &[P]),
        ("self", "self_destruct", &[P, P]),
        ("actor", "resolve_address", &[P, P, P]),
        ("actor", "get_actor_code_cid", &[P, L, P, P]),
        ("actor", "new_actor_address", &[P, P, P]),
        ("actor", "create_actor", &[L, P]),
        ("actor", "get_builtin_actor_type", &[P, P]),
        ("actor", "get_code_cid_for_type", &[P, P, P, P]),
        ("crypto", "verify_signature", &[P, P, P, P, P, P, P, P]),
        ("crypto", "recover_secp_public_key", &[P, P, P]),
        ("crypto", "hash", &[P, L, P, P, P, P]),
        ("crypto", "verify_seal", &[P, P, P]),
        ("crypto", "verify_post", &[P, P, P]),
        ("crypto", "compute_unsealed_sector_cid", &[P, L, P, P, P, P]),
        ("crypto", "verify_consensus_fault", &[P, P, P, P, P, P, P]),
        ("crypto", "verify_aggregate_seals", &[P, P, P]),
        ("crypto", "verify_replica_update", &[P, P, P]),
        ("crypto", "batch_verify_seals", &[P, P, P]),
        ("rand", "get_chain_randomness", &[P, L, L, P, P]),
        ("rand", "get_beacon_randomness", &[P, L, L, P, P]),
        ("gas", "charge", &[P, P, L]),
        ("send", "send", &[P, P, P, L, P, L, L]),
        ("debug", "log", &[P, P]),
        ("debug", "enabled", &[P]),
        ("debug", "store_artifact", &[P, P, P, P]),
    ]
};

/// Every ABI v3 import (network version 18 on), in the order of
/// `fvmi_syscalls::SYSCALL_NAMES_V3`.
pub const IMPORTS_V3: [Import; 40] = {
    use ValType::{I32 as P, I64 as L};
    [
        ("vm", "exit", &[P, P, P, P]),
        ("vm", "message_context", &[P]),
        ("network", "total_fil_circ_supply", &[P]),
        ("network", "context", &[P]),
        ("network", "tipset_cid", &[P, L, P, P]),
        ("ipld", "block_open", &[P, P]),
        ("ipld", "block_create", &[P, L, P, P]),
        ("ipld", "block_read", &[P, P, P, P, P]),
        ("ipld", "block_stat", &[P, P]),
        ("ipld", "block_link", &[P, P, L, P, P, P]),
        ("self", "root", &[P, P, P]),
        ("self", "set_root", &[P]),
        ("self", "current_balance", &[P]),
        ("self", "self_destruct", &[P, P]),
        ("actor", "resolve_address", &[P, P, P]),
        ("actor", "lookup_delegated_address", &[P, L, P, P]),
        ("actor", "get_actor_code_cid", &[P, L, P, P]),
        ("actor", "next_actor_address", &[P, P, P]),
        ("actor", "create_actor", &[L, P, P, P]),
        ("actor", "get_builtin_actor_type", &[P, P]),
        ("actor", "get_code_cid_for_type", &[P, P, P, P]),
        ("actor", "balance_of", &[P, L]),
        ("crypto", "verify_signature", &[P, P, P, P, P, P, P, P]),
        ("crypto", "recover_secp_public_key", &[P, P, P]),
        ("crypto", "hash", &[P, L, P, P, P, P]),
        ("crypto", "verify_post", &[P, P, P]),
        ("crypto", "compute_unsealed_sector_cid", &[P, L, P, P, P, P]),
        ("crypto", "verify_consensus_fault", &[P, P, P, P, P, P, P]),
        ("crypto", "verify_aggregate_seals", &[P, P, P]),
        ("crypto", "verify_replica_update", &[P, P, P]),
        ("crypto", "batch_verify_seals", &[P, P, P]),
        ("event", "emit_event", &[P, P]),
        ("rand", "get_chain_randomness", &[P, L, L, P, P]),
        ("rand", "get_beacon_randomness", &[P, L, L, P, P]),
        ("gas", "charge", &[P, P, L]),
        ("gas", "available", &[P]),
        ("send", "send", &[P, P, P, L, P, L, L, L, L]),
        ("debug", "log", &[P, P]),
        ("debug", "enabled", &[P]),
        ("debug", "store_artifact", &[P, P, P, P]),
    ]
};

/// What the generator needs to know about an ABI.
#[derive(Debug, Clone, Copy)]
pub struct Abi {
    /// Every import, in the order of the ABI's syscall name list (opcode `i` calls import `i`).
    pub imports: &'static [Import],
    /// The import writing the invocation context (`vm::context`, `vm::message_context`).
    context: (&'static str, &'static str),
    /// Whether `send::send` takes a gas limit and flags after the value.
    send_limit: bool,
    /// Whether the memory may grow (no maximum) and the `GROW` operation exists.
    grow: bool,
}

/// ABI v1 (network versions 15 to 17): the module of the `syscall_actor` target.
pub const ABI_V1: Abi = Abi {
    imports: &IMPORTS,
    context: ("vm", "context"),
    send_limit: false,
    grow: false,
};

/// ABI v3 (network version 18): the module of the `syscall_actor_v3` target.
pub const ABI_V3: Abi = Abi {
    imports: &IMPORTS_V3,
    context: ("vm", "message_context"),
    send_limit: true,
    grow: true,
};

impl Abi {
    /// The opcode (import index) of `module::name`, if the ABI has it.
    pub fn opcode(&self, module: &str, name: &str) -> Option<u8> {
        self.imports
            .iter()
            .position(|(m, n, _)| *m == module && *n == name)
            .map(|i| i as u8)
    }

    fn import_index(&self, module: &str, name: &str) -> u32 {
        u32::from(self.opcode(module, name).expect("a known import"))
    }

    /// The `SEND` opcode.
    pub fn send_op(&self) -> u8 {
        self.imports.len() as u8
    }

    /// The `STORE` opcode.
    pub fn store_op(&self) -> u8 {
        self.send_op() + 1
    }

    /// The `GROW` opcode, if the ABI's module has it.
    pub fn grow_op(&self) -> Option<u8> {
        self.grow.then(|| self.send_op() + 2)
    }

    /// The `RETURN` opcode.
    pub fn return_op(&self) -> u8 {
        self.send_op() + 2 + u8::from(self.grow)
    }

    /// The number of operations (opcode bytes are taken modulo this).
    pub fn op_count(&self) -> u8 {
        self.return_op() + 1
    }

    /// How many program bytes follow the `SEND` opcode.
    pub fn send_arguments(&self) -> i32 {
        if self.send_limit {
            5
        } else {
            3
        }
    }
}

fn mem(offset: u64, align: u32) -> MemArg {
    MemArg {
        offset,
        align,
        target: MemArgTarget::Memory(0),
        ordering: None,
    }
}

/// Opcode numbers of the three non-import operations at ABI v1 ([`Abi::send_op`] and the
/// next two in general).
pub mod op {
    use super::IMPORTS;
    /// Sends to one of the targets.
    pub const SEND: u8 = IMPORTS.len() as u8;
    /// Copies program bytes to memory.
    pub const STORE: u8 = SEND + 1;
    /// Returns a block handle.
    pub const RETURN: u8 = SEND + 2;
    /// The number of operations.
    pub const COUNT: u8 = SEND + 3;
}

/// The ABI v1 actor's wasm module ([`ABI_V1`]).
pub fn wasm() -> Vec<u8> {
    ABI_V1.wasm()
}

impl Abi {
    /// The actor's wasm module for this ABI.
    pub fn wasm(&self) -> Vec<u8> {
        module(self)
    }
}

fn module(abi: &Abi) -> Vec<u8> {
    let mut types = TypeSection::new();
    let mut imports = ImportSection::new();
    for (i, (module, name, params)) in abi.imports.iter().enumerate() {
        types.ty().function(params.iter().copied(), [ValType::I32]);
        imports.import(module, name, EntityType::Function(i as u32));
    }
    let invoke_type = abi.imports.len() as u32;
    types.ty().function([ValType::I32], [ValType::I32]);
    let invoke_index = abi.imports.len() as u32;

    let mut functions = FunctionSection::new();
    functions.function(invoke_type);
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: (!abi.grow).then_some(1),
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut exports = ExportSection::new();
    exports.export("invoke", ExportKind::Func, invoke_index);
    exports.export("memory", ExportKind::Memory, 0);

    let mut data = DataSection::new();
    for (i, id) in TARGETS.iter().enumerate() {
        let bytes = Address::new_id(*id).to_bytes();
        let mut entry = vec![bytes.len() as u8];
        entry.extend_from_slice(&bytes);
        data.active(
            0,
            &ConstExpr::i32_const((TABLE + 16 * i as u32) as i32),
            entry,
        );
    }

    let mut code = CodeSection::new();
    code.function(&invoke(abi));

    let mut module = Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&functions)
        .section(&memories)
        .section(&exports)
        .section(&code)
        .section(&data);
    module.finish()
}

/// Local indexes of `invoke`.
const PARAMS: u32 = 0;
const PC: u32 = 1;
const END: u32 = 2;
const OP: u32 = 3;
const TARGET: u32 = 4;
const SKIP: u32 = 5;
const VALUE: u32 = 6;

fn invoke(abi: &Abi) -> Function {
    let mut f = Function::new([(6, ValType::I32)]);
    let mut s = f.instructions();
    // No parameters block: nothing to run.
    s.local_get(PARAMS)
        .i32_eqz()
        .if_(BlockType::Empty)
        .i32_const(0)
        .return_()
        .end();
    // The program's length, capped, and the program itself.
    s.i32_const(SCRATCH as i32)
        .local_get(PARAMS)
        .call(abi.import_index("ipld", "block_stat"))
        .if_(BlockType::Empty)
        .i32_const(0)
        .return_()
        .end();
    s.i32_const(SCRATCH as i32)
        .i32_load(mem(8, 2))
        .local_tee(END)
        .i32_const(MAX_PROGRAM as i32)
        .i32_gt_u()
        .if_(BlockType::Empty)
        .i32_const(MAX_PROGRAM as i32)
        .local_set(END)
        .end();
    s.i32_const(SCRATCH as i32 + 16)
        .local_get(PARAMS)
        .i32_const(0)
        .i32_const(PROGRAM as i32)
        .local_get(END)
        .call(abi.import_index("ipld", "block_read"))
        .drop();
    // Where to start: method - 2, if that is inside the program.
    s.i32_const(CONTEXT as i32)
        .call(abi.import_index(abi.context.0, abi.context.1))
        .drop();
    s.i32_const(CONTEXT as i32)
        .i64_load(mem(32, 3))
        .i64_const(2)
        .i64_sub()
        .local_get(END)
        .i64_extend_i32_u()
        .i64_ge_u()
        .if_(BlockType::Empty)
        .i32_const(0)
        .return_()
        .end();
    s.i32_const(CONTEXT as i32)
        .i64_load(mem(32, 3))
        .i32_wrap_i64()
        .i32_const(PROGRAM as i32 - 2)
        .i32_add()
        .local_set(PC);
    s.local_get(END)
        .i32_const(PROGRAM as i32)
        .i32_add()
        .local_set(END);

    // The interpreter loop.
    s.block(BlockType::Empty).loop_(BlockType::Empty);
    s.local_get(PC).local_get(END).i32_ge_u().br_if(1);
    s.local_get(PC)
        .i32_load8_u(mem(0, 0))
        .i32_const(i32::from(abi.op_count()))
        .i32_rem_u()
        .local_set(OP);
    advance(&mut s, 1);
    for (i, (_, _, params)) in abi.imports.iter().enumerate() {
        s.local_get(OP)
            .i32_const(i as i32)
            .i32_eq()
            .if_(BlockType::Empty);
        let mut offset = 0;
        for ty in params.iter() {
            s.local_get(PC);
            match ty {
                ValType::I64 => s.i64_load(mem(offset, 0)),
                _ => s.i32_load16_u(mem(offset, 0)),
            };
            offset += argument_size(*ty);
        }
        s.call(i as u32).drop();
        advance(&mut s, offset as i32);
        s.br(1).end();
    }
    // SEND target skip value
    s.local_get(OP)
        .i32_const(i32::from(abi.send_op()))
        .i32_eq()
        .if_(BlockType::Empty);
    s.local_get(PC)
        .i32_load8_u(mem(0, 0))
        .i32_const(7)
        .i32_and()
        .i32_const(16)
        .i32_mul()
        .i32_const(TABLE as i32)
        .i32_add()
        .local_set(TARGET);
    s.local_get(PC).i32_load8_u(mem(1, 0)).local_set(SKIP);
    s.local_get(PC).i32_load8_u(mem(2, 0)).local_set(VALUE);
    advance(&mut s, abi.send_arguments());
    s.i32_const(SEND_RESULT as i32)
        .local_get(TARGET)
        .i32_const(1)
        .i32_add()
        .local_get(TARGET)
        .i32_load8_u(mem(0, 0));
    // The method: to itself, 2 + (pc - PROGRAM) + skip (past this step); to others, skip.
    s.local_get(TARGET)
        .i32_const((TABLE + 16 * SELF_TARGET as u32) as i32)
        .i32_eq()
        .if_(BlockType::Result(ValType::I64))
        .local_get(PC)
        .i32_const(PROGRAM as i32 - 2)
        .i32_sub()
        .local_get(SKIP)
        .i32_add()
        .i64_extend_i32_u()
        .else_()
        .local_get(SKIP)
        .i64_extend_i32_u()
        .end();
    s.local_get(PARAMS)
        .i64_const(0)
        .local_get(VALUE)
        .i64_extend_i32_u();
    if abi.send_limit {
        // The gas limit (`gas << 16`, or none for 0) and the flags (`flags & 1`), the two bytes
        // just before the new `pc`.
        s.i64_const(-1);
        s.local_get(PC)
            .i32_const(2)
            .i32_sub()
            .i64_load8_u(mem(0, 0))
            .i64_const(16)
            .i64_shl();
        s.local_get(PC)
            .i32_const(2)
            .i32_sub()
            .i32_load8_u(mem(0, 0))
            .i32_eqz()
            .select();
        s.local_get(PC)
            .i32_const(1)
            .i32_sub()
            .i64_load8_u(mem(0, 0))
            .i64_const(1)
            .i64_and();
    }
    s.call(abi.import_index("send", "send")).drop().br(1).end();
    // STORE address n bytes
    s.local_get(OP)
        .i32_const(i32::from(abi.store_op()))
        .i32_eq()
        .if_(BlockType::Empty);
    s.local_get(PC)
        .i32_load16_u(mem(0, 0))
        .local_get(PC)
        .i32_const(3)
        .i32_add()
        .local_get(PC)
        .i32_load8_u(mem(2, 0))
        .memory_copy(0, 0);
    s.local_get(PC)
        .i32_load8_u(mem(2, 0))
        .local_get(PC)
        .i32_add()
        .local_set(PC);
    advance(&mut s, 3);
    s.br(1).end();
    // GROW pages
    if let Some(grow) = abi.grow_op() {
        s.local_get(OP)
            .i32_const(i32::from(grow))
            .i32_eq()
            .if_(BlockType::Empty);
        s.local_get(PC)
            .i32_load16_u(mem(0, 0))
            .memory_grow(0)
            .drop();
        advance(&mut s, 2);
        s.br(1).end();
    }
    // RETURN block
    s.local_get(PC).i32_load8_u(mem(0, 0)).return_();
    s.end().end();
    s.i32_const(0).end();
    f
}

/// How many program bytes an argument of type `ty` takes.
pub fn argument_size(ty: ValType) -> u64 {
    match ty {
        ValType::I64 => 8,
        _ => 2,
    }
}

/// `pc += n`.
fn advance(s: &mut wasm_encoder::InstructionSink<'_>, n: i32) {
    s.local_get(PC).i32_const(n).i32_add().local_set(PC);
}
