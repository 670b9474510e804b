//! Browser tests, one binary, run in headless Chromium by
//! `wasm-bindgen-test-runner`: mounting, events, real fetches, the SPA.
#![cfg(target_arch = "wasm32")]

mod api;
mod app;
mod common;
mod components;
mod embed;
mod scaling;
mod strings;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The sample feed that `trunk serve` shows, as the publishing CLI writes it
/// from `www/content` (checked in `publish`); also the main fixture.
pub const SAMPLE_FEED: &str = include_str!("../fixtures/sample-feed.json");
