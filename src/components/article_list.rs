use std::rc::Rc;

use yew::prelude::*;

use super::window::use_window;
use super::{empty_state, use_ui, ArticleCard, NavMode};
use crate::model::{Feed, LazyArticle};
use crate::options::CardParts;
use crate::platform::number_text;

#[derive(Properties, PartialEq)]
pub struct ArticleListProps {
    pub feed: Rc<Feed>,
    /// Replaces the default heading ("最新信息").
    #[prop_or_default]
    pub heading: Option<AttrValue>,
    /// The link for an article id.
    pub href_for: Callback<String, AttrValue>,
    pub on_open: Callback<String>,
    #[prop_or_default]
    pub mode: NavMode,
    #[prop_or_default]
    pub show: CardParts,
    /// Show at most this many articles.
    #[prop_or_default]
    pub limit: Option<usize>,
    /// The article whose card takes focus (the one the reader came back
    /// from), and which return this is.
    #[prop_or_default]
    pub focus: Option<(String, u32)>,
    /// "Load more": shown when there is more, to show or to fetch.
    #[prop_or_default]
    pub more: MoreProps,
    /// The list is a stored copy: the fresh feed could not be had.
    #[prop_or_default]
    pub stale: bool,
    /// How many new articles a re-check found: a banner offers them.
    #[prop_or_default]
    pub new_articles: usize,
    /// Shows the new articles (the banner's action).
    #[prop_or_default]
    pub on_show_new: Callback<()>,
    /// Where tags lead, for cards that show tags.
    #[prop_or_default]
    pub tag_links: Option<super::TagLinks>,
}

/// The state of the list's "Load more" control.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MoreProps {
    pub available: bool,
    pub loading: bool,
    pub error: Option<crate::load::LoadError>,
    pub on_load_more: Callback<()>,
}

#[component]
pub fn ArticleList(props: &ArticleListProps) -> Html {
    let ui = use_ui();
    let text = ui.text();
    let feed = &props.feed;
    let heading = props.heading.clone().unwrap_or(AttrValue::Static(text.latest_heading));
    let limit = props.limit.unwrap_or(usize::MAX);
    let shown: Vec<&Rc<LazyArticle>> = feed.articles.iter().take(limit).collect();
    let list = use_node_ref();
    let focus_index = props.focus.as_ref().and_then(|(id, _)| shown.iter().position(|article| article.id == *id));
    let window = use_window(list.clone(), feed, shown.len(), focus_index);
    let partial = window.is_partial(shown.len());
    // The window keeps the reader's place itself; the browser's own scroll
    // anchoring would move it twice.
    let style = style_property(partial.then(|| {
        format!("padding-top:{}px;padding-bottom:{}px;overflow-anchor:none", px(window.before_px), px(window.after_px))
    }));
    html! {
        <section class="aw-list" aria-labelledby="aw-list-heading">
            <h2 id="aw-list-heading" class="aw-list__heading" part="heading">{ heading }</h2>
            // Always there, so that what appears in it is announced (politely);
            // the banner lies over the heading row and moves nothing.
            <div class="aw-list__new" role="status">
                if props.new_articles > 0 {
                    // No `type`: there is no form for it to submit.
                    <button class="aw-button" part="banner" onclick={clicks(&props.on_show_new)}>
                        { (text.new_articles)(props.new_articles) }
                    </button>
                }
            </div>
            if feed.articles.is_empty() {
                { empty_state(&ui) }
            } else {
                <ul class="aw-list__items" ref={list} ~style={style}>
                    { for shown.get(window.start..window.end).unwrap_or_default().iter().enumerate().map(|(k, article)| html! {
                        <ArticleCard
                            key={article.id.as_str()}
                            article={Rc::clone(article)}
                            position={partial.then_some((window.start + k + 1, shown.len()))}
                            href={props.href_for.emit(article.id.clone())}
                            on_open={props.on_open.clone()}
                            mode={props.mode}
                            show={props.show}
                            focus={props.focus.as_ref().filter(|(id, _)| *id == article.id).map(|(_, n)| *n)}
                            tag_links={props.tag_links.clone()}
                        />
                    }) }
                </ul>
            }
            // One row, always there: the embed reserves its height (`reserve`).
            <div class="aw-list__foot">
                if props.stale {
                    <p class="aw-list__stale" role="status">{ text.stale_note }</p>
                }
                if !feed.skipped.is_empty() {
                    <p class="aw-list__skipped">{ (text.skipped_items)(feed.skipped.len()) }</p>
                }
                if props.more.available {
                    <div class="aw-list__more" aria-live="polite">
                        if props.more.error.is_some() {
                            <p class="aw-list__more-error">{ text.load_more_failed }</p>
                        }
                        <button
                            type="button"
                            class="aw-button aw-button--quiet"
                            part="load-more"
                            disabled={props.more.loading}
                            aria-busy={props.more.loading.then_some("true")}
                            onclick={clicks(&props.more.on_load_more)}
                        >
                            { if props.more.loading { text.loading } else { text.load_more } }
                        </button>
                    </div>
                }
            </div>
        </section>
    }
}

/// A button's clicks as `callback`'s calls: one closure type for both
/// buttons (each `reform` closure would be code of its own).
fn clicks(callback: &Callback<()>) -> Callback<MouseEvent> {
    callback.reform(|_| ())
}

/// The padding as the `style` *property* (`~style`): Yew assigns it as
/// `element.style = "…"`, which goes through the CSSOM, so the site's
/// Content-Security-Policy (no `'unsafe-inline'` for styles) allows it where
/// it drops a `style` attribute; and it lands in the same DOM patch as the
/// cards, before any effect (the window's, a card's focus) measures them.
/// SSR writes no properties, so a prerendered list has no padding.
fn style_property(css: Option<String>) -> wasm_bindgen::JsValue {
    #[cfg(target_arch = "wasm32")]
    {
        wasm_bindgen::JsValue::from_str(css.as_deref().unwrap_or(""))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        drop(css);
        wasm_bindgen::JsValue::UNDEFINED
    }
}

/// A CSS length in px, written by [`number_text`]; under a millionth of a
/// pixel (where JavaScript would switch to an exponent, which CSS does not
/// read) is 0.
fn px(value: f64) -> String {
    if value < 1e-6 {
        return "0".to_owned();
    }
    number_text(value)
}
