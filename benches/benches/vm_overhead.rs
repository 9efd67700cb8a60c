//! VM overhead per message on a small nv15 testkit chain ([`fvmi_benches::bench_chain`]):
//!
//! - `message/empty-send`: method 0 value transfer between two accounts through
//!   `Executor::apply_message` (on the calling thread; no thread per message);
//! - `message/counter-get`: a call into a trivial wasm actor (the example counter's `get`).
//!
//! Machine setup and the counter's module preparation are done once, outside the measurement.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use fvmi_benches::{bench_chain, COUNTER, OTHER};
use fvmi_testkit::{cbor_params, TestChain};
use fvmi_types::{Address, ExitCode, Message, RawBytes, TokenAmount};

/// The counter's constructor and `get` method numbers.
const CONSTRUCTOR: u64 = 1;
const GET: u64 = 3;

fn check(ret: &fvmi_kernel::ApplyRet, what: &str) {
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::OK,
        "{what}: {:?}",
        ret.failure_info
    );
}

/// The next message to `to`: method `method` without parameters, carrying `value`.
fn next(chain: &mut TestChain, to: Address, method: u64, value: &TokenAmount) -> Message {
    chain
        .messages_mut()
        .message(to, method, RawBytes::default(), value.clone())
}

fn benches(c: &mut Criterion) {
    let mut chain = bench_chain().expect("bench chain builds");
    let (counter, other) = (Address::new_id(COUNTER), Address::new_id(OTHER));
    let zero = cbor_params(&0u64).expect("params encode");
    let ret = chain
        .send(counter, CONSTRUCTOR, zero, TokenAmount::zero())
        .expect("constructor applies");
    check(&ret, "counter constructor");

    let mut group = c.benchmark_group("message");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    let one_atto = TokenAmount::from_atto(1u64);
    group.bench_function("empty-send", |b| {
        b.iter(|| {
            let message = next(&mut chain, other, 0, &one_atto);
            let ret = chain.apply(&message).expect("applies");
            check(&ret, "empty send");
            black_box(ret)
        })
    });
    group.bench_function("counter-get", |b| {
        b.iter(|| {
            let ret = chain
                .send(counter, GET, RawBytes::default(), TokenAmount::zero())
                .expect("applies");
            check(&ret, "counter get");
            black_box(ret)
        })
    });
    group.finish();
}

criterion_group!(vm_overhead, benches);
criterion_main!(vm_overhead);
