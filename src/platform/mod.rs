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
pub use browser::{grapheme_cut, own_property, BrowserPlatform};
#[cfg(not(target_arch = "wasm32"))]
pub use native::{grapheme_cut, NativePlatform};
