//! Writes the committed seed corpora under `corpus/<target>/` from fvmi's own code only: values
//! encoded by fvmi's types, test-chain states, data structures built with fvmi's HAMT and AMT,
//! small hand-made CARs and bundles, hand-written wasm and syscall programs.
//!
//! Run through `write-seeds.sh` (it builds this example with the fuzz targets' flags).

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
// Linked for the coverage instrumentation's runtime symbols when built with the fuzz targets'
// flags (see write-seeds.sh); its `main` is not used.
use cid::Cid;
use fvmi_fuzz::blocks::BlockSet;
use fvmi_fuzz::nv18::fuzz_actor_f410;
use fvmi_fuzz::syscall_program::{self, op, Abi, ABI_V1, ABI_V3, FUZZ_ACTOR};
use fvmi_ipld::amt::Amt;
use fvmi_ipld::bitfield::BitField;
use fvmi_ipld::{cbor, write_car, BytesKey, Hamt, MemoryBlockstore};
use fvmi_kernel::events::{ActorEvent, Entry, StampedEvent};
use fvmi_state::bundle::write_bundle;
use fvmi_state::{ActorState, InitState, Manifest, StoredActor};
use fvmi_testkit::{ChainBuilder, MessageBuilder};
use fvmi_types::{
    Address, ExitCode, Message, PaddedPieceSize, PieceInfo, RawBytes, Receipt, Signature,
    TokenAmount, DAG_CBOR, IPLD_RAW,
};
use libfuzzer_sys as _;

fn write(target: &str, name: &str, bytes: &[u8]) -> Result<()> {
    let dir = Path::new("corpus").join(target);
    fs::create_dir_all(&dir)?;
    fs::write(dir.join(name), bytes).with_context(|| format!("writing {target}/{name}"))
}

fn messages() -> Vec<Message> {
    let mut builder = MessageBuilder::new(Address::new_id(100));
    vec![
        builder.message(
            Address::new_id(101),
            0,
            RawBytes::default(),
            TokenAmount::from_atto(5u64),
        ),
        builder.message(
            Address::new_id(FUZZ_ACTOR),
            2,
            RawBytes::new(program_calls(&ABI_V1)),
            TokenAmount::from_atto(1u64),
        ),
        builder.message(
            Address::new_actor(b"seed"),
            3,
            RawBytes::new(vec![0x82, 0x01, 0x40]),
            TokenAmount::zero(),
        ),
    ]
}

fn events() -> Vec<StampedEvent> {
    let entry = |key: &str, value: &[u8]| Entry {
        flags: 3,
        key: key.into(),
        codec: IPLD_RAW,
        value: value.to_vec(),
    };
    vec![
        StampedEvent::new(1000, ActorEvent::default()),
        StampedEvent::new(
            1000,
            ActorEvent {
                entries: vec![entry("t1", b"topic"), entry("d", &[1, 2, 3])],
            },
        ),
    ]
}

