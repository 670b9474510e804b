//! The publishing CLI's input side: Markdown with front matter, RSS, Atom and
//! JSON Feed files read into the model, every problem at its file and line,
//! and the sample content (`www/content/`) equal to the sample feed.

use std::path::{Path, PathBuf};

use article_widget::model::{Author, Block, Body, Feed, Image, Inline, Source};
use article_widget::platform::NativePlatform;
use article_widget::publish::{
    decode_text, read_feed, read_markdown, read_markdown_with_warnings, read_site_config,
    read_site_config_with_warnings, InputError,
};
use proptest::prelude::*;

use crate::{SAMPLE_FEED, SEED_ARTICLE};

const SITE: &str = "https://news.example/";
const SEED_ID: &str = "shanghai-five-centres-2024-01-24";
const DISCLAIMER: &str = "免责申明: 本站部分内容转载自国内知名媒体,如有侵权请联系客服删除。";

fn site() -> NativePlatform {
    NativePlatform::new(Some(SITE))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/publish").join(name)
}

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("www/content")
}

fn read_fixture(name: &str) -> Result<article_widget::model::Article, InputError> {
    let path = fixture(name);
    read_markdown(&path, &std::fs::read_to_string(&path).unwrap(), &site())
}

fn text(text: &str) -> Inline {
    Inline::Text(text.into())
}

fn paragraph(content: &str) -> Block {
    Block::Paragraph(vec![text(content)])
}

/// The text of each paragraph of a body.
fn paragraph_texts(body: &Body) -> Vec<String> {
    match body {
        Body::Paragraphs(paragraphs) => paragraphs.clone(),
        Body::Blocks(blocks) => blocks
            .iter()
            .map(|block| match block {
                Block::Paragraph(inlines) => inlines
                    .iter()
                    .map(|inline| match inline {
                        Inline::Text(text) => text.clone(),
                        other => panic!("not plain text: {other:?}"),
                    })
                    .collect(),
                other => panic!("not a paragraph: {other:?}"),
            })
            .collect(),
        other => panic!("no paragraphs: {other:?}"),
    }
}

#[test]
fn seed_article_from_its_markdown_file_is_exact() {
    let path = content_dir().join(format!("{SEED_ID}.md"));
    let article = read_markdown(&path, &std::fs::read_to_string(&path).unwrap(), &site()).unwrap();
    let lines: Vec<&str> = SEED_ARTICLE.lines().collect();

    assert_eq!(article.id, SEED_ID);
    assert_eq!(article.title.as_deref(), Some(lines[4]));
    assert_eq!(lines[5], "2024-01-24 19:41:00");
    let published = article.published.as_ref().unwrap();
    assert_eq!(published.rfc3339(), "2024-01-24T19:41:00+08:00");
    assert_eq!(published.offset_minutes(), 8 * 60);
    let expected: Vec<String> = lines[6..14].iter().map(|line| line.trim().to_owned()).collect();
    assert_eq!(article.body, Body::Blocks(expected.iter().map(|p| paragraph(p)).collect()));
    assert_eq!(lines[14], "(文章来源:上观新闻)");
    assert_eq!(article.source, Some(Source { name: "上观新闻".into(), url: None }));
    assert_eq!(article.image.as_deref(), Some("https://news.example/images/five-centres.svg"));
    // The site-wide disclaimer belongs to the site, not to the article.
    assert_eq!(lines[15], DISCLAIMER);
    assert_eq!(article.disclaimer, None);
}

