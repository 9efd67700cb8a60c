//! A node's slot content: a bucket of entries, a link to a stored child, or a modified child.

use std::cell::OnceCell;
use std::fmt;
use std::marker::PhantomData;

use cid::Cid;
use serde::de::{self, DeserializeOwned, SeqAccess, Visitor};
use serde::ser::{self, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::node::Node;
use super::{HamtError, BUCKET_SIZE};

/// One slot of a node.
///
/// On the wire a pointer is untagged: a bucket is a CBOR array of `[key, value]` pairs and a link
/// is a bare CID (the HAMT format used from network version 10 / actors v3 on).
#[derive(Debug)]
pub(crate) enum Pointer<K, V> {
    /// Up to [`BUCKET_SIZE`] entries, sorted by key.
    Bucket(Vec<(K, V)>),
    /// A stored child node, loaded on first use.
    Link {
        cid: Cid,
        cache: OnceCell<Box<Node<K, V>>>,
    },
    /// A child modified since the last flush (not encodable until flushed).
    Dirty(Box<Node<K, V>>),
}

impl<K: Ord, V> Pointer<K, V> {
    /// Restores canonical form after a removal below a dirty child: a child left with a single
    /// bucket, or with buckets holding at most [`BUCKET_SIZE`] entries in total, is folded back
    /// into one bucket in this slot.
    pub(crate) fn collapse(&mut self) -> Result<(), HamtError> {
        let Pointer::Dirty(node) = self else {
            return Ok(());
        };
        let pointers = node.pointers_mut();
        match pointers.len() {
            0 => Err(HamtError::Malformed("child node without pointers".into())),
            1 => {
                if let Some(Pointer::Bucket(entries)) = pointers.first_mut() {
                    let entries = std::mem::take(entries);
                    *self = Pointer::Bucket(entries);
                }
                Ok(())
            }
            n if n <= BUCKET_SIZE => {
                let mut total = 0;
                for pointer in pointers.iter() {
                    match pointer {
                        Pointer::Bucket(entries) => total += entries.len(),
                        _ => return Ok(()),
                    }
                }
                if total > BUCKET_SIZE {
                    return Ok(());
                }
                let mut entries: Vec<(K, V)> = Vec::with_capacity(total);
                for pointer in pointers.iter_mut() {
                    if let Pointer::Bucket(bucket) = pointer {
                        entries.append(bucket);
                    }
                }
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                *self = Pointer::Bucket(entries);
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

impl<K: Serialize, V: Serialize> Serialize for Pointer<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Pointer::Bucket(entries) => {
                let mut seq = serializer.serialize_seq(Some(entries.len()))?;
                for (key, value) in entries {
                    seq.serialize_element(&(key, value))?;
                }
                seq.end()
            }
            Pointer::Link { cid, .. } => cid.serialize(serializer),
            Pointer::Dirty(_) => Err(ser::Error::custom("cannot encode an unflushed HAMT node")),
        }
    }
}

struct PointerVisitor<K, V>(PhantomData<(K, V)>);

impl<'de, K: DeserializeOwned, V: DeserializeOwned> Visitor<'de> for PointerVisitor<K, V> {
    type Value = Pointer<K, V>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a bucket (array of [key, value]) or a CID link")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = seq.next_element::<(K, V)>()? {
            entries.push(entry);
        }
        Ok(Pointer::Bucket(entries))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        // The DAG-CBOR decoder presents tag 42 as a newtype holding the CID bytes.
        let cid = d.deserialize_bytes(CidBytesVisitor)?;
        Ok(Pointer::Link {
            cid,
            cache: OnceCell::new(),
        })
    }
}

struct CidBytesVisitor;

impl Visitor<'_> for CidBytesVisitor {
    type Value = Cid;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("CID bytes")
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Cid, E> {
        Cid::try_from(bytes).map_err(|e| E::custom(format!("invalid CID: {e}")))
    }
}

impl<'de, K: DeserializeOwned, V: DeserializeOwned> Deserialize<'de> for Pointer<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PointerVisitor(PhantomData))
    }
}
