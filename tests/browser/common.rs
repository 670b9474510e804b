use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Element, HtmlElement, Url};
use yew::{AppHandle, BaseComponent};

use article_widget::model::Feed;
use article_widget::platform::BrowserPlatform;

/// The sample feed as the browser reads it, from a feed URL on news.example.
pub fn sample_feed() -> Feed {
    BrowserPlatform::new("https://news.example/sample/feed.json".into()).parse_feed(crate::SAMPLE_FEED).unwrap()
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts `C` into a fresh element of its own; destroy the handle when done.
pub async fn mount<C: BaseComponent>(props: C::Properties) -> (AppHandle<C>, Element) {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    (handle, root)
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|node| node.unchecked_into()).collect()
}

pub fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

pub fn text(root: &Element, selector: &str) -> String {
    one(root, selector).text_content().unwrap_or_default()
}

pub async fn click(element: &Element) {
    element.unchecked_ref::<HtmlElement>().click();
    yew::scheduler::flush().await;
}

/// Waits until `selector` matches inside `root`, yielding to the event loop
/// between looks: for work that ends on the network rather than in Yew's
/// scheduler. Gives up after ten seconds so a broken app fails, not hangs.
pub async fn wait_for(root: &Element, selector: &str) -> Element {
    let deadline = js_sys::Date::now() + 10_000.0;
    while js_sys::Date::now() < deadline {
        if let Some(found) = root.query_selector(selector).unwrap() {
            // Let the render that added it finish, effects included.
            yew::scheduler::flush().await;
            return found;
        }
        yield_to_event_loop().await;
    }
    panic!("{selector} never appeared in {}", root.inner_html());
}

/// Lets queued tasks (timers, image error events…) run.
pub async fn yield_now() {
    yield_to_event_loop().await;
}

async fn yield_to_event_loop() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback(&resolve).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// A same-page URL serving `body`, for real fetches without a server.
pub fn blob_url(body: &str, mime: &str) -> String {
    let parts = js_sys::Array::of1(&JsValue::from_str(body));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).unwrap();
    Url::create_object_url_with_blob(&blob).unwrap()
}
