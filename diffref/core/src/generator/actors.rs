//! Messages to miners, the market and the verified registry.

use fvmi_types::{Address, RawBytes, TokenAmount};

use super::{Body, Generator, FIL, PROOF_METHODS};
use crate::junk;
use crate::model::{Effect, Model};
use crate::params as p;

impl Generator {
    pub(super) fn miner_method(&mut self, model: &Model) -> anyhow::Result<Body> {
        if model.miners.is_empty() {
            let owner = self.some_account(model);
            return self.create_miner(&owner, model);
        }
        let miner = model.miners[self.rng.index(model.miners.len())].clone();
        let to = Address::new_id(miner.id);
        let caller = match self.rng.below(10) {
            0..=5 => Some(miner.owner),
            6..=8 => Some(miner.worker),
            _ => None,
        };
        let body = match self.rng.below(8) {
            0 => Body::new("miner-control", to, 2, RawBytes::default()),
            1 => Body::new("miner-peer", to, 4, p::peer_id(&self.rng.bytes(20))?),
            2 => {
                let amount = TokenAmount::from_atto(self.rng.below(2) as u128 * FIL);
                Body::new("miner-withdraw", to, 16, p::amount(&amount)?)
            }
            3 => {
                let worker = self.some_account(model);
                let control = vec![self.some_account(model)];
                Body::new(
                    "miner-change-worker",
                    to,
                    3,
                    p::change_worker(&worker, &control)?,
                )
            }
            4 => {
                let owner = if self.rng.chance(50) {
                    miner.owner
                } else {
                    self.some_account(model)
                };
                Body::new("miner-change-owner", to, 23, p::address(&owner)?)
            }
            5 => Body::new("miner-confirm-worker", to, 21, RawBytes::default()),
            6 => Body::new("miner-repay-debt", to, 22, RawBytes::default()).value(1000),
            _ => {
                let method = loop {
                    let method = self.rng.range(1, 32);
                    if !PROOF_METHODS.contains(&method) {
                        break method;
                    }
                };
                Body::new("miner-junk", to, method, junk::params(&mut self.rng))
            }
        };
        Ok(match caller {
            Some(caller) => body.from(caller),
            None => body,
        })
    }

    pub(super) fn market(
        &mut self,
        sender: &Address,
        balance: u128,
        model: &Model,
    ) -> anyhow::Result<Body> {
        let market = Address::new_id(5);
        let party = match (model.miners.is_empty(), self.rng.below(3)) {
            (false, 0) => Address::new_id(model.miners[self.rng.index(model.miners.len())].id),
            (_, 1) => self.some_account(model),
            _ => *sender,
        };
        Ok(match self.rng.below(4) {
            0 | 1 => Body::new("market-add-balance", market, p::MARKET_ADD_BALANCE, {
                p::address(&party)?
            })
            .value(self.share(balance)),
            2 => {
                let amount = TokenAmount::from_atto(self.share(balance));
                Body::new("market-withdraw", market, p::MARKET_WITHDRAW, {
                    p::withdraw(&party, &amount)?
                })
            }
            _ => Body::new(
                "market-publish-junk",
                market,
                4,
                junk::params(&mut self.rng),
            ),
        })
    }

    pub(super) fn verifreg(&mut self, model: &Model) -> anyhow::Result<Body> {
        let registry = Address::new_id(6);
        let allowance = TokenAmount::from_atto(u128::from(self.rng.range(0, 1 << 40)));
        if model.verifiers.is_empty() || self.rng.chance(40) {
            let verifier = self.some_account(model);
            let body = Body::new(
                "verifreg-add-verifier",
                registry,
                p::VERIFREG_ADD_VERIFIER,
                p::verifier(&verifier, &allowance)?,
            )
            .effect(Effect::Verifier(verifier));
            return Ok(match (&model.verifreg_root, self.rng.chance(85)) {
                (Some(root), true) => body.from(root.address),
                _ => body,
            });
        }
        let client = self.some_account(model);
        let verifier = model.verifiers[self.rng.index(model.verifiers.len())];
        let body = Body::new(
            "verifreg-add-client",
            registry,
            p::VERIFREG_ADD_CLIENT,
            p::verifier(&client, &allowance)?,
        );
        Ok(if self.rng.chance(85) {
            body.from(verifier)
        } else {
            body
        })
    }
}
