use std::collections::HashSet;
use std::rc::Rc;

use super::blocks::Block;
use super::error::{FeedError, NotAFeed, SkipReason, SkippedItem};
use super::json::{Json, JsonKind};
use super::text::{contains, excerpt, paragraphs, replace, GraphemeCut};
use super::time::Timestamp;
use super::url::{percent_encode, resolve_checked};
use super::wire::{WireAuthor, WireFeed, WireId, WireItem, WireSource};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonFeedVersion {
    V1_0,
    V1_1,
}

/// What the document was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    JsonFeed(JsonFeedVersion),
    /// The WordPress REST API's posts (`/wp-json/wp/v2/posts`), a list or one post.
    WordPress,
}

/// A parsed feed. `Eq` lets `Rc<Feed>` comparisons (props, context) stop at
/// pointer equality.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    pub format: Format,
    pub title: Option<String>,
    pub home_page_url: Option<String>,
    pub feed_url: Option<String>,
    pub language: Option<String>,
    pub next_url: Option<String>,
    /// The site-wide disclaimer (`_article.disclaimer` on the feed).
    pub disclaimer: Option<String>,
    /// `_article.item_url_template`, resolved, with [`ID_SLOT`] for the id.
    pub item_url_template: Option<String>,
    pub articles: Vec<Rc<Article>>,
    pub skipped: Vec<SkippedItem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub body: Body,
    pub image: Option<String>,
    pub published: Option<Timestamp>,
    pub modified: Option<Timestamp>,
    pub authors: Vec<Author>,
    pub tags: Vec<String>,
    /// The content's language: the item's, else the feed's.
    pub language: Option<String>,
    /// The "文章来源" attribution (`_article.source`).
    pub source: Option<Source>,
    /// The item's own disclaimer, else the feed's.
    pub disclaimer: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// `content_text`, one string per paragraph.
    Paragraphs(Vec<String>),
    /// `content_html`, converted to safe blocks.
    Blocks(Vec<Block>),
    /// `content_html` where no HTML parser was at hand: never rendered.
    Html(String),
    Empty,
}

/// What parsing needs from where it runs: URL resolution and an HTML parser
/// (the browser's in the wasm, native crates elsewhere).
pub trait Platform {
    /// Resolves `reference` against `base`, or without one against the
    /// feed's own URL. `None` when it cannot be resolved.
    fn resolve(&self, reference: &str, base: Option<&str>) -> Option<String>;
    /// Parses `html` and converts it to blocks, resolving its links with
    /// `base` as [`Platform::resolve`] does; `None` without an HTML parser.
    fn html_to_blocks(&self, html: &str, base: Option<&str>) -> Option<Vec<Block>>;
}

/// A platform with neither: relative links stay relative, HTML stays unrendered.
#[cfg(not(target_arch = "wasm32"))]
struct AsIs;

