//! Where parsing runs: URL resolution and an HTML parser for
//! [`crate::model::Platform`], a JSON parser, and grapheme segmentation. In
//! the wasm, the browser's own (`URL`, an inert `DOMParser` document,
//! `JSON.parse`, `Intl.Segmenter`); natively, well-kept crates (`url`,
//! `scraper`, `serde_json`, `unicode-segmentation`). In the wasm, [`intl`]
//! is the browser's `Intl` and clock for the UI.

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
pub mod intl;
#[cfg(not(target_arch = "wasm32"))]
mod native;

#[cfg(target_arch = "wasm32")]
pub use browser::{grapheme_cut, own_property, BrowserPlatform, JsRaw, OwnValue};
#[cfg(not(target_arch = "wasm32"))]
pub use native::{grapheme_cut, NativePlatform};

/// A number as JavaScript's `Number#toString` writes it: Rust's own float
/// printing would bring its formatting machinery (~4 KB brotli) into the
/// wasm. Natively, Rust's, which writes the same shortest digits that read
/// back as the number, without JavaScript's exponents (from 1e21 and under
/// 1e-6).
pub fn number_text(value: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::Number::from(value).to_string_with_radix(10).unwrap_or_default())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        value.to_string()
    }
}

/// A tag's text in NFC and lower case ([`crate::model::tag_key`]'s fold):
/// in the wasm the browser's `normalize` and `toLowerCase` (no Unicode
/// tables in the module), natively `icu_normalizer` and Rust's
/// `to_lowercase`, the same Unicode mappings (final sigma included).
/// Composed again after lower-casing: a capital and its mark lower-case to
/// a pair that some letters have composed (`W` and a ring above are `ẘ`).
pub fn fold_tag(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let text = js_sys::JsString::from(text);
        String::from(text.normalize("NFC").to_lower_case().normalize("NFC"))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        if text.is_ascii() {
            return text.to_ascii_lowercase();
        }
        let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
        nfc.normalize(&nfc.normalize(text).to_lowercase()).into_owned()
    }
}
