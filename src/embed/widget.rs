use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::api::Handover;
use crate::components::{
    error_view, list_skeleton, not_found, ArticleList, ArticleView, Clock, MoreProps, NavMode, Ui,
};
use crate::events::WidgetEvent;
use crate::feed_state::{ArticleShown, ArticleSources, Retry};
use crate::hooks::{more_props, use_feed, use_near_viewport, FeedHandle, FeedLoad};
use crate::load::{FetchPolicy, FetchState};
use crate::model::{Feed, TagFilter};
use crate::options::{Layout, Loading, OpenMode, StorageMode, Theme, TimeZone, WidgetOptions};
use crate::platform::{fold_tag, intl};
use crate::ui_text::Lang;

/// How many cards the first frame with cards shows: a screenful or more.
const FIRST_CARDS: usize = 6;

/// How many next pages a one-article widget reads for its article when the
/// feed names no documents of their own (`item_url_template`).
pub const ARTICLE_PAGES: u32 = 5;

/// How many pages a tag-filtered widget reads on its own, each time, for
/// the cards it shows, when the feed has no feed per tag: past them it shows
/// what it found, and "Load more" reads as many again.
pub const TAG_PAGES: usize = 10;

#[derive(Properties, PartialEq, Clone)]
pub struct WidgetProps {
    pub options: Rc<WidgetOptions>,
    /// Raised by the host's `refresh()`: each change fetches the feed again.
    pub refresh: u32,
    /// The publisher's link, offered by the error state.
    pub site_url: Option<AttrValue>,
    pub on_event: Callback<WidgetEvent>,
    /// The feed request the loader started for this widget, if any.
    pub handover: Handover,
}

