//! Links from a feed become `href`/`src` only when they are http(s).

use article_widget::model::{safe_link, Feed, LinkTarget};

fn check(raw: &str, expected: Option<LinkTarget>) {
    assert_eq!(safe_link(raw), expected, "for {raw:?}");
}

#[test]
fn safe_link_accepts_http_and_relative() {
    check("https://a.example/x", Some(LinkTarget::Absolute("https://a.example/x".into())));
    check("HTTP://a.example", Some(LinkTarget::Absolute("HTTP://a.example".into())));
    check("  https://a.example/\n", Some(LinkTarget::Absolute("https://a.example/".into())));
    check("/sample/a.svg", Some(LinkTarget::Relative("/sample/a.svg".into())));
    check("images/a:b.svg", Some(LinkTarget::Relative("images/a:b.svg".into())));
    check("?page=2", Some(LinkTarget::Relative("?page=2".into())));
    check("//cdn.example/a.png", Some(LinkTarget::Relative("//cdn.example/a.png".into())));
}

#[test]
fn safe_link_rejects_other_schemes_however_disguised() {
    for raw in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " \u{1}javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "file:///etc/passwd",
        "a b:c",
        ":no-scheme",
        "",
        "   ",
    ] {
        check(raw, None);
    }
}

#[test]
fn relative_links_are_resolved_and_checked_again() {
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[
        {"id":"a","url":"/articles/a","image":"img/a.png",
         "_article":{"source":{"name":"S","url":"javascript:alert(1)"}}}]}"#;
    let resolve = |relative: &str| {
        Some(match relative.strip_prefix('/') {
            Some(path) => format!("https://news.example/{path}"),
            None => format!("https://news.example/feeds/{relative}"),
        })
    };
    let feed = Feed::from_json_resolving(json, resolve).unwrap();
    let a = &feed.articles[0];
    assert_eq!(a.url.as_deref(), Some("https://news.example/articles/a"));
    assert_eq!(a.image.as_deref(), Some("https://news.example/feeds/img/a.png"));
    assert_eq!(a.source.as_ref().unwrap().url, None);

    let hostile = Feed::from_json_resolving(json, |_| Some("javascript:alert(1)".into())).unwrap();
    assert_eq!(hostile.articles[0].url, None);
    assert_eq!(hostile.articles[0].image, None);
}
