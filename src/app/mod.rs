//! The standalone single-page app: routes, pages and start-up.

mod pages;
mod router;

use std::rc::Rc;

use yew::prelude::*;

use crate::api::Handover;
use crate::components::{Clock, Ui};
use crate::hooks::{use_feed, FeedHandle, FeedLoad};
use crate::load::FetchState;
use crate::options::{refresh_period, APP_REFRESH_SECONDS};
use crate::platform::intl;
use crate::route::{Routing, Site};
use crate::ui_text::Lang;
pub use router::{use_router, Router, RouterHandle};

/// `<meta name="article-widget:feed" content="…">`: the feed to show, read
/// when the app starts so one build serves any publisher's feed.
pub const FEED_META: &str = "article-widget:feed";
/// `<meta name="article-widget:site" content="…">`: the publisher's site,
/// offered as a way out of the error state.
pub const SITE_META: &str = "article-widget:site";
/// `<meta name="article-widget:routing" content="hash">`: hash routing, for
/// static hosts that answer only the files they have.
pub const ROUTING_META: &str = "article-widget:routing";
/// `<meta name="article-widget:refresh" content="300">`: how often, in
/// seconds, the list checks the feed for new articles (`off`: never; by
/// default every [`APP_REFRESH_SECONDS`]), as the embed's `refresh` option.
pub const REFRESH_META: &str = "article-widget:refresh";

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub feed_url: Option<AttrValue>,
    #[prop_or_default]
    pub site_url: Option<AttrValue>,
    /// The base path and routing the app's URLs use.
    #[prop_or_default]
    pub site: Rc<Site>,
    /// Called once the page shows its content (not a skeleton): when the app
    /// takes over a prerendered page, that is when it can swap.
    #[prop_or_default]
    pub on_ready: Callback<()>,
    /// Seconds between checks for new articles; `None`: none.
    #[prop_or(Some(APP_REFRESH_SECONDS))]
    pub refresh: Option<u32>,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let load = FeedLoad { stored: true, refresh: props.refresh, ..FeedLoad::default() };
    let feed = use_feed(props.feed_url.clone(), true, &Handover::default(), load);
    // The UI speaks the feed's language (Chinese until the feed says otherwise).
    let lang = match &feed.state {
        FetchState::Loaded(loaded) => loaded.language.as_deref().and_then(Lang::from_tag),
        FetchState::Loading | FetchState::Failed(_) => None,
    }
    .unwrap_or_default();
    let now = use_memo(feed.state.clone(), |_| intl::now());
    let ui = Ui { lang, clock: Clock { now: Some(*now), local: None } };
    let came_back_from = use_state_eq(|| None::<String>);
    let context = AppContext {
        feed,
        feed_url: props.feed_url.clone(),
        came_back_from,
        site_url: props.site_url.clone(),
        ready: props.on_ready.clone(),
    };
    html! {
        <Router site={props.site.clone()}>
            <ContextProvider<AppContext> {context}>
                <ContextProvider<Ui> context={ui}>
                    <main class="aw-app aw-root" lang={lang.tag()}>
                        <pages::Pages />
                    </main>
                </ContextProvider<Ui>>
            </ContextProvider<AppContext>>
        </Router>
    }
}

/// What every page shares, as one context rather than one per part.
#[derive(Clone, PartialEq)]
pub struct AppContext {
    /// The feed, loaded once by [`App`], so that opening an article from
    /// the list costs no request.
    pub feed: FeedHandle,
    /// The feed's address: archive pages are beside it (`route::archive_feed`).
    pub feed_url: Option<AttrValue>,
    /// The article the reader last opened, whose card takes focus on the way back.
    pub came_back_from: UseStateHandle<Option<String>>,
    /// The publisher's site, for pages that offer a way out.
    pub site_url: Option<AttrValue>,
    /// Pages call it when they show their content, not a skeleton.
    pub ready: Callback<()>,
}

