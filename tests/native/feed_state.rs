//! The feed's state changes and an article page's choice of what to show
//! (`feed_state`): pure, so every rule is checked here, one table each.

use std::rc::Rc;

use article_widget::feed_state::{
    recheck_delay_ms, reduce, ArticleShown, ArticleSources, FeedAction, FeedStatus, Retry,
};
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
        pending: Some(feed(None, &["0", "1"])),
        new_articles: 1,
    };
    let quiet = FeedStatus {
        more: FetchState::Loaded(()),
        stale: None,
        refreshing: false,
        pending: None,
        new_articles: 0,
        ..busy.clone()
    };
    assert_eq!(reduce(busy.clone(), FeedAction::Idle), quiet);
    assert_eq!(reduce(busy.clone(), FeedAction::Start), FeedStatus { state: FetchState::Loading, ..quiet.clone() });
    assert_eq!(reduce(busy.clone(), FeedAction::Retry), FeedStatus { attempt: 3, ..busy });
}

fn ids(status: &FeedStatus) -> Vec<String> {
    match &status.state {
        FetchState::Loaded(feed) => feed.articles.iter().map(|article| article.id.clone()).collect(),
        other => panic!("not loaded: {other:?}"),
    }
}

/// A re-check (`refresh`), one row per case: what is shown, what the check
/// brought, and the banner's count (0: nothing changes at all).
#[test]
fn a_recheck_holds_new_articles_for_the_banner_and_changes_nothing_else() {
    let rows: [(&[&str], &[&str], usize); 6] = [
        // Unchanged (a 304 revalidated the same body): nothing.
        (&["3", "2", "1"], &["3", "2", "1"], 0),
        // Two new on top.
        (&["3", "2", "1"], &["5", "4", "3", "2", "1"], 2),
        // New ones push old ones off the first page.
        (&["3", "2", "1"], &["5", "4", "3"], 2),
        // Only removals or edits: nothing (a removal would move the list).
        (&["3", "2", "1"], &["3", "1"], 0),
        // A whole new first page.
        (&["3", "2", "1"], &["9", "8", "7"], 3),
        // New one in the middle (a back-dated article) still counts, and
        // takes its place in the feed's order.
        (&["3", "1"], &["3", "2", "1"], 1),
    ];
    for (shown, fresh, new) in rows {
        let before = after([FeedAction::Fresh(feed(None, shown))]);
        let checked = reduce(before.clone(), FeedAction::Checked(feed(None, fresh)));
        assert_eq!(checked.new_articles, new, "{shown:?} then {fresh:?}");
        if new == 0 {
            assert_eq!(checked, before, "{shown:?} then {fresh:?}: nothing changes");
            continue;
        }
        // Nothing the reader sees changes until they ask.
        assert_eq!(checked.state, before.state);
        assert_eq!(checked.arrivals, before.arrivals);
        assert_eq!(checked.pending, Some(feed(None, fresh)));
        // Focus goes to the top of the fresh page (the first new one, unless back-dated).
        assert_eq!(checked.first_new().as_deref(), fresh.first().copied());
        // Asked for, the fresh first page is the list.
        let shown_new = reduce(checked, FeedAction::ShowNew);
        assert_eq!(ids(&shown_new), fresh.iter().map(|id| (*id).to_owned()).collect::<Vec<_>>());
        assert_eq!((shown_new.pending.clone(), shown_new.new_articles), (None, 0));
        assert_eq!(shown_new.first_new(), None);
        // Showing again does nothing.
        assert_eq!(reduce(shown_new.clone(), FeedAction::ShowNew), shown_new);
    }
}