fn cbor_types() -> Result<()> {
    let code = Manifest::v7_code(fvmi_types::ActorType::Account);
    let state = cbor::cid_of(DAG_CBOR, &[0x80]);
    let actor = ActorState::new(code, state, TokenAmount::from_atto(1234u64), 7);
    let five = StoredActor {
        actor: ActorState {
            delegated_address: Some(Address::new_delegated(10, &[7; 20])?),
            ..actor.clone()
        },
        five_fields: true,
    };
    let mut seeds: Vec<(u8, Vec<u8>)> = Vec::new();
    for message in messages() {
        seeds.push((0, cbor::to_vec(&message)?));
        seeds.push((
            1,
            cbor::to_vec(&(message, Signature::new_secp256k1(vec![1; 65])))?,
        ));
    }
    let receipt = Receipt {
        exit_code: ExitCode::new(16),
        return_data: RawBytes::new(vec![0x40]),
        gas_used: 1234,
    };
    seeds.push((2, cbor::to_vec(&receipt)?));
    seeds.push((3, cbor::to_vec(&actor)?));
    seeds.push((4, cbor::to_vec(&five)?));
    let entries = Manifest::v7().entries().to_vec();
    let data = cbor::to_vec(&entries)?;
    let mut versioned = cbor::to_vec(&(1u32, cbor::cid_of(DAG_CBOR, &data)))?;
    let split = u8::try_from(versioned.len())?;
    versioned.insert(0, split);
    versioned.extend_from_slice(&data);
    seeds.push((5, versioned));
    seeds.push((6, data));
    let init = InitState {
        address_map: state,
        next_id: 1001,
        network_name: "seed".into(),
    };
    seeds.push((7, cbor::to_vec(&init)?));
    seeds.push((8, cbor::to_vec(&(state,))?));
    seeds.push((9, cbor::to_vec(&(Address::new_secp256k1(&[4; 65])?,))?));
    seeds.push((10, cbor::to_vec(&(4u64, state, state))?));
    let pieces = vec![PieceInfo {
        size: PaddedPieceSize(2048),
        cid: state,
    }];
    seeds.push((16, cbor::to_vec(&pieces)?));
    for event in events() {
        seeds.push((17, cbor::to_vec(&event.event)?));
        seeds.push((18, cbor::to_vec(&event)?));
    }
    seeds.push((19, Address::new_bls(&[9; 48])?.to_bytes()));
    seeds.push((19, Address::new_delegated(10, &[1; 20])?.to_bytes()));
    seeds.push((20, cbor::to_vec(&TokenAmount::from_atto(10u128.pow(27)))?));
    seeds.push((21, cbor::to_vec(&Signature::new_bls(vec![2; 96]))?));
    seeds.push((22, cbor::to_vec(&BitField::from_ranges([0..3, 10..1000]))?));
    let header = fvmi_ipld::car::CarHeader {
        roots: vec![state],
        version: 1,
    };
    seeds.push((23, cbor::to_vec(&header)?));
    for (i, (kind, bytes)) in seeds.into_iter().enumerate() {
        let mut input = vec![kind];
        input.extend_from_slice(&bytes);
        write("cbor_types", &format!("seed-{i:02}-kind-{kind}"), &input)?;
    }
    Ok(())
}

fn test_state() -> ChainBuilder {
    ChainBuilder::new()
        .account(100, TokenAmount::from_whole(10))
        .key_account(
            Address::new_secp256k1(&[4; 65]).expect("a key"),
            TokenAmount::from_atto(9u64),
        )
}

fn car_load() -> Result<()> {
    write("car_load", "state", &test_state().state_car()?)?;
    let wasm = b"\0asm\x01\0\0\0";
    let code = cbor::cid_of(IPLD_RAW, wasm);
    let bundle = write_bundle([
        ("system", code, &wasm[..]),
        ("init", code, &wasm[..]),
        ("account", code, &wasm[..]),
    ])?;
    write("car_load", "bundle", &bundle)?;
    let mut empty = Vec::new();
    write_car(&[], Vec::<(Cid, Vec<u8>)>::new(), &mut empty)?;
    write("car_load", "empty", &empty)?;
    Ok(())
}

/// The blocks of `store` with `root` first, as a [`BlockSet`] input.
fn block_set(parameter: u8, store: &MemoryBlockstore, root: &Cid) -> Vec<u8> {
    let mut blocks = store.blocks();
    blocks.sort_by_key(|(cid, _)| cid != root);
    let blocks: Vec<Vec<u8>> = blocks.into_iter().map(|(_, bytes)| bytes).collect();
    BlockSet::encode(parameter, 0, &blocks)
}

