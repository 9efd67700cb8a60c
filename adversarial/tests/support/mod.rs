//! Running one adversarial actor at one network version and checking the accounting around it.

use fvmi_adversarial::chain::{self, Chain, BASE_FEE, BURNT_FUNDS_ID, REWARD_ID};
use fvmi_adversarial::{Abi, Actor, ACTOR_ID, OTHER_ID, SENDER_ID};
use fvmi_kernel::ApplyRet;
use fvmi_state::ActorState;
use fvmi_types::{ActorID, NetworkVersion, TokenAmount};

/// Every actor the tests look at: the genesis actors, the accounts, the adversarial actor, the
/// next ID init would hand out and the first ID `create_actors` uses.
pub const WATCHED: [ActorID; 9] = [
    0,
    1,
    REWARD_ID,
    BURNT_FUNDS_ID,
    SENDER_ID,
    OTHER_ID,
    ACTOR_ID,
    ACTOR_ID + 1,
    2000,
];

/// The value every message carries, attoFIL.
pub const VALUE: u64 = 5;

/// A message applied: the receipt, the watched actors before, the chain after.
pub struct Run {
    pub nv: NetworkVersion,
    pub ret: ApplyRet,
    pub before: Vec<Option<ActorState>>,
    pub chain: Chain,
}

impl Run {
    /// The exit code.
    pub fn exit(&self) -> u32 {
        self.ret.msg_receipt.exit_code.value()
    }

    /// The gas used.
    pub fn gas(&self) -> i64 {
        self.ret.msg_receipt.gas_used
    }

    fn after(&self) -> Vec<Option<ActorState>> {
        WATCHED
            .map(|id| self.chain.actor(id).expect("state readable"))
            .to_vec()
    }

    fn fees(&self) -> TokenAmount {
        &(&self.ret.base_fee_burn + &self.ret.over_estimation_burn) + &self.ret.miner_tip
    }

    /// Checks what every message must satisfy: the sender's nonce went up by one, the base fee
    /// burns the gas used, the burns and the tip reached their actors, no penalty, and FIL is
    /// conserved over the watched actors.
    fn check_accounting(&self, before: &[Option<ActorState>], after: &[Option<ActorState>]) {
        let at = |states: &[Option<ActorState>], id: ActorID| {
            let index = WATCHED.iter().position(|w| *w == id).expect("watched");
            states[index].clone()
        };
        let (sender_before, sender_after) = (
            at(before, SENDER_ID).unwrap(),
            at(after, SENDER_ID).unwrap(),
        );
        assert_eq!(
            sender_after.sequence,
            sender_before.sequence + 1,
            "{}: nonce",
            self.nv
        );
        assert!(self.ret.penalty.is_zero(), "{}: penalty", self.nv);
        assert_eq!(
            self.ret.base_fee_burn,
            TokenAmount::from_atto(BASE_FEE) * self.gas(),
            "{}: base fee burn",
            self.nv
        );
        let balance = |states: &[Option<ActorState>], id| {
            at(states, id).map(|a| a.balance).unwrap_or_default()
        };
        assert_eq!(
            balance(after, BURNT_FUNDS_ID),
            &(&balance(before, BURNT_FUNDS_ID) + &self.ret.base_fee_burn)
                + &self.ret.over_estimation_burn,
            "{}: burns",
            self.nv
        );
        assert_eq!(
            balance(after, REWARD_ID),
            &balance(before, REWARD_ID) + &self.ret.miner_tip,
            "{}: tip",
            self.nv
        );
        let total = |states: &[Option<ActorState>]| -> TokenAmount {
            states.iter().flatten().map(|a| a.balance.clone()).sum()
        };
        assert_eq!(total(after), total(before), "{}: FIL conserved", self.nv);
    }

    /// Checks a failed message: a non-zero exit code, and every watched actor
    /// unchanged but the sender (nonce + 1, fees paid, its value back), the burnt-funds and reward
    /// actors (fees received).
    pub fn assert_rolled_back(&self) {
        assert_ne!(self.exit(), 0, "{}: the message failed", self.nv);
        let after = self.after();
        self.check_accounting(&self.before, &after);
        for ((id, before), after) in WATCHED.iter().zip(&self.before).zip(&after) {
            match *id {
                SENDER_ID => {
                    let (before, after) = (before.clone().unwrap(), after.clone().unwrap());
                    assert_eq!(
                        after.balance,
                        &before.balance - &self.fees(),
                        "{}: sender pays fees only",
                        self.nv
                    );
                    assert_eq!(
                        (after.code, after.state),
                        (before.code, before.state),
                        "{}: sender",
                        self.nv
                    );
                }
                BURNT_FUNDS_ID | REWARD_ID => {}
                _ => assert_eq!(after, before, "{}: actor {id} rolled back", self.nv),
            }
        }
    }

    /// Checks a successful message: exit 0, and the accounting (the sender paid the value and
    /// the fees).
    pub fn assert_success(&self) {
        assert_eq!(
            self.exit(),
            0,
            "{}: success ({:?})",
            self.nv,
            self.ret.failure_info
        );
        let after = self.after();
        self.check_accounting(&self.before, &after);
        let index = WATCHED.iter().position(|w| *w == SENDER_ID).unwrap();
        let (before, after) = (
            self.before[index].clone().unwrap(),
            after[index].clone().unwrap(),
        );
        assert_eq!(
            after.balance,
            &(&before.balance - &self.fees()) - &TokenAmount::from_atto(VALUE),
            "{}: the sender pays value and fees",
            self.nv
        );
    }

    /// Prints the outcome (the README's table is made from these lines).
    pub fn report(&self, name: &str) {
        eprintln!(
            "OUTCOME {name} nv{} exit={:#x} gas={}",
            self.nv,
            self.exit(),
            self.gas()
        );
    }
}

/// Runs `actor` at `nv` with `gas_limit`; `None` when the network version's bundle is absent.
///
/// # Panics
///
/// When the chain cannot be built or the message ends in a fatal error.
pub fn run(actor: &Actor, nv: NetworkVersion, gas_limit: i64) -> Option<Run> {
    let ret = try_run(actor, nv, gas_limit)?;
    match ret {
        Ok(run) => Some(run),
        Err(e) => panic!("{} at nv{}: fatal error: {e}", actor.name, nv),
    }
}

/// Like [`run`], giving back a fatal error of the message.
pub fn try_run(actor: &Actor, nv: NetworkVersion, gas_limit: i64) -> Option<Result<Run, String>> {
    if !chain::available(nv) {
        return None;
    }
    let wasm = actor
        .wasm(Abi::for_network_version(nv))
        .expect("the actor compiles");
    let mut chain = Chain::new(nv, &wasm).expect("the chain builds");
    let before = WATCHED
        .map(|id| chain.actor(id).expect("state readable"))
        .to_vec();
    Some(match chain.call(gas_limit, TokenAmount::from_atto(VALUE)) {
        Ok(ret) => Ok(Run {
            nv,
            ret,
            before,
            chain,
        }),
        Err(e) => Err(e.to_string()),
    })
}
