;; link_chain: SUCCEEDS. Builds a chain of 2000 linked DAG-CBOR blocks, each [CID of the
;; previous] (the first is [1]), and makes the last the actor's state root: flushing the state
;; must follow 2000 levels of links. A failing step exits with 0x800 / 0x810 plus its error number.
;; The encoded block at 1024: 0x81 (array of 1), 0xd8 0x2a (tag 42), 0x58 0x27 (39 bytes),
;; 0x00 (multibase identity prefix), then the 38-byte CID.
(func (export "invoke") (param i32) (result i32)
  (local $i i32) (local $e i32)
  (local.set $e (call $put_block (i32.const 96) (i32.const 2)))
  (if (local.get $e) (then (call $exit (i32.add (i32.const 0x800) (local.get $e)))))
  (i32.store8 (i32.const 1024) (i32.const 0x81))
  (i32.store8 (i32.const 1025) (i32.const 0xd8))
  (i32.store8 (i32.const 1026) (i32.const 0x2a))
  (i32.store8 (i32.const 1027) (i32.const 0x58))
  (i32.store8 (i32.const 1028) (i32.const 0x27))
  (i32.store8 (i32.const 1029) (i32.const 0x00))
  (loop $next
    (memory.copy (i32.const 1030) (i32.const 128) (i32.const 38))
    (local.set $e (call $put_block (i32.const 1024) (i32.const 44)))
    (if (local.get $e) (then (call $exit (i32.add (i32.const 0x800) (local.get $e)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $next (i32.lt_u (local.get $i) (i32.const 2000))))
  (local.set $e (call $set_root (i32.const 128)))
  (if (local.get $e) (then (call $exit (i32.add (i32.const 0x810) (local.get $e)))))
  (i32.const 0))
