//! The XSS corpus (`tests/fixtures/xss-payloads.txt`, one payload a line)
//! through parsing, HTML conversion and rendering, natively: each payload in
//! every field of an item, then the rendered card and article are parsed
//! again and every element and attribute is checked against what the widget
//! itself writes. The same corpus runs in Chromium in `tests/e2e/hostile.test.mjs`.

use std::rc::Rc;

use article_widget::components::{ArticleCard, ArticleCardProps, ArticleView, ArticleViewProps};
use article_widget::model::Feed;
use article_widget::platform::NativePlatform;
use scraper::Html;
use serde_json::json;
use yew::prelude::*;
use yew::LocalServerRenderer;

const PAYLOADS: &str = include_str!("../fixtures/xss-payloads.txt");

const ELEMENTS: &[&str] = &[
    "html",
    "head",
    "body",
    "article",
    "section",
    "div",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "time",
    "span",
    "figure",
    "figcaption",
    "img",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "hr",
    "br",
    "em",
    "strong",
    "bdi",
];
const ATTRIBUTES: &[&str] = &[
    "class",
    // A styling hook's name (README, "Styling hooks"): a literal, never content.
    "part",
    // A card with a thumbnail (always empty: `www/widget.css` selects on it).
    "data-thumb",
    "href",
    "rel",
    "target",
    "src",
    "alt",
    "loading",
    "decoding",
    "referrerpolicy",
    "datetime",
    "title",
    "lang",
    "dir",
    "tabindex",
];

fn item_with(payload: &str) -> serde_json::Value {
    json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": payload,
        "_article": { "disclaimer": payload },
        "items": [{
            "id": "x",
            "url": payload,
            "title": payload,
            "summary": payload,
            "content_html": payload,
            "image": payload,
            "authors": [{ "name": payload, "url": payload }],
            "tags": [payload],
            "date_published": "2024-01-24T19:41:00+08:00",
            "_article": { "source": { "name": payload, "url": payload }, "disclaimer": payload }
        }]
    })
}

async fn render_article(article: Rc<article_widget::model::LazyArticle>) -> String {
    let view = LocalServerRenderer::<ArticleView>::with_props(yew::props!(ArticleViewProps {
        article: article.clone(),
        back_href: "/",
        on_back: Callback::noop(),
    }))
    .hydratable(false)
    .render()
    .await;
    let card = LocalServerRenderer::<ArticleCard>::with_props(yew::props!(ArticleCardProps {
        article,
        href: "/articles/x",
        on_open: Callback::noop(),
    }))
    .hydratable(false)
    .render()
    .await;
    view + &card
}

/// Every element and attribute in `html` is one the widget writes itself;
/// every URL is http(s) or mailto (or the widget's own "/" links).
fn check_markup(html: &str) -> Result<(), String> {
    let document = Html::parse_document(html);
    for node in document.tree.nodes() {
        let Some(element) = node.value().as_element() else { continue };
        if !ELEMENTS.contains(&element.name()) {
            return Err(format!("element <{}>", element.name()));
        }
        for (name, value) in element.attrs() {
            if !ATTRIBUTES.contains(&name) {
                return Err(format!("attribute {name}={value:?} on <{}>", element.name()));
            }
            if matches!(name, "href" | "src") {
                let lower = value.to_ascii_lowercase();
                let ok = lower.starts_with("https://")
                    || lower.starts_with("http://")
                    || lower.starts_with("mailto:")
                    || value == "/"
                    || value == "/articles/x";
                if !ok {
                    return Err(format!("{name}={value:?}"));
                }
            }
        }
    }
    Ok(())
}

#[tokio::test]
async fn no_payload_in_any_field_renders_as_markup_or_an_unsafe_url() {
    let payloads: Vec<&str> = PAYLOADS.lines().collect();
    assert!(payloads.len() >= 200, "{} payloads", payloads.len());
    let platform = NativePlatform::new(Some("https://news.example/feed.json"));
    let mut failures = Vec::new();
    for (line, payload) in payloads.iter().enumerate() {
        let json = item_with(payload).to_string();
        let feed = match std::panic::catch_unwind(|| Feed::parse(&json, &platform)) {
            Ok(Ok(feed)) => feed,
            Ok(Err(error)) => {
                failures.push(format!("line {}: feed refused: {error}", line + 1));
                continue;
            }
            Err(_) => {
                failures.push(format!("line {}: panicked", line + 1));
                continue;
            }
        };
        let html = render_article(feed.articles[0].clone()).await;
        if let Err(problem) = check_markup(&html) {
            failures.push(format!("line {}: {problem}", line + 1));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} payloads got through:\n{}",
        failures.len(),
        payloads.len(),
        failures.join("\n")
    );
}
