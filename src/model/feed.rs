//! The feed as the app sees it: plain data. `read.rs` makes it from a
//! parsed document.

use std::cell::{Cell, OnceCell};
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use super::blocks::Block;
use super::error::SkippedItem;
use super::strings::{contains, excerpt, replace, GraphemeCut};
use super::time::Timestamp;
use super::url::percent_encode;

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
    /// `_article.tag_feed_template`, resolved, with [`TAG_SLOT`] for the
    /// tag's slug.
    pub tag_feed_template: Option<String>,
    /// `_article.tag`: this feed is that tag's own.
    pub tag: Option<String>,
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
    /// The article's tags, read with its id (a tag filter needs no more).
    pub tags: Vec<String>,
    article: OnceCell<Article>,
    read: Cell<Option<Box<dyn FnOnce() -> Article>>>,
}

impl LazyArticle {
    /// An article already read.
    pub fn ready(article: Article) -> LazyArticle {
        LazyArticle {
            id: article.id.clone(),
            tags: article.tags.clone(),
            article: OnceCell::from(article),
            read: Cell::new(None),
        }
    }

    /// An article `read` will make when first looked at.
    pub fn later(id: String, tags: Vec<String>, read: impl FnOnce() -> Article + 'static) -> LazyArticle {
        LazyArticle { id, tags, article: OnceCell::new(), read: Cell::new(Some(Box::new(read))) }
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
pub(super) const ID_SLOT: &str = "article-widget-id-slot";

/// Stands for the tag's slug in a resolved `tag_feed_template`.
pub(super) const TAG_SLOT: &str = "article-widget-tag-slot";

/// How long a card's excerpt of the body is, in characters.
const EXCERPT_CHARS: usize = 80;

impl Feed {
    /// This feed followed by its next page (`next_url`): the page's articles
    /// that are not already here, and the page's own `next_url`.
    pub fn with_next_page(&self, page: Feed) -> Feed {
        // `String` keys, as the reader's own set has: one hashed-set type in
        // the wasm instead of two (ARCHITECTURE.md, Size).
        let known: HashSet<String> = self.articles.iter().map(|article| article.id.clone()).collect();
        let mut articles = self.articles.clone();
        articles.extend(page.articles.into_iter().filter(|article| !known.contains(&article.id)));
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
    /// just that item), when the feed says where such documents are. Not for
    /// `.` or `..`, which a URL would read as a step up the path, not an id.
    pub fn item_url(&self, id: &str) -> Option<String> {
        if matches!(id, "." | "..") {
            return None;
        }
        Some(replace(self.item_url_template.as_ref()?, ID_SLOT, &percent_encode(id)))
    }

    /// The URL of the paged feed of the tag whose slug is `slug`
    /// ([`super::tag_slug`]), when the feed says where such feeds are.
    pub fn tag_feed_url(&self, slug: &str) -> Option<String> {
        // No slug is `.` or `..`, but a route may ask for one (`#/tags/..`).
        if matches!(slug, "." | "..") {
            return None;
        }
        Some(replace(self.tag_feed_template.as_ref()?, TAG_SLOT, &percent_encode(slug)))
    }

    /// This feed with only the articles `keep` accepts.
    pub fn filtered(mut self, keep: &dyn Fn(&LazyArticle) -> bool) -> Feed {
        self.articles.retain(|article| keep(article));
        self
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
