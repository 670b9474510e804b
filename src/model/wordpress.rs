//! WordPress REST posts (`/wp-json/wp/v2/posts`, with or without `_embed`,
//! or one post), read into the same model as JSON Feed: each post becomes a
//! JSON Feed wire item, so its HTML goes through the same safe conversion.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::blocks::first_text;
use super::feed::{collect_articles, non_empty, Feed, Format, Platform};
use super::time::Timestamp;
use super::url::resolve_checked;
use super::wire::{WireAuthor, WireItem};

fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(deserializer: D) -> Result<Option<T>, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(deserializer)?).ok())
}

#[derive(Deserialize)]
struct Post {
    id: Option<Value>,
    #[serde(default, deserialize_with = "lenient")]
    date: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    date_gmt: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    modified: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    modified_gmt: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    link: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    title: Option<Rendered>,
    #[serde(default, deserialize_with = "lenient")]
    content: Option<Rendered>,
    #[serde(default, deserialize_with = "lenient")]
    excerpt: Option<Rendered>,
    #[serde(default, rename = "_embedded", deserialize_with = "lenient")]
    embedded: Option<Embedded>,
}

#[derive(Deserialize)]
struct Rendered {
    #[serde(default, deserialize_with = "lenient")]
    rendered: Option<String>,
}

#[derive(Deserialize)]
struct Embedded {
    #[serde(default, deserialize_with = "lenient")]
    author: Option<Vec<EmbeddedAuthor>>,
    #[serde(default, rename = "wp:featuredmedia", deserialize_with = "lenient")]
    featured_media: Option<Vec<Media>>,
}

#[derive(Deserialize)]
struct EmbeddedAuthor {
    #[serde(default, deserialize_with = "lenient")]
    name: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    link: Option<String>,
}

#[derive(Deserialize)]
struct Media {
    #[serde(default, deserialize_with = "lenient")]
    source_url: Option<String>,
}

/// Reads `json` as WordPress posts: a list of posts, or one post. `None` when
/// it is neither (not a single thing in it looks like a post).
pub(super) fn parse(json: &str, platform: &dyn Platform) -> Option<Feed> {
    let value: Value = serde_json::from_str(json).ok()?;
    let posts = match value {
        Value::Array(posts) => posts,
        post @ Value::Object(_) => vec![post],
        _ => return None,
    };
    let looks_like_post =
        |post: &Value| post.get("content").or(post.get("title")).and_then(|v| v.get("rendered")).is_some();
    if !posts.is_empty() && !posts.iter().any(looks_like_post) {
        return None;
    }
    let resolve = |relative: &str| platform.resolve(relative, None);
    let link = |raw: Option<String>| raw.and_then(|raw| resolve_checked(&raw, &resolve));
    let items = posts.into_iter().map(|post| {
        serde_json::from_value::<Post>(post)
            .map_err(|error| super::error::SkipReason::Malformed(error.to_string()))
            .map(|post| wire_item(post, platform))
    });
    let (articles, skipped) = collect_articles(items, &link, platform, None, None);
    Some(Feed {
        format: Format::WordPress,
        title: None,
        home_page_url: None,
        feed_url: None,
        language: None,
        next_url: None,
        disclaimer: None,
        item_url_template: None,
        articles,
        skipped,
    })
}

fn wire_item(post: Post, platform: &dyn Platform) -> WireItem {
    let text = |rendered: Option<Rendered>| {
        let html = rendered.and_then(|r| non_empty(r.rendered))?;
        match platform.html_to_blocks(&html, None) {
            Some(blocks) => first_text(&blocks),
            None => Some(html),
        }
    };
    let embedded = post.embedded;
    let (authors, image) = match embedded {
        Some(Embedded { author, featured_media }) => (
            author.map(|authors| {
                authors.into_iter().map(|a| WireAuthor { name: a.name, url: a.link }).collect::<Vec<_>>()
            }),
            featured_media.and_then(|media| media.into_iter().next()).and_then(|m| m.source_url),
        ),
        None => (None, None),
    };
    WireItem {
        id: post.id,
        url: post.link,
        title: text(post.title),
        summary: text(post.excerpt),
        content_text: None,
        content_html: post.content.and_then(|c| c.rendered),
        image,
        date_published: with_offset(post.date.as_deref(), post.date_gmt.as_deref()),
        date_modified: with_offset(post.modified.as_deref(), post.modified_gmt.as_deref()),
        authors,
        author: None,
        tags: None,
        language: None,
        extension: None,
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
