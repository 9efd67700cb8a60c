//! The seeded message generator: picks a kind of message, a sender and its envelope (nonce,
//! gas, fees), sometimes breaks the envelope on purpose, and says what success would create.

use cid::Cid;
use fvmi_types::{Address, Message, RawBytes, TokenAmount};

use crate::genesis::KeyAccount;
use crate::junk;
use crate::local::LocalVm;
use crate::model::{Effect, Model};
use crate::params as p;
use crate::rng::Rng;

mod actors;
mod fevm;

/// The code CIDs the generator deploys.
#[derive(Debug, Clone)]
pub struct Codes {
    /// Multisig.
    pub multisig: Cid,
    /// Payment channel.
    pub paych: Cid,
    /// Storage miner.
    pub miner: Cid,
    /// Account.
    pub account: Cid,
    /// Whether the bundle has the EAM and the EVM (nv18 on): the FEVM messages are generated.
    pub fevm: bool,
}

/// One generated message.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The message.
    pub message: Message,
    /// Its kind, for the statistics.
    pub kind: &'static str,
    /// What it creates if it succeeds.
    pub effect: Effect,
}

/// Miner methods that verify proofs (fvmi accepts every proof, the reference checks them):
/// never called, so a real proof check never decides an outcome.
const PROOF_METHODS: &[u64] = &[5, 7, 24, 26, 27, 29];

/// The generator.
pub struct Generator {
    rng: Rng,
    codes: Codes,
    fresh: u64,
}

/// The message body before the envelope is added.
struct Body {
    kind: &'static str,
    to: Address,
    method: u64,
    value: TokenAmount,
    params: RawBytes,
    effect: Effect,
    sender: Option<Address>,
    gas_cap: Option<i64>,
}

impl Body {
    fn new(kind: &'static str, to: Address, method: u64, params: RawBytes) -> Self {
        Body {
            kind,
            to,
            method,
            value: TokenAmount::zero(),
            params,
            effect: Effect::None,
            sender: None,
            gas_cap: None,
        }
    }

    /// Sends from `sender` instead of the randomly picked one.
    fn from(mut self, sender: Address) -> Self {
        self.sender = Some(sender);
        self
    }

    fn value(mut self, value: u128) -> Self {
        self.value = TokenAmount::from_atto(value);
        self
    }

    fn effect(mut self, effect: Effect) -> Self {
        self.effect = effect;
        self
    }
}

const FIL: u128 = 1_000_000_000_000_000_000;

