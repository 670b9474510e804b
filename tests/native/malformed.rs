//! The malformed-feed fixtures (`tests/fixtures/malformed/`): each ends in the
//! typed error or the valid subset its manifest line says, and never panics.
//! (The manifest's `browser` column is for the end-to-end run, where
//! `JSON.parse` reads the documents.)

use std::path::Path;

use article_widget::model::{Feed, FeedError, NotAFeed};

#[test]
fn every_malformed_fixture_ends_as_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed");
    let manifest = std::fs::read_to_string(dir.join("expectations.tsv")).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in manifest.lines().skip(1).filter(|line| !line.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (file, outcome, articles, skipped) = (fields[0], fields[1], fields[2], fields[3]);
        let json = std::fs::read_to_string(dir.join(file)).unwrap();
        let result = std::panic::catch_unwind(|| Feed::from_json(&json));
        let Ok(result) = result else {
            failures.push(format!("{file}: panicked"));
            continue;
        };
        let actual = match &result {
            Ok(feed) => format!("ok {} {}", feed.articles.len(), feed.skipped.len()),
            Err(FeedError::NotJson(_)) => "not_json".into(),
            Err(FeedError::NotAFeed(NotAFeed::MissingVersion)) => "missing_version".into(),
            Err(FeedError::NotAFeed(NotAFeed::UnknownVersion(_))) => "unknown_version".into(),
            Err(FeedError::NotAFeed(NotAFeed::MissingItems)) => "missing_items".into(),
            Err(FeedError::NotAFeed(NotAFeed::Malformed(_))) => "not_a_feed".into(),
        };
        let expected = if outcome == "ok" { format!("ok {articles} {skipped}") } else { outcome.to_owned() };
        if actual != expected {
            failures.push(format!("{file}: expected {expected}, got {actual}"));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(checked >= 50, "only {checked} fixtures");
}
