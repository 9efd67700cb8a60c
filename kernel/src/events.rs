//! Actor events (FIP-0049, network version 18 on), as the reference's v3 line records them.
//!
//! An actor hands `emit_event` the DAG-CBOR of an [`ActorEvent`]: an array of [`Entry`]s, each
//! `[flags, key, codec, value]`. The kernel checks the payload with [`decode_and_validate`]
//! (charging the validation gas before and the acceptance gas after, which this module does
//! not do), stamps it with the emitter's actor ID and appends it to the message's
//! [`EventsAccumulator`]. Each send is a transaction over the accumulator: a reverted send drops
//! the events emitted under it, its successful sub-calls' included. At the end of the message
//! [`EventsAccumulator::finish`] gives the surviving events and their root: the CID of an AMT
//! (bit width 5) holding them at indices `0..n`, or `None` when there are none. The AMT's blocks
//! are not kept anywhere, as in the reference: only the root CID goes into the receipt.
//!
//! Decoding follows the reference's decoder rather than strict DAG-CBOR (see the `decode`
//! module), so the events an actor may emit are exactly those the reference accepts.

mod decode;
#[cfg(test)]
mod tests;

use cid::Cid;
use fvmi_ipld::amt::{Amt, AmtError};
use fvmi_ipld::{Blockstore, BlockstoreError};
use fvmi_types::{strict_bytes, ActorID, BytesSer, ErrorNumber};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use decode::{decode_event, DecodeError};

/// Entry flag: clients should index the entry's key.
pub const FLAG_INDEXED_KEY: u64 = 0b01;
/// Entry flag: clients should index the entry's value.
pub const FLAG_INDEXED_VALUE: u64 = 0b10;
/// Entry flags: both the key and the value are indexed.
pub const FLAG_INDEXED_ALL: u64 = FLAG_INDEXED_KEY | FLAG_INDEXED_VALUE;

/// The only codec an entry's value may declare: IPLD raw.
pub const IPLD_RAW: u64 = fvmi_ipld::cbor::RAW;
/// Payloads longer than this are refused before any decoding (a bound far above any valid event).
pub const MAX_ENCODED_LEN: usize = 1 << 20;
/// The most entries an event may have.
pub const MAX_ENTRIES: usize = 256;
/// The longest key, in bytes of UTF-8.
pub const MAX_KEY_LEN: usize = 32;
/// The most value bytes an event may carry, summed over its entries.
pub const MAX_TOTAL_VALUE_LEN: usize = 8 << 10;
/// The bit width of the AMT whose root commits to a message's events.
pub const EVENTS_AMT_BIT_WIDTH: u32 = 5;

/// One key-value pair of an event: the CBOR array `[flags, key, codec, value]`, with the key a
/// text string and the value a byte string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entry {
    /// Indexing hints ([`FLAG_INDEXED_KEY`], [`FLAG_INDEXED_VALUE`]); bits without a meaning are
    /// kept as they are.
    pub flags: u64,
    /// The key.
    pub key: String,
    /// The codec of `value`; [`IPLD_RAW`] is the only one accepted.
    pub codec: u64,
    /// The value.
    pub value: Vec<u8>,
}

/// An event as the actor emitted it: encoded as the bare array of its entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActorEvent {
    /// The entries, in the order the actor gave them.
    pub entries: Vec<Entry>,
}

/// An event with the ID of the actor that emitted it: the CBOR array `[emitter, event]`, the form
/// committed to by the events root.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StampedEvent {
    /// The emitting actor.
    pub emitter: ActorID,
    /// The event.
    pub event: ActorEvent,
}

impl StampedEvent {
    /// Stamps `event` with its emitter.
    pub fn new(emitter: ActorID, event: ActorEvent) -> Self {
        Self { emitter, event }
    }
}

impl From<Vec<Entry>> for ActorEvent {
    fn from(entries: Vec<Entry>) -> Self {
        Self { entries }
    }
}

/// The wire form of an [`Entry`], borrowed for encoding.
#[derive(Serialize)]
struct EntryRef<'a>(u64, &'a str, u64, BytesSer<'a>);

