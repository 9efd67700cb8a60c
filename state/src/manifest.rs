//! The builtin-actor manifest: which code CIDs are builtin actors, and their ABI type numbers.
//!
//! As in the reference VM, an actor's type number is its 1-based position in the manifest and 0
//! means "not a builtin actor". The v7 bundle lists its actors in `ActorType` order, so at network
//! version 15 the numbers equal [`ActorType::code`].

use std::collections::BTreeMap;

use cid::Cid;
use fvmi_ipld::{cbor, Blockstore, CborStore};
use fvmi_types::ActorType;

use crate::StateError;

/// Manifest names of the actors of which exactly one exists.
const SINGLETON_NAMES: [&str; 7] = [
    "system",
    "init",
    "reward",
    "cron",
    "storagepower",
    "storagemarket",
    "verifiedregistry",
];

/// Builtin actor code CIDs by name and type number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    entries: Vec<(String, Cid)>,
    by_code: BTreeMap<Cid, u32>,
    by_name: BTreeMap<String, Cid>,
    account_code: Cid,
    init_code: Cid,
    system_code: Cid,
}

impl Manifest {
    /// A manifest from `(name, code)` pairs in order; the account, init and system actors must be
    /// present. A repeated code or name keeps its last entry.
    pub fn new<N: Into<String>>(
        entries: impl IntoIterator<Item = (N, Cid)>,
    ) -> Result<Self, StateError> {
        let entries: Vec<(String, Cid)> = entries.into_iter().map(|(n, c)| (n.into(), c)).collect();
        let mut by_code = BTreeMap::new();
        let mut by_name = BTreeMap::new();
        for ((name, code), number) in entries.iter().zip(1u32..) {
            by_code.insert(*code, number);
            by_name.insert(name.clone(), *code);
        }
        let required = |name: &str| {
            by_name
                .get(name)
                .copied()
                .ok_or_else(|| StateError::InvalidManifest(format!("missing {name} actor")))
        };
        Ok(Self {
            account_code: required("account")?,
            init_code: required("init")?,
            system_code: required("system")?,
            entries,
            by_code,
            by_name,
        })
    }

    /// The manifest of builtin actors v7 (network version 15): code CIDs are identity CIDs (raw
    /// codec) of `fil/7/<name>`.
    pub fn v7() -> Self {
        let entries = ActorType::ALL.map(|t| (t.name(), Self::v7_code(t)));
        match Self::new(entries) {
            Ok(manifest) => manifest,
            Err(_) => unreachable!("the v7 list names account, init and system"),
        }
    }

    /// The v7 code CID of `actor_type`: the identity CID of `fil/7/<name>`.
    pub fn v7_code(actor_type: ActorType) -> Cid {
        let name = format!("fil/7/{}", actor_type.name());
        match cbor::identity_cid(cbor::RAW, name.as_bytes()) {
            Some(cid) => cid,
            None => unreachable!("builtin actor names are short"),
        }
    }

    /// Reads a manifest data block: a DAG-CBOR list of `[name, code]` pairs.
    pub fn load<BS: Blockstore + ?Sized>(store: &BS, data: &Cid) -> Result<Self, StateError> {
        let entries: Vec<(String, Cid)> = store
            .get_cbor(data)?
            .ok_or_else(|| StateError::InvalidManifest(format!("manifest {data} not found")))?;
        Self::new(entries)
    }

    /// Reads a versioned manifest `[version, data]` (as a bundle's root is); only version 1
    /// exists.
    pub fn load_versioned<BS: Blockstore + ?Sized>(
        store: &BS,
        root: &Cid,
    ) -> Result<Self, StateError> {
        let (version, data): (u32, Cid) = store
            .get_cbor(root)?
            .ok_or_else(|| StateError::InvalidManifest(format!("manifest {root} not found")))?;
        if version != 1 {
            return Err(StateError::InvalidManifest(format!(
                "unsupported manifest version {version}"
            )));
        }
        Self::load(store, &data)
    }

    /// The `(name, code)` entries in order.
    pub fn entries(&self) -> &[(String, Cid)] {
        &self.entries
    }

    /// Every builtin code CID, in manifest order.
    pub fn builtin_codes(&self) -> impl Iterator<Item = &Cid> {
        self.entries.iter().map(|(_, code)| code)
    }

