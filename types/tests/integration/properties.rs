//! Property tests: round trips against simple models, and no panics on arbitrary input.

use fvmi_types::sector::{
    AggregateSealVerifyProofAndInfos, ReplicaUpdateInfo, SealVerifyInfo, WindowPoStVerifyInfo,
};
use fvmi_types::sys::out::vm::InvocationContext;
use fvmi_types::{
    Address, DelegatedAddress, Message, Network, Payload, PieceInfo, Receipt, Signature,
    TokenAmount,
};
use proptest::prelude::*;

use crate::{from_cbor, to_cbor};

fn any_payload() -> impl Strategy<Value = Payload> {
    prop_oneof![
        any::<u64>().prop_map(Payload::ID),
        any::<[u8; 20]>().prop_map(Payload::Secp256k1),
        any::<[u8; 20]>().prop_map(Payload::Actor),
        proptest::collection::vec(any::<u8>(), 48).prop_map(|v| {
            let mut key = [0u8; 48];
            key.copy_from_slice(&v);
            Payload::BLS(key)
        }),
        (
            any::<u64>(),
            proptest::collection::vec(any::<u8>(), 0..=fvmi_types::MAX_SUBADDRESS_LEN)
        )
            .prop_map(|(namespace, subaddress)| {
                Payload::Delegated(
                    DelegatedAddress::new(namespace, &subaddress).expect("short enough"),
                )
            }),
    ]
}

proptest! {
    #[test]
    fn address_round_trips(payload in any_payload(), testnet: bool) {
        let address = Address::from_payload(payload);
        prop_assert_eq!(Address::from_bytes(&address.to_bytes()), Ok(address));
        prop_assert_eq!(from_cbor::<Address>(&to_cbor(&address)), Ok(address));
        let network = if testnet { Network::Testnet } else { Network::Mainnet };
        let text = address.to_string_network(network);
        prop_assert!(text.len() <= fvmi_types::MAX_ADDRESS_LEN);
        prop_assert!(address.to_bytes().len() <= fvmi_types::MAX_ADDRESS_BYTES_LEN);
        let mut parsed: Address = text.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(parsed.network(), network);
        parsed.set_network(Network::Mainnet);
        prop_assert_eq!(parsed, address);
    }

    #[test]
    fn token_amounts_match_i128_model(a in any::<i64>(), b in any::<i64>(), k in -1000i64..1000) {
        let (x, y) = (TokenAmount::from_atto(a), TokenAmount::from_atto(b));
        let (a, b) = (i128::from(a), i128::from(b));
        prop_assert_eq!(&x + &y, TokenAmount::from_atto(a + b));
        prop_assert_eq!(&x - &y, TokenAmount::from_atto(a - b));
        prop_assert_eq!(x.clone() * k, TokenAmount::from_atto(a * i128::from(k)));
        prop_assert_eq!(x.cmp(&y), a.cmp(&b));
        prop_assert_eq!(-&x, TokenAmount::from_atto(-a));
        if k != 0 {
            let (q, r) = x.div_rem(k);
            prop_assert_eq!(q, TokenAmount::from_atto(a / i128::from(k)));
            prop_assert_eq!(r, TokenAmount::from_atto(a % i128::from(k)));
            prop_assert_eq!(x.div_floor(k), TokenAmount::from_atto(a.div_euclid(i128::from(k))
                - if k < 0 && a.rem_euclid(i128::from(k)) != 0 { 1 } else { 0 }));
        }
        prop_assert_eq!(from_cbor::<TokenAmount>(&to_cbor(&x)), Ok(x.clone()));
    }

    #[test]
    fn abi_token_amount_round_trips(value: u128) {
        let abi = fvmi_types::sys::TokenAmount::from_u128(value);
        let amount = TokenAmount::from(abi);
        prop_assert_eq!(amount.atto(), &fvmi_types::BigInt::from(value));
        prop_assert_eq!(fvmi_types::sys::TokenAmount::try_from(&amount), Ok(abi));
        let bytes = abi.to_le_bytes();
        prop_assert_eq!(bytes, value.to_le_bytes());
        prop_assert_eq!(fvmi_types::sys::TokenAmount::from_le_bytes(&bytes), abi);
    }

    #[test]
    fn invocation_context_round_trips(bytes in proptest::collection::vec(any::<u8>(), 52)) {
        let context = InvocationContext::read_from(&bytes).expect("52 bytes");
        let encoded = context.to_le_bytes();
        prop_assert_eq!(encoded.as_slice(), bytes.as_slice());
    }

    #[test]
    fn decoders_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..96)) {
        let _ = Address::from_bytes(&bytes);
        let _ = from_cbor::<Address>(&bytes);
        let _ = from_cbor::<TokenAmount>(&bytes);
        let _ = from_cbor::<Message>(&bytes);
        let _ = from_cbor::<Receipt>(&bytes);
        let _ = from_cbor::<Signature>(&bytes);
        let _ = from_cbor::<PieceInfo>(&bytes);
        let _ = from_cbor::<SealVerifyInfo>(&bytes);
        let _ = from_cbor::<WindowPoStVerifyInfo>(&bytes);
        let _ = from_cbor::<AggregateSealVerifyProofAndInfos>(&bytes);
        let _ = from_cbor::<ReplicaUpdateInfo>(&bytes);
        let _ = InvocationContext::read_from(&bytes);
    }

    #[test]
    fn address_strings_never_panic(text in "[ft][0-4][a-z2-7+0-9]{0,90}", raw in ".{0,100}") {
        let _ = text.parse::<Address>();
        let _ = raw.parse::<Address>();
    }

    #[test]
    fn corrupted_messages_never_panic(index in 0usize..40, byte: u8) {
        let message = Message {
            version: 0,
            to: Address::new_id(1234),
            from: Address::new_actor(b"x"),
            sequence: 1,
            value: TokenAmount::from_atto(1),
            gas_limit: 1,
            gas_fee_cap: TokenAmount::from_atto(1),
            gas_premium: TokenAmount::from_atto(1),
            method_num: 2,
            params: fvmi_types::RawBytes::new(vec![1, 2, 3]),
        };
        let mut bytes = to_cbor(&message);
        let at = index % bytes.len();
        bytes[at] = byte;
        if let Ok(decoded) = from_cbor::<Message>(&bytes) {
            // Anything that decodes must re-encode to a decodable value.
            prop_assert_eq!(from_cbor::<Message>(&to_cbor(&decoded)), Ok(decoded));
        }
    }
}
