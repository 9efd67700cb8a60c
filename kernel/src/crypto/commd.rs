//! CommD: the unsealed sector CID computed from the sector's pieces.
//!
//! The sector is laid out as the VM does it before calling the proofs
//! library: each piece is placed at the next offset aligned to its own size,
//! gaps are filled with zero pieces (each a power of two), and the tail is
//! zero-filled up to the sector size. The commitment is then folded as the
//! proofs library's `compute_comm_d` does, with a stack that joins equal-sized
//! neighbours under [`piece_hash`].

use cid::Cid;
use fvmi_types::sector::RegisteredSealProof;
use fvmi_types::{PaddedPieceSize, PieceInfo};
use sha2::{Digest as _, Sha256};

use super::commitment::{
    cid_to_data_commitment, data_commitment_to_cid, Commitment, CommitmentError,
};

/// The smallest piece, in padded bytes (four 32-byte nodes).
pub const MIN_PIECE_SIZE: u64 = 128;
/// Bytes in one tree node.
const NODE_SIZE: u64 = 32;

/// Why no unsealed sector CID can be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommDError {
    /// The seal proof type is unknown, so the sector size is too.
    #[error("unknown seal proof type {0:?}")]
    UnknownProof(RegisteredSealProof),
    /// A piece's padded size is not a power of two of at least 128 bytes.
    #[error("invalid padded piece size {0}")]
    InvalidPieceSize(u64),
    /// A piece CID is not a data commitment.
    #[error("invalid piece CID: {0}")]
    PieceCid(#[from] CommitmentError),
    /// The pieces, with their alignment padding, do not fit the sector.
    #[error("pieces do not fit in a sector of {0} bytes")]
    PiecesExceedSector(u64),
    /// More pieces than the sector has room for.
    #[error("too many pieces ({0})")]
    TooManyPieces(usize),
}

/// The hash of two sibling nodes: SHA-256 of their concatenation, with the
/// two most significant bits of the last byte cleared (a 254-bit value).
pub fn piece_hash(left: &Commitment, right: &Commitment) -> Commitment {
    let mut hasher = Sha256::new();
    hasher.update(left);
    hasher.update(right);
    let mut out: Commitment = hasher.finalize().into();
    out[31] &= 0b0011_1111;
    out
}

/// The commitment of `size` padded bytes of zeros (`size` a power of two of
/// at least 32 bytes).
pub fn zero_piece_commitment(size: PaddedPieceSize) -> Result<Commitment, CommDError> {
    let PaddedPieceSize(bytes) = size;
    if !bytes.is_power_of_two() || bytes < NODE_SIZE {
        return Err(CommDError::InvalidPieceSize(bytes));
    }
    let mut commitment = [0u8; 32];
    let mut covered = NODE_SIZE;
    while covered < bytes {
        commitment = piece_hash(&commitment, &commitment);
        covered *= 2;
    }
    Ok(commitment)
}

/// A piece reduced to what the fold needs: padded size and commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    size: u64,
    commitment: Commitment,
}

impl Piece {
    fn zero(size: u64) -> Result<Piece, CommDError> {
        Ok(Piece {
            size,
            commitment: zero_piece_commitment(PaddedPieceSize(size))?,
        })
    }
}

fn check_piece_size(size: u64) -> Result<(), CommDError> {
    if size.is_power_of_two() && size >= MIN_PIECE_SIZE {
        Ok(())
    } else {
        Err(CommDError::InvalidPieceSize(size))
    }
}

/// The zero pieces that take `offset` to the next multiple of `alignment`
/// (a power of two), smallest first.
fn alignment_padding(offset: u64, alignment: u64) -> impl Iterator<Item = u64> {
    let gap = offset.wrapping_neg() & (alignment - 1);
    (0..u64::BITS)
        .map(|bit| 1u64 << bit)
        .filter(move |size| gap & size != 0)
}

/// Places the pieces in a sector of `sector_size` bytes with zero padding.
fn lay_out(sector_size: u64, pieces: &[PieceInfo]) -> Result<Vec<Piece>, CommDError> {
    if pieces.is_empty() {
        return Ok(vec![Piece::zero(sector_size)?]);
    }
    let mut laid_out = Vec::with_capacity(pieces.len() * 2);
    let mut offset = 0u64;
    for piece in pieces {
        let PaddedPieceSize(size) = piece.size;
        check_piece_size(size)?;
        if size > sector_size {
            return Err(CommDError::PiecesExceedSector(sector_size));
        }
        for pad in alignment_padding(offset, size) {
            laid_out.push(Piece::zero(pad)?);
            offset += pad;
        }
        laid_out.push(Piece {
            size,
            commitment: cid_to_data_commitment(&piece.cid)?,
        });
        offset = offset
            .checked_add(size)
            .filter(|end| *end <= sector_size)
            .ok_or(CommDError::PiecesExceedSector(sector_size))?;
    }
    for pad in alignment_padding(offset, sector_size) {
        laid_out.push(Piece::zero(pad)?);
    }
    Ok(laid_out)
}

