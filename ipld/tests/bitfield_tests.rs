//! Bitfield tests: decode vectors from the reference's test suite, CBOR vectors, and property
//! tests of the set operations and the codec against a `BTreeSet<u64>` model.

use std::collections::BTreeSet;
use std::ops::Range;

use fvmi_ipld::bitfield::{BitField, BitFieldError, MAX_ENCODED_SIZE};
use fvmi_ipld::cbor;
use proptest::prelude::*;

/// Packs a string of '0'/'1' (spaces ignored), first character into the lowest bit, keeping any
/// trailing zero bytes so that non-canonical inputs can be built.
fn pack(bits: &str) -> Vec<u8> {
    let bits: Vec<bool> = bits
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c == '1')
        .collect();
    bits.chunks(8)
        .map(|chunk| {
            chunk
                .iter()
                .enumerate()
                .fold(0u8, |byte, (k, &bit)| byte | (u8::from(bit) << k))
        })
        .collect()
}

fn ones(count: usize) -> String {
    "1".repeat(count)
}

/// The decoded runs of set bits, or the decoding error.
type Decoded = Result<Vec<Range<u64>>, BitFieldError>;

#[test]
#[allow(clippy::single_range_in_vec_init)]
fn decode_vectors() {
    let max_varint = ones(73);
    let overflowing_varint = format!("{}01", "00000001".repeat(9));
    let half = format!("{}11111110", ones(64));
    let cases: Vec<(String, Decoded)> = vec![
        (String::new(), Ok(vec![])),
        (
            "10 1 01 0001".into(),
            Err(BitFieldError::UnsupportedVersion),
        ),
        ("00 1 01 0001".into(), Ok(vec![0..8])),
        ("00 1 01 0010 1 01 1100".into(), Ok(vec![0..4, 5..8])),
        ("00 1 00 10011000".into(), Ok(vec![0..25])),
        ("00 1 1 01 0000 1".into(), Err(BitFieldError::NotMinimal)),
        (
            "00 1 1 00 00000000 1".into(),
            Err(BitFieldError::NotMinimal),
        ),
        (
            "00 1 01 101 00000000".into(),
            Err(BitFieldError::NotMinimal),
        ),
        ("00 1 00 10001000 000".into(), Ok(vec![0..17])),
        (
            "00 1 00 11000001 00000000 111".into(),
            Err(BitFieldError::InvalidVarint),
        ),
        (format!("00 1 00 {max_varint} 00"), Ok(vec![0..u64::MAX])),
        (
            format!("00 1 00 {overflowing_varint} 0"),
            Err(BitFieldError::InvalidVarint),
        ),
        (
            format!("00 1 00 {half} 00 {half} 01 0100"),
            Err(BitFieldError::Overflow),
        ),
        (
            "00 1 00 11000000 111".into(),
            Err(BitFieldError::NotMinimal),
        ),
        (
            "00 1 00 10000000 111".into(),
            Err(BitFieldError::NotMinimal),
        ),
        (
            "00 1 01 1000 1111111".into(),
            Err(BitFieldError::NotMinimal),
        ),
        ("00 0 1".into(), Err(BitFieldError::NotMinimal)),
        ("00 0 01 0010".into(), Err(BitFieldError::NotMinimal)),
        ("00 1 01 0010 1".into(), Err(BitFieldError::NotMinimal)),
        (
            "00 0 1 01 0010 010010".into(),
            Err(BitFieldError::NotMinimal),
        ),
        ("00 1".into(), Err(BitFieldError::NotMinimal)),
    ];
    for (bits, expected) in cases {
        let decoded = BitField::from_bytes(&pack(&bits));
        assert_eq!(decoded, expected.map(BitField::from_ranges), "bits {bits}");
    }
}

