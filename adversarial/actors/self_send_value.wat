;; self_send_value: changes state, sends 1 attoFIL to itself (method 0: a bare transfer; error
;; e1, callee exit code c1), then 2^63 - 1 attoFIL, more than it holds (error e2). Exits with
;; 0x10000 | c1 << 8 | e1 << 4 | e2.
(func (export "invoke") (param i32) (result i32)
  (local $e1 i32) (local $c1 i32) (local $e2 i32)
  (call $touch_state)
  (local.set $e1 (call $send (i32.const 64) (i32.const 3) (i64.const 0) (i64.const 1)))
  (local.set $c1 (i32.load (i32.const 0)))
  (local.set $e2 (call $send (i32.const 64) (i32.const 3) (i64.const 0) (i64.const 0x7FFFFFFFFFFFFFFF)))
  (call $exit (i32.or (i32.const 0x10000) (i32.or (i32.shl (local.get $c1) (i32.const 8))
    (i32.or (i32.shl (local.get $e1) (i32.const 4)) (local.get $e2)))))
  (i32.const 0))
