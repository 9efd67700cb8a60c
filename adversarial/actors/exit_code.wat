;; exit_code: changes state, then ends with exit code CODE (vm::abort at ABI v1, vm::exit without
;; a return block at ABI v3). CODE is substituted per variant (exit_code_<CODE>).
(func (export "invoke") (param i32) (result i32)
  (call $touch_state)
  (call $exit (i32.const CODE))
  (i32.const 0))
