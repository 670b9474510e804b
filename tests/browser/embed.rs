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
    let mut handle =
        mount(host.clone(), options(&[("feed", &feed), ("limit", "2"), ("loading", "eager")]), None, None, None, 0.0)
            .unwrap();
    let shadow = host.shadow_root().expect("a shadow root");
    assert_eq!(shadow.mode(), ShadowRootMode::Open);
    // No <style> in the root: one constructable sheet, the same object for
    // every widget on the page, is adopted.
    let root = shadow.last_element_child().unwrap();
    assert!(shadow.first_element_child().unwrap().is_same_node(Some(&root)));
    let sheets = |host: &Element| {
        js_sys::Array::from(&Reflect::get(&host.shadow_root().unwrap(), &"adoptedStyleSheets".into()).unwrap())
    };
    let other = host_with_fallback();
    let mut other_handle =
        mount(other.clone(), options(&[("feed", &feed), ("loading", "eager")]), None, None, None, 0.0).unwrap();
    let (mine, theirs) = (sheets(&host), sheets(&other));
    assert_eq!((mine.length(), theirs.length()), (1, 1));
    assert!(Object::is(&mine.get(0), &theirs.get(0)));
    other_handle.destroy();
    other.remove();
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
    let mut handle =
        mount(host.clone(), options(&[("loading", "eager"), ("lang", "zh-CN")]), None, None, None, 0.0).unwrap();
    let root = host.shadow_root().unwrap().last_element_child().unwrap();
    let message = wait_for(&root, ".aw-error__message").await;
    assert_eq!(message.text_content().unwrap(), "页面没有指定信息源。");
    assert_eq!(one(&root, ".aw-error__site").get_attribute("href").as_deref(), Some("https://news.example/"));
    handle.destroy();
    host.remove();
}

