//! What feed parsing needs of a parsed JSON document. In the wasm the tree is
//! the browser's own (`JSON.parse`), natively it is `serde_json::Value`; the
//! wire readers walk either through [`Json`], so no JSON parser ships in the
//! wasm and one set of rules reads both.

/// A JSON value of a parsed document.
pub trait Json: Sized + Clone {
    fn kind(&self) -> JsonKind;
    /// The member `key` of an object; `None` for a missing member or a
    /// value that is not an object.
    fn get(&self, key: &str) -> Option<Self>;
    /// The text of a string.
    fn string(&self) -> Option<String>;
    /// A number as its shortest decimal text (`42`, `1.5`), as JavaScript's
    /// `String(n)` writes it.
    fn number_text(&self) -> Option<String>;
    /// The elements of an array.
    fn elements(&self) -> Option<Vec<Self>>;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonKind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// A string member, when it is one: a value of another type counts as absent
/// (the lenient reading every optional field gets).
pub(super) fn string_at<J: Json>(value: &J, key: &str) -> Option<String> {
    value.get(key)?.string()
}

/// An object member, when it is one.
pub(super) fn object_at<J: Json>(value: &J, key: &str) -> Option<J> {
    value.get(key).filter(|member| member.kind() == JsonKind::Object)
}

/// An array member's elements, when it is one.
pub(super) fn array_at<J: Json>(value: &J, key: &str) -> Option<Vec<J>> {
    value.get(key)?.elements()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use serde_json::Value;

    use super::{Json, JsonKind};

    impl Json for &Value {
        fn kind(&self) -> JsonKind {
            match self {
                Value::Null => JsonKind::Null,
                Value::Bool(_) => JsonKind::Bool,
                Value::Number(_) => JsonKind::Number,
                Value::String(_) => JsonKind::String,
                Value::Array(_) => JsonKind::Array,
                Value::Object(_) => JsonKind::Object,
            }
        }

        fn get(&self, key: &str) -> Option<Self> {
            self.as_object()?.get(key)
        }

        fn string(&self) -> Option<String> {
            self.as_str().map(str::to_owned)
        }

        fn number_text(&self) -> Option<String> {
            match self {
                Value::Number(number) if number.is_f64() => {
                    // serde_json writes 1e20 as "100000000000000000000.0";
                    // JavaScript, and so the browser build, as "100000000000000000000".
                    let text = number.to_string();
                    Some(text.strip_suffix(".0").map(str::to_owned).unwrap_or(text))
                }
                Value::Number(number) => Some(number.to_string()),
                _ => None,
            }
        }

        fn elements(&self) -> Option<Vec<Self>> {
            self.as_array().map(|elements| elements.iter().collect())
        }
    }
}
