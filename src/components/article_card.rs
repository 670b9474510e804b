use std::rc::Rc;

use yew::prelude::*;

use super::{card_link, tag_link, time, use_ui, NavMode, TagLinks};
use crate::model::LazyArticle;
use crate::options::CardParts;
use crate::platform::grapheme_cut;

/// The most tags a card shows.
const CARD_TAGS: usize = 10;

#[derive(Properties, PartialEq)]
pub struct ArticleCardProps {
    pub article: Rc<LazyArticle>,
    /// Where the card links to, for new tabs and crawlers.
    pub href: AttrValue,
    /// Fired with the article's id on a plain click.
    pub on_open: Callback<String>,
    #[prop_or_default]
    pub mode: NavMode,
    #[prop_or_default]
    pub show: CardParts,
    /// Take keyboard focus whenever this changes to a new `Some`: the reader
    /// came back from this card's article (the number tells returns apart).
    #[prop_or_default]
    pub focus: Option<u32>,
    /// Where the card stands in a long list that renders only part of
    /// itself (1-based, and the list's length), for screen readers.
    #[prop_or_default]
    pub position: Option<(usize, usize)>,
    /// Where tags lead, where they have pages (the app); otherwise tags
    /// are plain text.
    #[prop_or_default]
    pub tag_links: Option<TagLinks>,
}

#[component]
pub fn ArticleCard(props: &ArticleCardProps) -> Html {
    let ui = use_ui();
    let text = ui.text();
    let article = &props.article;
    let show = props.show;
    let on_navigate = {
        let on_open = props.on_open.clone();
        let id = article.id.clone();
        Callback::from(move |()| on_open.emit(id.clone()))
    };
    let headline = article.headline(grapheme_cut).unwrap_or_else(|| text.untitled.to_owned());
    let link = use_node_ref();
    {
        let link = link.clone();
        use_effect_with(props.focus, move |focus| {
            if let Some(link) = link.cast::<web_sys::HtmlElement>().filter(|_| focus.is_some()) {
                let _ = link.focus();
            }
        });
    }
    let lang = article.language.clone();
    let image = article.image.as_ref().filter(|_| show.image);
    let published = article.published.as_ref().filter(|_| show.date);
    let source = article.source.as_ref().filter(|_| show.source);
    // The meta line shows a few tags and clips the rest: a feed's thousands
    // would be thousands of nodes in every card.
    let tags = if show.tags { &article.tags[..article.tags.len().min(CARD_TAGS)] } else { &[] };
    let tag = |tag: &String| tag_link(tag, props.tag_links.as_ref());
    // The thumbnail's column is a data attribute, not a second class:
    // `class={…}` would bring Yew's `Classes` set into the wasm.
    let card_body = html! {
        <article class="aw-card__body" data-thumb={image.is_some().then_some("")}>
            <h3 class="aw-card__title" part="card-title" lang={lang.clone()} dir="auto">
                { card_link(&props.href, props.mode, &on_navigate, link, html! { { headline } }) }
            </h3>
            if show.summary {
                if let Some(excerpt) = article.excerpt(grapheme_cut) {
                    <p class="aw-card__summary" part="summary" lang={lang.clone()} dir="auto">{ excerpt }</p>
                }
            }
            if published.is_some() || source.is_some() || !tags.is_empty() {
                <p class="aw-card__meta" part="meta">
                    if let Some(published) = published {
                        { time(published, &ui) }
                    }
                    if let Some(source) = source {
                        <span class="aw-card__source">{ &source.name }</span>
                    }
                    if !tags.is_empty() {
                        <span class="aw-card__tags" part="tags" {lang} dir="auto">{ for tags.iter().map(tag) }</span>
                    }
                </p>
            }
            if let Some(image) = image {
                <img class="aw-card__thumb" part="thumbnail" src={image.clone()} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" />
            }
        </article>
    };
    html! {
        <li class="aw-card" part="card" aria-posinset={props.position.map(|(at, _)| at.to_string())} aria-setsize={props.position.map(|(_, of)| of.to_string())}>
            { card_body }
        </li>
    }
}
