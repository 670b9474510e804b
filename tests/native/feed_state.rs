//! The feed's state changes and an article page's choice of what to show
//! (`feed_state`): pure, so every rule is checked here, one table each.

use std::rc::Rc;

use article_widget::feed_state::{reduce, ArticleShown, ArticleSources, FeedAction, FeedStatus, Retry};
use article_widget::load::{FetchState, LoadError};
use article_widget::model::{Feed, LazyArticle};

fn feed(next_url: Option<&str>, ids: &[&str]) -> Rc<Feed> {
    let items: Vec<String> =
        ids.iter().map(|id| format!(r#"{{"id":"{id}","title":"{id}","content_text":"."}}"#)).collect();
    let next = next_url.map(|url| format!(r#","next_url":"{url}""#)).unwrap_or_default();
    Rc::new(
        Feed::from_json(&format!(
            r#"{{"version":"https://jsonfeed.org/version/1.1","title":"T"{next},"items":[{}]}}"#,
            items.join(",")
        ))
        .unwrap(),
    )
}

fn after(actions: impl IntoIterator<Item = FeedAction>) -> FeedStatus {
    actions.into_iter().fold(FeedStatus::default(), reduce)
}

fn http(status: u16) -> LoadError {
    LoadError::Http { status }
}

#[test]
fn a_load_starts_and_ends_in_the_feed_or_the_error() {
    let a = feed(None, &["1"]);
    let loaded = after([FeedAction::Start, FeedAction::Fresh(a.clone())]);
    assert_eq!(loaded, FeedStatus { state: FetchState::Loaded(a), arrivals: 1, ..FeedStatus::default() });
    let failed = after([FeedAction::Start, FeedAction::Failed(http(500))]);
    assert_eq!(failed, FeedStatus { state: FetchState::Failed(http(500)), ..FeedStatus::default() });
    let no_feed = after([FeedAction::NoFeed]);
    assert_eq!(no_feed.state, FetchState::Failed(LoadError::NoFeedConfigured));
}

#[test]
fn a_stored_copy_shows_at_once_and_the_fresh_feed_replaces_it() {
    let (stored, fresh) = (feed(Some("https://a.example/2"), &["1"]), feed(None, &["1", "2"]));
    let showing = after([FeedAction::Start, FeedAction::Stored(stored.clone())]);
    assert_eq!(showing.state, FetchState::Loaded(stored.clone()));
    assert!(showing.refreshing);
    assert!(!showing.has_next_page(), "the fresh first page decides what comes next");
    let refreshed = reduce(showing.clone(), FeedAction::Fresh(fresh.clone()));
    assert_eq!(refreshed, FeedStatus { state: FetchState::Loaded(fresh), arrivals: 2, ..FeedStatus::default() });
    // A failed refresh keeps the stored copy, with a note.
    let stale = reduce(showing, FeedAction::RefreshFailed(http(503)));
    assert_eq!(
        stale,
        FeedStatus { state: FetchState::Loaded(stored), stale: Some(http(503)), arrivals: 1, ..FeedStatus::default() }
    );
    assert!(stale.has_next_page());
}

#[test]
fn an_equal_feed_arriving_again_still_counts() {
    let a = feed(None, &["1"]);
    let twice =
        after([FeedAction::Fresh(a.clone()), FeedAction::Retry, FeedAction::Start, FeedAction::Fresh(a.clone())]);
    assert_eq!(twice, FeedStatus { state: FetchState::Loaded(a), arrivals: 2, attempt: 1, ..FeedStatus::default() });
}

#[test]
fn the_next_page_loads_fails_and_is_appended() {
    let first = feed(Some("https://a.example/2"), &["1"]);
    let both = feed(None, &["1", "2"]);
    let start = after([FeedAction::Fresh(first.clone())]);
    assert!(start.has_next_page());
    let loading = reduce(start.clone(), FeedAction::MoreLoading);
    assert_eq!(loading, FeedStatus { more: FetchState::Loading, ..start.clone() });
    let failed = reduce(loading.clone(), FeedAction::MoreFailed(http(502)));
    assert_eq!(failed, FeedStatus { more: FetchState::Failed(http(502)), ..start.clone() });
    let appended = reduce(loading, FeedAction::MoreLoaded(both.clone()));
    assert_eq!(appended, FeedStatus { state: FetchState::Loaded(both), pages: 1, ..start });
    assert!(!appended.has_next_page());
}

#[test]
fn a_new_load_or_going_idle_forgets_the_page_loading_and_the_note() {
    let shown = feed(None, &["1"]);
    let busy = FeedStatus {
        state: FetchState::Loaded(shown.clone()),
        more: FetchState::Loading,
        stale: Some(http(503)),
        refreshing: true,
        arrivals: 3,
        attempt: 2,
        pages: 0,
    };
    let quiet = FeedStatus { more: FetchState::Loaded(()), stale: None, refreshing: false, ..busy.clone() };
    assert_eq!(reduce(busy.clone(), FeedAction::Idle), quiet);
    assert_eq!(reduce(busy.clone(), FeedAction::Start), FeedStatus { state: FetchState::Loading, ..quiet.clone() });
    assert_eq!(reduce(busy.clone(), FeedAction::Retry), FeedStatus { attempt: 3, ..busy });
}

/// What a page asked for article "x" shows, given the feed and (when the
/// feed names one) the article's own document.
fn check(
    feed: &FeedStatus,
    article: Option<&Rc<LazyArticle>>,
    document: Option<FetchState<Rc<Feed>>>,
    expected: ArticleShown,
) {
    let sources = ArticleSources { feed, article, document: document.as_ref() };
    assert_eq!(sources.shown(), expected, "for {feed:?}, {article:?}, document {document:?}");
}

#[test]
fn an_article_page_shows_the_article_a_wait_an_error_or_not_found() {
    let last_page = after([FeedAction::Fresh(feed(None, &["1"]))]);
    let more_pages = after([FeedAction::Fresh(feed(Some("https://a.example/2"), &["1"]))]);
    let loading = FeedStatus::default();
    let failed = after([FeedAction::Failed(http(500))]);
    let refreshing = after([FeedAction::Stored(feed(None, &["1"]))]);
    let more_loading = reduce(more_pages.clone(), FeedAction::MoreLoading);
    let more_failed = reduce(more_loading.clone(), FeedAction::MoreFailed(http(502)));
    let x = feed(None, &["x"]).articles[0].clone();
    let document = |state| Some(state);
    use ArticleShown::*;
    check(&last_page, Some(&x), None, Article(x.clone()));
    check(&more_failed, Some(&x), document(FetchState::Loaded(feed(None, &["x"]))), Article(x.clone()));
    check(&loading, None, None, Waiting);
    check(&failed, None, None, Failed(http(500), Retry::Feed));
    // The article's own document.
    check(&last_page, None, document(FetchState::Loading), Waiting);
    check(&last_page, None, document(FetchState::Failed(http(404))), Missing);
    check(&last_page, None, document(FetchState::Failed(http(410))), Missing);
    check(&last_page, None, document(FetchState::Loaded(feed(None, &["y"]))), Missing);
    check(&last_page, None, document(FetchState::Failed(http(503))), Failed(http(503), Retry::Document));
    // Reading on through the next pages.
    check(&more_pages, None, None, Waiting);
    check(&refreshing, None, None, Waiting);
    check(&more_loading, None, None, Waiting);
    check(&more_failed, None, None, Failed(http(502), Retry::NextPage));
    check(&last_page, None, None, Missing);
}

#[test]
fn an_article_page_reads_on_only_while_there_is_a_next_page_and_no_document() {
    let more_pages = after([FeedAction::Fresh(feed(Some("https://a.example/2"), &["1"]))]);
    let article = feed(None, &["x"]).articles[0].clone();
    let scanning = |feed: &FeedStatus, found: bool, document: Option<&FetchState<Rc<Feed>>>| {
        ArticleSources { feed, article: found.then_some(&article), document }.scanning()
    };
    assert!(scanning(&more_pages, false, None));
    assert!(!scanning(&more_pages, true, None), "found");
    assert!(!scanning(&more_pages, false, Some(&FetchState::Loading)), "its own document is asked for");
    assert!(!scanning(&after([FeedAction::Fresh(feed(None, &["1"]))]), false, None), "no next page");
    let failed =
        after([FeedAction::Fresh(feed(Some("https://a.example/2"), &["1"])), FeedAction::MoreFailed(http(502))]);
    assert!(!scanning(&failed, false, None), "the next page failed: the reader decides");
    assert!(!scanning(&after([FeedAction::Stored(feed(Some("https://a.example/2"), &["1"]))]), false, None));
}

/// A one-article widget (`article`) reads at most a few next pages for its
/// article when the feed names no documents: the pages read are counted, a
/// fresh (or stored) first page starts the count again, and past the cap
/// the article is missing, not awaited.
#[test]
fn a_one_article_widget_reads_a_capped_number_of_next_pages() {
    let page = |n: usize| feed(Some(&format!("https://a.example/{}", n + 1)), &[&n.to_string()]);
    let first = after([FeedAction::Fresh(page(1))]);
    assert_eq!(first.pages, 0);
    let read = |status: FeedStatus, n: usize| {
        let loading = reduce(status, FeedAction::MoreLoading);
        reduce(loading, FeedAction::MoreLoaded(page(n)))
    };
    let two = read(read(first.clone(), 2), 3);
    assert_eq!(two.pages, 2);
    assert_eq!(reduce(two.clone(), FeedAction::MoreFailed(http(502))).pages, 2, "a failed page is not counted");
    assert_eq!(reduce(two.clone(), FeedAction::Fresh(page(1))).pages, 0, "a fresh first page starts again");
    assert_eq!(reduce(two.clone(), FeedAction::Stored(page(1))).pages, 0);
    let sources = |feed| ArticleSources { feed, article: None, document: None };
    // Under the cap: read on, and wait.
    assert!(sources(&two).scanning_within(3));
    assert_eq!(sources(&two).shown_within(3), ArticleShown::Waiting);
    // At the cap: no more pages, and the article is not there.
    assert!(!sources(&two).scanning_within(2));
    assert_eq!(sources(&two).shown_within(2), ArticleShown::Missing);
    // No cap (the app's deep links): read on.
    assert!(sources(&two).scanning());
    assert_eq!(sources(&two).shown(), ArticleShown::Waiting);
    // A cap of none: the first page only.
    assert_eq!(sources(&first).shown_within(0), ArticleShown::Missing);
    // Found on a page read, it shows whatever the cap.
    let x = feed(None, &["x"]).articles[0].clone();
    let found = ArticleSources { feed: &two, article: Some(&x), document: None };
    assert_eq!(found.shown_within(0), ArticleShown::Article(x.clone()));
}
