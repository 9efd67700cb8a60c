//! Known answers come from the reference's own crates (`fvm_shared` 3.14.1 with
//! `fvm_ipld_encoding` 0.5.4 / `serde_ipld_dagcbor` 0.6.4, `fvm_ipld_amt` 0.7.7), run outside
//! this repository on the same inputs.

use fvmi_ipld::amt::Amt;
use fvmi_ipld::blockstore::MemoryBlockstore;
use fvmi_ipld::cbor;

use super::*;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex string {s}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn entry(flags: u64, key: &str, value: &[u8]) -> Entry {
    Entry {
        flags,
        key: key.to_string(),
        codec: IPLD_RAW,
        value: value.to_vec(),
    }
}

fn encode(event: &ActorEvent) -> Vec<u8> {
    cbor::to_vec(event).unwrap()
}

// ---- encoding ----

#[test]
fn entry_is_flags_key_codec_value() {
    let e = entry(FLAG_INDEXED_ALL, "amount", &[1, 2, 3]);
    let expected = unhex("840366616d6f756e74185543010203");
    assert_eq!(cbor::to_vec(&e).unwrap(), expected);
    assert_eq!(cbor::from_slice::<Entry>(&expected).unwrap(), e);
}

#[test]
fn actor_event_is_the_bare_array_of_entries() {
    let event = ActorEvent::from(vec![entry(3, "b", &[0xff]), entry(0, "", &[])]);
    let expected = unhex("8284036162185541ff840060185540");
    assert_eq!(encode(&event), expected);
    assert_eq!(cbor::from_slice::<ActorEvent>(&expected).unwrap(), event);
    assert_eq!(decode_event(&expected).unwrap(), event);
    assert_eq!(encode(&ActorEvent::default()), [0x80]);
}

#[test]
fn stamped_event_is_emitter_then_event() {
    let stamped = StampedEvent::new(
        1001,
        ActorEvent::from(vec![
            entry(FLAG_INDEXED_KEY, "k1.0", &[7]),
            entry(FLAG_INDEXED_VALUE, "k1.1", &[8, 8]),
        ]),
    );
    let expected = unhex("821903e9828401646b312e30185541078402646b312e311855420808");
    assert_eq!(cbor::to_vec(&stamped).unwrap(), expected);
    assert_eq!(
        cbor::from_slice::<StampedEvent>(&expected).unwrap(),
        stamped
    );
}

#[test]
fn unknown_flag_bits_round_trip() {
    for flags in [u64::MAX, 0x8000_0000_0000_0004, 4] {
        let event = ActorEvent::from(vec![entry(flags, "", &[])]);
        let bytes = encode(&event);
        assert_eq!(decode_and_validate(&bytes).unwrap(), event);
        assert_eq!(cbor::from_slice::<ActorEvent>(&bytes).unwrap(), event);
    }
    assert_eq!(
        hex(&encode(&ActorEvent::from(vec![entry(u64::MAX, "", &[])]))),
        "81841bffffffffffffffff60185540"
    );
}

#[test]
fn strict_serde_decoding_refuses_what_is_not_the_shape() {
    // The serde implementations (used when fvmi itself reads events back) are strict.
    for bad in [
        "81830060185540",      // entry of three items
        "8185006018554000",    // entry of five items
        "8184006018558201 02", // value as an array
        "81840041611855 40",   // key as bytes
        "81841800601855 40",   // non-minimal flags
        "8184006018554000",    // trailing byte
    ] {
        let bytes = unhex(&bad.replace(' ', ""));
        assert!(cbor::from_slice::<ActorEvent>(&bytes).is_err(), "{bad}");
    }
}

// ---- decoding as the reference does ----

