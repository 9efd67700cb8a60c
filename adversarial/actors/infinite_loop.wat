;; infinite_loop: changes state, then loops forever without a syscall. Only execution gas can
;; stop it, so it ends out of gas (exit 7) where instructions are priced (nv16 on); at nv15
;; instructions are free and it would never end (not run there).
(func (export "invoke") (param i32) (result i32)
  (call $touch_state)
  (loop $forever (br $forever))
  (i32.const 0))