/// A feed of `count` items with summaries and no `url`s.
fn small_feed(count: usize) -> String {
    let items: Vec<String> = (1..=count)
        .map(|i| format!(r#"{{"id":"item-{i}","title":"Item {i}","summary":"Summary {i}","content_text":"Body {i}"}}"#))
        .collect();
    format!(r#"{{"version":"https://jsonfeed.org/version/1.1","title":"Small","items":[{}]}}"#, items.join(","))
}

/// Collects `console.warn`'s first arguments until dropped.
struct Warnings {
    seen: Rc<RefCell<Vec<String>>>,
    original: JsValue,
    _capture: Closure<dyn Fn(JsValue)>,
}

impl Warnings {
    fn capture() -> Self {
        let console = Reflect::get(&js_sys::global(), &"console".into()).unwrap();
        let original = Reflect::get(&console, &"warn".into()).unwrap();
        let seen = Rc::new(RefCell::new(Vec::new()));
        let capture = {
            let seen = seen.clone();
            Closure::<dyn Fn(JsValue)>::new(move |message: JsValue| seen.borrow_mut().extend(message.as_string()))
        };
        Reflect::set(&console, &"warn".into(), capture.as_ref()).unwrap();
        Warnings { seen, original, _capture: capture }
    }
}

impl Drop for Warnings {
    fn drop(&mut self) {
        let console = Reflect::get(&js_sys::global(), &"console".into()).unwrap();
        Reflect::set(&console, &"warn".into(), &self.original).unwrap();
    }
}

#[wasm_bindgen_test]
async fn options_are_read_from_own_properties_and_a_wrong_type_costs_only_its_option() {
    let host = host_with_fallback();
    let feed = blob_url(&small_feed(4), "application/feed+json");
    // A page that pollutes the prototypes: plain properties an options object
    // could name, an iterator through which serde-wasm-bindgen would read any
    // object as a map, and a value in a sparse array's hole.
    let pollute = js_sys::Function::new_no_args(
        "Object.prototype.limit = '1'; Object.prototype.heading = 'POLLUTED'; Object.prototype.show = 'summary';
         Object.prototype[Symbol.iterator] = function* () { yield ['heading', 'POLLUTED']; yield ['limit', '1']; };
         Array.prototype[1] = 'summary';",
    );
    let clean = js_sys::Function::new_no_args(
        "delete Object.prototype.limit; delete Object.prototype.heading; delete Object.prototype.show;
         delete Object.prototype[Symbol.iterator]; delete Array.prototype[1];",
    );
    // Numbers and lists as a script writes them; a boolean and an object where
    // strings belong.
    let options = js_sys::Function::new_with_args(
        "feed",
        "return { feed: feed, loading: 'eager', lang: 'en', limit: 3, show: ['date', , 'source'], theme: true, layout: {} };",
    )
    .call1(&JsValue::NULL, &feed.into())
    .unwrap();
    let warnings = Warnings::capture();
    pollute.call0(&JsValue::NULL).unwrap();
    let mounted = mount(host.clone(), options, None, None, None, 0.0);
    clean.call0(&JsValue::NULL).unwrap();
    let mut handle = mounted.unwrap();
    let root = host.shadow_root().unwrap().last_element_child().unwrap();
    wait_for(&root, ".aw-card__link").await;
    assert_eq!(all(&root, ".aw-card").len(), 3, "limit: 3, not the inherited '1'");
    assert_eq!(text(&root, ".aw-list__heading"), "Latest");
    assert!(all(&root, ".aw-card__summary").is_empty(), "no summary from Array.prototype[1]");
    assert!(one(&root, ".aw-widget").matches("[data-theme=\"light\"]").unwrap());
    assert_eq!(
        *warnings.seen.borrow(),
        [
            "[article-widget] ignored layout: not a string, a whole number or a list",
            "[article-widget] ignored theme: not a string, a whole number or a list",
        ]
    );
    drop(warnings);
    handle.destroy();
    host.remove();
}

/// Options a hostile or careless page may pass: a sparse list of length
/// 2³² − 1 (read by what it holds, not its length), getters and Proxy traps
/// that throw, a revoked Proxy, and a polluted `Object.prototype.hasOwnProperty`.
/// None may throw into the page, freeze it, or cost more than its option.
#[wasm_bindgen_test]
async fn hostile_options_cost_only_their_option_and_never_throw() {
    let host = host_with_fallback();
    let saved = js_sys::Reflect::get(&js_sys::Object::new(), &"hasOwnProperty".into()).unwrap();
    let feed = blob_url(&small_feed(4), "application/feed+json");
    let options = js_sys::Function::new_with_args(
        "feed",
        "const huge = []; huge.length = 4294967295; huge[4294967294] = 'date';
         const revoked = Proxy.revocable({}, {}); revoked.revoke();
         const options = { feed: feed, loading: 'eager', limit: 2, show: huge, layout: revoked.proxy,
           heading: new Proxy({}, { ownKeys() { throw new Error('trap'); }, getOwnPropertyDescriptor() { throw new Error('trap'); } }) };
         Object.defineProperty(options, 'theme', { enumerable: true, get() { throw new Error('getter'); } });
         Object.prototype.hasOwnProperty = function () { return true; };
         Object.prototype.accent = 'red';
         return options;",
    )
    .call1(&JsValue::NULL, &feed.into())
    .unwrap();
    let restore = js_sys::Function::new_with_args(
        "saved",
        "Object.prototype.hasOwnProperty = saved; delete Object.prototype.accent;",
    );
    let mounted = mount(host.clone(), options.clone(), None, None, None, 0.0);
    let mut handle = mounted.expect("mount reads any options without throwing");
    handle.update(options);
    restore.call1(&JsValue::NULL, &saved).unwrap();
    let root = host.shadow_root().unwrap().last_element_child().unwrap();
    wait_for(&root, ".aw-card__link").await;
    assert_eq!(all(&root, ".aw-card").len(), 2, "limit: 2 still read");
    assert!(
        !one(&root, ".aw-widget").get_attribute("style").unwrap_or_default().contains("red"),
        "no inherited accent"
    );
    handle.destroy();
    host.remove();
}

#[wasm_bindgen_test]
async fn event_details_are_plain_objects_with_null_for_a_missing_url() {
    let host = host_with_fallback();
    let details = Rc::new(RefCell::new(Vec::<(String, JsValue)>::new()));
    let listener = {
        let details = details.clone();
        Closure::<dyn Fn(CustomEvent)>::new(move |event: CustomEvent| {
            details.borrow_mut().push((event.type_(), event.detail()));
        })
    };
    for name in ["articlewidget:ready", "articlewidget:open", "articlewidget:error"] {
        host.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref()).unwrap();
    }
    let keys = |detail: &JsValue| -> Vec<String> {
        Object::keys(detail.unchecked_ref::<Object>()).iter().filter_map(|key| key.as_string()).collect()
    };

    let feed = blob_url(&small_feed(1), "application/feed+json");
    let mut handle =
        mount(host.clone(), options(&[("feed", &feed), ("loading", "eager")]), None, None, None, 0.0).unwrap();
    let root = host.shadow_root().unwrap().last_element_child().unwrap();
    wait_for(&root, ".aw-card__link").await.unchecked_into::<web_sys::HtmlElement>().click();
    yew::scheduler::flush().await;
    {
        let details = details.borrow();
        let [(ready, ready_detail), (open, open_detail)] = &details[..] else { panic!("{details:?}") };
        assert_eq!((ready.as_str(), keys(ready_detail)), ("articlewidget:ready", vec!["count".to_owned()]));
        assert_eq!(Reflect::get(ready_detail, &"count".into()).unwrap().as_f64(), Some(1.0));
        assert_eq!((open.as_str(), keys(open_detail)), ("articlewidget:open", vec!["id".to_owned(), "url".to_owned()]));
        assert_eq!(Reflect::get(open_detail, &"id".into()).unwrap().as_string().as_deref(), Some("item-1"));
        // `=== null`, as the README promises, not undefined.
        assert!(Reflect::get(open_detail, &"url".into()).unwrap().is_null());
    }
    handle.destroy();

    details.borrow_mut().clear();
    let mut handle = mount(host.clone(), options(&[("loading", "eager")]), None, None, None, 0.0).unwrap();
    let root = host.shadow_root().unwrap().last_element_child().unwrap();
    wait_for(&root, ".aw-error__message").await;
    {
        let details = details.borrow();
        let [(error, detail)] = &details[..] else { panic!("{details:?}") };
        assert_eq!(
            (error.as_str(), keys(detail)),
            ("articlewidget:error", vec!["kind".to_owned(), "message".to_owned()])
        );
        assert_eq!(Reflect::get(detail, &"kind".into()).unwrap().as_string().as_deref(), Some("config"));
        assert!(Reflect::get(detail, &"message".into()).unwrap().is_string());
    }
    handle.destroy();
    host.remove();
}
