//! Delegated (f4, protocol 4) addresses: known answers from the reference's tests and from
//! public Ethereum ↔ f410 conversions, rejections, and properties.

use std::collections::HashSet;
use std::str::FromStr;

use data_encoding::{DecodeError, DecodeKind, Specification};
use fvmi_types::{
    checksum, Address, AddressError, DelegatedAddress, Network, Payload, Protocol, EAM_NAMESPACE,
    MAX_ADDRESS_BYTES_LEN, MAX_ADDRESS_LEN, MAX_SUBADDRESS_LEN,
};
use proptest::prelude::*;

use crate::address::check_string_round_trip;
use crate::{from_cbor, hex, to_cbor};

/// Lower-case base32 without padding, as in address strings (an independent encoder for tests).
fn base32(bytes: &[u8]) -> String {
    let mut spec = Specification::new();
    spec.symbols.push_str("abcdefghijklmnopqrstuvwxyz234567");
    spec.encoding().expect("valid spec").encode(bytes)
}

/// Builds `f4<ns_text>f<base32(subaddress ‖ checksum(0x04 ‖ ns_varint ‖ subaddress))>` by hand.
fn f4_string(ns_text: &str, ns_varint: &[u8], subaddress: &[u8]) -> String {
    let mut ingest = vec![4];
    ingest.extend_from_slice(ns_varint);
    ingest.extend_from_slice(subaddress);
    let mut data = subaddress.to_vec();
    data.extend_from_slice(&checksum(&ingest));
    format!("f4{ns_text}f{}", base32(&data))
}

fn delegated(namespace: u64, subaddress: &[u8]) -> Address {
    Address::new_delegated(namespace, subaddress).expect("valid delegated address")
}

#[test]
fn reference_vectors() {
    let long = "f418446744073709551615faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaafbbuagu";
    let cases: [(u64, &[u8], &str); 3] = [
        (32, &[0xff; 5], "f432f77777777x32lpna"),
        (u64::MAX, &[], "f418446744073709551615ftnkyfaq"),
        (u64::MAX, &[0; MAX_SUBADDRESS_LEN], long),
    ];
    for (namespace, subaddress, text) in cases {
        let address = delegated(namespace, subaddress);
        check_string_round_trip(address, Protocol::Delegated, text);
        assert_eq!(
            text,
            f4_string(&namespace.to_string(), &varint(namespace), subaddress)
        );
    }
    // The longest string form any address has.
    assert_eq!(long.len(), 116);
    assert!(long.len() <= MAX_ADDRESS_LEN);
}

#[test]
fn eam_vectors() {
    // Ethereum addresses and their f410 forms, as published by Filecoin address tools.
    let cases = [
        (
            "0000000000000000000000000000000000000000",
            "f410faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaonc6iji",
        ),
        (
            "cca92338ef9535cb7655cfc347c36dd4e6f3663f",
            "f410fzsusgohpsu24w5svz7bupq3n2ttpgzr7s5jap4i",
        ),
        (
            "d4c5fb16488aa48081296299d54b0c648c9333da",
            "f410f2tc7wfsirksibajjmkm5ksymmsgjgm62hjnomwa",
        ),
    ];
    for (eth, text) in cases {
        let eth = hex(eth);
        let address = delegated(EAM_NAMESPACE, &eth);
        check_string_round_trip(address, Protocol::Delegated, text);

        let mut bytes = vec![4, 10];
        bytes.extend_from_slice(&eth);
        assert_eq!(address.to_bytes(), bytes);
        assert_eq!(address.payload_bytes(), bytes[1..]);

        // CBOR: a 22-byte byte string.
        let mut cbor = vec![0x40 + 22];
        cbor.extend_from_slice(&bytes);
        assert_eq!(to_cbor(&address), cbor);
        assert_eq!(from_cbor::<Address>(&cbor), Ok(address));

        let testnet = format!("t{}", &text[1..]);
        assert_eq!(address.to_string_network(Network::Testnet), testnet);
        let parsed: Address = testnet.parse().expect("testnet form parses");
        assert_eq!(parsed.network(), Network::Testnet);
        assert_eq!(parsed.payload(), address.payload());
    }
}

