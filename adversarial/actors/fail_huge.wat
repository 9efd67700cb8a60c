;; fail_huge: creates a 1 MiB DAG-CBOR block (a byte string of 1,048,571 zeros), changes state,
;; then fails with exit code 16 handing the block over as its return value (vm::exit's block at
;; ABI v3; ABI v1's vm::abort cannot carry one). A failing block_create exits with 0x900 plus its
;; error number.
(func (export "invoke") (param i32) (result i32)
  (local $e i32) (local $block i32)
  (drop (memory.grow (i32.const 16)))
  (i32.store8 (i32.const 1024) (i32.const 0x5a))
  (i32.store8 (i32.const 1025) (i32.const 0x00))
  (i32.store8 (i32.const 1026) (i32.const 0x0f))
  (i32.store8 (i32.const 1027) (i32.const 0xff))
  (i32.store8 (i32.const 1028) (i32.const 0xfb))
  (local.set $e (call $block_create (i32.const 0) (i64.const 0x71) (i32.const 1024) (i32.const 0x100000)))
  (if (local.get $e) (then (call $exit (i32.add (i32.const 0x900) (local.get $e)))))
  (local.set $block (i32.load (i32.const 0)))
  (call $touch_state)
  (call $exit_with_block (i32.const 16) (local.get $block))
  (i32.const 0))
