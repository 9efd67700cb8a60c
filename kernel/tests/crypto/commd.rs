//! CommD: known zero-sector answers, hand-folded examples, and a property
//! test against a naive Merkle tree over the whole sector.

use cid::Cid;
use fvmi_kernel::crypto::{
    cid_to_data_commitment, compute_unsealed_sector_cid, data_commitment_to_cid, piece_hash,
    replica_commitment_to_cid, zero_piece_commitment, CommDError, Commitment,
};
use fvmi_types::sector::RegisteredSealProof;
use fvmi_types::{PaddedPieceSize, PieceInfo};
use proptest::prelude::*;
use sha2::{Digest as _, Sha256};

use super::unhex;

const P2K: RegisteredSealProof = RegisteredSealProof::StackedDRG2KiBV1P1;

fn commd(proof: RegisteredSealProof, pieces: &[PieceInfo]) -> Result<Commitment, CommDError> {
    compute_unsealed_sector_cid(proof, pieces)
        .map(|cid| cid_to_data_commitment(&cid).expect("result is a data commitment CID"))
}

fn piece(size: u64, commitment: &Commitment) -> PieceInfo {
    PieceInfo {
        size: PaddedPieceSize(size),
        cid: data_commitment_to_cid(commitment),
    }
}

fn zero(size: u64) -> Commitment {
    zero_piece_commitment(PaddedPieceSize(size)).expect("power of two")
}

/// Zero-sector commitments, as tabulated in ref-fvm's `piece/zero.rs`.
#[test]
fn empty_sectors_match_the_reference_table() {
    use RegisteredSealProof::*;
    let cases = [
        (
            StackedDRG2KiBV1,
            "fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833",
        ),
        (
            StackedDRG8MiBV1P1,
            "65f29e5d98d246c38b388cfc06db1f6b021303c5a289000bdce832a9c3ec421c",
        ),
        (
            StackedDRG512MiBV1,
            "39560e7b13a93b07a243fd2720ffa7cb3e1d2e505ab3629e79f46313512cda06",
        ),
        (
            StackedDRG32GiBV1P1,
            "077e5fde35c50a9303a55009e3498a4ebedff39c42b710b730d8ec7ac7afa63e",
        ),
        (
            StackedDRG64GiBV1P1,
            "e64005a6bfe3777953b8ad6ef93f0fca1049b2041654f2a411f7702799cece02",
        ),
    ];
    for (proof, expected) in cases {
        assert_eq!(
            commd(proof, &[]).unwrap().to_vec(),
            unhex(expected),
            "{proof:?}"
        );
    }
    assert_eq!(
        zero(128).to_vec(),
        unhex("3731bb99ac689f66eef5973e4a94da188f4ddcae580724fc6f3fd60dfd488333")
    );
    assert_eq!(
        zero(256).to_vec(),
        unhex("642a607ef886b004bf2c1978463ae1d4693ac0f410eb2d1b7a47fe205e5e750f")
    );
}

#[test]
fn empty_32gib_sector_cid_text() {
    let cid = compute_unsealed_sector_cid(RegisteredSealProof::StackedDRG32GiBV1P1, &[]).unwrap();
    assert_eq!(
        cid.to_string(),
        "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq"
    );
}

#[test]
fn one_zero_piece_equals_the_empty_sector() {
    let whole = piece(2048, &zero(2048));
    assert_eq!(commd(P2K, &[whole]), commd(P2K, &[]));
    let half = piece(1024, &zero(1024));
    assert_eq!(commd(P2K, &[half]), commd(P2K, &[]));
}

#[test]
fn hand_folded_examples() {
    let a = [0x11; 32];
    let b = [0x22; 32];
    // [a:128] alone: a is joined with zeros up the tree.
    let expected = piece_hash(
        &piece_hash(
            &piece_hash(&piece_hash(&a, &zero(128)), &zero(256)),
            &zero(512),
        ),
        &zero(1024),
    );
    assert_eq!(commd(P2K, &[piece(128, &a)]).unwrap(), expected);

    // [a:128, b:512]: b is aligned to offset 512, after a zero 128 and 256.
    let left_half = piece_hash(&piece_hash(&piece_hash(&a, &zero(128)), &zero(256)), &b);
    let expected = piece_hash(&left_half, &zero(1024));
    assert_eq!(
        commd(P2K, &[piece(128, &a), piece(512, &b)]).unwrap(),
        expected
    );

    // [b:1024, a:1024] fills the sector exactly.
    let expected = piece_hash(&b, &a);
    assert_eq!(
        commd(P2K, &[piece(1024, &b), piece(1024, &a)]).unwrap(),
        expected
    );
}

