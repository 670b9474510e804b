//! The publishing CLI's output: the sample site, golden files for the seed
//! article, pages, sitemaps, bad inputs. Set `UPDATE_GOLDEN=1` to rewrite the
//! golden files from what the code writes now (then read the diff).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use article_widget::platform::NativePlatform;
use article_widget::publish::{
    blocks_to_html, build, sitemaps, BuildOptions, Report, Shell, SitemapEntry, DEFAULT_PAGE_BYTES,
};
use article_widget::route::Routing;
use serde_json::Value;

use crate::SAMPLE_FEED;

const SEED: &str = "shanghai-five-centres-2024-01-24";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A fresh output folder holding the test shell (or `shell`), as Trunk's
/// `dist/` would.
fn out_dir(name: &str, shell: Option<&str>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("article-widget-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let shell =
        shell.map_or_else(|| fs::read_to_string(repo("tests/fixtures/publish/shell.html")).unwrap(), str::to_owned);
    fs::write(dir.join("index.html"), shell).unwrap();
    dir
}

pub(crate) fn options(inputs: &[PathBuf], out: &Path, site_url: Option<&str>) -> BuildOptions {
    BuildOptions {
        inputs: inputs.to_vec(),
        out: out.to_owned(),
        site_url: site_url.map(str::to_owned),
        shell: None,
        routing: Routing::Path,
        page_items: 20,
        page_bytes: DEFAULT_PAGE_BYTES,
        changes: None,
        now: None,
        cache: None,
        sitemap_urls: article_widget::publish::DEFAULT_SITEMAP_URLS,
    }
}

/// A fresh content folder (with `site.yaml`) and output folder (with the
/// shell) under a temporary root named by `suite` and `name`: `(root, content, out)`.
pub(crate) fn empty_site(suite: &str, name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("article-widget-{suite}-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let (content, out) = (root.join("content"), root.join("out"));
    fs::create_dir_all(&content).unwrap();
    fs::create_dir_all(&out).unwrap();
    fs::write(content.join("site.yaml"), "title: 测试站\nlanguage: zh-CN\n").unwrap();
    fs::write(out.join("index.html"), include_str!("../fixtures/publish/shell.html")).unwrap();
    (root, content, out)
}

pub(crate) fn build_ok(options: &BuildOptions) -> Report {
    let report = build(options).unwrap_or_else(|error| panic!("{error}"));
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    report
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// Compares with a golden file, or with `UPDATE_GOLDEN=1` writes it.
fn golden(name: &str, actual: &str) {
    let path = repo("tests/fixtures/publish/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).unwrap();
    }
    let expected =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    assert_eq!(actual, expected, "{name} differs from its golden file");
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

#[test]
fn the_sample_feed_is_what_the_cli_writes_from_www_content() {
    let out = out_dir("sample", None);
    let report = build_ok(&options(&[repo("www/content")], &out, None));
    assert_eq!((report.articles, report.feed_pages, report.sitemaps), (15, 1, 0));
    let written = json(&out.join("feed.json"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(repo("tests/fixtures/sample-feed.json"), pretty(&written)).unwrap();
    }
    assert_eq!(
        written,
        serde_json::from_str::<Value>(SAMPLE_FEED).unwrap(),
        "tests/fixtures/sample-feed.json is stale"
    );
    // The images the articles name are copied next to them.
    for image in ["five-centres.svg", "metro.svg", "port.svg"] {
        assert!(out.join("images").join(image).is_file(), "{image}");
    }
    fs::remove_dir_all(out).unwrap();
}

#[test]
fn golden_outputs_for_the_seed_article() {
    let out = out_dir("golden", None);
    build_ok(&options(&[repo("www/content")], &out, Some("https://news.example/")));
    let feed = json(&out.join("feed.json"));
    assert_eq!(feed["items"][0]["id"], SEED, "the seed is the newest article");
    golden("seed-feed-item.json", &pretty(&feed["items"][0]));
    golden("seed-document.json", &pretty(&json(&out.join("items").join(format!("{SEED}.json")))));

    let page = fs::read_to_string(out.join("articles").join(SEED).join("index.html")).unwrap();
    let ld_start =
        page.find("<script type=\"application/ld+json\">").unwrap() + "<script type=\"application/ld+json\">".len();
    let ld: Value =
        serde_json::from_str(&page[ld_start..ld_start + page[ld_start..].find("</script>").unwrap()]).unwrap();
    golden("seed-jsonld.json", &pretty(&ld));
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let entry = sitemap.lines().find(|line| line.contains(SEED)).unwrap();
    golden("seed-sitemap-entry.xml", &format!("{entry}\n"));
    fs::remove_dir_all(out).unwrap();
}

#[test]
fn an_article_page_is_readable_without_javascript_and_describes_itself() {
    let out = out_dir("page", None);
    build_ok(&options(&[repo("www/content")], &out, Some("https://news.example/")));
    let page = fs::read_to_string(out.join("articles").join(SEED).join("index.html")).unwrap();
    for expected in [
        "<title>聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流 · 浦江新闻网</title>",
        "<link rel=\"canonical\" href=\"https://news.example/articles/shanghai-five-centres-2024-01-24\">",
        "<meta name=\"description\" content=\"市委书记陈吉宁今天下午",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:url\" content=\"https://news.example/articles/shanghai-five-centres-2024-01-24\">",
        "<meta property=\"og:image\" content=\"https://news.example/images/five-centres.svg\">",
        "<meta property=\"article:published_time\" content=\"2024-01-24T19:41:00+08:00\">",
        "<link rel=\"alternate\" type=\"application/feed+json\" title=\"浦江新闻网\" href=\"https://news.example/feed.json\">",
        "<meta name=\"article-widget:feed\" content=\"https://news.example/feed.json\" />",
        // The content, rendered by the app's own components.
        "<h1 part=\"article-title\" tabindex=\"-1\" lang=\"zh-CN\" dir=\"auto\" class=\"aw-article__title\">聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流</h1>",
        "<time datetime=\"2024-01-24T19:41:00+08:00\">2024-01-24 19:41</time>",
        "<p dir=\"auto\">市政协主席胡文容主持会议。市领导朱芝松、李政出席。</p>",
        "文章来源:<bdi>上观新闻</bdi>",
        "免责申明: 本站部分内容转载自国内知名媒体,如有侵权请联系客服删除。",
        // The app's scripts and styles stay, so it takes over when it can.
        "/article-widget-0123456789abcdef.js",
        "/widget-0123456789abcdef.css",
    ] {
        assert!(page.contains(expected), "missing {expected}");
    }
    assert_eq!(page.matches("<title>").count(), 1);
    assert_eq!(page.matches("<p dir=\"auto\">").count(), 8, "the seed's eight paragraphs");
    fs::remove_dir_all(out).unwrap();
}

#[test]
fn the_home_page_lists_the_first_feed_page_and_404_says_not_found() {
    let out = out_dir("home", None);
    build_ok(&options(&[repo("www/content")], &out, None));
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(home.matches("<li part=\"card\" class=\"aw-card\">").count(), 15);
    assert!(
        home.contains("<h2 id=\"aw-list-heading\" part=\"heading\" class=\"aw-list__heading\">最新信息</h2>"),
        "{home}"
    );
    assert!(home.contains("href=\"/articles/shanghai-five-centres-2024-01-24\""));
    assert!(home.contains("src=\"/images/five-centres.svg\""), "root-relative images");
    let missing = fs::read_to_string(out.join("404.html")).unwrap();
    assert!(missing.contains("<h1>页面不存在</h1>"));
    assert!(missing.contains("<meta name=\"robots\" content=\"noindex\">"));
    fs::remove_dir_all(out).unwrap();
}

/// Every file the CLI wrote, for checks that hold for all of them.
fn written(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(written(&path));
        } else if let Ok(text) = fs::read_to_string(&path) {
            files.push((path, text));
        }
    }
    files
}

#[test]
fn without_a_site_url_no_placeholder_origin_reaches_any_file() {
    let out = out_dir("relative", None);
    build_ok(&options(&[repo("www/content")], &out, None));
    for (path, text) in written(&out) {
        assert!(!text.contains("site.invalid"), "{} names the placeholder origin", path.display());
    }
    fs::remove_dir_all(out).unwrap();
}

#[test]
fn building_again_over_its_own_output_gives_the_same_site() {
    let out = out_dir("again", None);
    let run = || build_ok(&options(&[repo("www/content")], &out, Some("https://news.example/")));
    run();
    let first = fs::read_to_string(out.join("index.html")).unwrap();
    let page = fs::read_to_string(out.join("articles").join(SEED).join("index.html")).unwrap();
    run();
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), first);
    assert_eq!(fs::read_to_string(out.join("articles").join(SEED).join("index.html")).unwrap(), page);
    fs::remove_dir_all(out).unwrap();
}

#[test]
fn with_a_shell_given_the_output_folder_need_not_exist_yet() {
    let parent = std::env::temp_dir().join(format!("article-widget-fresh-out-{}", std::process::id()));
    let _ = fs::remove_dir_all(&parent);
    let out = parent.join("site");
    build_ok(&BuildOptions {
        shell: Some(repo("tests/fixtures/publish/shell.html")),
        ..options(&[repo("www/content")], &out, None)
    });
    assert!(out.join("articles").join(SEED).join("index.html").is_file());
    assert!(out.join("feed.json").is_file());
    fs::remove_dir_all(parent).unwrap();
}

#[test]
fn a_shell_needs_a_title_and_an_empty_app_element() {
    assert!(Shell::parse("<html><head></head><body><div id=\"app\"></div></body></html>").is_err());
    assert!(Shell::parse("<html><head><title>t</title></head><body></body></html>").is_err());
    assert!(Shell::parse("<html><head><title>t</title></head><body><div id=\"app\"></div></body></html>").is_ok());
}

/// Writes `count` articles of `paragraph_bytes` each into a fresh content folder.
fn generated_content(name: &str, count: usize, paragraph: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("article-widget-content-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("site.yaml"), "title: 测试站\nlanguage: zh-CN\n").unwrap();
    for i in 0..count {
        let (day, hour) = (1 + i / 24 % 28, i % 24);
        fs::write(
            dir.join(format!("a{i:05}.md")),
            format!("---\ntitle: 第 {i} 篇\ndate: 2024-02-{day:02}T{hour:02}:00:00+08:00\n---\n\n{paragraph}\n"),
        )
        .unwrap();
    }
    dir
}

#[test]
fn feeds_are_paged_by_count_and_by_bytes_with_next_url_links() {
    let content = generated_content("pages", 95, &"正文。".repeat(300));
    let out = out_dir("pages", None);
    let report = build_ok(&BuildOptions {
        page_items: 20,
        page_bytes: 20 * 1024,
        changes: None,
        now: None,
        cache: None,
        sitemap_urls: article_widget::publish::DEFAULT_SITEMAP_URLS,
        ..options(std::slice::from_ref(&content), &out, None)
    });
    assert_eq!(report.articles, 95);
    // 95 articles of about 2.8 KB: seven fit 20 KB. feed.json holds the
    // seven newest; the archive pages are cut from the oldest: 13 full pages
    // and a 14th of 4 (all of which feed.json repeats), so feed.json's
    // `next_url` is page 13 and 14 pages are read of the 15 written.
    let mut path = out.join("feed.json");
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let bytes = fs::read(&path).unwrap();
        assert!(bytes.len() <= 20 * 1024, "{} is {} bytes", path.display(), bytes.len());
        let page: Value = serde_json::from_slice(&bytes).unwrap();
        let items = page["items"].as_array().unwrap();
        assert!(!items.is_empty() && items.len() <= 20);
        for id in items.iter().map(|item| item["id"].as_str().unwrap().to_owned()) {
            if !seen.contains(&id) {
                seen.push(id);
            }
        }
        pages += 1;
        match page["next_url"].as_str() {
            Some(next) => path = out.join(next.trim_start_matches('/')),
            None => break,
        }
    }
    assert_eq!((pages, report.feed_pages), (14, 15));
    assert_eq!(json(&out.join("feed.json"))["next_url"], "/feed/13.json");
    assert_eq!(json(&out.join("feed/14.json"))["items"].as_array().unwrap().len(), 4);
    assert_eq!(seen.len(), 95);
    // Newest first.
    assert_eq!(seen[0], "a00094");
    assert_eq!(seen[94], "a00000");
    fs::remove_dir_all(out).unwrap();
    fs::remove_dir_all(content).unwrap();
}

#[test]
fn an_article_larger_than_a_page_keeps_its_body_in_its_own_document() {
    let content = generated_content("large", 3, &"很长的正文。".repeat(4000));
    let out = out_dir("large", None);
    let report =
        build_ok(&BuildOptions { page_bytes: 16 * 1024, ..options(std::slice::from_ref(&content), &out, None) });
    assert_eq!(report.bodies_only_in_own_document, 3);
    let page = json(&out.join("feed.json"));
    assert!(page["items"][0].get("content_text").is_none());
    let own = json(&out.join("items/a00002.json"));
    assert!(own["items"][0]["content_text"].as_str().unwrap().len() > 16 * 1024);
    fs::remove_dir_all(out).unwrap();
    fs::remove_dir_all(content).unwrap();
}

#[test]
fn a_sub_path_site_links_under_its_path_and_refuses_a_mismatched_site_url() {
    let shell = fs::read_to_string(repo("tests/fixtures/publish/shell.html"))
        .unwrap()
        .replace("<base href=\"/\" />", "<base href=\"/news/\" />");
    let out = out_dir("subpath", Some(&shell));
    build_ok(&options(&[repo("www/content")], &out, Some("https://news.example/news/")));
    let feed = json(&out.join("feed.json"));
    assert_eq!(feed["feed_url"], "https://news.example/news/feed.json");
    assert_eq!(feed["items"][0]["url"], "https://news.example/news/articles/shanghai-five-centres-2024-01-24");
    assert_eq!(feed["_article"]["item_url_template"], "https://news.example/news/items/{id}.json");
    assert!(fs::read_to_string(out.join("sitemap.xml")).unwrap().contains("<loc>https://news.example/news/</loc>"));

    let error = build(&options(&[repo("www/content")], &out, Some("https://news.example/"))).unwrap_err().to_string();
    assert!(error.contains("must be the same path"), "{error}");
    fs::remove_dir_all(out).unwrap();
}

#[test]
fn bad_inputs_are_reported_with_file_and_line_and_skipped_and_the_exit_status_says_so() {
    let content = generated_content("bad", 2, "好的正文。");
    fs::write(content.join("no-title.md"), "---\ndate: 2024-01-24T19:41:00+08:00\n---\n正文\n").unwrap();
    fs::write(content.join("bad-date.md"), "---\ntitle: 标题\ndate: 2024年1月24日\n---\n正文\n").unwrap();
    fs::write(content.join("dup.md"), "---\ntitle: 重复\nid: a00001\ndate: 2024-01-24T19:41:00+08:00\n---\n正文\n")
        .unwrap();
    let out = out_dir("bad", None);
    let report = build(&options(std::slice::from_ref(&content), &out, None)).unwrap();
    assert_eq!(report.articles, 2);
    let skipped: Vec<String> = report.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(skipped.len(), 3, "{skipped:#?}");
    assert!(skipped.iter().any(|s| s.contains("bad-date.md:3:")), "{skipped:#?}");
    assert!(skipped.iter().any(|s| s.contains("no-title.md:1:")), "{skipped:#?}");
    assert!(skipped.iter().any(|s| s.contains("dup.md") && s.contains("a00001")), "{skipped:#?}");

    let status = Command::new(env!("CARGO_BIN_EXE_article-widget-publish"))
        .args(["build", content.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(String::from_utf8_lossy(&status.stderr).contains("bad-date.md:3:"));
    fs::remove_file(content.join("bad-date.md")).unwrap();
    fs::remove_file(content.join("no-title.md")).unwrap();
    fs::remove_file(content.join("dup.md")).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_article-widget-publish"))
        .args(["build", content.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0), "{}", String::from_utf8_lossy(&status.stderr));
    let missing_shell = Command::new(env!("CARGO_BIN_EXE_article-widget-publish"))
        .args(["build", content.to_str().unwrap(), "--out", content.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(missing_shell.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing_shell.stderr).contains("trunk build"));
    fs::remove_dir_all(out).unwrap();
    fs::remove_dir_all(content).unwrap();
}

#[test]
fn imported_feeds_become_pages_and_ids_that_are_urls_become_slugs() {
    let out = out_dir("import", None);
    let report =
        build(&options(&[repo("tests/fixtures/publish/rss.xml")], &out, Some("https://news.example/"))).unwrap();
    assert!(report.articles >= 2, "{report:?}");
    for entry in fs::read_dir(out.join("articles")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(name.chars().all(|c| c.is_alphanumeric() || "-._~".contains(c)), "{name}");
        assert!(out.join("items").join(format!("{name}.json")).is_file());
    }
    fs::remove_dir_all(out).unwrap();
}

/// Content written back as HTML reads back as the same blocks, for every
/// XSS payload and every HTML test case.
#[test]
fn content_html_round_trips_through_the_block_conversion() {
    let platform = NativePlatform::new(Some("https://news.example/"));
    let payloads = include_str!("../fixtures/xss-payloads.txt");
    let mut checked = 0;
    for html in payloads.lines().chain([
        "<h2>小标题</h2><p>一<em>二</em><strong>三</strong><code>4 &lt; 5</code><br>六</p><ul><li>甲</li><li>乙</li></ul>",
        "<blockquote><p>引文</p><ol><li>一</li></ol></blockquote><figure><img src=\"/a.png\" alt=\"图 &quot;一&quot;\"><figcaption>说明</figcaption></figure><pre>  代码\n  行</pre><hr>",
        "<p><a href=\"/x?a=1&amp;b=2\">链接</a> 与 <a href=\"mailto:a@b.example\">邮件</a></p>",
    ]) {
        let Some(blocks) = article_widget::model::Platform::html_to_blocks(&platform, html, None) else { continue };
        let again = article_widget::model::Platform::html_to_blocks(&platform, &blocks_to_html(&blocks), None).unwrap();
        assert_eq!(again, blocks, "for {html:?}");
        checked += 1;
    }
    assert!(checked > 300);
}

#[test]
fn beyond_50000_urls_the_sitemap_is_an_index_of_sitemaps() {
    let entries =
        |n: usize| (0..n).map(|i| SitemapEntry { loc: format!("https://news.example/articles/a{i}"), lastmod: None });
    let one = sitemaps(entries(50_000), |name| format!("https://news.example/{name}"));
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].0, "sitemap.xml");
    assert_eq!(one[0].1.matches("<url>").count(), 50_000);

    let many = sitemaps(entries(50_001), |name| format!("https://news.example/{name}"));
    let names: Vec<&str> = many.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["sitemap.xml", "sitemap1.xml", "sitemap2.xml"]);
    assert!(many[0].1.contains("<sitemapindex"));
    assert!(many[0].1.contains("<sitemap><loc>https://news.example/sitemap2.xml</loc></sitemap>"));
    assert_eq!(many[1].1.matches("<url>").count(), 50_000);
    assert_eq!(many[2].1.matches("<url>").count(), 1);
    // Every loc is escaped for XML.
    let odd = sitemaps(
        std::iter::once(SitemapEntry { loc: "https://news.example/?a=1&b=<2>".into(), lastmod: None }),
        |name| name.to_owned(),
    );
    assert!(odd[0].1.contains("<loc>https://news.example/?a=1&amp;b=&lt;2&gt;</loc>"));
}

/// RSS 2.0 and Atom, read back by the CLI's own readers: the same articles,
/// titles, dates (with their offsets) and 文章来源 as `feed.json`.
#[test]
fn rss_and_atom_say_what_the_feed_says() {
    let out = out_dir("syndication", None);
    build_ok(&options(&[repo("www/content")], &out, Some("https://news.example/")));
    let feed = json(&out.join("feed.json"));
    let items = feed["items"].as_array().unwrap();
    let platform = NativePlatform::new(Some("https://news.example/"));
    for name in ["rss.xml", "atom.xml"] {
        let bytes = fs::read(out.join(name)).unwrap();
        let read = article_widget::publish::read_feed(Path::new(name), &bytes, &platform).unwrap();
        assert_eq!(read.title.as_deref(), Some("浦江新闻网"), "{name}");
        let articles: Vec<_> = read.articles.into_iter().map(Result::unwrap).collect();
        assert_eq!(articles.len(), items.len(), "{name}");
        for (article, item) in articles.iter().zip(items) {
            assert_eq!(article.title.as_deref(), item["title"].as_str(), "{name}");
            assert_eq!(
                article.published.as_ref().map(|t| t.rfc3339().to_owned()).as_deref(),
                item["date_published"].as_str(),
                "{name}: {:?}",
                article.title
            );
            assert_eq!(
                article.source.as_ref().map(|s| s.name.as_str()),
                item["_article"]["source"]["name"].as_str(),
                "{name}: {:?}",
                article.title
            );
            assert_eq!(
                article.url.as_deref(),
                Some(format!("https://news.example/articles/{}", item["id"].as_str().unwrap()).as_str())
            );
        }
        let seed = &articles[items.iter().position(|item| item["id"] == "shanghai-five-centres-2024-01-24").unwrap()];
        let text = format!("{:?}", seed.body);
        assert!(text.contains("文章来源:上观新闻") && text.contains("免责申明"), "{name}: {text}");
    }
    // Without --site-url there is no absolute URL to give: no RSS or Atom.
    let relative = out_dir("syndication-relative", None);
    build_ok(&options(&[repo("www/content")], &relative, None));
    assert!(!relative.join("rss.xml").exists() && !relative.join("atom.xml").exists());
    fs::remove_dir_all(out).unwrap();
    fs::remove_dir_all(relative).unwrap();
}
