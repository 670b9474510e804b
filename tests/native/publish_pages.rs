//! What the CLI writes, read back with an independent HTML parser (html5ever
//! through scraper, not the project's own conversion): hostile titles,
//! summaries, sources, tags and authors stay text in a prerendered page's
//! `<title>`, meta tags and JSON-LD; content HTML parses into exactly the
//! blocks it was written from.

use std::fs;
use std::path::PathBuf;

use article_widget::model::{Block, Inline, Platform};
use article_widget::platform::NativePlatform;
use article_widget::publish::{blocks_to_html, build, BuildOptions, DEFAULT_PAGE_BYTES};
use article_widget::route::Routing;
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::{json, Value};

const PAYLOADS: &str = include_str!("../fixtures/xss-payloads.txt");
const SHELL: &str = include_str!("../fixtures/publish/shell.html");
const SITE_TITLE: &str = "站点 <b>&amp;</b>";

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("article-widget-pages-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn select<'a>(page: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    page.select(&Selector::parse(css).unwrap()).collect()
}

/// What an HTML parser makes of text it reads: CR LF and CR are LF, NUL is U+FFFD.
fn as_parsed(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n").replace('\0', "\u{FFFD}")
}

/// Publishes one article per payload (in its title, summary, source, tag and
/// author) and checks each page's head with the independent parser.
#[test]
fn hostile_titles_stay_text_in_title_meta_and_json_ld() {
    let root = temp("hostile");
    let out = root.join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("index.html"), SHELL).unwrap();
    let payloads: Vec<&str> = PAYLOADS.lines().filter(|line| !line.trim().is_empty()).collect();
    let items: Vec<Value> = payloads
        .iter()
        .enumerate()
        .map(|(i, payload)| {
            json!({
                "id": format!("x{i}"),
                "title": payload,
                "summary": payload,
                "content_text": payload,
                "tags": [payload],
                "authors": [{"name": payload}],
                "date_published": "2024-01-24T19:41:00+08:00",
                "_article": {"source": {"name": payload}},
            })
        })
        .collect();
    let feed = root.join("hostile.json");
    let document = json!({"version": "https://jsonfeed.org/version/1.1", "title": SITE_TITLE, "items": items});
    fs::write(&feed, document.to_string()).unwrap();
    let report = build(&BuildOptions {
        inputs: vec![feed],
        out: out.clone(),
        site_url: Some("https://news.example/".into()),
        shell: None,
        routing: Routing::Path,
        page_items: 20,
        page_bytes: DEFAULT_PAGE_BYTES,
        changes: None,
        now: None,
        cache: None,
        sitemap_urls: article_widget::publish::DEFAULT_SITEMAP_URLS,
    })
    .unwrap();
    assert_eq!(report.articles, payloads.len(), "{:?}", report.skipped);

    let shell = Html::parse_document(SHELL);
    let shell_scripts = select(&shell, "script").len();
    let mut checked = 0;
    for (i, payload) in payloads.iter().enumerate() {
        let own: Value =
            serde_json::from_str(&fs::read_to_string(out.join(format!("items/x{i}.json"))).unwrap()).unwrap();
        let item = &own["items"][0];
        let path = out.join(format!("articles/x{i}/index.html"));
        let raw = fs::read_to_string(&path).unwrap();
        let page = Html::parse_document(&raw);
        let shown = |what: &str| format!("{what} of {} for {payload:?}", path.display());

        // One <title>, in the head, whose text is the title and the site's, as text.
        let titles = select(&page, "title");
        assert_eq!(titles.len(), 1, "{}", shown("<title> count"));
        assert_eq!(select(&page, "head > title").len(), 1, "{}", shown("<title> outside <head>"));
        if let Some(title) = item["title"].as_str() {
            let expected = as_parsed(&format!("{title} · {SITE_TITLE}"));
            assert_eq!(titles[0].text().collect::<String>(), expected, "{}", shown("<title>"));
            let og = select(&page, "meta[property=\"og:title\"]");
            assert_eq!(og.len(), 1, "{}", shown("og:title count"));
            assert_eq!(og[0].value().attr("content"), Some(as_parsed(title).as_str()), "{}", shown("og:title"));
        }
        if let Some(summary) = item["summary"].as_str() {
            for css in ["meta[name=\"description\"]", "meta[property=\"og:description\"]"] {
                let meta = select(&page, css);
                assert_eq!(meta.len(), 1, "{}", shown(css));
                assert_eq!(meta[0].value().attr("content"), Some(as_parsed(summary).as_str()), "{}", shown(css));
            }
        }
        for (tag, meta) in
            item["tags"].as_array().into_iter().flatten().zip(select(&page, "meta[property=\"article:tag\"]"))
        {
            assert_eq!(
                meta.value().attr("content"),
                tag.as_str().map(as_parsed).as_deref(),
                "{}",
                shown("article:tag")
            );
        }
        // Nothing became markup: the shell's scripts and the JSON-LD, no more;
        // no event handler, frame, object or second <base> anywhere.
        assert_eq!(select(&page, "script").len(), shell_scripts + 1, "{}", shown("scripts"));
        assert_eq!(select(&page, "iframe, object, embed, frame, svg, math, form").len(), 0, "{}", shown("elements"));
        assert_eq!(select(&page, "base").len(), 1, "{}", shown("<base>"));
        for element in select(&page, "*") {
            for (name, _) in element.value().attrs() {
                assert!(!name.to_ascii_lowercase().starts_with("on"), "{}", shown(name));
            }
        }
        // JSON-LD: one script, whose text is JSON with the same strings, and
        // in which nothing can end or bend the element.
        let ld = select(&page, "script[type=\"application/ld+json\"]");
        assert_eq!(ld.len(), 1, "{}", shown("JSON-LD count"));
        let text: String = ld[0].text().collect();
        let lower = text.to_ascii_lowercase();
        assert!(!lower.contains("</script") && !lower.contains("<!--") && !text.contains('<'), "{}", shown("JSON-LD"));
        let data: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", shown("JSON-LD")));
        assert_eq!(data["headline"], item["title"], "{}", shown("headline"));
        assert_eq!(data["description"], item["summary"], "{}", shown("description"));
        assert_eq!(data["author"][0]["name"], item["authors"][0]["name"], "{}", shown("author"));
        assert_eq!(data["sourceOrganization"]["name"], item["_article"]["source"]["name"], "{}", shown("source"));
        assert_eq!(data["publisher"]["name"], SITE_TITLE);
        checked += 1;
    }
    assert!(checked > 300, "{checked}");
    fs::remove_dir_all(root).unwrap();
}

