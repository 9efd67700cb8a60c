//! The receipt as the C ABI hands it out: DAG-CBOR in the chain's own receipt layout.
//!
//! - network versions 15 to 17: `[exit_code, return, gas_used]`
//! - network version 18: `[exit_code, return, gas_used, events_root]`
//!
//! `exit_code` is an unsigned integer, `return` a byte string (empty when there is none),
//! `gas_used` an integer, and `events_root` a CID link (tag 42) or `null` when the message
//! emitted no events.

use cid::Cid;
use fvmi_kernel::ApplyRet;
use serde_bytes::Bytes;

/// The receipt of `ret`, encoded as above; `with_events_root` selects the nv18 layout.
pub(crate) fn encode_receipt(
    ret: &ApplyRet,
    with_events_root: bool,
) -> Result<Vec<u8>, fvmi_ipld::CborError> {
    let receipt = &ret.msg_receipt;
    let exit_code = receipt.exit_code.value();
    let return_data = Bytes::new(receipt.return_data.bytes());
    if with_events_root {
        let events_root: Option<Cid> = ret.events_root;
        fvmi_ipld::cbor::to_vec(&(exit_code, return_data, receipt.gas_used, events_root))
    } else {
        fvmi_ipld::cbor::to_vec(&(exit_code, return_data, receipt.gas_used))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_types::{ExitCode, RawBytes, Receipt, TokenAmount};

    fn ret(exit: u32, data: &[u8], gas: i64, events_root: Option<Cid>) -> ApplyRet {
        let mut ret = ApplyRet::prevalidation_fail(ExitCode::new(exit), "", TokenAmount::zero());
        ret.msg_receipt = Receipt {
            exit_code: ExitCode::new(exit),
            return_data: RawBytes::new(data.to_vec()),
            gas_used: gas,
        };
        ret.events_root = events_root;
        ret
    }

    #[test]
    fn encodes_the_chain_layouts_byte_for_byte() {
        let plain = encode_receipt(&ret(16, &[0xaa], 24, None), false).unwrap();
        // array(3), 16, bytes(1) 0xaa, 24 (one-byte argument)
        assert_eq!(plain, [0x83, 0x10, 0x41, 0xaa, 0x18, 0x18]);
        let without_events = encode_receipt(&ret(0, &[], 1, None), true).unwrap();
        // array(4), 0, bytes(0), 1, null
        assert_eq!(without_events, [0x84, 0x00, 0x40, 0x01, 0xf6]);
        let root = fvmi_ipld::cbor::cid_of(fvmi_types::DAG_CBOR, b"events");
        let with_events = encode_receipt(&ret(0, &[], 1, Some(root)), true).unwrap();
        let mut expected = vec![0x84, 0x00, 0x40, 0x01, 0xd8, 0x2a, 0x58, 39, 0x00];
        expected.extend(root.to_bytes());
        assert_eq!(with_events, expected);
    }
}