impl Generator {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64, codes: Codes) -> Self {
        Generator {
            rng: Rng::new(seed),
            codes,
            fresh: seed.wrapping_mul(1_000_003),
        }
    }

    fn new_key(&mut self, bls: bool) -> anyhow::Result<Address> {
        self.fresh = self.fresh.wrapping_add(1);
        crate::genesis::key_address("fresh", self.fresh, bls)
    }

    /// The next message.
    pub fn next(&mut self, model: &Model, local: &LocalVm) -> anyhow::Result<Planned> {
        let senders = model.senders();
        let picked = self.pick_sender(&senders, model);
        let view = |address: &Address| local.lookup(address).and_then(|id| local.actor(id));
        let balance = view(&picked).map_or(0, |a| a.balance);
        let body = self.body(&picked, balance, model)?;
        let sender = body.sender.unwrap_or(picked);
        let from_view = view(&sender);
        let balance = from_view.as_ref().map_or(0, |a| a.balance);
        let sequence = from_view.as_ref().map_or(0, |a| a.sequence);
        Ok(self.envelope(sender, sequence, balance, body))
    }

    fn pick_sender(&mut self, senders: &[KeyAccount], model: &Model) -> Address {
        let roll = self.rng.below(100);
        if roll < 3 {
            // Not an account, or not on chain at all.
            return match self.rng.below(4) {
                0 => Address::new_id(self.rng.range(0, 7)),
                1 => Address::new_id(self.rng.range(1000, 1_000_000)),
                2 => model
                    .multisigs
                    .first()
                    .map_or(Address::new_id(2), |m| Address::new_id(m.id)),
                _ => crate::genesis::key_address("stranger", self.rng.next_u64(), false)
                    .unwrap_or(Address::new_id(3)),
            };
        }
        let account = &senders[self.rng.index(senders.len())];
        if self.rng.chance(25) {
            Address::new_id(account.id)
        } else {
            account.address
        }
    }

    fn some_account(&mut self, model: &Model) -> Address {
        let all = model.senders();
        let account = &all[self.rng.index(all.len())];
        if self.rng.chance(30) {
            Address::new_id(account.id)
        } else {
            account.address
        }
    }

    fn share(&mut self, balance: u128) -> u128 {
        match self.rng.below(10) {
            0 => 0,
            1 => self.rng.range(1, 1000) as u128,
            2..=7 => balance / u128::from(self.rng.range(1000, 1_000_000)),
            _ => FIL * u128::from(self.rng.range(1, 50)),
        }
    }

    fn body(&mut self, sender: &Address, balance: u128, model: &Model) -> anyhow::Result<Body> {
        let hostile = if model.hostiles.is_empty() { 0 } else { 4 };
        // The FEVM weight comes last, so the message streams before nv18 are unchanged.
        let fevm = if self.codes.fevm { 30 } else { 0 };
        let weights = [
            12, 6, 3, 2, 1, 2, 4, 7, 5, 5, 5, 7, 5, 4, 2, 9, 2, hostile, fevm,
        ];
        Ok(match self.rng.weighted(&weights) {
            0 => {
                let to = self.some_account(model);
                Body::new("transfer", to, 0, RawBytes::default()).value(self.share(balance))
            }
            1 | 2 => {
                let bls = self.rng.chance(40);
                let to = self.new_key(bls)?;
                let value = FIL * u128::from(self.rng.range(1, 100));
                Body::new("transfer-new-key", to, 0, RawBytes::default())
                    .value(value)
                    .effect(Effect::Account(to))
            }
            3 => Body::new("transfer-self", *sender, 0, RawBytes::default())
                .value(self.share(balance)),
            4 => {
                let to = Address::new_id(self.rng.range(8, 98));
                Body::new("transfer-missing-id", to, 0, RawBytes::default()).value(1)
            }
            5 => {
                let to = Address::new_id(self.rng.range(0, 7));
                let method = if self.rng.chance(70) { 0 } else { 2 };
                Body::new("send-singleton", to, method, RawBytes::default())
                    .value(self.share(balance))
            }
            6 => self.create_multisig(sender, balance, model)?,
            7 => self.multisig_propose(model)?,
            8 => self.multisig_approve(model)?,
            9 => self.paych(sender, balance, model)?,
            10 => self.create_miner(sender, model)?,
            11 => self.miner_method(model)?,
            12 => self.market(sender, balance, model)?,
            13 => self.verifreg(model)?,
            14 => self.bad_exec()?,
            15 => self.random_call(model),
            18 => self.fevm(sender, balance, model)?,
            17 => {
                let (id, _) = &model.hostiles[self.rng.index(model.hostiles.len())];
                let method = if self.rng.chance(90) {
                    crate::adversarial::METHOD
                } else {
                    self.rng.range(0, 10)
                };
                let mut body =
                    Body::new("hostile", Address::new_id(*id), method, RawBytes::default())
                        .value(if self.rng.chance(20) { 1 } else { 0 });
                // nv18 prices instructions and memory about three times higher: memory growth
                // to the 512 MiB instance limit alone costs ~1.9 billion gas there.
                body.gas_cap = Some(if self.codes.fevm {
                    4_000_000_000
                } else {
                    300_000_000
                });
                body
            }
            _ => {
                let to = self.some_account(model);
                let (method, kind) = match self.rng.below(3) {
                    0 => (2, "account-pubkey"),
                    1 => (3, "reward-this-epoch"),
                    _ => (9, "power-total"),
                };
                let to = match method {
                    3 => Address::new_id(2),
                    9 => Address::new_id(4),
                    _ => to,
                };
                Body::new(kind, to, method, RawBytes::default())
            }
        })
    }

    fn signers(&mut self, sender: &Address, model: &Model) -> Vec<Address> {
        let mut signers = vec![*sender];
        for _ in 0..self.rng.below(3) {
            let other = self.some_account(model);
            signers.push(other);
        }
        signers
    }

    fn create_multisig(
        &mut self,
        sender: &Address,
        balance: u128,
        model: &Model,
    ) -> anyhow::Result<Body> {
        let signers = self.signers(sender, model);
        let threshold = match self.rng.below(10) {
            0 => 0,
            1 => signers.len() as u64 + 1,
            _ => self.rng.range(1, signers.len() as u64),
        };
        let unlock = if self.rng.chance(20) {
            self.rng.range(0, 1000) as i64
        } else {
            0
        };
        let ctor = p::msig_ctor(&signers, threshold, unlock, 0)?;
        let params = p::exec(&self.codes.multisig, &ctor)?;
        Ok(
            Body::new("multisig-create", Address::new_id(1), p::INIT_EXEC, params)
                .value(self.share(balance))
                .effect(Effect::Multisig(signers)),
        )
    }

    fn multisig_propose(&mut self, model: &Model) -> anyhow::Result<Body> {
        if model.multisigs.is_empty() {
            return Ok(self.random_call(model));
        }
        let index = self.rng.index(model.multisigs.len());
        let msig = model.multisigs[index].clone();
        let to_self = if self.rng.chance(50) {
            Address::new_id(msig.id)
        } else {
            msig.robust
        };
        let (to, value, method, inner) = match self.rng.below(6) {
            0 => (to_self, 0, p::MSIG_ADD_SIGNER, {
                let signer = self.some_account(model);
                p::add_signer(&signer, self.rng.chance(50))?
            }),
            1 => (to_self, 0, p::MSIG_CHANGE_THRESHOLD, {
                p::threshold(self.rng.range(0, 3))?
            }),
            2 => (to_self, 0, p::MSIG_LOCK_BALANCE, {
                let amount = TokenAmount::from_atto(FIL * u128::from(self.rng.range(0, 5)));
                p::lock_balance(self.rng.range(0, 2000) as i64, 100, &amount)?
            }),
            3 => {
                let target = self.random_target(model);
                (
                    target,
                    0,
                    self.rng.range(0, 30),
                    junk::params(&mut self.rng),
                )
            }
            _ => {
                let to = self.some_account(model);
                let value = FIL * u128::from(self.rng.range(0, 10));
                (to, value, 0, RawBytes::default())
            }
        };
        let params = p::propose(&to, &TokenAmount::from_atto(value), method, &inner)?;
        let proposer = msig.signers[self.rng.index(msig.signers.len())];
        let target = if self.rng.chance(50) {
            Address::new_id(msig.id)
        } else {
            msig.robust
        };
        let body = Body::new("multisig-propose", target, p::MSIG_PROPOSE, params)
            .effect(Effect::Proposal(index));
        Ok(if self.rng.chance(85) {
            body.from(proposer)
        } else {
            body
        })
    }

    fn multisig_approve(&mut self, model: &Model) -> anyhow::Result<Body> {
        if model.multisigs.is_empty() {
            return Ok(self.random_call(model));
        }
        let msig = &model.multisigs[self.rng.index(model.multisigs.len())];
        let txn = if !msig.pending.is_empty() && self.rng.chance(80) {
            msig.pending[self.rng.index(msig.pending.len())]
        } else {
            self.rng.range(0, 5) as i64
        };
        let hash = if self.rng.chance(80) {
            Vec::new()
        } else {
            self.rng.bytes(32)
        };
        let (method, kind) = if self.rng.chance(75) {
            (p::MSIG_APPROVE, "multisig-approve")
        } else {
            (p::MSIG_CANCEL, "multisig-cancel")
        };
        let signer = msig.signers[self.rng.index(msig.signers.len())];
        let body = Body::new(kind, Address::new_id(msig.id), method, p::txn(txn, &hash)?);
        Ok(if self.rng.chance(85) {
            body.from(signer)
        } else {
            body
        })
    }

    fn paych(&mut self, sender: &Address, balance: u128, model: &Model) -> anyhow::Result<Body> {
        if model.paychs.is_empty() || self.rng.chance(35) {
            let to = if self.rng.chance(10) {
                Address::new_id(4)
            } else {
                self.some_account(model)
            };
            let ctor = p::paych_ctor(sender, &to)?;
            let params = p::exec(&self.codes.paych, &ctor)?;
            return Ok(
                Body::new("paych-create", Address::new_id(1), p::INIT_EXEC, params)
                    .value(self.share(balance))
                    .effect(Effect::Paych(*sender, to)),
            );
        }
        let paych = model.paychs[self.rng.index(model.paychs.len())].clone();
        let to = Address::new_id(paych.id);
        let party = if self.rng.chance(50) {
            paych.from
        } else {
            paych.to
        };
        let body = match self.rng.below(4) {
            0 => Body::new("paych-settle", to, p::PAYCH_SETTLE, RawBytes::default()),
            1 => Body::new("paych-collect", to, p::PAYCH_COLLECT, RawBytes::default()),
            2 => Body::new(
                "paych-update-junk",
                to,
                p::PAYCH_UPDATE,
                junk::params(&mut self.rng),
            ),
            _ => Body::new("paych-topup", to, 0, RawBytes::default()).value(FIL),
        };
        Ok(if self.rng.chance(85) {
            body.from(party)
        } else {
            body
        })
    }

    fn create_miner(&mut self, sender: &Address, model: &Model) -> anyhow::Result<Body> {
        let bls: Vec<KeyAccount> = model
            .senders()
            .into_iter()
            .filter(|a| a.address.to_bytes().first() == Some(&3))
            .collect();
        let worker = if !bls.is_empty() && self.rng.chance(80) {
            let account = &bls[self.rng.index(bls.len())];
            if self.rng.chance(50) {
                Address::new_id(account.id)
            } else {
                account.address
            }
        } else {
            self.some_account(model)
        };
        let proof = if self.rng.chance(90) {
            p::WINDOW_POST_32GIB - self.rng.below(4) as i64
        } else {
            self.rng.range(0, 20) as i64
        };
        let peer_len = self.rng.below(40) as usize;
        let peer = self.rng.bytes(peer_len);
        let addrs: Vec<Vec<u8>> = (0..self.rng.below(3)).map(|_| self.rng.bytes(8)).collect();
        let params = p::create_miner(sender, &worker, proof, &peer, &addrs)?;
        let value = if self.rng.chance(50) { 0 } else { FIL };
        Ok(Body::new(
            "miner-create",
            Address::new_id(4),
            p::POWER_CREATE_MINER,
            params,
        )
        .value(value)
        .effect(Effect::Miner(*sender, worker)))
    }

    fn bad_exec(&mut self) -> anyhow::Result<Body> {
        let code = match self.rng.below(3) {
            0 => self.codes.miner,
            1 => self.codes.account,
            _ => fvmi_ipld::cbor::cid_of(0x55, &self.rng.bytes(8)),
        };
        let params = if self.rng.chance(50) {
            p::exec(&code, &junk::params(&mut self.rng))?
        } else {
            junk::params(&mut self.rng)
        };
        Ok(Body::new(
            "init-exec-bad",
            Address::new_id(1),
            p::INIT_EXEC,
            params,
        ))
    }

    fn random_target(&mut self, model: &Model) -> Address {
        let mut ids: Vec<u64> = (0..=7).collect();
        ids.push(99);
        ids.extend(model.senders().iter().map(|a| a.id));
        ids.extend(model.multisigs.iter().map(|m| m.id));
        ids.extend(model.paychs.iter().map(|m| m.id));
        ids.extend(model.miners.iter().map(|m| m.id));
        if self.codes.fevm {
            ids.push(crate::genesis::EAM_ID);
            ids.extend(model.contracts.iter().map(|c| c.id));
        }
        Address::new_id(ids[self.rng.index(ids.len())])
    }

    fn random_call(&mut self, model: &Model) -> Body {
        let to = self.random_target(model);
        let is_miner = model.miners.iter().any(|m| Address::new_id(m.id) == to);
        let method = loop {
            let method = match self.rng.below(10) {
                0 => self.rng.next_u64(),
                1 => self.rng.range(1 << 24, 1 << 32),
                _ => self.rng.range(0, 34),
            };
            if !(is_miner && PROOF_METHODS.contains(&method)) {
                break method;
            }
        };
        let value = if self.rng.chance(20) { 1000 } else { 0 };
        Body::new("random-call", to, method, junk::params(&mut self.rng)).value(value)
    }

    fn envelope(&mut self, from: Address, sequence: u64, balance: u128, mut body: Body) -> Planned {
        let mut kind = body.kind;
        let mut sequence = sequence;
        if self.rng.chance(4) {
            kind = "bad-nonce";
            sequence = match self.rng.below(3) {
                0 => sequence + 1,
                1 => sequence.wrapping_sub(1),
                _ => sequence + self.rng.range(2, 1000),
            };
        }
        if self.rng.chance(2) {
            kind = "value-over-balance";
            body.value =
                TokenAmount::from_atto(balance.saturating_add(self.rng.range(0, 1000) as u128));
        }
        let gas_limit: i64 = match self.rng.below(100) {
            0..=5 => self.rng.range(0, 2_000_000) as i64,
            6..=14 => self.rng.range(2_000_000, 40_000_000) as i64,
            15 => 10_000_000_001 + self.rng.below(100) as i64,
            16 => -(self.rng.range(1, 100) as i64),
            _ => self.rng.range(100_000_000, 3_000_000_000) as i64,
        };
        let gas_limit = body.gas_cap.map_or(gas_limit, |cap| gas_limit.min(cap));
        let fee_cap: u128 = match self.rng.below(100) {
            0 => 0,
            1..=3 => self.rng.range(1, 99) as u128,
            4 => u128::from(u64::MAX) * 1_000_000,
            _ => self.rng.range(100, 2000) as u128,
        };
        let premium = match self.rng.below(4) {
            0 => 0,
            1 => fee_cap + 1,
            _ => self
                .rng
                .below(u64::try_from(fee_cap).unwrap_or(u64::MAX).saturating_add(1))
                as u128,
        };
        Planned {
            message: Message {
                version: 0,
                to: body.to,
                from,
                sequence,
                value: body.value,
                gas_limit,
                gas_fee_cap: TokenAmount::from_atto(fee_cap),
                gas_premium: TokenAmount::from_atto(premium),
                method_num: body.method,
                params: body.params,
            },
            kind,
            effect: body.effect,
        }
    }
}
