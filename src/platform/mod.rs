//! Where parsing runs: URL resolution and an HTML parser for
//! [`crate::model::Platform`]. In the wasm, the browser's own (`URL`, an inert
//! `DOMParser` document); natively, well-kept crates (`url`, `scraper`).

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
mod native;

#[cfg(target_arch = "wasm32")]
pub use browser::BrowserPlatform;
#[cfg(not(target_arch = "wasm32"))]
pub use native::NativePlatform;
