//! Running the same messages twice on the same state gives the same receipts and state root.

use fvmi_types::{Address, Receipt, TokenAmount};

use crate::harness::{Chain, COUNTER, OTHER, TOKEN};

/// Constructs both actors and runs a mix of successful and failing calls; returns the receipts
/// and the final state root.
fn scenario(transfer: u64) -> (Vec<Receipt>, cid::Cid) {
    let mut chain = Chain::new();
    let rets = [
        chain.send(COUNTER, 1, Some(&3u64), TokenAmount::zero()),
        chain.send(TOKEN, 1, Some(&1_000u64), TokenAmount::zero()),
        chain.send(
            TOKEN,
            3,
            Some(&(Address::new_id(OTHER), transfer)),
            TokenAmount::zero(),
        ),
        chain.send(
            TOKEN,
            5,
            Some(&(Address::new_id(COUNTER), Some(30u32))),
            TokenAmount::zero(),
        ),
        chain.send(
            TOKEN,
            5,
            Some(&(Address::new_id(COUNTER), None::<u32>)),
            TokenAmount::zero(),
        ),
        chain.send(
            TOKEN,
            4,
            Some(&(Address::new_id(OTHER), TokenAmount::from_atto(17u64))),
            TokenAmount::from_atto(5u64),
        ),
    ];
    let receipts = rets.into_iter().map(|ret| ret.msg_receipt).collect();
    (receipts, chain.flush())
}

#[test]
fn execution_is_deterministic() {
    let (receipts, root) = scenario(10);
    assert_eq!(scenario(10), (receipts.clone(), root));
    assert!(receipts.iter().all(|r| r.gas_used > 0));
    // A different transfer changes the token's state and so the root.
    let (_, other_root) = scenario(11);
    assert_ne!(other_root, root);
}
