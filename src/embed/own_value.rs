//! A JS value as a serde `Deserializer` that sees only own properties: an
//! object's own enumerable entries, an array's own elements. Used instead of
//! serde-wasm-bindgen's `Deserializer`, which reads a struct's fields with
//! ordinary property gets and a map through `Symbol.iterator` (both looked up
//! the prototype chain, where a page may have put anything), and whose error
//! messages link Rust's float printing into the wasm (the embed measured
//! 9.4 KB brotli larger with it: BENCHMARKS.md).

use std::fmt;

use js_sys::{Array, Number, Object};
use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// A value read from JS.
pub struct OwnValue(pub JsValue);

/// Why a value did not read. Deliberately without a message: formatting
/// serde's messages would bring Rust's float printing into the wasm.
#[derive(Debug)]
pub struct Unreadable;

impl fmt::Display for Unreadable {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("unreadable value")
    }
}

impl std::error::Error for Unreadable {}

impl de::Error for Unreadable {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unreadable
    }
}

impl<'de> IntoDeserializer<'de, Unreadable> for OwnValue {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for OwnValue {
    type Error = Unreadable;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        let value = self.0;
        if value.is_null() || value.is_undefined() {
            visitor.visit_unit()
        } else if let Some(flag) = value.as_bool() {
            visitor.visit_bool(flag)
        } else if let Some(text) = value.as_string() {
            visitor.visit_string(text)
        } else if let Some(number) = value.as_f64() {
            if Number::is_safe_integer(&value) {
                visitor.visit_i64(number as i64)
            } else {
                visitor.visit_f64(number)
            }
        } else if Array::is_array(&value) {
            // Own elements: a hole in a sparse array would read Array.prototype.
            let elements = Object::values(value.unchecked_ref::<Object>());
            visitor.visit_seq(SeqDeserializer::new(elements.iter().map(OwnValue)))
        } else if value.is_object() {
            let entries = Object::entries(value.unchecked_ref::<Object>());
            visitor.visit_map(MapDeserializer::new(entries.iter().map(|entry| {
                let entry = entry.unchecked_into::<Array>();
                (entry.get(0).as_string().unwrap_or_default(), OwnValue(entry.get(1)))
            })))
        } else {
            // A function, a symbol, a BigInt.
            Err(Unreadable)
        }
    }

    /// Skipped without looking inside, however deep it nests.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
    }
}