/// One embedded widget: the list, and in `open="inline"` mode the article.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let options = &props.options;
    let root = use_node_ref();
    let near = use_near_viewport(root.clone(), options.loading == Loading::Eager);
    let policy = FetchPolicy { timeout_ms: options.timeout_seconds * 1000, ..FetchPolicy::default() };
    let stored = options.storage == StorageMode::Local;
    // One article (`article`) has no list for new articles to join: no re-checks.
    let refresh = options.refresh.filter(|_| options.article.is_none());
    // A tag filter (`tags`); one article is shown whatever its tags.
    // Made at each render, not memoised (a memo's hook costs more wasm than
    // folding a few tags): the load's effect compares it by value.
    let tags = TagFilter::new(&options.tags, &fold_tag).map(Rc::new).filter(|_| options.article.is_none());
    let filtering = tags.is_some();
    let load = FeedLoad { policy, stored, refresh, tags };
    let feed = use_feed(options.feed.clone().map(AttrValue::from), near, &props.handover, load);
    let open_article = use_state_eq(|| None::<String>);

    // One article (`article`): from the loaded pages, else its own document
    // (`Feed::item_url`: feed.json and one small document, however long the
    // archive), else up to `ARTICLE_PAGES` next pages.
    let one = options.article.as_deref();
    let in_feed = match (&feed.state, one) {
        (FetchState::Loaded(loaded), Some(id)) => loaded.article(id).cloned(),
        _ => None,
    };
    let item_url = match (&feed.state, one, &in_feed) {
        (FetchState::Loaded(loaded), Some(id), None) => loaded.item_url(id).map(AttrValue::from),
        _ => None,
    };
    let item = use_feed(
        item_url.clone(),
        item_url.is_some(),
        &Handover::default(),
        FeedLoad { policy, ..FeedLoad::default() },
    );
    let from_item = match (&item_url, &item.state, one) {
        (Some(_), FetchState::Loaded(document), Some(id)) => document.article(id).cloned(),
        _ => None,
    };
    let sources = ArticleSources {
        feed: &feed,
        article: in_feed.as_ref().or(from_item.as_ref()),
        document: item_url.as_ref().map(|_| &item.state),
    };
    // How many cards are shown: `limit` at first, `limit` more per "Load more".
    let shown = use_state_eq(|| options.limit);
    // The pages read when the reader last asked for more, and which first
    // page's they are (`arrivals`): a filtered widget reads at most
    // `TAG_PAGES` from there on its own, and from a new first page (a
    // refresh, the new articles shown) as many again.
    let asked_at = use_state_eq(|| (0u32, 0usize));
    let pages_asked = if asked_at.0 == feed.arrivals { asked_at.1 } else { 0 };
    let filling = filtering && feed.reading_on(*shown, pages_asked, TAG_PAGES);
    let scanning = filling || (one.is_some() && sources.scanning_within(ARTICLE_PAGES));
    {
        let load_more = feed.load_more();
        let busy = matches!(feed.more, FetchState::Loading);
        use_effect_with((scanning, busy, feed.pages), move |(scanning, busy, _)| {
            if *scanning && !*busy {
                load_more.emit(());
            }
        });
    }
    // What the list's states show for it, so each view keeps one call site
    // (ARCHITECTURE.md, Size): a wait is the skeleton, a failure the error
    // (retrying what failed), the article a list of one, open when it is
    // shown whole (`inline`, or without a URL to link to), and a missing
    // article an empty list with the missing one open: "not found".
    let mut missing = false;
    let (state, open_id, retry) = match (one.map(|_| sources.shown_within(ARTICLE_PAGES)), &feed.state) {
        (Some(ArticleShown::Waiting), _) => (FetchState::Loading, None, feed.retry()),
        (Some(ArticleShown::Failed(error, retry)), _) => (
            FetchState::Failed(error),
            None,
            match retry {
                Retry::Feed => feed.retry(),
                Retry::Document => item.retry(),
                Retry::NextPage => feed.load_more(),
            },
        ),
        (Some(shown), FetchState::Loaded(loaded)) => {
            let article = match shown {
                ArticleShown::Article(article) => Some(article),
                _ => None,
            };
            missing = article.is_none();
            let whole = options.open == OpenMode::Inline || article.as_ref().is_none_or(|a| a.url.is_none());
            let open = whole.then(|| one.unwrap_or_default().to_owned());
            let list = Feed {
                articles: article.into_iter().collect(),
                skipped: Vec::new(),
                next_url: None,
                ..(**loaded).clone()
            };
            (FetchState::Loaded(Rc::new(list)), open, feed.retry())
        }
        // The first cards of a filtered widget show when there are `limit`
        // of them, or no more to find: one `ready`, no card at a time. Cards
        // on screen stay while "Load more" reads on.
        (None, FetchState::Loaded(loaded))
            if filling && *shown == options.limit && loaded.articles.len() < options.limit =>
        {
            (FetchState::Loading, None, feed.retry())
        }
        _ => (feed.state.clone(), (*open_article).clone(), feed.retry()),
    };
    // The back link of an inline article; none for the one article.
    let back_href = AttrValue::Static(if one.is_some() { "" } else { "#" });
    {
        // A new feed, limit or filter starts the list afresh.
        let (shown, open_article, asked_at) = (shown.clone(), open_article.clone(), asked_at.clone());
        use_effect_with((options.limit, options.feed.clone(), options.tags.clone()), move |(limit, ..)| {
            shown.set(*limit);
            open_article.set(None);
            asked_at.set((0, 0));
        });
    }
    // The card to focus when the reader comes back from an inline article,
    // and how many returns there have been.
    let came_back_from = use_state_eq(|| None::<(String, u32)>);
    // "Now" for relative times, taken when the feed arrives.
    let now = use_memo(feed.state.clone(), |_| intl::now());
    let clock = Clock {
        now: Some(*now),
        local: (options.timezone == TimeZone::Local).then_some(intl::local_time as fn(i64) -> String),
    };

    {
        let retry = feed.retry();
        use_effect_with(props.refresh, move |refresh| {
            if *refresh > 0 {
                retry.emit(());
            }
        });
    }
    // The first cards render at once and the rest a task later, so the
    // first frame with a card comes sooner and no one task renders them all.
    let all_cards = use_state_eq(|| false);
    let shown_now = if *all_cards { *shown } else { (*shown).min(FIRST_CARDS) };
    // Cards still to come: a feed with no more articles than the first
    // cards is whole at once, and `ready` does not wait a task for it.
    let articles = match &state {
        FetchState::Loaded(loaded) => loaded.articles.len(),
        FetchState::Loading | FetchState::Failed(_) => 0,
    };
    let partial = shown_now < (*shown).min(articles);
    {
        let on_event = props.on_event.clone();
        let limit = options.limit;
        let all_cards = (!*all_cards).then(|| all_cards.clone());
        // A filtered list reading on for "Load more" is ready once, when done.
        use_effect_with(
            (state.clone(), feed.arrivals, item.arrivals, partial, missing, filling),
            move |(state, .., partial, missing, filling)| {
                let mut rest = None;
                match state {
                    FetchState::Loaded(_) if *missing => on_event.emit(WidgetEvent::not_found()),
                    FetchState::Loaded(feed) => {
                        rest = all_cards.map(|all_cards| Timeout::new(0, move || all_cards.set(true)));
                        // `ready` once every card is there.
                        if !partial && !filling {
                            on_event.emit(WidgetEvent::Ready { count: feed.articles.len().min(limit) });
                        }
                    }
                    FetchState::Failed(error) => on_event.emit(WidgetEvent::error(error)),
                    FetchState::Loading => {}
                }
                move || drop(rest)
            },
        );
    }

    // The UI's language: the `lang` option, else the feed's, else the browser's.
    let lang = options
        .lang
        .or_else(|| match &feed.state {
            FetchState::Loaded(loaded) => loaded.language.as_deref().and_then(Lang::from_tag),
            FetchState::Loading | FetchState::Failed(_) => None,
        })
        .or_else(|| intl::browser_language().as_deref().and_then(Lang::from_tag))
        .unwrap_or_default();
    let ui = Ui { lang, clock };
    // Through the CSSOM, as a `style` attribute is what a CSP without
    // `'unsafe-inline'` refuses: the accent, and the height rule's inputs
    // (`src/reserve.rs`) from the parsed options, so a card's fixed box always
    // fits the parts it shows, whatever the attributes' spelling.
    let parts = &options.show;
    // One article as a card reserves one card; whole, the box of `limit`.
    let rows = if one.is_some() && options.open != OpenMode::Inline { 1 } else { options.limit };
    let mut style = format!(
        "--aw-r-n:{};--aw-r-n2:{};--aw-r-s:{};--aw-r-m:{};--aw-r-i:{}",
        rows,
        rows.div_ceil(2),
        u8::from(parts.summary),
        u8::from(parts.meta()),
        u8::from(parts.image)
    );
    if let Some(accent) = &options.accent {
        style += ";--aw-accent:";
        style += accent;
    }
    let style = wasm_bindgen::JsValue::from_str(&style);

    let content = match &state {
        FetchState::Loading => list_skeleton(&ui, rows),
        FetchState::Failed(error) => error_view(&ui, error, &retry, props.site_url.as_ref()),
        // The list stays mounted (hidden) under an open article, so coming
        // back is instant and keeps the reader's place.
        FetchState::Loaded(loaded) => {
            let article = open_id.as_deref().map(|id| {
                let back = back(&open_article, &came_back_from);
                match loaded.article(id) {
                    Some(article) => {
                        html! { <ArticleView article={article.clone()} back_href={back_href.clone()} on_back={back} /> }
                    }
                    None => not_found(&ui, true, &back_href, &back),
                }
            });
            html! {
                <>
                    <div class="aw-widget__list" hidden={article.is_some()}>
                        { list(loaded, options, &open_article, &props.on_event, ListState {
                            focus: (*came_back_from).clone(),
                            more: more(&feed, loaded, &shown, &asked_at, options.limit, partial || one.is_some()),
                            shown: shown_now,
                            stale: feed.stale.is_some(),
                            new_articles: feed.new_articles,
                            on_show_new: show_new(&feed, &came_back_from),
                        }) }
                    </div>
                    { article.unwrap_or_default() }
                </>
            }
        }
    };

    // Escape leaves an inline article, as the back link does.
    let onkeydown = {
        let back = back(&open_article, &came_back_from);
        let article_open = open_article.is_some();
        Callback::from(move |event: KeyboardEvent| {
            if article_open && event.key() == "Escape" {
                event.prevent_default();
                back.emit(());
            }
        })
    };

    // The theme and the layout are data attributes that the CSS selects on,
    // so the class stays a literal (see ARCHITECTURE.md, Size).
    html! {
        <ContextProvider<Ui> context={ui}>
            <div
                ref={root}
                class="aw-root aw-widget"
                part="widget"
                data-theme={theme_name(options.theme)}
                data-layout={layout_name(options.layout)}
                lang={lang.tag()}
                ~style={style}
                {onkeydown}
            >
                { content }
            </div>
        </ContextProvider<Ui>>
    }
}