#[cfg(not(target_arch = "wasm32"))]
impl Platform for AsIs {
    fn resolve(&self, reference: &str, _base: Option<&str>) -> Option<String> {
        Some(reference.to_owned())
    }
    fn html_to_blocks(&self, _html: &str, _base: Option<&str>) -> Option<Vec<Block>> {
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
    fn html_to_blocks(&self, _html: &str, _base: Option<&str>) -> Option<Vec<Block>> {
        None
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Author {
    pub name: Option<String>,
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
}

/// Stands for the article id in a resolved `item_url_template` (braces would
/// not survive URL resolution).
const ID_SLOT: &str = "article-widget-id-slot";

/// How long a card's excerpt of the body is, in characters.
const EXCERPT_CHARS: usize = 80;

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
    /// links and converting HTML. The browser build parses with `JSON.parse`
    /// instead and calls [`Feed::from_document`].
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(json: &str, platform: &dyn Platform) -> Result<Feed, FeedError> {
        let document: serde_json::Value =
            serde_json::from_str(without_bom(json)).map_err(|error| FeedError::NotJson(error.to_string()))?;
        Self::from_document(&&document, platform)
    }

    /// Reads a parsed JSON document as a feed: JSON Feed, or WordPress posts.
    pub fn from_document<J: Json>(document: &J, platform: &dyn Platform) -> Result<Feed, FeedError> {
        let not_an_object = || FeedError::NotAFeed(NotAFeed::Malformed("the document is not a JSON object".into()));
        match document.kind() {
            JsonKind::Object => {}
            // An array may be WordPress posts.
            JsonKind::Array => return super::wordpress::read(document, platform).ok_or_else(not_an_object),
            JsonKind::Null | JsonKind::Bool | JsonKind::Number | JsonKind::String => return Err(not_an_object()),
        }
        let wire = WireFeed::read(document);
        let version = match wire.version.as_deref() {
            // Without a version it may still be one WordPress post.
            None => {
                return super::wordpress::read(document, platform).ok_or(FeedError::NotAFeed(NotAFeed::MissingVersion))
            }
            Some(v) => parse_version(v).ok_or_else(|| FeedError::NotAFeed(NotAFeed::UnknownVersion(v.to_owned())))?,
        };
        let items = wire.items.ok_or(FeedError::NotAFeed(NotAFeed::MissingItems))?;
        let resolve = |relative: &str| platform.resolve(relative, None);
        let link = |raw: Option<String>| raw.and_then(|raw| resolve_checked(&raw, &resolve));
        let (disclaimer, template) = match wire.extension {
            Some(extension) => (non_empty(extension.disclaimer), non_empty(extension.item_url_template)),
            None => (None, None),
        };
        let item_url_template = template
            .filter(|template| contains(template, "{id}"))
            .and_then(|template| link(Some(replace(&template, "{id}", ID_SLOT))))
            .filter(|template| contains(template, ID_SLOT));
        let language = non_empty(wire.language);

        let mut wire_items = items.iter().map(|item| {
            WireItem::read(item).ok_or_else(|| SkipReason::Malformed("the item is not a JSON object".into()))
        });
        let (articles, skipped) =
            collect_articles(&mut wire_items, &link, platform, disclaimer.as_deref(), language.as_deref());

        Ok(Feed {
            format: Format::JsonFeed(version),
            title: non_empty(wire.title),
            home_page_url: link(wire.home_page_url),
            feed_url: link(wire.feed_url),
            language,
            next_url: link(wire.next_url),
            disclaimer,
            item_url_template,
            articles,
            skipped,
        })
    }

    /// This feed followed by its next page (`next_url`): the page's articles
    /// that are not already here, and the page's own `next_url`.
    pub fn with_next_page(&self, page: Feed) -> Feed {
        let known: HashSet<&str> = self.articles.iter().map(|article| article.id.as_str()).collect();
        let mut articles = self.articles.clone();
        articles.extend(page.articles.into_iter().filter(|article| !known.contains(article.id.as_str())));
        let mut skipped = self.skipped.clone();
        skipped.extend(page.skipped);
        Feed { articles, skipped, next_url: page.next_url, ..self.clone() }
    }

    /// Sets where each article's own document is: `template` is an absolute
    /// URL with `{id}` in it (WordPress: the posts URL plus `/{id}`).
    pub fn with_item_url_template(mut self, template: &str) -> Feed {
        self.item_url_template = contains(template, "{id}").then(|| replace(template, "{id}", ID_SLOT));
        self
    }

    /// The URL of the document for article `id` alone (a JSON Feed holding
    /// just that item), when the feed says where such documents are.
    pub fn item_url(&self, id: &str) -> Option<String> {
        Some(replace(self.item_url_template.as_ref()?, ID_SLOT, &percent_encode(id)))
    }

    pub fn article(&self, id: &str) -> Option<&Rc<Article>> {
        self.articles.iter().find(|article| article.id == id)
    }
}

impl Article {
    /// What to call the article: its title, else the start of its text.
    /// JSON Feed allows untitled items (microblog posts).
    pub fn headline(&self, graphemes: GraphemeCut) -> Option<String> {
        self.title.clone().or_else(|| self.excerpt(graphemes))
    }

    /// The card's teaser: the summary, else the start of the body.
    pub fn excerpt(&self, graphemes: GraphemeCut) -> Option<String> {
        if let Some(summary) = &self.summary {
            return Some(summary.clone());
        }
        match &self.body {
            Body::Paragraphs(paragraphs) => paragraphs.first().map(|p| excerpt(p, EXCERPT_CHARS, graphemes)),
            Body::Blocks(blocks) => {
                super::blocks::first_text(blocks).map(|text| excerpt(&text, EXCERPT_CHARS, graphemes))
            }
            Body::Html(_) | Body::Empty => None,
        }
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

/// Turns wire items into articles, skipping (with reasons) the unusable and
/// the duplicates.
pub(super) fn collect_articles(
    items: &mut dyn Iterator<Item = Result<WireItem, SkipReason>>,
    link: &dyn Fn(Option<String>) -> Option<String>,
    platform: &dyn Platform,
    feed_disclaimer: Option<&str>,
    feed_language: Option<&str>,
) -> (Vec<Rc<Article>>, Vec<SkippedItem>) {
    let mut articles = Vec::new();
    let mut skipped = Vec::new();
    let mut seen_ids = HashSet::new();
    for (index, item) in items.enumerate() {
        let article = item
            .and_then(|item| article_from_wire(item, link, platform, feed_disclaimer, feed_language))
            .and_then(|article| {
                if seen_ids.insert(article.id.clone()) {
                    Ok(article)
                } else {
                    Err(SkipReason::DuplicateId(article.id))
                }
            });
        match article {
            Ok(article) => articles.push(Rc::new(article)),
            Err(reason) => skipped.push(SkippedItem { index, reason }),
        }
    }
    (articles, skipped)
}

fn article_from_wire(
    item: WireItem,
    link: &dyn Fn(Option<String>) -> Option<String>,
    platform: &dyn Platform,
    feed_disclaimer: Option<&str>,
    feed_language: Option<&str>,
) -> Result<Article, SkipReason> {
    let id = match item.id {
        WireId::Missing => return Err(SkipReason::MissingId),
        WireId::Text(id) if id.trim().is_empty() => return Err(SkipReason::MissingId),
        // A path segment of "." or ".." cannot name an article in a URL.
        WireId::Text(id) if id == "." || id == ".." => return Err(SkipReason::InvalidId),
        WireId::Text(id) => id,
        WireId::Invalid => return Err(SkipReason::InvalidId),
    };
    let url = link(item.url);
    // HTML is richer than the plain-text alternative, when it can be made safe.
    let body = match (non_empty(item.content_html), non_empty(item.content_text)) {
        (Some(html), text) => match platform.html_to_blocks(&html, url.as_deref()) {
            Some(blocks) => Body::Blocks(blocks),
            None => text.map_or(Body::Html(html), |text| Body::Paragraphs(paragraphs(&text))),
        },
        (None, Some(text)) => Body::Paragraphs(paragraphs(&text)),
        (None, None) => Body::Empty,
    };
    // An unreadable date is dropped rather than costing the reader the article.
    let timestamp = |raw: Option<String>| raw.and_then(|raw| Timestamp::parse(&raw).ok());
    let authors = item.authors;
    let extension = item.extension;
    let (source, own_disclaimer) = match extension {
        Some(ext) => (ext.source, non_empty(ext.disclaimer)),
        None => (None, None),
    };

    Ok(Article {
        id,
        url,
        title: non_empty(item.title),
        summary: non_empty(item.summary),
        body,
        image: link(item.image),
        published: timestamp(item.date_published),
        modified: timestamp(item.date_modified),
        authors: authors
            .into_iter()
            .map(|WireAuthor { name, url }| Author { name: non_empty(name), url: link(url) })
            .filter(|author| author.name.is_some() || author.url.is_some())
            .collect(),
        tags: item.tags.into_iter().filter_map(|tag| non_empty(Some(tag))).collect(),
        language: non_empty(item.language).or_else(|| feed_language.map(str::to_owned)),
        source: source.and_then(|WireSource { name, url }| Some(Source { name: non_empty(name)?, url: link(url) })),
        disclaimer: own_disclaimer.or_else(|| feed_disclaimer.map(str::to_owned)),
    })
}

/// Trims and treats blank strings as absent.
pub(super) fn non_empty(value: Option<String>) -> Option<String> {
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
