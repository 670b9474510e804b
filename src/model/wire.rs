//! The JSON Feed wire shape. Only this module knows field names; `feed.rs`
//! turns these into the domain model.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

/// Reads an optional field leniently: a value of the wrong type (a numeric
/// `title`, a string where `authors` should be) counts as absent, so one
/// publisher's quirk costs one field, not the article or the feed.
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(deserializer: D) -> Result<Option<T>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).ok())
}

#[derive(Deserialize)]
pub(super) struct WireFeed<'a> {
    #[serde(default, deserialize_with = "lenient")]
    pub version: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub home_page_url: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub feed_url: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub next_url: Option<String>,
    /// Kept raw so that one bad item is skipped rather than failing the feed.
    #[serde(default, borrow, deserialize_with = "raw_items")]
    pub items: Option<Vec<&'a RawValue>>,
    #[serde(rename = "_article")]
    #[serde(default, deserialize_with = "lenient")]
    pub extension: Option<FeedExtension>,
}

/// `items`, if it is an array; anything else is as good as none.
fn raw_items<'de: 'a, 'a, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<&'a RawValue>>, D::Error> {
    let raw = <&RawValue>::deserialize(deserializer)?;
    Ok(serde_json::from_str(raw.get()).ok())
}

#[derive(Deserialize)]
pub(super) struct FeedExtension {
    #[serde(default, deserialize_with = "lenient")]
    pub disclaimer: Option<String>,
    /// Where one article's own document is: a URL with `{id}` in it.
    #[serde(default, deserialize_with = "lenient")]
    pub item_url_template: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct WireItem {
    /// A string per the spec; numbers are common in the wild and coerced.
    pub id: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "lenient")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub content_text: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub content_html: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub image: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub date_published: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub date_modified: Option<String>,
    /// JSON Feed 1.1.
    #[serde(default, deserialize_with = "lenient")]
    pub authors: Option<Vec<WireAuthor>>,
    /// JSON Feed 1.0, deprecated by 1.1 but still served.
    #[serde(default, deserialize_with = "lenient")]
    pub author: Option<WireAuthor>,
    #[serde(default, deserialize_with = "lenient")]
    pub tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "lenient")]
    pub language: Option<String>,
    #[serde(rename = "_article")]
    #[serde(default, deserialize_with = "lenient")]
    pub extension: Option<ItemExtension>,
}

#[derive(Deserialize)]
pub(super) struct WireAuthor {
    #[serde(default, deserialize_with = "lenient")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub url: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct ItemExtension {
    #[serde(default, deserialize_with = "lenient")]
    pub source: Option<WireSource>,
    #[serde(default, deserialize_with = "lenient")]
    pub disclaimer: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct WireSource {
    #[serde(default, deserialize_with = "lenient")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub url: Option<String>,
}
