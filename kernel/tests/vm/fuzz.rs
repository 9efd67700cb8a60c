//! Random guest pointers and lengths never crash the host: a wat actor reads eight u32 words
//! from its parameters and passes them as pointers/lengths to many syscalls; every message must
//! still produce a receipt (the actor itself never traps, so it must exit OK and return its
//! parameters).

use std::cell::RefCell;

use fvmi_types::{Address, ExitCode, TokenAmount};
use proptest::prelude::*;

use crate::harness::{TestActor, TestVm};
use crate::wat_actor::actor;

const FUZZ_ID: u64 = 1000;

/// Word `n` of the parameters (copied to offset 50000).
fn word(n: u32) -> String {
    format!("(i32.load (i32.const {}))", 50000 + 4 * n)
}

fn body() -> String {
    let p = word;
    let calls = [
        format!(
            "(call $block_create {} (i64.const 0x71) {} {})",
            p(0),
            p(1),
            p(2)
        ),
        format!(
            "(call $block_read {} (i32.const 1) {} {} {})",
            p(3),
            p(4),
            p(5),
            p(6)
        ),
        format!("(call $block_stat {} {})", p(7), p(1)),
        format!("(call $block_open {} {})", p(2), p(3)),
        format!(
            "(call $block_link {} (i32.const 1) (i64.const 0xb220) (i32.const 32) {} {})",
            p(0),
            p(1),
            p(2)
        ),
        format!("(call $self_root {} {} {})", p(0), p(1), p(2)),
        format!("(call $self_balance {})", p(5)),
        format!("(call $resolve_address {} {} {})", p(0), p(1), p(2)),
        format!(
            "(call $get_actor_code_cid {} (i64.const 1000) {} {})",
            p(3),
            p(4),
            p(5)
        ),
        format!("(call $get_builtin_actor_type {} {})", p(6), p(7)),
        format!(
            "(call $get_code_cid_for_type {} (i32.const 4) {} {})",
            p(0),
            p(1),
            p(2)
        ),
        format!("(call $new_actor_address {} {} {})", p(3), p(4), p(5)),
        format!(
            "(call $hash {} (i64.const 0xb220) {} {} {} {})",
            p(0),
            p(1),
            p(2),
            p(3),
            p(4)
        ),
        format!(
            "(call $verify_signature {} (i32.const 1) {} {} {} {} {} {})",
            p(0),
            p(1),
            p(2),
            p(3),
            p(4),
            p(5),
            p(6)
        ),
        format!(
            "(call $get_chain_randomness {} (i64.const 1) (i64.const 1) {} {})",
            p(7),
            p(0),
            p(1)
        ),
        format!(
            "(call $send {} {} {} (i64.const 0) (i32.const 0) (i64.const 0) (i64.const 0))",
            p(2),
            p(3),
            p(4)
        ),
        format!("(call $vm_context {})", p(5)),
        format!("(call $network_base_fee {})", p(6)),
        format!("(call $gas_charge {} {} (i64.const 1))", p(0), p(1)),
        format!("(call $debug_log {} {})", p(2), p(3)),
    ];
    let mut body = String::from(
        "(drop (call $block_read (i32.const 49000) (local.get $params) (i32.const 0) (i32.const 50000) (i32.const 32)))\n",
    );
    for call in calls {
        body.push_str(&format!("(drop {call})\n"));
    }
    // Return the parameter words as read at the start, proving the body ran to the end.
    body.push_str("(call $ret (i32.const 50000) (i32.const 32))");
    body
}

thread_local! {
    static VM: RefCell<TestVm> = RefCell::new(TestVm::new(vec![TestActor {
        id: FUZZ_ID,
        name: "fuzz",
        wat: actor(&body(), &[]),
    }]));
}

fn pointer() -> impl Strategy<Value = u32> {
    prop_oneof![0u32..256, 130_000u32..132_000, any::<u32>(), Just(u32::MAX)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn random_pointers_never_crash(words in proptest::collection::vec(pointer(), 8)) {
        let params: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        let receipt = VM.with(|vm| {
            let mut vm = vm.borrow_mut();
            vm.send(Address::new_id(FUZZ_ID), 2, params.clone(), TokenAmount::zero()).msg_receipt
        });
        prop_assert_eq!(receipt.exit_code, ExitCode::OK);
        prop_assert_eq!(receipt.return_data.bytes(), &params[..]);
    }
}
