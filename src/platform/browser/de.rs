//! serde over the browser's own JSON values (`JSON.parse`'s result), reading
//! objects through their own properties only.
//!
//! serde-wasm-bindgen's `Deserializer` reads a struct's fields with ordinary
//! property gets, and a map through the object's iterator when it has one,
//! so both would see what a partner page put on `Object.prototype`.
//! [`OwnValue`] reads objects itself (a struct's fields with
//! `hasOwnProperty`, a map's entries with `Object.keys`, arrays by index) and
//! hands every scalar to serde-wasm-bindgen.

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use serde_wasm_bindgen::Error;
use wasm_bindgen::{JsCast, JsValue};

use crate::model::RawJson;

use super::has_own_property;

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
        js_sys::Number::from(number).to_string_with_radix(10).map(String::from).unwrap_or_default()
    }
}

/// A JS value read by serde with own properties only (see the module).
pub struct OwnValue(pub JsValue);

impl OwnValue {
    fn is_plain_object(&self) -> bool {
        self.0.is_object() && !Array::is_array(&self.0)
    }

    fn scalar(self) -> serde_wasm_bindgen::Deserializer {
        self.0.into()
    }
}

#[cold]
fn invalid_type(expected: &dyn de::Expected) -> Error {
    de::Error::invalid_type(de::Unexpected::Other("another type"), expected)
}

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

macro_rules! scalar {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.scalar().$method(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for OwnValue {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if let Some(text) = self.0.as_string() {
            visitor.visit_string(text)
        } else if Array::is_array(&self.0) {
            self.deserialize_seq(visitor)
        } else if self.0.is_object() {
            self.deserialize_map(visitor)
        } else {
            self.scalar().deserialize_any(visitor)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.dyn_into::<Array>() {
            Ok(array) => visitor.visit_seq(OwnElements { len: array.length(), array, next: 0 }),
            Err(_) => Err(invalid_type(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if !self.is_plain_object() {
            return Err(invalid_type(&visitor));
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
            return Err(invalid_type(&visitor));
        }
        visitor.visit_map(OwnFields { object: self.0, fields, next: 0, value: None })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// serde-wasm-bindgen's: its `preserve` (a raw item) is a tuple struct
    /// of a magic name. No wire shape has a tuple struct of its own.
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.scalar().deserialize_tuple_struct(name, len, visitor)
    }

    /// serde-wasm-bindgen's: a string names a unit variant; an object's
    /// one entry comes from `Object.entries`, its own.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.scalar().deserialize_enum(name, variants, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    scalar!(deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128 deserialize_f32
        deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_identifier);

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
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
                return seed.deserialize(IntoDeserializer::<Error>::into_deserializer(field)).map(Some);
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
        let keys = self.keys.get_or_insert_with(|| Object::keys(object.unchecked_ref::<Object>()));
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

/// An array's elements, by index.
struct OwnElements {
    array: Array,
    len: u32,
    next: u32,
}

impl<'de> SeqAccess<'de> for OwnElements {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.next >= self.len {
            return Ok(None);
        }
        let element = self.array.get(self.next);
        self.next += 1;
        seed.deserialize(OwnValue(element)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.len - self.next) as usize)
    }
}
