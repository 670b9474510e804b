//! RSS 2.0 (`rss.xml`) and Atom 1.0 (`atom.xml`) of the newest articles, for
//! readers' feed apps: the articles of `feed.json`'s first page, read back
//! from it, so every format says the same. The 文章来源 goes out as
//! `<source>` (what the CLI's own RSS and Atom readers take it from) and as a
//! line under the body, with the disclaimer; dates keep their UTC offsets.
//! Written with the `rss` and `atom_syndication` crates the readers use.

use chrono::{DateTime, FixedOffset};

use super::address::Address;
use super::html::{blocks_to_html, escape};
use crate::model::{Article, Body, Timestamp};
use crate::route::Route;

pub const RSS_FILE: &str = "rss.xml";
pub const ATOM_FILE: &str = "atom.xml";

/// What the feeds say of the site.
pub struct Site<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: Option<&'a str>,
    pub address: &'a Address,
}

fn date(at: &Timestamp) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(at.rfc3339()).ok()
}

/// The article's body as HTML, then its 文章来源 and disclaimer, as a
/// reader's app shows them under the text.
fn body_html(article: &Article) -> String {
    let mut html = match &article.body {
        Body::Blocks(blocks) | Body::Simplified(blocks) => blocks_to_html(blocks),
        Body::Paragraphs(paragraphs) => paragraphs.iter().map(|p| format!("<p>{}</p>", escape(p))).collect(),
        Body::Html(_) | Body::Empty => String::new(),
    };
    if let Some(source) = &article.source {
        html.push_str(&format!("<p>(文章来源:{})</p>", escape(&source.name)));
    }
    if let Some(disclaimer) = &article.disclaimer {
        html.push_str(&format!("<p><small>{}</small></p>", escape(disclaimer)));
    }
    html
}

fn page_url(site: &Site, article: &Article) -> String {
    site.address.page(&Route::Article { id: article.id.clone() })
}

/// RSS 2.0 of `articles` (newest first).
pub fn rss(site: &Site, articles: &[Article]) -> String {
    let items = articles
        .iter()
        .map(|article| rss::Item {
            title: article.title.clone(),
            link: Some(page_url(site, article)),
            description: article.summary.clone(),
            content: Some(body_html(article)),
            guid: Some(rss::Guid { value: page_url(site, article), permalink: true }),
            pub_date: article.published.as_ref().and_then(date).map(|at| at.to_rfc2822()),
            source: article.source.as_ref().map(|source| rss::Source {
                url: source.url.clone().unwrap_or_else(|| site.address.file("")),
                title: Some(source.name.clone()),
            }),
            categories: article.tags.iter().map(|tag| rss::Category { name: tag.clone(), domain: None }).collect(),
            ..Default::default()
        })
        .collect();
    let channel = rss::Channel {
        title: site.title.to_owned(),
        link: site.address.file(""),
        description: site.description.unwrap_or(site.title).to_owned(),
        language: site.language.map(str::to_owned),
        last_build_date: newest(articles).map(|at| at.to_rfc2822()),
        generator: Some(concat!("article-widget-publish ", env!("CARGO_PKG_VERSION")).to_owned()),
        items,
        ..Default::default()
    };
    channel.to_string()
}

/// Atom 1.0 of `articles` (newest first).
pub fn atom(site: &Site, articles: &[Article]) -> String {
    let fallback = DateTime::parse_from_rfc3339("1970-01-01T00:00:00+00:00").expect("a valid date");
    let site_url = site.address.file("");
    let entries = articles
        .iter()
        .map(|article| {
            let published = article.published.as_ref().and_then(date);
            let updated = article.modified.as_ref().and_then(date).or(published).unwrap_or(fallback);
            // Atom requires an author: the article's, else its 文章来源, else the site.
            let mut authors: Vec<atom_syndication::Person> = article
                .authors
                .iter()
                .filter_map(|author| author.name.clone())
                .map(|name| atom_syndication::Person { name, ..Default::default() })
                .collect();
            if authors.is_empty() {
                let name = article.source.as_ref().map_or(site.title, |source| &source.name).to_owned();
                authors.push(atom_syndication::Person { name, ..Default::default() });
            }
            atom_syndication::Entry {
                title: atom_syndication::Text::plain(article.title.clone().unwrap_or_default()),
                id: page_url(site, article),
                updated,
                published,
                authors,
                links: vec![atom_syndication::Link { href: page_url(site, article), ..Default::default() }],
                summary: article.summary.clone().map(atom_syndication::Text::plain),
                content: Some(atom_syndication::Content {
                    value: Some(body_html(article)),
                    content_type: Some("html".to_owned()),
                    lang: article.language.clone(),
                    ..Default::default()
                }),
                source: article.source.as_ref().map(|source| atom_syndication::Source {
                    title: atom_syndication::Text::plain(source.name.clone()),
                    id: source.url.clone().unwrap_or_else(|| site_url.clone()),
                    updated,
                    links: source
                        .url
                        .iter()
                        .map(|href| atom_syndication::Link { href: href.clone(), ..Default::default() })
                        .collect(),
                    ..Default::default()
                }),
                categories: article
                    .tags
                    .iter()
                    .map(|tag| atom_syndication::Category { term: tag.clone(), ..Default::default() })
                    .collect(),
                ..Default::default()
            }
        })
        .collect();
    let feed = atom_syndication::Feed {
        title: atom_syndication::Text::plain(site.title),
        id: site_url.clone(),
        updated: newest(articles).unwrap_or(fallback),
        subtitle: site.description.map(atom_syndication::Text::plain),
        lang: site.language.map(str::to_owned),
        links: vec![
            atom_syndication::Link { href: site_url.clone(), ..Default::default() },
            atom_syndication::Link {
                href: site.address.file(ATOM_FILE),
                rel: "self".to_owned(),
                mime_type: Some("application/atom+xml".to_owned()),
                ..Default::default()
            },
        ],
        entries,
        ..Default::default()
    };
    feed.to_string()
}

/// When the newest article last changed.
fn newest(articles: &[Article]) -> Option<DateTime<FixedOffset>> {
    articles.iter().filter_map(|article| article.modified.as_ref().or(article.published.as_ref()).and_then(date)).max()
}
