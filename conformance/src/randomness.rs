//! Replaying the chain and beacon randomness recorded in a vector.
//!
//! A request matches a recorded entry when kind, domain-separation tag, epoch and entropy are all
//! equal; the first match wins. A request nothing matches gets the fixed fallback value the
//! reference runner uses, so vectors that never recorded a draw still run identically.

use fvmi_kernel::{ExternError, Externs};
use fvmi_types::ConsensusFault;
use serde::Deserialize;

use crate::json_codec::decode_base64;

/// The length of every randomness value.
pub const RANDOMNESS_LENGTH: usize = 32;

/// The value returned for a request that no recorded entry matches (the reference's fallback).
pub const FALLBACK_RANDOMNESS: [u8; RANDOMNESS_LENGTH] = *b"i_am_random_____i_am_random_____";

/// Where randomness is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RandomnessKind {
    /// Ticket (chain) randomness.
    Chain,
    /// Drand beacon randomness.
    Beacon,
}

/// The parameters of one randomness request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RuleTuple")]
pub struct RandomnessRule {
    /// Chain or beacon.
    pub kind: RandomnessKind,
    /// The domain-separation tag (personalization).
    pub dst: i64,
    /// The epoch randomness is drawn at.
    pub epoch: i64,
    /// The caller's entropy.
    pub entropy: Vec<u8>,
}

/// The stored JSON shape of a rule: `[kind, dst, epoch, base64 entropy]`.
#[derive(Deserialize)]
struct RuleTuple(RandomnessKind, i64, i64, String);

impl TryFrom<RuleTuple> for RandomnessRule {
    type Error = base64::DecodeError;

    fn try_from(RuleTuple(kind, dst, epoch, entropy): RuleTuple) -> Result<Self, Self::Error> {
        Ok(RandomnessRule {
            kind,
            dst,
            epoch,
            entropy: decode_base64(&entropy)?,
        })
    }
}

/// One recorded randomness draw.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordedRandomness {
    /// The request.
    pub on: RandomnessRule,
    /// The value returned to it.
    #[serde(deserialize_with = "randomness_value")]
    pub ret: [u8; RANDOMNESS_LENGTH],
}

fn randomness_value<'de, D>(deserializer: D) -> Result<[u8; RANDOMNESS_LENGTH], D::Error>
where
    D: serde::Deserializer<'de>,
{
    let bytes = crate::json_codec::base64_bytes(deserializer)?;
    <[u8; RANDOMNESS_LENGTH]>::try_from(bytes.as_slice()).map_err(|_| {
        serde::de::Error::custom(format!(
            "randomness must be {RANDOMNESS_LENGTH} bytes, got {}",
            bytes.len()
        ))
    })
}

/// Answers randomness requests from a vector's recording.
#[derive(Debug, Clone, Default)]
pub struct ReplayingRandomness {
    recorded: Vec<RecordedRandomness>,
}

impl ReplayingRandomness {
    /// Wraps a vector's recorded draws.
    pub fn new(recorded: Vec<RecordedRandomness>) -> Self {
        ReplayingRandomness { recorded }
    }

    /// The recorded value for a request, if one matches exactly.
    pub fn lookup(
        &self,
        kind: RandomnessKind,
        dst: i64,
        epoch: i64,
        entropy: &[u8],
    ) -> Option<[u8; RANDOMNESS_LENGTH]> {
        self.recorded
            .iter()
            .find(|entry| {
                entry.on.kind == kind
                    && entry.on.dst == dst
                    && entry.on.epoch == epoch
                    && entry.on.entropy == entropy
            })
            .map(|entry| entry.ret)
    }

    /// The value for a request: the recorded one, else [`FALLBACK_RANDOMNESS`].
    pub fn draw(
        &self,
        kind: RandomnessKind,
        dst: i64,
        epoch: i64,
        entropy: &[u8],
    ) -> [u8; RANDOMNESS_LENGTH] {
        self.lookup(kind, dst, epoch, entropy)
            .unwrap_or(FALLBACK_RANDOMNESS)
    }
}

