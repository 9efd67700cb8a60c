//! Building small test actors in wasm text: every ABI v1 import is declared, the body is
//! supplied by the test. Helpers: `$ret (off len) -> block id` returns memory bytes as the
//! return value; `$store_err (errno)` keeps an error number at offset 0.

/// Every syscall import with its wasm signature (the out-pointer first where there is a value).
pub const IMPORTS: &str = r#"
  (import "vm" "abort" (func $vm_abort (param i32 i32 i32) (result i32)))
  (import "vm" "context" (func $vm_context (param i32) (result i32)))
  (import "network" "base_fee" (func $network_base_fee (param i32) (result i32)))
  (import "network" "total_fil_circ_supply" (func $network_circ_supply (param i32) (result i32)))
  (import "ipld" "block_open" (func $block_open (param i32 i32) (result i32)))
  (import "ipld" "block_create" (func $block_create (param i32 i64 i32 i32) (result i32)))
  (import "ipld" "block_read" (func $block_read (param i32 i32 i32 i32 i32) (result i32)))
  (import "ipld" "block_stat" (func $block_stat (param i32 i32) (result i32)))
  (import "ipld" "block_link" (func $block_link (param i32 i32 i64 i32 i32 i32) (result i32)))
  (import "self" "root" (func $self_root (param i32 i32 i32) (result i32)))
  (import "self" "set_root" (func $self_set_root (param i32) (result i32)))
  (import "self" "current_balance" (func $self_balance (param i32) (result i32)))
  (import "self" "self_destruct" (func $self_destruct (param i32 i32) (result i32)))
  (import "actor" "resolve_address" (func $resolve_address (param i32 i32 i32) (result i32)))
  (import "actor" "get_actor_code_cid" (func $get_actor_code_cid (param i32 i64 i32 i32) (result i32)))
  (import "actor" "new_actor_address" (func $new_actor_address (param i32 i32 i32) (result i32)))
  (import "actor" "create_actor" (func $create_actor (param i64 i32) (result i32)))
  (import "actor" "get_builtin_actor_type" (func $get_builtin_actor_type (param i32 i32) (result i32)))
  (import "actor" "get_code_cid_for_type" (func $get_code_cid_for_type (param i32 i32 i32 i32) (result i32)))
  (import "crypto" "verify_signature" (func $verify_signature (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "crypto" "recover_secp_public_key" (func $recover_secp_public_key (param i32 i32 i32) (result i32)))
  (import "crypto" "hash" (func $hash (param i32 i64 i32 i32 i32 i32) (result i32)))
  (import "crypto" "compute_unsealed_sector_cid" (func $compute_unsealed_sector_cid (param i32 i64 i32 i32 i32 i32) (result i32)))
  (import "crypto" "verify_seal" (func $verify_seal (param i32 i32 i32) (result i32)))
  (import "crypto" "verify_post" (func $verify_post (param i32 i32 i32) (result i32)))
  (import "crypto" "verify_consensus_fault" (func $verify_consensus_fault (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "crypto" "verify_aggregate_seals" (func $verify_aggregate_seals (param i32 i32 i32) (result i32)))
  (import "crypto" "verify_replica_update" (func $verify_replica_update (param i32 i32 i32) (result i32)))
  (import "crypto" "batch_verify_seals" (func $batch_verify_seals (param i32 i32 i32) (result i32)))
  (import "rand" "get_chain_randomness" (func $get_chain_randomness (param i32 i64 i64 i32 i32) (result i32)))
  (import "rand" "get_beacon_randomness" (func $get_beacon_randomness (param i32 i64 i64 i32 i32) (result i32)))
  (import "gas" "charge" (func $gas_charge (param i32 i32 i64) (result i32)))
  (import "send" "send" (func $send (param i32 i32 i32 i64 i32 i64 i64) (result i32)))
  (import "debug" "log" (func $debug_log (param i32 i32) (result i32)))
  (import "debug" "enabled" (func $debug_enabled (param i32) (result i32)))
  (import "debug" "store_artifact" (func $debug_store_artifact (param i32 i32 i32 i32) (result i32)))
"#;

/// A module whose `invoke` runs `body` (with `$params` the parameter block id); `data` is placed
/// at offset 4096 of memory (use `(i32.const 4096)` to reach it).
pub fn actor(body: &str, data: &[u8]) -> String {
    let escaped: String = data.iter().map(|b| format!("\\{b:02x}")).collect();
    format!(
        r#"(module
{IMPORTS}
  (memory (export "memory") 2)
  (data (i32.const 4096) "{escaped}")
  (func $ret (param $off i32) (param $len i32) (result i32)
    (drop (call $block_create (i32.const 60000) (i64.const 0x71) (local.get $off) (local.get $len)))
    (i32.load (i32.const 60000)))
  (func (export "invoke") (param $params i32) (result i32)
    {body})
)"#
    )
}

/// A body that calls a syscall expression (which yields the error number), stores the error
/// number at offset 0, and returns memory `0..len` (the error number and whatever the syscall
/// wrote from offset 8 on).
pub fn call_and_return(call: &str, len: u32) -> String {
    format!("(i32.store (i32.const 0) {call}) (call $ret (i32.const 0) (i32.const {len}))")
}

#[test]
fn the_test_imports_are_exactly_the_linked_syscalls() {
    let mut declared: Vec<(String, String)> = IMPORTS
        .lines()
        .filter_map(|line| {
            let mut quoted = line.split('"').skip(1).step_by(2);
            Some((quoted.next()?.to_owned(), quoted.next()?.to_owned()))
        })
        .collect();
    let mut linked: Vec<(String, String)> = fvmi_syscalls::SYSCALL_NAMES
        .iter()
        .map(|(m, n)| (m.to_string(), n.to_string()))
        .collect();
    declared.sort();
    linked.sort();
    assert_eq!(declared, linked);
    // Instantiating a module importing all of them (with these signatures) must link.
    let mut vm = crate::harness::TestVm::new(vec![crate::harness::TestActor {
        id: 1000,
        name: "imports",
        wat: actor("(i32.const 0)", &[]),
    }]);
    let ret = vm.send(
        fvmi_types::Address::new_id(1000),
        2,
        vec![],
        fvmi_types::TokenAmount::zero(),
    );
    assert_eq!(ret.msg_receipt.exit_code, fvmi_types::ExitCode::OK);
}
