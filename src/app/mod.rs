//! The standalone single-page app: routes, pages and start-up.

mod pages;
mod route;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::{use_feed, FeedHandle};
pub use route::Route;

/// `<meta name="article-widget:feed" content="…">`: the feed to show, read
/// when the app starts so one build serves any publisher's feed.
pub const FEED_META: &str = "article-widget:feed";
/// `<meta name="article-widget:site" content="…">`: the publisher's site,
/// offered as a way out of the error state.
pub const SITE_META: &str = "article-widget:site";

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub feed_url: Option<AttrValue>,
    #[prop_or_default]
    pub site_url: Option<AttrValue>,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let feed = use_feed(props.feed_url.clone());
    html! {
        <BrowserRouter>
            <ContextProvider<FeedHandle> context={feed}>
                <ContextProvider<SiteUrl> context={SiteUrl(props.site_url.clone())}>
                    <main class="aw-app">
                        <Switch<Route> render={pages::switch} />
                    </main>
                </ContextProvider<SiteUrl>>
            </ContextProvider<FeedHandle>>
        </BrowserRouter>
    }
}

/// The publisher's site, for pages that offer a way out.
#[derive(Clone, PartialEq)]
pub struct SiteUrl(pub Option<AttrValue>);

/// Mounts the SPA on `#app` (else `<body>`), configured from the page's
/// `<meta>` tags.
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
            .map(|content| content.trim().to_owned())
            .filter(|content| !content.is_empty())
            .map(AttrValue::from)
    };
    let props = AppProps {
        feed_url: meta(FEED_META),
        site_url: meta(SITE_META),
    };
    let root = document
        .get_element_by_id("app")
        .or_else(|| document.body().map(Into::into));
    if let Some(root) = root {
        yew::Renderer::<App>::with_root_and_props(root, props).render();
    }
}
