//! The values syscalls return through the out-pointer, laid out exactly as the `repr(C, packed)`
//! structs of the ABI v1 SDK (little-endian, no padding).

/// A value a syscall writes to the caller-supplied return pointer.
pub trait AbiValue {
    /// Its size in guest memory.
    const SIZE: usize;
    /// Writes its bytes; `out` is exactly `SIZE` long.
    fn write_to(&self, out: &mut [u8]);
}

fn put(out: &mut [u8], at: usize, bytes: &[u8]) {
    if let Some(dst) = out.get_mut(at..at + bytes.len()) {
        dst.copy_from_slice(bytes);
    }
}

macro_rules! abi_number {
    ($($t:ty),*) => {$(
        impl AbiValue for $t {
            const SIZE: usize = core::mem::size_of::<$t>();
            fn write_to(&self, out: &mut [u8]) {
                put(out, 0, &self.to_le_bytes());
            }
        }
    )*};
}
abi_number!(u32, i32, u64, i64);

impl<const N: usize> AbiValue for [u8; N] {
    const SIZE: usize = N;
    fn write_to(&self, out: &mut [u8]) {
        put(out, 0, self);
    }
}

/// A token amount as two u64 halves: `lo` then `hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AbiTokenAmount(pub u128);

impl AbiValue for AbiTokenAmount {
    const SIZE: usize = 16;
    fn write_to(&self, out: &mut [u8]) {
        put(out, 0, &(self.0 as u64).to_le_bytes());
        put(out, 8, &((self.0 >> 64) as u64).to_le_bytes());
    }
}

/// `ipld::block_open`'s result: codec u64, id u32, size u32.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpldOpen {
    /// The block's codec.
    pub codec: u64,
    /// The new block id.
    pub id: u32,
    /// The block size.
    pub size: u32,
}

impl AbiValue for IpldOpen {
    const SIZE: usize = 16;
    fn write_to(&self, out: &mut [u8]) {
        put(out, 0, &self.codec.to_le_bytes());
        put(out, 8, &self.id.to_le_bytes());
        put(out, 12, &self.size.to_le_bytes());
    }
}

/// `ipld::block_stat`'s result: codec u64, size u32.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpldStat {
    /// The block's codec.
    pub codec: u64,
    /// The block size.
    pub size: u32,
}

impl AbiValue for IpldStat {
    const SIZE: usize = 12;
    fn write_to(&self, out: &mut [u8]) {
        put(out, 0, &self.codec.to_le_bytes());
        put(out, 8, &self.size.to_le_bytes());
    }
}

/// `send::send`'s result: exit code u32, return id u32, return codec u64, return size u32.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendOut {
    /// The callee's exit code.
    pub exit_code: u32,
    /// The return block id (0 for none).
    pub return_id: u32,
    /// The return block codec.
    pub return_codec: u64,
    /// The return block size.
    pub return_size: u32,
}

impl AbiValue for SendOut {
    const SIZE: usize = 20;
    fn write_to(&self, out: &mut [u8]) {
        put(out, 0, &self.exit_code.to_le_bytes());
        put(out, 4, &self.return_id.to_le_bytes());
        put(out, 8, &self.return_codec.to_le_bytes());
        put(out, 16, &self.return_size.to_le_bytes());
    }
}

/// `crypto::verify_consensus_fault`'s result: epoch i64, target u64, fault u32.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsensusFaultOut {
    /// The fault epoch.
    pub epoch: i64,
    /// The faulty miner's ID.
    pub target: u64,
    /// The fault type (0 = none).
    pub fault: u32,
}

impl AbiValue for ConsensusFaultOut {
    const SIZE: usize = 20;
    fn write_to(&self, out: &mut [u8]) {
        put(out, 0, &self.epoch.to_le_bytes());
        put(out, 8, &self.target.to_le_bytes());
        put(out, 16, &self.fault.to_le_bytes());
    }
}