/// Pushes `piece`, then joins the two top entries while they are equal-sized.
fn push_and_join(stack: &mut Vec<Piece>, piece: Piece) {
    stack.push(piece);
    while let [.., left, right] = stack.as_slice() {
        if left.size != right.size {
            break;
        }
        let joined = Piece {
            size: left.size * 2,
            commitment: piece_hash(&left.commitment, &right.commitment),
        };
        stack.truncate(stack.len() - 2);
        stack.push(joined);
    }
}

/// Pads the stack's top with a zero piece of its own size (joining it).
fn pad_top(stack: &mut Vec<Piece>) -> Result<(), CommDError> {
    let size = stack.last().map_or(MIN_PIECE_SIZE, |top| top.size);
    push_and_join(stack, Piece::zero(size)?);
    Ok(())
}

/// Folds laid-out pieces (already a power-of-two total) into their root.
fn fold(sector_size: u64, pieces: &[Piece]) -> Result<Commitment, CommDError> {
    let max_pieces = (sector_size - sector_size / 128) / 127;
    if u64::try_from(pieces.len()).map_or(true, |n| n > max_pieces) {
        return Err(CommDError::TooManyPieces(pieces.len()));
    }
    let total = pieces
        .iter()
        .try_fold(0u64, |sum, piece| sum.checked_add(piece.size));
    if total.is_none_or(|total| total > sector_size) {
        return Err(CommDError::PiecesExceedSector(sector_size));
    }
    let mut stack: Vec<Piece> = Vec::new();
    for piece in pieces {
        while stack.last().is_some_and(|top| top.size < piece.size) {
            pad_top(&mut stack)?;
        }
        push_and_join(&mut stack, *piece);
    }
    while stack.len() > 1 {
        pad_top(&mut stack)?;
    }
    stack
        .first()
        .map(|root| root.commitment)
        .ok_or(CommDError::TooManyPieces(0))
}

/// The unsealed sector CID (CommD) of a sector of `proof`'s size holding
/// `pieces` in order (an empty list gives the all-zero sector).
///
/// Piece sizes must be powers of two of at least 128 bytes (the reference
/// rejects other sizes too, through panics or proofs-library errors).
pub fn compute_unsealed_sector_cid(
    proof: RegisteredSealProof,
    pieces: &[PieceInfo],
) -> Result<Cid, CommDError> {
    let sector_size = proof.sector_size().ok_or(CommDError::UnknownProof(proof))? as u64;
    let laid_out = lay_out(sector_size, pieces)?;
    let commitment = fold(sector_size, &laid_out)?;
    Ok(data_commitment_to_cid(&commitment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_fills_the_gap_smallest_first() {
        let pads: Vec<u64> = alignment_padding(128, 1024).collect();
        assert_eq!(pads, [128, 256, 512]);
        assert_eq!(alignment_padding(0, 1024).count(), 0);
        assert_eq!(alignment_padding(2048, 1024).count(), 0);
        let pads: Vec<u64> = alignment_padding(384, 2048).collect();
        assert_eq!(pads, [128, 512, 1024]);
    }

    #[test]
    fn zero_commitments_double_up() {
        let z32 = zero_piece_commitment(PaddedPieceSize(32)).unwrap();
        assert_eq!(z32, [0; 32]);
        let z64 = zero_piece_commitment(PaddedPieceSize(64)).unwrap();
        assert_eq!(z64, piece_hash(&z32, &z32));
        assert!(zero_piece_commitment(PaddedPieceSize(96)).is_err());
        assert!(zero_piece_commitment(PaddedPieceSize(16)).is_err());
    }

    #[test]
    fn stack_joins_equal_neighbours() {
        let mut stack = Vec::new();
        let a = Piece::zero(128).unwrap();
        push_and_join(&mut stack, a);
        push_and_join(&mut stack, a);
        assert_eq!(stack, [Piece::zero(256).unwrap()]);
    }
}
