//! CBOR known answers and strictness.

use cid::Cid;
use fvmi_types::bigint_ser::{BigIntDe, BigIntSer};
use fvmi_types::sector::{
    PoStProof, RegisteredPoStProof, RegisteredSealProof, RegisteredUpdateProof, ReplicaUpdateInfo,
    SectorID,
};
use fvmi_types::{
    Address, BigInt, ExitCode, Message, NetworkVersion, PaddedPieceSize, PieceInfo, RawBytes,
    Receipt, Signature, SignatureType, TokenAmount,
};

use crate::{from_cbor, hex, to_cbor};

#[test]
fn token_amount_encoding() {
    let cases: [(i128, &str); 5] = [
        (0, "40"),
        (1, "420001"),
        (-1, "420101"),
        (256, "43000100"),
        (
            1_000_000_000_000_000_000,
            "4900", /* followed by 8 bytes */
        ),
    ];
    for (value, prefix) in cases {
        let amount = TokenAmount::from_atto(value);
        let bytes = to_cbor(&amount);
        assert!(bytes.starts_with(&hex(prefix)), "{value}: {bytes:02x?}");
        assert_eq!(from_cbor::<TokenAmount>(&bytes), Ok(amount));
    }
    assert_eq!(
        to_cbor(&TokenAmount::from_whole(1)),
        hex("49000de0b6b3a7640000")
    );
}

#[test]
fn bigint_lenient_and_strict_cases() {
    // A lone sign byte and leading zeros are accepted, as in the reference.
    assert_eq!(
        from_cbor::<BigIntDe>(&hex("4100")),
        Ok(BigIntDe(BigInt::from(0)))
    );
    assert_eq!(
        from_cbor::<BigIntDe>(&hex("4101")),
        Ok(BigIntDe(BigInt::from(0)))
    );
    assert_eq!(
        from_cbor::<BigIntDe>(&hex("43000005")),
        Ok(BigIntDe(BigInt::from(5)))
    );
    // Bad sign byte, text string, array.
    assert!(from_cbor::<BigIntDe>(&hex("420205")).is_err());
    assert!(from_cbor::<BigIntDe>(&hex("6161")).is_err());
    assert!(from_cbor::<BigIntDe>(&hex("820005")).is_err());
}

#[test]
fn bigint_size_limit() {
    let biggest = BigInt::from_bytes_be(fvmi_types::Sign::Plus, &[0xff; 127]);
    let encoded = to_cbor(&BigIntSer(&biggest));
    assert_eq!(from_cbor::<BigIntDe>(&encoded), Ok(BigIntDe(biggest)));
    let too_big = BigInt::from_bytes_be(fvmi_types::Sign::Plus, &[0xff; 128]);
    assert!(serde_ipld_dagcbor::to_vec(&BigIntSer(&too_big)).is_err());
    let mut raw = vec![0x58, 129, 0];
    raw.extend_from_slice(&[0xff; 128]);
    let err = from_cbor::<BigIntDe>(&raw).expect_err("too large");
    assert!(err.contains("BigInt too large"), "{err}");
}

#[test]
fn raw_bytes_must_be_a_byte_string() {
    assert_eq!(
        from_cbor::<RawBytes>(&hex("43010203")),
        Ok(RawBytes::new(vec![1, 2, 3]))
    );
    assert!(from_cbor::<RawBytes>(&hex("83010203")).is_err());
    assert!(from_cbor::<RawBytes>(&hex("63616263")).is_err());
    assert!(from_cbor::<Address>(&hex("820001")).is_err());
}

fn sample_message() -> Message {
    Message {
        version: 0,
        to: Address::new_id(1),
        from: Address::new_id(2),
        sequence: 3,
        value: TokenAmount::from_atto(4),
        gas_limit: 5,
        gas_fee_cap: TokenAmount::from_atto(6),
        gas_premium: TokenAmount::from_atto(7),
        method_num: 8,
        params: RawBytes::new(vec![0x09]),
    }
}

#[test]
fn message_field_order() {
    let expected = hex("8a00420001420002034200040542000642000708410 9"
        .replace(' ', "")
        .as_str());
    let encoded = to_cbor(&sample_message());
    assert_eq!(encoded, expected);
    assert_eq!(from_cbor::<Message>(&encoded), Ok(sample_message()));
}

