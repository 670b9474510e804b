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