/// Inputs and what the reference decodes them to (its canonical re-encoding), or `None` when it
/// refuses them.
const REFERENCE_DECODING: &[(&str, Option<&str>)] = &[
    ("818400646b302e30185540", Some("818400646b302e30185540")),
    // Trailing data.
    ("818400646b302e3018554000", None),
    // Non-minimal heads everywhere are accepted.
    ("81841800646b302e30185540", Some("818400646b302e30185540")),
    (
        "818400646b302e301900555f4101ff",
        Some("818400646b302e3018554101"),
    ),
    ("9900018400616118554101", Some("818400616118554101")),
    // A key with the head of a byte string, an unsigned or a negative integer.
    ("818400446b302e30185540", Some("818400646b302e30185540")),
    ("818400046b302e30185540", Some("818400646b302e30185540")),
    ("818400216118554101", Some("818400616118554101")),
    // A value with the head of an unsigned integer; not of a negative one, nor of a tag.
    ("818400646b302e30185500", Some("818400646b302e30185540")),
    ("8184006161185501ab", Some("8184006161185541ab")),
    ("818400616118552101", None),
    ("81840061611855c24101", None),
    // An array (event or entry) with the head of an unsigned integer.
    ("00", Some("80")),
    ("8104006461616161185540", Some("8184006461616161185540")),
    // Indefinite-length arrays are refused; indefinite-length strings are joined, their chunks
    // follow the same head rule and may nest.
    ("9f8400646b302e30185540ff", None),
    (
        "8184007f626b30622e30ff185540",
        Some("818400646b302e30185540"),
    ),
    ("8184007f7f6161ffff185540", Some("8184006161185540")),
    ("8184007f0161ff185540", Some("8184006161185540")),
    ("8184007f2161ff185540", Some("8184006161185540")),
    ("8184007f4161ff185540", Some("8184006161185540")),
    ("818400616118555f01ab4101ff", Some("8184006161185542ab01")),
    ("818400616118555f5f01abffff", Some("8184006161185541ab")),
    ("8184007f626b307f61ff185540", None),
    // Entries of other than four items.
    ("818500646b302e3018554000", None),
    ("8183006461616161", None),
    ("99000100", None),
    // Flags and codecs must be unsigned integers.
    ("818420646b302e30185540", None),
    (
        "81841bffffffffffffffff646b302e30185540",
        Some("81841bffffffffffffffff646b302e30185540"),
    ),
    // The key must be UTF-8.
    ("818400626180185540", None),
    (
        "81840063616161185543616161",
        Some("81840063616161185543616161"),
    ),
    // Not an event at all.
    ("", None),
    ("80", Some("80")),
    ("a0", None),
    ("818400f6185540", None),
    ("8184006161d82a5841ff185540", None),
];

#[test]
fn decodes_what_the_reference_decodes() {
    for (input, expected) in REFERENCE_DECODING {
        let decoded = decode_event(&unhex(input));
        match expected {
            Some(canonical) => {
                let event = decoded.unwrap_or_else(|e| panic!("{input}: {e}"));
                assert_eq!(&hex(&encode(&event)), canonical, "{input}");
            }
            None => assert!(decoded.is_err(), "{input} decoded to {decoded:?}"),
        }
    }
}

/// A key of `levels` nested indefinite-length strings, with one definite chunk inside or not.
fn nested_key_event(levels: usize, inner_chunk: bool) -> Vec<u8> {
    let mut bytes = unhex("818400");
    bytes.extend(std::iter::repeat_n(0x7f, levels));
    if inner_chunk {
        bytes.extend([0x61, b'a']);
    }
    bytes.extend(std::iter::repeat_n(0xff, levels));
    bytes.extend(unhex("185540"));
    bytes
}

#[test]
fn nesting_depth_limit_matches_the_reference() {
    // 256 levels in all; the event and entry arrays take two, each nested chunk one more.
    assert_eq!(
        decode_event(&nested_key_event(254, true)).unwrap().entries[0].key,
        "a"
    );
    assert_eq!(
        decode_event(&nested_key_event(255, true)),
        Err(DecodeError::DepthLimit)
    );
    assert_eq!(
        decode_event(&nested_key_event(255, false)).unwrap().entries[0].key,
        ""
    );
    assert_eq!(
        decode_event(&nested_key_event(256, false)),
        Err(DecodeError::DepthLimit)
    );
}

#[test]
fn lengths_beyond_the_input_fail_without_allocating() {
    // An event announcing 2^64-1 entries, and a value announcing 2^64-1 bytes.
    assert_eq!(
        decode_event(&unhex("9bffffffffffffffff")),
        Err(DecodeError::Eof)
    );
    assert_eq!(
        decode_event(&unhex("8184006018555bffffffffffffffff")),
        Err(DecodeError::Eof)
    );
}

// ---- limits ----

fn event_of(entries: Vec<Entry>) -> Vec<u8> {
    encode(&ActorEvent::from(entries))
}

