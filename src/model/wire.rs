//! The JSON Feed wire shape, defined once with serde. Only this module knows
//! JSON Feed's field names; `read.rs` turns these into the domain model.
//!
//! Every optional field is [`Lenient`]: a value of the wrong type (a numeric
//! `title`, a string where `authors` should be) counts as absent, so one
//! publisher's quirk costs one field, not the article or the feed. Items are
//! kept as the platform's raw values ([`RawJson`]) and decoded one by one, so
//! one bad item is skipped and counted, and each is decoded only when needed.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// A parsed JSON value as the platform holds it: natively a
/// `serde_json::Value`, in the wasm the `JSON.parse` result itself. The
/// platform decodes the wire shapes from it with [`decode`].
pub trait RawJson: DeserializeOwned + Clone + 'static {
    /// This value read as `T`; `None` when it is not one (an object is
    /// needed wherever `T` is a struct).
    fn decode<T: DeserializeOwned>(&self) -> Option<T>;
    /// A number that is not a safe integer as JavaScript's `String(n)`
    /// writes it (`1.5`, `100000000000000000000`, `1e+21`): an id's text.
    fn number_text(number: f64) -> String;
}

/// Reads `T` from `deserializer` by the wire's rules: structs only from
/// objects (never from arrays, which serde would read by position).
/// Leniency needs a deserializer over a parsed tree, where one value's error
/// leaves its siblings readable; both platforms decode from one.
pub fn decode<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Option<T> {
    T::deserialize(ObjectsOnly(deserializer)).ok()
}

/// A field that may be missing or of the wrong type: both read as absent,
/// though [`Lenient::Wrong`] remembers that something was there.
#[derive(Debug, Default)]
pub enum Lenient<T> {
    #[default]
    Absent,
    /// Present, of another type (`null` included).
    Wrong,
    Is(T),
}

impl<T> From<Option<T>> for Lenient<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Lenient::Absent, Lenient::Is)
    }
}

impl<T> Lenient<T> {
    pub fn ok(self) -> Option<T> {
        match self {
            Lenient::Is(value) => Some(value),
            Lenient::Absent | Lenient::Wrong => None,
        }
    }

    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Lenient::Is(value) => Some(value),
            Lenient::Absent | Lenient::Wrong => None,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(decode(deserializer).map_or(Lenient::Wrong, Lenient::Is))
    }
}

/// A list whose elements of the wrong type are dropped (a number among
/// `tags`, a string among `authors`).
#[derive(Debug)]
pub struct Each<T>(pub Vec<T>);

impl<T> Default for Each<T> {
    fn default() -> Self {
        Each(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Each<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Elements<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Elements<T> {
            type Value = Each<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Each<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(element) = seq.next_element::<Lenient<T>>()? {
                    out.extend(element.ok());
                }
                Ok(Each(out))
            }
        }
        deserializer.deserialize_seq(Elements(PhantomData))
    }
}

#[derive(Deserialize)]
#[serde(bound = "R: Deserialize<'de>")]
pub(crate) struct WireFeed<R> {
    #[serde(default)]
    pub version: Lenient<String>,
    #[serde(default)]
    pub title: Lenient<String>,
    #[serde(default)]
    pub home_page_url: Lenient<String>,
    #[serde(default)]
    pub feed_url: Lenient<String>,
    #[serde(default)]
    pub language: Lenient<String>,
    #[serde(default)]
    pub next_url: Lenient<String>,
    /// Kept raw so that one bad item is skipped rather than failing the
    /// feed; absent when `items` is not an array.
    #[serde(default)]
    pub items: Lenient<Vec<R>>,
    #[serde(default, rename = "_article")]
    pub extension: Lenient<FeedExtension>,
}

#[derive(Deserialize)]
pub(crate) struct FeedExtension {
    #[serde(default)]
    pub disclaimer: Lenient<String>,
    /// Where one article's own document is: a URL with `{id}` in it.
    #[serde(default)]
    pub item_url_template: Lenient<String>,
    /// Where each tag's own paged feed is: a URL with `{tag}` in it, for
    /// the tag's slug (`model::tag_slug`).
    #[serde(default)]
    pub tag_feed_template: Lenient<String>,
    /// On a tag's own feed: the tag, as written.
    #[serde(default)]
    pub tag: Lenient<String>,
}