#[test]
fn new_articles_shown_are_the_fresh_first_page_as_after_a_reload() {
    let first = feed(Some("https://a.example/2"), &["3", "2"]);
    let both = feed(Some("https://a.example/3"), &["3", "2", "1"]);
    let status = after([FeedAction::Fresh(first), FeedAction::MoreLoading]);
    // A check arrives while the next page loads, which lands before the reader asks.
    let fresh = feed(Some("https://a.example/2b"), &["4", "3"]);
    let status = reduce(status, FeedAction::Checked(fresh.clone()));
    let status = reduce(status, FeedAction::MoreLoaded(both));
    assert_eq!(status.new_articles, 1);
    let arrivals = status.arrivals;
    let status = reduce(status, FeedAction::ShowNew);
    assert_eq!(ids(&status), ["4", "3"]);
    assert_eq!(
        status,
        FeedStatus { state: FetchState::Loaded(fresh), arrivals: arrivals + 1, ..FeedStatus::default() },
        "as a fresh load: its own next page, no page counted, a new arrival (ready fires)"
    );
}

#[test]
fn a_later_check_counts_against_what_is_shown_and_a_reload_drops_the_banner() {
    let status = after([FeedAction::Fresh(feed(None, &["1"]))]);
    let status = reduce(status, FeedAction::Checked(feed(None, &["2", "1"])));
    let status = reduce(status, FeedAction::Checked(feed(None, &["3", "2", "1"])));
    assert_eq!(status.new_articles, 2);
    assert_eq!(status.first_new().as_deref(), Some("3"));
    // An unchanged check after that keeps the banner as it is.
    assert_eq!(reduce(status.clone(), FeedAction::Checked(feed(None, &["1"]))), status);
    // A check while the first load is under way is left to it.
    let loading = after([FeedAction::Start]);
    assert_eq!(reduce(loading.clone(), FeedAction::Checked(feed(None, &["1"]))), loading);
    // After a failed first load, a check that gets through shows the feed.
    let failed = after([FeedAction::Start, FeedAction::Failed(http(500))]);
    let recovered = reduce(failed, FeedAction::Checked(feed(None, &["1"])));
    assert_eq!(recovered, after([FeedAction::Start, FeedAction::Fresh(feed(None, &["1"]))]));
    // A fresh load (retry, the host's refresh()) shows everything: no banner.
    let reloaded = reduce(status, FeedAction::Fresh(feed(None, &["3", "2", "1"])));
    assert_eq!((reloaded.pending, reloaded.new_articles), (None, 0));
}

#[test]
fn failed_checks_put_the_next_one_further_off() {
    let rows = [(0, 300_000), (1, 600_000), (2, 1_200_000), (3, 2_400_000), (9, 2_400_000)];
    for (failures, ms) in rows {
        assert_eq!(recheck_delay_ms(300, failures), ms, "after {failures} failures");
    }
    assert_eq!(recheck_delay_ms(60, 0), 60_000);
    assert_eq!(recheck_delay_ms(u32::MAX, 3), u32::MAX, "saturates");
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

#[test]
fn a_filtered_list_reads_on_until_it_has_enough_or_ten_pages_were_read() {
    let one_page =
        |articles: &[&str], next: Option<&str>| after([FeedAction::Start, FeedAction::Fresh(feed(next, articles))]);
    // Fewer than wanted, with a next page: read on.
    assert!(one_page(&["a"], Some("/2.json")).reading_on(5, 0, 10));
    // Enough, or no next page: stop.
    assert!(!one_page(&["a", "b"], Some("/2.json")).reading_on(2, 0, 10));
    assert!(!one_page(&["a"], None).reading_on(5, 0, 10));
    // Not while loading, nor after a failed page (the reader retries).
    assert!(!after([FeedAction::Start]).reading_on(5, 0, 10));
    let failed =
        after([FeedAction::Start, FeedAction::Fresh(feed(Some("/2.json"), &["a"])), FeedAction::MoreFailed(http(503))]);
    assert!(!failed.reading_on(5, 0, 10));
    // Ten pages read since the reader asked: stop, until the reader asks again.
    let mut status = one_page(&["a"], Some("/2.json"));
    for _ in 0..10 {
        status = reduce(status, FeedAction::MoreLoaded(feed(Some("/n.json"), &["a"])));
    }
    assert!(!status.reading_on(5, 0, 10));
    assert!(status.reading_on(5, 10, 10));
    assert!(status.reading_on(5, 0, 11));
}
