//! The site's addresses: every route has one URL, and every URL a browser
//! (or a static host) may show maps back to its route, under any base path.

use article_widget::model::{percent_decode, percent_encode};
use article_widget::route::{Route, Routing, Site};

fn article(id: &str) -> Route {
    Route::Article { id: id.into() }
}

fn check(site: &Site, path: &str, hash: &str, expected: Route) {
    assert_eq!(site.route(path, hash), expected, "for {path:?} {hash:?} under {site:?}");
}

#[test]
fn path_routing_at_the_root() {
    let site = Site::default();
    assert_eq!(site.href(&Route::Home), "/");
    assert_eq!(site.href(&article("a1")), "/articles/a1");
    assert_eq!(site.href(&article("文章 1/2")), "/articles/%E6%96%87%E7%AB%A0%201%2F2");
    check(&site, "/", "", Route::Home);
    check(&site, "/index.html", "", Route::Home);
    check(&site, "/articles/a1", "", article("a1"));
    check(&site, "/articles/a1/", "", article("a1"));
    check(&site, "/articles/a1/index.html", "", article("a1"));
    check(&site, "/articles/%E6%96%87%E7%AB%A0%201%2F2", "", article("文章 1/2"));
    for path in ["/articles/", "/articles", "/articles/a/b", "/elsewhere", "/articles/%ZZ", "/articles/%FF"] {
        check(&site, path, "", Route::NotFound);
    }
}

#[test]
fn every_route_survives_a_round_trip() {
    for site in [
        Site::default(),
        Site::new("/news/", Routing::Path),
        Site::new("news", Routing::Path),
        Site::new("/a/b/", Routing::Hash),
    ] {
        for route in [
            Route::Home,
            article("a1"),
            article("文章 1/2"),
            article("100%"),
            article("a?b#c"),
            article("archive"),
            Route::Archive { page: 1 },
            Route::Archive { page: 40 },
            Route::Tag { slug: "news".into() },
            Route::Tag { slug: "上海-地铁-0a1b2c3d".into() },
            Route::Tag { slug: "100%".into() },
        ] {
            let href = site.href(&route);
            let (path, hash) =
                href.split_once('#').map_or((href.as_str(), ""), |(path, _)| (path, &href[path.len()..]));
            assert_eq!(site.route(path, hash), route, "{href} under {site:?}");
        }
    }
}

#[test]
fn a_sub_path_deploy() {
    let site = Site::new("news", Routing::Path);
    assert_eq!(site.base(), "/news/");
    assert_eq!(site.href(&Route::Home), "/news/");
    assert_eq!(site.href(&article("a1")), "/news/articles/a1");
    check(&site, "/news/", "", Route::Home);
    check(&site, "/news", "", Route::Home);
    check(&site, "/news/articles/a1", "", article("a1"));
    check(&site, "/articles/a1", "", Route::NotFound);
    check(&site, "/newsroom/articles/a1", "", Route::NotFound);
}

#[test]
fn hash_routing_for_hosts_without_rewrites() {
    let site = Site::new("/news/", Routing::Hash);
    assert_eq!(site.href(&Route::Home), "/news/");
    assert_eq!(site.href(&article("a1")), "/news/#/articles/a1");
    check(&site, "/news/", "#/articles/a1", article("a1"));
    check(&site, "/news/index.html", "#/articles/a1", article("a1"));
    check(&site, "/news/", "#/", Route::Home);
    check(&site, "/news/", "", Route::Home);
    // A prerendered page's own path still shows its article.
    check(&site, "/news/articles/a1/", "", article("a1"));
    // An in-page anchor is not a route.
    check(&site, "/news/", "#top", Route::Home);
    check(&site, "/news/", "#/nowhere", Route::NotFound);
}

fn archive(page: usize) -> Route {
    Route::Archive { page }
}

#[test]
fn archive_pages_have_one_address_each() {
    let site = Site::new("/news/", Routing::Path);
    assert_eq!(site.href(&archive(3)), "/news/archive/3");
    assert_eq!(Site::relative_path(&archive(12)), "archive/12");
    assert_eq!(article_widget::route::archive_feed(12), "feed/12.json");
    check(&site, "/news/archive/3", "", archive(3));
    check(&site, "/news/archive/3/", "", archive(3));
    check(&site, "/news/archive/3/index.html", "", archive(3));
    check(&site, "/news/archive/123456789/", "", archive(123_456_789));
    for path in [
        "/news/archive/",
        "/news/archive",
        "/news/archive/0",
        "/news/archive/03",
        "/news/archive/-1",
        "/news/archive/+1",
        "/news/archive/1x",
        "/news/archive/1/2",
        "/news/archive/%31",
        "/news/archive/1234567890",
        "/archive/3",
    ] {
        check(&site, path, "", Route::NotFound);
    }
    let hash = Site::new("/news/", Routing::Hash);
    assert_eq!(hash.href(&archive(3)), "/news/#/archive/3");
    check(&hash, "/news/", "#/archive/3", archive(3));
    check(&hash, "/news/", "#/archive/3/", archive(3));
    // The prerendered page's own path, before the app rewrites nothing.
    check(&hash, "/news/archive/3/", "", archive(3));
    check(&hash, "/news/", "#/archive/0", Route::NotFound);
}

#[test]
fn routing_names() {
    assert_eq!(Routing::from_name("hash"), Some(Routing::Hash));
    assert_eq!(Routing::from_name(" Path "), Some(Routing::Path));
    assert_eq!(Routing::from_name("history"), Some(Routing::Path));
    assert_eq!(Routing::from_name("query"), None);
}

#[test]
fn percent_encoding_keeps_only_unreserved_characters() {
    assert_eq!(percent_encode("a-b.c_d~e"), "a-b.c_d~e");
    assert_eq!(percent_encode("a b/c?d#e%"), "a%20b%2Fc%3Fd%23e%25");
    assert_eq!(percent_decode("a%20b%2fc"), Some("a b/c".into()));
    assert_eq!(percent_decode("%E4%B8%8A"), Some("上".into()));
    assert_eq!(percent_decode("%"), None);
    assert_eq!(percent_decode("%4"), None);
    assert_eq!(percent_decode("%C3%28"), None);
}

#[test]
fn tag_pages_are_one_segment() {
    let site = Site::default();
    assert_eq!(site.href(&Route::Tag { slug: "经济".into() }), "/tags/%E7%BB%8F%E6%B5%8E");
    check(&site, "/tags/%E7%BB%8F%E6%B5%8E/", "", Route::Tag { slug: "经济".into() });
    check(&site, "/tags/news/index.html", "", Route::Tag { slug: "news".into() });
    check(&site, "/tags/", "", Route::NotFound);
    check(&site, "/tags/a/b", "", Route::NotFound);
    check(&site, "/tags/%FF", "", Route::NotFound);
    check(&site, "/", "#/tags/..", Route::NotFound);
    check(&site, "/tags/%2E%2E", "", Route::NotFound);
    assert_eq!(article_widget::route::tag_feed("经济"), "tags/经济/feed.json");
}