/// The blocks' own shape, written independently of the serializer: element
/// names, the attributes that matter, text (adjacent text joined).
fn block_shape(blocks: &[Block]) -> Vec<String> {
    let mut shape = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(content) => nested(&mut shape, "p", |s| inline_shape(s, content)),
            Block::Heading { level, content } => {
                nested(&mut shape, &format!("h{}", level.clamp(&2, &6)), |s| inline_shape(s, content))
            }
            Block::List { ordered, items } => nested(&mut shape, if *ordered { "ol" } else { "ul" }, |s| {
                for item in items {
                    nested(s, "li", |s| inline_shape(s, item));
                }
            }),
            Block::Quote(inner) => nested(&mut shape, "blockquote", |s| s.extend(block_shape(inner))),
            Block::Figure { image, caption } => nested(&mut shape, "figure", |s| {
                s.push(format!("<img src={:?} alt={:?}>", image.src, image.alt));
                s.push("</img>".into());
                if !caption.is_empty() {
                    nested(s, "figcaption", |s| inline_shape(s, caption));
                }
            }),
            Block::Preformatted(text) => nested(&mut shape, "pre", |s| text_shape(s, text)),
            Block::Rule => nested(&mut shape, "hr", |_| {}),
        }
    }
    shape
}

fn inline_shape(shape: &mut Vec<String>, content: &[Inline]) {
    for inline in content {
        match inline {
            Inline::Text(text) => text_shape(shape, text),
            Inline::Emphasis(content) => nested(shape, "em", |s| inline_shape(s, content)),
            Inline::Strong(content) => nested(shape, "strong", |s| inline_shape(s, content)),
            Inline::Code(text) => nested(shape, "code", |s| text_shape(s, text)),
            Inline::Link { href, content } => {
                shape.push(format!("<a href={href:?}>"));
                inline_shape(shape, content);
                shape.push("</a>".into());
            }
            Inline::Break => nested(shape, "br", |_| {}),
        }
    }
}

fn nested(shape: &mut Vec<String>, name: &str, inner: impl FnOnce(&mut Vec<String>)) {
    shape.push(format!("<{name}>"));
    inner(shape);
    shape.push(format!("</{name}>"));
}

fn text_shape(shape: &mut Vec<String>, text: &str) {
    if text.is_empty() {
        return;
    }
    match shape.last_mut() {
        Some(last) if last.starts_with("text:") => last.push_str(text),
        _ => shape.push(format!("text:{text}")),
    }
}

/// The same shape, of what html5ever parsed.
fn dom_shape(shape: &mut Vec<String>, element: ElementRef) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => text_shape(shape, text),
            Node::Element(e) => {
                let name = e.name();
                let open = match name {
                    "a" => format!("<a href={:?}>", e.attr("href").unwrap_or_default()),
                    "img" => format!(
                        "<img src={:?} alt={:?}>",
                        e.attr("src").unwrap_or_default(),
                        e.attr("alt").unwrap_or_default()
                    ),
                    _ => format!("<{name}>"),
                };
                shape.push(open);
                dom_shape(shape, ElementRef::wrap(child).unwrap());
                shape.push(format!("</{name}>"));
            }
            _ => shape.push(format!("unexpected node {:?}", child.value())),
        }
    }
}

#[test]
fn content_html_parses_into_the_blocks_it_was_written_from() {
    let platform = NativePlatform::new(Some("https://news.example/"));
    let mut checked = 0;
    let cases = [
        "<h2>小标题</h2><p>一<em>二</em><strong>三</strong><code>4 &lt; 5</code><br>六</p><ul><li>甲</li><li>乙</li></ul>",
        "<blockquote><p>引文</p><ol><li>一</li></ol></blockquote><figure><img src=\"/a.png\" alt=\"图 &quot;一&quot; <b>\"><figcaption>说明</figcaption></figure><pre>  代码\n  行 &lt;/pre&gt;</pre><hr>",
        "<p><a href=\"/x?a=1&amp;b=2&quot;'<>\">链接 &amp;lt;</a> 与 <a href=\"mailto:a@b.example\">邮件</a></p>",
        "<pre>\n\nleading newlines</pre><p>&lt;/p&gt;&lt;script&gt;x&lt;/script&gt; &amp;amp; &#0; \u{0}</p>",
    ];
    for html in PAYLOADS.lines().chain(cases) {
        let Some(blocks) = platform.html_to_blocks(html, None) else { continue };
        let written = blocks_to_html(&blocks);
        let parsed = Html::parse_fragment(&written);
        let mut shape = Vec::new();
        // The fragment's children, under the <html> element parse_fragment puts them in.
        dom_shape(&mut shape, parsed.root_element());
        assert_eq!(shape, block_shape(&blocks), "for {html:?}, written as {written:?}");
        checked += 1;
    }
    assert!(checked > 300, "{checked}");
}