/// The wire form of an [`Entry`], as decoded.
#[derive(Deserialize)]
struct EntryOwned(u64, String, u64, #[serde(with = "strict_bytes")] Vec<u8>);

impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EntryRef(self.flags, &self.key, self.codec, BytesSer(&self.value)).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let EntryOwned(flags, key, codec, value) = EntryOwned::deserialize(deserializer)?;
        Ok(Self {
            flags,
            key,
            codec,
            value,
        })
    }
}

impl Serialize for StampedEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.emitter, &self.event).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for StampedEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (emitter, event) = <(ActorID, ActorEvent)>::deserialize(deserializer)?;
        Ok(Self { emitter, event })
    }
}

/// Why `emit_event` refuses a payload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    /// The payload is longer than [`MAX_ENCODED_LEN`]; it was not decoded.
    #[error("event WAY too large: {len} bytes")]
    TooLarge {
        /// The payload's length.
        len: usize,
    },
    /// The payload is not an event.
    #[error("failed to decode the event: {0}")]
    Decode(#[from] DecodeError),
    /// More than [`MAX_ENTRIES`] entries.
    #[error("event exceeded max entries: {count} > {MAX_ENTRIES}")]
    TooManyEntries {
        /// The number of entries.
        count: usize,
    },
    /// A key longer than [`MAX_KEY_LEN`] bytes.
    #[error("event key exceeded max size: {len} > {MAX_KEY_LEN} (entry {index})")]
    KeyTooLong {
        /// The entry's position.
        index: usize,
        /// The key's length in bytes.
        len: usize,
    },
    /// A value codec other than [`IPLD_RAW`].
    #[error("event codec must be IPLD_RAW, was: {codec} (entry {index})")]
    IllegalCodec {
        /// The entry's position.
        index: usize,
        /// The codec it declared.
        codec: u64,
    },
    /// The values add up to more than [`MAX_TOTAL_VALUE_LEN`] bytes.
    #[error("event total values exceeded max size: {total} > {MAX_TOTAL_VALUE_LEN}")]
    ValuesTooLarge {
        /// The sum of the values' lengths.
        total: usize,
    },
}

impl EventError {
    /// The syscall error number the actor gets: [`ErrorNumber::IllegalCodec`] for a codec other
    /// than raw, [`ErrorNumber::IllegalArgument`] for everything else.
    pub fn error_number(&self) -> ErrorNumber {
        match self {
            EventError::IllegalCodec { .. } => ErrorNumber::IllegalCodec,
            EventError::TooLarge { .. }
            | EventError::Decode(_)
            | EventError::TooManyEntries { .. }
            | EventError::KeyTooLong { .. }
            | EventError::ValuesTooLarge { .. } => ErrorNumber::IllegalArgument,
        }
    }
}

/// Checks an `emit_event` payload as the reference does, in its order: the length bound, the
/// decoding ([`decode_event`]), then [`validate_event`]. Gas is the caller's: the validation
/// charge (on the payload's length) comes before this call, the acceptance charge after it
/// succeeds.
pub fn decode_and_validate(bytes: &[u8]) -> Result<ActorEvent, EventError> {
    if bytes.len() > MAX_ENCODED_LEN {
        return Err(EventError::TooLarge { len: bytes.len() });
    }
    let event = decode_event(bytes)?;
    validate_event(&event)?;
    Ok(event)
}

/// The limits on a decoded event, checked in the reference's order: the number of entries; then,
/// entry by entry, the key's length and the codec; then, after the last entry, the total length
/// of the values. The flags are not checked.
pub fn validate_event(event: &ActorEvent) -> Result<(), EventError> {
    if event.entries.len() > MAX_ENTRIES {
        return Err(EventError::TooManyEntries {
            count: event.entries.len(),
        });
    }
    let mut total = 0usize;
    for (index, entry) in event.entries.iter().enumerate() {
        if entry.key.len() > MAX_KEY_LEN {
            return Err(EventError::KeyTooLong {
                index,
                len: entry.key.len(),
            });
        }
        if entry.codec != IPLD_RAW {
            return Err(EventError::IllegalCodec {
                index,
                codec: entry.codec,
            });
        }
        total = total.saturating_add(entry.value.len());
    }
    if total > MAX_TOTAL_VALUE_LEN {
        return Err(EventError::ValuesTooLarge { total });
    }
    Ok(())
}

