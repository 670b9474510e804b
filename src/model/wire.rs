//! The JSON Feed wire shape. Only this module knows JSON Feed's field names;
//! `feed.rs` turns these into the domain model.
//!
//! Every optional field is read leniently: a value of the wrong type (a
//! numeric `title`, a string where `authors` should be) counts as absent, so
//! one publisher's quirk costs one field, not the article or the feed.

use super::json::{array_at, object_at, string_at, Json, JsonKind};

pub(super) struct WireFeed<J> {
    pub version: Option<String>,
    pub title: Option<String>,
    pub home_page_url: Option<String>,
    pub feed_url: Option<String>,
    pub language: Option<String>,
    pub next_url: Option<String>,
    /// Kept as JSON so that one bad item is skipped rather than failing the
    /// feed; `None` when `items` is not an array.
    pub items: Option<Vec<J>>,
    pub extension: Option<FeedExtension>,
}

impl<J: Json> WireFeed<J> {
    pub fn read(feed: &J) -> Self {
        WireFeed {
            version: string_at(feed, "version"),
            title: string_at(feed, "title"),
            home_page_url: string_at(feed, "home_page_url"),
            feed_url: string_at(feed, "feed_url"),
            language: string_at(feed, "language"),
            next_url: string_at(feed, "next_url"),
            items: array_at(feed, "items"),
            extension: object_at(feed, "_article").map(|extension| FeedExtension {
                disclaimer: string_at(&extension, "disclaimer"),
                item_url_template: string_at(&extension, "item_url_template"),
            }),
        }
    }
}

pub(super) struct FeedExtension {
    pub disclaimer: Option<String>,
    /// Where one article's own document is: a URL with `{id}` in it.
    pub item_url_template: Option<String>,
}

/// An item's `id`: a string per the spec; numbers are common in the wild and
/// read as their decimal text.
#[derive(Default)]
pub(super) enum WireId {
    #[default]
    Missing,
    Text(String),
    /// Neither a string nor a number (an object, a boolean…).
    Invalid,
}

impl WireId {
    pub fn read<J: Json>(item: &J) -> Self {
        let Some(id) = item.get("id") else { return WireId::Missing };
        match id.kind() {
            JsonKind::Null => WireId::Missing,
            JsonKind::String => id.string().map_or(WireId::Missing, WireId::Text),
            JsonKind::Number => id.number_text().map_or(WireId::Invalid, WireId::Text),
            JsonKind::Bool | JsonKind::Array | JsonKind::Object => WireId::Invalid,
        }
    }
}

#[derive(Default)]
pub(super) struct WireItem {
    pub id: WireId,
    pub url: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub content_text: Option<String>,
    pub content_html: Option<String>,
    pub image: Option<String>,
    pub date_published: Option<String>,
    pub date_modified: Option<String>,
    /// JSON Feed 1.1's `authors`, or 1.0's singular `author` (deprecated by
    /// 1.1 but still served).
    pub authors: Vec<WireAuthor>,
    pub tags: Vec<String>,
    pub language: Option<String>,
    pub extension: Option<ItemExtension>,
}

impl WireItem {
    /// `None` when the item is not a JSON object.
    pub fn read<J: Json>(item: &J) -> Option<Self> {
        if item.kind() != JsonKind::Object {
            return None;
        }
        let authors = match (array_at(item, "authors"), object_at(item, "author")) {
            (Some(authors), _) => authors.iter().filter_map(WireAuthor::read).collect(),
            (None, Some(author)) => WireAuthor::read(&author).into_iter().collect(),
            (None, None) => Vec::new(),
        };
        Some(WireItem {
            id: WireId::read(item),
            url: string_at(item, "url"),
            title: string_at(item, "title"),
            summary: string_at(item, "summary"),
            content_text: string_at(item, "content_text"),
            content_html: string_at(item, "content_html"),
            image: string_at(item, "image"),
            date_published: string_at(item, "date_published"),
            date_modified: string_at(item, "date_modified"),
            authors,
            tags: array_at(item, "tags").map(|tags| tags.iter().filter_map(Json::string).collect()).unwrap_or_default(),
            language: string_at(item, "language"),
            extension: object_at(item, "_article").map(|extension| ItemExtension {
                source: object_at(&extension, "source")
                    .map(|source| WireSource { name: string_at(&source, "name"), url: string_at(&source, "url") }),
                disclaimer: string_at(&extension, "disclaimer"),
            }),
        })
    }
}

pub(super) struct WireAuthor {
    pub name: Option<String>,
    pub url: Option<String>,
}

impl WireAuthor {
    fn read<J: Json>(author: &J) -> Option<Self> {
        (author.kind() == JsonKind::Object)
            .then(|| WireAuthor { name: string_at(author, "name"), url: string_at(author, "url") })
    }
}

pub(super) struct ItemExtension {
    pub source: Option<WireSource>,
    pub disclaimer: Option<String>,
}

pub(super) struct WireSource {
    pub name: Option<String>,
    pub url: Option<String>,
}
