use std::rc::Rc;

use yew::prelude::*;

use super::NavLink;
use crate::model::Article;
use crate::text;

#[derive(Properties, PartialEq)]
pub struct ArticleCardProps {
    pub article: Rc<Article>,
    /// Where the card links to, for new tabs and crawlers.
    pub href: AttrValue,
    /// Fired with the article's id on a plain click.
    pub on_open: Callback<String>,
}

#[component]
pub fn ArticleCard(props: &ArticleCardProps) -> Html {
    let article = &props.article;
    let on_navigate = {
        let on_open = props.on_open.clone();
        let id = article.id.clone();
        Callback::from(move |()| on_open.emit(id.clone()))
    };
    let headline = article
        .headline()
        .unwrap_or_else(|| text::UNTITLED.to_owned());
    html! {
        <li class="aw-card">
            <article class={classes!("aw-card__body", article.image.is_some().then_some("aw-card__body--image"))}>
                <h3 class="aw-card__title">
                    <NavLink class="aw-card__link" href={&props.href} {on_navigate}>{ headline }</NavLink>
                </h3>
                if let Some(excerpt) = article.excerpt() {
                    <p class="aw-card__summary">{ excerpt }</p>
                }
                <p class="aw-card__meta">
                    if let Some(published) = &article.published {
                        <time datetime={published.rfc3339().to_owned()}>{ published.publisher_local().to_string() }</time>
                    }
                    if let Some(source) = &article.source {
                        <span class="aw-card__source">{ &source.name }</span>
                    }
                </p>
                if let Some(image) = &article.image {
                    <img class="aw-card__thumb" src={image.clone()} alt="" loading="lazy" decoding="async" />
                }
            </article>
        </li>
    }
}