#[test]
fn every_front_matter_field() {
    let article = read_fixture("full.md").unwrap();
    assert_eq!(article.id, "binjiang-incubator");
    assert_eq!(article.title.as_deref(), Some("滨江科创园新孵化器启用"));
    assert_eq!(article.published.as_ref().unwrap().rfc3339(), "2024-01-15T10:20:00+08:00");
    assert_eq!(article.modified.as_ref().unwrap().rfc3339(), "2024-01-16T08:00:00+08:00");
    assert_eq!(article.summary.as_deref(), Some("滨江科创园新建孵化器正式启用,首批30余家初创企业入驻。"));
    assert_eq!(article.source, Some(Source { name: "解放日报".into(), url: Some("https://www.jfdaily.com/".into()) }));
    assert_eq!(article.tags, ["科创", "园区"]);
    assert_eq!(article.image.as_deref(), Some("https://news.example/images/port.svg"));
    assert_eq!(article.language.as_deref(), Some("zh-CN"));
    assert_eq!(
        article.authors,
        [
            Author { name: Some("解放日报记者".into()), url: None },
            Author { name: Some("浦江新闻网编辑部".into()), url: Some("https://news.example/about".into()) },
        ]
    );
    assert_eq!(article.disclaimer.as_deref(), Some("本文为示例稿件,仅供演示。"));
    assert_eq!(article.url.as_deref(), Some("https://www.jfdaily.com/news/detail?id=1"));
    // A line wrapped between Chinese characters gets no space; relative links
    // and images resolve against the site; the script is gone.
    assert_eq!(
        article.body,
        Body::Blocks(vec![
            paragraph("滨江科创园新建的科技企业孵化器今天正式启用,首批30余家初创企业入驻。"),
            Block::Paragraph(vec![
                text("孵化器提供"),
                Inline::Strong(vec![text("共享实验室")]),
                text("和"),
                Inline::Emphasis(vec![text("路演大厅")]),
                text(",详见"),
                Inline::Link {
                    href: "https://news.example/parks/binjiang".into(), content: vec![text("园区网站")]
                },
                text("。"),
            ]),
            Block::Figure {
                image: Image { src: "https://news.example/images/incubator.png".into(), alt: "孵化器外景".into() },
                caption: vec![],
            },
        ])
    );
}

#[test]
fn slug_file_name_bom_and_crlf() {
    let article = read_fixture("slug.md").unwrap();
    assert_eq!(article.id, "library-hours");
    assert_eq!(article.published.as_ref().unwrap().rfc3339(), "2024-01-14T19:00:00Z");
    assert_eq!(article.language.as_deref(), Some("en"));
    assert_eq!(article.authors, [Author { name: Some("Library desk".into()), url: None }]);

    let article = read_fixture("crlf-bom.md").unwrap();
    assert_eq!(article.id, "crlf-bom");
    assert_eq!(article.title.as_deref(), Some("带 BOM 和 CRLF 的稿件"));
    assert_eq!(paragraph_texts(&article.body), ["第一段。", "第二段。"]);
}

#[test]
fn unknown_keys_are_warnings() {
    let text =
        "---\ntitle: 标题\ndate: 2024-01-24T19:41:00+08:00\ntittle: 拼错了\nsource: {name: 上观新闻, home: x}\n---\n";
    let mut warnings = Vec::new();
    let article = read_markdown_with_warnings(Path::new("a.md"), text, &site(), &mut warnings).unwrap();
    assert_eq!(article.title.as_deref(), Some("标题"));
    let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["a.md:5: unknown key `source.home` (ignored)", "a.md:4: unknown key `tittle` (ignored)"]);
}

