use std::rc::Rc;

use yew::prelude::*;

use super::{ArticleCard, EmptyState};
use crate::model::Feed;
use crate::text;

#[derive(Properties, PartialEq)]
pub struct ArticleListProps {
    pub feed: Rc<Feed>,
    #[prop_or(AttrValue::Static(text::LATEST_HEADING))]
    pub heading: AttrValue,
    /// The link for an article id.
    pub href_for: Callback<String, AttrValue>,
    pub on_open: Callback<String>,
}

#[component]
pub fn ArticleList(props: &ArticleListProps) -> Html {
    let feed = &props.feed;
    html! {
        <section class="aw-list" aria-labelledby="aw-list-heading">
            <h2 id="aw-list-heading" class="aw-list__heading">{ &props.heading }</h2>
            if feed.articles.is_empty() {
                <EmptyState />
            } else {
                <ul class="aw-list__items">
                    { for feed.articles.iter().map(|article| html! {
                        <ArticleCard
                            key={article.id.as_str()}
                            article={Rc::clone(article)}
                            href={props.href_for.emit(article.id.clone())}
                            on_open={props.on_open.clone()}
                        />
                    }) }
                </ul>
            }
            if !feed.skipped.is_empty() {
                <p class="aw-list__skipped">{ text::skipped_items(feed.skipped.len()) }</p>
            }
        </section>
    }
}
