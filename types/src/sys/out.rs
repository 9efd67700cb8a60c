//! Multi-value syscall results, written by the host at the syscall's return pointer.

/// Results of the `ipld` syscalls.
pub mod ipld {
    super::super::abi_struct! {
        /// Result of `ipld::block_open` (16 bytes).
        pub struct IpldOpen {
            /// Codec of the opened block.
            pub codec: u64,
            /// Handle of the opened block.
            pub id: u32,
            /// Size of the block in bytes.
            pub size: u32,
        }
    }

    super::super::abi_struct! {
        /// Result of `ipld::block_stat` (12 bytes).
        pub struct IpldStat {
            /// Codec of the block.
            pub codec: u64,
            /// Size of the block in bytes.
            pub size: u32,
        }
    }
}

/// Results of the `send` syscall.
pub mod send {
    super::super::abi_struct! {
        /// Result of `send::send` (20 bytes).
        pub struct Send {
            /// Exit code of the callee.
            pub exit_code: u32,
            /// Handle of the return block (0 when there is none).
            pub return_id: u32,
            /// Codec of the return block.
            pub return_codec: u64,
            /// Size of the return block.
            pub return_size: u32,
        }
    }
}

/// Results of the `crypto` syscalls.
pub mod crypto {
    super::super::abi_struct! {
        /// Result of `crypto::verify_consensus_fault` (20 bytes). `fault` 0 means "no fault".
        pub struct VerifyConsensusFault {
            /// Epoch of the fault.
            pub epoch: i64,
            /// Actor ID of the faulty miner.
            pub target: u64,
            /// Fault type number (see `ConsensusFaultType`), or 0.
            pub fault: u32,
        }
    }
}

/// Results of the `vm` syscalls.
pub mod vm {
    use crate::sys::TokenAmount;

    super::super::abi_struct! {
        /// Result of `vm::context` (52 bytes).
        pub struct InvocationContext {
            /// Value received with this invocation.
            pub value_received: TokenAmount,
            /// The caller's actor ID.
            pub caller: u64,
            /// The receiver's (our own) actor ID.
            pub receiver: u64,
            /// The invoked method number.
            pub method_number: u64,
            /// The current epoch.
            pub network_curr_epoch: i64,
            /// The network version.
            pub network_version: u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use core::mem::{offset_of, size_of};

    use super::crypto::VerifyConsensusFault;
    use super::ipld::{IpldOpen, IpldStat};
    use super::send::Send;
    use super::vm::InvocationContext;
    use crate::sys::TokenAmount;

    #[test]
    fn sizes_match_the_packed_layouts() {
        assert_eq!((size_of::<TokenAmount>(), TokenAmount::SIZE), (16, 16));
        assert_eq!((size_of::<IpldOpen>(), IpldOpen::SIZE), (16, 16));
        assert_eq!((size_of::<IpldStat>(), IpldStat::SIZE), (12, 12));
        assert_eq!((size_of::<Send>(), Send::SIZE), (20, 20));
        assert_eq!(
            (
                size_of::<VerifyConsensusFault>(),
                VerifyConsensusFault::SIZE
            ),
            (20, 20)
        );
        assert_eq!(
            (size_of::<InvocationContext>(), InvocationContext::SIZE),
            (52, 52)
        );
    }

    #[test]
    fn byte_order_follows_field_order() {
        let send = Send {
            exit_code: 0x0403_0201,
            return_id: 0x0807_0605,
            return_codec: 0x71,
            return_size: 9,
        };
        let bytes = send.to_le_bytes();
        assert_eq!(&bytes[..8], &[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(bytes[offset_of!(Send, return_codec)], 0x71);
        assert_eq!(bytes[offset_of!(Send, return_size)], 9);
        assert_eq!(Send::from_le_bytes(&bytes), send);

        let context = InvocationContext {
            value_received: TokenAmount { lo: 1, hi: 2 },
            caller: 3,
            receiver: 4,
            method_number: 5,
            network_curr_epoch: -1,
            network_version: 15,
        };
        let bytes = context.to_le_bytes();
        assert_eq!(bytes[0], 1);
        assert_eq!(bytes[8], 2);
        assert_eq!(bytes[offset_of!(InvocationContext, caller)], 3);
        assert_eq!(bytes[offset_of!(InvocationContext, receiver)], 4);
        assert_eq!(bytes[offset_of!(InvocationContext, method_number)], 5);
        assert_eq!(
            bytes[offset_of!(InvocationContext, network_curr_epoch)],
            0xff
        );
        assert_eq!(bytes[offset_of!(InvocationContext, network_version)], 15);
        assert_eq!(InvocationContext::from_le_bytes(&bytes), context);

        let open = IpldOpen {
            codec: 0x71,
            id: 2,
            size: 3,
        };
        assert_eq!(open.to_le_bytes()[offset_of!(IpldOpen, id)], 2);
        let fault = VerifyConsensusFault {
            epoch: 1,
            target: 2,
            fault: 3,
        };
        assert_eq!(
            fault.to_le_bytes()[offset_of!(VerifyConsensusFault, fault)],
            3
        );
        assert_eq!(IpldStat::read_from(&[0u8; 11]), None);
    }
}
