;; nested_exit_zero: the top frame (no parameters) sends to itself with a parameters block; that
;; inner frame changes state and ends with exit code 0 through vm::abort (ABI v1) or vm::exit
;; (ABI v3). The top frame then reads its state root and compares it with the CID of [1] (the
;; inner frame's change). Exits with 0x10000 | kept << 12 | send error << 8 | inner exit code
;; (kept = 1 when the inner change survived).
(func (export "invoke") (param $params i32) (result i32)
  (local $e i32) (local $code i32) (local $kept i32)
  (if (local.get $params)
    (then
      (call $touch_state)
      (call $exit (i32.const 0))))
  (local.set $e (call $block_create (i32.const 0) (i64.const 0x71) (i32.const 96) (i32.const 2)))
  (if (local.get $e) (then (call $exit (i32.add (i32.const 0xA00) (local.get $e)))))
  (local.set $e (call $send_params (i32.const 64) (i32.const 3) (i64.const 2) (i32.load (i32.const 0))))
  (local.set $code (i32.load (i32.const 0)))
  (drop (call $root (i32.const 0) (i32.const 256) (i32.const 64)))
  (drop (call $put_block (i32.const 96) (i32.const 2)))
  (local.set $kept (i32.and
    (i32.and (i64.eq (i64.load (i32.const 128)) (i64.load (i32.const 256)))
             (i64.eq (i64.load (i32.const 136)) (i64.load (i32.const 264))))
    (i32.and (i64.eq (i64.load (i32.const 144)) (i64.load (i32.const 272)))
             (i32.and (i64.eq (i64.load (i32.const 152)) (i64.load (i32.const 280)))
                      (i64.eq (i64.load (i32.const 160)) (i64.load (i32.const 288)))))))
  (call $exit (i32.or (i32.const 0x10000) (i32.or (i32.shl (local.get $kept) (i32.const 12))
    (i32.or (i32.shl (local.get $e) (i32.const 8)) (local.get $code)))))
  (i32.const 0))
