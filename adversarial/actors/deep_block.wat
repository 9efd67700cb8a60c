;; deep_block: SUCCEEDS. Builds a 1 MiB DAG-CBOR block of 1,048,575 nested one-element arrays
;; around an empty array (0x81 ... 0x81 0x80), links it and makes it the actor's state root, then
;; returns nothing. The block becomes part of the state: flushing it must not recurse per level.
;; A failing step exits with 0x600 / 0x610 plus its error number.
(func (export "invoke") (param i32) (result i32)
  (local $e i32)
  (drop (memory.grow (i32.const 16)))
  (memory.fill (i32.const 1024) (i32.const 0x81) (i32.const 0xFFFFF))
  (i32.store8 (i32.const 0x1003FF) (i32.const 0x80))
  (local.set $e (call $put_block (i32.const 1024) (i32.const 0x100000)))
  (if (local.get $e) (then (call $exit (i32.add (i32.const 0x600) (local.get $e)))))
  (local.set $e (call $set_root (i32.const 128)))
  (if (local.get $e) (then (call $exit (i32.add (i32.const 0x610) (local.get $e)))))
  (i32.const 0))