#[test]
fn accessors_and_bytes() {
    let address = delegated(32, &[0xff; 5]);
    assert_eq!(address.protocol(), Protocol::Delegated);
    assert_eq!(address.to_bytes(), [4, 32, 0xff, 0xff, 0xff, 0xff, 0xff]);
    assert_eq!(address.id(), Err(AddressError::NonIdAddress));
    let Payload::Delegated(inner) = *address.payload() else {
        panic!("delegated payload expected");
    };
    assert_eq!(inner.namespace(), 32);
    assert_eq!(inner.subaddress(), [0xff; 5]);
    assert_eq!(DelegatedAddress::try_from(address.payload()), Ok(inner));
    assert_eq!(
        DelegatedAddress::try_from(Address::new_id(1).payload()),
        Err(AddressError::NonDelegatedAddress)
    );
    assert_eq!(Address::from_payload(Payload::Delegated(inner)), address);

    // Namespace varints: 128 takes two bytes, u64::MAX ten.
    assert_eq!(delegated(128, &[7]).to_bytes(), [4, 0x80, 0x01, 7]);
    let mut max = vec![4];
    max.extend_from_slice(&[0xff; 9]);
    max.push(0x01);
    max.extend_from_slice(&[0; MAX_SUBADDRESS_LEN]);
    let longest = delegated(u64::MAX, &[0; MAX_SUBADDRESS_LEN]);
    assert_eq!(longest.to_bytes(), max);
    assert_eq!(max.len(), MAX_ADDRESS_BYTES_LEN);
    assert_eq!(Address::from_bytes(&max), Ok(longest));
    let mut cbor = vec![0x58, 65];
    cbor.extend_from_slice(&max);
    assert_eq!(to_cbor(&longest), cbor);
    assert_eq!(from_cbor::<Address>(&cbor), Ok(longest));

    // An empty subaddress is allowed: the byte form is just protocol + namespace.
    assert_eq!(Address::from_bytes(&[4, 0]), Ok(delegated(0, &[])));
    assert_eq!(delegated(0, &[]).to_string(), f4_string("0", &[0], &[]));
}

#[test]
fn equality_and_hashing() {
    let a = delegated(10, &[1, 2, 3]);
    assert_eq!(a, delegated(10, &[1, 2, 3]));
    assert_ne!(a, delegated(10, &[1, 2]));
    assert_ne!(a, delegated(10, &[1, 2, 3, 0]));
    assert_ne!(a, delegated(11, &[1, 2, 3]));
    let set: HashSet<Address> = [a, delegated(10, &[1, 2, 3]), delegated(10, &[1, 2])].into();
    assert_eq!(set.len(), 2);
    // Delegated payloads sort after every other protocol; shorter subaddresses first.
    assert!(Address::new_bls(&[0xff; 48]).expect("key") < delegated(0, &[]));
    assert!(delegated(10, &[0xff]) < delegated(10, &[0, 0]));
}

#[test]
fn overlong_subaddresses() {
    assert_eq!(
        Address::new_delegated(EAM_NAMESPACE, &[0; MAX_SUBADDRESS_LEN + 1]),
        Err(AddressError::InvalidPayloadLength(MAX_SUBADDRESS_LEN + 1))
    );
    let mut bytes = vec![4, 0];
    bytes.extend_from_slice(&[0xff; MAX_SUBADDRESS_LEN + 1]);
    assert_eq!(
        Address::from_bytes(&bytes),
        Err(AddressError::InvalidPayloadLength(MAX_SUBADDRESS_LEN + 1))
    );
    // Through CBOR too.
    let mut cbor = vec![0x58, bytes.len() as u8];
    cbor.extend_from_slice(&bytes);
    assert!(from_cbor::<Address>(&cbor).is_err());
    // And through the string form, with a correct checksum.
    let text = f4_string("1", &[1], &[9; MAX_SUBADDRESS_LEN + 1]);
    assert!(text.len() <= MAX_ADDRESS_LEN);
    assert_eq!(
        Address::from_str(&text),
        Err(AddressError::InvalidPayloadLength(MAX_SUBADDRESS_LEN + 1))
    );
}

