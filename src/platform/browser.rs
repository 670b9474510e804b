use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DomParser, Element, Node, SupportedType, Url};

use crate::model::{to_blocks, without_bom, Block, Feed, FeedError, HtmlNode, Platform};

mod de;

pub use de::{JsRaw, OwnValue};

/// Parsing in the browser: links resolved with `URL` against the URL the feed
/// came from; HTML parsed into an inert document (`DOMParser` runs no script
/// and loads nothing), then converted to blocks.
#[derive(Clone)]
pub struct BrowserPlatform {
    feed_url: String,
    parser: Option<DomParser>,
}

impl BrowserPlatform {
    pub fn new(feed_url: String) -> Self {
        BrowserPlatform { feed_url, parser: DomParser::new().ok() }
    }
}

impl BrowserPlatform {
    /// Reads a feed's text: parsed by the browser's `JSON.parse` (no JSON
    /// parser ships in the wasm), then decoded into the model's wire shapes
    /// by serde through `OwnValue` (own properties only), each article when
    /// it is first looked at.
    pub fn parse_feed(&self, text: &str) -> Result<Feed, FeedError> {
        let document = js_sys::JSON::parse(without_bom(text))
            .map_err(|error| FeedError::NotJson(js_sys::Error::from(error).message().into()))?;
        Feed::decode_lazy(&JsRaw(document), std::rc::Rc::new(self.clone()))
    }
}

impl Platform for BrowserPlatform {
    fn resolve(&self, reference: &str, base: Option<&str>) -> Option<String> {
        Url::new_with_base(reference, base.unwrap_or(&self.feed_url)).ok().map(|url| url.href())
    }

    fn html_to_blocks(&self, html: &str, base: Option<&str>) -> Option<Vec<Block>> {
        let document = self.parser.as_ref()?.parse_from_string(html, SupportedType::TextHtml).ok()?;
        let body = document.body()?;
        let resolve = |reference: &str| self.resolve(reference, base);
        Some(to_blocks(&DomNode(body.into()), &resolve))
    }
}

struct DomNode(Node);

impl HtmlNode for DomNode {
    fn element_name(&self) -> Option<String> {
        self.0.dyn_ref::<Element>().map(|element| element.local_name().to_ascii_lowercase())
    }

    fn text(&self) -> Option<String> {
        (self.0.node_type() == Node::TEXT_NODE).then(|| self.0.node_value()).flatten()
    }

    fn attribute(&self, name: &str) -> Option<String> {
        self.0.dyn_ref::<Element>()?.get_attribute(name)
    }

    fn children(&self) -> Vec<Self> {
        // Sibling links, O(1) a step in any engine (a `NodeList`'s `item(i)`
        // is only fast while the engine's cache holds).
        std::iter::successors(self.0.first_child(), Node::next_sibling).map(DomNode).collect()
    }
}

#[wasm_bindgen]
extern "C" {
    /// `Object.keys(object)`, caught: a page's Proxy may throw from its trap.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(object: &JsValue) -> Result<Array, JsValue>;
    /// `Array.isArray(value)`, caught: it throws for a revoked Proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// Whether `key` is the object's own property. Asked of `Reflect`, which a
/// page cannot reach through `Object.prototype` (a polluted
/// `Object.prototype.hasOwnProperty` would decide for us), and caught, so a
/// Proxy's throwing trap reads as "not there" instead of throwing into the page.
pub(crate) fn has_own_property(object: &JsValue, key: &JsValue) -> bool {
    object.is_object()
        && Reflect::get_own_property_descriptor(object.unchecked_ref::<Object>(), key)
            .is_ok_and(|descriptor| !descriptor.is_undefined())
}

/// An object's own enumerable string keys; none when a Proxy refuses.
pub(crate) fn own_keys(object: &JsValue) -> Array {
    object_keys(object).unwrap_or_default()
}

/// `Array.isArray`, false where it would throw.
pub(crate) fn is_array(value: &JsValue) -> bool {
    array_is_array(value).unwrap_or(false)
}

/// The object's own member `key`, never one inherited: a partner page may
/// have put anything on `Object.prototype`. `None` when it is `undefined`,
/// or when reading it throws (a getter, a Proxy).
pub fn own_property(object: &JsValue, key: &JsValue) -> Option<JsValue> {
    if !has_own_property(object, key) {
        return None;
    }
    Reflect::get(object, key).ok().filter(|value| !value.is_undefined())
}

thread_local! {
    /// The browser's grapheme segmenter, made once; `None` where there is no
    /// `Intl.Segmenter` (Firefox before 125).
    static SEGMENTER: Option<js_sys::Intl::Segmenter> = {
        let intl = Reflect::get(&js_sys::global(), &"Intl".into()).unwrap_or_default();
        Reflect::has(&intl, &"Segmenter".into())
            .unwrap_or(false)
            .then(|| js_sys::Intl::Segmenter::new(&Array::new(), &js_sys::Object::new()))
    };
}

/// See [`crate::model::GraphemeCut`]: `Intl.Segmenter`'s grapheme clusters,
/// else (without one) code points.
pub fn grapheme_cut(text: &str, max: usize) -> Option<usize> {
    let utf16_end = SEGMENTER.with(|segmenter| {
        let segments = segmenter.as_ref()?.segment(text);
        let mut end = 0;
        for _ in 0..max {
            let segment = segments.containing(end)?;
            end = segment.index() + segment.segment().length();
        }
        segments.containing(end).map(|_| end as usize)
    });
    match utf16_end {
        Some(utf16_end) => {
            let mut units = 0;
            text.char_indices().find_map(|(offset, c)| {
                let at = (units >= utf16_end).then_some(offset);
                units += c.len_utf16();
                at
            })
        }
        None if SEGMENTER.with(Option::is_none) => text.char_indices().nth(max).map(|(offset, _)| offset),
        None => None,
    }
}