fn hamt_walk() -> Result<()> {
    // Parameter: bit width - 1 in the low three bits, the value type (0 actors, 1 IDs) above.
    for (count, bit_width) in [(3u64, 5u8), (120, 5), (40, 3), (20, 8)] {
        let store = MemoryBlockstore::new();
        let mut hamt: Hamt<_, u64> = Hamt::new_with_bit_width(&store, u32::from(bit_width));
        for i in 0..count {
            hamt.set(BytesKey(Address::new_id(i * 7).to_bytes()), i)?;
        }
        let root = hamt.flush()?;
        let parameter = (1 << 3) | (bit_width - 1);
        write(
            "hamt_walk",
            &format!("ids-{count}-w{bit_width}"),
            &block_set(parameter, &store, &root),
        )?;
    }
    let store = MemoryBlockstore::new();
    let mut hamt: Hamt<_, StoredActor> = Hamt::new_with_bit_width(&store, 5);
    for id in 0..40u64 {
        let actor = ActorState::new(
            Manifest::v7_code(fvmi_types::ActorType::Account),
            cbor::cid_of(DAG_CBOR, &[0x80]),
            TokenAmount::from_atto(id),
            id,
        );
        let stored = StoredActor {
            actor,
            five_fields: id % 2 == 0,
        };
        hamt.set(BytesKey(Address::new_id(id).to_bytes()), stored)?;
    }
    let root = hamt.flush()?;
    write("hamt_walk", "actors-40", &block_set(4, &store, &root))?;
    Ok(())
}

fn amt_walk() -> Result<()> {
    // Parameter: the value type (0 numbers, 1 events, 2 receipts) modulo 3.
    for (count, bit_width) in [(5u64, 3u32), (100, 3), (70, 1)] {
        let store = MemoryBlockstore::new();
        let mut amt: Amt<u64, _> = Amt::new_with_bit_width(&store, bit_width)?;
        for i in 0..count {
            amt.set(i * 3, i)?;
        }
        let root = amt.flush()?;
        write(
            "amt_walk",
            &format!("numbers-{count}-w{bit_width}"),
            &block_set(0, &store, &root),
        )?;
    }
    let store = MemoryBlockstore::new();
    let root = Amt::new_from_iter(&store, events())?;
    write("amt_walk", "events", &block_set(1, &store, &root))?;
    let store = MemoryBlockstore::new();
    let receipts = (0..20).map(|i| Receipt {
        exit_code: ExitCode::new(i),
        return_data: RawBytes::new(vec![0x41, i as u8]),
        gas_used: i64::from(i) * 1000,
    });
    let root = Amt::new_from_iter(&store, receipts)?;
    write("amt_walk", "receipts", &block_set(2, &store, &root))?;
    Ok(())
}

fn bitfield() -> Result<()> {
    let pairs = [
        (
            BitField::from_ranges([0..5, 9..10]),
            BitField::from_ranges([3..12]),
        ),
        (BitField::from_ranges([100..1000]), BitField::new()),
        (
            BitField::try_from_bits([1, 3, 5, 7, 64, 1 << 40])?,
            BitField::from_ranges([0..1 << 20]),
        ),
    ];
    for (i, (a, b)) in pairs.iter().enumerate() {
        let a = a.to_bytes();
        let mut input = vec![u8::try_from(a.len())?];
        input.extend_from_slice(&a);
        input.extend_from_slice(&b.to_bytes());
        write("bitfield", &format!("pair-{i}"), &input)?;
    }
    Ok(())
}