#[test]
fn tuples_reject_wrong_lengths() {
    let encoded = to_cbor(&sample_message());
    let mut short = encoded.clone();
    short[0] = 0x89;
    short.truncate(short.len() - 2);
    assert!(from_cbor::<Message>(&short).is_err());
    let mut long = encoded;
    long[0] = 0x8b;
    long.push(0x00);
    assert!(from_cbor::<Message>(&long).is_err());
}

#[test]
fn receipt_and_exit_code() {
    let receipt = Receipt {
        exit_code: ExitCode::USR_ILLEGAL_ARGUMENT,
        return_data: RawBytes::default(),
        gas_used: 1000,
    };
    let encoded = to_cbor(&receipt);
    assert_eq!(encoded, hex("83104019 03e8".replace(' ', "").as_str()));
    assert_eq!(from_cbor::<Receipt>(&encoded), Ok(receipt));
}

#[test]
fn signature_encoding() {
    let signature = Signature::new_bls(vec![0xaa; 96]);
    let encoded = to_cbor(&signature);
    assert_eq!(&encoded[..4], &[0x58, 97, 2, 0xaa]);
    assert_eq!(from_cbor::<Signature>(&encoded), Ok(signature));
    assert_eq!(
        from_cbor::<Signature>(&hex("420101")),
        Ok(Signature {
            sig_type: SignatureType::Secp256k1,
            bytes: vec![1]
        })
    );
    assert!(from_cbor::<Signature>(&hex("40")).is_err());
    assert!(from_cbor::<Signature>(&hex("420301")).is_err());
}

#[test]
fn small_enums_and_newtypes() {
    assert_eq!(to_cbor(&NetworkVersion::V15), [0x0f]);
    assert_eq!(
        from_cbor::<NetworkVersion>(&[0x12]),
        Ok(NetworkVersion::V18)
    );
    assert!(from_cbor::<NetworkVersion>(&[0x18, 200]).is_err());
    assert_eq!(to_cbor(&RegisteredSealProof::StackedDRG32GiBV1P1), [0x08]);
    assert_eq!(
        from_cbor::<RegisteredSealProof>(&[0x20]),
        Ok(RegisteredSealProof::Invalid(-1))
    );
    assert_eq!(
        to_cbor(&SectorID {
            miner: 1000,
            number: 2
        }),
        hex("821903e802")
    );
    assert_eq!(to_cbor(&ExitCode::SYS_OUT_OF_GAS), [0x07]);
}

fn sample_cid() -> Cid {
    // bafy2bzace... style CID: v1, dag-cbor, blake2b-256 of nothing in particular.
    let mut bytes = vec![0x01, 0x71, 0xa0, 0xe4, 0x02, 0x20];
    bytes.extend_from_slice(&[7u8; 32]);
    Cid::try_from(bytes.as_slice()).expect("valid cid")
}

#[test]
fn proof_structs() {
    let post = PoStProof {
        post_proof: RegisteredPoStProof::StackedDRGWindow32GiBV1,
        proof_bytes: vec![1, 2],
    };
    assert_eq!(to_cbor(&post), hex("8208420102"));
    assert_eq!(from_cbor::<PoStProof>(&hex("8208420102")), Ok(post));

    let update = ReplicaUpdateInfo {
        update_proof_type: RegisteredUpdateProof::StackedDRG32GiBV1,
        old_sealed_cid: sample_cid(),
        new_sealed_cid: sample_cid(),
        new_unsealed_cid: sample_cid(),
        proof: vec![1, 2],
    };
    let encoded = to_cbor(&update);
    // The proof is an array of integers here, unlike every other proof field.
    assert!(encoded.ends_with(&hex("820102")));
    assert_eq!(from_cbor::<ReplicaUpdateInfo>(&encoded), Ok(update));

    let piece = PieceInfo {
        size: PaddedPieceSize(128),
        cid: sample_cid(),
    };
    let encoded = to_cbor(&piece);
    assert_eq!(&encoded[..4], &hex("821880d8"));
    assert_eq!(from_cbor::<PieceInfo>(&encoded), Ok(piece));
}
