//! Stable archive pages: `feed.json` holds the newest articles and the
//! archive pages `feed/1.json` (the oldest) … are cut from the oldest end, so
//! one new article changes `feed.json` and at most two archive pages; the
//! reader, following `next_url` and dropping what it has, still reads every
//! article once, newest first. Sitemaps grow at the end likewise.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use article_widget::model::Feed;
use article_widget::publish::{sitemaps_of_at_most, BuildOptions, Report, SitemapEntry};

use scraper::{Html, Selector};

use crate::publish::build_ok;

/// Article `i`, an hour after article `i - 1`.
fn article(site: &Path, i: usize, body: &str) {
    let (day, hour) = (1 + i / 24, i % 24);
    fs::write(
        site.join(format!("a{i:03}.md")),
        format!("---\ntitle: 第 {i} 篇\nid: a{i:03}\ndate: 2024-03-{day:02}T{hour:02}:00:00+08:00\n---\n\n{body}\n"),
    )
    .unwrap();
}

/// A content folder of articles `0..n` and an output folder with the shell.
fn site(name: &str, n: usize) -> (PathBuf, PathBuf, PathBuf) {
    let (root, content, out) = crate::publish::empty_site("archive", name);
    for i in 0..n {
        article(&content, i, &format!("正文 {i}。"));
    }
    (root, content, out)
}

fn build(content: &Path, out: &Path) -> Report {
    build_ok(&BuildOptions {
        page_items: 10,
        ..crate::publish::options(&[content.to_owned()], out, Some("https://news.example/"))
    })
}