#[test]
fn byte_errors() {
    let cases: [(&[u8], AddressError); 7] = [
        (&[4], AddressError::InvalidLength),
        // Truncated varints.
        (&[4, 0xff], AddressError::InvalidPayload),
        (&[4, 0x80, 0x80], AddressError::InvalidPayload),
        // Non-minimal varints (a trailing zero byte).
        (&[4, 0x80, 0x00], AddressError::InvalidPayload),
        (&[4, 0x8a, 0x00, 1, 2, 3], AddressError::InvalidPayload),
        (&[4, 0xff, 0xff, 0x00], AddressError::InvalidPayload),
        // Eleven varint bytes.
        (
            &[
                4, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
            ],
            AddressError::InvalidPayload,
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(Address::from_bytes(bytes), Err(expected), "{bytes:02x?}");
    }
    // A trailing zero after a complete one-byte namespace is subaddress, not varint.
    assert_eq!(Address::from_bytes(&[4, 10, 0]), Ok(delegated(10, &[0])));
    assert_eq!(Address::from_bytes(&[4, 0, 0]), Ok(delegated(0, &[0])));
}

#[test]
fn tenth_varint_byte_high_bits_are_dropped_like_the_reference() {
    // Same varint rules as ID payloads: a 10th byte above 1 loses its high bits, so this
    // non-canonical form is accepted and re-encodes differently.
    let mut bytes = vec![4];
    bytes.extend_from_slice(&[0xff; 9]);
    bytes.push(0x7f);
    bytes.push(0xaa);
    let address = Address::from_bytes(&bytes).expect("accepted like the reference");
    assert_eq!(address, delegated(u64::MAX, &[0xaa]));
    assert_ne!(address.to_bytes(), bytes);
    assert_eq!(Address::from_bytes(&address.to_bytes()), Ok(address));
}

#[test]
fn string_errors() {
    let good = f4_string("10", &[10], &[1; 20]);
    let (head, tail) = good.split_at(good.len() - 1);
    let bad_checksum = format!("{head}{}", if tail == "a" { "b" } else { "a" });
    let ns21 = format!("f4{}f{}", "0".repeat(21), &good[5..]);
    let cases = [
        // No `f` after the namespace.
        ("f410", AddressError::InvalidPayload),
        ("f4123456789", AddressError::InvalidPayload),
        // Empty, non-decimal, too large namespaces.
        ("f4faaaaaaaa", AddressError::InvalidPayload),
        ("f4-1faaaaaaaa", AddressError::InvalidPayload),
        (
            "f418446744073709551616faaaaaaaa",
            AddressError::InvalidPayload,
        ),
        (ns21.as_str(), AddressError::InvalidLength),
        // Decodes to fewer bytes than the checksum.
        ("f410f", AddressError::InvalidLength),
        ("f410faaaa", AddressError::InvalidLength),
        (bad_checksum.as_str(), AddressError::InvalidChecksum),
        (
            "f5gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y",
            AddressError::UnknownProtocol,
        ),
        ("x410faaaaaaaa", AddressError::UnknownNetwork),
    ];
    for (text, expected) in cases {
        assert_eq!(Address::from_str(text), Err(expected), "{text}");
    }
    // The checksum covers the namespace: the same subaddress under another namespace fails.
    let moved = format!("f411{}", &good[4..]);
    assert_eq!(
        Address::from_str(&moved),
        Err(AddressError::InvalidChecksum)
    );

    // base32 errors report positions within the subaddress part.
    assert_eq!(
        Address::from_str("f432f77777777x32lpn1"),
        Err(AddressError::Base32Decoding(DecodeError {
            position: 14,
            kind: DecodeKind::Symbol,
        }))
    );
    assert!(matches!(
        Address::from_str("f432f7"),
        Err(AddressError::Base32Decoding(DecodeError {
            kind: DecodeKind::Length,
            ..
        }))
    ));
    // Upper case is not base32 here.
    assert!(matches!(
        Address::from_str(&format!("f410f{}", good[5..].to_uppercase())),
        Err(AddressError::Base32Decoding(_))
    ));

    // Length limit: MAX_ADDRESS_LEN characters are looked at, one more is not.
    let at_limit = format!("f41f{}", "a".repeat(MAX_ADDRESS_LEN - 4));
    assert_ne!(
        Address::from_str(&at_limit),
        Err(AddressError::InvalidLength)
    );
    let over = format!("{at_limit}a");
    assert_eq!(Address::from_str(&over), Err(AddressError::InvalidLength));
}

#[test]
fn lenient_namespace_text_like_the_reference() {
    // u64::from_str takes a leading '+' and leading zeros; the checksum is over the canonical
    // byte form, so these parse to the same address (and print canonically).
    let canonical = delegated(EAM_NAMESPACE, &[3; 20]);
    let text = canonical.to_string();
    let rest = &text[4..]; // after "f410"
    for variant in [
        format!("f4+10{rest}"),
        format!("f4010{rest}"),
        format!("f400010{rest}"),
    ] {
        assert_eq!(Address::from_str(&variant), Ok(canonical), "{variant}");
    }
}

/// The minimal unsigned LEB128 encoding (test model).
fn varint(mut value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

proptest! {
    #[test]
    fn round_trips(namespace: u64, subaddress in proptest::collection::vec(any::<u8>(), 0..=MAX_SUBADDRESS_LEN), testnet: bool) {
        let address = delegated(namespace, &subaddress);
        let mut bytes = vec![4];
        bytes.extend_from_slice(&varint(namespace));
        bytes.extend_from_slice(&subaddress);
        prop_assert_eq!(address.to_bytes(), bytes.clone());
        prop_assert_eq!(Address::from_bytes(&bytes), Ok(address));
        prop_assert_eq!(from_cbor::<Address>(&to_cbor(&address)), Ok(address));

        let text = address.to_string();
        prop_assert_eq!(&text, &f4_string(&namespace.to_string(), &varint(namespace), &subaddress));
        prop_assert!(text.len() <= 116);
        prop_assert_eq!(Address::from_str(&text), Ok(address));
        let network = if testnet { Network::Testnet } else { Network::Mainnet };
        let mut parsed = Address::from_str(&address.to_string_network(network)).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(parsed.network(), network);
        parsed.set_network(Network::Mainnet);
        prop_assert_eq!(parsed, address);
    }

    #[test]
    fn from_bytes_never_panics_and_round_trips(
        protocol in 0u8..6,
        rest in proptest::collection::vec(any::<u8>(), 0..80),
    ) {
        let mut bytes = vec![protocol];
        bytes.extend_from_slice(&rest);
        if let Ok(address) = Address::from_bytes(&bytes) {
            let encoded = address.to_bytes();
            prop_assert_eq!(Address::from_bytes(&encoded), Ok(address));
            prop_assert!(encoded.len() <= MAX_ADDRESS_BYTES_LEN);
            // Byte-identical unless a 10-byte varint dropped high bits of its last byte.
            let quirk = matches!(protocol, 0 | 4)
                && bytes.len() > 10
                && bytes[1..10].iter().all(|b| b & 0x80 != 0)
                && bytes[10] >= 2;
            prop_assert!(encoded == bytes || quirk, "{:02x?} -> {:02x?}", bytes, encoded);
            prop_assert_eq!(Address::from_str(&address.to_string()), Ok(address));
        }
    }

    #[test]
    fn delegated_varint_prefixes(
        varint_bytes in proptest::collection::vec(any::<u8>(), 0..12),
        subaddress in proptest::collection::vec(any::<u8>(), 0..60),
    ) {
        let mut bytes = vec![4];
        bytes.extend_from_slice(&varint_bytes);
        bytes.extend_from_slice(&subaddress);
        if let Ok(address) = Address::from_bytes(&bytes) {
            prop_assert_eq!(Address::from_bytes(&address.to_bytes()), Ok(address));
            prop_assert_eq!(from_cbor::<Address>(&to_cbor(&address)), Ok(address));
        }
    }

    #[test]
    fn strings_never_panic(text in "[ft]4[+0-9]{0,22}f?[a-z2-7]{0,120}") {
        if let Ok(address) = Address::from_str(&text) {
            prop_assert_eq!(address.protocol(), Protocol::Delegated);
            prop_assert_eq!(Address::from_bytes(&address.to_bytes()), Ok(address));
        }
    }
}