/// A vector run's externs: randomness replayed from the recording, and no consensus faults (the
/// vectors that need a real consensus-fault check are skipped, as in the reference runner).
impl Externs for ReplayingRandomness {
    fn get_chain_randomness(
        &self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; RANDOMNESS_LENGTH], ExternError> {
        Ok(self.draw(RandomnessKind::Chain, personalization, round, entropy))
    }

    fn get_beacon_randomness(
        &self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; RANDOMNESS_LENGTH], ExternError> {
        Ok(self.draw(RandomnessKind::Beacon, personalization, round, entropy))
    }

    fn verify_consensus_fault(
        &self,
        _h1: &[u8],
        _h2: &[u8],
        _extra: &[u8],
    ) -> Result<(Option<ConsensusFault>, i64), ExternError> {
        Ok((None, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(
        kind: RandomnessKind,
        dst: i64,
        epoch: i64,
        entropy: Vec<u8>,
        fill: u8,
    ) -> RecordedRandomness {
        RecordedRandomness {
            on: RandomnessRule {
                kind,
                dst,
                epoch,
                entropy,
            },
            ret: [fill; RANDOMNESS_LENGTH],
        }
    }

    #[test]
    fn parses_the_stored_tuple_shape() {
        let json = r#"{"on": ["chain", 9, 1620567, ""], "ret": "LoIEs3BW5amGDNTHBh0tRL6vk2NcasNS8C+xb6j3rcU="}"#;
        let parsed: RecordedRandomness = serde_json::from_str(json).unwrap();
        assert_eq!(parsed.on.kind, RandomnessKind::Chain);
        assert_eq!((parsed.on.dst, parsed.on.epoch), (9, 1_620_567));
        assert!(parsed.on.entropy.is_empty());
        assert_eq!(parsed.ret[0], 0x2e);
        let short = r#"{"on": ["chain", 9, 1, ""], "ret": "AAE="}"#;
        assert!(serde_json::from_str::<RecordedRandomness>(short).is_err());
        let bad_kind = r#"{"on": ["moon", 9, 1, ""], "ret": "AAE="}"#;
        assert!(serde_json::from_str::<RecordedRandomness>(bad_kind).is_err());
    }

    #[test]
    fn falls_back_when_nothing_matches() {
        let replay = ReplayingRandomness::new(vec![entry(RandomnessKind::Chain, 1, 2, vec![3], 7)]);
        assert_eq!(replay.draw(RandomnessKind::Chain, 1, 2, &[3]), [7; 32]);
        assert_eq!(
            replay.draw(RandomnessKind::Beacon, 1, 2, &[3]),
            FALLBACK_RANDOMNESS
        );
        assert_eq!(
            replay.draw(RandomnessKind::Chain, 1, 2, &[]),
            FALLBACK_RANDOMNESS
        );
    }

    proptest! {
        /// The replay agrees with a plain "first entry whose four fields are equal" model.
        #[test]
        fn matches_the_first_equal_entry(
            entries in prop::collection::vec((any::<bool>(), 0i64..3, 0i64..3, prop::collection::vec(0u8..2, 0..2), any::<u8>()), 0..8),
            query in (any::<bool>(), 0i64..3, 0i64..3, prop::collection::vec(0u8..2, 0..2)),
        ) {
            let kind = |beacon: bool| if beacon { RandomnessKind::Beacon } else { RandomnessKind::Chain };
            let recorded: Vec<_> = entries.iter()
                .map(|(b, dst, epoch, entropy, fill)| entry(kind(*b), *dst, *epoch, entropy.clone(), *fill))
                .collect();
            let expected = entries.iter()
                .find(|(b, dst, epoch, entropy, _)| (*b, *dst, *epoch, entropy) == (query.0, query.1, query.2, &query.3))
                .map_or(FALLBACK_RANDOMNESS, |e| [e.4; RANDOMNESS_LENGTH]);
            let replay = ReplayingRandomness::new(recorded);
            prop_assert_eq!(replay.draw(kind(query.0), query.1, query.2, &query.3), expected);
        }
    }
}
