//! Where parsing runs: URL resolution and an HTML parser for
//! [`crate::model::Platform`], a JSON parser, and grapheme segmentation. In
//! the wasm, the browser's own (`URL`, an inert `DOMParser` document,
//! `JSON.parse`, `Intl.Segmenter`); natively, well-kept crates (`url`,
//! `scraper`, `serde_json`, `unicode-segmentation`).

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
mod native;

#[cfg(target_arch = "wasm32")]
pub use browser::{grapheme_cut, own_property, BrowserPlatform, JsRaw, OwnValue};
#[cfg(not(target_arch = "wasm32"))]
pub use native::{grapheme_cut, NativePlatform};
