use std::rc::Rc;

use yew::prelude::*;

use super::{back_link, render_blocks, time, use_ui};
use crate::model::{Article, Body, LazyArticle};
use crate::platform::grapheme_cut;
use crate::ui_text::Text;

#[derive(Properties, PartialEq)]
pub struct ArticleViewProps {
    pub article: Rc<LazyArticle>,
    /// Where the back link goes; empty: no back link (a one-article widget).
    pub back_href: AttrValue,
    pub on_back: Callback<()>,
}

#[component]
pub fn ArticleView(props: &ArticleViewProps) -> Html {
    let ui = use_ui();
    let text = ui.text();
    let article = &props.article;
    let headline = article.headline(grapheme_cut).unwrap_or_else(|| text.untitled.to_owned());
    let heading = use_node_ref();
    {
        // The reader's focus follows them into the article they opened (not
        // into one shown from the start, without a back link: the page's
        // focus and scroll stay where they are).
        let heading = heading.clone();
        let opened = !props.back_href.is_empty();
        use_effect_with(article.id.clone(), move |_| {
            if let Some(heading) = heading.cast::<web_sys::HtmlElement>().filter(|_| opened) {
                let _ = heading.focus();
            }
        });
    }
    let lang = article.language.clone();
    let authors: Vec<&str> = article.authors.iter().filter_map(|a| a.name.as_deref()).collect();
    html! {
        <article class="aw-article">
            if !props.back_href.is_empty() {
                { back_link(&props.back_href, &props.on_back, text) }
            }
            <h1 class="aw-article__title" part="article-title" ref={heading} tabindex="-1" lang={lang.clone()} dir="auto">{ headline }</h1>
            <p class="aw-article__meta" part="article-meta">
                if let Some(published) = &article.published {
                    { time(published, &ui) }
                }
                if !authors.is_empty() {
                    <span class="aw-article__authors">{ authors.join(text.list_separator) }</span>
                }
            </p>
            if let Some(image) = &article.image {
                <figure class="aw-article__figure">
                    <img src={image.clone()} alt="" decoding="async" referrerpolicy="no-referrer" />
                </figure>
            }
            <div class="aw-article__body" part="body" lang={lang.clone()}>
                { body(article, text) }
            </div>
            if let Some(source) = &article.source {
                <p class="aw-article__source" part="source">
                    { text.source_label }
                    if let Some(url) = &source.url {
                        <a href={url.clone()} rel="noopener noreferrer"><bdi>{ &source.name }</bdi></a>
                    } else {
                        <bdi>{ &source.name }</bdi>
                    }
                </p>
            }
            if let Some(disclaimer) = &article.disclaimer {
                <p class="aw-article__disclaimer" part="disclaimer" {lang}>{ disclaimer }</p>
            }
        </article>
    }
}

fn body(article: &Article, text: &Text) -> Html {
    match &article.body {
        Body::Paragraphs(paragraphs) => paragraphs.iter().map(|p| html! { <p dir="auto">{ p }</p> }).collect(),
        Body::Blocks(blocks) => render_blocks(blocks),
        Body::Simplified(blocks) => html! {
            <>
                <p class="aw-article__notice" role="note">{ text.simplified_body }</p>
                { render_blocks(blocks) }
            </>
        },
        // HTML that could not be converted (no parser at hand) is never
        // shown; the summary and a link to the original stand in for it.
        Body::Html(_) | Body::Empty => html! {
            <>
                if let Some(summary) = &article.summary {
                    <p>{ summary }</p>
                }
                if let Some(url) = &article.url {
                    if article.summary.is_none() {
                        <p>{ text.html_body_pending }</p>
                    }
                    <p><a class="aw-article__original" href={url.clone()} rel="noopener noreferrer">{ text.read_original }</a></p>
                }
            </>
        },
    }
}
