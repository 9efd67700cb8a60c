//! The invocation's message context: caller, receiver, method, value, epoch, version.

use fvmi_types::{ActorID, ChainEpoch, ErrorNumber, MethodNum, NetworkVersion, TokenAmount};

use crate::{vm, SyscallResult};

/// Facts about the current invocation, fetched with one `vm::context` syscall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageContext {
    /// The immediate caller's actor ID.
    pub caller: ActorID,
    /// Our own actor ID.
    pub receiver: ActorID,
    /// The invoked method.
    pub method_number: MethodNum,
    /// The value received with this invocation.
    pub value_received: TokenAmount,
    /// The current epoch.
    pub curr_epoch: ChainEpoch,
    /// The network version.
    pub network_version: NetworkVersion,
}

impl TryFrom<fvmi_types::sys::out::vm::InvocationContext> for MessageContext {
    type Error = ErrorNumber;

    /// Fails with `IllegalOperation` for an unknown network version.
    fn try_from(raw: fvmi_types::sys::out::vm::InvocationContext) -> SyscallResult<Self> {
        let version = raw.network_version;
        Ok(MessageContext {
            caller: raw.caller,
            receiver: raw.receiver,
            method_number: raw.method_number,
            value_received: TokenAmount::from(raw.value_received),
            curr_epoch: raw.network_curr_epoch,
            network_version: NetworkVersion::try_from(version)
                .map_err(|_| ErrorNumber::IllegalOperation)?,
        })
    }
}

/// Fetches the current invocation's context.
pub fn context() -> SyscallResult<MessageContext> {
    MessageContext::try_from(vm::context()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_types::sys::out::vm::InvocationContext;

    #[test]
    fn context_from_raw_bytes() {
        let raw = InvocationContext {
            value_received: fvmi_types::sys::TokenAmount { lo: 5, hi: 1 },
            caller: 100,
            receiver: 101,
            method_number: 2,
            network_curr_epoch: 1_000_000,
            network_version: 15,
        };
        let decoded = InvocationContext::from_le_bytes(&raw.to_le_bytes());
        let context = MessageContext::try_from(decoded).expect("known version");
        assert_eq!(context.caller, 100);
        assert_eq!(context.receiver, 101);
        assert_eq!(context.method_number, 2);
        assert_eq!(context.curr_epoch, 1_000_000);
        assert_eq!(context.network_version, NetworkVersion::V15);
        assert_eq!(
            context.value_received,
            TokenAmount::from_atto((1u128 << 64) + 5)
        );
        let unknown = InvocationContext {
            network_version: 999,
            ..raw
        };
        assert_eq!(
            MessageContext::try_from(unknown),
            Err(ErrorNumber::IllegalOperation)
        );
    }
}
