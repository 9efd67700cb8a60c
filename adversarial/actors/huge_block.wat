;; huge_block: changes state, grows memory to 18 pages, then creates a DAG-CBOR block of 1 MiB + 1
;; bytes (e1) and one of exactly 1 MiB (e2) with ipld::block_create (contents are not checked at
;; creation). Exits with 0x200 | e1 << 4 | e2 (error numbers, 0 for success).
(func (export "invoke") (param i32) (result i32)
  (local $e1 i32) (local $e2 i32)
  (call $touch_state)
  (drop (memory.grow (i32.const 17)))
  (local.set $e1 (call $block_create (i32.const 0) (i64.const 0x71) (i32.const 1024) (i32.const 0x100001)))
  (local.set $e2 (call $block_create (i32.const 0) (i64.const 0x71) (i32.const 1024) (i32.const 0x100000)))
  (call $exit (i32.or (i32.const 0x200) (i32.or (i32.shl (local.get $e1) (i32.const 4)) (local.get $e2))))
  (i32.const 0))