/// Closes the inline article, remembering which card to focus again.
fn back(
    open_article: &UseStateHandle<Option<String>>,
    came_back_from: &UseStateHandle<Option<(String, u32)>>,
) -> Callback<()> {
    let open_article = open_article.clone();
    let came_back_from = came_back_from.clone();
    Callback::from(move |()| {
        focus_card(&came_back_from, (*open_article).clone());
        open_article.set(None);
    })
}

/// Focuses the card of `id` (the list's `focus`), counting the times.
fn focus_card(came_back_from: &UseStateHandle<Option<(String, u32)>>, id: Option<String>) {
    let returns = came_back_from.as_ref().map_or(0, |(_, n)| n + 1);
    came_back_from.set(id.map(|id| (id, returns)));
}

/// Puts the new articles on top of the list, and focus on the first of them
/// (as on a card the reader comes back to).
fn show_new(feed: &FeedHandle, came_back_from: &UseStateHandle<Option<(String, u32)>>) -> Callback<()> {
    let (show_new, first_new, came_back_from) = (feed.show_new(), feed.first_new(), came_back_from.clone());
    Callback::from(move |()| {
        show_new.emit(());
        focus_card(&came_back_from, first_new.clone());
    })
}

/// What the list shows besides the feed and the options.
struct ListState {
    /// The card to focus, and which return this is.
    focus: Option<(String, u32)>,
    more: MoreProps,
    /// How many cards are shown.
    shown: usize,
    /// The feed is a stored copy.
    stale: bool,
    /// New articles a re-check found, and the banner's action.
    new_articles: usize,
    on_show_new: Callback<()>,
}

