//! Network version 18 messages: transfers to f4 addresses (creating placeholders, which become
//! Ethereum accounts when they first send), EAM `CreateExternal` / `Create` / `Create2` of the
//! small contracts of [`crate::evm`] or junk creation code, `InvokeContract` calls with ABI call
//! data for each contract's functions or junk, and other EVM methods.

use fvmi_types::{Address, RawBytes};
use serde_bytes::Bytes;

use super::{Body, Generator, FIL};
use crate::evm::{self, Kind, KINDS};
use crate::genesis::{eth_address, f410, EAM_ID};
use crate::model::{Contract, Effect, Model};

/// CBOR byte string of `data` (the EVM's and the EAM's parameter shape).
fn cbor_bytes(data: &[u8]) -> anyhow::Result<RawBytes> {
    Ok(fvmi_ipld::cbor::to_vec(&Bytes::new(data))?.into())
}

impl Generator {
    pub(super) fn fevm(
        &mut self,
        sender: &Address,
        balance: u128,
        model: &Model,
    ) -> anyhow::Result<Body> {
        Ok(match self.rng.below(100) {
            0..=19 => {
                self.fresh = self.fresh.wrapping_add(1);
                let to = f410(&eth_address("fresh", self.fresh))?;
                let value = if self.rng.chance(10) {
                    0
                } else {
                    FIL * u128::from(self.rng.range(1, 50))
                };
                Body::new("transfer-f410-new", to, 0, RawBytes::default())
                    .value(value)
                    .effect(Effect::Account(to))
            }
            20..=23 => {
                // An f4 address outside the EAM's namespace.
                let namespace = match self.rng.below(3) {
                    0 => 1000 + self.rng.below(10),
                    1 => self.rng.range(0, 99),
                    _ => self.rng.next_u64() >> 1,
                };
                let len = self.rng.range(0, 54) as usize;
                let to = Address::new_delegated(namespace, &self.rng.bytes(len))
                    .unwrap_or(Address::new_id(namespace));
                Body::new("transfer-f4-other", to, 0, RawBytes::default()).value(1)
            }
            24..=47 => self.create_external(model)?,
            48..=52 => {
                let (kind, initcode) = self.initcode();
                let (method, params, name) = if self.rng.chance(50) {
                    let nonce = self.rng.below(5);
                    let params = fvmi_ipld::cbor::to_vec(&(Bytes::new(&initcode), nonce))?;
                    (evm::EAM_CREATE, params, "eam-create")
                } else {
                    let salt = self.rng.bytes(32);
                    let params =
                        fvmi_ipld::cbor::to_vec(&(Bytes::new(&initcode), Bytes::new(&salt)))?;
                    (evm::EAM_CREATE2, params, "eam-create2")
                };
                let mut body = Body::new(name, Address::new_id(EAM_ID), method, params.into());
                if let Some(kind) = kind {
                    body = body.effect(Effect::Contract(kind));
                }
                body
            }
            53..=92 => self.invoke(sender, balance, model)?,
            _ => {
                let Some(contract) = self.some_contract(model) else {
                    return self.create_external(model);
                };
                let to = self.contract_address(&contract);
                let (method, kind) = match self.rng.below(5) {
                    0 => (3, "evm-get-bytecode"),
                    1 => (4, "evm-get-bytecode-hash"),
                    2 => (5, "evm-get-storage-at"),
                    3 => (0, "evm-transfer"),
                    _ => (self.rng.range(6, 40), "evm-other-method"),
                };
                let params = if method == 5 {
                    let len = self.rng.below(33) as usize;
                    cbor_bytes(&self.rng.bytes(len))?
                } else if self.rng.chance(70) {
                    RawBytes::default()
                } else {
                    crate::junk::params(&mut self.rng)
                };
                Body::new(kind, to, method, params).value(if method == 0 { FIL } else { 0 })
            }
        })
    }

    /// Creation code: one of the contracts (Token with a supply argument), or junk.
    fn initcode(&mut self) -> (Option<Kind>, Vec<u8>) {
        if self.rng.chance(10) {
            let len = self.rng.below(64) as usize;
            return (None, self.rng.bytes(len));
        }
        let kind = KINDS[self.rng.index(KINDS.len())];
        let mut code = kind.initcode();
        if kind == Kind::Token {
            code.extend_from_slice(&evm::word(u128::from(self.rng.range(0, 1_000_000))));
        }
        (Some(kind), code)
    }

