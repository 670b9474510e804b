//! serde over the browser's own JSON values (`JSON.parse`'s result), reading
//! objects through their own properties only.
//!
//! serde-wasm-bindgen's `Deserializer` reads a struct's fields with ordinary
//! property gets, and a map through the object's iterator when it has one,
//! so both would see what a partner page put on `Object.prototype`; and its
//! errors are formatted messages (with Rust's float printing, 11 KB of wasm)
//! that lenient reading only drops. [`OwnValue`] reads objects itself (a
//! struct's fields with `hasOwnProperty`, a map's entries with `Object.keys`,
//! arrays by own index) and scalars with wasm-bindgen's checks, and fails with
//! [`Unreadable`], which formats nothing. Raw items are serde-wasm-bindgen's
//! `preserve`d values.

use std::cell::RefCell;
use std::fmt;

use js_sys::{Array, Reflect};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use wasm_bindgen::convert::IntoWasmAbi;
use wasm_bindgen::JsValue;

use crate::model::RawJson;

use super::{has_own_property, is_array, own_keys};

/// A value of a parsed JSON document, kept as the browser holds it: a feed's
/// items are decoded from it one by one, when first needed.
#[derive(Clone)]
pub struct JsRaw(pub JsValue);

impl<'de> Deserialize<'de> for JsRaw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_wasm_bindgen::preserve::deserialize(deserializer).map(JsRaw)
    }
}

impl RawJson for JsRaw {
    fn decode<T: DeserializeOwned>(&self) -> Option<T> {
        crate::model::decode(OwnValue(self.0.clone()))
    }

    fn number_text(number: f64) -> String {
        crate::platform::number_text(number)
    }
}

/// A JS value read by serde with own properties only (see the module): a
/// feed's values from `JSON.parse`, and `mount()`'s options.
pub struct OwnValue(pub JsValue);

impl<'de> IntoDeserializer<'de, Unreadable> for OwnValue {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl OwnValue {
    fn is_plain_object(&self) -> bool {
        self.0.is_object() && !is_array(&self.0)
    }

    fn is_nullish(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }

    /// A number JavaScript holds exactly as an integer (`Number.isSafeInteger`).
    fn safe_integer(&self) -> Option<i64> {
        const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
        self.0.as_f64().filter(|n| n.abs() <= MAX_SAFE && n.trunc() == *n).map(|n| n as i64)
    }
}

/// That a value could not be read as what was asked for. The model reads
/// leniently and never shows why, so nothing is formatted or kept.
#[derive(Debug)]
pub struct Unreadable;

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value of another type")
    }
}

impl std::error::Error for Unreadable {}

impl de::Error for Unreadable {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unreadable
    }
    fn invalid_type(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Unreadable
    }
    fn invalid_value(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Unreadable
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Unreadable
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Unreadable
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Unreadable
    }
    fn missing_field(_: &'static str) -> Self {
        Unreadable
    }
    fn duplicate_field(_: &'static str) -> Self {
        Unreadable
    }
}

type Error = Unreadable;

/// The JS string for a field name, made once: a feed of a few hundred items
/// asks for each name hundreds of times. Field names are `'static`, so their
/// addresses tell them apart.
fn field_key(field: &'static str) -> JsValue {
    thread_local! {
        static KEYS: RefCell<Vec<(usize, JsValue)>> = const { RefCell::new(Vec::new()) };
    }
    KEYS.with(|keys| {
        let address = field.as_ptr() as usize;
        let mut keys = keys.borrow_mut();
        if let Some((_, key)) = keys.iter().find(|(at, _)| *at == address) {
            return key.clone();
        }
        let key = JsValue::from_str(field);
        keys.push((address, key.clone()));
        key
    })
}

/// `object[key]` when it is the object's own and not `undefined`.
fn own_member(object: &JsValue, key: &JsValue) -> Option<JsValue> {
    if !has_own_property(object, key) {
        return None;
    }
    Reflect::get(object, key).ok().filter(|value| !value.is_undefined())
}

