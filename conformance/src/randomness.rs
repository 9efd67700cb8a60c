//! Replaying the chain and beacon randomness recorded in a vector.
//!
//! Vectors record randomness in one of two forms:
//! - *drawn* (network version 15 vectors): `[kind, dst, epoch, entropy]` with the final value. A
//!   request matches an entry when kind, domain-separation tag, epoch and entropy are all equal.
//! - *base* (network version 16 and later): `[kind, epoch]` with the epoch's base randomness. A
//!   request matches on kind and epoch, and the value drawn from the base is
//!   BLAKE2b-256(dst as i64 big-endian ‖ base ‖ epoch as i64 big-endian ‖ entropy), the chain's
//!   `DrawRandomness` (the reference's kernel derives it the same way from nv16 on).
//!
//! The first match wins. A request nothing matches gets the fixed fallback value the reference
//! runner uses — as the final value in drawn mode, as the base in base mode.

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

/// The parameters of one recorded randomness request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RuleTuple")]
pub struct RandomnessRule {
    /// Chain or beacon.
    pub kind: RandomnessKind,
    /// The epoch randomness is drawn at.
    pub epoch: i64,
    /// For a drawn (final) value, the request's tag and entropy; `None` for a base value.
    pub drawn: Option<DrawInputs>,
}

/// The request inputs a drawn value was recorded for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawInputs {
    /// The domain-separation tag (personalization).
    pub dst: i64,
    /// The caller's entropy.
    pub entropy: Vec<u8>,
}

/// The stored JSON shapes of a rule: `[kind, dst, epoch, base64 entropy]` (drawn) or
/// `[kind, epoch]` (base).
#[derive(Deserialize)]
#[serde(untagged)]
enum RuleTuple {
    Drawn(RandomnessKind, i64, i64, String),
    Base(RandomnessKind, i64),
}

impl TryFrom<RuleTuple> for RandomnessRule {
    type Error = base64::DecodeError;

    fn try_from(tuple: RuleTuple) -> Result<Self, Self::Error> {
        Ok(match tuple {
            RuleTuple::Drawn(kind, dst, epoch, entropy) => RandomnessRule {
                kind,
                epoch,
                drawn: Some(DrawInputs {
                    dst,
                    entropy: decode_base64(&entropy)?,
                }),
            },
            RuleTuple::Base(kind, epoch) => RandomnessRule {
                kind,
                epoch,
                drawn: None,
            },
        })
    }
}

/// The chain's `DrawRandomness`: the value drawn from `base` for a tag, epoch and entropy.
pub fn draw_randomness(
    dst: i64,
    base: &[u8; RANDOMNESS_LENGTH],
    epoch: i64,
    entropy: &[u8],
) -> [u8; RANDOMNESS_LENGTH] {
    let mut input = Vec::with_capacity(8 + RANDOMNESS_LENGTH + 8 + entropy.len());
    input.extend_from_slice(&dst.to_be_bytes());
    input.extend_from_slice(base);
    input.extend_from_slice(&epoch.to_be_bytes());
    input.extend_from_slice(entropy);
    fvmi_ipld::cbor::blake2b_256(&input)
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
    from_base: bool,
}

impl ReplayingRandomness {
    /// Wraps a vector's recorded final values (drawn mode, network version 15).
    pub fn new(recorded: Vec<RecordedRandomness>) -> Self {
        ReplayingRandomness {
            recorded,
            from_base: false,
        }
    }

    /// Wraps a vector's recorded base values (base mode, network version 16 and later).
    pub fn from_base(recorded: Vec<RecordedRandomness>) -> Self {
        ReplayingRandomness {
            recorded,
            from_base: true,
        }
    }

    /// The recording for network version `nv`: base mode from 16 on.
    pub fn for_network_version(recorded: Vec<RecordedRandomness>, nv: u32) -> Self {
        if nv >= 16 {
            Self::from_base(recorded)
        } else {
            Self::new(recorded)
        }
    }

    /// The recorded base value of `kind` at `epoch`, if any.
    pub fn lookup_base(&self, kind: RandomnessKind, epoch: i64) -> Option<[u8; RANDOMNESS_LENGTH]> {
        self.recorded
            .iter()
            .find(|entry| {
                entry.on.kind == kind && entry.on.epoch == epoch && entry.on.drawn.is_none()
            })
            .map(|entry| entry.ret)
    }

    /// The recorded final value for a request, if one matches exactly.
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
                    && entry.on.epoch == epoch
                    && entry
                        .on
                        .drawn
                        .as_ref()
                        .is_some_and(|drawn| drawn.dst == dst && drawn.entropy == entropy)
            })
            .map(|entry| entry.ret)
    }

    /// The value for a request. Drawn mode: the recorded value, else [`FALLBACK_RANDOMNESS`].
    /// Base mode: drawn from the recorded base of the epoch, else from the fallback.
    pub fn draw(
        &self,
        kind: RandomnessKind,
        dst: i64,
        epoch: i64,
        entropy: &[u8],
    ) -> [u8; RANDOMNESS_LENGTH] {
        if self.from_base {
            let base = self.lookup_base(kind, epoch).unwrap_or(FALLBACK_RANDOMNESS);
            return draw_randomness(dst, &base, epoch, entropy);
        }
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
                epoch,
                drawn: Some(DrawInputs { dst, entropy }),
            },
            ret: [fill; RANDOMNESS_LENGTH],
        }
    }

    #[test]
    fn parses_the_stored_tuple_shape() {
        let json = r#"{"on": ["chain", 9, 1620567, ""], "ret": "LoIEs3BW5amGDNTHBh0tRL6vk2NcasNS8C+xb6j3rcU="}"#;
        let parsed: RecordedRandomness = serde_json::from_str(json).unwrap();
        assert_eq!(parsed.on.kind, RandomnessKind::Chain);
        assert_eq!(parsed.on.epoch, 1_620_567);
        let drawn = parsed.on.drawn.as_ref().unwrap();
        assert_eq!(drawn.dst, 9);
        assert!(drawn.entropy.is_empty());
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

    #[test]
    fn base_mode_draws_from_the_epoch_base() {
        let json =
            r#"{"on": ["beacon", 2679968], "ret": "LoIEs3BW5amGDNTHBh0tRL6vk2NcasNS8C+xb6j3rcU="}"#;
        let parsed: RecordedRandomness = serde_json::from_str(json).unwrap();
        assert_eq!(parsed.on.drawn, None);
        let base = parsed.ret;
        let replay = ReplayingRandomness::from_base(vec![parsed]);
        let drawn = replay.draw(RandomnessKind::Beacon, 5, 2_679_968, b"entropy");
        // BLAKE2b-256 over 8 + 32 + 8 + 7 bytes, laid out by hand.
        let mut input = 5i64.to_be_bytes().to_vec();
        input.extend(base);
        input.extend(2_679_968i64.to_be_bytes());
        input.extend(b"entropy");
        assert_eq!(drawn, fvmi_ipld::cbor::blake2b_256(&input));
        assert_ne!(drawn, base);
        // Another epoch or kind draws from the fallback base; drawn mode ignores base entries.
        let fallback = draw_randomness(5, &FALLBACK_RANDOMNESS, 7, b"");
        assert_eq!(replay.draw(RandomnessKind::Beacon, 5, 7, b""), fallback);
        assert_eq!(replay.draw(RandomnessKind::Chain, 5, 7, b""), fallback);
        let drawn_mode = ReplayingRandomness::new(replay.recorded.clone());
        assert_eq!(
            drawn_mode.draw(RandomnessKind::Beacon, 5, 2_679_968, b"entropy"),
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
