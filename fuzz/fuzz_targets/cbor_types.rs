//! DAG-CBOR decoding of every type the VM reads from untrusted bytes, with the round trip
//! `decode ok => re-encode => decode equal`. The first input byte picks the type.
#![no_main]

use cid::Cid;
use fvmi_fuzz::roundtrip::{check, check_eq};
use fvmi_ipld::bitfield::BitField;
use fvmi_ipld::{cbor, Blockstore, MemoryBlockstore};
use fvmi_kernel::events::{decode_and_validate, decode_event, ActorEvent, StampedEvent};
use fvmi_state::{ActorState, InitState, Manifest, StateRoot, StoredActor};
use fvmi_types::sector::{
    AggregateSealVerifyProofAndInfos, ReplicaUpdateInfo, SealVerifyInfo, WindowPoStVerifyInfo,
};
use fvmi_types::{Address, Message, PieceInfo, Receipt, Signature, TokenAmount, DAG_CBOR};
use libfuzzer_sys::fuzz_target;

/// A signed message as chains carry it: `[message, signature]`.
type SignedMessage = (Message, Signature);

/// How many selectable types there are.
const KINDS: u8 = 24;

fuzz_target!(|data: &[u8]| {
    let [kind, bytes @ ..] = data else { return };
    match kind % KINDS {
        0 => {
            check_eq::<Message>(bytes);
        }
        1 => {
            check_eq::<SignedMessage>(bytes);
        }
        2 => {
            check_eq::<Receipt>(bytes);
        }
        3 => {
            check_eq::<ActorState>(bytes);
        }
        4 => {
            check_eq::<StoredActor>(bytes);
        }
        5 => {
            // A versioned manifest `[1, data]` and its data block, as bundles and the system
            // actor's state name them.
            let store = MemoryBlockstore::new();
            let split = bytes
                .first()
                .map_or(0, |b| usize::from(*b))
                .min(bytes.len());
            let (head, tail) = bytes.split_at(split);
            if let (Ok(root), Ok(_)) = (store.put(DAG_CBOR, head), store.put(DAG_CBOR, tail)) {
                check_eq::<(u32, Cid)>(head);
                let _ = Manifest::load_versioned(&store, &root);
            }
        }
        6 => {
            if let Some(entries) = check_eq::<Vec<(String, Cid)>>(bytes) {
                if let Ok(manifest) = Manifest::new(entries) {
                    let _ = manifest.builtin_codes().count();
                }
            }
        }
        7 => {
            check_eq::<InitState>(bytes);
        }
        8 => {
            // The system actor's state: `[manifest data CID]`.
            check_eq::<(Cid,)>(bytes);
        }
        9 => {
            // An account actor's state: `[key address]`.
            check_eq::<(Address,)>(bytes);
        }
        10 => {
            let store = MemoryBlockstore::new();
            if let Ok(cid) = store.put(DAG_CBOR, bytes) {
                if let Ok(root) = StateRoot::load(&store, &cid) {
                    let encoded = root.to_bytes().expect("a loaded root re-encodes");
                    let cid = store.put(DAG_CBOR, &encoded).expect("memory store");
                    assert_eq!(StateRoot::load(&store, &cid).ok(), Some(root));
                }
            }
        }
        11 => {
            check::<SealVerifyInfo>(bytes);
        }
        12 => {
            check::<WindowPoStVerifyInfo>(bytes);
        }
        13 => {
            check::<AggregateSealVerifyProofAndInfos>(bytes);
        }
        14 => {
            check::<ReplicaUpdateInfo>(bytes);
        }
        15 => {
            check::<Vec<SealVerifyInfo>>(bytes);
        }
        16 => {
            check_eq::<Vec<PieceInfo>>(bytes);
        }
        17 => {
            // Event payloads go through the kernel's own lenient decoder; what it accepts
            // re-encodes as strict DAG-CBOR, which both decoders read back to the same event.
            if let Ok(event) = decode_event(bytes) {
                let encoded = cbor::to_vec(&event).expect("an event encodes");
                assert_eq!(decode_event(&encoded).as_ref(), Ok(&event));
                assert_eq!(
                    cbor::from_slice::<ActorEvent>(&encoded).as_ref(),
                    Ok(&event)
                );
            }
            let _ = decode_and_validate(bytes);
        }
        18 => {
            check_eq::<StampedEvent>(bytes);
        }
        19 => {
            if let Ok(address) = Address::from_bytes(bytes) {
                assert_eq!(Address::from_bytes(&address.to_bytes()), Ok(address));
                let text = address.to_string();
                assert_eq!(text.parse::<Address>().ok(), Some(address), "{text}");
            }
            check_eq::<Address>(bytes);
        }
        20 => {
            check_eq::<TokenAmount>(bytes);
        }
        21 => {
            check_eq::<Signature>(bytes);
        }
        22 => {
            check_eq::<BitField>(bytes);
        }
        _ => {
            check_eq::<fvmi_ipld::car::CarHeader>(bytes);
        }
    }
});
