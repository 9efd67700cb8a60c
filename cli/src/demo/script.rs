//! The demo's scripted messages: each step names what it does and the exit code it must end with.

use base64::Engine as _;
use fvmi_kernel::{ApplyKind, ExecEvent, Manifest};
use fvmi_types::{ActorType, Address, Message, RawBytes, TokenAmount};
use serde_json::Value;

use super::{counter, params};
use crate::flamegraph::{frame, frame_of_text, GasStacks};
use crate::genesis::{self, derive_key};
use crate::receipt::receipt_json;
use crate::trace_out::add_stacks;
use crate::vm::CliExecutor;

/// The fee cap of every demo message, attoFIL per gas.
pub const FEE_CAP: u64 = 2_000;
/// The premium (miner tip) of every demo message, attoFIL per gas.
pub const PREMIUM: u64 = 500;

/// One applied step.
pub struct Step {
    /// What the step does.
    pub name: &'static str,
    /// The exit code it must end with.
    pub expect_exit: u32,
    /// Its receipt view (see [`receipt_json`]).
    pub view: Value,
    /// Its execution trace.
    pub trace: Vec<ExecEvent>,
    /// Its gas by actor/method call path.
    pub stacks: GasStacks,
}

/// The actors the script created, by role.
pub struct Cast {
    /// Signers and senders created at genesis.
    pub alice: Address,
    /// A second signer.
    pub bob: Address,
    /// A third signer, also the counter's user.
    pub carol: Address,
    /// The account created by the first transfer.
    pub newcomer: Address,
    /// The multisig's ID address, once created.
    pub multisig: Option<Address>,
    /// The counter's ID address, once deployed.
    pub counter: Option<Address>,
}

fn fil(whole: u64) -> TokenAmount {
    TokenAmount::from_whole(whole)
}

fn cbor<T: serde::Serialize>(value: &T) -> anyhow::Result<RawBytes> {
    Ok(RawBytes::new(fvmi_ipld::cbor::to_vec(value)?))
}

/// Runs the whole script on `executor` for the genesis accounts `[alice, bob, carol]`.
pub fn run(
    executor: &mut CliExecutor,
    accounts: [Address; 3],
) -> anyhow::Result<(Vec<Step>, Cast)> {
    let [alice, bob, carol] = accounts;
    let newcomer = derive_key("newcomer", 0)?.address;
    let mut cast = Cast {
        alice,
        bob,
        carol,
        newcomer,
        multisig: None,
        counter: None,
    };
    let mut steps = Vec::new();
    let mut step = |executor: &mut CliExecutor,
                    name,
                    expect_exit,
                    from,
                    to,
                    method,
                    value,
                    params,
                    gas_limit| {
        let (view, trace, stacks) = send(executor, from, to, method, value, params, gas_limit)?;
        steps.push(Step {
            name,
            expect_exit,
            view,
            trace,
            stacks,
        });
        anyhow::Ok(steps.last().map(|s| s.view.clone()).unwrap_or_default())
    };
    let none = RawBytes::default;

    step(
        executor,
        "create an account by transfer",
        0,
        alice,
        newcomer,
        0,
        fil(100),
        none(),
        5_000_000,
    )?;

    let code = Manifest::v7_code(ActorType::Multisig);
    let exec = params::exec_multisig(code, &[alice, bob, carol], 2)?;
    let view = step(
        executor,
        "create a 2-of-3 multisig (init Exec)",
        0,
        alice,
        Address::new_id(1),
        params::INIT_EXEC,
        fil(50),
        exec,
        60_000_000,
    )?;
    let multisig = return_id(&view)?;
    cast.multisig = Some(multisig);

    let propose = params::propose(&newcomer, &fil(10), 0)?;
    step(
        executor,
        "propose paying the newcomer 10 FIL",
        0,
        alice,
        multisig,
        params::MULTISIG_PROPOSE,
        fil(0),
        propose,
        30_000_000,
    )?;
    let approve = params::approve(0)?;
    step(
        executor,
        "approve from a non-signer (must fail: forbidden)",
        18,
        newcomer,
        multisig,
        params::MULTISIG_APPROVE,
        fil(0),
        approve.clone(),
        30_000_000,
    )?;
    step(
        executor,
        "approve from a second signer (executes)",
        0,
        bob,
        multisig,
        params::MULTISIG_APPROVE,
        fil(0),
        approve,
        30_000_000,
    )?;

    let (robust, counter) = counter::deploy(executor)?;
    cast.counter = Some(counter);
    step(
        executor,
        "construct the example counter actor at 5",
        0,
        carol,
        robust,
        genesis::CONSTRUCTOR,
        fil(0),
        cbor(&5u64)?,
        10_000_000,
    )?;
    step(
        executor,
        "increment the counter by 3 (returns 8)",
        0,
        carol,
        counter,
        counter::INCREMENT,
        fil(0),
        cbor(&3u64)?,
        10_000_000,
    )?;
    step(
        executor,
        "call an unknown counter method (must fail: unhandled)",
        22,
        carol,
        counter,
        99,
        fil(0),
        none(),
        10_000_000,
    )?;
    step(
        executor,
        "read the counter (returns 8)",
        0,
        carol,
        counter,
        counter::GET,
        fil(0),
        none(),
        10_000_000,
    )?;
    Ok((steps, cast))
}

/// Applies an explicit message from `from` at its current nonce and returns its receipt view,
/// execution trace and gas stacks.
fn send(
    executor: &mut CliExecutor,
    from: Address,
    to: Address,
    method_num: u64,
    value: TokenAmount,
    params: RawBytes,
    gas_limit: i64,
) -> anyhow::Result<(Value, Vec<ExecEvent>, GasStacks)> {
    let machine = executor.machine();
    let sequence = match machine.lookup_id(&from)? {
        Some(id) => machine.get_actor(id)?.map_or(0, |actor| actor.sequence),
        None => 0,
    };
    let message = Message {
        version: 0,
        to,
        from,
        sequence,
        value,
        gas_limit,
        gas_fee_cap: TokenAmount::from_atto(FEE_CAP),
        gas_premium: TokenAmount::from_atto(PREMIUM),
        method_num,
        params,
    };
    let raw_length = fvmi_kernel::chain_length(&fvmi_ipld::cbor::to_vec(&message)?);
    let ret = executor.apply_message(&message, ApplyKind::Explicit { raw_length })?;
    let mut view = receipt_json(&message, &ret);
    view["frame"] = Value::String(frame(executor.machine(), &message.to, method_num));
    let mut stacks = GasStacks::default();
    let machine = executor.machine();
    add_stacks(&mut stacks, &ret.exec_trace, &|to, method| {
        frame_of_text(machine, to, method)
    });
    Ok((view, ret.exec_trace, stacks))
}

/// The ID address returned by an init `Exec`.
fn return_id(view: &Value) -> anyhow::Result<Address> {
    let text = view["return"].as_str().unwrap_or_default();
    let bytes = base64::engine::general_purpose::STANDARD.decode(text)?;
    params::exec_return_id(&bytes)
}