#[test]
fn cbor_vectors() {
    let mut bf = BitField::new();
    for bit in 1..=5 {
        bf.set(bit).unwrap();
    }
    bf.unset(3);
    assert_eq!(cbor::to_vec(&bf).unwrap(), [0x42, 0xa8, 0x54]);
    let back: BitField = cbor::from_slice(&[0x42, 0xa8, 0x54]).unwrap();
    assert_eq!(back, bf);
    assert!(!back.get(3));

    // bits 1 and 3: the encoding ends with a padding zero bit that is not a block prefix.
    let sparse = BitField::try_from_bits([1, 3]).unwrap();
    let back: BitField = cbor::from_slice(&cbor::to_vec(&sparse).unwrap()).unwrap();
    assert_eq!(back, sparse);

    // The empty bitfield is the empty byte string.
    assert_eq!(cbor::to_vec(&BitField::new()).unwrap(), [0x40]);
    // Text strings and arrays are not bitfields.
    assert!(cbor::from_slice::<BitField>(&[0x61, 0x41]).is_err());
    assert!(cbor::from_slice::<BitField>(&[0x81, 0x01]).is_err());
}

#[test]
fn largest_runs_decode() {
    // 2^64 - 2 set bits after one unset bit: the last bit is u64::MAX - 1.
    let mut bytes = vec![0xE4];
    bytes.extend([0xFF; 8]);
    bytes.push(0x2F);
    bytes.extend([0xFF; 8]);
    bytes.push(0x7F);
    let bf = BitField::from_bytes(&bytes).unwrap();
    assert_eq!(bf.last(), Some(u64::MAX - 1));
    let half = u64::MAX / 2;
    assert_eq!(
        bf.ranges().collect::<Vec<_>>(),
        [0..half, half + 1..u64::MAX]
    );
    assert_eq!(bf.to_bytes(), bytes);
}

#[test]
fn size_limit_applies_to_serde_both_ways() {
    // Alternating bits cost about two bits each: 200k of them exceed 32 KiB.
    let big = BitField::try_from_bits((0..400_000).step_by(2)).unwrap();
    let bytes = big.to_bytes();
    assert!(bytes.len() > MAX_ENCODED_SIZE);
    assert!(cbor::to_vec(&big).is_err());
    let encoded = cbor::to_vec(serde_bytes::Bytes::new(&bytes)).unwrap();
    assert!(cbor::from_slice::<BitField>(&encoded).is_err());
    assert_eq!(BitField::from_bytes(&bytes).unwrap(), big);
}

#[test]
fn out_of_range_bit() {
    let mut bf = BitField::new();
    assert_eq!(bf.set(u64::MAX), Err(BitFieldError::OutOfRange));
    bf.set(u64::MAX - 1).unwrap();
    bf.unset(u64::MAX);
    assert_eq!(bf.last(), Some(u64::MAX - 1));
    assert!(BitField::try_from_bits([0, 1, u64::MAX]).is_err());
}

#[test]
fn slice_and_cut() {
    let bf = BitField::try_from_bits([1, 4, 7, 9, 10, 11]).unwrap();
    let slice = bf.slice(1, 3).unwrap();
    assert_eq!(slice.iter().collect::<Vec<_>>(), [4, 7, 9]);
    assert!(bf.slice(4, 3).is_none());
    let lhs = BitField::try_from_bits([0, 1, 3, 4, 5, 8]).unwrap();
    let rhs = BitField::try_from_bits([1, 2, 4]).unwrap();
    assert_eq!(lhs.cut(&rhs).iter().collect::<Vec<_>>(), [0, 1, 2, 5]);
}

/// Sets of bits mixing small indices with runs anywhere up to 2^40.
fn model_set() -> impl Strategy<Value = BTreeSet<u64>> {
    let small = prop::collection::btree_set(0u64..200, 0..60);
    let runs = prop::collection::vec((0u64..1 << 40, 1u64..300), 0..6);
    (small, runs).prop_map(|(mut set, runs)| {
        for (start, length) in runs {
            set.extend(start..start + length);
        }
        set
    })
}

fn to_bitfield(set: &BTreeSet<u64>) -> BitField {
    BitField::try_from_bits(set.iter().copied()).unwrap()
}

