//! The fetch policy: which failures are retried, and how long to wait.

use article_widget::load::{retry_after_seconds, FetchPolicy, LoadError};
use article_widget::model::FeedError;

#[test]
fn what_is_retried() {
    let retried = |error: LoadError| FetchPolicy::retryable(&error);
    assert!(retried(LoadError::Network("reset".into())));
    assert!(retried(LoadError::Timeout { seconds: 10 }));
    for status in [408, 429, 500, 502, 503, 504] {
        assert!(retried(LoadError::Http { status }), "{status}");
    }
    for status in [400, 401, 403, 404, 410] {
        assert!(!retried(LoadError::Http { status }), "{status}");
    }
    assert!(!retried(LoadError::TooLarge { limit_bytes: 1 }));
    assert!(!retried(LoadError::Feed(FeedError::NotJson("x".into()))));
    assert!(!retried(LoadError::NoFeedConfigured));
}

#[test]
fn backoff_doubles_with_jitter_and_stops_after_three() {
    let policy = FetchPolicy::default();
    assert_eq!(policy.delay_ms(0, None, 0.0), Some(250));
    assert_eq!(policy.delay_ms(0, None, 0.999_999), Some(499));
    assert_eq!(policy.delay_ms(1, None, 0.0), Some(500));
    assert_eq!(policy.delay_ms(2, None, 0.5), Some(1500));
    assert_eq!(policy.delay_ms(3, None, 0.5), None, "at most three retries");
    // Whatever the jitter, each wait is at least as long as the one before.
    for random in [0.0, 0.3, 0.7, 0.999] {
        let waits: Vec<u32> = (0..3).map(|n| policy.delay_ms(n, None, random).unwrap()).collect();
        assert!(waits.windows(2).all(|w| w[0] <= w[1]), "{waits:?}");
    }
}

#[test]
fn retry_after_is_honoured_within_reason() {
    let policy = FetchPolicy::default();
    assert_eq!(policy.delay_ms(0, Some(2_000), 0.5), Some(2_000));
    assert_eq!(policy.delay_ms(0, Some(30_000), 0.5), Some(30_000));
    assert_eq!(policy.delay_ms(0, Some(30_001), 0.5), None, "too long to wait: give up now");
    assert_eq!(retry_after_seconds(" 3 "), Some(3_000));
    assert_eq!(retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    assert_eq!(retry_after_seconds("-1"), None);
}

#[test]
fn link_header_next() {
    use article_widget::load::next_link;
    let header = r#"<https://news.example/wp-json/wp/v2/posts?page=1>; rel="prev", <https://news.example/wp-json/wp/v2/posts?page=3>; rel="next""#;
    assert_eq!(next_link(header).as_deref(), Some("https://news.example/wp-json/wp/v2/posts?page=3"));
    assert_eq!(next_link(r#"</p2>; rel=next"#).as_deref(), Some("/p2"));
    assert_eq!(next_link(r#"</p0>; rel="prev""#), None);
    assert_eq!(next_link("garbage"), None);
}

mod storage {
    use article_widget::load::{StoreIndex, StoredCopy, STORAGE_BUDGET_UNITS};

    const FEED: &str = "https://news.example/feed.json";

    #[test]
    fn a_copy_is_restored_only_for_the_url_it_was_stored_for() {
        let copy =
            StoredCopy { requested: FEED, url: "https://cdn.example/moved/feed.json", wordpress: false, body: "{\n}" };
        let text = copy.encode().unwrap();
        assert_eq!(StoredCopy::decode(&text, FEED), Some(copy));
        assert_eq!(StoredCopy::decode(&text, "https://news.example/other.json"), None);
        assert_eq!(StoredCopy::decode("{\"version\":\"https://jsonfeed.org/version/1.1\"}", FEED), None, "a bare body");
        let wordpress = StoredCopy { requested: FEED, url: FEED, wordpress: true, body: "[]" };
        assert!(StoredCopy::decode(&wordpress.encode().unwrap(), FEED).unwrap().wordpress);
        let ambiguous = StoredCopy { requested: "https://a.example/\nx", url: FEED, wordpress: false, body: "" };
        assert_eq!(ambiguous.encode(), None);
    }

    #[test]
    fn the_index_reads_back_what_it_wrote() {
        let index = StoreIndex { entries: vec![(FEED.into(), 120), ("https://b.example/f?x=1 2".into(), 7)] };
        assert_eq!(StoreIndex::decode(&index.encode()), index);
        let read = StoreIndex::decode("garbage\n12 https://ok.example/\nx y");
        assert_eq!(read.entries, [("https://ok.example/".into(), 12)]);
        // Sizes the host page wrote itself: no overflow, and the next copy still fits.
        let mut forged = StoreIndex::decode(&format!("{0} https://a.example/\n{0} https://b.example/", usize::MAX));
        let (store, removed) = forged.admit("https://c.example/", 10, 1000, 0);
        assert!(store);
        assert_eq!(removed, ["https://a.example/", "https://b.example/"]);
    }

    #[test]
    fn copies_stay_within_the_budget_oldest_evicted() {
        let budget = 1000;
        let mut index = StoreIndex::default();
        let mut removed_all = Vec::new();
        for i in 0..20 {
            let url = format!("https://f{i}.example/");
            let (store, removed) = index.admit(&url, 300, budget, 10);
            assert!(store);
            removed_all.extend(removed);
            assert!(index.units(10) <= budget, "{index:?}");
            assert_eq!(index.entries.last().unwrap().0, url, "the newest is kept");
        }
        assert_eq!(index.entries.len(), 3);
        let expected: Vec<String> = (0..17).map(|i| format!("https://f{i}.example/")).collect();
        assert_eq!(removed_all, expected, "evicted oldest first, each once");
    }

    #[test]
    fn storing_again_replaces_and_makes_the_copy_newest() {
        let mut index = StoreIndex::default();
        index.admit("a", 100, 1000, 0);
        index.admit("b", 100, 1000, 0);
        let (store, removed) = index.admit("a", 200, 1000, 0);
        assert!(store);
        assert!(removed.is_empty());
        assert_eq!(index.entries, [("b".into(), 100), ("a".into(), 200)]);
    }

    #[test]
    fn a_copy_over_half_the_budget_is_not_stored_and_its_old_copy_goes() {
        let mut index = StoreIndex::default();
        index.admit(FEED, 100, STORAGE_BUDGET_UNITS, 0);
        index.admit("https://other.example/", 100, STORAGE_BUDGET_UNITS, 0);
        let (store, removed) = index.admit(FEED, STORAGE_BUDGET_UNITS / 2 + 1, STORAGE_BUDGET_UNITS, 0);
        assert!(!store);
        assert_eq!(removed, [FEED]);
        assert_eq!(index.entries, [("https://other.example/".into(), 100)]);
        index.forget("https://other.example/");
        assert!(index.entries.is_empty());
    }
}
