//! Builtin actor types (as numbered by ABI v1) and the singleton actors' IDs.

use crate::ActorID;

/// ID of the system actor.
pub const SYSTEM_ACTOR_ID: ActorID = 0;
/// ID of the init actor.
pub const INIT_ACTOR_ID: ActorID = 1;
/// ID of the reward actor.
pub const REWARD_ACTOR_ID: ActorID = 2;
/// ID of the cron actor.
pub const CRON_ACTOR_ID: ActorID = 3;
/// ID of the storage power actor.
pub const STORAGE_POWER_ACTOR_ID: ActorID = 4;
/// ID of the storage market actor.
pub const STORAGE_MARKET_ACTOR_ID: ActorID = 5;
/// ID of the verified registry actor.
pub const VERIFIED_REGISTRY_ACTOR_ID: ActorID = 6;
/// ID of the burnt funds account.
pub const BURNT_FUNDS_ACTOR_ID: ActorID = 99;

/// A builtin actor type; the numbers are those of `actor::get_builtin_actor_type`
/// and `actor::get_code_cid_for_type` (0 means "not a builtin actor").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(i32)]
pub enum ActorType {
    /// The system actor.
    System = 1,
    /// The init actor.
    Init = 2,
    /// The cron actor.
    Cron = 3,
    /// Account actors.
    Account = 4,
    /// The storage power actor.
    Power = 5,
    /// Storage miner actors.
    Miner = 6,
    /// The storage market actor.
    Market = 7,
    /// Payment channel actors.
    PaymentChannel = 8,
    /// Multisig actors.
    Multisig = 9,
    /// The reward actor.
    Reward = 10,
    /// The verified registry actor.
    VerifiedRegistry = 11,
}

impl ActorType {
    /// Every builtin actor type, in numeric order.
    pub const ALL: [ActorType; 11] = [
        ActorType::System,
        ActorType::Init,
        ActorType::Cron,
        ActorType::Account,
        ActorType::Power,
        ActorType::Miner,
        ActorType::Market,
        ActorType::PaymentChannel,
        ActorType::Multisig,
        ActorType::Reward,
        ActorType::VerifiedRegistry,
    ];

    /// The name used in the actors bundle manifest.
    pub const fn name(self) -> &'static str {
        match self {
            ActorType::System => "system",
            ActorType::Init => "init",
            ActorType::Cron => "cron",
            ActorType::Account => "account",
            ActorType::Power => "storagepower",
            ActorType::Miner => "storageminer",
            ActorType::Market => "storagemarket",
            ActorType::PaymentChannel => "paymentchannel",
            ActorType::Multisig => "multisig",
            ActorType::Reward => "reward",
            ActorType::VerifiedRegistry => "verifiedregistry",
        }
    }

    /// The type with a manifest name, if any.
    pub fn from_name(name: &str) -> Option<ActorType> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The ABI number.
    pub const fn code(self) -> i32 {
        self as i32
    }

    /// The type for an ABI number, if any.
    pub fn from_code(code: i32) -> Option<ActorType> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// True for actors of which exactly one exists (system, init, reward, cron, power, market,
    /// verified registry).
    pub const fn is_singleton(self) -> bool {
        matches!(
            self,
            ActorType::System
                | ActorType::Init
                | ActorType::Reward
                | ActorType::Cron
                | ActorType::Power
                | ActorType::Market
                | ActorType::VerifiedRegistry
        )
    }

    /// True for account actors.
    pub const fn is_account(self) -> bool {
        matches!(self, ActorType::Account)
    }

    /// True for principals that can sign (account and multisig).
    pub const fn is_principal(self) -> bool {
        matches!(self, ActorType::Account | ActorType::Multisig)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_round_trip() {
        for (index, actor_type) in ActorType::ALL.iter().enumerate() {
            assert_eq!(actor_type.code() as usize, index + 1);
            assert_eq!(ActorType::from_code(actor_type.code()), Some(*actor_type));
            assert_eq!(ActorType::from_name(actor_type.name()), Some(*actor_type));
        }
        assert_eq!(ActorType::from_code(0), None);
        assert_eq!(ActorType::from_name("evm"), None);
        assert_eq!(ActorType::Power.name(), "storagepower");
    }
}
