//! `tuple_serde!`: serde for structs encoded as CBOR arrays in field order.
//!
//! Filecoin encodes almost every record as a fixed-length array of its fields. This macro
//! implements `Serialize`/`Deserialize` that way for an already-declared struct; decoding fails
//! (never panics) when the array is shorter or longer than the field list.

/// Implements tuple (CBOR array) `Serialize` and `Deserialize` for a struct with named fields.
///
/// List every field in declaration order with its type. A `Vec<u8>` field that must be a CBOR
/// byte string is marked `as Bytes`:
///
/// ```
/// use fvmi_types::tuple_serde;
///
/// #[derive(Debug, PartialEq)]
/// pub struct Example {
///     pub number: u64,
///     pub blob: Vec<u8>,
/// }
/// tuple_serde!(Example { number: u64, blob: Vec<u8> as Bytes });
/// ```
#[macro_export]
macro_rules! tuple_serde {
    ($name:ident { $($field:ident : $ty:ty $(as $wrap:ident)?),* $(,)? }) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                use $crate::__private::serde::ser::SerializeTuple;
                let mut tuple =
                    serializer.serialize_tuple($crate::tuple_serde!(@count $($field)*))?;
                $(
                    tuple.serialize_element(
                        &$crate::tuple_serde!(@ser self.$field $(, $wrap)?)
                    )?;
                )*
                tuple.end()
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                use $crate::__private::serde::de;
                const LEN: usize = $crate::tuple_serde!(@count $($field)*);
                struct TupleVisitor;
                impl<'de> de::Visitor<'de> for TupleVisitor {
                    type Value = $name;

                    fn expecting(
                        &self,
                        f: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        write!(f, "an array of {} fields ({})", LEN, stringify!($name))
                    }

                    #[allow(unused_mut, unused_variables, unused_assignments)]
                    fn visit_seq<A>(self, mut seq: A) -> ::core::result::Result<$name, A::Error>
                    where
                        A: de::SeqAccess<'de>,
                    {
                        let mut index = 0usize;
                        $(
                            let $field = match $crate::tuple_serde!(@de seq, $ty $(, $wrap)?) {
                                ::core::option::Option::Some(value) => value,
                                ::core::option::Option::None => {
                                    return ::core::result::Result::Err(
                                        de::Error::invalid_length(index, &self),
                                    )
                                }
                            };
                            index += 1;
                        )*
                        if seq.next_element::<de::IgnoredAny>()?.is_some() {
                            return ::core::result::Result::Err(de::Error::invalid_length(
                                LEN + 1,
                                &self,
                            ));
                        }
                        ::core::result::Result::Ok($name { $($field),* })
                    }
                }
                deserializer.deserialize_tuple(LEN, TupleVisitor)
            }
        }
    };
    (@count) => { 0usize };
    (@count $head:ident $($tail:ident)*) => { 1usize + $crate::tuple_serde!(@count $($tail)*) };
    (@ser $value:expr, Bytes) => { $crate::BytesSer(&$value) };
    (@ser $value:expr) => { $value };
    (@de $seq:ident, $ty:ty, Bytes) => {
        $seq.next_element::<$crate::BytesDe>()?.map(|bytes| bytes.0)
    };
    (@de $seq:ident, $ty:ty) => { $seq.next_element::<$ty>()? };
}