#[test]
fn encoded_length_limit() {
    let too_long = vec![0u8; MAX_ENCODED_LEN + 1];
    let err = decode_and_validate(&too_long).unwrap_err();
    assert_eq!(
        err,
        EventError::TooLarge {
            len: MAX_ENCODED_LEN + 1
        }
    );
    assert_eq!(err.error_number(), ErrorNumber::IllegalArgument);
    // At the limit the payload is decoded (and here fails to decode).
    let at_limit = vec![0u8; MAX_ENCODED_LEN];
    let err = decode_and_validate(&at_limit).unwrap_err();
    assert_eq!(err, EventError::Decode(DecodeError::TrailingData));
    assert_eq!(err.error_number(), ErrorNumber::IllegalArgument);
}

#[test]
fn entry_count_limit() {
    let entries = |n| (0..n).map(|_| entry(0, "k", &[1])).collect::<Vec<_>>();
    assert_eq!(
        decode_and_validate(&event_of(entries(MAX_ENTRIES)))
            .unwrap()
            .entries
            .len(),
        256
    );
    let err = decode_and_validate(&event_of(entries(MAX_ENTRIES + 1))).unwrap_err();
    assert_eq!(err, EventError::TooManyEntries { count: 257 });
    assert_eq!(err.error_number(), ErrorNumber::IllegalArgument);
    // The count is checked before any entry: a bad codec among 257 entries is not what fails.
    let mut many = entries(MAX_ENTRIES + 1);
    many[0].codec = 0x71;
    assert_eq!(
        decode_and_validate(&event_of(many)),
        Err(EventError::TooManyEntries { count: 257 })
    );
    // An event with no entries is valid.
    assert_eq!(decode_and_validate(&[0x80]).unwrap(), ActorEvent::default());
}

#[test]
fn key_length_limit_is_in_bytes() {
    let key32 = "k".repeat(32);
    assert!(decode_and_validate(&event_of(vec![entry(0, &key32, &[])])).is_ok());
    let key33 = "k".repeat(33);
    let err = decode_and_validate(&event_of(vec![entry(0, "ok", &[]), entry(0, &key33, &[])]))
        .unwrap_err();
    assert_eq!(err, EventError::KeyTooLong { index: 1, len: 33 });
    assert_eq!(err.error_number(), ErrorNumber::IllegalArgument);
    // Eleven three-byte characters: 33 bytes.
    let euros = "€".repeat(11);
    assert_eq!(euros.chars().count(), 11);
    assert_eq!(
        decode_and_validate(&event_of(vec![entry(0, &euros, &[])])),
        Err(EventError::KeyTooLong { index: 0, len: 33 })
    );
    // 32 bytes of multi-byte characters pass.
    let key = format!("{}ab", "€".repeat(10));
    assert!(decode_and_validate(&event_of(vec![entry(0, &key, &[])])).is_ok());
}

#[test]
fn codec_must_be_raw_and_is_checked_after_the_key() {
    let mut bad_codec = entry(0, "k", &[]);
    bad_codec.codec = 0x71;
    let err = decode_and_validate(&event_of(vec![bad_codec.clone()])).unwrap_err();
    assert_eq!(
        err,
        EventError::IllegalCodec {
            index: 0,
            codec: 0x71
        }
    );
    assert_eq!(err.error_number(), ErrorNumber::IllegalCodec);
    // In one entry, the key is checked first.
    let mut both = bad_codec.clone();
    both.key = "k".repeat(33);
    assert_eq!(
        decode_and_validate(&event_of(vec![both])),
        Err(EventError::KeyTooLong { index: 0, len: 33 })
    );
    // Across entries, the first failing entry decides.
    assert_eq!(
        decode_and_validate(&event_of(vec![
            bad_codec.clone(),
            entry(0, &"k".repeat(33), &[])
        ])),
        Err(EventError::IllegalCodec {
            index: 0,
            codec: 0x71
        })
    );
    // A zero codec is not raw either.
    let mut zero = entry(0, "k", &[]);
    zero.codec = 0;
    assert_eq!(
        decode_and_validate(&event_of(vec![zero]))
            .unwrap_err()
            .error_number(),
        ErrorNumber::IllegalCodec
    );
}

