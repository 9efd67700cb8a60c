//! Wall time of simple EVM calls on the v10 bundle at nv18: one explicit message each, through
//! the executor (preflight, EVM actor invocation in wasmi, fees), on a chain where a Counter is
//! deployed. Skips (reason printed) without the bundle.
//!
//! `cargo bench -p fvmi-fevm-tests --bench evm_call`

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use fvmi_fevm_tests::abi::calldata;
use fvmi_fevm_tests::chain::{EvmChain, ALICE};
use fvmi_fevm_tests::contracts;
use fvmi_fevm_tests::evm::INVOKE_CONTRACT;
use fvmi_ipld::cbor;
use fvmi_types::{BytesSer, ExitCode, TokenAmount};

fn bench(c: &mut Criterion) {
    let Some(mut chain) = EvmChain::try_new() else {
        return;
    };
    // The first message also prepares (validates, instruments, compiles) the EAM, init and EVM
    // modules: reported once, not benchmarked.
    let start = Instant::now();
    let (counter, ret) = chain.deploy(ALICE, &contracts::counter(), TokenAmount::zero());
    eprintln!(
        "first deploy (cold modules): {:?}, {} gas",
        start.elapsed(),
        ret.msg_receipt.gas_used
    );
    let mut group = c.benchmark_group("evm_call");
    for (name, signature) in [
        ("counter_increment", "increment()"),
        ("counter_count", "count()"),
    ] {
        let params = cbor::to_vec(&BytesSer(&calldata(signature, &[]))).expect("params");
        let mut reported = false;
        group.bench_function(name, |b| {
            b.iter(|| {
                let msg = chain.message(
                    ALICE,
                    counter.f410(),
                    INVOKE_CONTRACT,
                    params.clone(),
                    TokenAmount::zero(),
                );
                let ret = chain.apply_unchecked(ALICE, &msg);
                if !reported {
                    eprintln!("{name}: {} gas", ret.msg_receipt.gas_used);
                    reported = true;
                }
                assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
                ret.msg_receipt.gas_used
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
