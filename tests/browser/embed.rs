//! The embed's Rust side: mounting into a shadow root, options, events, destroy.

use std::cell::RefCell;
use std::rc::Rc;

use article_widget::embed::mount;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{CustomEvent, Element, ShadowRootMode};

use crate::common::*;
use crate::SAMPLE_FEED;

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &(*key).into(), &(*value).into()).unwrap();
    }
    object.into()
}

fn host_with_fallback() -> Element {
    let host = document().create_element("article-widget-test").unwrap();
    host.set_inner_html(r#"<a href="https://news.example/">最新信息</a>"#);
    document().body().unwrap().append_child(&host).unwrap();
    host
}

#[wasm_bindgen_test]
async fn mounts_in_an_open_shadow_root_and_reports_ready() {
    let host = host_with_fallback();
    let ready = Rc::new(RefCell::new(Vec::new()));
    let listener = {
        let ready = ready.clone();
        Closure::<dyn Fn(CustomEvent)>::new(move |event: CustomEvent| {
            let count = Reflect::get(&event.detail(), &"count".into()).unwrap().as_f64().unwrap();
            ready.borrow_mut().push((count, event.bubbles(), event.composed()));
        })
    };
    host.add_event_listener_with_callback("articlewidget:ready", listener.as_ref().unchecked_ref()).unwrap();

    let feed = blob_url(SAMPLE_FEED, "application/feed+json");
    let mut handle = mount(host.clone(), options(&[("feed", &feed), ("limit", "2"), ("loading", "eager")])).unwrap();
    let shadow = host.shadow_root().expect("a shadow root");
    assert_eq!(shadow.mode(), ShadowRootMode::Open);
    assert!(shadow.first_element_child().unwrap().matches("style").unwrap());
    let root = shadow.last_element_child().unwrap();
    wait_for(&root, ".aw-card__link").await;
    assert_eq!(all(&root, ".aw-card").len(), 2);
    assert_eq!(*ready.borrow(), [(2.0, true, true)]);
    // The publisher's fallback link stays in the light DOM, hidden by the shadow root.
    assert_eq!(text(&host, "a"), "最新信息");

    handle.update(options(&[("feed", &feed), ("limit", "1"), ("loading", "eager"), ("theme", "dark")]));
    yew::scheduler::flush().await;
    assert_eq!(all(&root, ".aw-card").len(), 1);
    assert!(one(&root, ".aw-widget").matches(r#"[data-theme="dark"][data-layout="list"]"#).unwrap());

    handle.destroy();
    assert_eq!(shadow.inner_html(), "<slot></slot>");
    handle.destroy();
    host.remove();
}

#[wasm_bindgen_test]
async fn a_missing_feed_shows_the_error_state_with_the_fallback_link() {
    let host = host_with_fallback();
    let mut handle = mount(host.clone(), options(&[("loading", "eager"), ("lang", "zh-CN")])).unwrap();
    let root = host.shadow_root().unwrap().last_element_child().unwrap();
    let message = wait_for(&root, ".aw-error__message").await;
    assert_eq!(message.text_content().unwrap(), "页面没有指定信息源。");
    assert_eq!(one(&root, ".aw-error__site").get_attribute("href").as_deref(), Some("https://news.example/"));
    handle.destroy();
    host.remove();
}