#[test]
fn total_value_limit_is_checked_after_the_entries() {
    let half = vec![0xab; MAX_TOTAL_VALUE_LEN / 2];
    assert!(
        decode_and_validate(&event_of(vec![entry(0, "a", &half), entry(0, "b", &half)])).is_ok()
    );
    let err = decode_and_validate(&event_of(vec![
        entry(0, "a", &half),
        entry(0, "b", &half),
        entry(0, "c", &[1]),
    ]))
    .unwrap_err();
    assert_eq!(err, EventError::ValuesTooLarge { total: 8193 });
    assert_eq!(err.error_number(), ErrorNumber::IllegalArgument);
    assert!(decode_and_validate(&event_of(vec![entry(0, "a", &[0; 8192])])).is_ok());
    assert_eq!(
        decode_and_validate(&event_of(vec![entry(0, "a", &[0; 8193])])),
        Err(EventError::ValuesTooLarge { total: 8193 })
    );
    // A bad codec after the values have passed the limit still wins: the sum is checked last.
    let mut late = entry(0, "c", &[]);
    late.codec = 0x71;
    assert_eq!(
        decode_and_validate(&event_of(vec![entry(0, "a", &[0; 9000]), late])),
        Err(EventError::IllegalCodec {
            index: 1,
            codec: 0x71
        })
    );
}

// ---- accumulator ----

fn stamped(emitter: u64) -> StampedEvent {
    StampedEvent::new(emitter, ActorEvent::from(vec![entry(0, "e", &[])]))
}

fn emitters(acc: &EventsAccumulator) -> Vec<u64> {
    acc.events().iter().map(|e| e.emitter).collect()
}

#[test]
fn reverting_a_layer_drops_only_its_events() {
    let mut acc = EventsAccumulator::new();
    acc.begin_transaction(); // top-level send
    acc.push(stamped(1));
    acc.begin_transaction(); // sub-call that succeeds
    acc.push(stamped(2));
    acc.begin_transaction(); // nested sub-call that fails
    acc.push(stamped(3));
    acc.push(stamped(4));
    assert_eq!(acc.open_transactions(), 3);
    acc.end_transaction(true).unwrap();
    assert_eq!(emitters(&acc), [1, 2]);
    acc.push(stamped(5));
    acc.end_transaction(false).unwrap();
    assert_eq!(emitters(&acc), [1, 2, 5]);
    acc.begin_transaction(); // a sub-call whose own sub-call succeeded, then it failed
    acc.push(stamped(6));
    acc.begin_transaction();
    acc.push(stamped(7));
    acc.end_transaction(false).unwrap();
    acc.end_transaction(true).unwrap();
    assert_eq!(emitters(&acc), [1, 2, 5]);
    acc.end_transaction(false).unwrap();
    let (events, root) = acc.finish().unwrap();
    assert_eq!(
        events.iter().map(|e| e.emitter).collect::<Vec<_>>(),
        [1, 2, 5]
    );
    assert_eq!(root, events_root(&events).unwrap());
    assert!(root.is_some());
}

#[test]
fn reverting_the_top_level_drops_everything() {
    let mut acc = EventsAccumulator::new();
    acc.begin_transaction();
    acc.push(stamped(1));
    acc.begin_transaction();
    acc.push(stamped(2));
    acc.end_transaction(false).unwrap();
    acc.end_transaction(true).unwrap();
    assert!(acc.is_empty());
    assert_eq!(acc.finish().unwrap(), (Vec::new(), None));
}

#[test]
fn misuse_is_an_error() {
    let mut acc = EventsAccumulator::default();
    assert_eq!(
        acc.end_transaction(false),
        Err(EventsError::NoOpenTransaction)
    );
    acc.begin_transaction();
    acc.begin_transaction();
    acc.push(stamped(1));
    acc.end_transaction(false).unwrap();
    assert_eq!(acc.len(), 1);
    assert_eq!(acc.finish(), Err(EventsError::OpenTransactions(1)));
}

// ---- root ----

/// The events the known roots below were computed for: event `i` is emitted by `1000 + i` and
/// has `i % 3 + 1` entries; entry `j` has flags `(i + j) % 4`, key `k{i}.{j}` and
/// `(i + j) % 5` bytes of value `i * 7 + j` (mod 256).
fn generated(n: usize) -> Vec<StampedEvent> {
    (0..n)
        .map(|i| {
            let entries: Vec<Entry> = (0..i % 3 + 1)
                .map(|j| {
                    let byte = ((i * 7 + j) % 256) as u8;
                    entry(
                        ((i + j) % 4) as u64,
                        &format!("k{i}.{j}"),
                        &vec![byte; (i + j) % 5],
                    )
                })
                .collect();
            StampedEvent::new(1000 + i as u64, ActorEvent::from(entries))
        })
        .collect()
}

