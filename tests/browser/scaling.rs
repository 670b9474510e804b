//! The browser path is linear in its input (issue 11: one paragraph of
//! 300,000 `<br>` kept a partner's page busy for seconds): `DOMParser`, the
//! walk over its document, `JSON.parse` and the feed readers, excerpts by
//! `Intl.Segmenter`. Each hostile shape at two sizes 4× apart: the larger may
//! cost at most 6× the smaller (quadratic work costs 16×). Wall time is all
//! a page has, so each is the median of interleaved runs, measured again
//! with more runs before a test fails; never an absolute time.

use article_widget::model::{excerpt, guarded_html_to_blocks, plain_text, Block, Body, Converted, Feed, Platform};
use article_widget::platform::{grapheme_cut, BrowserPlatform};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::common::yield_now;

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// How much more a 4× larger input may cost.
const MAX_RATIO: f64 = 6.0;

/// Yields to the event loop between runs: a test that holds the page's
/// thread for long is taken for a hung one.
async fn assert_linear<T>(shape: &str, n: usize, make: impl Fn(usize) -> T, run: impl Fn(&T)) {
    let (small, large) = (make(n), make(4 * n));
    let mut ratio = 0.0;
    for runs in [5, 9] {
        let (mut smalls, mut larges) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            for (input, times) in [(&small, &mut smalls), (&large, &mut larges)] {
                let start = now();
                run(input);
                times.push(now() - start);
                yield_now().await;
            }
        }
        // The clock's resolution is 0.1 ms; the sizes make the small run
        // take tens of milliseconds, so that a pause (a collection, another
        // process) moves a median little.
        let (small_ms, large_ms) = (median(smalls).max(0.1), median(larges));
        ratio = large_ms / small_ms;
        web_sys::console::log_1(&format!("{shape}: n = {n}: {small_ms:.1} ms → {large_ms:.1} ms ({ratio:.1}×)").into());
        if ratio <= MAX_RATIO {
            return;
        }
    }
    panic!("{shape}: 4× the input cost {ratio:.1}× the time");
}

fn platform() -> BrowserPlatform {
    BrowserPlatform::new("https://news.example/feeds/main.json".into())
}

fn convert(html: &str) -> Vec<Block> {
    platform().html_to_blocks(html, Some("https://news.example/2024/01/story.html")).unwrap()
}

fn feed_of(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.map(|members| format!("{{{members}}}")).collect();
    format!(r#"{{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{}]}}"#, items.join(","))
}

fn parse(json: &str) -> Feed {
    platform().parse_feed(json).unwrap()
}

/// The issue's shape, one paragraph of `<br>` (300,000 of them took seconds
/// on a partner's page), at sizes a debug build converts in a fraction of a
/// second.
#[wasm_bindgen_test]
async fn many_breaks() {
    assert_linear(
        "<p> of <br>",
        10_000,
        |n| format!("<p>{}</p>", "<br>".repeat(n)),
        |html| {
            assert!(convert(html).is_empty());
        },
    )
    .await;
}

#[wasm_bindgen_test]
async fn one_huge_word() {
    assert_linear(
        "huge word",
        100_000,
        |n| {
            feed_of(std::iter::once(format!(
                r#""id":"1","title":"{0}","content_html":"<p><b>{0}</b></p>""#,
                "字".repeat(n)
            )))
        },
        |json| {
            let feed = parse(json);
            let article = &feed.articles[0];
            assert!(article.excerpt(grapheme_cut).is_some_and(|text| text.ends_with("……")));
            assert!(excerpt(article.title.as_deref().unwrap(), 80, grapheme_cut).ends_with("……"));
        },
    )
    .await;
}

#[wasm_bindgen_test]
async fn many_items() {
    assert_linear(
        "items",
        250,
        |n| feed_of((0..n).map(|i| format!(r#""id":"{i}","title":"标题{i}","content_html":"<p>正文{i}</p>""#))),
        |json| {
            let feed = parse(json);
            // Every article read, as a long list's cards would read them.
            assert!(feed.articles.iter().all(|article| matches!(article.body, Body::Blocks(_))));
        },
    )
    .await;
}

/// Shapes on which Blink's own parser is quadratic (80,000 nested
/// `<table><tr><td>` took 100 s in `parseFromString`): the model's scan
/// keeps them from `DOMParser` as markup, and their text is kept.
#[wasm_bindgen_test]
async fn nested_tables_and_fonts_become_text() {
    for (shape, unit) in [("<table><tr><td>", "<table><tr><td>t{i} "), ("<font a=i>", "<font a=\"{i}\">f{i} ")] {
        assert_linear(
            shape,
            20_000,
            |n| (0..n).map(|i| unit.replace("{i}", &i.to_string())).collect::<String>() + "深处",
            |html| {
                let converted = guarded_html_to_blocks(&platform(), html, None).unwrap();
                let Converted::PlainText(blocks) = converted else { panic!("{shape}: parsed as markup") };
                let text = plain_text(&blocks, "\n");
                assert!(text.contains("深处") && text.contains("19999"), "{shape}");
            },
        )
        .await;
    }
}