/// `feed.json` and `feed/*.json` with their bytes.
fn feed_files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::from([("feed.json".to_owned(), fs::read(out.join("feed.json")).unwrap())]);
    if let Ok(entries) = fs::read_dir(out.join("feed")) {
        for entry in entries {
            let entry = entry.unwrap();
            files.insert(format!("feed/{}", entry.file_name().to_str().unwrap()), fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// The feed as the reader reads it: `feed.json`, then each `next_url`,
/// merged by `Feed::with_next_page` (which drops articles it already has).
/// Returns the ids in order and the number of pages read.
fn read_as_the_reader_does(out: &Path) -> (Vec<String>, usize) {
    let read = |name: &str| Feed::from_json(&fs::read_to_string(out.join(name)).unwrap()).unwrap();
    let mut feed = read("feed.json");
    let mut pages = 1;
    while let Some(next) = feed.next_url.clone() {
        let name = next.strip_prefix("https://news.example/").unwrap_or_else(|| panic!("{next}")).to_owned();
        feed = feed.with_next_page(read(&name));
        pages += 1;
        assert!(pages < 1000, "next_url loops");
    }
    (feed.articles.iter().map(|article| article.id.clone()).collect(), pages)
}

fn ids_newest_first(n: usize) -> Vec<String> {
    (0..n).rev().map(|i| format!("a{i:03}")).collect()
}

fn page_ids(out: &Path, name: &str) -> Vec<String> {
    let page: serde_json::Value = serde_json::from_slice(&fs::read(out.join(name)).unwrap()).unwrap();
    page["items"].as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap().to_owned()).collect()
}

/// `archive/*/index.html` with their bytes.
fn archive_pages(out: &Path) -> BTreeMap<usize, Vec<u8>> {
    let mut pages = BTreeMap::new();
    for entry in fs::read_dir(out.join("archive")).unwrap() {
        let entry = entry.unwrap();
        let n: usize = entry.file_name().to_str().unwrap().parse().unwrap();
        pages.insert(n, fs::read(entry.path().join("index.html")).unwrap());
    }
    pages
}

fn feed_paths(paths: &[String]) -> Vec<&str> {
    paths.iter().map(String::as_str).filter(|p| *p == "feed.json" || p.starts_with("feed/")).collect()
}

fn feed_changes(report: &Report) -> (Vec<&str>, Vec<&str>) {
    (feed_paths(&report.changes.added), feed_paths(&report.changes.changed))
}

#[test]
fn archive_pages_are_cut_from_the_oldest_end_and_the_reader_reads_every_article_once() {
    let (root, content, out) = site("layout", 95);
    let report = build(&content, &out);
    // feed.json and 10 archive pages: 1–9 full (a000–a089), 10 holds a090–a094.
    assert_eq!(report.feed_pages, 11);
    assert_eq!(page_ids(&out, "feed.json"), ids_newest_first(95)[..10]);
    assert_eq!(page_ids(&out, "feed/1.json"), ids_newest_first(10));
    assert_eq!(page_ids(&out, "feed/10.json"), ids_newest_first(95)[..5]);
    assert!(!out.join("feed/11.json").exists() && !out.join("feed/0.json").exists());
    let next = |name: &str| -> Option<String> {
        let page: serde_json::Value = serde_json::from_slice(&fs::read(out.join(name)).unwrap()).unwrap();
        page["next_url"].as_str().map(str::to_owned)
    };
    // feed.json ends at a085, which page 9 (a080–a089) holds.
    assert_eq!(next("feed.json").as_deref(), Some("https://news.example/feed/9.json"));
    assert_eq!(next("feed/10.json").as_deref(), Some("https://news.example/feed/9.json"));
    assert_eq!(next("feed/2.json").as_deref(), Some("https://news.example/feed/1.json"));
    assert_eq!(next("feed/1.json"), None);
    let (ids, pages) = read_as_the_reader_does(&out);
    assert_eq!(ids, ids_newest_first(95), "every article once, newest first");
    assert_eq!(pages, 10);

    // The sitemap lists the articles oldest first and the home page last.
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let (a000, a094, home) = (
        sitemap.find("/articles/a000<").unwrap(),
        sitemap.find("/articles/a094<").unwrap(),
        sitemap.find("<loc>https://news.example/</loc>").unwrap(),
    );
    assert!(a000 < a094 && a094 < home, "{sitemap}");
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn one_new_article_changes_feed_json_and_at_most_two_archive_pages() {
    let (root, content, out) = site("growth", 95);
    build(&content, &out);
    // 95 → 96: page 10 takes it; pages 1–9 keep their bytes.
    // 99 → 100: page 10 fills up. 100 → 101: page 11 starts, page 10 stays.
    let mut before = feed_files(&out);
    let mut pages_before = archive_pages(&out);
    for n in 96..=101 {
        article(&content, n - 1, &format!("正文 {}。", n - 1));
        let report = build(&content, &out);
        let after = feed_files(&out);
        let (added, changed) = feed_changes(&report);
        let moved: Vec<&String> =
            after.keys().filter(|name| before.get(*name) != after.get(*name) && *name != "feed.json").collect();
        assert!(changed.contains(&"feed.json"), "{n}: {changed:?}");
        assert!(added.len() + changed.len() - 1 <= 2, "{n}: added {added:?}, changed {changed:?}");
        assert_eq!(moved.len(), added.len() + changed.len() - 1, "{n}: the list says what moved: {moved:?}");
        let newest = format!("feed/{}.json", n.div_ceil(10));
        let expected: Vec<&str> = if n % 10 == 1 { vec![newest.as_str()] } else { vec![] };
        assert_eq!(added, expected, "{n}: a new page only when the newest one was full");
        if n % 10 == 1 {
            assert_eq!(changed, ["feed.json"], "{n}");
        } else {
            assert_eq!(changed, ["feed.json", newest.as_str()], "{n}");
        }
        for page in 1..n.div_ceil(10) {
            let name = format!("feed/{page}.json");
            assert_eq!(before.get(&name), after.get(&name), "{n}: {name} is full and must not change");
        }
        assert!(report.changes.removed.is_empty(), "{n}: {:?}", report.changes.removed);
        let (ids, _) = read_as_the_reader_does(&out);
        assert_eq!(ids, ids_newest_first(n), "{n}");
        before = after;

        // The list pages follow: only the newest (and, when a page starts,
        // the one before, whose "newer" link now leads there) change.
        let pages_after = archive_pages(&out);
        let newest = n.div_ceil(10);
        assert_eq!(pages_after.len(), newest, "{n}");
        for page in 1..newest - 1 {
            assert_eq!(pages_before.get(&page), pages_after.get(&page), "{n}: archive/{page} must not change");
        }
        let listed: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join(".article-widget-changes.json")).unwrap()).unwrap();
        let archive_changes: Vec<String> = ["added", "changed", "removed"]
            .iter()
            .flat_map(|kind| {
                listed[kind].as_array().unwrap().iter().map(move |p| format!("{kind} {}", p.as_str().unwrap()))
            })
            .filter(|line| line.contains(" archive/"))
            .collect();
        let expected: Vec<String> = if n % 10 == 1 {
            vec![format!("added archive/{newest}/index.html"), format!("changed archive/{}/index.html", newest - 1)]
        } else {
            vec![format!("changed archive/{newest}/index.html")]
        };
        assert_eq!(archive_changes, expected, "{n}");
        pages_before = pages_after;
    }
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn an_edited_old_article_changes_only_its_own_files_and_its_page() {
    let (root, content, out) = site("edit", 95);
    build(&content, &out);
    let before = feed_files(&out);
    article(&content, 13, "正文 13,改过了。");
    let report = build(&content, &out);
    assert!(report.changes.added.is_empty() && report.changes.removed.is_empty(), "{:?}", report.changes);
    assert_eq!(
        report.changes.changed,
        ["archive/2/index.html", "articles/a013/index.html", "feed/2.json", "items/a013.json"]
    );
    let after = feed_files(&out);
    for (name, bytes) in &before {
        assert_eq!(name == "feed/2.json", after[name] != *bytes, "{name}");
    }
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_removed_or_back_dated_article_changes_only_its_own_page() {
    let (root, content, out) = site("removal", 95);
    build(&content, &out);
    let original = feed_files(&out);

    // a013 goes: page 2 (a010–a019) is one shorter, every other page as it was.
    fs::remove_file(content.join("a013.md")).unwrap();
    let report = build(&content, &out);
    assert_eq!(feed_changes(&report), (vec![], vec!["feed/2.json"]));
    assert_eq!(report.changes.removed, ["articles/a013/index.html", "items/a013.json"]);
    assert_eq!(page_ids(&out, "feed/2.json").len(), 9);

    // An article imported with an old date joins the page its date falls in.
    fs::write(content.join("old.md"), "---\ntitle: 旧闻\nid: old\ndate: 2024-03-01T13:30:00+08:00\n---\n\n旧闻。\n")
        .unwrap();
    let report = build(&content, &out);
    assert_eq!(feed_changes(&report), (vec![], vec!["feed/2.json"]));
    assert!(page_ids(&out, "feed/2.json").contains(&"old".to_owned()));
    // Older than every article: page 1 takes it.
    fs::write(
        content.join("oldest.md"),
        "---\ntitle: 最旧\nid: oldest\ndate: 2020-01-01T00:00:00+08:00\n---\n\n最旧。\n",
    )
    .unwrap();
    let report = build(&content, &out);
    assert_eq!(feed_changes(&report), (vec![], vec!["feed/1.json"]));

    // All of page 3 removed: it stays, empty, and the pages after keep their numbers and bytes.
    for i in 20..30 {
        fs::remove_file(content.join(format!("a{i:03}.md"))).unwrap();
    }
    let report = build(&content, &out);
    assert_eq!(feed_changes(&report), (vec![], vec!["feed/3.json"]));
    assert!(page_ids(&out, "feed/3.json").is_empty());
    let after = feed_files(&out);
    for page in 4..=9 {
        let name = format!("feed/{page}.json");
        assert_eq!(original[&name], after[&name], "{name}");
    }
    let (ids, _) = read_as_the_reader_does(&out);
    assert_eq!(ids.len(), 95 - 1 + 2 - 10, "every article once");
    assert_eq!(ids.last().map(String::as_str), Some("oldest"));

    // Page starts out of order (not what a run writes) are not used: paged
    // from scratch, as without any.
    let pages = out.join(article_widget::publish::PAGES);
    fs::write(&pages, r#"{"page_items":10,"page_bytes":102400,"starts":[[9,"b"],[1,"a"],[5,"c"]]}"#).unwrap();
    let report = build(&content, &out);
    assert!(feed_changes(&report).1.len() > 3, "{:?}", report.changes);
    let (fresh, _) = read_as_the_reader_does(&out);
    assert_eq!(fresh, ids);
    let scratch = feed_files(&out);
    fs::remove_file(&pages).unwrap();
    build(&content, &out);
    assert_eq!(feed_files(&out), scratch);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_removed_or_back_dated_article_changes_only_its_own_sitemap_file() {
    let (root, content, out) = site("sitemap-removal", 45);
    let build = || {
        build_ok(&BuildOptions {
            page_items: 10,
            sitemap_urls: 9,
            ..crate::publish::options(std::slice::from_ref(&content), &out, Some("https://news.example/"))
        })
    };
    build();
    // 45 articles and the home page: five files of 9 and one of 1 (room for one more in each).
    let sitemap_changes = |report: &Report| -> Vec<String> {
        let all = report.changes.added.iter().chain(&report.changes.changed).chain(&report.changes.removed);
        all.filter(|path| path.starts_with("sitemap")).cloned().collect()
    };
    fs::remove_file(content.join("a004.md")).unwrap();
    assert_eq!(sitemap_changes(&build()), ["sitemap1.xml"]);
    // Back-dated: joins sitemap2.xml (a009–a017), which has room for one more.
    fs::write(content.join("old.md"), "---\ntitle: 旧\nid: old\ndate: 2024-03-01T12:30:00+08:00\n---\n\n旧。\n")
        .unwrap();
    assert_eq!(sitemap_changes(&build()), ["sitemap2.xml"]);
    // Two more there: past its room, it and the files after are cut again.
    for hour in [13, 14] {
        fs::write(
            content.join(format!("old{hour}.md")),
            format!("---\ntitle: 旧\nid: old{hour}\ndate: 2024-03-01T{hour}:30:00+08:00\n---\n\n旧。\n"),
        )
        .unwrap();
    }
    let recut = sitemap_changes(&build());
    assert!(recut.contains(&"sitemap2.xml".to_owned()) && !recut.contains(&"sitemap1.xml".to_owned()), "{recut:?}");
    // Every article is still listed once.
    let listed: usize = fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().unwrap().to_str().unwrap().starts_with("sitemap") && path.extension().is_some())
        .map(|path| fs::read_to_string(path).unwrap().matches("/articles/").count())
        .sum();
    assert_eq!(listed, 45 - 1 + 3);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn sitemaps_grow_at_the_end_and_earlier_files_keep_their_bytes() {
    let entries = |n: usize| {
        (0..n).map(|i| SitemapEntry { loc: format!("https://news.example/articles/a{i}"), lastmod: None }).chain(
            std::iter::once(SitemapEntry {
                loc: "https://news.example/".into(),
                lastmod: Some(format!("2024-03-01T{:02}:00:00+08:00", n % 24)),
            }),
        )
    };
    let url = |name: &str| format!("https://news.example/{name}");
    let mut before = sitemaps_of_at_most(10, entries(34), url);
    for n in 35..=41 {
        let after = sitemaps_of_at_most(10, entries(n), url);
        let files = n.div_ceil(10) + usize::from(n % 10 == 0);
        assert_eq!(after.len(), 1 + files, "{n}: the index and {files} files");
        // Every file before the last one is byte for byte what it was.
        for (old, new) in before.iter().zip(&after).skip(1).take(before.len() - 2) {
            assert_eq!(old, new, "{n}");
        }
        // The index changes only when a file is added.
        assert_eq!(before[0] == after[0], before.len() == after.len(), "{n}");
        before = after;
    }
}

fn parse(out: &Path, relative: &str) -> Html {
    Html::parse_document(&fs::read_to_string(out.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}")))
}

fn attrs(page: &Html, css: &str, name: &str) -> Vec<String> {
    page.select(&Selector::parse(css).unwrap()).map(|e| e.value().attr(name).unwrap().to_owned()).collect()
}

fn text(page: &Html, css: &str) -> Vec<String> {
    page.select(&Selector::parse(css).unwrap()).map(|e| e.text().collect()).collect()
}

/// The file a link of the site leads to.
fn file_of(href: &str) -> String {
    let path = href.strip_prefix("https://news.example/").unwrap_or_else(|| panic!("{href}"));
    if path.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{path}/index.html")
    }
}

#[test]
fn every_article_is_reached_by_links_from_the_home_page_through_the_archive_pages() {
    let (root, content, out) = site("links", 95);
    build(&content, &out);
    // Follow every link between list pages from the home page, as a crawler
    // (or a reader without JavaScript) would, and collect the articles' links.
    let mut seen_pages = vec!["index.html".to_owned()];
    let mut queue = vec!["index.html".to_owned()];
    let mut articles = std::collections::BTreeSet::new();
    while let Some(file) = queue.pop() {
        let page = parse(&out, &file);
        articles.extend(attrs(&page, ".aw-card__link", "href"));
        for href in attrs(&page, ".aw-pager a", "href") {
            let next = file_of(&href);
            if !seen_pages.contains(&next) {
                seen_pages.push(next.clone());
                queue.push(next);
            }
        }
    }
    let expected: std::collections::BTreeSet<String> =
        (0..95).map(|i| format!("https://news.example/articles/a{i:03}")).collect();
    assert_eq!(articles, expected);
    assert_eq!(seen_pages.len(), 11, "home and archive pages 1–10: {seen_pages:?}");

    // The home page goes on to the page its feed's next_url names.
    let home = parse(&out, "index.html");
    assert_eq!(attrs(&home, ".aw-pager a", "href"), ["https://news.example/archive/9"]);
    assert_eq!(attrs(&home, ".aw-pager a", "rel"), ["next"]);
    assert_eq!(attrs(&home, "link[rel=next]", "href"), ["https://news.example/archive/9"]);
    assert_eq!(text(&home, ".aw-pager a"), ["更早的信息 →"]);

    for n in 1..=10 {
        let page = parse(&out, &format!("archive/{n}/index.html"));
        let ids: Vec<String> = attrs(&page, ".aw-card__link", "href")
            .iter()
            .map(|href| href.rsplit('/').next().unwrap().to_owned())
            .collect();
        assert_eq!(ids, page_ids(&out, &format!("feed/{n}.json")), "archive/{n} lists feed/{n}.json");
        assert_eq!(text(&page, "title"), [format!("最新信息 · 第 {n} 页 · 测试站")]);
        assert_eq!(text(&page, "h2.aw-list__heading"), [format!("最新信息 · 第 {n} 页")]);
        assert_eq!(attrs(&page, "link[rel=canonical]", "href"), [format!("https://news.example/archive/{n}")]);
        let newer = if n == 10 {
            "https://news.example/".to_owned()
        } else {
            format!("https://news.example/archive/{}", n + 1)
        };
        let older = (n > 1).then(|| format!("https://news.example/archive/{}", n - 1));
        assert_eq!(attrs(&page, "a[rel=prev]", "href"), [newer.as_str()], "archive/{n}");
        assert_eq!(attrs(&page, "a[rel=next]", "href"), older.iter().cloned().collect::<Vec<_>>(), "archive/{n}");
        assert_eq!(attrs(&page, "link[rel=prev]", "href"), [newer]);
        assert_eq!(attrs(&page, "link[rel=next]", "href"), older.into_iter().collect::<Vec<_>>());
        assert_eq!(attrs(&page, "nav.aw-pager", "aria-label"), ["分页"]);
    }

    // The sitemap lists each archive page after its newest article, oldest
    // first, and the home page last.
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let at =
        |loc: &str| sitemap.find(&format!("<loc>https://news.example/{loc}</loc>")).unwrap_or_else(|| panic!("{loc}"));
    for n in 1..=9 {
        let newest = format!("articles/a{:03}", n * 10 - 1);
        let next = format!("articles/a{:03}", n * 10);
        assert!(at(&newest) < at(&format!("archive/{n}")) && at(&format!("archive/{n}")) < at(&next), "{n}");
    }
    assert!(at("articles/a094") < at("archive/10") && at("archive/10") < at(""));
    assert!(sitemap.contains("<loc>https://news.example/archive/1</loc><lastmod>2024-03-01T09:00:00+08:00</lastmod>"));
    assert_eq!(sitemap.matches("<url>").count(), 95 + 10 + 1);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn archive_pages_speak_the_site_language() {
    let (root, content, out) = site("hant", 25);
    fs::write(content.join("site.yaml"), "title: 測試站\nlanguage: zh-TW\n").unwrap();
    build(&content, &out);
    let page = parse(&out, "archive/2/index.html");
    assert_eq!(text(&page, "title"), ["最新消息 · 第 2 頁 · 測試站"]);
    assert_eq!(text(&page, ".aw-pager a"), ["← 較新的消息", "更早的消息 →"]);
    assert_eq!(attrs(&page, "nav.aw-pager", "aria-label"), ["分頁"]);
    fs::write(content.join("site.yaml"), "title: Test\nlanguage: en\n").unwrap();
    build(&content, &out);
    let page = parse(&out, "archive/3/index.html");
    assert_eq!(text(&page, "title"), ["Latest · Page 3 · Test"]);
    assert_eq!(text(&page, ".aw-pager a"), ["← Newer", "Older →"]);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_site_that_fits_the_home_page_has_no_archive_pages() {
    let (root, content, out) = site("small", 7);
    build(&content, &out);
    assert!(!out.join("archive").exists());
    let home = parse(&out, "index.html");
    assert!(attrs(&home, ".aw-pager a", "href").is_empty());
    // The archive pages go when the articles shrink back to one page.
    for i in 7..25 {
        article(&content, i, "正文。");
    }
    build(&content, &out);
    assert_eq!(archive_pages(&out).len(), 3);
    for i in 7..25 {
        fs::remove_file(content.join(format!("a{i:03}.md"))).unwrap();
    }
    let report = build(&content, &out);
    assert!(!out.join("archive").exists());
    assert!(report.changes.removed.contains(&"archive/3/index.html".to_owned()), "{:?}", report.changes.removed);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_list_page_is_rendered_again_when_its_feed_page_changed_and_always_without_a_cache() {
    let (root, content, out) = site("list-cache", 35);
    build(&content, &out);
    let pages = archive_pages(&out);
    // Without a cache every list page is rendered: one damaged by hand is repaired.
    fs::write(out.join("archive/1/index.html"), "<p>damaged</p>").unwrap();
    let report = build(&content, &out);
    assert_eq!(report.changes.changed, ["archive/1/index.html"]);
    assert_eq!(archive_pages(&out), pages);
    // With one, an unchanged run renders none and writes none; a new article,
    // only the newest page's.
    let cached = |out: &Path| {
        build_ok(&BuildOptions {
            page_items: 10,
            cache: Some(root.join("cache")),
            ..crate::publish::options(std::slice::from_ref(&content), out, Some("https://news.example/"))
        })
    };
    cached(&out);
    let report = cached(&out);
    assert!(report.changes.changed.is_empty() && report.changes.added.is_empty(), "{:?}", report.changes);
    article(&content, 35, "正文 35。");
    let report = cached(&out);
    let lists: Vec<&String> = report.changes.changed.iter().filter(|path| path.starts_with("archive/")).collect();
    assert_eq!(lists, ["archive/4/index.html"], "{:?}", report.changes);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn without_a_site_url_the_links_between_list_pages_are_root_relative() {
    let (root, content, out) = site("relative", 25);
    build_ok(&BuildOptions { page_items: 10, ..crate::publish::options(std::slice::from_ref(&content), &out, None) });
    let home = parse(&out, "index.html");
    assert_eq!(attrs(&home, ".aw-pager a", "href"), ["/archive/2"]);
    let page = parse(&out, "archive/2/index.html");
    assert_eq!(attrs(&page, ".aw-pager a", "href"), ["/archive/3", "/archive/1"]);
    assert_eq!(attrs(&page, "link[rel=canonical]", "href"), ["/archive/2"]);
    assert!(!out.join("sitemap.xml").exists());
    fs::remove_dir_all(root).unwrap();
}
