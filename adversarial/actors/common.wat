;; Shared by every adversarial actor, after the ABI prelude. Memory layout (one page at start):
;;   0..32     RET: where syscalls write their result (the send result: exit code at 0,
;;             return block id at 4, codec at 8, size at 16)
;;   64..67    this actor's address, f01000 (ID protocol 0, LEB128 of 1000)
;;   72..74    the other account's address, f0101
;;   80..83    "hot", a gas charge name
;;   96..98    the DAG-CBOR block [1], the actor's new state
;;   128..192  a CID buffer (block_link writes here; set_root reads here)
;;   1024..    free for the actor's body
(memory (export "memory") 1)
(data (i32.const 64) "\00\e8\07")
(data (i32.const 72) "\00\65")
(data (i32.const 80) "hot")
(data (i32.const 96) "\81\01")

;; Creates the DAG-CBOR block memory[$off..$off+$len] and links it (BLAKE2b-256): its CID goes
;; to 128. Returns the error number of the first syscall that failed, else 0.
(func $put_block (param $off i32) (param $len i32) (result i32)
  (local $e i32)
  (local.set $e (call $block_create (i32.const 0) (i64.const 0x71) (local.get $off) (local.get $len)))
  (if (local.get $e) (then (return (local.get $e))))
  (call $block_link (i32.const 0) (i32.load (i32.const 0)) (i64.const 0xb220) (i32.const 32)
    (i32.const 128) (i32.const 64)))

;; Changes state, so that a failure after it must roll it back: the actor's root becomes [1] and
;; 1 attoFIL goes to f0101. A failing step exits with 0xE010 / 0xE020 / 0xE030 plus its error
;; number.
(func $touch_state
  (local $e i32)
  (local.set $e (call $put_block (i32.const 96) (i32.const 2)))
  (if (local.get $e) (then (call $exit (i32.add (i32.const 0xE010) (local.get $e)))))
  (local.set $e (call $set_root (i32.const 128)))
  (if (local.get $e) (then (call $exit (i32.add (i32.const 0xE020) (local.get $e)))))
  (local.set $e (call $send (i32.const 72) (i32.const 2) (i64.const 0) (i64.const 1)))
  (if (local.get $e) (then (call $exit (i32.add (i32.const 0xE030) (local.get $e))))))
