//! The JSON Feed 1.1 documents the CLI writes: feed pages and one document
//! per article, with the `_article` extension the widget reads.

use serde::Serialize;

use super::address::Address;
use super::html::blocks_to_html;
use crate::model::{Article, Block, Body, Inline};
use crate::route::Route;

/// What the feeds say about the site.
pub struct FeedSite<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: Option<&'a str>,
    pub disclaimer: Option<&'a str>,
    pub address: &'a Address,
}

/// Which list a feed page is of.
pub enum List<'a> {
    /// The site's: every article.
    Site,
    /// One tag's: `name` as it is shown, `slug` its folder ([`crate::model::tag_slug`]).
    Tag { name: &'a str, slug: &'a str },
}

#[derive(Serialize)]
struct Envelope<'a> {
    version: &'static str,
    title: String,
    home_page_url: String,
    feed_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_url: Option<String>,
    #[serde(rename = "_article")]
    extension: FeedExtension<'a>,
}

#[derive(Serialize)]
struct FeedExtension<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    disclaimer: Option<&'a str>,
    item_url_template: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tag_feed_template: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tag: Option<&'a str>,
}

/// A JSON Feed document whose `items` are `items` (each already JSON): a
/// page of `list` at `feed_url`, or (without a list) an article's own
/// document. Feed pages say where each tag's feed is.
pub fn document(
    site: &FeedSite,
    feed_url: String,
    next_url: Option<String>,
    list: Option<&List>,
    items: &[&str],
) -> String {
    let (title, home, tag) = match list {
        Some(List::Tag { name, slug }) => {
            (format!("{} · {name}", site.title), Route::Tag { slug: (*slug).to_owned() }, Some(*name))
        }
        _ => (site.title.to_owned(), Route::Home, None),
    };
    let tag_feed_template =
        list.map(|_| site.address.file(&Address::tag_feed_path("{tag}")).replace("%7Btag%7D", "{tag}"));
    let envelope = Envelope {
        version: "https://jsonfeed.org/version/1.1",
        title,
        home_page_url: site.address.page(&home),
        feed_url,
        description: site.description,
        language: site.language,
        next_url,
        extension: FeedExtension {
            disclaimer: site.disclaimer,
            item_url_template: site.address.file(&Address::item_path("{id}")).replace("%7Bid%7D", "{id}"),
            tag_feed_template,
            tag,
        },
    };
    let mut json = serde_json::to_string(&envelope).expect("the envelope serializes");
    json.pop();
    json.push_str(",\"items\":[");
    json.push_str(&items.join(","));
    json.push_str("]}");
    json
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(rename = "_article", skip_serializing_if = "Option::is_none")]
    extension: Option<ItemExtension<'a>>,
}

#[derive(Serialize)]
struct Author<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct ItemExtension<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Source<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disclaimer: Option<&'a str>,
}

#[derive(Serialize)]
struct Source<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// Whether an item carries its body; an item too large for a feed page
/// goes into the pages without it (its own document keeps it).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum WithBody {
    Yes,
    No,
}

/// One article as a JSON Feed item. `external_url` is where the article was
/// first published, when that is elsewhere. Fields equal to the feed's own
/// (language, disclaimer) are left to the feed.
pub fn item(site: &FeedSite, article: &Article, external_url: Option<&str>, body: WithBody) -> String {
    let (content_html, content_text) = match (&article.body, body) {
        (_, WithBody::No) | (Body::Empty, _) | (Body::Html(_), _) => (None, None),
        (Body::Blocks(blocks) | Body::Simplified(blocks), WithBody::Yes) => match plain_paragraphs(blocks) {
            Some(text) => (None, Some(text)),
            None => (Some(blocks_to_html(blocks)), None),
        },
        (Body::Paragraphs(paragraphs), WithBody::Yes) => (None, Some(paragraphs.join("\n"))),
    };
    let source = article.source.as_ref().map(|source| Source { name: &source.name, url: source.url.as_deref() });
    let disclaimer = article.disclaimer.as_deref().filter(|disclaimer| Some(*disclaimer) != site.disclaimer);
    let item = Item {
        id: &article.id,
        url: site.address.page(&Route::Article { id: article.id.clone() }),
        external_url,
        title: article.title.as_deref(),
        summary: article.summary.as_deref(),
        content_html,
        content_text,
        image: article.image.as_deref(),
        date_published: article.published.as_ref().map(|t| t.rfc3339()),
        date_modified: article.modified.as_ref().map(|t| t.rfc3339()),
        authors: article
            .authors
            .iter()
            .map(|author| Author { name: author.name.as_deref(), url: author.url.as_deref() })
            .collect(),
        tags: &article.tags,
        language: article.language.as_deref().filter(|language| Some(*language) != site.language),
        extension: (source.is_some() || disclaimer.is_some()).then_some(ItemExtension { source, disclaimer }),
    };
    serde_json::to_string(&item).expect("an item serializes")
}

/// Content that is nothing but paragraphs of plain text goes out as
/// `content_text`, a paragraph a line: smaller, and read back the same.
fn plain_paragraphs(blocks: &[Block]) -> Option<String> {
    let mut lines = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Paragraph(content) => match content.as_slice() {
                [Inline::Text(text)] if !text.contains(['\n', '\r', '\u{2028}', '\u{2029}']) => {
                    lines.push(text.as_str())
                }
                _ => return None,
            },
            _ => return None,
        }
    }
    Some(lines.join("\n"))
}

/// `article` with every link as it is written out (root-relative when the
/// site has no `--site-url`), so that its feeds and its pages agree.
pub fn publish_links(mut article: Article, address: &Address) -> Article {
    let publish = |url: &mut Option<String>| {
        if let Some(url) = url {
            *url = address.publish(url);
        }
    };
    publish(&mut article.url);
    publish(&mut article.image);
    for author in &mut article.authors {
        publish(&mut author.url);
    }
    if let Some(source) = &mut article.source {
        publish(&mut source.url);
    }
    if let Body::Blocks(blocks) = &mut article.body {
        blocks.iter_mut().for_each(|block| publish_block(block, address));
    }
    article
}

fn publish_block(block: &mut Block, address: &Address) {
    match block {
        Block::Paragraph(content) | Block::Heading { content, .. } => publish_inlines(content, address),
        Block::List { items, .. } => items.iter_mut().for_each(|item| publish_inlines(item, address)),
        Block::Quote(inner) => inner.iter_mut().for_each(|block| publish_block(block, address)),
        Block::Figure { image, caption } => {
            image.src = address.publish(&image.src);
            publish_inlines(caption, address);
        }
        Block::Preformatted(_) | Block::Rule => {}
    }
}

fn publish_inlines(content: &mut [Inline], address: &Address) {
    for inline in content {
        match inline {
            Inline::Link { href, content } => {
                *href = address.publish(href);
                publish_inlines(content, address);
            }
            Inline::Emphasis(content) | Inline::Strong(content) => publish_inlines(content, address),
            Inline::Text(_) | Inline::Code(_) | Inline::Break => {}
        }
    }
}
