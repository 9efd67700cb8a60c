//! The version seam: everything that differs between network versions, as data.
//!
//! A [`NetworkProfile`] says, for one network version, which engine configuration (wasm
//! features, instrumentation prices, stack limit) and price list apply, where the builtin-actor
//! manifest comes from, and which actors a bundle must (and must not) hold to match the real
//! network. Kernel behaviours that changed between versions are small functions gated on the
//! version where they are used; ARCHITECTURE.md lists them.

use fvmi_interp::EngineConfig;
use fvmi_state::Manifest;
use fvmi_types::NetworkVersion;

use crate::gas::hygge::{hygge_price_list, HyggePriceList};
use crate::gas::{price_list_by_network_version, PriceList};

/// The builtin-actor names of actors v7 and v8 (network versions 15 and 16).
const ACTORS_V7: &[&str] = &[
    "system",
    "init",
    "cron",
    "account",
    "storagepower",
    "storageminer",
    "storagemarket",
    "paymentchannel",
    "multisig",
    "reward",
    "verifiedregistry",
];

/// Names that actors v9 (network version 17) added.
const ADDED_IN_V9: &[&str] = &["datacap"];

/// Names that actors v10 (network version 18) added.
const ADDED_IN_V10: &[&str] = &["placeholder", "evm", "eam", "ethaccount"];

/// What a bundle must hold to run at a network version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActorSet {
    /// The actors version that ran on mainnet at this network version.
    pub actors_version: u32,
    /// Groups of names that must all be in the manifest.
    pub required: &'static [&'static [&'static str]],
    /// Groups of names that must all be absent (they belong to later actors versions).
    pub forbidden: &'static [&'static [&'static str]],
}

/// How one network version executes messages.
#[derive(Debug, Clone, Copy)]
pub struct NetworkProfile {
    /// The network version.
    pub version: NetworkVersion,
    /// Engine configuration: instrumentation prices and stack limit.
    pub engine: EngineConfig,
    /// Gas prices of the FIP-0032 era (network versions 15 to 17; at 18 only a fallback).
    pub price_list: &'static PriceList,
    /// The FIP-0057 prices, from network version 18: their presence selects the reference's v3
    /// behaviours (syscall ABI v3, state-access gas, gas-limited sends, events).
    pub hygge: Option<&'static HyggePriceList>,
    /// Whether the state tree names its manifest (the system actor's state, from nv16); before
    /// that the embedder must say which bundle runs.
    pub manifest_on_chain: bool,
    /// The actors a bundle must hold to match the real network.
    pub actors: ActorSet,
}

/// Why a network version cannot run, or cannot run these actors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetworkError {
    /// The network version ran no FVM, or is not implemented yet.
    #[error("network version {0} is not supported (supported: {SUPPORTED})")]
    Unsupported(NetworkVersion),
    /// The manifest does not match the actors of the network version.
    #[error(
        "network version {version} runs builtin actors v{actors_version}, but the manifest {problem}"
    )]
    ActorsMismatch {
        /// The network version.
        version: NetworkVersion,
        /// The actors version it needs.
        actors_version: u32,
        /// What is wrong with the manifest.
        problem: String,
    },
}

/// The supported versions, as printed in errors.
const SUPPORTED: &str = "15, 16, 17, 18";

