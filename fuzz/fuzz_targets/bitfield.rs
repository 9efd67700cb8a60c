//! RLE+ bitfields from arbitrary bytes: decoding is an error or a bitfield whose encoding
//! decodes to the same set; set operations on two decoded bitfields keep the set laws and
//! encode canonically. The first byte splits the rest into the two encodings.
#![no_main]

use fvmi_ipld::bitfield::BitField;
use libfuzzer_sys::fuzz_target;

/// Decodes `bytes`; on success checks the round trip.
fn decode(bytes: &[u8]) -> Option<BitField> {
    let field = BitField::from_bytes(bytes).ok()?;
    round_trip(&field);
    Some(field)
}

/// The encoding of `field` decodes to `field` and is stable.
fn round_trip(field: &BitField) {
    let encoded = field.to_bytes();
    let back = BitField::from_bytes(&encoded).expect("an encoded bitfield decodes");
    assert_eq!(&back, field);
    assert_eq!(back.to_bytes(), encoded, "the encoding is canonical");
}

fuzz_target!(|data: &[u8]| {
    let [split, rest @ ..] = data else { return };
    let (left, right) = rest.split_at(usize::from(*split).min(rest.len()));
    let a = decode(left);
    let b = decode(right);
    let (Some(a), Some(b)) = (a, b) else { return };

    let _ = (a.first(), a.last(), a.is_empty(), a.ranges().len());
    if let Some(iter) = a.bounded_iter(1 << 12) {
        for bit in iter {
            assert!(a.get(bit));
        }
    }

    let or = &a | &b;
    let and = &a & &b;
    let minus = &a - &b;
    let xor = &a ^ &b;
    for field in [&or, &and, &minus, &xor] {
        round_trip(field);
    }
    assert!(or.contains_all(&a) && or.contains_all(&b));
    assert!(a.contains_all(&and) && b.contains_all(&and));
    assert!(!minus.contains_any(&b));
    assert_eq!(xor, &or - &and);
    assert_eq!(
        u128::from(or.len()) + u128::from(and.len()),
        u128::from(a.len()) + u128::from(b.len())
    );
    assert_eq!(BitField::union([&a, &b]), or);
    assert_eq!(a.contains_any(&b), !and.is_empty());

    let cut = a.cut(&b);
    round_trip(&cut);
    assert_eq!(cut.len(), minus.len());

    let start = b.first().unwrap_or(0) % 64;
    let count = b.len() % 64;
    if let Some(slice) = a.slice(start, count) {
        assert_eq!(slice.len(), count);
        assert!(a.contains_all(&slice));
        round_trip(&slice);
    }

    let mut changed = a.clone();
    if let Some(bit) = b.last() {
        if changed.set(bit).is_ok() {
            assert!(changed.get(bit));
        }
        changed.unset(bit);
        assert!(!changed.get(bit));
        round_trip(&changed);
    }
});
