//! Existing feeds as input: RSS 2.0 (and 0.9x/1.0), Atom 1.0 and JSON Feed
//! 1.0/1.1, told apart by their content.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use quick_xml::events::Event;
use quick_xml::Reader;

use super::super::id;
use super::{decode_text, line_of, InputError, Lines};
use crate::model::{
    guarded_html_to_blocks, paragraphs, resolve_checked, Article, Author, Block, Body, Converted, Feed, Inline,
    Platform, Source, Timestamp,
};
use crate::platform::NativePlatform;

/// A feed read as input: its own settings, and its items in order, each an
/// article or the reason it is not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedInput {
    pub title: Option<String>,
    pub home_page_url: Option<String>,
    pub language: Option<String>,
    /// JSON Feed's `_article.disclaimer` (RSS and Atom have none).
    pub disclaimer: Option<String>,
    /// Each article's id is published as it is or as a slug, by the CLI's id
    /// rule ([`crate::publish::id`]); `warnings` says which ids changed.
    pub articles: Vec<Result<Article, InputError>>,
    /// The line each item starts on, where known (RSS and Atom).
    pub lines: Vec<Option<usize>>,
    /// Ids that were published other than as the feed has them.
    pub warnings: Vec<InputError>,
}

/// XML elements nested deeper than this are refused before any reader sees
/// them: the RSS and Atom readers build extension elements recursively, and
/// 200,000 nested ones overflow the stack. Real feeds (Atom XHTML content
/// included) stay far below.
pub const MAX_XML_DEPTH: usize = 256;

/// Reads an RSS, Atom or JSON Feed document, item by item: a bad item is an
/// error of its own, not the file's. Each article must have an id (RSS:
/// `<guid>`, else `<link>`) and a publish date; dates keep their UTC offset
/// (`Wed, 24 Jan 2024 19:41:00 +0800` is `2024-01-24T19:41:00+08:00`).
/// Bodies (`content:encoded`, else `description`; Atom `content`, else
/// `summary`) become safe blocks; links are resolved against the item's
/// link, else the site root `platform` was made with, and kept only when
/// `http(s)`. `<source>` (RSS `<source url>`, Atom `<source><title>`) is the
/// article's "文章来源".
pub fn read_feed(path: &Path, bytes: &[u8], platform: &NativePlatform) -> Result<FeedInput, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => read_json_feed(path, bytes, platform),
        Some(b'<') => read_xml_feed(path, bytes, platform),
        _ => Err(InputError::at(path, 1, "this is not a feed: neither a JSON Feed nor RSS or Atom XML")),
    }
}

