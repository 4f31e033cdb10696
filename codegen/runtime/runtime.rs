//! Helpers every generated type relies on, written once by hand: lenient,
//! lossless objects, open string enums, constants, union dispatch with
//! readable errors, tri-state nullable fields and binary payloads.
//!
//! The module is hidden from the docs (`#[doc(hidden)]` in `lib.rs`): the
//! readers, writers, visitors and traits here are the generated code's
//! plumbing, not API. What users need, `Extra`, `Nullable`, `Binary`,
//! `BuildError` and `json_object!`, is re-exported at the crate root.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// An optional field that may also be sent as an explicit `null`.
///
/// Leaving the field out and sending `null` mean different things to the API
/// (for example "keep the current value" and "clear it"), so both are kept.
///
/// ```
/// use openai_types::Nullable;
///
/// let cleared: Nullable<String> = None.into();
/// assert_eq!(cleared, Nullable::Null);
/// assert_eq!(serde_json::to_string(&cleared).unwrap(), "null");
///
/// let set = Nullable::from("gpt-4o".to_string());
/// assert_eq!(set.as_ref().map(String::as_str), Some("gpt-4o"));
///
/// // A field left `Absent` is not written at all.
/// assert!(Nullable::<String>::default().is_absent());
/// ```
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

/// The content of a `format: binary` field: a file part of a multipart body.
///
/// It comes from bytes in memory ([`Binary::new`], `From<Vec<u8>>`), from a
/// file read when the request is sent ([`Binary::from_path`], read again for
/// each retry), or, with the `client` feature, from a byte stream
/// (`Binary::from_stream`, sent once: a request whose retry would need it
/// again fails with a request error instead). A file name and a content type
/// go with it ([`Binary::file_name`], [`Binary::content_type`]); a path
/// gives its file name unless one is set.
///
/// As JSON (the rare schema that embeds binary data) bytes serialize as
/// bytes and read from bytes, a string or an array of numbers; a path or a
/// stream cannot be serialized. Equality compares the source (the bytes, the
/// path, or the identity of a stream), the file name and the content type.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary {
    source: BinarySource,
    file_name: Option<String>,
    content_type: Option<String>,
}

/// Where the content of a [`Binary`] comes from.
#[derive(Clone)]
enum BinarySource {
    Bytes(Vec<u8>),
    Path(std::path::PathBuf),
    /// Taken out on first use: a stream cannot be replayed.
    #[cfg(feature = "client")]
    Stream(std::sync::Arc<std::sync::Mutex<Option<ByteStream>>>),
}

/// The byte stream of a [`Binary::from_stream`].
#[cfg(feature = "client")]
pub type ByteStream = std::pin::Pin<
    Box<dyn futures_core::Stream<Item = Result<bytes::Bytes, Box<dyn std::error::Error + Send + Sync>>> + Send>,
>;

impl Default for BinarySource {
    fn default() -> Self {
        BinarySource::Bytes(Vec::new())
    }
}

impl PartialEq for BinarySource {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (BinarySource::Bytes(a), BinarySource::Bytes(b)) => a == b,
            (BinarySource::Path(a), BinarySource::Path(b)) => a == b,
            #[cfg(feature = "client")]
            (BinarySource::Stream(a), BinarySource::Stream(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for BinarySource {}

impl std::hash::Hash for BinarySource {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            BinarySource::Bytes(bytes) => (0u8, bytes).hash(state),
            BinarySource::Path(path) => (1u8, path).hash(state),
            #[cfg(feature = "client")]
            BinarySource::Stream(stream) => (2u8, std::sync::Arc::as_ptr(stream) as *const () as usize).hash(state),
        }
    }
}

impl fmt::Debug for Binary {
    /// The length of bytes, not the bytes themselves.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Binary");
        match &self.source {
            BinarySource::Bytes(bytes) => out.field("bytes", &bytes.len()),
            BinarySource::Path(path) => out.field("path", path),
            #[cfg(feature = "client")]
            BinarySource::Stream(_) => out.field("stream", &".."),
        };
        out.field("file_name", &self.file_name).field("content_type", &self.content_type).finish()
    }
}

