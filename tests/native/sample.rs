//! The sample feed carries the seed article verbatim.

use article_widget::model::{Body, Feed, Format, JsonFeedVersion, Source};

use crate::{SAMPLE_FEED, SEED_ARTICLE};

const SEED_TITLE: &str = "聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流";
const DISCLAIMER: &str = "免责申明: 本站部分内容转载自国内知名媒体,如有侵权请联系客服删除。";

/// The seed file's lines: title, nav, title, time, paragraphs…, source, disclaimer.
fn seed_lines() -> Vec<&'static str> {
    SEED_ARTICLE.lines().collect()
}

#[test]
fn seed_article_is_first_and_exact() {
    let feed = Feed::from_json(SAMPLE_FEED).expect("sample feed parses");
    let seed = &feed.articles[0];
    let lines = seed_lines();

    assert_eq!(feed.format, Format::JsonFeed(JsonFeedVersion::V1_1));
    assert_eq!(lines[4], SEED_TITLE);
    assert_eq!(seed.title.as_deref(), Some(SEED_TITLE));
    assert_eq!(lines[5], "2024-01-24 19:41:00");
    let published = seed.published.as_ref().expect("seed has a date");
    assert_eq!(published.rfc3339(), "2024-01-24T19:41:00+08:00");
    assert_eq!(published.publisher_local().to_string(), "2024-01-24 19:41");
    assert_eq!(published.offset_minutes(), 8 * 60);

    let expected: Vec<String> = lines[6..14].iter().map(|l| l.trim().to_owned()).collect();
    assert_eq!(seed.body, Body::Paragraphs(expected));
    assert!(lines[6].starts_with("市委书记陈吉宁今天下午"));

    assert_eq!(lines[14], "(文章来源:上观新闻)");
    assert_eq!(seed.source, Some(Source { name: "上观新闻".into(), url: None }));
    assert_eq!(lines[15], DISCLAIMER);
    assert_eq!(feed.disclaimer.as_deref(), Some(DISCLAIMER));
    assert_eq!(seed.disclaimer.as_deref(), Some(DISCLAIMER));
}

#[test]
fn sample_feed_looks_like_a_news_column() {
    let feed = Feed::from_json(SAMPLE_FEED).unwrap();
    assert!(feed.articles.len() >= 13, "{} articles", feed.articles.len());
    assert!(feed.skipped.is_empty(), "{:?}", feed.skipped);
    assert_eq!(feed.language.as_deref(), Some("zh-CN"));
    let with_images = feed.articles.iter().filter(|a| a.image.is_some()).count();
    assert!(with_images >= 3, "{with_images} articles with images");
    for article in &feed.articles {
        let published = article.published.as_ref().expect("every sample article is dated");
        assert_eq!(published.offset_minutes(), 8 * 60, "{}", article.id);
        assert!(matches!(&article.body, Body::Paragraphs(p) if !p.is_empty()), "{}", article.id);
        if let Some(image) = &article.image {
            let path = format!("{}/www/content{image}", env!("CARGO_MANIFEST_DIR"));
            assert!(std::path::Path::new(&path).is_file(), "missing {path}");
        }
    }
}

#[test]
fn item_disclaimer_overrides_the_feeds() {
    let feed = Feed::from_json(SAMPLE_FEED).unwrap();
    let own: Vec<_> = feed.articles.iter().filter(|a| a.disclaimer.as_deref() != Some(DISCLAIMER)).collect();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].disclaimer.as_deref(), Some("本文为示例稿件,仅供演示。"));
}
