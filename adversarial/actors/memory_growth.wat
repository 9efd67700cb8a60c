;; memory_growth: changes state, then grows its memory from 1 page to 8192 pages (512 MiB,
;; writing its last word), then by one page more, then by 65536 pages (past wasm32's 4 GiB).
;; Exits with 0x100 | bit 0 (first growth refused) | bit 1 (second refused) | bit 2 (third
;; refused): memory.grow returns -1 when refused.
(func (export "invoke") (param i32) (result i32)
  (local $flags i32)
  (call $touch_state)
  (if (i32.eq (memory.grow (i32.const 8191)) (i32.const -1))
    (then (local.set $flags (i32.or (local.get $flags) (i32.const 1))))
    (else (i32.store (i32.const 0x1FFFFFFC) (i32.const 7))))
  (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
    (then (local.set $flags (i32.or (local.get $flags) (i32.const 2)))))
  (if (i32.eq (memory.grow (i32.const 65536)) (i32.const -1))
    (then (local.set $flags (i32.or (local.get $flags) (i32.const 4)))))
  (call $exit (i32.or (i32.const 0x100) (local.get $flags)))
  (i32.const 0))