impl Binary {
    /// Bytes in memory.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Binary {
        Binary { source: BinarySource::Bytes(bytes.into()), file_name: None, content_type: None }
    }

    /// A file read (asynchronously) when the request is sent, and again for
    /// each retry; its file name is the path's unless [`Binary::file_name`] sets one.
    pub fn from_path(path: impl Into<std::path::PathBuf>) -> Binary {
        Binary { source: BinarySource::Path(path.into()), file_name: None, content_type: None }
    }

    /// A byte stream, sent as it is read. It can be sent once: a retry that
    /// would need it again fails with a request error naming the part (read
    /// the file into bytes, or use a path, to have it retried).
    #[cfg(feature = "client")]
    pub fn from_stream<S, B, E>(stream: S) -> Binary
    where
        S: futures_core::Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<bytes::Bytes>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        use futures_util::StreamExt;
        let stream: ByteStream = Box::pin(stream.map(|item| item.map(Into::into).map_err(Into::into)));
        Binary {
            source: BinarySource::Stream(std::sync::Arc::new(std::sync::Mutex::new(Some(stream)))),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent with the part (`speech.mp3`); the API often reads
    /// the format from its extension.
    pub fn file_name(mut self, name: impl Into<String>) -> Binary {
        self.file_name = Some(name.into());
        self
    }

    /// The content type sent with the part (`audio/mpeg`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Binary {
        self.content_type = Some(content_type.into());
        self
    }

    /// The bytes, when they are in memory.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.source {
            BinarySource::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The path, when the content is read from a file.
    pub fn path(&self) -> Option<&std::path::Path> {
        match &self.source {
            BinarySource::Path(path) => Some(path),
            _ => None,
        }
    }

    /// The file name sent: the one set, else the path's last component.
    pub fn get_file_name(&self) -> Option<String> {
        match (&self.file_name, &self.source) {
            (Some(name), _) => Some(name.clone()),
            (None, BinarySource::Path(path)) => path.file_name().map(|name| name.to_string_lossy().into_owned()),
            _ => None,
        }
    }

    /// The content type set, if any.
    pub fn get_content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The content as a request body: bytes as they are, a path read now,
    /// a stream taken out (`Err` when it was already sent).
    #[cfg(feature = "client")]
    pub(crate) async fn to_body(&self) -> Result<(reqwest::Body, Option<u64>), BinaryError> {
        match &self.source {
            BinarySource::Bytes(bytes) => Ok((reqwest::Body::from(bytes.clone()), Some(bytes.len() as u64))),
            BinarySource::Path(path) => match tokio::fs::read(path).await {
                Ok(bytes) => {
                    let length = bytes.len() as u64;
                    Ok((reqwest::Body::from(bytes), Some(length)))
                }
                Err(error) => Err(BinaryError::Read(path.clone(), error)),
            },
            BinarySource::Stream(stream) => {
                let taken = match stream.lock() {
                    Ok(mut slot) => slot.take(),
                    Err(poisoned) => poisoned.into_inner().take(),
                };
                match taken {
                    Some(stream) => Ok((reqwest::Body::wrap_stream(stream), None)),
                    None => Err(BinaryError::StreamUsed),
                }
            }
        }
    }
}

/// Why a [`Binary`] could not become a request body.
#[cfg(feature = "client")]
#[derive(Debug)]
pub(crate) enum BinaryError {
    /// The file could not be read.
    Read(std::path::PathBuf, std::io::Error),
    /// The stream was sent already.
    StreamUsed,
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary::new(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary::new(bytes)
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.source {
            BinarySource::Bytes(bytes) => serializer.serialize_bytes(bytes),
            _ => Err(serde::ser::Error::custom(
                "a file read from a path or a stream cannot be serialized; it is sent as a multipart file part",
            )),
        }
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
                Ok(Binary::new(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Binary, E> {
                Ok(Binary::new(v.as_bytes()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Binary, A::Error> {
                let mut bytes = Vec::new();
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(Binary::new(bytes))
            }
        }
        deserializer.deserialize_any(BytesVisitor)
    }
}

// Objects ------------------------------------------------------------------
//
// Structs are read leniently and written back as they came. The API leaves
// out fields its spec calls required, sends `null` for fields the spec does
// not call nullable, and adds properties the spec does not declare yet: all
// three are read, recorded in the struct's `Extra`, and written back.

/// How a declared field arrived when it did not arrive as the spec says.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Quirk {
    /// A required field the payload left out: it reads as a placeholder.
    Absent,
    /// `null` for a field the spec does not declare nullable.
    Null,
    /// A constant (one that tells no union variants apart) sent as another
    /// string: the field holds the spec's constant, the string is written back.
    Other(Box<str>),
}

/// What a struct holds besides its declared fields: the properties the spec
/// does not declare (kept as sent), and which declared fields arrived absent
/// or `null` against the spec, so that a payload is written back unchanged.
///
/// Equality compares the undeclared properties only: how a value arrived on
/// the wire is not part of it.
///
/// ```
/// use openai_types::Extra;
/// use serde_json::json;
///
/// let mut extra: Extra = Extra::default();
/// extra.insert("zeta", json!(1));
/// extra.insert("alpha", json!({"nested": true}));
/// // Written back after the declared fields, in the order they came.
/// let keys: Vec<&str> = extra.iter().map(|(key, _)| key).collect();
/// assert_eq!(keys, ["zeta", "alpha"]);
/// assert_eq!(extra.get("zeta"), Some(&json!(1)));
/// assert_eq!(extra.absent_fields().count(), 0);
/// ```
#[derive(Clone, Debug)]
pub struct Extra<V = Value> {
    // Boxed and empty in the common case, so a struct pays one pointer.
    inner: Option<Box<ExtraInner<V>>>,
}

#[derive(Clone, Debug)]
struct ExtraInner<V> {
    properties: indexmap::IndexMap<String, V>,
    quirks: Vec<(&'static str, Quirk)>,
}

impl<V> Default for Extra<V> {
    fn default() -> Self {
        Extra { inner: None }
    }
}

impl<V: PartialEq> PartialEq for Extra<V> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.inner, &other.inner) {
            (Some(a), Some(b)) => a.properties == b.properties,
            (Some(only), None) | (None, Some(only)) => only.properties.is_empty(),
            (None, None) => true,
        }
    }
}

impl<V> Extra<V> {
    fn inner_mut(&mut self) -> &mut ExtraInner<V> {
        self.inner.get_or_insert_with(|| Box::new(ExtraInner { properties: indexmap::IndexMap::new(), quirks: Vec::new() }))
    }

