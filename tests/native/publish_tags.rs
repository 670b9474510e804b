//! Each tag's own pages: `tags/<slug>/feed.json` (paged as the site's feed
//! is), `tags/<slug>/index.html` and its sitemap entry, found by the
//! widget through `_article.tag_feed_template` in every feed page.

use std::fs;
use std::path::{Path, PathBuf};

use article_widget::model::{percent_decode, tag_key, tag_slug, Feed};
use article_widget::platform::fold_tag;
use article_widget::publish::{BuildOptions, Report};
use serde_json::Value;

use crate::publish::build_ok;

const SITE: &str = "https://news.example/";

/// A content folder and an output folder with the shell.
fn site(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    crate::publish::empty_site("tags", name)
}

/// Article `i`, an hour after article `i - 1`, with `tags`.
fn article(content: &Path, i: usize, tags: &[&str]) {
    let (day, hour) = (1 + i / 24, i % 24);
    let tags: Vec<String> = tags.iter().map(|tag| serde_json::to_string(tag).unwrap()).collect();
    fs::write(
        content.join(format!("a{i:03}.md")),
        format!(
            "---\ntitle: 第 {i} 篇\nid: a{i:03}\ndate: 2024-03-{day:02}T{hour:02}:00:00+08:00\ntags: [{}]\n---\n\n正文 {i}。\n",
            tags.join(", ")
        ),
    )
    .unwrap();
}

fn build(content: &Path, out: &Path, page_items: usize) -> Report {
    build_ok(&BuildOptions { page_items, ..crate::publish::options(&[content.to_owned()], out, Some(SITE)) })
}

fn slug(tag: &str) -> String {
    tag_slug(&tag_key(tag, &fold_tag))
}

/// The file a URL of the site names, as the server finds it.
fn file_of(out: &Path, url: &str) -> PathBuf {
    let path = url.strip_prefix(SITE).unwrap_or_else(|| panic!("{url} is not on the site"));
    out.join(percent_decode(path).unwrap())
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap().to_owned()).collect()
}

/// A tag's feed as the reader reads it: its first page, then each
/// `next_url`, merged by `Feed::with_next_page`. The ids in order, and how
/// many times each page's items named each article in all.
fn read_tag_feed(out: &Path, tag: &str) -> (Vec<String>, usize) {
    let read = |url: &str| Feed::from_json(&fs::read_to_string(file_of(out, url)).unwrap()).unwrap();
    let first = format!("{SITE}tags/{}/feed.json", article_widget::model::percent_encode(&slug(tag)));
    let mut feed = read(&first);
    let mut pages = 1;
    while let Some(next) = feed.next_url.clone() {
        feed = feed.with_next_page(read(&next));
        pages += 1;
        assert!(pages < 1000, "next_url loops");
    }
    (feed.articles.iter().map(|article| article.id.clone()).collect(), pages)
}

