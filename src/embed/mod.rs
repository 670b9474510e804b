//! The only code that touches a host page: mounting a widget into a
//! partner's element, inside an open shadow root, and the JS API that
//! `www/embed.js` exposes as `window.ArticleWidget`.

mod widget;

use std::mem::ManuallyDrop;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Element, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

use crate::api::Handover;
pub use crate::events::WidgetEvent;
use crate::options::{OptionValue, OptionValues, WidgetOptions, NAMES};
use crate::platform::OwnValue;
pub use widget::{Widget, WidgetProps};

/// The widget's stylesheet, adopted by each shadow root (document CSS does
/// not reach in, and the widget adds nothing to the host's `<head>`).
const WIDGET_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

#[wasm_bindgen]
extern "C" {
    /// A constructable `CSSStyleSheet`: one per page, shared by every widget.
    #[wasm_bindgen(js_name = CSSStyleSheet)]
    type SharedSheet;
    #[wasm_bindgen(constructor, js_class = "CSSStyleSheet", catch)]
    fn new() -> Result<SharedSheet, JsValue>;
    #[wasm_bindgen(method, js_name = replaceSync, catch)]
    fn replace_sync(this: &SharedSheet, text: &str) -> Result<(), JsValue>;
}

thread_local! {
    /// The page's one sheet, made at the first mount; `None` where the engine
    /// cannot construct one. It lives as long as the page: `ManuallyDrop`
    /// spares the wasm the code that registers a destructor.
    static SHEET: ManuallyDrop<Option<SharedSheet>> = ManuallyDrop::new(shared_sheet());
}

fn shared_sheet() -> Option<SharedSheet> {
    let sheet = SharedSheet::new().ok()?;
    sheet.replace_sync(WIDGET_CSS).ok()?;
    Some(sheet)
}

/// Gives the shadow root the page's one sheet through `adoptedStyleSheets`
/// (no `<style>` per widget, and nothing a CSP without `'unsafe-inline'`
/// refuses). A root in another document than the sheet's (a frame's) cannot
/// adopt it and stays unstyled.
fn adopt(shadow: &ShadowRoot) {
    SHEET.with(|sheet| {
        if let Some(sheet) = sheet.as_ref() {
            let _ = js_sys::Reflect::set(shadow, &JsValue::from_str("adoptedStyleSheets"), &js_sys::Array::of1(sheet));
        }
    })
}

/// A mounted widget, as JS sees it: `refresh()`, `update(options)`,
/// `destroy()`.
#[wasm_bindgen]
pub struct WidgetHandle {
    mounted: Option<Mounted>,
}

struct Mounted {
    app: AppHandle<Widget>,
    host: Element,
    shadow: ShadowRoot,
    /// This mount's own element in the shadow root.
    root: Element,
    props: WidgetProps,
}

type Mount = fn(
    Element,
    JsValue,
    Option<String>,
    Option<js_sys::Promise>,
    Option<web_sys::AbortController>,
    f64,
) -> Result<WidgetHandle, JsValue>;

/// Called by the embed binary's `main`: a binary links only the library code
/// it names, and with it the exports (`mount`, `WidgetHandle`) it defines.
pub fn link() {
    std::hint::black_box(mount as Mount);
}

/// Renders a widget into `host`. `options` is a plain object whose keys are
/// the attribute names (`feed`, `limit`, …); values may be strings, numbers
/// or (for `show`) arrays. The rest is the feed request `embed.js` started
/// for this element, if any (see [`Handover`]): its URL, the promise of its
/// response, its controller, and when it started.
#[wasm_bindgen]
pub fn mount(
    host: Element,
    options: JsValue,
    url: Option<String>,
    response: Option<js_sys::Promise>,
    controller: Option<web_sys::AbortController>,
    started: f64,
) -> Result<WidgetHandle, JsValue> {
    let handover = Handover::new(url, response, controller, started);
    let mounted = attach(host, &options, handover.clone());
    if mounted.is_err() {
        handover.abandon();
    }
    mounted
}

