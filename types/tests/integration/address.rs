//! Address known answers (vectors from the reference's address tests).

use std::str::FromStr;

use data_encoding::{DecodeError, DecodeKind};
use fvmi_types::{Address, AddressError, Network, Payload, Protocol};

use crate::{from_cbor, to_cbor};

pub(crate) fn check_string_round_trip(address: Address, protocol: Protocol, expected: &str) {
    assert_eq!(address.to_string(), expected);
    let parsed = Address::from_str(expected).expect("parses");
    assert_eq!(parsed, address);
    assert_eq!(parsed.protocol(), protocol);
    assert_eq!(Address::from_bytes(&parsed.to_bytes()), Ok(parsed));
}

#[test]
fn secp256k1_vector() {
    let pubkey = [
        4, 148, 2, 250, 195, 126, 100, 50, 164, 22, 163, 160, 202, 84, 38, 181, 24, 90, 179, 178,
        79, 97, 52, 239, 162, 92, 228, 135, 200, 45, 46, 78, 19, 191, 69, 37, 17, 224, 210, 36, 84,
        33, 248, 97, 59, 193, 13, 114, 250, 33, 102, 102, 169, 108, 59, 193, 57, 32, 211, 255, 35,
        63, 208, 188, 5,
    ];
    let address = Address::new_secp256k1(&pubkey).expect("65-byte key");
    check_string_round_trip(
        address,
        Protocol::Secp256k1,
        "f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq",
    );
    assert_eq!(
        Address::new_secp256k1(&pubkey[..64]),
        Err(AddressError::InvalidSecpLength(64))
    );
}

#[test]
fn actor_vectors() {
    let cases: [(&[u8], &str); 2] = [
        (
            &[
                118, 18, 129, 144, 205, 240, 104, 209, 65, 128, 68, 172, 192, 62, 11, 103, 129,
                151, 13, 96,
            ],
            "f24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i",
        ),
        (
            &[
                61, 58, 137, 232, 221, 171, 84, 120, 50, 113, 108, 109, 70, 140, 53, 96, 201, 244,
                127, 216,
            ],
            "f2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y",
        ),
    ];
    for (data, expected) in cases {
        check_string_round_trip(Address::new_actor(data), Protocol::Actor, expected);
    }
}

#[test]
fn bls_vector_and_cbor() {
    let key = [
        173, 88, 223, 105, 110, 45, 78, 145, 234, 134, 200, 129, 233, 56, 186, 78, 168, 27, 57, 94,
        18, 121, 123, 132, 185, 207, 49, 75, 149, 70, 112, 94, 131, 156, 122, 153, 214, 6, 178, 71,
        221, 180, 249, 172, 122, 52, 20, 221,
    ];
    let text =
        "f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a";
    let address = Address::new_bls(&key).expect("48-byte key");
    check_string_round_trip(address, Protocol::BLS, text);
    let mut expected_cbor = vec![88, 49, 3];
    expected_cbor.extend_from_slice(&key);
    assert_eq!(to_cbor(&address), expected_cbor);
    assert_eq!(from_cbor::<Address>(&expected_cbor), Ok(address));
}

#[test]
fn id_vectors() {
    for (id, text) in [
        (0, "f00"),
        (1, "f01"),
        (150, "f0150"),
        (1024, "f01024"),
        (999_999, "f0999999"),
        (u64::MAX, "f018446744073709551615"),
    ] {
        check_string_round_trip(Address::new_id(id), Protocol::ID, text);
    }
    assert_eq!(Address::new_id(1).to_bytes(), [0, 1]);
    assert_eq!(Address::new_id(1024).to_bytes(), [0, 0x80, 0x08]);
    assert_eq!(to_cbor(&Address::new_id(1)), [0x42, 0, 1]);
}

#[test]
fn networks() {
    let mut address: Address = from_cbor(&[66, 0, 1]).expect("decodes");
    assert_eq!(address.network(), Network::Mainnet);
    assert_eq!(address.to_string_network(Network::Testnet), "t01");
    assert_eq!(address.set_network(Network::Testnet).to_string(), "t01");
    let parsed: Address = "t01".parse().expect("parses");
    assert_eq!(parsed.network(), Network::Testnet);
    assert_eq!(parsed.id(), Ok(1));
}

#[test]
fn string_errors() {
    let cases = [
        (
            "Q2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y",
            AddressError::UnknownNetwork,
        ),
        (
            "f5gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y",
            AddressError::UnknownProtocol,
        ),
        // Protocol 4 exists: "g" is not a decimal namespace.
        (
            "f4gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y",
            AddressError::InvalidPayload,
        ),
        (
            "f2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y",
            AddressError::InvalidChecksum,
        ),
        ("f0banananananannnnnnnnn", AddressError::InvalidLength),
        ("f0banananananannnnnnnn", AddressError::InvalidPayload),
        ("f2", AddressError::InvalidLength),
        // Decodes to 3 bytes: shorter than the checksum.
        ("f1mzxqu", AddressError::InvalidLength),
    ];
    for (text, expected) in cases {
        assert_eq!(Address::from_str(text), Err(expected), "{text}");
    }
    for (text, position) in [
        ("f2gfvuyh7v2sx3patm1k23wdzmhyhtmqctasbr24y", 16),
        ("f2gfvuyh7v2sx3paTm1k23wdzmhyhtmqctasbr24y", 14),
    ] {
        assert_eq!(
            Address::from_str(text),
            Err(AddressError::Base32Decoding(DecodeError {
                position,
                kind: DecodeKind::Symbol,
            })),
            "{text}"
        );
    }
    for text in [
        "fömk3zcefvlgpay4f32c5vmruk5gqig6dumc7pz6q",
        "ö",
        "🗻∈🌏ömk3",
        "f1aa",
    ] {
        assert!(Address::from_str(text).is_err(), "{text}");
    }
    // u64::from_str accepts a leading '+', so the reference does too.
    assert_eq!(Address::from_str("f0+5"), Ok(Address::new_id(5)));
}

#[test]
fn byte_errors() {
    let cases: [(Vec<u8>, AddressError); 10] = [
        (vec![5, 4, 4], AddressError::UnknownProtocol),
        (vec![0xff, 0], AddressError::UnknownProtocol),
        (vec![0], AddressError::InvalidLength),
        (vec![], AddressError::InvalidLength),
        (vec![1; 22], AddressError::InvalidPayloadLength(21)),
        (vec![2; 20], AddressError::InvalidPayloadLength(19)),
        (vec![3; 50], AddressError::InvalidPayloadLength(49)),
        (vec![3; 48], AddressError::InvalidPayloadLength(47)),
        (vec![0, 0x80, 0x00], AddressError::InvalidPayload),
        (vec![0, 67, 0], AddressError::InvalidPayload),
    ];
    for (bytes, expected) in cases {
        assert_eq!(Address::from_bytes(&bytes), Err(expected), "{bytes:?}");
    }
}

#[test]
fn bls_zero_address() {
    let zero: Address =
        "f3yaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaby2smx7a"
            .parse()
            .expect("parses");
    assert!(zero.is_bls_zero_address());
    assert_eq!(
        zero.payload(),
        &Payload::BLS(fvmi_types::BLS_ZERO_ADDR_BYTES)
    );
    assert!(!Address::new_id(0).is_bls_zero_address());
}