    /// The undeclared property `key`, if it was sent.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.inner.as_ref()?.properties.get(key)
    }

    /// Adds an undeclared property, to be sent after the declared fields.
    pub fn insert(&mut self, key: impl Into<String>, value: V) -> Option<V> {
        self.inner_mut().properties.insert(key.into(), value)
    }

    /// Removes an undeclared property.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.inner.as_mut()?.properties.shift_remove(key)
    }

    /// The undeclared properties, in the order they were sent or inserted.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.inner.iter().flat_map(|inner| inner.properties.iter().map(|(k, v)| (k.as_str(), v)))
    }

    /// How many undeclared properties there are.
    pub fn len(&self) -> usize {
        self.inner.as_ref().map_or(0, |inner| inner.properties.len())
    }

    /// True when there is no undeclared property.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Required fields the payload left out (each reads as a placeholder:
    /// empty, zero, or an `Other`/`Unknown` variant).
    pub fn absent_fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.quirks(|quirk| *quirk == Quirk::Absent)
    }

    /// Fields sent as `null` although the spec does not allow it.
    pub fn null_fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.quirks(|quirk| *quirk == Quirk::Null)
    }

    /// The string a constant field arrived as when it was not the spec's
    /// constant (the field reads as the constant; the string is written back).
    /// Only constants that tell no union variants apart are read this way.
    pub fn constant_as_sent(&self, field: &str) -> Option<&str> {
        match self.quirk(field)? {
            Quirk::Other(sent) => Some(sent),
            _ => None,
        }
    }

    fn quirks(&self, which: fn(&Quirk) -> bool) -> impl Iterator<Item = &'static str> + '_ {
        self.inner.iter().flat_map(move |inner| inner.quirks.iter().filter(move |(_, q)| which(q)).map(|(name, _)| *name))
    }

    fn quirk(&self, name: &str) -> Option<&Quirk> {
        let inner = self.inner.as_ref()?;
        inner.quirks.iter().find(|(field, _)| *field == name).map(|(_, quirk)| quirk)
    }

    fn record(&mut self, name: &'static str, quirk: Quirk) {
        self.inner_mut().quirks.push((name, quirk));
    }

    /// The value of a required field after reading: the placeholder, recorded
    /// as absent, when the payload left it out.
    #[doc(hidden)]
    pub fn fill<T: Placeholder>(&mut self, slot: Option<T>, name: &'static str) -> T {
        slot.unwrap_or_else(|| {
            self.record(name, Quirk::Absent);
            T::placeholder()
        })
    }
}

/// `Default` for a struct that cannot be empty (it has required fields):
/// every field at its placeholder (empty, zero, `None`, an `Other("")` or
/// `Unknown(null)` value), as `..Default::default()` in a struct literal
/// wants; the required fields are the caller's to set before sending.
macro_rules! default_is_placeholder {
    ($name:ident) => {
        impl Default for $name {
            fn default() -> Self {
                $crate::runtime::Placeholder::placeholder()
            }
        }
    };
}
pub(crate) use default_is_placeholder;

/// A value for a required field the payload left out. It is what the field
/// holds until set, and is not written back while unchanged.
#[doc(hidden)]
pub trait Placeholder {
    fn placeholder() -> Self;
}

macro_rules! placeholder_by_default {
    ($($ty:ty),* $(,)?) => {
        $(impl Placeholder for $ty {
            fn placeholder() -> Self {
                Default::default()
            }
        })*
    };
}

placeholder_by_default!(bool, i64, f64, String, Value, Binary, serde_json::Map<String, Value>);

