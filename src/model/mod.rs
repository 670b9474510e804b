//! The feed as the widget sees it: plain data, parsed from JSON Feed, with no
//! web crates, so that everything here is tested natively.

mod blocks;
mod error;
mod feed;
mod html_scan;
mod read;
mod strings;
mod tags;
mod time;
mod url;
mod wire;
mod wordpress;

pub use blocks::{first_text, plain_text, to_blocks, Block, HtmlNode, Image, Inline};
pub use error::{FeedError, NotAFeed, SkipReason, SkippedItem};
pub use feed::{Article, Author, Body, Feed, Format, JsonFeedVersion, LazyArticle, Platform, Source};
pub use html_scan::{guarded_html_to_blocks, scan, strip_tags, Converted, Scan, MAX_ATTRIBUTES, MAX_TAGS};
pub use read::without_bom;
pub(crate) use strings::contains;
pub use strings::{excerpt, paragraphs, GraphemeCut};
pub use tags::{collapse_spaces, tag_key, tag_slug, Fold, TagFilter, MAX_SLUG_BYTES};
pub use time::{Ago, Timestamp, TimestampError};
pub use url::{percent_decode, percent_encode, safe_link, LinkTarget};
pub use wire::{decode, Each, Lenient, RawJson};

// For the publishing CLI's input side, which exists only natively.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use strings::is_cjk;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use url::resolve_checked;
