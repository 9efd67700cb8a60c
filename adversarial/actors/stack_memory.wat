;; stack_memory: the memory limit of a whole call stack (nv18: 2 GiB over every instance on the
;; stack, 512 MiB per instance). Each frame changes state, reads its depth d from its parameters
;; (a one-byte DAG-CBOR integer; none at the top: 0), grows its memory by 8191 pages to 512 MiB
;; and re-enters itself (its own ID address, from vm::message_context, at 1200) with d+1, down
;; to d = 5. The top frame first asks for 8192 pages, one
;; more than an instance may hold: refused (-1), but still counted by the reference until the
;; call returns. A frame whose growth is refused exits with 0x300 | 8 | d, the deepest with
;; 0x380 | d; a frame above exits with its callee's exit code + 0x10, the top one also | 0x1000
;; when its first growth was refused. Under ABI v1 (nv15-17, no such limit) it exits with
;; 0x3FF at once: there, the same frames would only hold gigabytes of host memory.
(func (export "invoke") (param $params i32) (result i32)
  (local $d i32) (local $flags i32) (local $e i32)
  (if (i32.ne (call $abi) (i32.const 3)) (then (call $exit (i32.const 0x3FF))))
  (call $touch_state)
  ;; Its own address (ID protocol, two-byte LEB128: IDs 128 to 16383) at 1200.
  (local.set $e (call $message_context (i32.const 1100)))
  (if (local.get $e) (then (call $exit (i32.or (i32.const 0x800) (local.get $e)))))
  (i32.store8 (i32.const 1200) (i32.const 0))
  (i32.store8 (i32.const 1201) (i32.or (i32.and (i32.load (i32.const 1124)) (i32.const 0x7F)) (i32.const 0x80)))
  (i32.store8 (i32.const 1202) (i32.shr_u (i32.load (i32.const 1124)) (i32.const 7)))
  (if (local.get $params) (then
    (local.set $e (call $block_read (i32.const 0) (local.get $params) (i32.const 0)
      (i32.const 1024) (i32.const 1)))
    (if (local.get $e) (then (call $exit (i32.or (i32.const 0x600) (local.get $e)))))
    (local.set $d (i32.load8_u (i32.const 1024)))))
  (if (i32.eqz (local.get $d)) (then
    (if (i32.eq (memory.grow (i32.const 8192)) (i32.const -1))
      (then (local.set $flags (i32.const 0x1000))))))
  (if (i32.eq (memory.grow (i32.const 8191)) (i32.const -1))
    (then (call $exit (i32.or (i32.const 0x308) (local.get $d)))))
  (if (i32.ge_u (local.get $d) (i32.const 5))
    (then (call $exit (i32.or (i32.const 0x380) (local.get $d)))))
  (i32.store8 (i32.const 1040) (i32.add (local.get $d) (i32.const 1)))
  (local.set $e (call $block_create (i32.const 0) (i64.const 0x71) (i32.const 1040) (i32.const 1)))
  (if (local.get $e) (then (call $exit (i32.or (i32.const 0x700) (local.get $e)))))
  (local.set $e (call $send_params (i32.const 1200) (i32.const 3) (i64.const 2) (i32.load (i32.const 0))))
  (if (local.get $e) (then (call $exit (i32.or (i32.const 0x500) (local.get $e)))))
  (call $exit (i32.or (i32.add (i32.load (i32.const 0)) (i32.const 0x10)) (local.get $flags)))
  (i32.const 0))
