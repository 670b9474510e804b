//! article-widget: article cards and full article views from a JSON Feed.
//!
//! Reading order: `model` (plain data, no web crates) → `load` (the async
//! state and its typed errors) → `events` (what the widget tells its host
//! page) → `components` (props in, callbacks out; they
//! never fetch) → `api` (the only network code) → `hooks` → `app` (the SPA).
//! → `embed` (the widget on partner pages). `api`, `hooks`, `app` and `embed`
//! exist only in the wasm32 build, `app` with the `spa` feature and `embed`
//! with the `embed` feature: the SPA and the partner-page widget are two
//! wasm modules, so neither carries the other's code. `publish` (the
//! publishing CLI's library) exists only natively.

// Text searches through `model::find`/`contains`/`replace` (clippy.toml).
#![cfg_attr(target_arch = "wasm32", warn(clippy::disallowed_methods))]

pub mod components;
pub mod events;
pub mod feed_state;
pub mod load;
pub mod model;
pub mod options;
pub mod platform;
pub mod reserve;
pub mod route;
pub mod ui_text;

#[cfg(not(target_arch = "wasm32"))]
pub mod publish;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(all(target_arch = "wasm32", feature = "spa"))]
pub mod app;
#[cfg(all(target_arch = "wasm32", feature = "embed"))]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod hooks;

#[cfg(all(target_arch = "wasm32", feature = "spa"))]
pub use app::start_spa;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
