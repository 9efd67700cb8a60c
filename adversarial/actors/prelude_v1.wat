;; ABI v1 prelude (network versions 15 to 17): the imports every adversarial actor may use and
;; the helpers whose signatures are the same in both preludes ($exit, $send, $create_actor).
;; Names and signatures: fvmi syscalls/src/link.rs (every syscall returns an error number; a
;; syscall with a result takes a return pointer first).
(import "vm" "abort" (func $vm_abort (param i32 i32 i32) (result i32)))
(import "send" "send" (func $send_v1 (param i32 i32 i32 i64 i32 i64 i64) (result i32)))
(import "actor" "create_actor" (func $create_actor_v1 (param i64 i32) (result i32)))
(import "ipld" "block_create" (func $block_create (param i32 i64 i32 i32) (result i32)))
(import "ipld" "block_read" (func $block_read (param i32 i32 i32 i32 i32) (result i32)))
(import "ipld" "block_link" (func $block_link (param i32 i32 i64 i32 i32 i32) (result i32)))
(import "self" "set_root" (func $set_root (param i32) (result i32)))
(import "self" "root" (func $root (param i32 i32 i32) (result i32)))
(import "gas" "charge" (func $gas_charge (param i32 i32 i64) (result i32)))
(import "actor" "get_code_cid_for_type" (func $get_code_cid_for_type (param i32 i32 i32 i32) (result i32)))

;; Ends the invocation with exit code $code (vm::abort, no message).
(func $exit (param $code i32)
  (drop (call $vm_abort (local.get $code) (i32.const 0) (i32.const 0)))
  unreachable)

;; Sends $value attoFIL (low 64 bits) and no parameters to the address at $to ($to_len bytes),
;; method $method. Returns the error number; the send result is at RET (offset 0).
(func $send (param $to i32) (param $to_len i32) (param $method i64) (param $value i64) (result i32)
  (call $send_v1 (i32.const 0) (local.get $to) (local.get $to_len) (local.get $method)
    (i32.const 0) (i64.const 0) (local.get $value)))

;; Creates an actor at ID $id with the code CID at $code. Returns the error number.
(func $create_actor (param $id i64) (param $code i32) (result i32)
  (call $create_actor_v1 (local.get $id) (local.get $code)))

;; Sends the parameters block $params (a handle) and no value to the address at $to, method
;; $method. Returns the error number; the send result is at RET.
(func $send_params (param $to i32) (param $to_len i32) (param $method i64) (param $params i32) (result i32)
  (call $send_v1 (i32.const 0) (local.get $to) (local.get $to_len) (local.get $method)
    (local.get $params) (i64.const 0) (i64.const 0)))

;; Ends the invocation with exit code $code; ABI v1 has no return block on failure, so $block is
;; ignored (vm::abort).
(func $exit_with_block (param $code i32) (param $block i32)
  (drop (call $vm_abort (local.get $code) (i32.const 0) (i32.const 0)))
  unreachable)

;; The syscall ABI this prelude is for (1).
(func $abi (result i32) (i32.const 1))

;; ABI v1 has no vm::message_context (ABI v3: 80 bytes, the receiver's ID at offset 24); this
;; stand-in fails with error number 1 and writes nothing, so that bodies written for both ABIs
;; compile (they only call it under ABI v3).
(func $message_context (param i32) (result i32) (i32.const 1))