fn read_json_feed(path: &Path, bytes: &[u8], platform: &NativePlatform) -> Result<FeedInput, InputError> {
    let feed =
        Feed::parse(decode_text(path, bytes)?, platform).map_err(|e| InputError::in_file(path, e.to_string()))?;
    let mut skipped = feed.skipped.iter().peekable();
    let mut articles = feed.articles.iter();
    let mut items = Vec::new();
    let mut ids = Ids::default();
    let mut warnings = Vec::new();
    for index in 0..feed.articles.len() + feed.skipped.len() {
        let error = |message: String| InputError::in_file(path, format!("item {}: {message}", index + 1));
        if let Some(skip) = skipped.next_if(|skip| skip.index == index) {
            items.push(Err(error(skip.reason.to_string())));
        } else if let Some(article) = articles.next() {
            let article = Article::clone(article);
            items.push(if article.published.is_some() {
                ids.publish(article, &mut |note| warnings.push(error(note))).map_err(error)
            } else {
                Err(error(format!("`{}` has no `date_published` that reads as an RFC 3339 date-time", article.id)))
            });
        }
    }
    let lines = vec![None; items.len()];
    Ok(FeedInput {
        title: feed.title,
        home_page_url: feed.home_page_url,
        language: feed.language,
        disclaimer: feed.disclaimer,
        articles: items,
        lines,
        warnings,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rss,
    Atom,
}

/// Where things are in an XML feed, from one pass of the XML reader (which
/// also finds any syntax error, with its line).
struct Outline {
    kind: Kind,
    declaration: Range<usize>,
    /// The items' (or entries') byte ranges.
    items: Vec<Range<usize>>,
}

fn outline(path: &Path, bytes: &[u8]) -> Result<Outline, InputError> {
    let mut reader = Reader::from_reader(bytes);
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut kind = None;
    let mut declaration = 0..0;
    let mut items = Vec::new();
    // Where the open item started, and how deep it is.
    let mut open_item: Option<(usize, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|error| {
            let line = line_of(bytes, reader.error_position() as usize);
            InputError::at(path, line, format!("this is not well-formed XML: {error}"))
        })?;
        let after = reader.buffer_position() as usize;
        let (name, empty) = match &event {
            Event::Start(start) => (start.name().as_ref().to_vec(), false),
            Event::Empty(start) => (start.name().as_ref().to_vec(), true),
            Event::End(_) => {
                stack.pop();
                if let Some((start, depth)) = open_item {
                    if stack.len() == depth {
                        items.push(start..after);
                        open_item = None;
                    }
                }
                continue;
            }
            Event::Decl(_) => {
                declaration = before..after;
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if stack.is_empty() && kind.is_none() {
            kind = Some(match name.as_slice() {
                b"rss" | b"rdf:RDF" => Kind::Rss,
                b"feed" => Kind::Atom,
                other => {
                    return Err(InputError::at(
                        path,
                        line_of(bytes, before),
                        format!(
                            "this XML is neither RSS (`<rss>`) nor Atom (`<feed>`): it starts with `<{}>`",
                            String::from_utf8_lossy(other)
                        ),
                    ))
                }
            });
        }
        // `rss > channel > item`, RSS 1.0's `rdf:RDF > item`, `feed > entry`.
        let is_item = open_item.is_none()
            && match (kind, stack.as_slice()) {
                (Some(Kind::Rss), [_, channel]) => channel == b"channel" && name == b"item",
                (Some(Kind::Rss), [root]) => root == b"rdf:RDF" && name == b"item",
                (Some(Kind::Atom), [_]) => name == b"entry",
                _ => false,
            };
        if empty {
            if is_item {
                items.push(before..after);
            }
        } else {
            if stack.len() >= MAX_XML_DEPTH {
                return Err(InputError::at(
                    path,
                    line_of(bytes, before),
                    format!("the elements here nest deeper than {MAX_XML_DEPTH} levels; no feed needs that"),
                ));
            }
            if is_item {
                open_item = Some((before, stack.len()));
            }
            stack.push(name);
        }
    }
    let kind = kind.ok_or_else(|| InputError::at(path, 1, "this XML has no root element"))?;
    Ok(Outline { kind, declaration, items })
}

fn read_xml_feed(path: &Path, bytes: &[u8], platform: &NativePlatform) -> Result<FeedInput, InputError> {
    let outline = outline(path, bytes)?;
    let index = Lines::new(bytes);
    let lines: Vec<usize> = outline.items.iter().map(|range| index.of(range.start)).collect();
    match outline.kind {
        Kind::Rss => read_rss(path, bytes, &lines, platform),
        Kind::Atom => read_atom(path, bytes, &outline, &lines, platform),
    }
}

fn read_rss(path: &Path, bytes: &[u8], lines: &[usize], platform: &NativePlatform) -> Result<FeedInput, InputError> {
    let channel = rss::Channel::read_from(bytes)
        .map_err(|e| InputError::in_file(path, format!("this RSS cannot be read: {e}")))?;
    let language = channel.language().and_then(non_empty);
    // RSS 1.0 items that sit outside the channel are found by the outline
    // but may be placed differently by the RSS reader: lines only when both
    // agree on the count.
    let line = |index: usize| (lines.len() == channel.items().len()).then(|| lines[index]);
    let mut ids = Ids::default();
    let mut warnings = Vec::new();
    let articles = channel
        .items()
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let error = |message| InputError { file: path.to_owned(), line: line(index), message };
            rss_article(item, language.as_deref(), platform)
                .and_then(|article| ids.publish(article, &mut |note| warnings.push(error(note))))
                .map_err(error)
        })
        .collect();
    Ok(FeedInput {
        title: non_empty(channel.title()),
        home_page_url: link(platform, channel.link(), None),
        language,
        disclaimer: None,
        articles,
        lines: (0..channel.items().len()).map(line).collect(),
        warnings,
    })
}

fn rss_article(item: &rss::Item, language: Option<&str>, platform: &NativePlatform) -> Result<Article, String> {
    let guid = item.guid().and_then(|guid| non_empty(guid.value()));
    let Some(id) = guid.or_else(|| item.link().and_then(non_empty)) else {
        return Err("the item has neither a `<guid>` nor a `<link>` to identify it".into());
    };
    let url = item.link().and_then(|raw| link(platform, raw, None));
    let dublin_core = item.dublin_core_ext();
    let raw_date = item.pub_date().or_else(|| dublin_core.and_then(|dc| dc.dates().first()).map(String::as_str));
    let published = match raw_date.and_then(non_empty) {
        None => return Err(format!("the item `{id}` has no `<pubDate>`")),
        Some(raw) => rss_date(&raw)
            .ok_or_else(|| format!("the item `{id}` has a `<pubDate>` that is not an RFC 2822 date: `{raw}`"))?,
    };
    let base = url.as_deref();
    let description = item.description().and_then(non_empty);
    let (body, summary) = match item.content().and_then(non_empty) {
        Some(content) => (html_body(platform, &content, base), description.and_then(|d| plain_text(platform, &d))),
        None => (description.map_or(Body::Empty, |d| html_body(platform, &d, base)), None),
    };
    let mut authors: Vec<Author> = dublin_core
        .map(|dc| dc.creators().iter().filter_map(|name| non_empty(name)).map(named).collect())
        .unwrap_or_default();
    if authors.is_empty() {
        authors.extend(item.author().and_then(rss_author).map(named));
    }
    let image = item
        .enclosure()
        .filter(|enclosure| enclosure.mime_type().starts_with("image/"))
        .map(|enclosure| enclosure.url().to_owned())
        .or_else(|| {
            let media = item.extensions().get("media")?;
            ["thumbnail", "content"].iter().find_map(|name| media.get(*name)?.first()?.attrs.get("url").cloned())
        })
        .and_then(|raw| link(platform, &raw, base));
    let source = item.source().and_then(|source| {
        Some(Source { name: source.title().and_then(non_empty)?, url: link(platform, source.url(), base) })
    });
    Ok(Article {
        id,
        url,
        title: item.title().and_then(|title| plain_text(platform, title)),
        summary,
        body,
        image,
        published: Some(published),
        modified: None,
        authors,
        tags: item.categories().iter().filter_map(|category| non_empty(category.name())).collect(),
        language: language.map(str::to_owned),
        source,
        disclaimer: None,
    })
}

/// RSS's `author` is an e-mail address, often `news@example.com (Name)`.
fn rss_author(raw: &str) -> Option<String> {
    let name = match (raw.find('('), raw.rfind(')')) {
        (Some(open), Some(close)) if open < close => &raw[open + 1..close],
        _ => raw,
    };
    non_empty(name)
}

/// RFC 2822, as RSS has it; RFC 3339 too, which some feeds use instead.
fn rss_date(raw: &str) -> Option<Timestamp> {
    Timestamp::parse(raw).ok().or_else(|| timestamp(&DateTime::parse_from_rfc2822(raw.trim()).ok()?))
}

/// The same instant in the same UTC offset, as RFC 3339.
fn timestamp(date: &DateTime<FixedOffset>) -> Option<Timestamp> {
    Timestamp::parse(&date.to_rfc3339_opts(SecondsFormat::AutoSi, false)).ok()
}

fn read_atom(
    path: &Path,
    bytes: &[u8],
    outline: &Outline,
    lines: &[usize],
    platform: &NativePlatform,
) -> Result<FeedInput, InputError> {
    // Each entry is read on its own, so that one bad entry (a date the Atom
    // reader rejects, say) does not cost the others; the feed's own elements
    // are read from the document without its entries.
    let mut rest = Vec::with_capacity(bytes.len());
    let mut from = 0;
    for range in &outline.items {
        rest.extend_from_slice(&bytes[from..range.start]);
        from = range.end;
    }
    rest.extend_from_slice(&bytes[from..]);
    let feed = atom_syndication::Feed::read_from(rest.as_slice())
        .map_err(|e| InputError::in_file(path, format!("this Atom feed cannot be read: {e}")))?;
    let language = feed.lang.as_deref().and_then(non_empty);
    let mut ids = Ids::default();
    let mut warnings = Vec::new();
    let articles = outline
        .items
        .iter()
        .zip(lines)
        .map(|(range, &line)| {
            let mut entry_bytes = bytes[outline.declaration.clone()].to_vec();
            entry_bytes.extend_from_slice(&bytes[range.clone()]);
            atom_syndication::Entry::read_from(entry_bytes.as_slice())
                .map_err(|e| format!("this entry cannot be read: {e}"))
                .and_then(|entry| atom_article(&entry, &feed, language.as_deref(), platform))
                .and_then(|article| ids.publish(article, &mut |note| warnings.push(InputError::at(path, line, note))))
                .map_err(|message| InputError::at(path, line, message))
        })
        .collect();
    Ok(FeedInput {
        title: atom_text(platform, &feed.title),
        home_page_url: alternate(&feed.links).and_then(|href| link(platform, href, None)),
        language,
        disclaimer: None,
        articles,
        lines: lines.iter().copied().map(Some).collect(),
        warnings,
    })
}

fn atom_article(
    entry: &atom_syndication::Entry,
    feed: &atom_syndication::Feed,
    language: Option<&str>,
    platform: &NativePlatform,
) -> Result<Article, String> {
    let Some(id) = non_empty(&entry.id) else { return Err("the entry has no `<id>`".into()) };
    // The Atom reader fills a missing `<updated>` with the Unix epoch.
    let updated = (entry.updated.timestamp() != 0).then_some(&entry.updated);
    let Some(published_at) = entry.published.as_ref().or(updated) else {
        return Err(format!("the entry `{id}` has neither `<published>` nor `<updated>`"));
    };
    let published = timestamp(published_at).ok_or_else(|| format!("the entry `{id}` has a date out of range"))?;
    let modified = updated.filter(|updated| *updated != published_at).and_then(timestamp);
    let url = alternate(&entry.links).and_then(|href| link(platform, href, None));
    let base = url.as_deref();
    let content = entry.content.as_ref().filter(|content| content.src.is_none());
    let content_body = content.and_then(|content| {
        let value = content.value.as_deref()?;
        Some(match content.content_type.as_deref().unwrap_or("text") {
            "html" | "xhtml" | "text/html" | "application/xhtml+xml" => html_body(platform, value, base),
            kind if kind == "text" || kind.starts_with("text/") => text_body(value),
            _ => return None,
        })
    });
    let (body, summary) = match content_body {
        Some(body) => (body, entry.summary.as_ref().and_then(|summary| atom_text(platform, summary))),
        None => (entry.summary.as_ref().map_or(Body::Empty, |summary| atom_body(platform, summary, base)), None),
    };
    let people = if entry.authors.is_empty() { &feed.authors } else { &entry.authors };
    let image = entry
        .links
        .iter()
        .find(|l| l.rel == "enclosure" && l.mime_type.as_deref().is_some_and(|t| t.starts_with("image/")))
        .and_then(|l| link(platform, &l.href, base));
    let source = entry.source.as_ref().and_then(|source| {
        Some(Source {
            name: atom_text(platform, &source.title)?,
            url: alternate(&source.links).and_then(|href| link(platform, href, base)),
        })
    });
    Ok(Article {
        id,
        url: url.clone(),
        title: atom_text(platform, &entry.title),
        summary,
        body,
        image,
        published: Some(published),
        modified,
        authors: people
            .iter()
            .map(|person| Author {
                name: non_empty(&person.name),
                url: person.uri.as_deref().and_then(|uri| link(platform, uri, base)),
            })
            .filter(|author| author.name.is_some() || author.url.is_some())
            .collect(),
        tags: entry
            .categories
            .iter()
            .filter_map(|category| category.label.as_deref().and_then(non_empty).or_else(|| non_empty(&category.term)))
            .collect(),
        language: language.map(str::to_owned),
        source,
        disclaimer: None,
    })
}

/// The `alternate` link (the rel an Atom link without one has).
fn alternate(links: &[atom_syndication::Link]) -> Option<&str> {
    links.iter().find(|l| l.rel == "alternate").map(|l| l.href.as_str())
}

fn atom_text(platform: &NativePlatform, text: &atom_syndication::Text) -> Option<String> {
    match text.r#type {
        atom_syndication::TextType::Text => non_empty(&text.value),
        _ => plain_text(platform, &text.value),
    }
}

