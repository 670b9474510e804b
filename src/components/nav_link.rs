use yew::prelude::*;

use crate::ui_text::{Lang, Text};

/// What a click on a [`card_link`] does besides telling the parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NavMode {
    /// A plain left click is handed to the parent, which navigates in place.
    #[default]
    Intercept,
    /// The browser follows the link.
    Follow,
    /// The browser opens the link in a new tab.
    NewTab,
}

/// A card's link to its article: a real link (it can be opened in a new
/// tab, copied, crawled) whose plain clicks are reported through
/// `on_navigate` and, when intercepted, handled there without a page load.
pub fn card_link(
    href: &AttrValue,
    mode: NavMode,
    on_navigate: &Callback<()>,
    node_ref: NodeRef,
    children: Html,
) -> Html {
    let onclick = on_click(mode, on_navigate);
    let (target, rel) = match mode {
        NavMode::NewTab => (Some("_blank"), Some("noopener noreferrer")),
        NavMode::Intercept | NavMode::Follow => (None, None),
    };
    html! { <a class="aw-card__link" ref={node_ref} href={href.clone()} {target} {rel} {onclick}>{ children }</a> }
}

/// "← Back to the list", handled in place like an intercepted [`card_link`].
pub fn back_link(href: &AttrValue, on_back: &Callback<()>, text: &Text) -> Html {
    let onclick = on_click(NavMode::Intercept, on_back);
    html! { <a class="aw-back" part="back" href={href.clone()} {onclick}>{ "← " }{ text.back_to_list }</a> }
}

/// A link of a [`pager`]: where it goes, and what a plain click does
/// besides (the app moves there in place; a prerendered page's links have
/// no handler and the browser follows them).
#[derive(Clone, Debug, PartialEq)]
pub struct PageLink {
    pub href: AttrValue,
    pub on_go: Callback<()>,
}

/// "← Newer · Older →": plain links between the pages of a list, newest
/// first, so that readers without JavaScript and crawlers reach every page.
/// `rel="next"` is the older page, as the feed's `next_url` goes back in
/// time, and `rel="prev"` the newer one.
pub fn pager(lang: Lang, newer: Option<PageLink>, older: Option<PageLink>) -> Html {
    let text = lang.archive_text();
    let link = |link: PageLink, class: &'static str, rel: &'static str, label: Html| {
        let onclick = on_click(NavMode::Intercept, &link.on_go);
        html! { <a {class} {rel} href={link.href} {onclick}>{ label }</a> }
    };
    html! {
        <nav class="aw-pager" aria-label={text.pages}>
            if let Some(newer) = newer {
                { link(newer, "aw-pager__newer", "prev", html! { <><span aria-hidden="true">{ "← " }</span>{ text.newer }</> }) }
            }
            if let Some(older) = older {
                { link(older, "aw-pager__older", "next", html! { <>{ text.older }<span aria-hidden="true">{ " →" }</span></> }) }
            }
        </nav>
    }
}

/// Where a card's tags lead (the app's tag pages) and what a plain click on
/// one does (the app navigates in place).
#[derive(Clone, PartialEq)]
pub struct TagLinks {
    pub href: Callback<String, AttrValue>,
    pub on_go: Callback<String>,
}

/// One tag of a card: a link to its page where tags have pages, else an
/// `<a>` without `href`, which is no link, only text (one element either
/// way, so the embed carries one view of it).
pub fn tag_link(tag: &str, links: Option<&TagLinks>) -> Html {
    // Only the app's module and the CLI give tags pages: the embed's module
    // leaves this branch out.
    let pages = cfg!(any(feature = "spa", not(target_arch = "wasm32")));
    let (href, onclick) = match links {
        Some(links) if pages => {
            let (on_go, name) = (links.on_go.clone(), tag.to_owned());
            let go = Callback::from(move |()| on_go.emit(name.clone()));
            (Some(links.href.emit(tag.to_owned())), Some(on_click(NavMode::Intercept, &go)))
        }
        _ => (None, None),
    };
    html! { <a class="aw-card__tag" {href} {onclick}>{ tag }</a> }
}

fn on_click(mode: NavMode, on_navigate: &Callback<()>) -> Callback<MouseEvent> {
    let on_navigate = on_navigate.clone();
    Callback::from(move |event: MouseEvent| {
        let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
        if event.button() == 0 && !modified {
            if mode == NavMode::Intercept {
                event.prevent_default();
            }
            on_navigate.emit(());
        }
    })
}
