//! article-widget: article cards and full article views from a JSON Feed.
//!
//! Reading order: `model` (plain data, no web crates) → `load` (the async
//! state and its typed errors) → `components` (props in, callbacks out; they
//! never fetch) → `api` (the only network code) → `hooks` → `app` (the SPA).
//! → `embed` (the widget on partner pages). `api`, `hooks`, `app` and `embed`
//! exist only in the wasm32 build; `publish` (the publishing CLI's library)
//! only natively.

pub mod components;
pub mod load;
pub mod model;
pub mod options;
pub mod platform;
pub mod text;

#[cfg(not(target_arch = "wasm32"))]
pub mod publish;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod intl;

#[cfg(target_arch = "wasm32")]
pub use app::start_spa;
