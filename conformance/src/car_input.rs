//! Decompressing a vector's gzipped CAR with a size limit (a defence against gzip bombs).

use std::io::Read;

use cid::Cid;
use fvmi_ipld::blockstore::MemoryBlockstore;

use crate::error::VectorError;

/// The largest decompressed CAR the runner accepts.
pub const MAX_CAR_BYTES: u64 = 1 << 30;

/// Decompresses gzipped bytes, failing if the output would exceed `limit` bytes.
pub fn gunzip_limited(gzipped: &[u8], limit: u64) -> Result<Vec<u8>, VectorError> {
    let decoder = flate2::read::GzDecoder::new(gzipped);
    let mut out = Vec::new();
    decoder
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(VectorError::Gzip)?;
    if out.len() as u64 > limit {
        return Err(VectorError::CarTooLarge(limit));
    }
    Ok(out)
}

/// Decompresses a vector's gzipped CAR into a fresh blockstore; returns it and the CAR's roots.
pub fn load_pre_state(gzipped_car: &[u8]) -> Result<(MemoryBlockstore, Vec<Cid>), VectorError> {
    let car = gunzip_limited(gzipped_car, MAX_CAR_BYTES)?;
    let store = MemoryBlockstore::new();
    let roots = fvmi_ipld::car::load_car(&store, car.as_slice())
        .map_err(|error| VectorError::Car(error.to_string()))?;
    Ok((store, roots))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn round_trips_and_enforces_the_limit() {
        let data = vec![42u8; 1000];
        let packed = gzip(&data);
        assert_eq!(gunzip_limited(&packed, 1000).unwrap(), data);
        assert!(matches!(
            gunzip_limited(&packed, 999),
            Err(VectorError::CarTooLarge(999))
        ));
    }

    #[test]
    fn rejects_garbage_and_truncation() {
        assert!(gunzip_limited(b"not gzip at all", MAX_CAR_BYTES).is_err());
        let packed = gzip(&[7u8; 100]);
        let cut = packed.get(..packed.len() / 2).unwrap_or_default();
        assert!(gunzip_limited(cut, MAX_CAR_BYTES).is_err());
    }
}

#[cfg(test)]
mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Arbitrary bytes never panic the loader, whether or not they start like gzip.
        #[test]
        fn arbitrary_input_is_an_error_not_a_panic(
            gzip_like in any::<bool>(),
            tail in prop::collection::vec(any::<u8>(), 0..256),
        ) {
            let mut bytes = if gzip_like { vec![0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff] } else { vec![] };
            bytes.extend(tail);
            let _ = load_pre_state(&bytes);
        }
    }
}
