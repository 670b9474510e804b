//! The SPA mounted whole: fetch, list, article, back.

use article_widget::app::{App, AppProps};
use wasm_bindgen_test::wasm_bindgen_test;
use yew::{AttrValue, Callback};

use crate::common::*;
use crate::SAMPLE_FEED;

#[wasm_bindgen_test]
async fn list_then_article_then_back() {
    let feed_url = AttrValue::from(blob_url(SAMPLE_FEED, "application/feed+json"));
    let (handle, root) = mount::<App>(AppProps {
        feed_url: Some(feed_url),
        site_url: None,
        site: Default::default(),
        on_ready: Callback::noop(),
        refresh: None,
    })
    .await;
    wait_for(&root, ".aw-card__link").await;
    assert_eq!(document().title(), "最新信息 · 浦江新闻网");

    click(&one(&root, ".aw-card__link")).await;
    let heading = wait_for(&root, "h1.aw-article__title").await;
    assert_eq!(heading.text_content().unwrap(), "聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流");
    let path = web_sys::window().unwrap().location().pathname().unwrap();
    assert_eq!(path, "/articles/shanghai-five-centres-2024-01-24");
    assert!(document().title().starts_with("聚焦建设“五个中心”"));

    click(&one(&root, "a.aw-back")).await;
    wait_for(&root, ".aw-card__link").await;
    assert_eq!(web_sys::window().unwrap().location().pathname().unwrap(), "/");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn a_page_without_a_feed_says_so() {
    let (handle, root) = mount::<App>(AppProps {
        feed_url: None,
        site_url: Some("https://news.example/".into()),
        site: Default::default(),
        on_ready: Callback::noop(),
        refresh: None,
    })
    .await;
    let message = wait_for(&root, ".aw-error__message").await;
    assert_eq!(message.text_content().unwrap(), "页面没有指定信息源。");
    handle.destroy();
}
