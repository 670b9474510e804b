//! One article as a Markdown file with YAML front matter.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser};

use super::super::id;
use super::fields::{Fields, Located};
use super::{yaml, InputError};
use crate::model::{guarded_html_to_blocks, is_cjk, Article, Body, Converted};
use crate::platform::NativePlatform;

/// Reads one article: YAML front matter between `---` lines, then the body
/// in Markdown (CommonMark). Unknown keys are ignored; see
/// [`read_markdown_with_warnings`] to hear about them.
///
/// ```text
/// ---
/// title: 聚焦建设“五个中心”重要使命            # required
/// date: 2024-01-24T19:41:00+08:00              # required: RFC 3339 with the UTC offset
/// id: shanghai-five-centres-2024-01-24         # else `slug:`, else the file name
/// updated: 2024-01-25T09:00:00+08:00           # or `modified:`
/// summary: 市委书记陈吉宁今天下午……
/// source: 上观新闻                             # or {name: 上观新闻, url: https://…}: "文章来源"
/// tags: [上海, 五个中心]
/// image: images/five-centres.svg               # relative to the site root, or absolute
/// language: zh-CN                              # or `lang:`
/// author: 上观新闻                             # or `authors:`; names, {name, url}, or a list
/// disclaimer: 本文为示例稿件,仅供演示。        # this article's own; the site's is in site.yaml
/// url: https://news.example/original           # the canonical or original URL, if elsewhere
/// draft: true                                  # never published while it says so
/// aliases: [old-id]                            # earlier ids: their addresses redirect here
/// ---
/// 市委书记陈吉宁今天下午……
/// ```
///
/// Values are the text as written (`title: 2024` is the title "2024"). The
/// id follows the CLI's one id rule ([`crate::publish::id`]): letters and
/// digits of any script, combining marks, `-`, `.`, `_`, `~`, at most 200
/// bytes, no Windows device name; an id that breaks it is an error here, never
/// renamed later. Relative URLs (the
/// image, the source's and authors' URLs, links and images in the body)
/// resolve against the site root that `platform` was made with; only
/// `http(s)` URLs are accepted. The body becomes safe blocks through the same
/// conversion as feed HTML. A byte-order mark and CRLF line ends are fine.
pub fn read_markdown(path: &Path, text: &str, platform: &NativePlatform) -> Result<Article, InputError> {
    read_markdown_with_warnings(path, text, platform, &mut Vec::new())
}

/// An article as its file has it, with whether it is a draft.
#[derive(Clone, Debug)]
pub struct Markdown {
    pub article: Article,
    /// `draft: true`: the build never publishes it.
    pub draft: bool,
    /// Ids it had before (`aliases:`): the build redirects their pages here.
    pub aliases: Vec<String>,
}

/// [`read_markdown`], adding a warning for each front matter key it does
/// not know (a misspelt `tittle:` is otherwise silently lost).
pub fn read_markdown_with_warnings(
    path: &Path,
    text: &str,
    platform: &NativePlatform,
    warnings: &mut Vec<InputError>,
) -> Result<Article, InputError> {
    read_markdown_entry(path, text, platform, warnings).map(|read| read.article)
}

/// [`read_markdown_with_warnings`], telling drafts: what the build reads.
pub fn read_markdown_entry(
    path: &Path,
    text: &str,
    platform: &NativePlatform,
    warnings: &mut Vec<InputError>,
) -> Result<Markdown, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front_matter, body) = split_front_matter(path, text)?;
    let root = yaml::parse(path, front_matter, 2)?;
    let mut fields = Fields::new(path, root, "the front matter")?;

    let title = fields.required_text("title", None, 1)?.value;
    let date = fields.required_text("date", None, 1)?;
    let published = fields.parse_timestamp("date", &date.value, date.line)?;
    let id = article_id(path, &mut fields, warnings)?;
    let modified = fields.timestamp("updated", Some("modified"))?.map(|t| t.value);
    let summary = fields.text("summary", None)?.map(|s| s.value);
    let source = fields.source("source", platform, warnings)?;
    let tags = fields.text_list("tags")?;
    let image = fields.link("image", platform)?;
    let language = fields.language()?;
    let authors = fields.authors(platform, warnings)?;
    let disclaimer = fields.text("disclaimer", None)?.map(|d| d.value);
    let url = fields.link("url", platform)?;
    let draft = fields.flag("draft")?;
    let aliases = match fields.take("aliases", None)? {
        None => Vec::new(),
        Some(entry) => {
            let line = entry.line;
            let mut aliases = Vec::new();
            for alias in fields.list_of_text(&entry.key, entry.node)? {
                let (alias, _) = id::authored(&alias)
                    .map_err(|problem| fields.error(line, not_an_id("aliases", &alias, &problem)))?;
                aliases.push(alias);
            }
            aliases
        }
    };
    warnings.extend(fields.unknown_keys());

    let body = match guarded_html_to_blocks(platform, &markdown_to_html(body), None) {
        Some(Converted::Blocks(blocks)) if !blocks.is_empty() => Body::Blocks(blocks),
        Some(Converted::PlainText(blocks)) if !blocks.is_empty() => {
            warnings.push(InputError::in_file(path, super::feed::too_complex()));
            Body::Blocks(blocks)
        }
        _ => Body::Empty,
    };
    let article = Article {
        id,
        url,
        title: Some(title),
        summary,
        body,
        image,
        published: Some(published),
        modified,
        authors,
        tags,
        language,
        source,
        disclaimer,
    };
    Ok(Markdown { article, draft, aliases })
}