#[test]
fn invalid_inputs_are_errors() {
    let a = [0x11; 32];
    assert_eq!(
        commd(RegisteredSealProof::Invalid(42), &[]),
        Err(CommDError::UnknownProof(RegisteredSealProof::Invalid(42)))
    );
    for size in [0, 64, 100, 127, 129, 192, 255] {
        assert_eq!(
            commd(P2K, &[piece(size, &a)]),
            Err(CommDError::InvalidPieceSize(size))
        );
    }
    assert!(matches!(
        commd(P2K, &[piece(4096, &a)]),
        Err(CommDError::PiecesExceedSector(_))
    ));
    let too_many = vec![piece(1024, &a); 3];
    assert!(matches!(
        commd(P2K, &too_many),
        Err(CommDError::PiecesExceedSector(_))
    ));
    // 128 then 2048 needs 4096 bytes once aligned.
    let misfit = [piece(128, &a), piece(2048, &a)];
    assert!(matches!(
        commd(P2K, &misfit),
        Err(CommDError::PiecesExceedSector(_))
    ));
    let sealed = PieceInfo {
        size: PaddedPieceSize(128),
        cid: replica_commitment_to_cid(&a),
    };
    assert!(matches!(
        commd(P2K, &[sealed]),
        Err(CommDError::PieceCid(_))
    ));
    let raw = PieceInfo {
        size: PaddedPieceSize(128),
        cid: Cid::default(),
    };
    assert!(matches!(commd(P2K, &[raw]), Err(CommDError::PieceCid(_))));
}

/// The model: the root of a full binary tree over 32-byte leaves.
fn naive_root(leaves: &[Commitment]) -> Commitment {
    if leaves.len() == 1 {
        return leaves[0];
    }
    let (left, right) = leaves.split_at(leaves.len() / 2);
    let mut hasher = Sha256::new();
    hasher.update(naive_root(left));
    hasher.update(naive_root(right));
    let mut out: Commitment = hasher.finalize().into();
    out[31] &= 0x3f;
    out
}

fn pieces_strategy() -> impl Strategy<Value = Vec<(u32, u8)>> {
    // (log2 of size in leaves: 4..=32 leaves, leaf byte seed)
    prop::collection::vec((2u32..=5, any::<u8>()), 0..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn matches_a_naive_tree_over_the_sector(spec in pieces_strategy()) {
        const SECTOR_LEAVES: usize = 2048 / 32;
        let mut sector = vec![[0u8; 32]; SECTOR_LEAVES];
        let mut pieces = Vec::new();
        let mut offset = 0usize;
        let mut fits = true;
        for (i, (log_leaves, seed)) in spec.iter().enumerate() {
            let leaves = 1usize << log_leaves;
            let start = offset.div_ceil(leaves) * leaves;
            let data: Vec<Commitment> = (0..leaves)
                .map(|j| {
                    let mut leaf = [*seed; 32];
                    leaf[0] = i as u8;
                    leaf[1] = j as u8;
                    leaf[31] &= 0x3f;
                    leaf
                })
                .collect();
            if start + leaves > SECTOR_LEAVES {
                fits = false;
            } else {
                sector[start..start + leaves].copy_from_slice(&data);
            }
            pieces.push(piece((leaves * 32) as u64, &naive_root(&data)));
            offset = start + leaves;
        }
        let result = commd(P2K, &pieces);
        if fits {
            prop_assert_eq!(result, Ok(naive_root(&sector)));
        } else {
            prop_assert!(matches!(result, Err(CommDError::PiecesExceedSector(_))));
        }
    }
}
