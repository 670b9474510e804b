use std::cell::{Cell, OnceCell};
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use super::blocks::Block;
use super::error::{FeedError, NotAFeed, SkipReason, SkippedItem};
use super::html_scan::Converted;
use super::json::{Json, JsonKind};
use super::strings::{contains, excerpt, paragraphs, replace, GraphemeCut};
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
    pub articles: Vec<Rc<LazyArticle>>,
    pub skipped: Vec<SkippedItem>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
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

/// An article of a feed, read from its document when first looked at: a
/// long feed costs its ids up front, and each article's links, dates and
/// body only when a card or a page shows it. Reads as the [`Article`] it
/// stands for (`article.title`); only `id` is there from the start.
pub struct LazyArticle {
    pub id: String,
    article: OnceCell<Article>,
    read: Cell<Option<Box<dyn FnOnce() -> Article>>>,
}

impl LazyArticle {
    /// An article already read.
    pub fn ready(article: Article) -> LazyArticle {
        LazyArticle { id: article.id.clone(), article: OnceCell::from(article), read: Cell::new(None) }
    }

    /// An article `read` will make when first looked at.
    pub fn later(id: String, read: impl FnOnce() -> Article + 'static) -> LazyArticle {
        LazyArticle { id, article: OnceCell::new(), read: Cell::new(Some(Box::new(read))) }
    }

    /// Whether the article has been read from its document yet.
    pub fn is_read(&self) -> bool {
        self.article.get().is_some()
    }
}

impl Deref for LazyArticle {
    type Target = Article;

    fn deref(&self) -> &Article {
        self.article.get_or_init(|| match self.read.take() {
            Some(read) => read(),
            None => Article { id: self.id.clone(), ..Article::default() },
        })
    }
}

/// The same article, or two read and equal. Comparing two feeds (a refresh
/// with the one on screen) must not read every article of both.
impl PartialEq for LazyArticle {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other) || (self.id == other.id && self.is_read() && other.is_read() && **self == **other)
    }
}

impl Eq for LazyArticle {}

impl fmt::Debug for LazyArticle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.article.get() {
            Some(article) => article.fmt(f),
            None => write!(f, "LazyArticle({:?}, not read yet)", self.id),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Body {
    /// `content_text`, one string per paragraph.
    Paragraphs(Vec<String>),
    /// `content_html`, converted to safe blocks.
    Blocks(Vec<Block>),
    /// `content_html` too complex to parse as markup (see
    /// [`super::scan`]): its text, paragraphs of text alone, shown with a
    /// notice saying so.
    Simplified(Vec<Block>),
    /// `content_html` where no HTML parser was at hand: never rendered.
    Html(String),
    #[default]
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
        let (mut feed, items, context) = match read_envelope(document, platform)? {
            Envelope::Done(feed) => return Ok(feed),
            Envelope::JsonFeed { feed, items, context } => (feed, items, context),
        };
        let link = |raw: Option<String>| raw.and_then(|raw| resolve_checked(&raw, &|r| platform.resolve(r, None)));
        let mut items = items.iter().map(|item| {
            let wire = WireItem::read(item).ok_or_else(not_an_object_item)?;
            let id = checked_id(&wire.id)?;
            let article = article_from_wire(id.clone(), wire, &link, platform, &context);
            Ok((id, Pending::Ready(Box::new(article))))
        });
        (feed.articles, feed.skipped) = collect_articles(&mut items);
        Ok(feed)
    }

    /// [`Feed::from_document`], reading each article only when it is first
    /// looked at (see [`LazyArticle`]): up front, only the ids.
    pub fn from_document_lazy<J: Json + 'static>(document: &J, platform: Rc<dyn Platform>) -> Result<Feed, FeedError> {
        let (mut feed, items, context) = match read_envelope(document, &*platform)? {
            Envelope::Done(feed) => return Ok(feed),
            Envelope::JsonFeed { feed, items, context } => (feed, items, Rc::new(context)),
        };
        let mut items = items.into_iter().map(|item| {
            if item.kind() != JsonKind::Object {
                return Err(not_an_object_item());
            }
            let id = checked_id(&WireId::read(&item))?;
            let (platform, context, article_id) = (platform.clone(), context.clone(), id.clone());
            let read = move || {
                let link =
                    |raw: Option<String>| raw.and_then(|raw| resolve_checked(&raw, &|r| platform.resolve(r, None)));
                let wire = WireItem::read(&item).unwrap_or_default();
                article_from_wire(article_id, wire, &link, &*platform, &context)
            };
            Ok((id, Pending::Later(Box::new(read))))
        });
        (feed.articles, feed.skipped) = collect_articles(&mut items);
        Ok(feed)
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

