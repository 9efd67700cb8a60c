//! A probe of how deep nested sends can go on the host running fvmi: a test actor that sends
//! to itself, the depth given as the message's parameter, on a small nv15 test chain.
//!
//! Each nested send recurses natively (call manager, wasmi, the syscall, the call manager
//! again), so the depth a host can hold depends on its stack. In a browser that stack is small;
//! the page's test measures it with this probe. On wasm32 the kernel stops chains deeper than
//! [`fvmi_kernel::WASM32_MAX_CALL_FRAMES`] with a fatal error before the stack runs out.

use fvmi_testkit::{ChainBuilder, TestkitError};
use fvmi_types::{Address, RawBytes, TokenAmount};
use serde::Serialize;

/// The probe actor's ID.
const PROBE_ACTOR: u64 = 1000;
/// The sending account's ID.
const SENDER: u64 = 100;

/// What one probe did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeReport {
    /// The number of nested sends asked for (the message's own call not counted).
    pub nested_sends: u32,
    /// The message's exit code: 0 when every level returned; 100 plus the error number of a
    /// send that failed (103 past the call depth limit).
    pub exit_code: u32,
    /// The gas the message used.
    pub gas_used: i64,
    /// Why the message failed, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
}

/// The probe actor in wasm text: its parameter block holds a little-endian u32 counter; while
/// the counter is not zero it sends itself the counter less one, then exits with the exit code
/// of that send (100 + the error number when the send itself failed).
fn probe_wat() -> String {
    let me: String = Address::new_id(PROBE_ACTOR)
        .to_bytes()
        .iter()
        .map(|byte| format!("\\{byte:02x}"))
        .collect();
    let me_len = Address::new_id(PROBE_ACTOR).to_bytes().len();
    format!(
        r#"(module
  (import "vm" "abort" (func $abort (param i32 i32 i32) (result i32)))
  (import "ipld" "block_create" (func $block_create (param i32 i64 i32 i32) (result i32)))
  (import "ipld" "block_read" (func $block_read (param i32 i32 i32 i32 i32) (result i32)))
  (import "send" "send" (func $send (param i32 i32 i32 i64 i32 i64 i64) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 4096) "{me}")
  (func (export "invoke") (param $params i32) (result i32)
    (local $errno i32)
    (if (i32.eqz (local.get $params)) (then (return (i32.const 0))))
    (drop (call $block_read (i32.const 24) (local.get $params) (i32.const 0) (i32.const 16) (i32.const 4)))
    (if (i32.eqz (i32.load (i32.const 16))) (then (return (i32.const 0))))
    (i32.store (i32.const 16) (i32.sub (i32.load (i32.const 16)) (i32.const 1)))
    (drop (call $block_create (i32.const 32) (i64.const 0x71) (i32.const 16) (i32.const 4)))
    (local.set $errno (call $send (i32.const 8) (i32.const 4096) (i32.const {me_len})
      (i64.const 2) (i32.load (i32.const 32)) (i64.const 0) (i64.const 0)))
    (if (i32.ne (local.get $errno) (i32.const 0))
      (then (drop (call $abort (i32.add (i32.const 100) (local.get $errno)) (i32.const 0) (i32.const 0)))))
    (if (i32.ne (i32.load (i32.const 8)) (i32.const 0))
      (then (drop (call $abort (i32.load (i32.const 8)) (i32.const 0) (i32.const 0)))))
    (i32.const 0))
)"#
    )
}

/// Applies one message to the probe actor asking for `nested_sends` nested sends, through
/// [`fvmi_kernel::Executor::apply_message`] (on the current thread on wasm32).
pub fn probe_nested_sends(nested_sends: u32) -> Result<ProbeReport, TestkitError> {
    let wasm = wat::parse_str(probe_wat())
        .map_err(|error| TestkitError::new("assembling the probe actor", error))?;
    let mut chain = ChainBuilder::new()
        .account(SENDER, TokenAmount::from_whole(1_000_000))
        .actor(PROBE_ACTOR, wasm, TokenAmount::zero())
        .build()?;
    let params = RawBytes::new(nested_sends.to_le_bytes().to_vec());
    let ret = chain.send(Address::new_id(PROBE_ACTOR), 2, params, TokenAmount::zero())?;
    Ok(ProbeReport {
        nested_sends,
        exit_code: ret.msg_receipt.exit_code.value(),
        gas_used: ret.msg_receipt.gas_used,
        failure: ret.failure_info.map(|failure| format!("{failure:?}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_chains_return_and_the_depth_limit_refuses() {
        let shallow = probe_nested_sends(3).unwrap();
        assert_eq!(shallow.exit_code, 0, "{shallow:?}");
        let deeper = probe_nested_sends(30).unwrap();
        assert_eq!(deeper.exit_code, 0, "{deeper:?}");
        assert!(deeper.gas_used > shallow.gas_used);
        // The message's call plus 1024 nested sends is the deepest legal chain (1025 frames);
        // one more is refused with LimitExceeded (3).
        assert_eq!(probe_nested_sends(1024).unwrap().exit_code, 0);
        assert_eq!(probe_nested_sends(1025).unwrap().exit_code, 103);
    }
}
