;; bad_pointers: changes state, then hands syscalls hostile pointers and lengths, keeping each
;; error number (a nibble each):
;;   e1 (bits 0-3)   block_create, data at 0xFFFFFFFF length 2 (offset + length overflows u32)
;;   e2 (bits 4-7)   block_create, data at 65535 length 2 (ends past the one-page memory)
;;   e3 (bits 8-11)  set_root, CID at 65535 (its bytes run past the end of memory)
;;   e4 (bits 12-15) block_create, return pointer 0xFFFFFFFE (its 4 bytes are out of bounds)
;;   e5 (bits 16-19) send to an address at 65530 of length 100 (past the end of memory)
;;   e6 (bits 20-23) block_create with codec 0x70 (dag-pb, not allowed)
;;   e7 (bits 24-27) block_link of block handle 9999 (no such block)
;; Exits with 0x10000000 | all of them.
(func (export "invoke") (param i32) (result i32)
  (local $r i32)
  (call $touch_state)
  (local.set $r (call $block_create (i32.const 0) (i64.const 0x71) (i32.const -1) (i32.const 2)))
  (local.set $r (i32.or (local.get $r) (i32.shl
    (call $block_create (i32.const 0) (i64.const 0x71) (i32.const 65535) (i32.const 2)) (i32.const 4))))
  (local.set $r (i32.or (local.get $r) (i32.shl
    (call $set_root (i32.const 65535)) (i32.const 8))))
  (local.set $r (i32.or (local.get $r) (i32.shl
    (call $block_create (i32.const -2) (i64.const 0x71) (i32.const 96) (i32.const 2)) (i32.const 12))))
  (local.set $r (i32.or (local.get $r) (i32.shl
    (call $send (i32.const 65530) (i32.const 100) (i64.const 0) (i64.const 0)) (i32.const 16))))
  (local.set $r (i32.or (local.get $r) (i32.shl
    (call $block_create (i32.const 0) (i64.const 0x70) (i32.const 96) (i32.const 2)) (i32.const 20))))
  (local.set $r (i32.or (local.get $r) (i32.shl
    (call $block_link (i32.const 0) (i32.const 9999) (i64.const 0xb220) (i32.const 32) (i32.const 128) (i32.const 64))
    (i32.const 24))))
  (call $exit (i32.or (i32.const 0x10000000) (local.get $r)))
  (i32.const 0))