    pub fn article(&self, id: &str) -> Option<&Rc<LazyArticle>> {
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
            Body::Blocks(blocks) | Body::Simplified(blocks) => {
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

/// What the feed's items share: the feed's own disclaimer and language.
pub(super) struct ItemContext {
    pub disclaimer: Option<String>,
    pub language: Option<String>,
}

/// A document read up to its items.
enum Envelope<J> {
    /// A document read whole already (WordPress posts).
    Done(Feed),
    /// A JSON Feed: everything but its articles, the items, and what they share.
    JsonFeed { feed: Feed, items: Vec<J>, context: ItemContext },
}

fn read_envelope<J: Json>(document: &J, platform: &dyn Platform) -> Result<Envelope<J>, FeedError> {
    let not_an_object = || FeedError::NotAFeed(NotAFeed::Malformed("the document is not a JSON object".into()));
    match document.kind() {
        JsonKind::Object => {}
        // An array may be WordPress posts.
        JsonKind::Array => {
            return super::wordpress::read(document, platform).map(Envelope::Done).ok_or_else(not_an_object)
        }
        JsonKind::Null | JsonKind::Bool | JsonKind::Number | JsonKind::String => return Err(not_an_object()),
    }
    let wire = WireFeed::read(document);
    let version = match wire.version.as_deref() {
        // Without a version it may still be one WordPress post.
        None => {
            return super::wordpress::read(document, platform)
                .map(Envelope::Done)
                .ok_or(FeedError::NotAFeed(NotAFeed::MissingVersion))
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
    let feed = Feed {
        format: Format::JsonFeed(version),
        title: non_empty(wire.title),
        home_page_url: link(wire.home_page_url),
        feed_url: link(wire.feed_url),
        language: language.clone(),
        next_url: link(wire.next_url),
        disclaimer: disclaimer.clone(),
        item_url_template,
        articles: Vec::new(),
        skipped: Vec::new(),
    };
    Ok(Envelope::JsonFeed { feed, items, context: ItemContext { disclaimer, language } })
}

fn not_an_object_item() -> SkipReason {
    SkipReason::Malformed("the item is not a JSON object".into())
}

/// An item's article: read already, or to be read when first looked at.
pub(super) enum Pending {
    Ready(Box<Article>),
    Later(Box<dyn FnOnce() -> Article>),
}

/// Keeps the items that have a usable id, skipping (with reasons) the
/// unusable and the duplicates.
pub(super) fn collect_articles(
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
                Pending::Later(read) => LazyArticle::later(id, read),
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
pub(super) fn checked_id(id: &WireId) -> Result<String, SkipReason> {
    match id {
        WireId::Missing => Err(SkipReason::MissingId),
        WireId::Text(id) if id.trim().is_empty() => Err(SkipReason::MissingId),
        // A path segment of "." or ".." cannot name an article in a URL.
        WireId::Text(id) if id == "." || id == ".." => Err(SkipReason::InvalidId),
        WireId::Text(id) => Ok(id.clone()),
        WireId::Invalid => Err(SkipReason::InvalidId),
    }
}

pub(super) fn article_from_wire(
    id: String,
    item: WireItem,
    link: &dyn Fn(Option<String>) -> Option<String>,
    platform: &dyn Platform,
    context: &ItemContext,
) -> Article {
    let url = link(item.url);
    // HTML is richer than the plain-text alternative, when it can be made safe.
    let body = match (non_empty(item.content_html), non_empty(item.content_text)) {
        (Some(html), text) => match super::guarded_html_to_blocks(platform, &html, url.as_deref()) {
            Some(Converted::Blocks(blocks)) => Body::Blocks(blocks),
            Some(Converted::PlainText(blocks)) => Body::Simplified(blocks),
            None => text.map_or(Body::Html(html), |text| Body::Paragraphs(paragraphs(&text))),
        },
        (None, Some(text)) => Body::Paragraphs(paragraphs(&text)),
        (None, None) => Body::Empty,
    };
    // An unreadable date is dropped rather than costing the reader the article.
    let timestamp = |raw: Option<String>| raw.and_then(|raw| Timestamp::parse(&raw).ok());
    let (source, own_disclaimer) = match item.extension {
        Some(ext) => (ext.source, non_empty(ext.disclaimer)),
        None => (None, None),
    };
    Article {
        id,
        url,
        title: non_empty(item.title),
        summary: non_empty(item.summary),
        body,
        image: link(item.image),
        published: timestamp(item.date_published),
        modified: timestamp(item.date_modified),
        authors: item
            .authors
            .into_iter()
            .map(|WireAuthor { name, url }| Author { name: non_empty(name), url: link(url) })
            .filter(|author| author.name.is_some() || author.url.is_some())
            .collect(),
        tags: item.tags.into_iter().filter_map(|tag| non_empty(Some(tag))).collect(),
        language: non_empty(item.language).or_else(|| context.language.clone()),
        source: source.and_then(|WireSource { name, url }| Some(Source { name: non_empty(name)?, url: link(url) })),
        disclaimer: own_disclaimer.or_else(|| context.disclaimer.clone()),
    }
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
