//! WordPress REST posts read into the same model as JSON Feed.

use article_widget::model::{Block, Body, Feed, Format, Image, Inline, SkipReason, SkippedItem};
use article_widget::platform::NativePlatform;

const POSTS: &str = include_str!("../fixtures/wordpress/posts-embed.json");

fn parse(json: &str) -> Feed {
    Feed::parse(json, &NativePlatform::new(Some("https://news.example/wp-json/wp/v2/posts?_embed"))).unwrap()
}

#[test]
fn posts_with_embed_map_onto_articles() {
    let feed = parse(POSTS);
    assert_eq!(feed.format, Format::WordPress);
    let ids: Vec<&str> = feed.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["4021", "4020", "4019"]);
    assert_eq!(feed.skipped, [SkippedItem { index: 3, reason: SkipReason::MissingId }]);

    let post = &feed.articles[0];
    assert_eq!(post.title.as_deref(), Some("聚焦建设“五个中心”重要使命 & 专题会议"));
    assert_eq!(post.url.as_deref(), Some("https://news.example/2024/01/24/five-centres/"));
    assert_eq!(post.summary.as_deref(), Some("市委书记今天下午在专题会议上指出 […]"));
    let published = post.published.as_ref().unwrap();
    assert_eq!(published.rfc3339(), "2024-01-24T19:41:00+08:00");
    assert_eq!(published.publisher_local().to_string(), "2024-01-24 19:41");
    assert_eq!(post.modified.as_ref().unwrap().rfc3339(), "2024-01-24T20:05:12+08:00");
    assert_eq!(post.image.as_deref(), Some("https://news.example/wp-content/uploads/2024/01/cover.jpg"));
    assert_eq!(post.authors[0].name.as_deref(), Some("上观新闻记者"));
    let Body::Blocks(blocks) = &post.body else { panic!("{:?}", post.body) };
    assert_eq!(blocks.len(), 3, "{blocks:?}");
    assert_eq!(
        blocks[1],
        Block::Figure {
            image: Image {
                src: "https://news.example/wp-content/uploads/2024/01/bund.jpg".into(), alt: "外滩".into()
            },
            caption: vec![Inline::Text("外滩夜景".into())],
        }
    );
    assert_eq!(
        blocks[2],
        Block::Paragraph(vec![
            Inline::Text("第二段".into()),
            Inline::Link {
                href: "https://news.example/2024/01/other/".into(),
                content: vec![Inline::Text("相关报道".into())]
            },
            Inline::Text("。".into()),
        ])
    );

    let bare = &feed.articles[2];
    assert_eq!(
        (bare.url.as_ref(), bare.published.as_ref()),
        (None, None),
        "a javascript: link and a bad date are dropped"
    );
}

#[test]
fn one_post_is_a_feed_of_one() {
    let one = r#"{"id": 7, "date": "2024-01-24T06:41:00", "date_gmt": "2024-01-24T11:41:00", "title": {"rendered": "纽约"}, "content": {"rendered": "<p>正文</p>"}}"#;
    let feed = parse(one);
    assert_eq!(feed.format, Format::WordPress);
    assert_eq!(feed.articles[0].id, "7");
    assert_eq!(feed.articles[0].published.as_ref().unwrap().rfc3339(), "2024-01-24T06:41:00-05:00");
}

#[test]
fn arrays_and_objects_that_are_not_posts_are_not_feeds() {
    let platform = NativePlatform::new(None);
    assert!(Feed::parse(r#"[{"a": 1}, 2]"#, &platform).is_err());
    assert!(Feed::parse(r#"{"hello": "world"}"#, &platform).is_err());
    assert!(Feed::parse("[]", &platform).unwrap().articles.is_empty());
}
