//! Network versions.

use core::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

macro_rules! network_versions {
    ($($variant:ident = $value:literal),* $(,)?) => {
        /// A Filecoin network version (upgrade number); encoded as a CBOR unsigned integer.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u32)]
        #[non_exhaustive]
        pub enum NetworkVersion {
            $(
                #[doc = concat!("Network version ", stringify!($value), ".")]
                $variant = $value,
            )*
        }

        impl NetworkVersion {
            /// Every known version, in order.
            pub const ALL: &'static [NetworkVersion] = &[$(NetworkVersion::$variant),*];
        }

        impl TryFrom<u32> for NetworkVersion {
            type Error = u32;
            /// Fails with the value itself when it is not a known version.
            fn try_from(value: u32) -> Result<NetworkVersion, u32> {
                match value {
                    $($value => Ok(NetworkVersion::$variant),)*
                    other => Err(other),
                }
            }
        }
    };
}

network_versions! {
    V0 = 0, V1 = 1, V2 = 2, V3 = 3, V4 = 4, V5 = 5, V6 = 6, V7 = 7, V8 = 8, V9 = 9,
    V10 = 10, V11 = 11, V12 = 12, V13 = 13, V14 = 14, V15 = 15, V16 = 16, V17 = 17, V18 = 18,
}

impl From<NetworkVersion> for u32 {
    fn from(version: NetworkVersion) -> u32 {
        version as u32
    }
}

impl fmt::Display for NetworkVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", *self as u32)
    }
}

impl Serialize for NetworkVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(*self as u32)
    }
}

impl<'de> Deserialize<'de> for NetworkVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = u32::deserialize(deserializer)?;
        NetworkVersion::try_from(value)
            .map_err(|v| de::Error::custom(alloc::format!("unknown network version {v}")))
    }
}