fn attach(host: Element, options: &JsValue, handover: Handover) -> Result<WidgetHandle, JsValue> {
    // Read before the element is touched: whatever the options hold, the
    // partner's fallback content is never left hidden behind an empty root.
    let options = Rc::new(read_options(options));
    // A widget that cannot be styled is not shown: the fallback stays, as
    // when the wasm cannot load.
    if SHEET.with(|sheet| sheet.is_none()) {
        return Err("no CSSStyleSheet".into());
    }
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    shadow.replace_children_with_node_0();
    let document = host.owner_document().ok_or("the element has no document")?;
    adopt(&shadow);
    let root = document.create_element("div")?;
    shadow.append_child(&root)?;

    let props = WidgetProps {
        options,
        refresh: 0,
        site_url: fallback_link(&host).map(Into::into),
        on_event: event_dispatcher(host.clone()),
        handover,
    };
    let app = yew::Renderer::<Widget>::with_root_and_props(root.clone(), props.clone()).render();
    Ok(WidgetHandle { mounted: Some(Mounted { app, host, shadow, root, props }) })
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Fetches the feed again.
    pub fn refresh(&mut self) {
        if let Some(mounted) = &mut self.mounted {
            mounted.props.refresh += 1;
            mounted.app.update(mounted.props.clone());
        }
    }

    /// Applies new options (the element's attributes changed).
    pub fn update(&mut self, options: JsValue) {
        if let Some(mounted) = &mut self.mounted {
            let options = Rc::new(read_options(&options));
            if options != mounted.props.options {
                mounted.props.options = options;
                mounted.app.update(mounted.props.clone());
            }
        }
    }

    /// Aborts requests, removes the widget and shows the element's own
    /// (fallback) content again. Calling it twice does nothing.
    pub fn destroy(&mut self) {
        if let Some(Mounted { app, shadow, root, props, .. }) = self.mounted.take() {
            app.destroy();
            props.handover.abandon();
            // A later mount on the same element owns the shadow root now.
            if !root.parent_node().is_some_and(|parent| parent.is_same_node(Some(&shadow))) {
                return;
            }
            // A shadow root cannot be removed; a bare <slot> shows the light
            // DOM (the fallback link) as if there were none.
            shadow.replace_children_with_node_0();
            if let Some(document) = shadow.owner_document() {
                if let Ok(slot) = document.create_element("slot") {
                    let _ = shadow.append_child(&slot);
                }
            }
        }
    }

    /// The element the widget is mounted on, until destroyed.
    #[wasm_bindgen(getter)]
    pub fn element(&self) -> Option<Element> {
        self.mounted.as_ref().map(|mounted| mounted.host.clone())
    }
}

/// Reads `mount()`'s options object into [`OptionValues`], from the own
/// properties named in [`NAMES`] only (see [`OwnValue`]).
fn read_options(options: &JsValue) -> WidgetOptions {
    // Each value is read leniently, so the object as a whole always reads.
    let given = NAMES.map(|name| match crate::platform::own_property(options, &JsValue::from_str(name)) {
        Some(value) => OptionValue::deserialize(OwnValue(value)).unwrap_or_default(),
        None => OptionValue::Absent,
    });
    let parsed = WidgetOptions::parse(OptionValues::from_list(given));
    for warning in &parsed.warnings {
        web_sys::console::warn_1(&format!("[article-widget] {warning}").into());
    }
    parsed.options
}

/// The first link among the element's own children: what the publisher
/// pasted as the fallback, and where the error state sends readers.
fn fallback_link(host: &Element) -> Option<String> {
    let link = host.query_selector("a[href]").ok()??;
    let href = link.get_attribute("href")?;
    crate::model::safe_link(&href).map(|_| link.unchecked_into::<web_sys::HtmlAnchorElement>().href())
}

/// Turns widget events into `articlewidget:*` DOM events on the host element:
/// bubbling and composed, for the host's own analytics.
fn event_dispatcher(host: Element) -> yew::Callback<WidgetEvent> {
    yew::Callback::from(move |event: WidgetEvent| {
        let name = event.name();
        // `null`, not `undefined`, for what is missing (the README promises
        // `url: null` for an item without one).
        let detail = event.serialize(&Serializer::new().serialize_missing_as_null(true)).unwrap_or_default();
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(dom_event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = host.dispatch_event(&dom_event);
        }
    })
}