impl<T> Placeholder for Vec<T> {
    fn placeholder() -> Self {
        Vec::new()
    }
}

impl<T> Placeholder for Option<T> {
    fn placeholder() -> Self {
        None
    }
}

impl<T> Placeholder for Nullable<T> {
    fn placeholder() -> Self {
        Nullable::Absent
    }
}

impl<T> Placeholder for std::collections::BTreeMap<String, T> {
    fn placeholder() -> Self {
        Default::default()
    }
}

impl<T: Placeholder> Placeholder for Box<T> {
    fn placeholder() -> Self {
        Box::new(T::placeholder())
    }
}

/// An object key, borrowed from the input when it can be.
pub type Key<'de> = Cow<'de, str>;

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Cow::Owned(key.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Cow::Owned(key))
    }
}

/// `new()` and `Default` for a visitor that only carries the type it reads.
macro_rules! visitor_constructors {
    ($name:ident) => {
        impl<T> $name<T> {
            pub fn new() -> Self {
                $name(PhantomData)
            }
        }

        impl<T> Default for $name<T> {
            fn default() -> Self {
                Self::new()
            }
        }
    };
}

/// A struct that reads itself from the properties of a JSON object.
pub trait ReadObject: Sized {
    /// The Rust name, for error messages.
    const NAME: &'static str;

    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The visitor of every generated struct: it expects an object.
pub struct ObjectVisitor<T>(PhantomData<T>);

visitor_constructors!(ObjectVisitor);

impl<'de, T: ReadObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting_object(f, T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// Reads the properties of one object: declared fields by the generated
/// code, the rest into `Extra`. A property sent twice keeps its last value.
pub struct ObjectReader<A, V = Value> {
    map: A,
    extra: Extra<V>,
}

impl<'de, A: MapAccess<'de>, V: Deserialize<'de>> ObjectReader<A, V> {
    pub fn new(map: A) -> Self {
        ObjectReader { map, extra: Extra::default() }
    }

    pub fn next_key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.map.next_key_seed(KeySeed)
    }

    /// A field read as declared: optional and nullable fields, and required
    /// fields that have no placeholder.
    pub fn value<T: Deserialize<'de>>(&mut self) -> Result<T, A::Error> {
        self.map.next_value()
    }

    /// A required field; `null` reads as the placeholder and is recorded.
    pub fn required<T: Deserialize<'de> + Placeholder>(&mut self, name: &'static str) -> Result<Option<T>, A::Error> {
        Ok(Some(match self.map.next_value::<Option<T>>()? {
            Some(value) => value,
            None => {
                self.extra.record(name, Quirk::Null);
                T::placeholder()
            }
        }))
    }

    /// An optional field that is not nullable; `null` reads as absent and is recorded.
    pub fn optional<T: Deserialize<'de>>(&mut self, name: &'static str) -> Result<Option<T>, A::Error> {
        let value = self.map.next_value::<Option<T>>()?;
        if value.is_none() {
            self.extra.record(name, Quirk::Null);
        }
        Ok(value)
    }

    /// A required constant that tells no union variants apart: another
    /// string reads as the constant and is recorded, to be written back;
    /// `null` as for [`required`](Self::required).
    pub fn constant<T: Constant>(&mut self, name: &'static str) -> Result<Option<T>, A::Error> {
        match self.map.next_value_seed(ConstantSeed(T::VALUE))? {
            SentConstant::Expected => {}
            SentConstant::Null => self.extra.record(name, Quirk::Null),
            SentConstant::Other(sent) => self.extra.record(name, Quirk::Other(sent)),
        }
        Ok(Some(T::placeholder()))
    }

    /// An optional constant, read as [`constant`](Self::constant); `null`
    /// as for [`optional`](Self::optional).
    pub fn optional_constant<T: Constant>(&mut self, name: &'static str) -> Result<Option<T>, A::Error> {
        Ok(match self.map.next_value_seed(ConstantSeed(T::VALUE))? {
            SentConstant::Expected => Some(T::placeholder()),
            SentConstant::Null => {
                self.extra.record(name, Quirk::Null);
                None
            }
            SentConstant::Other(sent) => {
                self.extra.record(name, Quirk::Other(sent));
                Some(T::placeholder())
            }
        })
    }

    /// A property the spec does not declare.
    pub fn undeclared(&mut self, key: Key<'de>) -> Result<(), A::Error> {
        let value = self.map.next_value()?;
        self.extra.insert(key.into_owned(), value);
        Ok(())
    }

    pub fn finish(self) -> Extra<V> {
        self.extra
    }
}

/// Writes the fields of one object, honouring how they arrived (see [`Extra`]).
pub struct ObjectWriter<'a, M, V> {
    map: M,
    extra: &'a Extra<V>,
}

