use yew::prelude::*;

use super::NavLink;
use crate::load::LoadError;
use crate::text::use_text;

#[derive(Properties, PartialEq)]
pub struct ListSkeletonProps {
    #[prop_or(6)]
    pub rows: usize,
}

/// Grey placeholder cards in the shape of the list, so nothing jumps when
/// the articles arrive.
#[component]
pub fn ListSkeleton(props: &ListSkeletonProps) -> Html {
    let text = use_text();
    html! {
        <section class="aw-list aw-skeleton" aria-busy="true" aria-live="polite">
            <span class="aw-visually-hidden">{ text.loading }</span>
            <div class="aw-skeleton__line aw-skeleton__line--heading"></div>
            <ul class="aw-list__items" aria-hidden="true">
                { for (0..props.rows).map(|_| html! {
                    <li class="aw-skeleton__card">
                        <div class="aw-skeleton__line aw-skeleton__line--title"></div>
                        <div class="aw-skeleton__line"></div>
                        <div class="aw-skeleton__line aw-skeleton__line--short"></div>
                    </li>
                }) }
            </ul>
        </section>
    }
}

#[component]
pub fn ArticleSkeleton() -> Html {
    let text = use_text();
    html! {
        <article class="aw-article aw-skeleton" aria-busy="true" aria-live="polite">
            <span class="aw-visually-hidden">{ text.loading }</span>
            <div class="aw-skeleton__line aw-skeleton__line--h1" aria-hidden="true"></div>
            { for (0..5).map(|_| html! { <div class="aw-skeleton__line" aria-hidden="true"></div> }) }
        </article>
    }
}

#[component]
pub fn EmptyState() -> Html {
    let text = use_text();
    html! { <p class="aw-empty">{ text.empty }</p> }
}

#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    pub error: LoadError,
    pub on_retry: Callback<()>,
    /// The publisher's site, offered as a way out.
    #[prop_or_default]
    pub site_url: Option<AttrValue>,
}

/// The one component that renders a [`LoadError`].
#[component]
pub fn ErrorView(props: &ErrorViewProps) -> Html {
    let text = use_text();
    let onclick = props.on_retry.reform(|_: MouseEvent| ());
    html! {
        <section class="aw-error" role="alert" aria-live="polite">
            <h2 class="aw-error__heading">{ text.error_heading }</h2>
            <p class="aw-error__message">{ (text.load_error)(&props.error) }</p>
            <p class="aw-error__detail">{ props.error.to_string() }</p>
            <p class="aw-error__actions">
                <button type="button" class="aw-button" {onclick}>{ text.retry }</button>
                if let Some(site) = &props.site_url {
                    <a class="aw-error__site" href={site}>{ text.visit_site }</a>
                }
            </p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct NotFoundProps {
    /// What was not found: an article, or else a page.
    #[prop_or_default]
    pub article: bool,
    pub home_href: AttrValue,
    pub on_home: Callback<()>,
}

#[component]
pub fn NotFound(props: &NotFoundProps) -> Html {
    let text = use_text();
    let (heading, message) = if props.article {
        (text.article_not_found_heading, text.article_not_found_body)
    } else {
        (text.not_found_heading, text.not_found_body)
    };
    html! {
        <section class="aw-not-found">
            <h1>{ heading }</h1>
            <p>{ message }</p>
            <p>
                <NavLink class="aw-back" href={&props.home_href} on_navigate={props.on_home.clone()}>
                    { "← " }{ text.back_to_list }
                </NavLink>
            </p>
        </section>
    }
}
