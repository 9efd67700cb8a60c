;; late_check: changes state, then loops forever: each iteration runs a chain of 200 nested calls
;; of a function without a loop (about 10,000 priced instructions, in metered blocks fvmi does not
;; check for out of gas: only loop bodies, the start function and syscalls do), then charges
;; 10,000 gas with gas::charge. Out of gas (exit 7, the whole limit used, state rolled back) at
;; every version. From nv16 the gas mostly runs out inside the chain: the reference stops in the
;; block where it went negative, fvmi at the next syscall or loop iteration, with the same result.
(func $chain (param $n i32) (result i32)
  (local $x i32)
  (if (result i32) (local.get $n)
    (then
      (local.set $x (i32.add (local.get $n) (i32.const 1)))
      (local.set $x (i32.mul (local.get $x) (i32.const 3)))
      (local.set $x (i32.xor (local.get $x) (i32.const 0x55)))
      (local.set $x (i32.mul (local.get $x) (i32.const 5)))
      (local.set $x (i32.xor (local.get $x) (i32.const 0x33)))
      (local.set $x (i32.mul (local.get $x) (i32.const 7)))
      (local.set $x (i32.xor (local.get $x) (i32.const 0x0f)))
      (local.set $x (i32.mul (local.get $x) (i32.const 11)))
      (local.set $x (i32.xor (local.get $x) (i32.const 0x71)))
      (local.set $x (i32.mul (local.get $x) (i32.const 13)))
      (local.set $x (i32.xor (local.get $x) (i32.const 0x2b)))
      (local.set $x (i32.mul (local.get $x) (i32.const 17)))
      (i32.add (local.get $x) (call $chain (i32.sub (local.get $n) (i32.const 1)))))
    (else (i32.const 0))))
(func (export "invoke") (param i32) (result i32)
  (call $touch_state)
  (loop $forever
    (drop (call $chain (i32.const 200)))
    (drop (call $gas_charge (i32.const 80) (i32.const 3) (i64.const 10000)))
    (br $forever))
  (i32.const 0))
