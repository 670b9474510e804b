//! The states around the content: loading, empty, failed, not found. Plain
//! view functions: they hold no state, and a component each would cost its
//! machinery in every wasm that shows them.

use yew::prelude::*;

use super::{back_link, Ui};
use crate::load::LoadError;

/// Grey placeholder cards in the shape of the list, so nothing jumps when
/// the articles arrive: the heading's box (its rule, no text) and card boxes
/// (`aw-card`, whose height the embed fixes) like the list's.
pub fn list_skeleton(ui: &Ui, rows: usize) -> Html {
    html! {
        <section class="aw-list aw-skeleton" aria-busy="true" aria-live="polite">
            <span class="aw-visually-hidden">{ ui.text().loading }</span>
            <div class="aw-list__heading"></div>
            <ul class="aw-list__items" aria-hidden="true">
                { for (0..rows).map(|_| html! {
                    // Its two grey lines are drawn by the CSS (::before, ::after).
                    <li class="aw-card aw-skeleton__card"></li>
                }) }
            </ul>
        </section>
    }
}

pub fn article_skeleton(ui: &Ui) -> Html {
    html! {
        <article class="aw-article aw-skeleton" aria-busy="true" aria-live="polite">
            <span class="aw-visually-hidden">{ ui.text().loading }</span>
            <div class="aw-skeleton__line aw-skeleton__line--h1" aria-hidden="true"></div>
            { for (0..5).map(|_| html! { <div class="aw-skeleton__line" aria-hidden="true"></div> }) }
        </article>
    }
}

pub fn empty_state(ui: &Ui) -> Html {
    html! { <p class="aw-empty">{ ui.text().empty }</p> }
}

/// The one renderer of a [`LoadError`]: what went wrong in words, the
/// technical detail, a retry button and, when known, the publisher's site.
pub fn error_view(ui: &Ui, error: &LoadError, on_retry: &Callback<()>, site_url: Option<&AttrValue>) -> Html {
    let text = ui.text();
    let onclick = on_retry.reform(|_: MouseEvent| ());
    html! {
        <section class="aw-error" part="error" role="alert" aria-live="polite">
            <h2 class="aw-error__heading">{ text.error_heading }</h2>
            <p class="aw-error__message">{ (text.load_error)(error) }</p>
            <p class="aw-error__detail">{ error.to_string() }</p>
            <p class="aw-error__actions">
                <button type="button" class="aw-button" {onclick}>{ text.retry }</button>
                if let Some(site) = site_url {
                    <a class="aw-error__site" href={site.clone()}>{ text.visit_site }</a>
                }
            </p>
        </section>
    }
}

/// "Page not found", or with `article` "article not found", with a way home
/// (none when `home_href` is empty: a one-article widget has no list).
pub fn not_found(ui: &Ui, article: bool, home_href: &AttrValue, on_home: &Callback<()>) -> Html {
    let text = ui.text();
    let (heading, message) = if article {
        (text.article_not_found_heading, text.article_not_found_body)
    } else {
        (text.not_found_heading, text.not_found_body)
    };
    html! {
        <section class="aw-not-found">
            <h1>{ heading }</h1>
            <p>{ message }</p>
            if !home_href.is_empty() {
                <p>{ back_link(home_href, on_home, text) }</p>
            }
        </section>
    }
}