const WAT_MODULES: [&str; 3] = [
    r#"(module
        (memory (export "memory") 1)
        (func (export "invoke") (param i32) (result i32)
            (local i32)
            (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                (br_if $l (i32.lt_u (local.get 1) (i32.const 100))))
            (memory.fill (i32.const 0) (i32.const 7) (i32.const 16))
            (i32.const 0)))"#,
    r#"(module
        (import "vm" "abort" (func $abort (param i32 i32 i32) (result i32)))
        (memory (export "memory") 1 2)
        (table 2 funcref)
        (elem (i32.const 0) $f $g)
        (global $counter (mut i64) (i64.const 0))
        (func $f (param i32) (result i32) (call_indirect (param i32) (result i32) (local.get 0) (i32.const 1)))
        (func $g (param i32) (result i32)
            (global.set $counter (i64.add (global.get $counter) (i64.extend_i32_u (local.get 0))))
            (br_table 0 1 (block (result i32) (local.get 0)) (local.get 0))
            (drop (memory.grow (i32.const 1)))
            (i32.const 1))
        (func (export "invoke") (param i32) (result i32) (call $f (local.get 0)))
        (data (i32.const 16) "seed"))"#,
    r#"(module
        (func $rec (param i64) (result i64)
            (if (result i64) (i64.eqz (local.get 0))
                (then (i64.const 1))
                (else (i64.mul (local.get 0) (call $rec (i64.sub (local.get 0) (i64.const 1)))))))
        (func (export "run") (result f64)
            (f64.convert_i64_s (call $rec (i64.const 20)))))"#,
];

fn modules() -> Result<()> {
    for (i, text) in WAT_MODULES.iter().enumerate() {
        let wasm = wat::parse_str(text)?;
        write("module_prepare", &format!("wat-{i}"), &wasm)?;
    }
    write("module_prepare", "syscall-actor", &syscall_program::wasm())?;
    write("module_prepare", "syscall-actor-v3", &ABI_V3.wasm())?;
    // wasm-smith reads any bytes; a few deterministic pseudo-random ones per engine.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for i in 0..6u8 {
        let mut input = vec![i % 3];
        for _ in 0..512 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            input.push(state as u8);
        }
        write("module_smith", &format!("random-{i}"), &input)?;
    }
    Ok(())
}

/// A program touching every import of `abi` once with small arguments.
fn program_calls(abi: &Abi) -> Vec<u8> {
    let mut program = Vec::new();
    for (import, (_, _, params)) in abi.imports.iter().enumerate() {
        if import == 0 {
            continue; // vm::abort (v1), vm::exit (v3) end the run; they get their own seeds.
        }
        program.push(import as u8);
        for ty in params.iter() {
            let mut argument = vec![0u8; syscall_program::argument_size(*ty) as usize];
            argument[0] = 0x10;
            program.extend_from_slice(&argument);
        }
    }
    program
}

fn syscall_actor() -> Result<()> {
    let seeds: Vec<(&str, Vec<u8>)> = vec![
        ("calls", program_calls(&ABI_V1)),
        // Send 5 attoFIL to account 101, then abort: the transfer must be undone.
        (
            "send-then-abort",
            vec![op::SEND, 5, 0, 5, 0, 0x12, 0x00, 0, 0, 0, 0],
        ),
        // Nested sends to itself, one of them aborting.
        (
            "nested",
            vec![
                op::SEND,
                6,
                0,
                1,
                op::SEND,
                6,
                0,
                0,
                op::SEND,
                5,
                0,
                3,
                0,
                0x13,
                0,
                0,
                0,
                0,
                0,
            ],
        ),
        // Store an ID address and self-destruct to it.
        (
            "self-destruct",
            vec![op::STORE, 0, 0x40, 2, 0x00, 0x65, 12, 0, 0x40, 2, 0],
        ),
        // Create a block `[]`, link it (BLAKE2b-256) and make it the state root.
        ("set-root", {
            let mut p = vec![op::STORE, 0x00, 0x50, 1, 0x80];
            p.extend_from_slice(&[
                5, 0x00, 0x30, 0x71, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x50, 0x01, 0x00,
            ]);
            p.extend_from_slice(&[8, 0x10, 0x30, 0x02, 0x00, 0x20, 0xb2, 0, 0, 0, 0, 0, 0]);
            p.extend_from_slice(&[0x20, 0x00, 0x00, 0x40, 0x40, 0x00]);
            p.extend_from_slice(&[10, 0x00, 0x40]);
            p
        }),
        ("return", vec![op::RETURN, 1]),
    ];
    for (name, program) in seeds {
        let mut input = vec![3u8];
        input.extend_from_slice(&program);
        write("syscall_actor", name, &input)?;
    }
    Ok(())
}