#[test]
fn tags_in_any_script_with_spaces_slashes_or_case_differences_get_their_own_feed() {
    let (root, content, out) = site("names");
    article(&content, 0, &["上海 地铁", "News"]);
    article(&content, 1, &["AC/DC", "news"]);
    article(&content, 2, &["NEWS", "上海  地铁"]);
    // One tag twice on one article: the article once in the tag's feed.
    article(&content, 3, &["交通", " 交通 "]);
    let report = build(&content, &out, 20);
    assert_eq!(report.tags, 4, "News, news and NEWS are one tag; so are 上海 地铁 and 上海  地铁");
    for (tag, name, expected) in [
        // As the newest article writes it, its spaces collapsed.
        ("上海 地铁", "上海 地铁", &["a002", "a000"][..]),
        ("news", "NEWS", &["a002", "a001", "a000"][..]),
        ("AC/DC", "AC/DC", &["a001"][..]),
        ("交通", "交通", &["a003"][..]),
    ] {
        let slug = slug(tag);
        assert!(!slug.contains(['/', ' ']), "{slug}");
        let feed = json(&out.join("tags").join(&slug).join("feed.json"));
        assert_eq!(ids(&feed), expected, "{tag}");
        assert_eq!(feed["_article"]["tag"], name, "named as the newest article writes it");
        assert_eq!(feed["title"], format!("测试站 · {name}"));
        let encoded = article_widget::model::percent_encode(&slug);
        assert_eq!(feed["feed_url"], format!("{SITE}tags/{encoded}/feed.json"));
        assert_eq!(feed["home_page_url"], format!("{SITE}tags/{encoded}"));
        assert_eq!(feed["_article"]["item_url_template"], format!("{SITE}items/{{id}}.json"));
        assert_eq!(feed["_article"]["tag_feed_template"], format!("{SITE}tags/{{tag}}/feed.json"));
        // The same items as the site's feed.
        let site_feed = json(&out.join("feed.json"));
        for item in feed["items"].as_array().unwrap() {
            assert!(site_feed["items"].as_array().unwrap().contains(item), "{item}");
        }
    }
    assert_eq!(fs::read_dir(out.join("tags")).unwrap().count(), 4);
    assert!(out.join("tags/交通/feed.json").is_file(), "a slug of letters is the tag itself, raw UTF-8 on disk");
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn the_template_in_every_feed_page_finds_each_tags_feed() {
    let (root, content, out) = site("template");
    let tags = ["上海 地铁", "AC/DC", "News", "交通"];
    for i in 0..12 {
        article(&content, i, &[tags[i % 4], tags[(i + 1) % 4]]);
    }
    build(&content, &out, 4);
    let mut pages = vec![out.join("feed.json")];
    pages.extend(fs::read_dir(out.join("feed")).unwrap().map(|entry| entry.unwrap().path()));
    for tag in tags {
        pages.push(out.join("tags").join(slug(tag)).join("feed.json"));
    }
    for page in &pages {
        let feed = Feed::from_json_resolving(&fs::read_to_string(page).unwrap(), |url| Some(url.to_owned())).unwrap();
        for tag in tags {
            let url = feed.tag_feed_url(&tag_slug(&tag_key(tag, &fold_tag))).expect("a template");
            assert!(file_of(&out, &url).is_file(), "{} names {url}, which is not written", page.display());
        }
    }
    let item = json(&out.join("items/a000.json"));
    assert!(item["_article"].get("tag_feed_template").is_none(), "an article's own document is no list");
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn without_a_site_url_the_template_is_root_relative() {
    let (root, content, out) = site("relative");
    article(&content, 0, &["上海 地铁"]);
    build_ok(&crate::publish::options(std::slice::from_ref(&content), &out, None));
    let feed = json(&out.join("feed.json"));
    assert_eq!(feed["_article"]["tag_feed_template"], "/tags/{tag}/feed.json");
    let tag_feed = json(&out.join("tags").join(slug("上海 地铁")).join("feed.json"));
    let encoded = article_widget::model::percent_encode(&slug("上海 地铁"));
    assert_eq!(tag_feed["feed_url"], format!("/tags/{encoded}/feed.json"));
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_large_tag_is_paged_and_its_next_urls_reach_every_article_once() {
    let (root, content, out) = site("paging");
    for i in 0..50 {
        // Every third article is 交通's; all are News's.
        if i % 3 == 0 {
            article(&content, i, &["交通", "News"]);
        } else {
            article(&content, i, &["News"]);
        }
    }
    let report = build(&content, &out, 4);
    let expected = |keep: &dyn Fn(usize) -> bool| -> Vec<String> {
        (0..50).rev().filter(|&i| keep(i)).map(|i| format!("a{i:03}")).collect()
    };
    let (news, pages) = read_tag_feed(&out, "News");
    assert_eq!(news, expected(&|_| true));
    assert!(pages > 10, "{pages}");
    let (traffic, _) = read_tag_feed(&out, "交通");
    assert_eq!(traffic, expected(&|i| i % 3 == 0));
    // The archive pages hold each article once, at most 4 a page (twice
    // that when a page has grown in place), oldest page first.
    let folder = out.join("tags/交通/feed");
    let count = fs::read_dir(&folder).unwrap().count();
    let mut archived = Vec::new();
    for n in 1..=count {
        let page = json(&folder.join(format!("{n}.json")));
        assert!(ids(&page).len() <= 4, "page {n}");
        assert_eq!(page["_article"]["tag"], "交通");
        archived.splice(0..0, ids(&page));
    }
    assert_eq!(archived, expected(&|i| i % 3 == 0));
    assert_eq!(report.tags, 2);
    assert!(report.tag_feed_pages > count);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_tag_page_is_prerendered_and_listed_in_the_sitemap() {
    let (root, content, out) = site("page");
    for i in 0..6 {
        article(&content, i, &["上海 地铁", if i % 2 == 0 { "AC/DC" } else { "交通" }]);
    }
    build(&content, &out, 4);
    let slug = slug("上海 地铁");
    let encoded = article_widget::model::percent_encode(&slug);
    let url = format!("{SITE}tags/{encoded}");
    let page = fs::read_to_string(out.join("tags").join(&slug).join("index.html")).unwrap();
    for expected in [
        "<title>上海 地铁 · 测试站</title>".to_owned(),
        format!("<link rel=\"canonical\" href=\"{url}\">"),
        format!("<meta property=\"og:url\" content=\"{url}\">"),
        format!("href=\"{url}/feed.json\""),
        "class=\"aw-list__heading\">上海 地铁</h2>".to_owned(),
        format!("href=\"{SITE}articles/a005\""),
        format!("href=\"{SITE}articles/a002\""),
    ] {
        assert!(page.contains(&expected), "{expected}\n{page}");
    }
    assert!(!page.contains("articles/a001\""), "only the tag's first page: a005 to a002");

    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for tag in ["上海 地铁", "AC/DC", "交通"] {
        let loc = format!("<loc>{SITE}tags/{}</loc>", article_widget::model::percent_encode(&self::slug(tag)));
        assert_eq!(sitemap.matches(&loc).count(), 1, "{loc}");
        assert!(out.join("tags").join(self::slug(tag)).join("index.html").is_file());
    }
    let entry = sitemap.lines().find(|line| line.contains(&format!("<loc>{url}</loc>"))).unwrap();
    assert!(entry.contains("<lastmod>2024-03-01T05:00:00+08:00</lastmod>"), "its newest article's: {entry}");
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_tag_whose_articles_are_all_gone_loses_its_files() {
    let (root, content, out) = site("removed");
    for i in 0..3 {
        article(&content, i, &["交通"]);
    }
    article(&content, 3, &["AC/DC", "交通"]);
    build(&content, &out, 20);
    let folder = out.join("tags").join(slug("AC/DC"));
    assert!(folder.join("feed.json").is_file());
    // Its one article loses the tag (an edit), then comes back and goes (removed).
    article(&content, 3, &["交通"]);
    let edited = build(&content, &out, 20);
    let relative = |name: &str| format!("tags/{}/{name}", slug("AC/DC"));
    assert_eq!(edited.changes.removed, [relative("feed.json"), relative("index.html")]);
    assert!(!folder.exists(), "the emptied folder goes too");
    article(&content, 3, &["AC/DC"]);
    build(&content, &out, 20);
    fs::remove_file(content.join("a003.md")).unwrap();
    let removed = build(&content, &out, 20);
    assert!(removed.changes.removed.contains(&relative("feed.json")), "{:?}", removed.changes);
    assert!(!folder.exists());
    assert!(out.join("tags/交通/feed.json").is_file());
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn two_tags_whose_slugs_clash_are_warned_of_and_the_first_keeps_the_folder() {
    let (root, content, out) = site("clash");
    // `a b` takes the slug `a-b-<hash>`; a tag written as that slug is a
    // second key with the same folder, as only a crafted tag can be.
    let crafted = tag_slug("a b");
    article(&content, 0, &["a b"]);
    article(&content, 1, &[crafted.as_str()]);
    let report = build(&content, &out, 20);
    assert_eq!(report.tags, 1);
    let warning = report
        .warnings
        .iter()
        .map(ToString::to_string)
        .find(|warning| warning.contains("one folder"))
        .unwrap_or_else(|| panic!("no warning: {:?}", report.warnings));
    assert!(warning.contains("`a b`") && warning.contains(&format!("`{crafted}`")), "{warning}");
    let feed = json(&out.join("tags").join(&crafted).join("feed.json"));
    assert_eq!(feed["_article"]["tag"], "a b");
    assert_eq!(ids(&feed), ["a000"]);
    // The same again: the same choice.
    let again = build(&content, &out, 20);
    assert_eq!(again.changes.added.len() + again.changes.changed.len(), 0, "{:?}", again.changes);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_tags_feed_pages_keep_to_the_byte_limit() {
    let (root, content, out) = site("bytes");
    let tag = "一个很长的标签名字".repeat(6);
    let page_bytes = 4000;
    // Articles whose items come near a page's limit, some of them nearer
    // than a page of the tag's feed (which says more around them) leaves
    // room for: those go into every page without their bodies.
    for i in 0..40 {
        let (day, hour) = (1 + i / 24, i % 24);
        fs::write(
            content.join(format!("a{i:03}.md")),
            format!(
                "---\ntitle: t{i}\nid: a{i:03}\ndate: 2024-03-{day:02}T{hour:02}:00:00+08:00\ntags: [{tag}]\n---\n\n{}\n",
                "x".repeat(page_bytes - 2400 + i * 30)
            ),
        )
        .unwrap();
    }
    let report = build_ok(&BuildOptions {
        page_items: 1,
        page_bytes,
        ..crate::publish::options(std::slice::from_ref(&content), &out, Some(SITE))
    });
    assert!(
        report.bodies_only_in_own_document > 0 && report.bodies_only_in_own_document < 40,
        "{}",
        report.bodies_only_in_own_document
    );
    let folder = out.join("tags").join(slug(&tag));
    let mut pages = vec![folder.join("feed.json")];
    pages.extend(fs::read_dir(folder.join("feed")).unwrap().map(|entry| entry.unwrap().path()));
    for page in pages {
        let len = fs::metadata(&page).unwrap().len() as usize;
        assert!(len <= page_bytes, "{}: {len} bytes", page.display());
    }
    assert!(report.largest_feed_page <= page_bytes);
    fs::remove_dir_all(root).unwrap();
}

/// `Straße` and `Strasse` (German and Swiss spellings) are two keys, and
/// their slugs are two names on NTFS, whose case table maps `ß` to itself;
/// the clash check folds `ß` to `ss` (`id::fold`), so one
/// loses its pages while cards still link to them, and a widget filtered by
/// it finds its feed missing (404) and shows only the first page's.
#[test]
#[ignore = "known: a clash by full case folding drops a natural tag's pages (see the review's report)"]
fn a_sharp_s_and_its_ss_spelling_both_get_pages() {
    let (root, content, out) = site("sharp-s");
    article(&content, 0, &["Straße"]);
    article(&content, 1, &["Strasse"]);
    let report = build(&content, &out, 20);
    for tag in ["Straße", "Strasse"] {
        let page = out.join("tags").join(slug(tag)).join("index.html");
        assert!(page.is_file(), "{tag}: no {}; warnings {:?}", page.display(), report.warnings);
    }
    fs::remove_dir_all(root).unwrap();
}

/// Whether an item goes into the feed pages with its body is decided with
/// the envelope of its tags' feeds as the article spells each tag; a tag's
/// feed is written with the name its newest article spells, which may be
/// longer (`a b` and `A`, spaces, `B` are one key; so are NFC and NFD).
#[test]
fn a_longer_spelling_of_a_tag_keeps_its_feed_pages_to_the_byte_limit() {
    let (root, content, out) = site("spelling-bytes");
    let page_bytes = 8000;
    for i in 0..40 {
        let (day, hour) = (1 + i / 24, i % 24);
        fs::write(
            content.join(format!("a{i:03}.md")),
            format!(
                "---\ntitle: t{i}\nid: a{i:03}\ndate: 2024-03-{day:02}T{hour:02}:00:00+08:00\ntags: [a b]\n---\n\n{}\n",
                "x".repeat(page_bytes - 5000 + i * 100)
            ),
        )
        .unwrap();
    }
    article(&content, 40, &[&format!("A{}B", " ".repeat(1500))]);
    build_ok(&BuildOptions {
        page_items: 1,
        page_bytes,
        ..crate::publish::options(std::slice::from_ref(&content), &out, Some(SITE))
    });
    let folder = out.join("tags").join(slug("a b"));
    let mut pages = vec![folder.join("feed.json")];
    pages.extend(fs::read_dir(folder.join("feed")).unwrap().map(|entry| entry.unwrap().path()));
    let over: Vec<(PathBuf, u64)> = pages
        .into_iter()
        .map(|page| (page.clone(), fs::metadata(&page).unwrap().len()))
        .filter(|(_, len)| *len as usize > page_bytes)
        .collect();
    assert!(over.is_empty(), "over {page_bytes} bytes: {over:?}");
    fs::remove_dir_all(root).unwrap();
}

/// `tags/` in the output a link to elsewhere (put there by hand, or by an
/// attacker with the output but not the content): the build refuses it and
/// writes nothing through it.
#[cfg(unix)]
#[test]
fn a_tags_folder_that_is_a_link_is_refused_and_nothing_goes_through_it() {
    let (root, content, out) = site("tags-link");
    let elsewhere = root.join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("tags")).unwrap();
    article(&content, 0, &["news"]);
    let options =
        BuildOptions { page_items: 20, ..crate::publish::options(std::slice::from_ref(&content), &out, Some(SITE)) };
    let error = article_widget::publish::build(&options).expect_err("a link where tags/ goes");
    assert!(error.to_string().contains("tags"), "{error}");
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    fs::remove_dir_all(root).unwrap();
}