impl<'a, M: SerializeMap, V: Serialize> ObjectWriter<'a, M, V> {
    pub fn new<S: Serializer<SerializeMap = M, Error = M::Error>>(serializer: S, extra: &'a Extra<V>) -> Result<Self, M::Error> {
        Ok(ObjectWriter { map: serializer.serialize_map(None)?, extra })
    }

    /// A field that is always written.
    pub fn value<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), M::Error> {
        self.map.serialize_entry(name, value)
    }

    /// A required field: left out or `null` again while it still holds the
    /// placeholder it was read as.
    pub fn required<T: Serialize + PartialEq + Placeholder>(&mut self, name: &str, value: &T) -> Result<(), M::Error> {
        match self.extra.quirk(name) {
            Some(Quirk::Absent) if *value == T::placeholder() => Ok(()),
            Some(Quirk::Null) if *value == T::placeholder() => self.map.serialize_entry(name, &()),
            _ => self.map.serialize_entry(name, value),
        }
    }

    /// A required constant (see [`ObjectReader::constant`]): the string it
    /// arrived as, when that was another.
    pub fn constant<T: Serialize + PartialEq + Placeholder>(&mut self, name: &str, value: &T) -> Result<(), M::Error> {
        match self.extra.quirk(name) {
            Some(Quirk::Other(sent)) => self.map.serialize_entry(name, &**sent),
            _ => self.required(name, value),
        }
    }

    /// An optional constant, written as [`constant`](Self::constant) when set.
    pub fn optional_constant<T: Serialize>(&mut self, name: &str, value: &Option<T>) -> Result<(), M::Error> {
        match (value, self.extra.quirk(name)) {
            (Some(_), Some(Quirk::Other(sent))) => self.map.serialize_entry(name, &**sent),
            _ => self.optional(name, value),
        }
    }

    /// An optional field: left out when `None`, unless it arrived as `null`.
    pub fn optional<T: Serialize>(&mut self, name: &str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(value) => self.map.serialize_entry(name, value),
            None if self.extra.quirk(name) == Some(&Quirk::Null) => self.map.serialize_entry(name, &()),
            None => Ok(()),
        }
    }

    /// An optional, nullable field: left out when absent.
    pub fn nullable<T: Serialize>(&mut self, name: &str, value: &Nullable<T>) -> Result<(), M::Error> {
        if value.is_absent() {
            Ok(())
        } else {
            self.map.serialize_entry(name, value)
        }
    }

    /// Writes the undeclared properties and closes the object.
    pub fn end(mut self) -> Result<M::Ok, M::Error> {
        for (key, value) in self.extra.iter() {
            self.map.serialize_entry(key, value)?;
        }
        self.map.end()
    }
}

// Unions -------------------------------------------------------------------

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

/// One variant of a union to try: its name, the properties it requires,
/// and how to read it.
pub struct Attempt<T> {
    pub variant: &'static str,
    pub required: &'static [&'static str],
    pub read: fn(&Value) -> Result<T, serde_json::Error>,
}

/// Tries the variants of a union in order, the first that accepts the
/// payload winning. Variants whose required properties are all present go
/// first: structs read leniently accept objects that lack their required
/// fields, and must not win over a variant the payload really is. When none
/// matches, the error lists every variant and its failure.
pub fn first_match<T, E: serde::de::Error>(value: &Value, union: &'static str, attempts: &[Attempt<T>]) -> Result<T, E> {
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

/// A union told apart by the string value of one property.
pub trait ReadTagged: Sized {
    /// The Rust name, for error messages.
    const NAME: &'static str;
    /// The property holding the tag.
    const TAG: &'static str;

    /// Reads the variant `tag` selects (`None`: the object has no tag).
    fn read<'de, A: MapAccess<'de>>(tag: Option<&str>, object: TaggedObject<'de, A>) -> Result<Self, A::Error>;
}

/// The visitor of every tagged union: it reads properties up to the tag,
/// keeping them, then hands the object to the variant the tag selects. The
/// API writes the tag first, so usually nothing is kept at all.
pub struct TaggedVisitor<T>(PhantomData<T>);

visitor_constructors!(TaggedVisitor);

impl<'de, T: ReadTagged> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting_object(f, T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let (tag, object) = find_tag(T::NAME, T::TAG, map)?;
        T::read(tag.as_deref(), object)
    }
}

/// The tag's value when it is a string, and the object to hand the variant.
type FoundTag<'de, A> = (Option<Cow<'de, str>>, TaggedObject<'de, A>);