/// Appends a call of the import `module::name` of `abi` with `args`, each encoded as its
/// parameter (two bytes for an `i32`, eight for an `i64`).
fn call(abi: &Abi, program: &mut Vec<u8>, module: &str, name: &str, args: &[u64]) {
    let op = abi.opcode(module, name).expect("an import of the ABI");
    let (_, _, params) = abi.imports[usize::from(op)];
    assert_eq!(params.len(), args.len(), "arguments of {module}::{name}");
    program.push(op);
    for (ty, arg) in params.iter().zip(args) {
        let size = syscall_program::argument_size(*ty) as usize;
        program.extend_from_slice(&arg.to_le_bytes()[..size]);
    }
}

/// Appends a `STORE` of `bytes` at `address`.
fn store(abi: &Abi, program: &mut Vec<u8>, address: u16, bytes: &[u8]) {
    program.push(abi.store_op());
    program.extend_from_slice(&address.to_le_bytes());
    program.push(bytes.len() as u8);
    program.extend_from_slice(bytes);
}

/// Appends an ABI v3 `SEND` to target `target` (an index of `TARGETS`).
fn send_v3(program: &mut Vec<u8>, target: u8, skip: u8, value: u8, gas: u8, flags: u8) {
    program.extend_from_slice(&[ABI_V3.send_op(), target, skip, value, gas, flags]);
}

