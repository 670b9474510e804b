//! Reading a parsed document into the model: the JSON Feed envelope and its
//! items (the wire shapes of `wire.rs`), or WordPress posts (`wordpress.rs`,
//! which maps each post onto a wire item and shares the rest).

use std::collections::HashSet;
use std::rc::Rc;

use super::error::{FeedError, NotAFeed, SkipReason, SkippedItem};
use super::feed::{
    Article, Author, Body, Feed, Format, JsonFeedVersion, LazyArticle, Platform, Source, ID_SLOT, TAG_SLOT,
};
use super::html_scan::Converted;
use super::strings::{contains, paragraphs, replace};
use super::time::Timestamp;
use super::url::resolve_checked;
use super::wire::{Each, ItemId, Lenient, RawJson, WireAuthor, WireFeed, WireId, WireItem, WireSource};

/// A platform with neither: relative links stay relative, HTML stays unrendered.
#[cfg(not(target_arch = "wasm32"))]
struct AsIs;

#[cfg(not(target_arch = "wasm32"))]
impl Platform for AsIs {
    fn resolve(&self, reference: &str, _base: Option<&str>) -> Option<String> {
        Some(reference.to_owned())
    }
    fn html_to_blocks(&self, _html: &str, _base: Option<&str>) -> Option<Vec<super::Block>> {
        None
    }
}

/// Adapts a plain resolver (against the feed's URL) into a [`Platform`].
#[cfg(not(target_arch = "wasm32"))]
struct ResolveOnly<F>(F);

#[cfg(not(target_arch = "wasm32"))]
impl<F: Fn(&str) -> Option<String>> Platform for ResolveOnly<F> {
    fn resolve(&self, reference: &str, _base: Option<&str>) -> Option<String> {
        (self.0)(reference)
    }
    fn html_to_blocks(&self, _html: &str, _base: Option<&str>) -> Option<Vec<super::Block>> {
        None
    }
}

impl Feed {
    /// Parses a JSON Feed 1.0 or 1.1 document. Relative links stay relative
    /// and HTML content stays unconverted.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_json(json: &str) -> Result<Feed, FeedError> {
        Self::parse(json, &AsIs)
    }

    /// Parses a feed and resolves its links with `resolve` (against the URL
    /// the feed came from; absolute links pass through it too, to come out in
    /// canonical form). A link that does not resolve to `http:` or `https:` is
    /// dropped.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_json_resolving(json: &str, resolve: impl Fn(&str) -> Option<String>) -> Result<Feed, FeedError> {
        Self::parse(json, &ResolveOnly(resolve))
    }

    /// Parses a feed's text (with `serde_json`) with `platform` resolving
    /// links and converting HTML. The text becomes a `serde_json::Value`
    /// first: a duplicate key's last value wins, as in `JSON.parse` (serde's
    /// derived structs would refuse the document). The browser build parses
    /// with `JSON.parse` instead and calls [`Feed::decode_lazy`].
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(json: &str, platform: &dyn Platform) -> Result<Feed, FeedError> {
        let document: serde_json::Value =
            serde_json::from_str(without_bom(json)).map_err(|error| FeedError::NotJson(error.to_string()))?;
        Self::decode(&document, platform)
    }

    /// Reads a parsed JSON document as a feed: JSON Feed, or WordPress posts.
    pub fn decode<R: RawJson>(document: &R, platform: &dyn Platform) -> Result<Feed, FeedError> {
        let (mut feed, items, context) = match read_envelope(document, platform)? {
            Envelope::Done(feed) => return Ok(feed),
            Envelope::JsonFeed { feed, items, context } => (feed, items, context),
        };
        let items = items.iter().map(R::decode::<WireItem>);
        (feed.articles, feed.skipped) = read_now::<R>(items, platform, &context, "the item is not a JSON object");
        Ok(feed)
    }

    /// [`Feed::decode`], reading each article only when it is first looked
    /// at (see [`LazyArticle`]): up front, only the ids.
    pub fn decode_lazy<R: RawJson>(document: &R, platform: Rc<dyn Platform>) -> Result<Feed, FeedError> {
        let (mut feed, items, context) = match read_envelope(document, &*platform)? {
            Envelope::Done(feed) => return Ok(feed),
            Envelope::JsonFeed { feed, items, context } => (feed, items, Rc::new(context)),
        };
        let mut items = items.into_iter().map(|item| {
            let ItemId { id, tags } = item.decode().ok_or_else(|| not_an_object("the item is not a JSON object"))?;
            let id = checked_id::<R>(id)?;
            let (platform, context, article_id) = (platform.clone(), context.clone(), id.clone());
            let read = move || {
                let wire = item.decode().unwrap_or_default();
                article_from_wire(article_id, wire, &*platform, &context)
            };
            Ok((id, Pending::Later(read_tags(tags), Box::new(read))))
        });
        (feed.articles, feed.skipped) = collect_articles(&mut items);
        Ok(feed)
    }
}

