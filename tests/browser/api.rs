//! Real fetches in the browser (blob: URLs and the test runner's own server).

use article_widget::api::fetch_feed;
use article_widget::load::LoadError;
use article_widget::model::FeedError;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::common::blob_url;
use crate::SAMPLE_FEED;

#[wasm_bindgen_test]
async fn fetches_and_parses_a_feed() {
    let feed = fetch_feed(&blob_url(SAMPLE_FEED, "application/feed+json")).await.unwrap();
    assert_eq!(feed.articles.len(), 15);
    assert_eq!(feed.articles[0].id, "shanghai-five-centres-2024-01-24");
}

#[wasm_bindgen_test]
async fn relative_links_resolve_with_the_browsers_url_parser() {
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[
        {"id":"a","url":"a.html","image":"/img/a.png"}]}"#;
    let platform = article_widget::platform::BrowserPlatform::new("https://news.example/feeds/main.json".into());
    let feed = platform.parse_feed(json).unwrap();
    assert_eq!(feed.articles[0].url.as_deref(), Some("https://news.example/feeds/a.html"));
    assert_eq!(feed.articles[0].image.as_deref(), Some("https://news.example/img/a.png"));
}

#[wasm_bindgen_test]
async fn a_page_that_is_not_json_is_a_typed_error() {
    let result = fetch_feed(&blob_url("<!doctype html><p>hi", "text/html")).await;
    assert!(matches!(result, Err(LoadError::Feed(FeedError::NotJson(_)))), "{result:?}");
}

#[wasm_bindgen_test]
async fn http_errors_are_typed() {
    let result = fetch_feed("/no-such-feed.json").await;
    assert_eq!(result.unwrap_err(), LoadError::Http { status: 404 });
}

#[wasm_bindgen_test]
async fn network_failures_are_typed() {
    let url = blob_url(SAMPLE_FEED, "application/json");
    web_sys::Url::revoke_object_url(&url).unwrap();
    let result = fetch_feed(&url).await;
    assert!(matches!(result, Err(LoadError::Network(_))), "{result:?}");
}

#[wasm_bindgen_test]
async fn an_aborted_request_never_reports() {
    use article_widget::api::{load_feed, Update};
    use std::cell::Cell;
    use std::rc::Rc;
    let reported = Rc::new(Cell::new(false));
    let flag = reported.clone();
    let request =
        load_feed(blob_url(SAMPLE_FEED, "application/json"), Default::default(), false, None, move |_| flag.set(true));
    drop(request);
    // A second, unaborted load of the same kind finishes after the first would have.
    let (tx, rx) = futures_channel();
    let mut tx = Some(tx);
    let _second =
        load_feed(blob_url(SAMPLE_FEED, "application/json"), Default::default(), false, None, move |update| {
            if let Some(tx) = tx.take() {
                tx(matches!(update, Update::Fresh(_)));
            }
        });
    assert!(rx.await);
    assert!(!reported.get());
}

/// A one-shot channel built on a JS promise, to await a callback.
fn futures_channel() -> (impl FnOnce(bool), impl std::future::Future<Output = bool>) {
    let mut resolve_fn = None;
    let promise = js_sys::Promise::new(&mut |resolve, _| resolve_fn = Some(resolve));
    let resolve = resolve_fn.unwrap();
    let send = move |value: bool| {
        resolve.call1(&wasm_bindgen::JsValue::NULL, &value.into()).unwrap();
    };
    let receive = async move { wasm_bindgen_futures::JsFuture::from(promise).await.unwrap().as_bool().unwrap() };
    (send, receive)
}

#[wasm_bindgen_test]
async fn html_content_becomes_blocks_through_an_inert_domparser() {
    use article_widget::model::{Block, Body, Image, Inline};
    use article_widget::platform::BrowserPlatform;
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"h","url":"https://news.example/a/h.html",
        "content_html":"<p>正文<a href=\"x.html\">链接</a><img src=x onerror=\"window.__domparser_xss=1\"></p><script>window.__domparser_xss=2</script>"}]}"#;
    let feed = BrowserPlatform::new("https://news.example/feed.json".into()).parse_feed(json).unwrap();
    assert_eq!(
        feed.articles[0].body,
        Body::Blocks(vec![
            Block::Paragraph(vec![
                Inline::Text("正文".into()),
                Inline::Link {
                    href: "https://news.example/a/x.html".into(),
                    content: vec![Inline::Text("链接".into())]
                },
            ]),
            // The image, without its handler, as a figure of its own.
            Block::Figure {
                image: Image { src: "https://news.example/a/x".into(), alt: String::new() },
                caption: Vec::new()
            },
        ])
    );
    // The parsed document is inert: neither the handler nor the script ran.
    crate::common::yield_now().await;
    let flag = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__domparser_xss".into()).unwrap();
    assert!(flag.is_undefined(), "{flag:?}");
}

