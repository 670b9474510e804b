//! WordPress REST posts (`/wp-json/wp/v2/posts`, with or without `_embed`,
//! or one post), read into the same model as JSON Feed: each post becomes a
//! JSON Feed wire item, so its HTML goes through the same safe conversion.

use serde::Deserialize;

use super::blocks::first_text;
use super::feed::{Feed, Format, Platform};
use super::read::{non_empty, read_now, ItemContext};
use super::time::Timestamp;
use super::wire::{Each, Lenient, RawJson, WireAuthor, WireId, WireItem};

/// A post as the REST API sends it: the fields read, by the same lenient
/// rules as a JSON Feed item.
#[derive(Deserialize)]
struct WirePost {
    #[serde(default)]
    id: WireId,
    #[serde(default)]
    link: Lenient<String>,
    #[serde(default)]
    title: Lenient<Rendered>,
    #[serde(default)]
    excerpt: Lenient<Rendered>,
    #[serde(default)]
    content: Lenient<Rendered>,
    #[serde(default)]
    date: Lenient<String>,
    #[serde(default)]
    date_gmt: Lenient<String>,
    #[serde(default)]
    modified: Lenient<String>,
    #[serde(default)]
    modified_gmt: Lenient<String>,
    /// What `?_embed` adds.
    #[serde(default, rename = "_embedded")]
    embedded: Lenient<Embedded>,
}

/// `{"rendered": "<p>…</p>"}`, how titles, excerpts and content come.
#[derive(Deserialize)]
struct Rendered {
    /// Present, of any type, in what looks like a post.
    #[serde(default)]
    rendered: Lenient<String>,
}

#[derive(Deserialize)]
struct Embedded {
    #[serde(default)]
    author: Lenient<Each<EmbeddedAuthor>>,
    #[serde(default, rename = "wp:featuredmedia")]
    media: Lenient<Vec<Lenient<Media>>>,
}

#[derive(Deserialize)]
struct EmbeddedAuthor {
    #[serde(default)]
    name: Lenient<String>,
    #[serde(default)]
    link: Lenient<String>,
}

#[derive(Deserialize)]
struct Media {
    #[serde(default)]
    source_url: Lenient<String>,
}

/// Reads `posts` (a list, or the one post a document was) as WordPress
/// posts. `None` when not a single thing in them looks like a post.
pub(super) fn read<R: RawJson>(posts: Vec<R>, platform: &dyn Platform) -> Option<Feed> {
    let posts: Vec<Option<WirePost>> = posts.iter().map(R::decode).collect();
    if !posts.is_empty() && !posts.iter().flatten().any(WirePost::looks_like_post) {
        return None;
    }
    let items = posts.into_iter().map(|post| Some(wire_item(post?, platform)));
    let (articles, skipped) = read_now::<R>(items, platform, &ItemContext::default(), "the post is not a JSON object");
    Some(Feed {
        format: Format::WordPress,
        title: None,
        home_page_url: None,
        feed_url: None,
        language: None,
        next_url: None,
        disclaimer: None,
        item_url_template: None,
        tag_feed_template: None,
        tag: None,
        articles,
        skipped,
    })
}

impl WirePost {
    /// A `content` (else a `title`) with something `rendered` in it.
    fn looks_like_post(&self) -> bool {
        let field = match (&self.content, &self.title) {
            (Lenient::Absent, title) => title,
            (content, _) => content,
        };
        field.as_ref().is_some_and(|field| !matches!(field.rendered, Lenient::Absent))
    }
}

fn wire_item(post: WirePost, platform: &dyn Platform) -> WireItem {
    let rendered = |field: Lenient<Rendered>| field.ok().and_then(|field| field.rendered.ok());
    // Titles and excerpts are HTML too; a card wants their text.
    let text = |field: Lenient<Rendered>| {
        let html = non_empty(rendered(field))?;
        match super::guarded_html_to_blocks(platform, &html, None) {
            Some(converted) => first_text(&converted.into_blocks()),
            None => Some(html),
        }
    };
    let (authors, media) = match post.embedded.ok() {
        Some(Embedded { author, media }) => (author.ok(), media.ok()),
        None => (None, None),
    };
    let authors = authors.map_or_else(Vec::new, |Each(authors)| {
        authors.into_iter().map(|author| WireAuthor { name: author.name, url: author.link }).collect()
    });
    let image = media.and_then(|media| media.into_iter().next()?.ok()?.source_url.ok());
    let date = |local: Lenient<String>, utc: Lenient<String>| with_offset(local.ok().as_deref(), utc.ok().as_deref());
    WireItem {
        id: post.id,
        url: post.link,
        title: text(post.title).into(),
        summary: text(post.excerpt).into(),
        content_html: rendered(post.content).into(),
        image: image.into(),
        date_published: date(post.date, post.date_gmt).into(),
        date_modified: date(post.modified, post.modified_gmt).into(),
        authors: Lenient::Is(Each(authors)),
        ..WireItem::default()
    }
}

/// WordPress gives a site-local time without an offset (`date`) and the same
/// moment in UTC (`date_gmt`); together they are the RFC 3339 time with the
/// publisher's offset: `2024-01-24T19:41:00` and `…T11:41:00` make
/// `2024-01-24T19:41:00+08:00`.
fn with_offset(local: Option<&str>, utc: Option<&str>) -> Option<String> {
    let as_utc = |naive: &str| Timestamp::parse(&format!("{}Z", naive.trim())).ok();
    match (local.and_then(as_utc), utc.and_then(as_utc)) {
        (Some(local_time), Some(utc_time)) => {
            let minutes = (local_time.unix_seconds() - utc_time.unix_seconds()) / 60;
            if minutes.abs() > 18 * 60 {
                return Some(format!("{}Z", utc?.trim()));
            }
            let sign = if minutes < 0 { '-' } else { '+' };
            let minutes = minutes.abs();
            Some(format!("{}{sign}{:02}:{:02}", local?.trim(), minutes / 60, minutes % 60))
        }
        (None, Some(_)) => Some(format!("{}Z", utc?.trim())),
        _ => None,
    }
}
