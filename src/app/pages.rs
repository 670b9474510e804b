use yew::prelude::*;

use super::{use_router, AppContext};
use crate::api::Handover;
use crate::components::{
    article_skeleton, error_view, list_skeleton, not_found, pager, use_ui, ArticleList, ArticleView, PageLink,
    TagLinks, Ui,
};
use crate::feed_state::{ArticleShown, ArticleSources, Retry};
use crate::hooks::{more_props, use_document_title, use_feed, FeedHandle, FeedLoad};
use crate::load::{FetchState, LoadError};
use crate::model::{tag_key, tag_slug};
use crate::options::CardParts;
use crate::platform::{fold_tag, grapheme_cut};
use crate::route::{archive_feed, tag_route, Route};

const CARD_PARTS: CardParts = CardParts::APP;

/// Each tag's page (`/tags/<slug>`), opened in place.
fn tag_links(router: &super::RouterHandle) -> Option<TagLinks> {
    let (to_href, to_go) = (router.clone(), router.clone());
    Some(TagLinks {
        href: Callback::from(move |tag: String| to_href.href(&tag_route(&tag))),
        on_go: Callback::from(move |tag: String| to_go.push(tag_route(&tag))),
    })
}

/// The page for the current route.
#[component]
pub fn Pages() -> Html {
    match use_router().route().clone() {
        Route::Home => html! { <ListPage /> },
        Route::Article { id } => html! { <ArticlePage {id} /> },
        Route::Archive { page } => html! { <ArchivePage key={page} {page} /> },
        Route::Tag { slug } => {
            let key = slug.clone();
            html! { <TagPage {key} {slug} /> }
        }
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

/// "页面名 · 站名" once the feed has told us the site's name.
fn page_title(page: &str, feed: &FeedHandle) -> String {
    match &feed.state {
        FetchState::Loaded(loaded) => match &loaded.title {
            Some(site) => format!("{page} · {site}"),
            None => page.to_owned(),
        },
        FetchState::Loading | FetchState::Failed(_) => page.to_owned(),
    }
}

#[hook]
fn use_app_context() -> AppContext {
    use_context::<AppContext>().expect("pages are rendered inside App")
}

#[hook]
fn use_go_home() -> Callback<()> {
    let router = use_router();
    Callback::from(move |()| router.push(Route::Home))
}

/// Tells the app, once `ready`, that the page shows its content.
#[hook]
fn use_ready(context: &AppContext, ready: bool) {
    let on_ready = context.ready.clone();
    use_effect_with(ready, move |ready| {
        if *ready {
            on_ready.emit(());
        }
    });
}

/// A list page's own top heading, the site's name (the list's heading is an
/// h2, as in an embed).
fn site_heading(ui: &Ui, feed: &FeedHandle) -> Html {
    let site = match &feed.state {
        FetchState::Loaded(loaded) => loaded.title.clone(),
        FetchState::Loading | FetchState::Failed(_) => None,
    };
    html! { <h1 class="aw-visually-hidden">{ site.unwrap_or_else(|| ui.text().latest_heading.to_owned()) }</h1> }
}

/// Each article's link, and a plain click on a card opening it in place.
fn article_links(router: &super::RouterHandle) -> (Callback<String, AttrValue>, Callback<String>) {
    let (to_href, to_go) = (router.clone(), router.clone());
    (
        Callback::from(move |id| to_href.href(&Route::Article { id })),
        Callback::from(move |id: String| to_go.push(Route::Article { id })),
    )
}

/// A newly opened page starts at its top, not at the last page's scroll offset.
#[hook]
fn use_scroll_to_top<K: PartialEq + Clone + 'static>(key: K) {
    use_effect_with(key, |_| {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
}

/// The error state, offering the publisher's site as a way out.
fn page_error(ui: &Ui, context: &AppContext, error: &LoadError, on_retry: &Callback<()>) -> Html {
    error_view(ui, error, on_retry, context.site_url.as_ref())
}

#[component]
fn ListPage() -> Html {
    let context = use_app_context();
    let feed = &context.feed;
    let router = use_router();
    let ui = use_ui();
    let text = ui.text();
    use_document_title(page_title(text.latest_heading, feed));
    let came_back_from = context.came_back_from.clone();
    let focus = (*came_back_from).clone().map(|id| (id, 0));
    // The banner's new articles go on top, and focus to the first of them.
    let on_show_new = {
        let (show_new, first_new, came_back_from) = (feed.show_new(), feed.first_new(), came_back_from.clone());
        Callback::from(move |()| {
            show_new.emit(());
            came_back_from.set(first_new.clone());
        })
    };
    let new_articles = feed.new_articles;
    let href_for = {
        let router = router.clone();
        Callback::from(move |id| router.href(&Route::Article { id }))
    };
    let tag_links = tag_links(&router);
    let on_open = Callback::from(move |id: String| {
        came_back_from.set(Some(id.clone()));
        router.push(Route::Article { id });
    });
    let page_heading = site_heading(&ui, feed);
    use_ready(&context, !matches!(feed.state, FetchState::Loading));
    let content = match &feed.state {
        FetchState::Loading => list_skeleton(&ui, 6),
        FetchState::Failed(error) => page_error(&ui, &context, error, &feed.retry()),
        FetchState::Loaded(loaded) => {
            let more = more_props(feed, None);
            let stale = feed.stale.is_some();
            html! { <ArticleList feed={loaded.clone()} {href_for} {on_open} {focus} {more} {stale} {new_articles} {on_show_new} show={CARD_PARTS} {tag_links} /> }
        }
    };
    html! { <>{ page_heading }{ content }</> }
}

#[derive(Properties, PartialEq)]
struct ArchivePageProps {
    page: usize,
}

/// Archive page `page` (1 is the oldest): the articles of its feed page
/// (`feed/<page>.json` beside the feed), and links to the next newer page
/// (the home page after the newest) and the next older one, as the
/// prerendered page has them (`publish::pages::archive_page`). The newest
/// archive page is the one that holds the feed's newest article.
#[component]
fn ArchivePage(props: &ArchivePageProps) -> Html {
    let context = use_app_context();
    let router = use_router();
    let go_home = use_go_home();
    let ui = use_ui();
    let page = props.page;
    let url = use_memo((context.feed_url.clone(), page), |(feed_url, page)| {
        let feed_url = feed_url.as_ref()?;
        web_sys::Url::new_with_base(&archive_feed(*page), feed_url).ok().map(|url| AttrValue::from(url.href()))
    });
    let archive = use_feed((*url).clone(), true, &Handover::default(), FeedLoad::default());
    let heading = format!("{} · {}", ui.text().latest_heading, (ui.lang.archive_text().page)(page));
    use_document_title(page_title(&heading, &context.feed));
    use_ready(
        &context,
        !matches!(archive.state, FetchState::Loading) && !matches!(context.feed.state, FetchState::Loading),
    );
    use_scroll_to_top(page);
    let go = |route: Route| {
        let router = router.clone();
        PageLink { href: router.href(&route), on_go: Callback::from(move |()| router.push(route.clone())) }
    };
    let content = match &archive.state {
        FetchState::Loading => list_skeleton(&ui, 6),
        FetchState::Failed(LoadError::Http { status: 404 }) => {
            return not_found(&ui, false, &router.href(&Route::Home), &go_home);
        }
        FetchState::Failed(error) => page_error(&ui, &context, error, &archive.retry()),
        FetchState::Loaded(loaded) => {
            let newest = match &context.feed.state {
                FetchState::Loaded(first) => first.articles.first().is_none_or(|a| loaded.article(&a.id).is_some()),
                FetchState::Loading | FetchState::Failed(_) => true,
            };
            let newer = go(if newest { Route::Home } else { Route::Archive { page: page + 1 } });
            let older = (page > 1).then(|| go(Route::Archive { page: page - 1 }));
            let (href_for, on_open) = article_links(&router);
            let tag_links = tag_links(&router);
            html! {
                <>
                    <ArticleList feed={loaded.clone()} heading={AttrValue::from(heading)} {href_for} {on_open} show={CARD_PARTS} {tag_links} />
                    { pager(ui.lang, Some(newer), older) }
                </>
            }
        }
    };
    html! { <>{ site_heading(&ui, &context.feed) }{ content }</> }
}

#[derive(Properties, PartialEq)]
struct TagPageProps {
    slug: String,
}

/// The articles of one tag, newest first: the tag's own feed, which the
/// feed names (`_article.tag_feed_template`), with its next pages behind
/// "Load more". A feed that names no tag feeds shows the articles of its
/// loaded pages that carry the tag.
#[component]
fn TagPage(props: &TagPageProps) -> Html {
    let context = use_app_context();
    let router = use_router();
    let go_home = use_go_home();
    let ui = use_ui();
    let url = match &context.feed.state {
        FetchState::Loaded(loaded) => loaded.tag_feed_url(&props.slug).map(AttrValue::from),
        FetchState::Loading | FetchState::Failed(_) => None,
    };
    let tagged = use_feed(url.clone(), url.is_some(), &Handover::default(), FeedLoad::default());
    let slug = props.slug.clone();
    let state = match (&context.feed.state, &url) {
        (FetchState::Loaded(_), Some(_)) => tagged.state.clone(),
        (FetchState::Loaded(loaded), None) => FetchState::Loaded(std::rc::Rc::new(
            (**loaded)
                .clone()
                .filtered(&|article| article.tags.iter().any(|tag| tag_slug(&tag_key(tag, &fold_tag)) == slug)),
        )),
        (other, _) => other.clone(),
    };
    // The tag as its feed writes it, else as an article of it does.
    let name = match &state {
        FetchState::Loaded(loaded) => loaded.tag.clone().or_else(|| {
            let articles = loaded.articles.iter();
            articles.flat_map(|a| a.tags.clone()).find(|tag| tag_slug(&tag_key(tag, &fold_tag)) == props.slug)
        }),
        FetchState::Loading | FetchState::Failed(_) => None,
    }
    .unwrap_or_else(|| props.slug.clone());
    use_document_title(page_title(&name, &context.feed));
    use_ready(&context, !matches!(state, FetchState::Loading));
    use_scroll_to_top(props.slug.clone());
    let content = match &state {
        FetchState::Loading => list_skeleton(&ui, 6),
        FetchState::Failed(LoadError::Http { status: 404 | 410 }) => {
            return not_found(&ui, false, &router.href(&Route::Home), &go_home);
        }
        FetchState::Failed(error) if url.is_some() => page_error(&ui, &context, error, &tagged.retry()),
        FetchState::Failed(error) => page_error(&ui, &context, error, &context.feed.retry()),
        FetchState::Loaded(loaded) => {
            let (href_for, on_open) = article_links(&router);
            let more = if url.is_some() { more_props(&tagged, None) } else { Default::default() };
            let tag_links = tag_links(&router);
            let heading = AttrValue::from(name.clone());
            html! {
                <ArticleList feed={loaded.clone()} {heading} {href_for} {on_open} {more} show={CARD_PARTS} {tag_links} />
            }
        }
    };
    html! { <>{ site_heading(&ui, &context.feed) }{ content }</> }
}

#[derive(Properties, PartialEq)]
struct ArticlePageProps {
    id: String,
}

#[component]
fn ArticlePage(props: &ArticlePageProps) -> Html {
    let context = use_app_context();
    let feed = &context.feed;
    let go_home = use_go_home();
    let router = use_router();
    let ui = use_ui();
    let text = ui.text();
    let in_feed = match &feed.state {
        FetchState::Loaded(loaded) => loaded.article(&props.id).cloned(),
        FetchState::Loading | FetchState::Failed(_) => None,
    };
    // An article the loaded pages lack comes from its own document when the
    // feed says where those are: a deep link costs the first page and one
    // small document, however long the archive.
    let item_url = match (&feed.state, &in_feed) {
        (FetchState::Loaded(loaded), None) => loaded.item_url(&props.id).map(AttrValue::from),
        _ => None,
    };
    let item = use_feed(item_url.clone(), item_url.is_some(), &Handover::default(), FeedLoad::default());
    let from_item = match (&item_url, &item.state) {
        (Some(_), FetchState::Loaded(document)) => document.article(&props.id).cloned(),
        _ => None,
    };
    let sources = ArticleSources {
        feed,
        article: in_feed.as_ref().or(from_item.as_ref()),
        document: item_url.as_ref().map(|_| &item.state),
    };
    // Without such documents, read on through the feed's next pages.
    let scanning = sources.scanning();
    let shown = sources.shown();
    {
        let load_more = feed.load_more();
        let more_busy = matches!(feed.more, FetchState::Loading);
        let pages_loaded = match &feed.state {
            FetchState::Loaded(loaded) => loaded.articles.len(),
            FetchState::Loading | FetchState::Failed(_) => 0,
        };
        use_effect_with((scanning, more_busy, pages_loaded), move |(scanning, more_busy, _)| {
            if *scanning && !*more_busy {
                load_more.emit(());
            }
        });
    }
    let page = match &shown {
        ArticleShown::Article(article) => article.headline(grapheme_cut).unwrap_or_else(|| text.untitled.to_owned()),
        ArticleShown::Missing => text.article_not_found_heading.to_owned(),
        ArticleShown::Waiting | ArticleShown::Failed(..) => text.latest_heading.to_owned(),
    };
    use_document_title(page_title(&page, feed));
    use_ready(&context, !matches!(shown, ArticleShown::Waiting));
    use_scroll_to_top(props.id.clone());
    let home = router.href(&Route::Home);
    match shown {
        ArticleShown::Article(article) => html! { <ArticleView {article} back_href={home} on_back={go_home} /> },
        ArticleShown::Waiting => article_skeleton(&ui),
        ArticleShown::Failed(error, retry) => {
            let on_retry = match retry {
                Retry::Feed => feed.retry(),
                Retry::Document => item.retry(),
                Retry::NextPage => feed.load_more(),
            };
            page_error(&ui, &context, &error, &on_retry)
        }
        ArticleShown::Missing => not_found(&ui, true, &home, &go_home),
    }
}

#[component]
fn NotFoundPage() -> Html {
    let context = use_app_context();
    let go_home = use_go_home();
    let home = use_router().href(&Route::Home);
    let ui = use_ui();
    use_document_title(page_title(ui.text().not_found_heading, &context.feed));
    use_ready(&context, true);
    not_found(&ui, false, &home, &go_home)
}
