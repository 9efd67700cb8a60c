//! Registered proof types: numbered proof algorithms, encoded as CBOR integers.
//!
//! Unknown numbers decode to the `Invalid(n)` variant (not an error) and encode back to `n`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::SectorSize;

macro_rules! registered_proof {
    (
        $(#[$doc:meta])*
        $name:ident { $($(#[$variant_doc:meta])* $variant:ident = $value:literal,)* }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$variant_doc])* $variant,)*
            /// A number with no known meaning.
            Invalid(i64),
        }

        impl From<i64> for $name {
            fn from(value: i64) -> $name {
                match value {
                    $($value => $name::$variant,)*
                    other => $name::Invalid(other),
                }
            }
        }

        impl From<$name> for i64 {
            fn from(proof: $name) -> i64 {
                match proof {
                    $($name::$variant => $value,)*
                    $name::Invalid(other) => other,
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(i64::from(*self))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map($name::from)
            }
        }
    };
}

registered_proof! {
    /// Seal (PoRep) proof algorithm.
    RegisteredSealProof {
        /// 2 KiB, v1.
        StackedDRG2KiBV1 = 0,
        /// 8 MiB, v1.
        StackedDRG8MiBV1 = 1,
        /// 512 MiB, v1.
        StackedDRG512MiBV1 = 2,
        /// 32 GiB, v1.
        StackedDRG32GiBV1 = 3,
        /// 64 GiB, v1.
        StackedDRG64GiBV1 = 4,
        /// 2 KiB, v1.1.
        StackedDRG2KiBV1P1 = 5,
        /// 8 MiB, v1.1.
        StackedDRG8MiBV1P1 = 6,
        /// 512 MiB, v1.1.
        StackedDRG512MiBV1P1 = 7,
        /// 32 GiB, v1.1.
        StackedDRG32GiBV1P1 = 8,
        /// 64 GiB, v1.1.
        StackedDRG64GiBV1P1 = 9,
    }
}

registered_proof! {
    /// Proof-of-spacetime algorithm (winning or window).
    RegisteredPoStProof {
        /// Winning PoSt, 2 KiB.
        StackedDRGWinning2KiBV1 = 0,
        /// Winning PoSt, 8 MiB.
        StackedDRGWinning8MiBV1 = 1,
        /// Winning PoSt, 512 MiB.
        StackedDRGWinning512MiBV1 = 2,
        /// Winning PoSt, 32 GiB.
        StackedDRGWinning32GiBV1 = 3,
        /// Winning PoSt, 64 GiB.
        StackedDRGWinning64GiBV1 = 4,
        /// Window PoSt, 2 KiB.
        StackedDRGWindow2KiBV1 = 5,
        /// Window PoSt, 8 MiB.
        StackedDRGWindow8MiBV1 = 6,
        /// Window PoSt, 512 MiB.
        StackedDRGWindow512MiBV1 = 7,
        /// Window PoSt, 32 GiB.
        StackedDRGWindow32GiBV1 = 8,
        /// Window PoSt, 64 GiB.
        StackedDRGWindow64GiBV1 = 9,
    }
}

registered_proof! {
    /// Seal-proof aggregation algorithm.
    RegisteredAggregateProof {
        /// SnarkPack v1.
        SnarkPackV1 = 0,
        /// SnarkPack v2.
        SnarkPackV2 = 1,
    }
}

registered_proof! {
    /// Replica-update (SnapDeals) proof algorithm.
    RegisteredUpdateProof {
        /// 2 KiB.
        StackedDRG2KiBV1 = 0,
        /// 8 MiB.
        StackedDRG8MiBV1 = 1,
        /// 512 MiB.
        StackedDRG512MiBV1 = 2,
        /// 32 GiB.
        StackedDRG32GiBV1 = 3,
        /// 64 GiB.
        StackedDRG64GiBV1 = 4,
    }
}

impl RegisteredSealProof {
    /// The sector size this proof seals, if the proof is known.
    pub fn sector_size(self) -> Option<SectorSize> {
        use RegisteredSealProof::*;
        Some(match self {
            StackedDRG2KiBV1 | StackedDRG2KiBV1P1 => SectorSize::_2KiB,
            StackedDRG8MiBV1 | StackedDRG8MiBV1P1 => SectorSize::_8MiB,
            StackedDRG512MiBV1 | StackedDRG512MiBV1P1 => SectorSize::_512MiB,
            StackedDRG32GiBV1 | StackedDRG32GiBV1P1 => SectorSize::_32GiB,
            StackedDRG64GiBV1 | StackedDRG64GiBV1P1 => SectorSize::_64GiB,
            Invalid(_) => return None,
        })
    }
}

impl RegisteredPoStProof {
    /// The sector size this proof covers, if the proof is known.
    pub fn sector_size(self) -> Option<SectorSize> {
        use RegisteredPoStProof::*;
        Some(match self {
            StackedDRGWinning2KiBV1 | StackedDRGWindow2KiBV1 => SectorSize::_2KiB,
            StackedDRGWinning8MiBV1 | StackedDRGWindow8MiBV1 => SectorSize::_8MiB,
            StackedDRGWinning512MiBV1 | StackedDRGWindow512MiBV1 => SectorSize::_512MiB,
            StackedDRGWinning32GiBV1 | StackedDRGWindow32GiBV1 => SectorSize::_32GiB,
            StackedDRGWinning64GiBV1 | StackedDRGWindow64GiBV1 => SectorSize::_64GiB,
            Invalid(_) => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_including_unknown() {
        for n in -3i64..15 {
            assert_eq!(i64::from(RegisteredSealProof::from(n)), n);
            assert_eq!(i64::from(RegisteredPoStProof::from(n)), n);
            assert_eq!(i64::from(RegisteredAggregateProof::from(n)), n);
            assert_eq!(i64::from(RegisteredUpdateProof::from(n)), n);
        }
        assert_eq!(
            RegisteredSealProof::from(8),
            RegisteredSealProof::StackedDRG32GiBV1P1
        );
        assert_eq!(
            RegisteredPoStProof::from(8),
            RegisteredPoStProof::StackedDRGWindow32GiBV1
        );
        assert_eq!(
            RegisteredAggregateProof::from(2),
            RegisteredAggregateProof::Invalid(2)
        );
        assert_eq!(
            RegisteredSealProof::StackedDRG64GiBV1P1.sector_size(),
            Some(SectorSize::_64GiB)
        );
        assert_eq!(RegisteredPoStProof::Invalid(10).sector_size(), None);
    }
}