/// An item's `id`: a string per the spec; numbers are common in the wild and
/// read as their decimal text.
#[derive(Debug, Default)]
pub(crate) enum WireId {
    #[default]
    Missing,
    Text(String),
    /// A number that is not a safe integer, for [`RawJson::number_text`].
    Number(f64),
    /// Neither a string nor a number (an object, a boolean…).
    Invalid,
}

impl<'de> Deserialize<'de> for WireId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Id;
        impl<'de> Visitor<'de> for Id {
            type Value = WireId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id")
            }
            fn visit_str<E: de::Error>(self, id: &str) -> Result<WireId, E> {
                Ok(WireId::Text(id.to_owned()))
            }
            fn visit_string<E: de::Error>(self, id: String) -> Result<WireId, E> {
                Ok(WireId::Text(id))
            }
            fn visit_u64<E: de::Error>(self, id: u64) -> Result<WireId, E> {
                Ok(WireId::Text(id.to_string()))
            }
            fn visit_i64<E: de::Error>(self, id: i64) -> Result<WireId, E> {
                Ok(WireId::Text(id.to_string()))
            }
            fn visit_f64<E: de::Error>(self, id: f64) -> Result<WireId, E> {
                Ok(WireId::Number(id))
            }
            fn visit_unit<E: de::Error>(self) -> Result<WireId, E> {
                Ok(WireId::Missing)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<WireId, E> {
                Ok(WireId::Invalid)
            }
            // Skipped over: serde_json wants every element seen.
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<WireId, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| WireId::Invalid)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<WireId, A::Error> {
                IgnoredAny.visit_map(map).map(|_| WireId::Invalid)
            }
        }
        deserializer.deserialize_any(Id)
    }
}

/// An item's id and tags, read up front when the rest is read later:
/// a widget that shows some tags filters by them before reading more.
#[derive(Deserialize)]
pub(crate) struct ItemId {
    #[serde(default)]
    pub id: WireId,
    #[serde(default)]
    pub tags: Lenient<Each<String>>,
}

#[derive(Default, Deserialize)]
pub(crate) struct WireItem {
    #[serde(default)]
    pub id: WireId,
    #[serde(default)]
    pub url: Lenient<String>,
    #[serde(default)]
    pub title: Lenient<String>,
    #[serde(default)]
    pub summary: Lenient<String>,
    #[serde(default)]
    pub content_text: Lenient<String>,
    #[serde(default)]
    pub content_html: Lenient<String>,
    #[serde(default)]
    pub image: Lenient<String>,
    #[serde(default)]
    pub date_published: Lenient<String>,
    #[serde(default)]
    pub date_modified: Lenient<String>,
    /// JSON Feed 1.1's `authors`…
    #[serde(default)]
    pub authors: Lenient<Each<WireAuthor>>,
    /// …or 1.0's singular `author` (deprecated by 1.1 but still served).
    #[serde(default)]
    pub author: Lenient<WireAuthor>,
    #[serde(default)]
    pub tags: Lenient<Each<String>>,
    #[serde(default)]
    pub language: Lenient<String>,
    #[serde(default, rename = "_article")]
    pub extension: Lenient<ItemExtension>,
}

#[derive(Deserialize)]
pub(crate) struct WireAuthor {
    #[serde(default)]
    pub name: Lenient<String>,
    #[serde(default)]
    pub url: Lenient<String>,
}

#[derive(Deserialize)]
pub(crate) struct ItemExtension {
    #[serde(default)]
    pub source: Lenient<WireSource>,
    #[serde(default)]
    pub disclaimer: Lenient<String>,
}

#[derive(Deserialize)]
pub(crate) struct WireSource {
    #[serde(default)]
    pub name: Lenient<String>,
    #[serde(default)]
    pub url: Lenient<String>,
}

/// The deserializer [`decode`] reads through: everything as `D` reads it,
/// except that a struct is read only from an object. serde's derived
/// structs also accept a sequence, field by position (`["a", "b"]` as an
/// author named "a"); a JSON array is never an object here.
struct ObjectsOnly<D>(D);

/// A struct's visitor that takes a map and nothing else.
struct MapOnly<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for MapOnly<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(map)
    }
}

macro_rules! forward {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectsOnly<D> {
    type Error = D::Error;

    forward!(deserialize_any deserialize_str deserialize_string deserialize_option deserialize_seq
        deserialize_map deserialize_identifier deserialize_ignored_any);

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, MapOnly(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, visitor)
    }

    // serde-wasm-bindgen's `preserve` (a raw item in the wasm) is a tuple struct.
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit unit_struct tuple enum
    }
}
