//! Signature checks with keys fixed in the test: valid signatures pass and
//! any tampering fails.

use bls_signatures::Serialize as _;
use fvmi_kernel::crypto::{
    blake2b_256, check_signature, recover_secp_public_key, verify_bls_aggregate, verify_signature,
    SignatureError,
};
use fvmi_types::{Address, Signature, SignatureType};

const MESSAGE: &[u8] = b"fvmi signs this message";

fn secp_key(seed: u8) -> libsecp256k1::SecretKey {
    libsecp256k1::SecretKey::parse(&[seed; 32]).expect("valid secret key")
}

fn secp_sign(key: &libsecp256k1::SecretKey, message: &[u8]) -> Vec<u8> {
    let digest = libsecp256k1::Message::parse(&blake2b_256(message));
    let (signature, recovery_id) = libsecp256k1::sign(&digest, key);
    let mut bytes = signature.serialize().to_vec();
    bytes.push(recovery_id.serialize());
    bytes
}

fn secp_address(key: &libsecp256k1::SecretKey) -> Address {
    let public = libsecp256k1::PublicKey::from_secret_key(key);
    Address::new_secp256k1(&public.serialize()).expect("65-byte key")
}

#[test]
fn secp256k1_signatures() {
    let key = secp_key(7);
    let signer = secp_address(&key);
    let bytes = secp_sign(&key, MESSAGE);
    let signature = Signature::new_secp256k1(bytes.clone());
    assert!(verify_signature(&signature, &signer, MESSAGE));

    let mut tampered = bytes.clone();
    tampered[10] ^= 1;
    assert!(!verify_signature(
        &Signature::new_secp256k1(tampered),
        &signer,
        MESSAGE
    ));
    assert!(!verify_signature(&signature, &signer, b"another message"));
    assert!(!verify_signature(
        &signature,
        &secp_address(&secp_key(8)),
        MESSAGE
    ));
    assert_eq!(
        check_signature(
            SignatureType::Secp256k1,
            &bytes,
            &secp_address(&secp_key(8)),
            MESSAGE
        ),
        Err(SignatureError::Mismatch)
    );
    assert!(matches!(
        check_signature(SignatureType::Secp256k1, &bytes[..64], &signer, MESSAGE),
        Err(SignatureError::BadLength {
            expected: 65,
            actual: 64,
            ..
        })
    ));
    let mut bad_recovery = bytes.clone();
    bad_recovery[64] = 9;
    assert!(check_signature(SignatureType::Secp256k1, &bad_recovery, &signer, MESSAGE).is_err());
    // A secp256k1 signature is never checked against an ID address.
    assert!(matches!(
        check_signature(
            SignatureType::Secp256k1,
            &bytes,
            &Address::new_id(100),
            MESSAGE
        ),
        Err(SignatureError::WrongAddressProtocol { .. })
    ));
}

#[test]
fn secp256k1_key_recovery() {
    let key = secp_key(3);
    let bytes: [u8; 65] = secp_sign(&key, MESSAGE).try_into().expect("65 bytes");
    let recovered = recover_secp_public_key(&blake2b_256(MESSAGE), &bytes).expect("recovers");
    assert_eq!(
        recovered,
        libsecp256k1::PublicKey::from_secret_key(&key).serialize()
    );
    let other = recover_secp_public_key(&blake2b_256(b"x"), &bytes);
    assert_ne!(other.ok(), Some(recovered));
}

fn bls_key(seed: u8) -> bls_signatures::PrivateKey {
    bls_signatures::PrivateKey::new([seed; 32])
}

fn bls_address(key: &bls_signatures::PrivateKey) -> Address {
    Address::new_bls(&key.public_key().as_bytes()).expect("48-byte key")
}

#[test]
fn bls_signatures() {
    let key = bls_key(1);
    let signer = bls_address(&key);
    let bytes = key.sign(MESSAGE).as_bytes();
    assert_eq!(bytes.len(), 96);
    let signature = Signature::new_bls(bytes.clone());
    assert!(verify_signature(&signature, &signer, MESSAGE));
    assert!(!verify_signature(&signature, &signer, b"another message"));
    assert!(!verify_signature(
        &signature,
        &bls_address(&bls_key(2)),
        MESSAGE
    ));
    let mut tampered = bytes.clone();
    tampered[40] ^= 1;
    assert!(!verify_signature(
        &Signature::new_bls(tampered),
        &signer,
        MESSAGE
    ));
    assert!(matches!(
        check_signature(SignatureType::BLS, &bytes, &signer, b"other"),
        Err(SignatureError::Mismatch)
    ));
    // Signature kind and address protocol must agree.
    let secp_signer = secp_address(&secp_key(7));
    assert!(matches!(
        check_signature(SignatureType::BLS, &bytes, &secp_signer, MESSAGE),
        Err(SignatureError::WrongAddressProtocol { .. })
    ));
}

#[test]
fn bls_aggregates() {
    let keys = [bls_key(4), bls_key(5)];
    let messages: [&[u8]; 2] = [b"first", b"second"];
    let signatures: Vec<_> = keys.iter().zip(messages).map(|(k, m)| k.sign(m)).collect();
    let aggregate = bls_signatures::aggregate(&signatures)
        .expect("aggregates")
        .as_bytes();
    let public: Vec<Vec<u8>> = keys.iter().map(|k| k.public_key().as_bytes()).collect();
    let public: Vec<&[u8]> = public.iter().map(Vec::as_slice).collect();
    assert!(verify_bls_aggregate(&messages, &public, &aggregate));
    assert!(!verify_bls_aggregate(
        &[b"first", b"third"],
        &public,
        &aggregate
    ));
    assert!(!verify_bls_aggregate(&messages[..1], &public, &aggregate));
    assert!(verify_bls_aggregate(&[], &[], &aggregate));
}
