//! The publishing CLI's library side, native only: from a folder of articles
//! to a static site. [`input`] reads what publishers write (Markdown with
//! front matter, RSS, Atom, JSON Feed) into [`crate::model::Article`]s, so
//! everything after it works on the one domain model the widget renders.

mod address;
mod build;
mod cache;
pub mod cli;
mod content;
mod error;
mod html;
pub mod id;
pub mod input;
mod json_feed;
mod out;
mod pages;
mod sitemap;
mod syndication;
mod tags;

pub use address::Address;
pub use build::{
    build, default_cache_dir, prune_default_caches, BuildError, BuildOptions, CacheUse, Changes, Report, CHANGES,
    DEFAULT_PAGE_BYTES, DEFAULT_PAGE_ITEMS, DEFAULT_SITEMAP_URLS, IDS, MANIFEST, PAGES, PENDING,
};
pub use html::{blocks_to_html, escape};
pub use input::{
    decode_text, read_feed, read_markdown, read_markdown_with_warnings, read_site_config,
    read_site_config_with_warnings, FeedInput, InputError, SiteConfig,
};
pub use pages::Shell;
pub use sitemap::{sitemaps, sitemaps_of_at_most, Entry as SitemapEntry};