/// A byte-order mark is not JSON, but browsers' `response.text()` drops it,
/// so a feed that starts with one must read the same everywhere.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn parse_version(version: &str) -> Option<JsonFeedVersion> {
    let number = version
        .strip_prefix("https://jsonfeed.org/version/")
        .or_else(|| version.strip_prefix("http://jsonfeed.org/version/"))?;
    match number.trim_end_matches('/') {
        "1" => Some(JsonFeedVersion::V1_0),
        "1.1" => Some(JsonFeedVersion::V1_1),
        _ => None,
    }
}

/// What the feed's items share: the feed's own disclaimer and language.
#[derive(Default)]
pub(crate) struct ItemContext {
    pub disclaimer: Option<String>,
    pub language: Option<String>,
}

/// A document read up to its items.
enum Envelope<R> {
    /// A document read whole already (WordPress posts).
    Done(Feed),
    /// A JSON Feed: everything but its articles, the items, and what they share.
    JsonFeed { feed: Feed, items: Vec<R>, context: ItemContext },
}

fn read_envelope<R: RawJson>(document: &R, platform: &dyn Platform) -> Result<Envelope<R>, FeedError> {
    let not_an_object = || FeedError::NotAFeed(NotAFeed::Malformed("the document is not a JSON object".into()));
    let Some(wire) = document.decode::<WireFeed<R>>() else {
        // An array may be WordPress posts.
        let posts = document.decode::<Vec<R>>().ok_or_else(not_an_object)?;
        return super::wordpress::read(posts, platform).map(Envelope::Done).ok_or_else(not_an_object);
    };
    let version = match wire.version.ok() {
        // Without a version it may still be one WordPress post.
        None => {
            return super::wordpress::read(vec![document.clone()], platform)
                .map(Envelope::Done)
                .ok_or(FeedError::NotAFeed(NotAFeed::MissingVersion))
        }
        Some(v) => parse_version(&v).ok_or(FeedError::NotAFeed(NotAFeed::UnknownVersion(v)))?,
    };
    let items = wire.items.ok().ok_or(FeedError::NotAFeed(NotAFeed::MissingItems))?;
    let link = |raw: Lenient<String>| link(raw.ok(), platform);
    let (disclaimer, template, tag_template, tag) = match wire.extension.ok() {
        Some(extension) => (
            non_empty(extension.disclaimer.ok()),
            non_empty(extension.item_url_template.ok()),
            non_empty(extension.tag_feed_template.ok()),
            non_empty(extension.tag.ok()),
        ),
        None => (None, None, None, None),
    };
    // A template is a URL with its slot in it; braces would not survive
    // resolution, so the slot is a word while it is resolved.
    let template_link = |template: Option<String>, braces: &str, slot: &str| {
        template
            .filter(|template| contains(template, braces))
            .and_then(|template| link(Lenient::Is(replace(&template, braces, slot))))
            .filter(|template| contains(template, slot))
    };
    let item_url_template = template_link(template, "{id}", ID_SLOT);
    let tag_feed_template = template_link(tag_template, "{tag}", TAG_SLOT);
    let language = non_empty(wire.language.ok());
    let feed = Feed {
        format: Format::JsonFeed(version),
        title: non_empty(wire.title.ok()),
        home_page_url: link(wire.home_page_url),
        feed_url: link(wire.feed_url),
        language: language.clone(),
        next_url: link(wire.next_url),
        disclaimer: disclaimer.clone(),
        item_url_template,
        tag_feed_template,
        tag,
        articles: Vec::new(),
        skipped: Vec::new(),
    };
    Ok(Envelope::JsonFeed { feed, items, context: ItemContext { disclaimer, language } })
}

fn not_an_object(what: &str) -> SkipReason {
    SkipReason::Malformed(what.into())
}

/// A link resolved against the feed's URL; `None` unless `http(s)`.
fn link(raw: Option<String>, platform: &dyn Platform) -> Option<String> {
    raw.and_then(|raw| resolve_checked(&raw, &|r| platform.resolve(r, None)))
}

/// The articles of wire items read now, each `None` for an item that is not
/// a JSON object (skipped as malformed, `not_an_object` says why).
pub(crate) fn read_now<R: RawJson>(
    items: impl Iterator<Item = Option<WireItem>>,
    platform: &dyn Platform,
    context: &ItemContext,
    not_an_object_item: &str,
) -> (Vec<Rc<LazyArticle>>, Vec<SkippedItem>) {
    let mut items = items.map(|item| {
        let mut item = item.ok_or_else(|| not_an_object(not_an_object_item))?;
        let id = checked_id::<R>(std::mem::take(&mut item.id))?;
        Ok((id.clone(), Pending::Ready(Box::new(article_from_wire(id, item, platform, context)))))
    });
    collect_articles(&mut items)
}

