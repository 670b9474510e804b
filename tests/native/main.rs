//! Native tests, one binary: the model with plain `#[test]`s, components
//! rendered to strings with Yew's `LocalServerRenderer`.
#![cfg(not(target_arch = "wasm32"))]

mod components;
mod contract;
mod feed;
mod feed_state;
mod fuzz;
mod html;
mod html_scan;
mod links;
mod load;
mod malformed;
mod options;
mod publish;
mod publish_archive;
mod publish_ids;
mod publish_incremental;
mod publish_input;
mod publish_pages;
mod publish_safety;
mod publish_scaling;
mod publish_tags;
mod reserve;
mod route;
mod sample;
mod scaling;
mod strings;
mod tags;
mod time;
mod window;
mod wire;
mod wordpress;
mod xss;

/// The sample feed that `trunk serve` shows, as the publishing CLI writes it
/// from `www/content` (checked in `publish`); also the main fixture.
pub const SAMPLE_FEED: &str = include_str!("../fixtures/sample-feed.json");
/// The article the project started from, verbatim.
pub const SEED_ARTICLE: &str = include_str!("../fixtures/seed-article.txt");