fn list(
    feed: &Rc<Feed>,
    options: &WidgetOptions,
    open_article: &UseStateHandle<Option<String>>,
    on_event: &Callback<WidgetEvent>,
    ListState { focus, more, shown, stale, new_articles, on_show_new }: ListState,
) -> Html {
    let mode = match options.open {
        OpenMode::Inline => NavMode::Intercept,
        OpenMode::Link => NavMode::Follow,
        OpenMode::NewTab => NavMode::NewTab,
    };
    let href_for = {
        let feed = feed.clone();
        Callback::from(move |id: String| {
            let url = feed.article(&id).and_then(|article| article.url.clone());
            AttrValue::from(url.unwrap_or_else(|| "#".to_owned()))
        })
    };
    let on_open = {
        let feed = feed.clone();
        let open_article = open_article.clone();
        let on_event = on_event.clone();
        let inline = options.open == OpenMode::Inline;
        Callback::from(move |id: String| {
            let url = feed.article(&id).and_then(|article| article.url.clone());
            // Without a URL to go to, a link-mode card opens inline as well.
            if inline || url.is_none() {
                open_article.set(Some(id.clone()));
            }
            on_event.emit(WidgetEvent::Open { id, url });
        })
    };
    html! {
        <ArticleList
            feed={feed.clone()}
            heading={options.heading.clone().map(AttrValue::from)}
            {href_for}
            {on_open}
            {mode}
            show={options.show}
            limit={shown}
            {focus}
            {more}
            {stale}
            {new_articles}
            {on_show_new}
        />
    }
}

/// "Load more" shows `limit` more of the articles already loaded, and
/// fetches the next page when it runs out of them.
/// `partial`: not every card is rendered yet, so nothing is offered.
/// A filtered widget reads on for the cards asked for (`asked_at`: the
/// first page's arrival and the pages read when the reader asked).
fn more(
    feed: &FeedHandle,
    loaded: &Feed,
    shown: &UseStateHandle<usize>,
    asked_at: &UseStateHandle<(u32, usize)>,
    limit: usize,
    partial: bool,
) -> MoreProps {
    let held_back = loaded.articles.len() > **shown;
    let show_more = {
        let (shown, fetch, asked_at) = (shown.clone(), feed.load_more(), asked_at.clone());
        let pages = (feed.arrivals, feed.pages as usize);
        Callback::from(move |()| {
            shown.set(*shown + limit);
            asked_at.set(pages);
            if !held_back {
                fetch.emit(());
            }
        })
    };
    let mut props = more_props(feed, held_back.then(|| show_more.clone()));
    props.on_load_more = show_more;
    props.available &= !partial;
    props
}

/// `data-theme`, as the option is written.
fn theme_name(theme: Theme) -> &'static str {
    match theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
        Theme::Auto => "auto",
    }
}

/// `data-layout`, as the option is written.
fn layout_name(layout: Layout) -> &'static str {
    match layout {
        Layout::List => "list",
        Layout::Grid => "grid",
        Layout::Compact => "compact",
        Layout::Headlines => "headlines",
    }
}