#[wasm_bindgen_test]
fn a_feed_reads_its_ids_up_front_and_each_article_when_it_is_looked_at() {
    use article_widget::platform::BrowserPlatform;
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[
        {"id":"a","title":"甲"},{"id":"b","title":"乙","content_html":"<p>正文</p>"},{"id":"a"},{"title":"无id"}]}"#;
    let feed = BrowserPlatform::new("https://news.example/feed.json".into()).parse_feed(json).unwrap();
    // Skipping needs only the ids, so it is known at once.
    assert_eq!(feed.articles.len(), 2);
    assert_eq!(feed.skipped.len(), 2);
    assert!(feed.articles.iter().all(|article| !article.is_read()));
    assert_eq!(feed.article("b").map(|article| article.id.as_str()), Some("b"));
    assert!(!feed.articles[1].is_read(), "looking an article up by id does not read it");
    assert_eq!(feed.articles[1].title.as_deref(), Some("乙"));
    assert!(feed.articles[1].is_read());
    assert!(!feed.articles[0].is_read());
}

#[wasm_bindgen_test]
fn a_feed_is_read_from_its_own_properties_not_a_polluted_object_prototype() {
    use article_widget::model::{Article, Author, SkipReason};
    use article_widget::platform::BrowserPlatform;
    use wasm_bindgen::JsValue;
    // Everything a feed, an item or their parts could name, inherited by
    // every object, and an iterator that would make every object a map.
    let names = "['title','next_url','language','url','image','summary','content_html','id','name','tags','authors','author','_article','items']";
    let pollute = js_sys::Function::new_no_args(&format!(
        "for (const k of {names}) Object.prototype[k] = k === 'items' || k === 'authors' || k === 'tags' \
           ? [{{ id: 'evil', name: 'POLLUTED', title: 'POLLUTED' }}] \
           : k === '_article' ? {{ disclaimer: 'POLLUTED', source: {{ name: 'POLLUTED' }} }} \
           : k === 'author' ? {{ name: 'POLLUTED' }} : k === 'url' || k === 'next_url' || k === 'image' ? '/evil' : 'POLLUTED'; \
         Object.prototype[Symbol.iterator] = function* () {{ yield ['title', 'POLLUTED']; }};"
    ));
    let clean = js_sys::Function::new_no_args(&format!(
        "for (const k of {names}) delete Object.prototype[k]; delete Object.prototype[Symbol.iterator];"
    ));
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[
        {"id":"a","content_text":"正文","authors":[{"url":"https://news.example/a"}],"_article":{"source":{"url":"https://x.example/"}}},
        {"content_text":"无id"}]}"#;
    pollute.call0(&JsValue::NULL).unwrap();
    // Every article read while the prototype is polluted (they are read lazily).
    let read = BrowserPlatform::new("https://news.example/feed.json".into())
        .parse_feed(json)
        .map(|feed| (feed.articles.iter().map(|article| Article::clone(article)).collect::<Vec<_>>(), feed));
    clean.call0(&JsValue::NULL).unwrap();
    let (articles, feed) = read.unwrap();
    assert_eq!((feed.title, feed.next_url, feed.language, feed.disclaimer), (None, None, None, None));
    assert_eq!(feed.skipped.len(), 1);
    assert_eq!(feed.skipped[0].reason, SkipReason::MissingId);
    let expected = Article {
        id: "a".into(),
        body: article_widget::model::Body::Paragraphs(vec!["正文".into()]),
        authors: vec![Author { name: None, url: Some("https://news.example/a".into()) }],
        ..Article::default()
    };
    assert_eq!(articles, [expected]);
}