/// The part of [`TaggedVisitor`] that does not depend on the union, so that
/// it exists once per input type rather than once per union and input.
fn find_tag<'de, A: MapAccess<'de>>(union: &'static str, property: &str, mut map: A) -> Result<FoundTag<'de, A>, A::Error> {
    let mut seen = Vec::new();
    while let Some(key) = map.next_key_seed(KeySeed)? {
        let kept = map.next_value_seed(KeptSeed)?;
        if key == property {
            let tag = match &kept {
                Kept::Str(tag) => Some(tag.clone()),
                Kept::Json(_) => None,
            };
            return Ok((tag, TaggedObject::new(union, seen, Some((key, kept)), map, false)));
        }
        seen.push((key, kept));
    }
    Ok((None, TaggedObject::new(union, seen, None, map, true)))
}

/// What the visitor of a struct or tagged union expects: not generic, so
/// that each visitor's `expecting` is one call.
fn expecting_object(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(f, "a `{name}` object")
}

/// What the visitor of an untagged union expects, as [`expecting_object`].
fn expecting_named(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(f, "a `{name}`")
}

/// A property value read before the tag was found, kept to be read again: a
/// string stays borrowed from the input when it can.
enum Kept<'de> {
    Str(Cow<'de, str>),
    Json(Value),
}

struct KeptSeed;

impl<'de> DeserializeSeed<'de> for KeptSeed {
    type Value = Kept<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Kept<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeptSeed {
    type Value = Kept<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Kept<'de>, E> {
        Ok(Kept::Str(Cow::Borrowed(value)))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Kept<'de>, E> {
        Ok(Kept::Str(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Kept<'de>, E> {
        Ok(Kept::Str(Cow::Owned(value)))
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Kept<'de>, E> {
        Ok(Kept::Json(Value::Bool(value)))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Kept<'de>, E> {
        Ok(Kept::Json(Value::from(value)))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Kept<'de>, E> {
        Ok(Kept::Json(Value::from(value)))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Kept<'de>, E> {
        Ok(Kept::Json(Value::from(value)))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Kept<'de>, E> {
        Ok(Kept::Json(Value::Null))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Kept<'de>, E> {
        Ok(Kept::Json(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Kept<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Kept<'de>, S::Error> {
        Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(Kept::Json)
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Kept<'de>, M::Error> {
        Value::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Kept::Json)
    }
}

/// Reads a kept string again, borrowed if it was.
struct CowStrDeserializer<'de, E> {
    value: Cow<'de, str>,
    marker: PhantomData<E>,
}

impl<'de, E> CowStrDeserializer<'de, E> {
    fn new(value: Cow<'de, str>) -> Self {
        CowStrDeserializer { value, marker: PhantomData }
    }
}

impl<'de, E: serde::de::Error> Deserializer<'de> for CowStrDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Cow::Borrowed(value) => visitor.visit_borrowed_str(value),
            Cow::Owned(value) => visitor.visit_string(value),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit unit_struct
        newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// An object whose properties up to its tag have been read: it replays them,
/// then reads the rest from the input.
pub struct TaggedObject<'de, A> {
    union: &'static str,
    seen: std::vec::IntoIter<(Key<'de>, Kept<'de>)>,
    tag: Option<(Key<'de>, Kept<'de>)>,
    pending: Option<Kept<'de>>,
    rest: A,
    exhausted: bool,
}

impl<'de, A: MapAccess<'de>> TaggedObject<'de, A> {
    fn new(
        union: &'static str,
        seen: Vec<(Key<'de>, Kept<'de>)>,
        tag: Option<(Key<'de>, Kept<'de>)>,
        rest: A,
        exhausted: bool,
    ) -> Self {
        TaggedObject { union, seen: seen.into_iter(), tag, pending: None, rest, exhausted }
    }

    /// Reads the whole object as the variant selected by `tag`.
    pub fn variant<T: Deserialize<'de>>(self, tag: &str) -> Result<T, A::Error> {
        let union = self.union;
        T::deserialize(serde::de::value::MapAccessDeserializer::new(self))
            .map_err(|error: A::Error| serde::de::Error::custom(format_args!("invalid `{tag}` variant of `{union}`: {error}")))
    }

    /// The whole object as JSON, for variants told apart by shape and for
    /// tags this version of the crate does not know.
    pub fn into_value(self) -> Result<Value, A::Error> {
        Value::deserialize(serde::de::value::MapAccessDeserializer::new(self))
    }

    /// Tries the variants in order, as [`first_match`].
    pub fn first_match<T>(self, attempts: &[Attempt<T>]) -> Result<T, A::Error> {
        let union = self.union;
        let value = self.into_value()?;
        first_match(&value, union, attempts)
    }

    /// The error for an object without its tag.
    pub fn missing_tag<T: ReadTagged>(self) -> Result<T, A::Error> {
        Err(serde::de::Error::custom(format_args!("missing the `{}` tag of `{}`", T::TAG, T::NAME)))
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for TaggedObject<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, kept)) = self.seen.next().or_else(|| self.tag.take()) {
            self.pending = Some(kept);
            return seed.deserialize(CowStrDeserializer::new(key)).map(Some);
        }
        if self.exhausted {
            return Ok(None);
        }
        let key = self.rest.next_key_seed(seed)?;
        self.exhausted = key.is_none();
        Ok(key)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        match self.pending.take() {
            Some(Kept::Str(value)) => seed.deserialize(CowStrDeserializer::new(value)),
            Some(Kept::Json(value)) => seed.deserialize(value).map_err(serde::de::Error::custom),
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// A union told apart by shape. Variants are tried in order on the payload
/// as JSON, unless only one variant can take its kind (a string, an array,
/// an object): then that variant reads it directly.
pub trait ReadUntagged: Sized {
    /// The Rust name, for error messages.
    const NAME: &'static str;

    /// Tries every variant, in order.
    fn attempt<E: serde::de::Error>(value: &Value) -> Result<Self, E>;

    fn string<E: serde::de::Error>(value: &str) -> Result<Self, E> {
        Self::attempt(&Value::String(value.to_owned()))
    }

    fn array<'de, A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        let value = Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Self::attempt(&value)
    }

    fn object<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let value = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Self::attempt(&value)
    }
}