impl<'de> Deserializer<'de> for OwnValue {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if let Some(text) = self.0.as_string() {
            visitor.visit_string(text)
        } else if let Some(number) = self.safe_integer() {
            visitor.visit_i64(number)
        } else if let Some(number) = self.0.as_f64() {
            visitor.visit_f64(number)
        } else if let Some(boolean) = self.0.as_bool() {
            visitor.visit_bool(boolean)
        } else if self.is_nullish() {
            visitor.visit_unit()
        } else if is_array(&self.0) {
            self.deserialize_seq(visitor)
        } else if self.0.is_object() {
            self.deserialize_map(visitor)
        } else {
            Err(Unreadable)
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bool(self.0.as_bool().ok_or(Unreadable)?)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i64(self.safe_integer().ok_or(Unreadable)?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let number = self.safe_integer().filter(|n| *n >= 0).ok_or(Unreadable)?;
        visitor.visit_u64(number as u64)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.0.as_f64().ok_or(Unreadable)?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_string(self.0.as_string().ok_or(Unreadable)?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_nullish() {
            visitor.visit_unit()
        } else {
            Err(Unreadable)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_nullish() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if !is_array(&self.0) {
            return Err(Unreadable);
        }
        visitor.visit_seq(OwnElements { keys: own_keys(&self.0), array: self.0, next: 0 })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if !self.is_plain_object() {
            return Err(Unreadable);
        }
        visitor.visit_map(OwnEntries { object: self.0, keys: None, next: 0, value: None })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if !self.is_plain_object() {
            return Err(Unreadable);
        }
        visitor.visit_map(OwnFields { object: self.0, fields, next: 0, value: None })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// serde-wasm-bindgen's `preserve` (a raw item) asks for a tuple struct
    /// of its own name and takes the value's wasm-bindgen handle; no wire
    /// shape has a tuple struct of its own.
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name != PRESERVE {
            return self.deserialize_seq(visitor);
        }
        visitor.visit_seq(Preserved(Some(self.0), false))
    }

    /// A unit variant, named by a string.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let name = self.0.as_string().ok_or(Unreadable)?;
        visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(name))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    serde::forward_to_deserialize_any! { i8 i16 i32 i128 u8 u16 u32 u128 f32 bytes byte_buf }
}

/// The name serde-wasm-bindgen's `preserve` deserializes as (its
/// `PRESERVED_VALUE_MAGIC`): the browser tests fail if it ever changes, as
/// no feed's items would read.
const PRESERVE: &str = "1fc430ca-5b7f-4295-92de-33cf2b145d38";

/// `preserve`'s two elements: its name, then the value's handle.
struct Preserved(Option<JsValue>, bool);

impl<'de> SeqAccess<'de> for Preserved {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if !self.1 {
            self.1 = true;
            return seed.deserialize(IntoDeserializer::<Error>::into_deserializer(PRESERVE)).map(Some);
        }
        match self.0.take() {
            Some(value) => seed.deserialize(IntoDeserializer::<Error>::into_deserializer(value.into_abi())).map(Some),
            None => Ok(None),
        }
    }
}

/// A struct's fields, each looked up as an own property; absent ones are
/// not visited (serde fills in their defaults).
struct OwnFields {
    object: JsValue,
    fields: &'static [&'static str],
    next: usize,
    value: Option<JsValue>,
}

impl<'de> MapAccess<'de> for OwnFields {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        while let Some(&field) = self.fields.get(self.next) {
            self.next += 1;
            if let Some(value) = own_member(&self.object, &field_key(field)) {
                self.value = Some(value);
                // The field by its index, as serde's derived structs also
                // take it: a number matches where a name compares strings.
                // Sound only while no wire shape has `#[serde(alias)]`:
                // serde lists aliases in `fields` but does not count them in
                // its indices, so an alias would shift every later field.
                let index = (self.next - 1) as u64;
                return seed.deserialize(IntoDeserializer::<Error>::into_deserializer(index)).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(OwnValue(self.value.take().unwrap_or(JsValue::UNDEFINED)))
    }
}

/// An object's own enumerable entries (`Object.keys`), listed when first
/// asked for.
struct OwnEntries {
    object: JsValue,
    keys: Option<Array>,
    next: u32,
    value: Option<JsValue>,
}

impl<'de> MapAccess<'de> for OwnEntries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let object = &self.object;
        let keys = self.keys.get_or_insert_with(|| own_keys(object));
        if self.next >= keys.length() {
            return Ok(None);
        }
        let key = keys.get(self.next);
        self.next += 1;
        self.value = Some(Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED));
        seed.deserialize(OwnValue(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(OwnValue(self.value.take().unwrap_or(JsValue::UNDEFINED)))
    }
}

/// An array's own elements, listed by `Object.keys`: a hole (`[1, , 3]` in
/// a page's options) is skipped, where reading it would see
/// `Array.prototype`, and a sparse array of length 2³² − 1 costs what it
/// holds, not its length. Each element is read through `Reflect.get`, caught.
struct OwnElements {
    array: JsValue,
    keys: Array,
    next: u32,
}

impl<'de> SeqAccess<'de> for OwnElements {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        let key = self.keys.get(self.next);
        self.next += 1;
        let element = Reflect::get(&self.array, &key).unwrap_or(JsValue::UNDEFINED);
        seed.deserialize(OwnValue(element)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.keys.length().saturating_sub(self.next) as usize)
    }
}
