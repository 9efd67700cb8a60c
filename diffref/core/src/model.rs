//! What the generator knows about the chain: the actors it created and how to address them.
//! Only successful messages (the two VMs agreed on them) change it.

use fvmi_types::Address;
use serde_bytes::ByteBuf;

use crate::evm::Kind;
use crate::genesis::KeyAccount;
use crate::local::LocalVm;

/// A multisig created through init `Exec`.
#[derive(Debug, Clone)]
pub struct Multisig {
    /// Its ID.
    pub id: u64,
    /// Its robust (f2) address.
    pub robust: Address,
    /// Its signers' key addresses.
    pub signers: Vec<Address>,
    /// Proposals that were not applied at once (txn ids).
    pub pending: Vec<i64>,
}

/// A payment channel.
#[derive(Debug, Clone)]
pub struct Paych {
    /// Its ID.
    pub id: u64,
    /// The payer.
    pub from: Address,
    /// The payee.
    pub to: Address,
}

/// A miner created through power `CreateMiner`.
#[derive(Debug, Clone)]
pub struct Miner {
    /// Its ID.
    pub id: u64,
    /// The owner.
    pub owner: Address,
    /// The worker.
    pub worker: Address,
}

/// An EVM contract created through the EAM (nv18 on).
#[derive(Debug, Clone)]
pub struct Contract {
    /// Its ID.
    pub id: u64,
    /// Its robust (f2) address, if the EAM returned one.
    pub robust: Option<Address>,
    /// Its Ethereum address (its f410 address's subaddress).
    pub eth: [u8; 20],
    /// What it is.
    pub kind: Kind,
}

/// What a message creates or changes if it succeeds.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Nothing the generator tracks.
    None,
    /// A new account at this key address.
    Account(Address),
    /// A multisig with these signers.
    Multisig(Vec<Address>),
    /// A payment channel.
    Paych(Address, Address),
    /// A miner with this owner and worker.
    Miner(Address, Address),
    /// A proposal on the multisig at this index.
    Proposal(usize),
    /// A new verifier.
    Verifier(Address),
    /// An EVM contract of this kind (the EAM's return names it).
    Contract(Kind),
}

/// The generator's view of the chain.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Funded genesis accounts.
    pub genesis: Vec<KeyAccount>,
    /// The verified registry root key holder.
    pub verifreg_root: Option<KeyAccount>,
    /// Accounts created by transfers to new key addresses.
    pub created: Vec<KeyAccount>,
    /// Multisigs.
    pub multisigs: Vec<Multisig>,
    /// Payment channels.
    pub paychs: Vec<Paych>,
    /// Miners.
    pub miners: Vec<Miner>,
    /// Verifiers.
    pub verifiers: Vec<Address>,
    /// Hostile (non-builtin) actors: (ID, name).
    pub hostiles: Vec<(u64, String)>,
    /// EVM contracts (nv18 on).
    pub contracts: Vec<Contract>,
}

impl Model {
    /// Records the effect of a successful message that returned `ret`.
    pub fn apply(&mut self, effect: &Effect, ret: &[u8], local: &LocalVm) {
        match effect {
            Effect::None => {}
            Effect::Account(address) => {
                let known = self.created.iter().any(|a| &a.address == address);
                if let (false, Some(id)) = (known, local.lookup(address)) {
                    self.created.push(KeyAccount {
                        address: *address,
                        id,
                    });
                }
            }
            Effect::Multisig(signers) => {
                if let Some((id, robust)) = created(ret, local) {
                    self.multisigs.push(Multisig {
                        id,
                        robust,
                        signers: signers.clone(),
                        pending: Vec::new(),
                    });
                }
            }
            Effect::Paych(from, to) => {
                if let Some((id, _)) = created(ret, local) {
                    self.paychs.push(Paych {
                        id,
                        from: *from,
                        to: *to,
                    });
                }
            }
            Effect::Miner(owner, worker) => {
                if let Some((id, _)) = created(ret, local) {
                    self.miners.push(Miner {
                        id,
                        owner: *owner,
                        worker: *worker,
                    });
                }
            }
            Effect::Proposal(index) => {
                let decoded: Result<(i64, bool, u32, ByteBuf), _> =
                    fvmi_ipld::cbor::from_slice(ret);
                if let (Ok((txn, false, _, _)), Some(msig)) =
                    (decoded, self.multisigs.get_mut(*index))
                {
                    msig.pending.push(txn);
                }
            }
            Effect::Verifier(address) => self.verifiers.push(*address),
            Effect::Contract(kind) => {
                let decoded: Result<(u64, Option<Address>, ByteBuf), _> =
                    fvmi_ipld::cbor::from_slice(ret);
                if let Ok((id, robust, eth)) = decoded {
                    if let Ok(eth) = <[u8; 20]>::try_from(eth.as_slice()) {
                        self.contracts.push(Contract {
                            id,
                            robust,
                            eth,
                            kind: *kind,
                        });
                    }
                }
            }
        }
    }

    /// Every account the generator may send from.
    pub fn senders(&self) -> Vec<KeyAccount> {
        let mut all = self.genesis.clone();
        all.extend(self.verifreg_root.iter().cloned());
        all.extend(self.created.iter().cloned());
        all
    }
}

/// The (ID, robust address) an `Exec` or `CreateMiner` return names.
fn created(ret: &[u8], local: &LocalVm) -> Option<(u64, Address)> {
    let (id_address, robust): (Address, Address) = fvmi_ipld::cbor::from_slice(ret).ok()?;
    Some((local.lookup(&id_address)?, robust))
}