/// An item's article: read already, or to be read when first looked at.
enum Pending {
    Ready(Box<Article>),
    /// The tags, and how to read the rest.
    Later(Vec<String>, Box<dyn FnOnce() -> Article>),
}

/// Keeps the items that have a usable id, skipping (with reasons) the
/// unusable and the duplicates.
fn collect_articles(
    items: &mut dyn Iterator<Item = Result<(String, Pending), SkipReason>>,
) -> (Vec<Rc<LazyArticle>>, Vec<SkippedItem>) {
    let mut articles = Vec::new();
    let mut skipped = Vec::new();
    let mut seen_ids = HashSet::new();
    for (index, item) in items.enumerate() {
        let article = item.and_then(|(id, pending)| {
            if !seen_ids.insert(id.clone()) {
                return Err(SkipReason::DuplicateId(id));
            }
            Ok(match pending {
                Pending::Ready(article) => LazyArticle::ready(*article),
                Pending::Later(tags, read) => LazyArticle::later(id, tags, read),
            })
        });
        match article {
            Ok(article) => articles.push(Rc::new(article)),
            Err(reason) => skipped.push(SkippedItem { index, reason }),
        }
    }
    (articles, skipped)
}

/// The id an item can be linked by, or why it has none.
fn checked_id<R: RawJson>(id: WireId) -> Result<String, SkipReason> {
    let id = match id {
        WireId::Missing => return Err(SkipReason::MissingId),
        WireId::Invalid => return Err(SkipReason::InvalidId),
        WireId::Text(id) => id,
        WireId::Number(number) => R::number_text(number),
    };
    if id.trim().is_empty() {
        Err(SkipReason::MissingId)
    } else if id == "." || id == ".." {
        // A path segment of "." or ".." cannot name an article in a URL.
        Err(SkipReason::InvalidId)
    } else {
        Ok(id)
    }
}

fn article_from_wire(id: String, item: WireItem, platform: &dyn Platform, context: &ItemContext) -> Article {
    let link = |raw: Lenient<String>| link(raw.ok(), platform);
    let url = link(item.url);
    // HTML is richer than the plain-text alternative, when it can be made safe.
    let body = match (non_empty(item.content_html.ok()), non_empty(item.content_text.ok())) {
        (Some(html), text) => match super::guarded_html_to_blocks(platform, &html, url.as_deref()) {
            Some(Converted::Blocks(blocks)) => Body::Blocks(blocks),
            Some(Converted::PlainText(blocks)) => Body::Simplified(blocks),
            None => text.map_or(Body::Html(html), |text| Body::Paragraphs(paragraphs(&text))),
        },
        (None, Some(text)) => Body::Paragraphs(paragraphs(&text)),
        (None, None) => Body::Empty,
    };
    // An unreadable date is dropped rather than costing the reader the article.
    let timestamp = |raw: Lenient<String>| raw.ok().and_then(|raw| Timestamp::parse(&raw).ok());
    let (source, own_disclaimer) = match item.extension.ok() {
        Some(ext) => (ext.source.ok(), non_empty(ext.disclaimer.ok())),
        None => (None, None),
    };
    Article {
        id,
        url,
        title: non_empty(item.title.ok()),
        summary: non_empty(item.summary.ok()),
        body,
        image: link(item.image),
        published: timestamp(item.date_published),
        modified: timestamp(item.date_modified),
        authors: authors(item.authors, item.author, platform),
        tags: read_tags(item.tags),
        language: non_empty(item.language.ok()).or_else(|| context.language.clone()),
        source: source
            .and_then(|WireSource { name, url }| Some(Source { name: non_empty(name.ok())?, url: link(url) })),
        disclaimer: own_disclaimer.or_else(|| context.disclaimer.clone()),
    }
}

/// An item's tags, trimmed, the blank ones dropped.
fn read_tags(tags: Lenient<Each<String>>) -> Vec<String> {
    tags.ok().map_or_else(Vec::new, |Each(tags)| tags.into_iter().filter_map(|t| non_empty(Some(t))).collect())
}

/// JSON Feed 1.1's `authors`, else 1.0's singular `author`; an author with
/// neither a name nor a link is dropped.
fn authors(authors: Lenient<Each<WireAuthor>>, author: Lenient<WireAuthor>, platform: &dyn Platform) -> Vec<Author> {
    let authors = match (authors, author) {
        (Lenient::Is(Each(authors)), _) => authors,
        (_, Lenient::Is(author)) => vec![author],
        _ => Vec::new(),
    };
    authors
        .into_iter()
        .map(|WireAuthor { name, url }| Author { name: non_empty(name.ok()), url: link(url.ok(), platform) })
        .filter(|author| author.name.is_some() || author.url.is_some())
        .collect()
}

/// Trims and treats blank strings as absent.
pub(crate) fn non_empty(value: Option<String>) -> Option<String> {
    let value = value?;
    let trimmed = value.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == value.len() {
        Some(value)
    } else {
        Some(trimmed.to_owned())
    }
}