/// Each broken article: its file, the line, and what the message says.
#[test]
fn every_error_names_its_file_and_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("no-title.md", 1, "`title:` is missing"),
        ("empty-title.md", 3, "`title:` is empty"),
        ("no-date.md", 1, "`date:` is missing"),
        (
            "date-without-offset.md",
            3,
            "`date: 2024-01-24 19:41:00` has no UTC offset, so the time is ambiguous: write it with the \
             publisher's offset, e.g. `2024-01-24T19:41:00+08:00`",
        ),
        ("date-only.md", 3, "`date: 2024-01-24` has no time and no UTC offset"),
        ("bad-date.md", 3, "`date: 昨天下午` is not an RFC 3339 date-time with a UTC offset"),
        ("bad-updated.md", 4, "`modified: 2024-01-25T09:00:00` has no UTC offset"),
        ("crlf-bad-date.md", 4, "`date: 2024-01-12 16:40` is not an RFC 3339 date-time"),
        ("bad-id.md", 4, "`id: five centres/2024` cannot be an article id"),
        ("dot-id.md", 4, "`slug: ..` cannot be an article id"),
        ("Bad Name.md", 1, "the file name `Bad Name` cannot be the article's id"),
        ("yaml-syntax.md", 5, "this is not valid YAML"),
        ("yaml-tabs.md", 5, "this is not valid YAML"),
        ("duplicate-key.md", 4, "`title` is set twice (first on line 2)"),
        ("unsafe-image.md", 4, "`image: javascript:alert(1)` is not an http(s) URL or a path relative to the site"),
        ("title-list.md", 3, "`title` must be text"),
        ("updated-and-modified.md", 5, "`modified` and `updated` (line 4) are the same field: keep one"),
        ("source-without-name.md", 4, "`source.name:` is missing"),
        ("alias.md", 4, "YAML aliases (`*name`) are not supported"),
        ("bad-language.md", 4, "`中文` is not a language tag"),
        ("not-a-map.md", 2, "the front matter must be `key: value` lines"),
        ("no-front-matter.md", 1, "no front matter: an article starts with a `---` line"),
        ("unterminated.md", 1, "the front matter that starts here is never closed by a `---` line"),
        ("empty.md", 1, "the file is empty"),
        ("toml.md", 1, "TOML front matter (`+++`) is not read"),
    ];
    let mut failures = Vec::new();
    for &(file, line, message) in cases {
        let name = format!("errors/{file}");
        let shown = match read_fixture(&name) {
            Ok(article) => format!("read as {article:?}"),
            Err(error) => error.to_string(),
        };
        let expected = format!("{}:{line}: {message}", fixture(&name).display());
        if !shown.starts_with(&expected) {
            failures.push(format!("expected {expected}\n     got {shown}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rss_items_one_by_one() {
    let path = fixture("rss.xml");
    let feed = read_feed(&path, &std::fs::read(&path).unwrap(), &site()).unwrap();
    assert_eq!(feed.title.as_deref(), Some("浦江新闻网"));
    assert_eq!(feed.home_page_url.as_deref(), Some(SITE));
    assert_eq!(feed.language.as_deref(), Some("zh-CN"));
    let [first, second, third] = &feed.articles[..] else { panic!("{:?}", feed.articles) };

    let first = first.as_ref().unwrap();
    assert_eq!(first.id, SEED_ID);
    assert_eq!(first.title.as_deref(), Some("聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流"));
    assert_eq!(first.published.as_ref().unwrap().rfc3339(), "2024-01-24T19:41:00+08:00");
    assert_eq!(first.source, Some(Source { name: "上观新闻".into(), url: Some("https://www.jfdaily.com/".into()) }));
    assert_eq!(first.authors, [Author { name: Some("上观新闻".into()), url: None }]);
    assert_eq!(first.tags, ["上海", "五个中心"]);
    assert_eq!(first.language.as_deref(), Some("zh-CN"));
    assert!(first.summary.as_deref().unwrap().starts_with("市委书记陈吉宁"));
    assert_eq!(
        first.body,
        Body::Blocks(vec![
            paragraph(
                "市委书记陈吉宁今天下午在参加市政协十四届二次会议时指出,“五个中心”是上海实现高质量发展的必由之路。"
            ),
            Block::Paragraph(vec![
                text("市政协主席胡文容主持会议。"),
                Inline::Link { href: "https://news.example/about".into(), content: vec![text("关于我们")] },
                text("点我"),
            ]),
        ])
    );

    let second = second.as_ref().unwrap_err();
    assert_eq!(second.to_string(), format!("{}:20: the item `undated-item` has no `<pubDate>`", path.display()));

    let third = third.as_ref().unwrap();
    // A guid that is a path cannot be a file name: it becomes a slug, and the
    // reader says so at the item's line.
    assert_eq!(third.id, "metro-linjiang-line-east-extension-opens-2404233d");
    let [renamed] = &feed.warnings[..] else { panic!("{:?}", feed.warnings) };
    assert!(
        renamed.to_string().starts_with(&format!(
            "{}:{}: the id `/articles/metro-linjiang-line-east-extension-opens` is published as \
             `metro-linjiang-line-east-extension-opens-2404233d`",
            path.display(),
            feed.lines[2].unwrap()
        )),
        "{renamed}"
    );
    assert_eq!(third.url.as_deref(), Some("https://news.example/articles/metro-linjiang-line-east-extension-opens"));
    assert_eq!(third.published.as_ref().unwrap().rfc3339(), "2024-01-24T02:00:00+00:00");
    assert_eq!(third.authors, [Author { name: Some("上海发布".into()), url: None }]);
    assert_eq!(third.image.as_deref(), Some("https://news.example/images/metro.svg"));
    assert_eq!(
        third.body,
        Body::Blocks(vec![Block::Paragraph(vec![
            text("轨交临江线东延伸段今天上午正式载客运营,"),
            Inline::Emphasis(vec![text("新增车站4座")]),
            text("。"),
        ])])
    );
}

#[test]
fn atom_entries_one_by_one() {
    let path = fixture("atom.xml");
    let feed = read_feed(&path, &std::fs::read(&path).unwrap(), &site()).unwrap();
    assert_eq!(feed.title.as_deref(), Some("浦江新闻网"));
    assert_eq!(feed.home_page_url.as_deref(), Some(SITE));
    assert_eq!(feed.language.as_deref(), Some("zh-CN"));
    let [first, second, third] = &feed.articles[..] else { panic!("{:?}", feed.articles) };

    let first = first.as_ref().unwrap();
    assert_eq!(first.id, "cold-wave-blue-alert-2024-01-22");
    assert_eq!(first.published.as_ref().unwrap().rfc3339(), "2024-01-22T08:05:00+08:00");
    assert_eq!(first.modified.as_ref().unwrap().rfc3339(), "2024-01-22T09:30:00+08:00");
    assert_eq!(first.source, Some(Source { name: "上海发布".into(), url: Some("https://fabu.example/".into()) }));
    assert_eq!(
        first.authors,
        [Author {
            name: Some("上海发布".into()), url: Some("https://news.example/authors/shanghai-release".into())
        }]
    );
    assert_eq!(first.tags, ["天气", "寒潮"]);
    assert_eq!(first.image.as_deref(), Some("https://news.example/images/cold-wave.svg"));
    assert_eq!(first.summary.as_deref(), Some("受强冷空气影响,本市发布寒潮蓝色预警。"));
    // An image inside a paragraph becomes a figure of its own.
    let chart = Image { src: "https://news.example/articles/images/chart.png".into(), alt: "气温图".into() };
    assert_eq!(
        first.body,
        Body::Blocks(vec![
            paragraph("市气象台今晨发布寒潮蓝色预警。"),
            Block::Figure { image: chart, caption: vec![] }
        ])
    );

    let second = second.as_ref().unwrap_err();
    assert_eq!(second.line, Some(23));
    assert!(second.message.contains("昨天下午"), "{second}");

    let third = third.as_ref().unwrap();
    assert_eq!(third.title.as_deref(), Some("区图书馆延长夜间开放时间"));
    assert_eq!(third.published.as_ref().unwrap().rfc3339(), "2024-01-14T19:00:00+08:00");
    assert_eq!(third.modified, None);
    // The feed's author stands for entries without one.
    assert_eq!(third.authors, [Author { name: Some("浦江新闻网编辑部".into()), url: None }]);
    assert_eq!(
        paragraph_texts(&third.body),
        ["即日起,区图书馆阅览区每周五、周六晚间开放时间延长至21时。", "读者可凭读者证入馆。"]
    );
}

#[test]
fn json_feed_items_one_by_one() {
    let path = fixture("feed.json");
    let feed = read_feed(&path, &std::fs::read(&path).unwrap(), &site()).unwrap();
    assert_eq!(feed.title.as_deref(), Some("浦江新闻网"));
    assert_eq!(feed.home_page_url.as_deref(), Some(SITE));
    assert_eq!(feed.disclaimer.as_deref(), Some(DISCLAIMER));
    let shown: Vec<String> = feed
        .articles
        .iter()
        .map(|item| match item {
            Ok(article) => format!("ok {}", article.id),
            Err(error) => error.to_string(),
        })
        .collect();
    let file = path.display();
    assert_eq!(
        shown,
        [
            "ok shanghai-port-container-throughput-2023".to_owned(),
            format!("{file}: item 2: the item has no `id`"),
            format!("{file}: item 3: `undated` has no `date_published` that reads as an RFC 3339 date-time"),
            "ok district-library-extends-evening-hours".to_owned(),
        ]
    );
    let port = feed.articles[0].as_ref().unwrap();
    assert_eq!(port.image.as_deref(), Some("https://news.example/images/port.svg"));
    assert_eq!(port.source, Some(Source { name: "澎湃新闻".into(), url: None }));
    assert_eq!(paragraph_texts(&port.body), ["记者从港航部门获悉,2023年上海港集装箱吞吐量超过4900万标准箱。"]);
}

#[test]
fn feed_errors_name_their_file_and_line() {
    let check = |name: &str, bytes: &[u8], expected: &str| {
        let error = read_feed(Path::new(name), bytes, &site()).unwrap_err();
        assert!(error.to_string().starts_with(expected), "{error}");
    };
    let fixture_bytes = |name: &str| std::fs::read(fixture(name)).unwrap();
    check("broken.xml", &fixture_bytes("errors/broken.xml"), "broken.xml:6: this is not well-formed XML");
    check("html.xml", &fixture_bytes("errors/html.xml"), "html.xml:1: this XML is neither RSS (`<rss>`) nor Atom");
    check("no-items.json", &fixture_bytes("errors/no-items.json"), "no-items.json: the document is not a JSON Feed");
    check("junk.bin", &[0xff, 0xfe, 0x00, 0x81], "junk.bin:1: this is not a feed");
    check("empty.xml", b"", "empty.xml:1: this is not a feed");
    check("latin1.json", b"{\n\"title\": \"\xe9\"}", "latin1.json:2: the file is not UTF-8 text");
    check("no-root.xml", b"<?xml version=\"1.0\"?>\n<!-- nothing -->", "no-root.xml:1: this XML has no root element");

    let duplicate = "<rss version=\"2.0\"><channel><title>t</title>\n<item><guid>a</guid><pubDate>Wed, 24 Jan 2024 19:41:00 +0800</pubDate></item>\n<item><guid>a</guid><pubDate>Wed, 24 Jan 2024 19:42:00 +0800</pubDate></item>\n</channel></rss>";
    let feed = read_feed(Path::new("dup.xml"), duplicate.as_bytes(), &site()).unwrap();
    assert!(feed.articles[0].is_ok());
    assert_eq!(feed.articles[1].as_ref().unwrap_err().to_string(), "dup.xml:3: another item already has the id `a`");
}

#[test]
fn binary_text_is_an_error_at_its_line() {
    let error = decode_text(Path::new("junk.md"), b"---\ntitle: x\n\xff\xfe").unwrap_err();
    assert_eq!(error.to_string(), "junk.md:3: the file is not UTF-8 text");
}

#[test]
fn site_settings() {
    let path = content_dir().join("site.yaml");
    let mut warnings = Vec::new();
    let config =
        read_site_config_with_warnings(&path, &std::fs::read_to_string(&path).unwrap(), &mut warnings).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let sample = Feed::from_json(SAMPLE_FEED).unwrap();
    assert_eq!(config.title, "浦江新闻网");
    assert_eq!(Some(config.title.as_str()), sample.title.as_deref());
    assert_eq!(config.language.as_deref(), Some("zh-CN"));
    assert_eq!(config.description.as_deref(), Some("示例信息源:浦江新闻网最新信息"));
    assert_eq!(config.disclaimer.as_deref(), Some(DISCLAIMER));

    let error = read_site_config(Path::new("site.yaml"), "language: zh-CN\n").unwrap_err();
    assert_eq!(error.to_string(), "site.yaml:1: `title:` is missing");
    let error = read_site_config(Path::new("site.yaml"), "title: 浦江新闻网\nlanguage: [zh-CN]\n").unwrap_err();
    assert_eq!(error.to_string(), "site.yaml:2: `language` must be text");
}

/// `www/content/` is the sample feed's source: every file reads without an
/// error or a warning, and together they are the sample feed's items.
#[test]
fn sample_content_reproduces_the_sample_feed() {
    let dir = content_dir();
    let config =
        read_site_config(&dir.join("site.yaml"), &std::fs::read_to_string(dir.join("site.yaml")).unwrap()).unwrap();
    let platform = site();
    let mut articles = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "md") {
            let mut warnings = Vec::new();
            let text = std::fs::read_to_string(&path).unwrap();
            match read_markdown_with_warnings(&path, &text, &platform, &mut warnings) {
                Ok(article) => articles.push(article),
                Err(error) => panic!("{error}"),
            }
            assert!(warnings.is_empty(), "{warnings:?}");
        }
    }
    articles.sort_by_key(|article| std::cmp::Reverse(article.published.as_ref().unwrap().unix_seconds()));

    let sample = Feed::parse(SAMPLE_FEED, &NativePlatform::new(Some("https://news.example/sample/feed.json"))).unwrap();
    assert_eq!(articles.len(), sample.articles.len());
    for (mine, theirs) in articles.iter().zip(&sample.articles) {
        assert_eq!(mine.id, theirs.id);
        assert_eq!(mine.title, theirs.title, "{}", mine.id);
        assert_eq!(mine.published, theirs.published, "{}", mine.id);
        assert_eq!(mine.modified, theirs.modified, "{}", mine.id);
        assert_eq!(mine.summary, theirs.summary, "{}", mine.id);
        assert_eq!(mine.tags, theirs.tags, "{}", mine.id);
        assert_eq!(mine.source, theirs.source, "{}", mine.id);
        assert_eq!(mine.authors, theirs.authors, "{}", mine.id);
        assert_eq!(paragraph_texts(&mine.body), paragraph_texts(&theirs.body), "{}", mine.id);
        // The site's settings fill in what an article leaves out.
        assert_eq!(mine.language.as_ref().or(config.language.as_ref()), theirs.language.as_ref(), "{}", mine.id);
        assert_eq!(mine.disclaimer.as_ref().or(config.disclaimer.as_ref()), theirs.disclaimer.as_ref(), "{}", mine.id);
        // Images sit at `images/` under the content folder, at `sample/images/` in the sample.
        let file_name = |url: &Option<String>| url.as_deref().map(|url| url.rsplit('/').next().unwrap().to_owned());
        assert_eq!(file_name(&mine.image), file_name(&theirs.image), "{}", mine.id);
        if let Some(name) = file_name(&mine.image) {
            assert!(dir.join("images").join(&name).is_file(), "missing images/{name}");
        }
    }
}

/// Inputs no publisher means to write: nothing panics, and what should fail
/// fails with a line.
#[test]
fn hostile_inputs_never_panic() {
    let platform = site();
    let path = Path::new("hostile.md");
    let front = "---\ntitle: t\ndate: 2024-01-24T19:41:00+08:00\n---\n";
    let huge_body = format!("{front}{}", "五个中心,重要使命。\n\n".repeat(200_000));
    let article = read_markdown(path, &huge_body, &platform).unwrap();
    assert!(matches!(&article.body, Body::Blocks(blocks) if blocks.len() == 200_000));

    let deep_flow = format!("---\ntitle: {}\n---\n", "[".repeat(100_000));
    let deep_block = format!("---\ntitle: t\ntags:\n{}x\n---\n", "- ".repeat(100_000));
    let many_keys: String = (0..100_000).map(|i| format!("k{i}: v\n")).collect();
    let many_keys = format!("---\n{many_keys}---\n");
    for text in [deep_flow.as_str(), deep_block.as_str(), many_keys.as_str()] {
        let error = read_markdown(path, text, &platform).unwrap_err();
        assert!(error.line.is_some(), "{error}");
    }
    // Deeper than the block conversion walks (html5ever nests without
    // limit, and slowly: 3,000 levels take a second or two here).
    let deep_quotes = format!("{front}{}引用", "> ".repeat(3_000));
    let article = read_markdown(path, &deep_quotes, &platform).unwrap();
    assert!(format!("{:?}", article.body).contains("引用"));
    let deep_html = format!("{front}{}深处", "<div><b>".repeat(1_500));
    let article = read_markdown(path, &deep_html, &platform).unwrap();
    assert!(format!("{:?}", article.body).contains("深处"));

    let deep_xml = format!("<rss><channel>{}</channel></rss>", "<x>".repeat(50_000));
    let _ = read_feed(Path::new("deep.xml"), deep_xml.as_bytes(), &platform);
    let laughs =
        "---\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n---\n";
    assert!(read_markdown(path, laughs, &platform).unwrap_err().message.contains("aliases"));
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 1_000, failure_persistence: None, ..ProptestConfig::default() }
}