/// `vm::context`'s result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvocationContext {
    /// Value received, attoFIL.
    pub value_received: u128,
    /// Caller ID.
    pub caller: u64,
    /// Receiver ID.
    pub receiver: u64,
    /// Method number.
    pub method_number: u64,
    /// Current epoch.
    pub network_curr_epoch: i64,
    /// Network version.
    pub network_version: u32,
}

impl AbiValue for InvocationContext {
    const SIZE: usize = 52;
    fn write_to(&self, out: &mut [u8]) {
        AbiTokenAmount(self.value_received).write_to(out);
        put(out, 16, &self.caller.to_le_bytes());
        put(out, 24, &self.receiver.to_le_bytes());
        put(out, 32, &self.method_number.to_le_bytes());
        put(out, 40, &self.network_curr_epoch.to_le_bytes());
        put(out, 48, &self.network_version.to_le_bytes());
    }
}

/// Writes a token amount as its low then high u64 halves at `at`.
fn put_amount(out: &mut [u8], at: usize, amount: u128) {
    put(out, at, &(amount as u64).to_le_bytes());
    put(out, at + 8, &((amount >> 64) as u64).to_le_bytes());
}

/// `vm::message_context`'s result (ABI v3, 80 bytes): origin, nonce, caller, receiver, method
/// (u64 each), value received and gas premium (token amounts), flags (u64, bit 0 read-only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageContextOut(pub crate::kernel::MessageContext);

impl AbiValue for MessageContextOut {
    const SIZE: usize = 80;
    fn write_to(&self, out: &mut [u8]) {
        let c = &self.0;
        put(out, 0, &c.origin.to_le_bytes());
        put(out, 8, &c.nonce.to_le_bytes());
        put(out, 16, &c.caller.to_le_bytes());
        put(out, 24, &c.receiver.to_le_bytes());
        put(out, 32, &c.method_number.to_le_bytes());
        put_amount(out, 40, c.value_received);
        put_amount(out, 56, c.gas_premium);
        put(out, 72, &u64::from(c.read_only).to_le_bytes());
    }
}

/// `network::context`'s result (ABI v3, 44 bytes): epoch i64, timestamp u64, base fee (token
/// amount), chain id u64, network version u32.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkContextOut(pub crate::kernel::NetworkContext);

impl AbiValue for NetworkContextOut {
    const SIZE: usize = 44;
    fn write_to(&self, out: &mut [u8]) {
        let c = &self.0;
        put(out, 0, &c.epoch.to_le_bytes());
        put(out, 8, &c.timestamp.to_le_bytes());
        put_amount(out, 16, c.base_fee);
        put(out, 32, &c.chain_id.to_le_bytes());
        put(out, 40, &c.network_version.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes<V: AbiValue>(v: V) -> Vec<u8> {
        let mut out = vec![0xaa; V::SIZE];
        v.write_to(&mut out);
        out
    }

    #[test]
    fn layouts() {
        assert_eq!(
            bytes(AbiTokenAmount((2u128 << 64) | 1)),
            [&1u64.to_le_bytes()[..], &2u64.to_le_bytes()].concat()
        );
        let open = bytes(IpldOpen {
            codec: 0x71,
            id: 3,
            size: 9,
        });
        assert_eq!(
            open,
            [
                &0x71u64.to_le_bytes()[..],
                &3u32.to_le_bytes(),
                &9u32.to_le_bytes()
            ]
            .concat()
        );
        let send = bytes(SendOut {
            exit_code: 16,
            return_id: 2,
            return_codec: 0x71,
            return_size: 5,
        });
        assert_eq!(send.len(), 20);
        assert_eq!(&send[8..16], &0x71u64.to_le_bytes());
        let ctx = bytes(InvocationContext {
            value_received: 5,
            caller: 1,
            receiver: 2,
            method_number: 3,
            network_curr_epoch: -1,
            network_version: 15,
        });
        assert_eq!(&ctx[48..52], &15u32.to_le_bytes());
        assert_eq!(&ctx[40..48], &(-1i64).to_le_bytes());
    }
}
