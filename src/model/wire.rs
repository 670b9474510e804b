//! The JSON Feed wire shape. Only this module knows field names; `feed.rs`
//! turns these into the domain model.

use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize)]
pub(super) struct WireFeed<'a> {
    pub version: Option<String>,
    pub title: Option<String>,
    pub home_page_url: Option<String>,
    pub feed_url: Option<String>,
    pub language: Option<String>,
    pub next_url: Option<String>,
    /// Kept raw so that one bad item is skipped rather than failing the feed.
    #[serde(borrow)]
    pub items: Option<Vec<&'a RawValue>>,
    #[serde(rename = "_article")]
    pub extension: Option<FeedExtension>,
}

#[derive(Deserialize)]
pub(super) struct FeedExtension {
    pub disclaimer: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct WireItem {
    /// A string per the spec; numbers are common in the wild and coerced.
    pub id: Option<serde_json::Value>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub content_text: Option<String>,
    pub content_html: Option<String>,
    pub image: Option<String>,
    pub date_published: Option<String>,
    pub date_modified: Option<String>,
    /// JSON Feed 1.1.
    pub authors: Option<Vec<WireAuthor>>,
    /// JSON Feed 1.0, deprecated by 1.1 but still served.
    pub author: Option<WireAuthor>,
    pub tags: Option<Vec<String>>,
    pub language: Option<String>,
    #[serde(rename = "_article")]
    pub extension: Option<ItemExtension>,
}

#[derive(Deserialize)]
pub(super) struct WireAuthor {
    pub name: Option<String>,
    pub url: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct ItemExtension {
    pub source: Option<WireSource>,
    pub disclaimer: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct WireSource {
    pub name: Option<String>,
    pub url: Option<String>,
}