/// Text shaped like front matter, with the characters YAML and Markdown
/// treat specially.
fn front_matter_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_owned()),
        Just("title: ".to_owned()),
        Just("date: 2024-01-24T19:41:00+08:00\n".to_owned()),
        Just("source:\n  name: ".to_owned()),
        Just("tags: [".to_owned()),
        Just("authors:\n  - ".to_owned()),
        Just("image: ".to_owned()),
        Just("\t".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("&a ".to_owned()),
        Just("*a".to_owned()),
        Just("!!binary ".to_owned()),
        "[-:{}\\[\\],#&*!|>'\"%@` \n五]{0,12}",
        ".{0,12}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

fn xml_like() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("<?xml version=\"1.0\"?>".to_owned()),
        Just("<rss version=\"2.0\"><channel>".to_owned()),
        Just("<feed xmlns=\"http://www.w3.org/2005/Atom\">".to_owned()),
        Just("<item><guid>a</guid>".to_owned()),
        Just("<entry><id>a</id>".to_owned()),
        Just("<pubDate>Wed, 24 Jan 2024 19:41:00 +0800</pubDate>".to_owned()),
        Just("<updated>2024-01-24T19:41:00+08:00</updated>".to_owned()),
        Just("</item>".to_owned()),
        Just("</entry>".to_owned()),
        Just("<![CDATA[<p>x</p>]]>".to_owned()),
        Just("</channel></rss>".to_owned()),
        Just("</feed>".to_owned()),
        "[<>/&;\"'= a-z五]{0,12}",
    ];
    prop::collection::vec(piece, 0..20).prop_map(|pieces| pieces.concat().into_bytes())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn markdown_never_panics(text in front_matter_like()) {
        let _ = read_markdown(Path::new("fuzz.md"), &text, &site());
        let _ = read_site_config(Path::new("site.yaml"), &text);
    }

    #[test]
    fn feeds_never_panic(bytes in xml_like()) {
        let _ = read_feed(Path::new("fuzz.xml"), &bytes, &site());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = read_feed(Path::new("fuzz.bin"), &bytes, &site());
        if let Ok(text) = decode_text(Path::new("fuzz.md"), &bytes) {
            let _ = read_markdown(Path::new("fuzz.md"), text, &site());
        }
    }
}

