;; create_actors: changes state, fetches the account actor's code CID (type 4), then calls
;; actor::create_actor for IDs 2000, 2001, ... up to 10 times, stopping at the first error.
;; Exits with 0x10000 | created << 8 | error number (0 if all 10 were created).
;; A failing code CID lookup exits with 0x700 plus its error number.
(func (export "invoke") (param i32) (result i32)
  (local $i i32) (local $e i32)
  (call $touch_state)
  (local.set $e (call $get_code_cid_for_type (i32.const 0) (i32.const 4) (i32.const 128) (i32.const 64)))
  (if (local.get $e) (then (call $exit (i32.add (i32.const 0x700) (local.get $e)))))
  (block $done
    (loop $next
      (local.set $e (call $create_actor
        (i64.extend_i32_u (i32.add (i32.const 2000) (local.get $i))) (i32.const 128)))
      (br_if $done (local.get $e))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 10)))))
  (call $exit (i32.or (i32.const 0x10000) (i32.or (i32.shl (local.get $i) (i32.const 8)) (local.get $e))))
  (i32.const 0))
