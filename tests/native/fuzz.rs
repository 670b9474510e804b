//! Property-based fuzzing of the parsers, bounded so it fits in CI: feed
//! documents (arbitrary text, and arbitrary JSON shaped like a feed) and
//! feed HTML. Nothing may panic; converted HTML must still render only the
//! widget's own markup.

use article_widget::model::{Block, Feed, Inline, Platform};
use article_widget::platform::NativePlatform;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Cases per property (2,000 each: a few seconds in all).
const CASES: u32 = 2_000;

fn config() -> ProptestConfig {
    ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() }
}

/// JSON values of any shape, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        ".{0,20}".prop_map(Value::String),
        Just(json!("https://jsonfeed.org/version/1.1")),
        Just(json!("2024-01-24T19:41:00+08:00")),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((feed_key(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Mostly the keys a feed has, so that the parser goes deep.
fn feed_key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "version",
            "title",
            "items",
            "id",
            "url",
            "content_html",
            "content_text",
            "summary",
            "image",
            "date_published",
            "date_modified",
            "authors",
            "author",
            "name",
            "tags",
            "language",
            "_article",
            "source",
            "disclaimer",
            "next_url",
            "home_page_url",
            "feed_url",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,8}",
    ]
}

/// HTML-ish text: tags (known and unknown, closed or not), attributes with
/// URLs and handlers, entities, comments and text.
fn any_html() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z ]{0,12}",
        "[一-龥]{1,6}",
        prop::sample::select(vec![
            "<p>",
            "</p>",
            "<a href=\"/x\">",
            "<a href=\"javascript:x()\">",
            "</a>",
            "<img src=\"y.png\" alt=\"y\">",
            "<img src=x onerror=z()>",
            "<script>",
            "</script>",
            "<style>",
            "</style>",
            "<ul>",
            "<li>",
            "</ul>",
            "<ol>",
            "<blockquote>",
            "</blockquote>",
            "<figure>",
            "<figcaption>",
            "</figure>",
            "<h1>",
            "</h2>",
            "<h7>",
            "<br>",
            "<hr>",
            "<pre>",
            "</pre>",
            "<code>",
            "<em>",
            "<strong>",
            "<b>",
            "<i>",
            "<table><tr><td>",
            "<svg>",
            "<math>",
            "<template>",
            "<noscript>",
            "<iframe srcdoc=\"<script>\">",
            "<!--",
            "-->",
            "&amp;",
            "&lt;",
            "&#106;avascript:",
            "<div style=\"background:url(z)\">",
            "</div>",
            "<form>",
            "<input>",
            "<<",
            ">",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_as_a_feed(text in ".{0,200}") {
        let _ = Feed::from_json(&text);
    }

    #[test]
    fn any_json_as_a_feed(value in any_json(), items in prop::collection::vec(any_json(), 0..5)) {
        let mut document = json!({ "version": "https://jsonfeed.org/version/1.1", "items": items });
        if let (Value::Object(extra), Value::Object(base)) = (value, &mut document) {
            base.extend(extra);
        }
        let platform = NativePlatform::new(Some("https://news.example/feed.json"));
        let _ = Feed::parse(&document.to_string(), &platform);
    }

    #[test]
    fn any_html_converts_to_safe_blocks(html in any_html()) {
        let platform = NativePlatform::new(Some("https://news.example/feed.json"));
        let blocks = platform.html_to_blocks(&html, Some("https://news.example/a.html")).unwrap();
        let mut urls = Vec::new();
        collect_urls(&blocks, &mut urls);
        for url in urls {
            prop_assert!(url.starts_with("https://") || url.starts_with("mailto:"), "{url} from {html}");
        }
    }
}

fn collect_urls(blocks: &[Block], out: &mut Vec<String>) {
    fn inlines(content: &[Inline], out: &mut Vec<String>) {
        for inline in content {
            match inline {
                Inline::Link { href, content } => {
                    out.push(href.clone());
                    inlines(content, out);
                }
                Inline::Emphasis(content) | Inline::Strong(content) => inlines(content, out),
                Inline::Text(_) | Inline::Code(_) | Inline::Break => {}
            }
        }
    }
    for block in blocks {
        match block {
            Block::Paragraph(content) | Block::Heading { content, .. } => inlines(content, out),
            Block::List { items, .. } => items.iter().for_each(|item| inlines(item, out)),
            Block::Quote(inner) => collect_urls(inner, out),
            Block::Figure { image, caption } => {
                out.push(image.src.clone());
                inlines(caption, out);
            }
            Block::Preformatted(_) | Block::Rule => {}
        }
    }
}