fn model_of(bf: &BitField) -> BTreeSet<u64> {
    bf.iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn codec_round_trips_canonically(set in model_set()) {
        let bf = to_bitfield(&set);
        let bytes = bf.to_bytes();
        prop_assert_ne!(bytes.last(), Some(&0));
        let back = BitField::from_bytes(&bytes).unwrap();
        prop_assert_eq!(&back, &bf);
        prop_assert_eq!(back.to_bytes(), bytes);
        prop_assert_eq!(model_of(&back), set);
    }

    #[test]
    fn queries_match_model(set in model_set(), probes in prop::collection::vec(0u64..1 << 41, 0..20)) {
        let bf = to_bitfield(&set);
        prop_assert_eq!(bf.len(), set.len() as u64);
        prop_assert_eq!(bf.is_empty(), set.is_empty());
        prop_assert_eq!(bf.first(), set.first().copied());
        prop_assert_eq!(bf.last(), set.last().copied());
        for probe in probes.iter().chain(set.iter().take(30)) {
            prop_assert_eq!(bf.get(*probe), set.contains(probe));
        }
        let ranges: Vec<_> = bf.ranges().collect();
        for pair in ranges.windows(2) {
            prop_assert!(pair[0].end < pair[1].start);
        }
        prop_assert!(ranges.iter().all(|r| r.start < r.end));
    }

    #[test]
    fn set_operations_match_model(a in model_set(), b in model_set()) {
        let (fa, fb) = (to_bitfield(&a), to_bitfield(&b));
        prop_assert_eq!(model_of(&(&fa | &fb)), a.union(&b).copied().collect::<BTreeSet<_>>());
        prop_assert_eq!(model_of(&(&fa & &fb)), a.intersection(&b).copied().collect::<BTreeSet<_>>());
        prop_assert_eq!(model_of(&(&fa - &fb)), a.difference(&b).copied().collect::<BTreeSet<_>>());
        prop_assert_eq!(
            model_of(&(&fa ^ &fb)),
            a.symmetric_difference(&b).copied().collect::<BTreeSet<_>>()
        );
        prop_assert_eq!(fa.contains_any(&fb), !a.is_disjoint(&b));
        prop_assert_eq!(fa.contains_all(&fb), b.is_subset(&a));
        prop_assert_eq!(BitField::union([&fa, &fb]), &fa | &fb);
        let mut assigned = fa.clone();
        assigned -= &fb;
        prop_assert_eq!(assigned, &fa - &fb);
    }

    #[test]
    fn set_and_unset_match_model(
        start in model_set(),
        edits in prop::collection::vec((any::<bool>(), 0u64..400), 0..80),
    ) {
        let mut bf = to_bitfield(&start);
        let mut model = start;
        for (insert, bit) in edits {
            if insert {
                bf.set(bit).unwrap();
                model.insert(bit);
            } else {
                bf.unset(bit);
                model.remove(&bit);
            }
        }
        prop_assert_eq!(&bf, &to_bitfield(&model));
        prop_assert_eq!(model_of(&bf), model);
    }

    #[test]
    fn cut_matches_model(a in prop::collection::btree_set(0u64..300, 0..100),
                         b in prop::collection::btree_set(0u64..300, 0..100)) {
        let expected: BTreeSet<u64> = a
            .difference(&b)
            .map(|bit| bit - b.range(..bit).count() as u64)
            .collect();
        prop_assert_eq!(model_of(&to_bitfield(&a).cut(&to_bitfield(&b))), expected);
    }

    #[test]
    fn slice_matches_model(set in model_set(), start in 0u64..100, count in 0u64..100) {
        let bits: Vec<u64> = set.iter().copied().collect();
        let slice = to_bitfield(&set).slice(start, count);
        let wanted = usize::try_from(start + count).unwrap();
        if count == 0 {
            prop_assert_eq!(slice, Some(BitField::new()));
        } else if wanted <= bits.len() {
            let expected: BTreeSet<u64> = bits[start as usize..wanted].iter().copied().collect();
            prop_assert_eq!(slice.map(|s| model_of(&s)), Some(expected));
        } else {
            prop_assert!(slice.is_none());
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(bf) = BitField::from_bytes(&bytes) {
            // Whatever decodes is canonical: it re-encodes to the same bytes.
            prop_assert_eq!(bf.to_bytes(), bytes);
        }
    }

    #[test]
    fn mutated_encodings_are_rejected_or_canonical(set in model_set(), index in any::<prop::sample::Index>(), flip in 0u8..8) {
        let mut bytes = to_bitfield(&set).to_bytes();
        if !bytes.is_empty() {
            let i = index.index(bytes.len());
            bytes[i] ^= 1 << flip;
            if let Ok(bf) = BitField::from_bytes(&bytes) {
                prop_assert_eq!(bf.to_bytes(), bytes);
            }
        }
    }
}