/// The front matter's YAML (which starts on line 2) and the body after it.
fn split_front_matter<'t>(path: &Path, text: &'t str) -> Result<(&'t str, &'t str), InputError> {
    let mut lines = text.split_inclusive('\n');
    let opening = lines.next().unwrap_or("");
    match opening.trim_end() {
        "---" => {}
        "" if text.trim().is_empty() => {
            return Err(InputError::at(path, 1, "the file is empty: an article starts with front matter"))
        }
        "+++" => {
            return Err(InputError::at(
                path,
                1,
                "TOML front matter (`+++`) is not read: write YAML between `---` lines instead",
            ))
        }
        _ => {
            return Err(InputError::at(
                path,
                1,
                "no front matter: an article starts with a `---` line, then `title:` and `date:` lines, then `---`",
            ))
        }
    }
    let yaml_start = opening.len();
    let mut offset = yaml_start;
    for line in lines {
        if matches!(line.trim_end(), "---" | "...") {
            return Ok((&text[yaml_start..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(InputError::at(path, 1, "the front matter that starts here is never closed by a `---` line"))
}

fn article_id(path: &Path, fields: &mut Fields, warnings: &mut Vec<InputError>) -> Result<String, InputError> {
    let (id, line) = if let Some(Located { value, line }) = fields.text("id", None)? {
        (id::authored(&value).map_err(|problem| fields.error(line, not_an_id("id", &value, &problem)))?, line)
    } else if let Some(Located { value, line }) = fields.text("slug", None)? {
        (id::authored(&value).map_err(|problem| fields.error(line, not_an_id("slug", &value, &problem)))?, line)
    } else {
        let stem = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let id = id::authored(&stem).map_err(|problem| {
            fields.error(
                1,
                format!(
                    "the file name `{stem}` cannot be the article's id ({problem}; it becomes a file name and a URL \
                     path segment): set `id:` in the front matter"
                ),
            )
        })?;
        (id, 1)
    };
    let (id, composed) = id;
    if composed {
        warnings.push(fields.error(line, format!("the id is published in its composed (NFC) form `{id}`")));
    }
    Ok(id)
}

fn not_an_id(key: &str, value: &str, problem: &id::Problem) -> String {
    format!(
        "`{key}: {value}` cannot be an article id: {problem} (it becomes a file name and a URL path segment; see \
         the id rule in the README)"
    )
}

/// CommonMark to HTML, to be made safe by the block conversion (which makes
/// an image in a paragraph a figure of its own). One change to what
/// CommonMark says: a line break inside a paragraph next to a Chinese (or
/// Japanese) character is dropped, since it only wraps the source and a space
/// there would show.
fn markdown_to_html(markdown: &str) -> String {
    let events: Vec<Event> = Parser::new_ext(markdown, Options::empty()).collect();
    let kept = events.iter().enumerate().filter_map(|(i, event)| {
        let before = i.checked_sub(1).and_then(|j| events.get(j));
        let dropped = matches!(event, Event::SoftBreak) && joins_without_space(before, events.get(i + 1));
        (!dropped).then(|| event.clone())
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, kept);
    html
}

/// A soft line break between text that ends or starts with a CJK character
/// (Korean excepted: it puts spaces between words).
fn joins_without_space(before: Option<&Event>, after: Option<&Event>) -> bool {
    let cjk = |c: char| is_cjk(c) && !matches!(c, '\u{AC00}'..='\u{D7AF}');
    let ends = matches!(before, Some(Event::Text(t)) if t.chars().next_back().is_some_and(cjk));
    let starts = matches!(after, Some(Event::Text(t)) if t.chars().next().is_some_and(cjk));
    ends || starts
}