/// A body the HTML parsers would take too long on (see `model::scan`) is
/// published as its text, with a warning at the item.
#[test]
fn a_body_too_complex_is_published_as_text_with_a_warning() {
    let deep = "&lt;div&gt;".repeat(5_000) + "深处的正文";
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>t</title>\n<item><guid>ok</guid><pubDate>Wed, 24 Jan 2024 19:41:00 \
         +0800</pubDate><description>&lt;p&gt;fine&lt;/p&gt;</description></item>\n<item><guid>deep</guid>\
         <pubDate>Wed, 24 Jan 2024 19:42:00 +0800</pubDate><description>{deep}</description></item>\n</channel></rss>"
    );
    let feed = read_feed(Path::new("deep.xml"), rss.as_bytes(), &site()).unwrap();
    let [warning] = &feed.warnings[..] else { panic!("{:?}", feed.warnings) };
    assert!(warning.to_string().starts_with("deep.xml:3: the body's markup is too complex"), "{warning}");
    let article = feed.articles[1].as_ref().unwrap();
    assert_eq!(article.body, Body::Blocks(vec![Block::Paragraph(vec![Inline::Text("深处的正文".into())])]));

    let json = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "items": [{"id": "j", "date_published": "2024-01-24T19:41:00+08:00", "content_html": "<p a>x".repeat(5_000)}],
    })
    .to_string();
    let feed = read_feed(Path::new("deep.json"), json.as_bytes(), &site()).unwrap();
    let [warning] = &feed.warnings[..] else { panic!("{:?}", feed.warnings) };
    assert!(warning.to_string().starts_with("deep.json: item 1: the body's markup is too complex"), "{warning}");

    let markdown = format!("---\ntitle: T\ndate: 2024-01-24T19:41:00+08:00\n---\n{}\n", "<span>w</span>".repeat(5_000));
    let mut warnings = Vec::new();
    let article = read_markdown_with_warnings(Path::new("a.md"), &markdown, &site(), &mut warnings).unwrap();
    let [warning] = &warnings[..] else { panic!("{warnings:?}") };
    assert!(warning.to_string().starts_with("a.md: the body's markup is too complex"), "{warning}");
    assert!(matches!(&article.body, Body::Blocks(blocks) if blocks.len() == 1));
}