/// Reads a variant from a string, for [`ReadUntagged::string`].
pub fn from_str<'a, T: Deserialize<'a>, E: serde::de::Error>(value: &'a str) -> Result<T, E> {
    T::deserialize(value.into_deserializer())
}

/// Reads a variant from an array, for [`ReadUntagged::array`].
pub fn from_seq<'de, T: Deserialize<'de>, A: SeqAccess<'de>>(seq: A) -> Result<T, A::Error> {
    T::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
}

/// Reads a variant from an object, for [`ReadUntagged::object`].
pub fn from_map<'de, T: Deserialize<'de>, A: MapAccess<'de>>(map: A) -> Result<T, A::Error> {
    T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
}

/// The visitor of every untagged union.
pub struct UntaggedVisitor<T>(PhantomData<T>);

visitor_constructors!(UntaggedVisitor);

impl<'de, T: ReadUntagged> Visitor<'de> for UntaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting_named(f, T::NAME)
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<T, E> {
        T::attempt(&Value::Bool(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<T, E> {
        T::attempt(&Value::from(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<T, E> {
        T::attempt(&Value::from(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<T, E> {
        T::attempt(&Value::from(value))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        T::string(value)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
        T::attempt(&Value::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<T, E> {
        T::attempt(&Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::array(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::object(map)
    }
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

        impl $crate::runtime::Placeholder for $name {
            fn placeholder() -> Self {
                Self::Other(String::new())
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
/// A constant string type (`crate::constants`): the value it is written as.
#[doc(hidden)]
pub trait Constant: Placeholder {
    const VALUE: &'static str;
}

/// How a constant field arrived.
enum SentConstant {
    Expected,
    Null,
    Other(Box<str>),
}

/// Reads a constant field leniently: the expected string, `null`, or
/// another string (kept); anything else is an error.
struct ConstantSeed(&'static str);

impl<'de> DeserializeSeed<'de> for ConstantSeed {
    type Value = SentConstant;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<SentConstant, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for ConstantSeed {
    type Value = SentConstant;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string (the spec says `{}`)", self.0)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<SentConstant, E> {
        Ok(SentConstant::Null)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<SentConstant, E> {
        Ok(SentConstant::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<SentConstant, D::Error> {
        deserializer.deserialize_str(self)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<SentConstant, E> {
        Ok(if value == self.0 { SentConstant::Expected } else { SentConstant::Other(value.into()) })
    }
}

macro_rules! constant {
    ($name:ident = $value:literal) => {
        impl $name {
            /// The value as sent on the wire.
            pub const VALUE: &'static str = $value;
        }

        impl $crate::runtime::Constant for $name {
            const VALUE: &'static str = $value;
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($value)
            }
        }

        impl $crate::runtime::Placeholder for $name {
            fn placeholder() -> Self {
                $name
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
///
/// ```
/// use openai_types::BuildError;
///
/// let error = BuildError { type_name: "CreateChatCompletionRequest", missing: vec!["messages", "model"] };
/// assert_eq!(
///     error.to_string(),
///     "cannot build `CreateChatCompletionRequest`: missing required fields `messages`, `model`"
/// );
/// ```
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
    #[doc(hidden)]
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

// ---------------------------------------------------------------------------
// Embeddings: vectors sent as base64.
// ---------------------------------------------------------------------------

/// The little-endian `f32`s that `text` holds in standard base64 (padding
/// optional); `None` when `text` is not base64 or not a whole number of
/// floats.
pub fn f32s_from_base64(text: &str) -> Option<Vec<f32>> {
    let digits = text.trim_end_matches('=');
    let mut bytes = Vec::with_capacity(digits.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in digits.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // Six bits left over: one base64 digit too many for whole bytes.
    if bits >= 6 || bytes.len() % 4 != 0 {
        return None;
    }
    Some(bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // No `unwrap()` here either: the generated sources are checked for it.
    #[test]
    fn nullable_tells_null_from_a_value() -> Result<(), serde_json::Error> {
        assert_eq!(serde_json::from_str::<Nullable<i64>>("null")?, Nullable::Null);
        assert_eq!(serde_json::from_str::<Nullable<i64>>("3")?, Nullable::Value(3));
        assert_eq!(serde_json::to_string(&Nullable::<i64>::Null)?, "null");
        assert_eq!(Nullable::<i64>::placeholder(), Nullable::Absent);
        assert_eq!(Nullable::from(Some(3)).into_option(), Some(3));
        Ok(())
    }

    #[test]
    fn extra_keeps_the_order_properties_came_in() {
        let mut extra: Extra = Extra::default();
        for key in ["zeta", "alpha", "mid"] {
            extra.insert(key, json!(key));
        }
        extra.remove("alpha");
        extra.insert("first", json!(0));
        assert_eq!(extra.iter().map(|(key, _)| key).collect::<Vec<_>>(), ["zeta", "mid", "first"]);
        assert_eq!(extra.len(), 3);
    }

    #[test]
    fn extra_equality_ignores_how_fields_arrived() {
        let mut recorded: Extra = Extra::default();
        let filled: String = recorded.fill(None, "model");
        assert_eq!(filled, "");
        assert_eq!(recorded.absent_fields().collect::<Vec<_>>(), ["model"]);
        assert_eq!(recorded, Extra::default());
        recorded.insert("x", json!(1));
        assert_ne!(recorded, Extra::default());
    }

    #[test]
    fn first_match_prefers_complete_variants_and_names_every_failure() {
        let attempts = [
            Attempt { variant: "Kinded", required: &["kind"], read: |_| Ok("kinded") },
            Attempt { variant: "Named", required: &["name"], read: |_| Ok("named") },
        ];
        let chosen: Result<&str, serde_json::Error> = first_match(&json!({"name": "a"}), "Choice", &attempts);
        assert_eq!(chosen.ok(), Some("named"));

        let failing: [Attempt<i64>; 2] = [
            Attempt { variant: "Number", required: &[], read: |v| serde_json::from_value(v.clone()) },
            Attempt { variant: "Flag", required: &[], read: |v| serde_json::from_value::<bool>(v.clone()).map(i64::from) },
        ];
        let error = first_match::<i64, serde_json::Error>(&json!("text"), "Choice", &failing).unwrap_err().to_string();
        assert!(error.starts_with("no variant of `Choice` matched: `Number`: "), "{error}");
        assert!(error.contains("; `Flag`: "), "{error}");
    }

    #[test]
    fn build_error_names_every_missing_field() {
        let error = BuildError::missing("Request", &[("model", true), ("n", false), ("messages", true)]);
        assert_eq!(error.missing, ["model", "messages"]);
        assert_eq!(error.to_string(), "cannot build `Request`: missing required fields `model`, `messages`");
        let one = BuildError::missing("Request", &[("model", true)]);
        assert_eq!(one.to_string(), "cannot build `Request`: missing required field `model`");
    }

    #[test]
    fn json_object_makes_a_map() {
        let map = crate::json_object!({ "type": "object", "required": ["a"] });
        assert_eq!(map.get("required"), Some(&json!(["a"])));
    }

    /// Standard base64 with padding, written independently of the decoder.
    fn encode_base64(bytes: &[u8]) -> String {
        const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let word = chunk.iter().enumerate().fold(0u32, |word, (i, b)| word | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(DIGITS[((word >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn base64_floats_decode_to_the_floats_encoded() {
        let floats = [0.002_306_425_5_f32, -0.009_327_292, 1.0, -2.5e-8, f32::MAX];
        let bytes: Vec<u8> = floats.iter().flat_map(|f| f.to_le_bytes()).collect();
        let text = encode_base64(&bytes);
        assert_eq!(f32s_from_base64(&text), Some(floats.to_vec()));
        assert_eq!(f32s_from_base64(text.trim_end_matches('=')), Some(floats.to_vec()));
        assert_eq!(f32s_from_base64("AACAPwAAAMA="), Some(vec![1.0, -2.0]));
        assert_eq!(f32s_from_base64(""), Some(Vec::new()));
    }

    #[test]
    fn base64_that_is_not_whole_floats_is_rejected() {
        assert_eq!(f32s_from_base64("AACA"), None, "three bytes");
        assert_eq!(f32s_from_base64("AACAP"), None, "a digit too many");
        assert_eq!(f32s_from_base64("AAC*PwAA"), None, "not a base64 digit");
    }
}
