//! WordPress REST posts (`/wp-json/wp/v2/posts`, with or without `_embed`,
//! or one post), read into the same model as JSON Feed: each post becomes a
//! JSON Feed wire item, so its HTML goes through the same safe conversion.

use super::blocks::first_text;
use super::error::SkipReason;
use super::feed::{
    article_from_wire, checked_id, collect_articles, non_empty, Feed, Format, ItemContext, Pending, Platform,
};
use super::json::{array_at, object_at, string_at, Json, JsonKind};
use super::time::Timestamp;
use super::url::resolve_checked;
use super::wire::{WireAuthor, WireId, WireItem};

/// Reads `document` as WordPress posts: a list of posts, or one post. `None`
/// when it is neither (not a single thing in it looks like a post).
pub(super) fn read<J: Json>(document: &J, platform: &dyn Platform) -> Option<Feed> {
    let posts = match document.kind() {
        JsonKind::Array => document.elements()?,
        JsonKind::Object => vec![document.clone()],
        JsonKind::Null | JsonKind::Bool | JsonKind::Number | JsonKind::String => return None,
    };
    let looks_like_post =
        |post: &J| post.get("content").or_else(|| post.get("title")).and_then(|field| field.get("rendered")).is_some();
    if !posts.is_empty() && !posts.iter().any(looks_like_post) {
        return None;
    }
    let resolve = |relative: &str| platform.resolve(relative, None);
    let link = |raw: Option<String>| raw.and_then(|raw| resolve_checked(&raw, &resolve));
    let context = ItemContext { disclaimer: None, language: None };
    let mut items = posts.iter().map(|post| {
        if post.kind() != JsonKind::Object {
            return Err(SkipReason::Malformed("the post is not a JSON object".into()));
        }
        let wire = wire_item(post, platform);
        let id = checked_id(&wire.id)?;
        Ok((id.clone(), Pending::Ready(Box::new(article_from_wire(id, wire, &link, platform, &context)))))
    });
    let (articles, skipped) = collect_articles(&mut items);
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

fn wire_item<J: Json>(post: &J, platform: &dyn Platform) -> WireItem {
    let rendered = |field: &str| object_at(post, field).and_then(|field| string_at(&field, "rendered"));
    // Titles and excerpts are HTML too; a card wants their text.
    let text = |field: &str| {
        let html = non_empty(rendered(field))?;
        match super::guarded_html_to_blocks(platform, &html, None) {
            Some(converted) => first_text(&converted.into_blocks()),
            None => Some(html),
        }
    };
    let embedded = object_at(post, "_embedded");
    let authors = embedded
        .as_ref()
        .and_then(|embedded| array_at(embedded, "author"))
        .map(|authors| {
            authors
                .iter()
                .filter(|author| author.kind() == JsonKind::Object)
                .map(|author| WireAuthor { name: string_at(author, "name"), url: string_at(author, "link") })
                .collect()
        })
        .unwrap_or_default();
    let image = embedded
        .as_ref()
        .and_then(|embedded| array_at(embedded, "wp:featuredmedia"))
        .and_then(|media| media.into_iter().next())
        .and_then(|media| string_at(&media, "source_url"));
    let date = |local: &str, utc: &str| with_offset(string_at(post, local).as_deref(), string_at(post, utc).as_deref());
    WireItem {
        id: WireId::read(post),
        url: string_at(post, "link"),
        title: text("title"),
        summary: text("excerpt"),
        content_html: rendered("content"),
        image,
        date_published: date("date", "date_gmt"),
        date_modified: date("modified", "modified_gmt"),
        authors,
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