/// Roots of `generated(n)` under the reference (`fvm_ipld_amt` 0.7.7, bit width 5).
const REFERENCE_ROOTS: &[(usize, &str)] = &[
    (
        1,
        "bafy2bzaceaiy6x4q4fipdmfhfqklow4blpzt2n4645z3yf22wyrb4honv3t7m",
    ),
    (
        2,
        "bafy2bzacedkxa2e623lkr7hllkuif5gsv7hvpwyyxe2o5srptx32phbc2haqa",
    ),
    (
        31,
        "bafy2bzacebts4qkb4iqv7zxqt7pyb2wqpln36kj63wycqdzeihw4pfirj6siw",
    ),
    (
        32,
        "bafy2bzaceciviimfalkgu6obwyuh42eikhnob6w2djma54jzleilxltcue5yg",
    ),
    (
        33,
        "bafy2bzaceagfnomdec3kkw7mrl7q2d6qniwbc7rkamj2loltpf3x7yrzco7fm",
    ),
    (
        64,
        "bafy2bzacecezyldcv4zb4qgng2w6omtga2y3equfle45nxo2gpo54rurz6zai",
    ),
    (
        1024,
        "bafy2bzacecstgrw4wz4u4zjo627x5lalw6fwtc5flk3237ywztiil64swrnpk",
    ),
    (
        1025,
        "bafy2bzaceaeciorwjs5nuxhnhtgowxi5khw3esrjd7yr5kl7q7rm557rfitzo",
    ),
];

#[test]
fn no_events_no_root() {
    assert_eq!(events_root(&[]).unwrap(), None);
    assert_eq!(
        EventsAccumulator::new().finish().unwrap(),
        (Vec::new(), None)
    );
}

#[test]
fn roots_match_the_reference() {
    for &(n, expected) in REFERENCE_ROOTS {
        let root = events_root(&generated(n)).unwrap().unwrap();
        assert_eq!(root.to_string(), expected, "{n} events");
    }
}

#[test]
fn root_blocks_match_the_reference() {
    // One event: a leaf root [5, 0, 1, [bitmap 01000000, [], [event]]].
    let store = MemoryBlockstore::new();
    let root = build_events_amt(&store, &generated(1)).unwrap().unwrap();
    assert_eq!(
        hex(&store.get(&root).unwrap().unwrap()),
        "840500018344010000008081821903e8818400646b302e30185540"
    );
    assert_eq!(
        root,
        cbor::cid_of(cbor::DAG_CBOR, &store.get(&root).unwrap().unwrap())
    );

    // 33 events: height 1, a root with two links (bitmap 03000000).
    let store = MemoryBlockstore::new();
    let events = generated(33);
    let root = build_events_amt(&store, &events).unwrap().unwrap();
    let block = store.get(&root).unwrap().unwrap();
    assert_eq!(hex(&block[..10]), "84050118218344030000");
    assert_eq!(
        hex(&block),
        concat!(
            "840501182183440300000082",
            "d82a5827000171a0e40220f1ed49a174e012e918cd5fbc82830a38cd118fe981db7aeb38a8355371d8f60e",
            "d82a5827000171a0e40220a2c66cc86630baaf9a4cca4721c2283ca8ac034b504c4ab934cfe96e43bbb496",
            "80"
        )
    );
    // The kept blocks hold the events, in order.
    let amt: Amt<StampedEvent, _> = Amt::load(&root, &store).unwrap();
    assert_eq!(amt.bit_width(), EVENTS_AMT_BIT_WIDTH);
    assert_eq!(amt.height(), 1);
    assert_eq!(amt.count(), 33);
    let mut read = Vec::new();
    amt.for_each(|i, e| {
        assert_eq!(i, read.len() as u64);
        read.push(e.clone());
        Ok::<_, AmtError>(())
    })
    .unwrap();
    assert_eq!(read, events);
    // The same root without keeping anything.
    assert_eq!(events_root(&events).unwrap(), Some(root));
}

#[test]
fn root_depends_on_order_and_content() {
    let events = generated(40);
    let root = events_root(&events).unwrap();
    assert_eq!(events_root(&events).unwrap(), root);
    let mut swapped = events.clone();
    swapped.swap(0, 39);
    assert_ne!(events_root(&swapped).unwrap(), root);
    let mut flagged = events.clone();
    flagged[20].event.entries[0].flags |= 1 << 63;
    assert_ne!(events_root(&flagged).unwrap(), root);
}
