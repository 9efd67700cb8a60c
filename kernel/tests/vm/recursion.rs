//! The deepest legal call chain: an actor that sends to itself until the depth limit refuses,
//! run on the test harness's own small thread: deep levels get new stack segments (`fvmi_kernel::STACK_RED_ZONE`).

use fvmi_types::{Address, ExitCode, TokenAmount};

use crate::harness::{TestActor, TestVm};
use crate::wat_actor::actor;

#[test]
fn self_recursion_hits_the_depth_limit_without_crashing() {
    let me = Address::new_id(1000).to_bytes();
    // Send to self; store the send error number (or the callee's exit code) and return it as
    // this invocation's exit code (so every level propagates the deepest outcome).
    let body = format!(
        "(local $errno i32)
         (local.set $errno (call $send (i32.const 8) (i32.const 4096) (i32.const {}) (i64.const 2) (i32.const 0) (i64.const 0) (i64.const 0)))
         (if (i32.ne (local.get $errno) (i32.const 0))
           (then (drop (call $vm_abort (i32.add (i32.const 100) (local.get $errno)) (i32.const 0) (i32.const 0)))))
         (drop (call $vm_abort (i32.load (i32.const 8)) (i32.const 0) (i32.const 0)))
         (i32.const 0)",
        me.len()
    );
    let mut vm = TestVm::new(vec![TestActor {
        id: 1000,
        name: "recurse",
        wat: actor(&body, &me),
    }]);
    let ret = vm.send(Address::new_id(1000), 2, vec![], TokenAmount::zero());
    // The deepest send fails with LimitExceeded (3); every level above aborts with 103.
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::new(103),
        "{:?}",
        ret.failure_info
    );
}