/// Mounts the SPA on `#app` (else `<body>`) when the page asks for it with
/// `<meta name="article-widget:feed">`; a page without the tag is left
/// alone. Partner pages never load this module: the embed is a wasm module
/// of its own (`src/bin/embed.rs`).
pub fn start_spa() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let meta = |name: &str| {
        document
            .query_selector(&format!("meta[name=\"{name}\"]"))
            .ok()
            .flatten()
            .and_then(|element| element.get_attribute("content"))
    };
    let Some(feed_url) = meta(FEED_META) else {
        return;
    };
    // Relative to the page's base, so one `index.html` works under any path.
    let base_uri = document.base_uri().ok().flatten().unwrap_or_default();
    let non_empty = |value: String| {
        let value = value.trim();
        let absolute = web_sys::Url::new_with_base(value, &base_uri).map(|url| url.href());
        (!value.is_empty()).then(|| AttrValue::from(absolute.unwrap_or_else(|_| value.to_owned())))
    };
    let routing = meta(ROUTING_META).as_deref().and_then(Routing::from_name).unwrap_or_default();
    let site = Rc::new(Site::new(&base_path(&document), routing));
    let mut props = AppProps {
        feed_url: non_empty(feed_url),
        site_url: meta(SITE_META).and_then(non_empty),
        site,
        on_ready: Callback::noop(),
        // A value that is not one (a typo) keeps the default.
        refresh: meta(REFRESH_META).and_then(|value| refresh_period(value.trim())).unwrap_or(Some(APP_REFRESH_SECONDS)),
    };
    let Some(root) = document.get_element_by_id("app").or_else(|| document.body().map(Into::into)) else {
        return;
    };
    // A prerendered page stays on screen until the app can show the same
    // content: the app renders beside it, hidden, and then takes its place,
    // so there is no flash of a skeleton in between.
    let prerendered = root.id() == "app" && root.has_child_nodes();
    let target = match prerendered.then(|| take_over(&document, &root)).flatten() {
        Some((target, on_ready)) => {
            props.on_ready = on_ready;
            target
        }
        None => root,
    };
    yew::Renderer::<App>::with_root_and_props(target, props).render();
}

/// A hidden element after the prerendered `#app` for the app to render in,
/// and the callback that swaps the two (once).
fn take_over(document: &web_sys::Document, prerendered: &web_sys::Element) -> Option<(web_sys::Element, Callback<()>)> {
    use wasm_bindgen::JsCast;
    let target: web_sys::HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
    target.set_hidden(true);
    prerendered.after_with_node_1(&target).ok()?;
    let (old, new) = (prerendered.clone(), target.clone());
    let swapped = std::cell::Cell::new(false);
    let on_ready = Callback::from(move |()| {
        if !swapped.replace(true) {
            // A reader who already tabbed to a link keeps their place.
            let focused_href = old
                .owner_document()
                .and_then(|document| document.active_element())
                .filter(|active| old.contains(Some(active)))
                .and_then(|active| active.get_attribute("href"));
            old.remove();
            new.set_id("app");
            new.set_hidden(false);
            let same_link = focused_href.and_then(|href| {
                new.query_selector(&format!("a[href=\"{}\"]", href.split('"').collect::<Vec<_>>().join("\\\"")))
                    .ok()
                    .flatten()
            });
            if let Some(link) = same_link.and_then(|link| link.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = link.focus();
            }
        }
    });
    Some((target.into(), on_ready))
}

/// The path the app is served under: that of `<base href>` (Trunk writes its
/// `--public-url` there), else the origin's root.
fn base_path(document: &web_sys::Document) -> String {
    let has_base = document.query_selector("base[href]").ok().flatten().is_some();
    document
        .base_uri()
        .ok()
        .flatten()
        .filter(|_| has_base)
        .and_then(|base| web_sys::Url::new(&base).ok())
        .map_or_else(|| "/".to_owned(), |url| url.pathname())
}
