//! JSON Feed parsing: what loads, what is skipped and why, what is refused.

use article_widget::model::{Body, Feed, FeedError, Format, JsonFeedVersion, NotAFeed, SkipReason, SkippedItem};
use article_widget::platform::grapheme_cut;

const V1_1: &str = "https://jsonfeed.org/version/1.1";

/// A feed document around `items` (a JSON array literal).
fn feed_with(items: &str) -> String {
    format!(r#"{{"version":"{V1_1}","title":"T","items":{items}}}"#)
}

fn parse(json: &str) -> Feed {
    Feed::from_json(json).unwrap_or_else(|e| panic!("{json} failed: {e}"))
}

fn check_error(json: &str, expected: FeedError) {
    assert_eq!(Feed::from_json(json), Err(expected), "for {json}");
}

fn check_skipped(items: &str, expected: &[(usize, SkipReason)]) {
    let feed = parse(&feed_with(items));
    let expected: Vec<SkippedItem> =
        expected.iter().map(|(index, reason)| SkippedItem { index: *index, reason: reason.clone() }).collect();
    assert_eq!(feed.skipped, expected, "for {items}");
}

#[test]
fn full_item_maps_every_field() {
    let feed = parse(
        r#"{
        "version": "https://jsonfeed.org/version/1.1",
        "title": "新闻", "home_page_url": "https://news.example/",
        "feed_url": "https://news.example/feed.json", "language": "zh-CN",
        "next_url": "https://news.example/feed-2.json",
        "_article": {"disclaimer": "站点声明"},
        "items": [{
            "id": "a1", "url": "https://news.example/a1", "title": "标题",
            "summary": "摘要", "content_text": "第一段\n  第二段",
            "image": "https://news.example/a1.png",
            "date_published": "2024-01-24T19:41:00+08:00",
            "date_modified": "2024-01-25T08:00:00Z",
            "authors": [{"name": "记者甲", "url": "https://news.example/j"}, {"name": "记者乙"}],
            "tags": ["上海", " "], "language": "zh-Hans",
            "_article": {"source": {"name": "上观新闻", "url": "https://source.example/"}},
            "_other_extension": {"ignored": true}
        }]
    }"#,
    );
    assert_eq!(feed.format, Format::JsonFeed(JsonFeedVersion::V1_1));
    assert_eq!(feed.title.as_deref(), Some("新闻"));
    assert_eq!(feed.home_page_url.as_deref(), Some("https://news.example/"));
    assert_eq!(feed.feed_url.as_deref(), Some("https://news.example/feed.json"));
    assert_eq!(feed.language.as_deref(), Some("zh-CN"));
    assert_eq!(feed.next_url.as_deref(), Some("https://news.example/feed-2.json"));
    assert_eq!(feed.disclaimer.as_deref(), Some("站点声明"));

    let a = &feed.articles[0];
    assert_eq!(a.id, "a1");
    assert_eq!(a.url.as_deref(), Some("https://news.example/a1"));
    assert_eq!(a.title.as_deref(), Some("标题"));
    assert_eq!(a.summary.as_deref(), Some("摘要"));
    assert_eq!(a.body, Body::Paragraphs(vec!["第一段".into(), "第二段".into()]));
    assert_eq!(a.image.as_deref(), Some("https://news.example/a1.png"));
    assert_eq!(a.published.as_ref().unwrap().publisher_local().to_string(), "2024-01-24 19:41");
    assert_eq!(a.modified.as_ref().unwrap().rfc3339(), "2024-01-25T08:00:00Z");
    assert_eq!(a.authors.len(), 2);
    assert_eq!(a.authors[0].url.as_deref(), Some("https://news.example/j"));
    assert_eq!(a.authors[1].name.as_deref(), Some("记者乙"));
    assert_eq!(a.tags, vec!["上海".to_owned()]);
    assert_eq!(a.language.as_deref(), Some("zh-Hans"));
    let source = a.source.as_ref().unwrap();
    assert_eq!((source.name.as_str(), source.url.as_deref()), ("上观新闻", Some("https://source.example/")));
    assert_eq!(a.disclaimer.as_deref(), Some("站点声明"));
}

#[test]
fn json_feed_1_0_with_singular_author() {
    let feed = parse(
        r#"{"version":"https://jsonfeed.org/version/1","title":"T",
            "items":[{"id":"1","content_text":"x","author":{"name":"编辑部"}}]}"#,
    );
    assert_eq!(feed.format, Format::JsonFeed(JsonFeedVersion::V1_0));
    assert_eq!(feed.articles[0].authors[0].name.as_deref(), Some("编辑部"));
}