fn atom_body(platform: &NativePlatform, text: &atom_syndication::Text, base: Option<&str>) -> Body {
    match text.r#type {
        atom_syndication::TextType::Text => text_body(&text.value),
        _ => html_body(platform, &text.value, base),
    }
}

/// The ids of one feed so far: each item's id as it is published, by the
/// id rule; the second of two items with one id (without regard to case) is
/// an error, and the first stands.
#[derive(Default)]
struct Ids {
    seen: HashMap<String, String>,
}

impl Ids {
    fn publish(&mut self, mut article: Article, note: &mut dyn FnMut(String)) -> Result<Article, String> {
        let (published, change) = id::imported(&article.id);
        match self.seen.entry(id::fold(&published)) {
            Entry::Occupied(first) => {
                let first = first.get();
                return Err(if *first == published {
                    format!("another item already has the id `{published}`")
                } else {
                    format!("another item has the id `{first}`, the same as `{published}` without regard to case")
                });
            }
            Entry::Vacant(slot) => {
                slot.insert(published.clone());
            }
        }
        if let Some(change) = change {
            note(change);
        }
        article.id = published;
        if let Body::Simplified(blocks) = &mut article.body {
            note(too_complex());
            article.body = Body::Blocks(std::mem::take(blocks));
        }
        Ok(article)
    }
}