    fn create_external(&mut self, model: &Model) -> anyhow::Result<Body> {
        let (kind, initcode) = self.initcode();
        let eth_senders: Vec<Address> = model
            .senders()
            .iter()
            .map(|a| a.address)
            .filter(|a| a.to_bytes().first() == Some(&4))
            .collect();
        let mut body = Body::new(
            "eam-create-external",
            Address::new_id(EAM_ID),
            evm::EAM_CREATE_EXTERNAL,
            cbor_bytes(&initcode)?,
        );
        if !eth_senders.is_empty() && self.rng.chance(85) {
            body = body.from(eth_senders[self.rng.index(eth_senders.len())]);
        }
        if kind == Some(Kind::Destructible) && self.rng.chance(50) {
            body = body.value(self.rng.range(1, 1000) as u128);
        }
        Ok(match kind {
            Some(kind) => body.effect(Effect::Contract(kind)),
            None => body,
        })
    }

    fn some_contract(&mut self, model: &Model) -> Option<Contract> {
        if model.contracts.is_empty() {
            return None;
        }
        Some(model.contracts[self.rng.index(model.contracts.len())].clone())
    }

    /// A contract's f410 address (mostly), ID or robust address.
    fn contract_address(&mut self, contract: &Contract) -> Address {
        match (self.rng.below(10), contract.robust) {
            (0..=1, _) => Address::new_id(contract.id),
            (2, Some(robust)) => robust,
            _ => f410(&contract.eth).unwrap_or(Address::new_id(contract.id)),
        }
    }

    /// The Ethereum address of some contract of `kind`, or a random one.
    fn eth_of(&mut self, model: &Model, kind: Kind) -> [u8; 20] {
        let matching: Vec<&Contract> = model.contracts.iter().filter(|c| c.kind == kind).collect();
        if matching.is_empty() || self.rng.chance(10) {
            let mut eth = [0u8; 20];
            eth.copy_from_slice(&self.rng.bytes(20));
            return eth;
        }
        matching[self.rng.index(matching.len())].eth
    }

    fn invoke(&mut self, sender: &Address, balance: u128, model: &Model) -> anyhow::Result<Body> {
        let Some(contract) = self.some_contract(model) else {
            return self.create_external(model);
        };
        let small = |g: &mut Generator| evm::word(u128::from(g.rng.range(0, 20)));
        let calldata = if self.rng.chance(10) {
            let len = self.rng.below(70) as usize;
            self.rng.bytes(len)
        } else {
            match contract.kind {
                Kind::Counter => match self.rng.below(3) {
                    0 => evm::call("increment()", &[]),
                    1 => evm::call("count()", &[]),
                    _ => evm::call("add(uint256)", &[small(self)]),
                },
                Kind::Token => {
                    let to = evm::address_word(&self.eth_of(model, Kind::Counter));
                    let amount = evm::word(u128::from(self.rng.range(0, 2_000_000)));
                    match self.rng.below(4) {
                        0 => evm::call("transfer(address,uint256)", &[to, amount]),
                        1 => evm::call("approve(address,uint256)", &[to, amount]),
                        2 => {
                            let from = sender.payload_bytes();
                            let mut eth = [0u8; 20];
                            if from.len() == 20 {
                                eth.copy_from_slice(&from);
                            }
                            let from = evm::address_word(&eth);
                            evm::call("transferFrom(address,address,uint256)", &[from, to, amount])
                        }
                        _ => evm::call("balanceOf(address)", &[to]),
                    }
                }
                Kind::Caller => {
                    if self.rng.chance(50) {
                        let counter = evm::address_word(&self.eth_of(model, Kind::Counter));
                        evm::call("incrementMany(address,uint256)", &[counter, small(self)])
                    } else {
                        let reverter = evm::address_word(&self.eth_of(model, Kind::Reverter));
                        evm::call("tryFail(address,uint256)", &[reverter, small(self)])
                    }
                }
                Kind::Reverter => evm::call("fail(uint256)", &[small(self)]),
                Kind::Destructible => {
                    if self.rng.chance(70) {
                        evm::call("ping()", &[])
                    } else {
                        let beneficiary = evm::address_word(&self.eth_of(model, Kind::Counter));
                        evm::call("destroy(address)", &[beneficiary])
                    }
                }
                Kind::Factory => evm::call("make()", &[]),
            }
        };
        let params = if calldata.is_empty() && self.rng.chance(50) {
            RawBytes::default()
        } else {
            cbor_bytes(&calldata)?
        };
        let to = self.contract_address(&contract);
        let value = match self.rng.below(10) {
            0 => self.share(balance),
            1 => 1,
            _ => 0,
        };
        Ok(Body::new("evm-invoke", to, evm::INVOKE_CONTRACT, params).value(value))
    }
}