/// Seeds of `syscall_actor_v3` (ABI v3 at nv18). Addresses: results at 0x3100, data at 0x4000
/// and 0x5000; block 1 is the parameters, created blocks are 2, 3, ...
fn syscall_actor_v3() -> Result<()> {
    let v3 = &ABI_V3;
    let exit =
        |p: &mut Vec<u8>, code: u64, block: u64| call(v3, p, "vm", "exit", &[code, block, 0, 0]);
    let event = cbor::to_vec(&events()[1].event)?;
    let mut seeds: Vec<(&str, Vec<u8>)> = vec![("calls", program_calls(v3))];
    // Send 5 attoFIL to account 101, then exit with 0x12: the transfer must be undone.
    let mut p = Vec::new();
    send_v3(&mut p, 5, 0, 5, 0, 0);
    exit(&mut p, 0x12, 0);
    seeds.push(("send-then-exit", p));
    // Nested self-sends (one with a gas limit, one read-only), a transfer, an exit with 0x13.
    let mut p = Vec::new();
    send_v3(&mut p, 6, 0, 1, 0x10, 0);
    send_v3(&mut p, 6, 0, 0, 0, 1);
    send_v3(&mut p, 5, 0, 3, 0, 0);
    exit(&mut p, 0x13, 0);
    seeds.push(("nested", p));
    // An event, then a successful exit (events root) or a failing one (no events).
    for (name, code) in [("event", 0), ("event-then-fail", 0x10)] {
        let mut p = Vec::new();
        store(v3, &mut p, 0x4000, &event);
        call(
            v3,
            &mut p,
            "event",
            "emit_event",
            &[0x4000, event.len() as u64],
        );
        exit(&mut p, code, 0);
        seeds.push((name, p));
    }
    // A read-only self-send whose nested part emits an event (refused), then the event again.
    let mut p = Vec::new();
    store(v3, &mut p, 0x4000, &event);
    send_v3(&mut p, 6, 0, 0, 0, 1);
    call(
        v3,
        &mut p,
        "event",
        "emit_event",
        &[0x4000, event.len() as u64],
    );
    p.extend_from_slice(&[v3.return_op(), 0]);
    seeds.push(("read-only-event", p));
    // Create a block `[]` and exit with it.
    let mut p = Vec::new();
    store(v3, &mut p, 0x5000, &[0x80]);
    call(
        v3,
        &mut p,
        "ipld",
        "block_create",
        &[0x3100, 0x71, 0x5000, 1],
    );
    exit(&mut p, 0, 2);
    seeds.push(("exit-with-block", p));
    // The queries new in ABI v3, and the fuzz actor's f410 address resolved.
    let mut p = Vec::new();
    call(v3, &mut p, "actor", "balance_of", &[0x3100, 101]);
    call(
        v3,
        &mut p,
        "actor",
        "lookup_delegated_address",
        &[0x3100, FUZZ_ACTOR, 0x4000, 64],
    );
    call(
        v3,
        &mut p,
        "actor",
        "get_actor_code_cid",
        &[0x3100, FUZZ_ACTOR, 0x4000, 64],
    );
    call(v3, &mut p, "vm", "message_context", &[0x3100]);
    call(v3, &mut p, "network", "context", &[0x3100]);
    call(
        v3,
        &mut p,
        "network",
        "tipset_cid",
        &[0x3100, 999, 0x4000, 64],
    );
    call(v3, &mut p, "gas", "available", &[0x3100]);
    call(
        v3,
        &mut p,
        "actor",
        "next_actor_address",
        &[0x3100, 0x4000, 64],
    );
    let f410 = fuzz_actor_f410().to_bytes();
    store(v3, &mut p, 0x4100, &f410);
    call(
        v3,
        &mut p,
        "actor",
        "resolve_address",
        &[0x3100, 0x4100, f410.len() as u64],
    );
    seeds.push(("queries", p));
    // Store an ID address (f0101) and self-destruct to it.
    let mut p = Vec::new();
    store(v3, &mut p, 0x4000, &[0x00, 0x65]);
    call(v3, &mut p, "self", "self_destruct", &[0x4000, 2]);
    seeds.push(("self-destruct", p));
    // Create a block `[]`, link it (BLAKE2b-256) and make it the state root.
    let mut p = Vec::new();
    store(v3, &mut p, 0x5000, &[0x80]);
    call(
        v3,
        &mut p,
        "ipld",
        "block_create",
        &[0x3100, 0x71, 0x5000, 1],
    );
    call(
        v3,
        &mut p,
        "ipld",
        "block_link",
        &[0x3100, 2, 0xb220, 32, 0x4000, 64],
    );
    call(v3, &mut p, "self", "set_root", &[0x4000]);
    seeds.push(("set-root", p));
    // Memory growth: past the per-instance limit of 512 MiB (refused, after its gas), 64 pages,
    // then a nested call and both growing by 1024 pages (64 MiB).
    let grow = v3.grow_op().expect("ABI v3 grows memory");
    let mut p = vec![grow, 0x01, 0x20, grow, 64, 0];
    send_v3(&mut p, 6, 0, 0, 0, 0);
    p.extend_from_slice(&[grow, 0x00, 0x04]);
    seeds.push(("grow", p));
    seeds.push(("return", vec![v3.return_op(), 1]));
    for (name, program) in seeds {
        let mut input = vec![3u8];
        input.extend_from_slice(&program);
        write("syscall_actor_v3", name, &input)?;
    }
    Ok(())
}

fn apply_message() -> Result<()> {
    for (i, message) in messages().into_iter().enumerate() {
        let mut input = vec![0u8];
        input.extend_from_slice(&cbor::to_vec(&message)?);
        write("apply_message", &format!("cbor-{i}"), &input)?;
    }
    let mut structured = vec![1u8];
    structured.extend_from_slice(&[
        0, 0, 1, 5, 1, 0, 3, 0x10, 0x00, 1, 0x80, 0x10, 0, 0, 1, 0, 2, 0,
    ]);
    write("apply_message", "structured", &structured)?;
    Ok(())
}

fn main() -> Result<()> {
    cbor_types()?;
    car_load()?;
    hamt_walk()?;
    amt_walk()?;
    bitfield()?;
    modules()?;
    syscall_actor()?;
    syscall_actor_v3()?;
    apply_message()?;
    Ok(())
}
