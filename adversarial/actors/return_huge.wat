;; return_huge: SUCCEEDS, returning a 1 MiB DAG-CBOR block (a byte string header 0x5a 0x000ffffb
;; then zeros: a valid CBOR byte string of 1,048,571 bytes) as its return value. A failing
;; block_create exits with 0x900 plus its error number.
(func (export "invoke") (param i32) (result i32)
  (local $e i32)
  (drop (memory.grow (i32.const 16)))
  (i32.store8 (i32.const 1024) (i32.const 0x5a))
  (i32.store8 (i32.const 1025) (i32.const 0x00))
  (i32.store8 (i32.const 1026) (i32.const 0x0f))
  (i32.store8 (i32.const 1027) (i32.const 0xff))
  (i32.store8 (i32.const 1028) (i32.const 0xfb))
  (local.set $e (call $block_create (i32.const 0) (i64.const 0x71) (i32.const 1024) (i32.const 0x100000)))
  (if (local.get $e) (then (call $exit (i32.add (i32.const 0x900) (local.get $e)))))
  (i32.load (i32.const 0)))