    /// The code CID with ABI type number `number` (1-based).
    pub fn code_by_id(&self, number: u32) -> Option<&Cid> {
        let index = usize::try_from(number.checked_sub(1)?).ok()?;
        self.entries.get(index).map(|(_, code)| code)
    }

    /// The ABI type number of `code`, or 0 if it is not a builtin actor.
    pub fn id_by_code(&self, code: &Cid) -> u32 {
        self.by_code.get(code).copied().unwrap_or(0)
    }

    /// The code CID of the actor named `name`.
    pub fn code_by_name(&self, name: &str) -> Option<&Cid> {
        self.by_name.get(name)
    }

    /// The builtin type of `code`, by its manifest name.
    pub fn actor_type(&self, code: &Cid) -> Option<ActorType> {
        let number = self.id_by_code(code);
        let (name, _) = self
            .entries
            .get(usize::try_from(number).ok()?.checked_sub(1)?)?;
        ActorType::from_name(name)
    }

    /// The code CID of `actor_type`, by its manifest name.
    pub fn code_for_type(&self, actor_type: ActorType) -> Option<&Cid> {
        self.code_by_name(actor_type.name())
    }

    /// Whether `code` is the account actor's.
    pub fn is_account_actor(&self, code: &Cid) -> bool {
        *code == self.account_code
    }

    /// Whether `code` is a singleton actor's (system, init, reward, cron, power, market,
    /// verified registry).
    pub fn is_singleton_actor(&self, code: &Cid) -> bool {
        SINGLETON_NAMES
            .iter()
            .any(|name| self.by_name.get(*name) == Some(code))
    }

    /// The account actor's code CID.
    pub fn account_code(&self) -> &Cid {
        &self.account_code
    }

    /// The init actor's code CID.
    pub fn init_code(&self) -> &Cid {
        &self.init_code
    }

    /// The system actor's code CID.
    pub fn system_code(&self) -> &Cid {
        &self.system_code
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_ipld::MemoryBlockstore;

    #[test]
    fn v7_numbers_follow_actor_type_order() {
        let m = Manifest::v7();
        assert_eq!(m.entries().len(), 11);
        for t in ActorType::ALL {
            let code = m.code_for_type(t).unwrap();
            assert_eq!(code.codec(), cbor::RAW);
            assert_eq!(code.hash().code(), cbor::IDENTITY);
            assert_eq!(
                code.hash().digest(),
                format!("fil/7/{}", t.name()).as_bytes()
            );
            assert_eq!(m.id_by_code(code), t.code() as u32);
            assert_eq!(m.code_by_id(t.code() as u32), Some(code));
            assert_eq!(m.actor_type(code), Some(t));
            assert_eq!(m.is_singleton_actor(code), t.is_singleton());
            assert_eq!(m.is_account_actor(code), t == ActorType::Account);
        }
        let other = cbor::cid_of(cbor::RAW, b"user code");
        assert_eq!(m.id_by_code(&other), 0);
        assert_eq!(m.actor_type(&other), None);
        assert_eq!(m.code_by_id(0), None);
        assert_eq!(m.code_by_id(12), None);
        // CIDv1, raw codec, identity multihash, digest length, then the name itself.
        let mut expected = vec![0x01, 0x55, 0x00, 14];
        expected.extend(b"fil/7/multisig");
        assert_eq!(
            m.code_for_type(ActorType::Multisig).unwrap().to_bytes(),
            expected
        );
    }

    #[test]
    fn loads_from_the_store_and_requires_core_actors() {
        let store = MemoryBlockstore::new();
        let entries: Vec<(String, Cid)> = Manifest::v7().entries().to_vec();
        let data = store.put_cbor(&entries).unwrap();
        let root = store.put_cbor(&(1u32, data)).unwrap();
        assert_eq!(
            Manifest::load_versioned(&store, &root).unwrap(),
            Manifest::v7()
        );
        let v2 = store.put_cbor(&(2u32, data)).unwrap();
        assert!(Manifest::load_versioned(&store, &v2).is_err());
        let partial = vec![("account", *Manifest::v7().account_code())];
        assert!(matches!(
            Manifest::new(partial),
            Err(StateError::InvalidManifest(_))
        ));
    }
}
