;; recursion: changes state, then a function calls itself without end until the stack limit
;; (2048 instrumented stack units) stops it.
(func $down (param $n i32) (result i32)
  (i32.add (call $down (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
(func (export "invoke") (param i32) (result i32)
  (call $touch_state)
  (drop (call $down (i32.const 0)))
  (i32.const 0))
