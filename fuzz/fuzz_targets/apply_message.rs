//! Arbitrary messages applied to a test chain (the accounts, the builtin actors v7 and the fuzz
//! actor of `syscall_actor`): a receipt or a refusal of a malformed message, never a panic or a
//! fatal error, with the invariants of `fvmi_fuzz::chain::apply_checked`. The first input byte
//! picks the form: a DAG-CBOR message as it comes off the wire, or one built field by field from
//! the input (addresses and numbers near the interesting ones).
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use fvmi_fuzz::chain::{apply_checked, chain, OTHER, SENDER};
use fvmi_fuzz::syscall_program::TARGETS;
use fvmi_ipld::cbor;
use fvmi_types::{Address, Message, RawBytes, TokenAmount};
use libfuzzer_sys::fuzz_target;

fn address(u: &mut Unstructured<'_>, near: &[u64]) -> arbitrary::Result<Address> {
    Ok(match u8::arbitrary(u)? % 4 {
        0 => Address::from_bytes(&Vec::<u8>::arbitrary(u)?).unwrap_or(Address::new_id(0)),
        _ => Address::new_id(*u.choose(near)?),
    })
}

fn amount(u: &mut Unstructured<'_>) -> arbitrary::Result<TokenAmount> {
    Ok(match u8::arbitrary(u)? % 4 {
        0 => TokenAmount::from_atto(u128::arbitrary(u)?),
        1 => -TokenAmount::from_atto(u64::arbitrary(u)?),
        _ => TokenAmount::from_atto(u16::arbitrary(u)?),
    })
}

fn structured(u: &mut Unstructured<'_>, sequence: u64) -> arbitrary::Result<Message> {
    Ok(Message {
        version: if bool::arbitrary(u)? {
            0
        } else {
            i64::arbitrary(u)?
        },
        to: address(u, &TARGETS)?,
        from: address(u, &[SENDER, SENDER, SENDER, OTHER, 0, 2])?,
        sequence: if bool::arbitrary(u)? {
            sequence
        } else {
            u64::arbitrary(u)?
        },
        value: amount(u)?,
        gas_limit: match u8::arbitrary(u)? % 3 {
            0 => i64::arbitrary(u)?,
            _ => i64::from(u32::arbitrary(u)? % 300_000_000),
        },
        gas_fee_cap: amount(u)?,
        gas_premium: amount(u)?,
        method_num: if bool::arbitrary(u)? {
            u64::from(u8::arbitrary(u)?)
        } else {
            u64::arbitrary(u)?
        },
        params: RawBytes::new(u.bytes(u.len())?.to_vec()),
    })
}

fuzz_target!(|data: &[u8]| {
    let [form, rest @ ..] = data else { return };
    let mut chain = chain();
    let message = if form % 2 == 0 {
        let Ok(message) = cbor::from_slice::<Message>(rest) else {
            return;
        };
        message
    } else {
        let sequence = chain.messages.next_sequence;
        let Ok(message) = structured(&mut Unstructured::new(rest), sequence) else {
            return;
        };
        message
    };
    apply_checked(&mut chain, &message);
});