/// The profile of network version `version`.
pub fn profile(version: NetworkVersion) -> Result<NetworkProfile, NetworkError> {
    let (engine, manifest_on_chain, actors) = match version {
        NetworkVersion::V15 => (
            EngineConfig::NV15,
            false,
            ActorSet {
                actors_version: 7,
                required: &[ACTORS_V7],
                forbidden: &[ADDED_IN_V9, ADDED_IN_V10],
            },
        ),
        NetworkVersion::V16 => (
            EngineConfig::NV16,
            true,
            ActorSet {
                actors_version: 8,
                required: &[ACTORS_V7],
                forbidden: &[ADDED_IN_V9, ADDED_IN_V10],
            },
        ),
        NetworkVersion::V17 => (
            EngineConfig::NV16,
            true,
            ActorSet {
                actors_version: 9,
                required: &[ACTORS_V7, ADDED_IN_V9],
                forbidden: &[ADDED_IN_V10],
            },
        ),
        NetworkVersion::V18 => (
            EngineConfig::NV18,
            true,
            ActorSet {
                actors_version: 10,
                required: &[ACTORS_V7, ADDED_IN_V9, ADDED_IN_V10],
                forbidden: &[],
            },
        ),
        other => return Err(NetworkError::Unsupported(other)),
    };
    let hygge = (version >= NetworkVersion::V18).then(hygge_price_list);
    Ok(NetworkProfile {
        version,
        engine,
        price_list: price_list_by_network_version(version),
        hygge,
        manifest_on_chain,
        actors,
    })
}

impl NetworkProfile {
    /// Checks that `manifest` holds exactly the actor kinds of this network version.
    pub fn check_actors(&self, manifest: &Manifest) -> Result<(), NetworkError> {
        let mismatch = |problem: String| NetworkError::ActorsMismatch {
            version: self.version,
            actors_version: self.actors.actors_version,
            problem,
        };
        let missing: Vec<&str> = self
            .actors
            .required
            .iter()
            .flat_map(|group| group.iter())
            .filter(|name| manifest.code_by_name(name).is_none())
            .copied()
            .collect();
        if !missing.is_empty() {
            return Err(mismatch(format!("lacks {}", missing.join(", "))));
        }
        let extra: Vec<&str> = self
            .actors
            .forbidden
            .iter()
            .flat_map(|group| group.iter())
            .filter(|name| manifest.code_by_name(name).is_some())
            .copied()
            .collect();
        if !extra.is_empty() {
            return Err(mismatch(format!(
                "holds {} (actors of a later network version)",
                extra.join(", ")
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cid::Cid;
    use fvmi_ipld::cbor;

    fn manifest(names: &[&str]) -> Manifest {
        let entries = names.iter().map(|name| {
            let cid: Cid = cbor::identity_cid(cbor::RAW, name.as_bytes()).unwrap();
            (*name, cid)
        });
        Manifest::new(entries).unwrap()
    }

    #[test]
    fn every_fvm_version_up_to_17_has_a_profile() {
        for version in NetworkVersion::ALL {
            let supported = matches!(
                version,
                NetworkVersion::V15
                    | NetworkVersion::V16
                    | NetworkVersion::V17
                    | NetworkVersion::V18
            );
            assert_eq!(profile(*version).is_ok(), supported, "{version}");
        }
        assert!(!profile(NetworkVersion::V15).unwrap().manifest_on_chain);
        assert!(profile(NetworkVersion::V17).unwrap().manifest_on_chain);
    }

    #[test]
    fn actors_must_match_the_version() {
        let v7 = manifest(ACTORS_V7);
        let v9 = manifest(&[ACTORS_V7, ADDED_IN_V9].concat());
        let v10 = manifest(&[ACTORS_V7, ADDED_IN_V9, ADDED_IN_V10].concat());
        let nv15 = profile(NetworkVersion::V15).unwrap();
        let nv17 = profile(NetworkVersion::V17).unwrap();
        assert!(nv15.check_actors(&v7).is_ok());
        assert!(nv15.check_actors(&v9).is_err());
        assert!(nv17.check_actors(&v9).is_ok());
        let lacking = nv17.check_actors(&v7).unwrap_err().to_string();
        assert!(lacking.contains("lacks datacap"), "{lacking}");
        let later = nv17.check_actors(&v10).unwrap_err().to_string();
        assert!(later.contains("evm"), "{later}");
        let nv18 = profile(NetworkVersion::V18).unwrap();
        assert!(nv18.check_actors(&v10).is_ok());
        assert!(nv18.check_actors(&v9).is_err());
        assert!(nv18.hygge.is_some() && nv17.hygge.is_none());
    }
}
