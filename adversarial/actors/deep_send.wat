;; deep_send: re-enters itself (f01000, method 2) until the call depth limit refuses a send.
;; The deepest frame exits with its send's error number << 24; every frame above changes state
;; and exits with its callee's exit code + 1. So the message exits with
;; errno << 24 | (number of frames above the deepest).
(func (export "invoke") (param i32) (result i32)
  (local $e i32) (local $child i32)
  (local.set $e (call $send (i32.const 64) (i32.const 3) (i64.const 2) (i64.const 0)))
  (if (local.get $e) (then (call $exit (i32.shl (local.get $e) (i32.const 24)))))
  (local.set $child (i32.load (i32.const 0)))
  (call $touch_state)
  (call $exit (i32.add (local.get $child) (i32.const 1)))
  (i32.const 0))
