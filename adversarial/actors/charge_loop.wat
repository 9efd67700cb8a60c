;; charge_loop: changes state, then charges 1,000,000 gas per iteration with gas::charge, forever:
;; out of gas (exit 7) at every version, nv15 included.
(func (export "invoke") (param i32) (result i32)
  (call $touch_state)
  (loop $forever
    (drop (call $gas_charge (i32.const 80) (i32.const 3) (i64.const 1000000)))
    (br $forever))
  (i32.const 0))
