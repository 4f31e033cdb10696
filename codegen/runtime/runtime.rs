//! Helpers every generated type relies on, written once by hand: open string
//! enums, constants, union dispatch with readable errors, tri-state nullable
//! fields and binary payloads.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional field that may also be sent as an explicit `null`.
///
/// Leaving the field out and sending `null` mean different things to the API
/// (for example "keep the current value" and "clear it"), so both are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Not sent at all.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True when the field is left out; used to skip it when serializing.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes an explicit `null`.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

/// Reads an optional free-form field so that an explicit `null` stays
/// `Some(Value::Null)` and is written back, unlike plain `Option<Value>`.
pub fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(deserializer).map(Some)
}

/// Raw bytes of a `format: binary` field (file uploads in multipart bodies).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Binary(pub Vec<u8>);

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary(bytes)
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BytesVisitor;
        impl<'de> serde::de::Visitor<'de> for BytesVisitor {
            type Value = Binary;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes or a string")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Binary, E> {
                Ok(Binary(v.to_vec()))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Binary, E> {
                Ok(Binary(v.as_bytes().to_vec()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Binary, A::Error> {
                let mut bytes = Vec::new();
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(Binary(bytes))
            }
        }
        deserializer.deserialize_any(BytesVisitor)
    }
}

/// The error of a union whose variants all rejected a payload: it names
/// every variant tried and why it failed.
#[derive(Debug)]
pub struct NoVariantMatched {
    pub union: &'static str,
    pub failures: Vec<(&'static str, serde_json::Error)>,
}

impl fmt::Display for NoVariantMatched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no variant of `{}` matched", self.union)?;
        for (i, (variant, error)) in self.failures.iter().enumerate() {
            let sep = if i == 0 { ": " } else { "; " };
            write!(f, "{sep}`{variant}`: {error}")?;
        }
        Ok(())
    }
}

/// The string value of a union's tag property, if present.
pub fn tag_of<'a>(value: &'a serde_json::Value, property: &str) -> Option<&'a str> {
    value.get(property).and_then(serde_json::Value::as_str)
}

/// Deserializes the variant a tag selected, naming the tag in the error.
pub fn tagged_variant<T, E>(value: serde_json::Value, union: &str, tag: &str) -> Result<T, E>
where
    T: serde::de::DeserializeOwned,
    E: serde::de::Error,
{
    T::deserialize(value).map_err(|error| E::custom(format_args!("invalid `{tag}` variant of `{union}`: {error}")))
}

/// One variant of a union to try: its name, the properties it requires,
/// and how to read it.
pub struct Attempt<T> {
    pub variant: &'static str,
    pub required: &'static [&'static str],
    pub read: fn(&serde_json::Value) -> Result<T, serde_json::Error>,
}

/// Tries the variants of a union in order, the first that accepts the
/// payload winning. Variants whose required properties are all present go
/// first: types read leniently accept objects that lack their required
/// fields, and must not win over a variant the payload really is. When none
/// matches, the error lists every variant and its failure.
pub fn first_match<T, E: serde::de::Error>(
    value: &serde_json::Value,
    union: &'static str,
    attempts: &[Attempt<T>],
) -> Result<T, E> {
    let has_all = |required: &[&str]| required.iter().all(|key| value.get(key).is_some());
    let complete = attempts.iter().filter(|a| has_all(a.required));
    let incomplete = attempts.iter().filter(|a| !has_all(a.required));
    let mut failures = Vec::with_capacity(attempts.len());
    for attempt in complete.chain(incomplete) {
        match (attempt.read)(value) {
            Ok(parsed) => return Ok(parsed),
            Err(error) => failures.push((attempt.variant, error)),
        }
    }
    Err(E::custom(NoVariantMatched { union, failures }))
}

/// The trait impls of an open string enum: known values map to variants,
/// anything else is kept in `Other` and written back unchanged.
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $value:literal),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Other(other.to_string()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::Other(value),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ValueVisitor;
                impl serde::de::Visitor<'_> for ValueVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a `", stringify!($name), "` string"))
                    }
                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }
                deserializer.deserialize_str(ValueVisitor)
            }
        }
    };
}
pub(crate) use string_enum;

/// The trait impls of a constant: a unit struct that is always written as
/// `$value` and only accepts `$value`.
macro_rules! constant {
    ($name:ident = $value:literal) => {
        impl $name {
            /// The value as sent on the wire.
            pub const VALUE: &'static str = $value;
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($value)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str($value)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ValueVisitor;
                impl serde::de::Visitor<'_> for ValueVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("the string `", $value, "`"))
                    }
                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        if value == $value {
                            Ok($name)
                        } else {
                            Err(E::invalid_value(serde::de::Unexpected::Str(value), &self))
                        }
                    }
                }
                deserializer.deserialize_str(ValueVisitor)
            }
        }
    };
}
pub(crate) use constant;

// ---------------------------------------------------------------------------
// Builders: the error of every generated `FooArgs::build()`.
// ---------------------------------------------------------------------------

/// The error of a builder's `build()`: the type it was building and every
/// required field that was left unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    /// The type being built, such as `CreateChatCompletionRequest`.
    pub type_name: &'static str,
    /// The wire names of the required fields left unset, in declaration order.
    pub missing: Vec<&'static str>,
}

impl BuildError {
    /// The error for `type_name` from `(field, is_unset)` pairs; only the
    /// unset fields are kept.
    pub fn missing(type_name: &'static str, fields: &[(&'static str, bool)]) -> Self {
        let missing = fields.iter().filter(|(_, unset)| *unset).map(|(name, _)| *name).collect();
        BuildError { type_name, missing }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.missing.len() == 1 { "" } else { "s" };
        write!(f, "cannot build `{}`: missing required field{plural} ", self.type_name)?;
        for (i, name) in self.missing.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}`{name}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// A free-form JSON object (`serde_json::Map`), written like `serde_json::json!`
/// with braces: for setters and fields typed as a JSON object, such as a
/// function's `parameters` schema, which `json!` (a `Value`) does not convert to.
///
/// ```
/// let schema = openai_types::json_object!({ "type": "object", "properties": {} });
/// assert_eq!(schema["type"], "object");
/// ```
#[macro_export]
macro_rules! json_object {
    ({ $($body:tt)* }) => {
        match $crate::runtime::serde_json::json!({ $($body)* }) {
            $crate::runtime::serde_json::Value::Object(map) => map,
            // `json!` with braces always makes an object.
            _ => $crate::runtime::serde_json::Map::new(),
        }
    };
}

#[doc(hidden)]
pub use serde_json;