#[test]
fn numeric_ids_are_coerced_to_strings() {
    let feed = parse(&feed_with(r#"[{"id":42,"content_text":"a"},{"id":1.5,"content_text":"b"}]"#));
    let ids: Vec<&str> = feed.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["42", "1.5"]);
}

#[test]
fn unusable_items_are_skipped_with_reasons() {
    check_skipped(r#"[{"content_text":"no id"}]"#, &[(0, SkipReason::MissingId)]);
    check_skipped(r#"[{"id":null}]"#, &[(0, SkipReason::MissingId)]);
    check_skipped(r#"[{"id":"  "}]"#, &[(0, SkipReason::MissingId)]);
    check_skipped(r#"[{"id":{"a":1}}]"#, &[(0, SkipReason::InvalidId)]);
    check_skipped(r#"[{"id":true}]"#, &[(0, SkipReason::InvalidId)]);
    check_skipped(r#"[{"id":"a"},{"id":"b"},{"id":"a"}]"#, &[(2, SkipReason::DuplicateId("a".into()))]);
    let feed = parse(&feed_with(r#"[{"id":"a"},"not an object",{"id":"c"}]"#));
    assert_eq!(feed.articles.len(), 2);
    assert!(
        matches!(&feed.skipped[..], [SkippedItem { index: 1, reason: SkipReason::Malformed(m) }] if m == "the item is not a JSON object"),
        "{:?}",
        feed.skipped
    );
}

#[test]
fn a_wrongly_typed_field_costs_only_that_field() {
    let feed = parse(&feed_with(
        r#"[{"id":"ok1","title":"好"},{"id":"odd","title":7,"tags":"上海","authors":{"name":1},"_article":"x"},{"title":"无id"},{"id":"ok2"}]"#,
    ));
    let ids: Vec<&str> = feed.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["ok1", "odd", "ok2"]);
    let odd = &feed.articles[1];
    assert_eq!((odd.title.as_ref(), odd.tags.len(), odd.authors.len(), odd.source.as_ref()), (None, 0, 0, None));
    assert_eq!(feed.skipped, [SkippedItem { index: 2, reason: SkipReason::MissingId }]);
}

#[test]
fn a_wrongly_typed_feed_field_costs_only_that_field() {
    let feed = parse(&format!(
        r#"{{"version":"{V1_1}","title":123,"language":["zh"],"_article":{{"disclaimer":["x"]}},"items":[{{"id":"a"}}]}}"#
    ));
    assert_eq!((feed.title, feed.language, feed.disclaimer), (None, None, None));
    assert_eq!(feed.articles.len(), 1);
}

#[test]
fn dot_ids_cannot_be_linked_and_are_skipped() {
    check_skipped(
        r#"[{"id":"."},{"id":".."},{"id":"..."}]"#,
        &[(0, SkipReason::InvalidId), (1, SkipReason::InvalidId)],
    );
}

#[test]
fn documents_that_are_not_json() {
    for json in ["", "<rss version=\"2.0\"></rss>", "{\"version\": ", "{'single': 'quotes'}"] {
        assert!(matches!(Feed::from_json(json), Err(FeedError::NotJson(_))), "for {json:?}");
    }
}

#[test]
fn json_that_is_not_a_feed() {
    check_error("{}", FeedError::NotAFeed(NotAFeed::MissingVersion));
    check_error(r#"{"items":[]}"#, FeedError::NotAFeed(NotAFeed::MissingVersion));
    check_error(
        r#"{"version":"https://example.com/v2","items":[]}"#,
        FeedError::NotAFeed(NotAFeed::UnknownVersion("https://example.com/v2".into())),
    );
    check_error(
        r#"{"version":"https://jsonfeed.org/version/2","items":[]}"#,
        FeedError::NotAFeed(NotAFeed::UnknownVersion("https://jsonfeed.org/version/2".into())),
    );
    check_error(&format!(r#"{{"version":"{V1_1}"}}"#), FeedError::NotAFeed(NotAFeed::MissingItems));
    check_error(&format!(r#"{{"version":"{V1_1}","items":{{}}}}"#), FeedError::NotAFeed(NotAFeed::MissingItems));
    check_error(r#"{"version":1.1,"items":[]}"#, FeedError::NotAFeed(NotAFeed::MissingVersion));
    for json in ["[1]", "42", "\"feed\"", "null"] {
        assert!(matches!(Feed::from_json(json), Err(FeedError::NotAFeed(_))), "for {json}");
    }
}

#[test]
fn an_empty_feed_is_a_feed() {
    let feed = parse(&feed_with("[]"));
    assert!(feed.articles.is_empty() && feed.skipped.is_empty());
}

#[test]
fn content_text_wins_and_html_is_kept_but_never_rendered_as_text() {
    let feed = parse(&feed_with(
        r#"[{"id":"both","content_text":"纯文本","content_html":"<p>HTML</p>"},
            {"id":"html","content_html":"<p>只有 HTML</p>"},
            {"id":"none","title":"只有标题"}]"#,
    ));
    assert_eq!(feed.articles[0].body, Body::Paragraphs(vec!["纯文本".into()]));
    assert_eq!(feed.articles[1].body, Body::Html("<p>只有 HTML</p>".into()));
    assert_eq!(feed.articles[2].body, Body::Empty);
}

#[test]
fn unreadable_dates_are_dropped_not_the_article() {
    let feed =
        parse(&feed_with(r#"[{"id":"a","date_published":"2024年1月24日","date_modified":"2024-02-30T00:00:00Z"}]"#));
    assert_eq!(feed.articles.len(), 1);
    assert_eq!(feed.articles[0].published, None);
    assert_eq!(feed.articles[0].modified, None);
}

#[test]
fn headline_and_excerpt_fall_back_to_the_text() {
    let long = "长".repeat(100);
    let feed = parse(&feed_with(&format!(
        r#"[{{"id":"a","content_text":"{long}"}},{{"id":"b","summary":"摘要","content_text":"正文"}}]"#
    )));
    let expected = format!("{}……", "长".repeat(80));
    assert_eq!(feed.articles[0].headline(grapheme_cut).as_deref(), Some(expected.as_str()));
    assert_eq!(feed.articles[0].excerpt(grapheme_cut).as_deref(), Some(expected.as_str()));
    assert_eq!(feed.articles[1].excerpt(grapheme_cut).as_deref(), Some("摘要"));
}

#[test]
fn source_needs_a_name() {
    let feed = parse(&feed_with(
        r#"[{"id":"a","_article":{"source":{"url":"https://x.example/"}}},
            {"id":"b","_article":{"source":{"name":" 新华社 "}}}]"#,
    ));
    assert_eq!(feed.articles[0].source, None);
    assert_eq!(feed.articles[1].source.as_ref().map(|s| s.name.as_str()), Some("新华社"));
}

#[test]
fn lookup_by_id() {
    let feed = parse(&feed_with(r#"[{"id":"a"},{"id":"文章/2"}]"#));
    assert_eq!(feed.article("文章/2").map(|a| a.id.as_str()), Some("文章/2"));
    assert!(feed.article("missing").is_none());
}

#[test]
fn a_next_page_appends_new_articles_only() {
    let first = parse(&format!(
        r#"{{"version":"{V1_1}","title":"T","next_url":"https://n.example/2.json","items":[{{"id":"a"}},{{"id":"b"}}]}}"#
    ));
    let second = parse(&format!(
        r#"{{"version":"{V1_1}","title":"ignored","next_url":"https://n.example/3.json","items":[{{"id":"b"}},{{"id":"c"}},{{}}]}}"#
    ));
    let merged = first.with_next_page(second);
    let ids: Vec<&str> = merged.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(merged.title.as_deref(), Some("T"));
    assert_eq!(merged.next_url.as_deref(), Some("https://n.example/3.json"));
    assert_eq!(merged.skipped.len(), 1);
}

#[test]
fn item_url_template_names_each_articles_own_document() {
    let json = format!(
        r#"{{"version":"{V1_1}","_article":{{"item_url_template":"/items/{{id}}.json"}},"items":[{{"id":"a"}}]}}"#
    );
    let feed = Feed::from_json_resolving(&json, |r| Some(format!("https://news.example{r}"))).unwrap();
    assert_eq!(feed.item_url("a").as_deref(), Some("https://news.example/items/a.json"));
    assert_eq!(
        feed.item_url("文章 1/2").as_deref(),
        Some("https://news.example/items/%E6%96%87%E7%AB%A0%201%2F2.json")
    );
    // Whatever an id holds stays in its place in the URL; `.` and `..`, which
    // a URL reads as steps along the path, are not put into one.
    assert_eq!(feed.item_url("../a?b#c&d").as_deref(), Some("https://news.example/items/..%2Fa%3Fb%23c%26d.json"));
    assert_eq!(feed.item_url("..."), Some("https://news.example/items/....json".to_owned()));
    assert_eq!(feed.item_url(".."), None);
    assert_eq!(feed.item_url("."), None);
    // No template, or one without `{id}`: no per-item documents.
    assert_eq!(parse(&feed_with(r#"[{"id":"a"}]"#)).item_url("a"), None);
    let without_slot = format!(r#"{{"version":"{V1_1}","_article":{{"item_url_template":"/items.json"}},"items":[]}}"#);
    assert_eq!(parse(&without_slot).item_url("a"), None);
    // The sample feed has one.
    let sample = Feed::from_json(crate::SAMPLE_FEED).unwrap();
    assert_eq!(sample.item_url("x").as_deref(), Some("/items/x.json"));
}