/// A misuse of the [`EventsAccumulator`] or a failure to build the events root; all of these
/// are fatal to the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventsError {
    /// `end_transaction` without a matching `begin_transaction`.
    #[error("no open transaction in the events accumulator")]
    NoOpenTransaction,
    /// `finish` while transactions are still open.
    #[error("bad events accumulator state: {0} transactions still open")]
    OpenTransactions(usize),
    /// The events AMT could not be built.
    #[error("failed to construct the events AMT: {0}")]
    Amt(#[from] AmtError),
}

/// The events of one message, in emission order, with one layer per open send: a layer
/// remembers how many events there were when it began, so that reverting it drops the events
/// emitted since.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventsAccumulator {
    events: Vec<StampedEvent>,
    layers: Vec<usize>,
}

impl EventsAccumulator {
    /// An empty accumulator with no open transaction.
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens a layer (at the start of a send).
    pub fn begin_transaction(&mut self) {
        self.layers.push(self.events.len());
    }

    /// Closes the innermost layer; with `revert`, the events emitted since it began are dropped,
    /// otherwise they now belong to the enclosing layer.
    pub fn end_transaction(&mut self, revert: bool) -> Result<(), EventsError> {
        let start = self.layers.pop().ok_or(EventsError::NoOpenTransaction)?;
        if revert {
            self.events.truncate(start);
        }
        Ok(())
    }

    /// Appends an accepted event.
    pub fn push(&mut self, event: StampedEvent) {
        self.events.push(event);
    }

    /// The events kept so far, in emission order.
    pub fn events(&self) -> &[StampedEvent] {
        &self.events
    }

    /// The number of events kept so far.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// True when no event is kept.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The number of open transactions.
    pub fn open_transactions(&self) -> usize {
        self.layers.len()
    }

    /// The message's events and their root ([`events_root`]). Fails if a transaction is still
    /// open.
    pub fn finish(self) -> Result<(Vec<StampedEvent>, Option<Cid>), EventsError> {
        if !self.layers.is_empty() {
            return Err(EventsError::OpenTransactions(self.layers.len()));
        }
        let root = events_root(&self.events)?;
        Ok((self.events, root))
    }
}

/// The root committing to `events`: `None` when there are none, else the CID (v1, DAG-CBOR,
/// BLAKE2b-256) of the root of an AMT of bit width [`EVENTS_AMT_BIT_WIDTH`] holding them at
/// indices `0..n`. The AMT's blocks are computed and dropped, never stored.
pub fn events_root(events: &[StampedEvent]) -> Result<Option<Cid>, AmtError> {
    build_events_amt(DiscardBlockstore, events)
}

/// Builds the events AMT in `store` (tests keep the blocks to look at them).
fn build_events_amt<BS: Blockstore>(
    store: BS,
    events: &[StampedEvent],
) -> Result<Option<Cid>, AmtError> {
    if events.is_empty() {
        return Ok(None);
    }
    let mut amt = Amt::new_with_bit_width(store, EVENTS_AMT_BIT_WIDTH)?;
    amt.batch_set(events.iter().map(EncodeOnly))?;
    amt.flush().map(Some)
}

/// A borrowed event as an AMT value: the AMT only ever encodes it (the tree is built from
/// scratch and flushed), so decoding one is an error rather than a clone of every event.
struct EncodeOnly<'a>(&'a StampedEvent);

impl Serialize for EncodeOnly<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for EncodeOnly<'_> {
    fn deserialize<D: Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom(
            "events are only encoded while computing their root",
        ))
    }
}

/// A blockstore that keeps nothing: writes succeed and are forgotten, reads find nothing.
#[derive(Debug, Clone, Copy, Default)]
struct DiscardBlockstore;

impl Blockstore for DiscardBlockstore {
    fn get(&self, _: &Cid) -> Result<Option<Vec<u8>>, BlockstoreError> {
        Ok(None)
    }

    fn put_keyed(&self, _: &Cid, _: &[u8]) -> Result<(), BlockstoreError> {
        Ok(())
    }
}