/// Says that a body lost its markup (see [`crate::model::scan`]), with the
/// model's own limits.
pub(super) fn too_complex() -> String {
    format!(
        "the body's markup is too complex to convert safely (more than {} tags, or more than {} attributes on one \
         tag): it is published as plain text",
        crate::model::MAX_TAGS,
        crate::model::MAX_ATTRIBUTES
    )
}

/// A body too complex to parse comes back [`Body::Simplified`], for
/// [`Ids::publish`] to report and turn into text.
fn html_body(platform: &NativePlatform, html: &str, base: Option<&str>) -> Body {
    match guarded_html_to_blocks(platform, html, base) {
        Some(Converted::Blocks(blocks)) if !blocks.is_empty() => Body::Blocks(blocks),
        Some(Converted::PlainText(blocks)) if !blocks.is_empty() => Body::Simplified(blocks),
        _ => Body::Empty,
    }
}

/// Plain text as blocks of text alone: one paragraph a line.
fn text_body(text: &str) -> Body {
    let blocks: Vec<Block> =
        paragraphs(text).into_iter().map(|paragraph| Block::Paragraph(vec![Inline::Text(paragraph)])).collect();
    if blocks.is_empty() {
        Body::Empty
    } else {
        Body::Blocks(blocks)
    }
}

/// The text of an HTML snippet (a title or summary that feeds escape as
/// HTML), through the safe conversion so no markup survives.
fn plain_text(platform: &NativePlatform, html: &str) -> Option<String> {
    let blocks = guarded_html_to_blocks(platform, html, None)?.into_blocks();
    non_empty(&crate::model::plain_text(&blocks, " "))
}

/// A link checked like every link of the model, resolved against `base`
/// (the item's own URL), else the site root.
fn link(platform: &NativePlatform, raw: &str, base: Option<&str>) -> Option<String> {
    resolve_checked(raw, &|reference| platform.resolve(reference, base))
}

fn named(name: String) -> Author {
    Author { name: Some(name), url: None }
}

fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}
