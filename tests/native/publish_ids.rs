//! The CLI's one id rule (src/publish/id.rs), as every reader applies it:
//! which ids are published as they are, which become slugs, which are
//! refused, each change reported at its file and line; and the XML readers'
//! limits (depth, lines of large imports).

use std::fs;
use std::path::{Path, PathBuf};

use article_widget::platform::NativePlatform;
use article_widget::publish::id::{self, Problem, MAX_BYTES};
use article_widget::publish::{build, read_feed, read_markdown_with_warnings, BuildOptions, DEFAULT_PAGE_BYTES};
use article_widget::route::Routing;
use proptest::prelude::*;

fn site() -> NativePlatform {
    NativePlatform::new(Some("https://news.example/"))
}

#[test]
fn the_rule_allows_every_script_and_refuses_what_a_file_system_cannot_keep() {
    for good in [
        "shanghai-five-centres-2024-01-24",
        "五个中心",
        "हिन्दी-समाचार", // Devanagari: vowel signs and the virama are combining marks
        "ข่าวสาร",       // Thai: tone marks and vowels above are combining marks
        "café_v1.2~b",
        "console", // only the device name itself (and with an extension) is reserved
        "com10",
        "con-ference",
        &"字".repeat(MAX_BYTES / 3), // 198 bytes
    ] {
        assert_eq!(id::check(good), Ok(()), "{good}");
    }
    let refused: &[(&str, Problem)] = &[
        ("", Problem::Empty),
        ("a b", Problem::Character(' ')),
        ("a/b", Problem::Character('/')),
        ("a%2Fb", Problem::Character('%')),
        ("\u{301}a", Problem::LeadingMark('\u{301}')),
        (".hidden", Problem::Dot),
        ("trailing.", Problem::Dot),
        ("..", Problem::Dot),
        ("con", Problem::Reserved("con".into())),
        ("NUL", Problem::Reserved("NUL".into())),
        ("Aux.json", Problem::Reserved("Aux".into())),
        ("com1", Problem::Reserved("com1".into())),
        ("LPT9.tar.gz", Problem::Reserved("LPT9".into())),
        ("com²", Problem::Reserved("com²".into())),
        ("prn.", Problem::Dot),
    ];
    for (bad, problem) in refused {
        assert_eq!(id::check(bad).as_ref(), Err(problem), "{bad:?}");
    }
    assert_eq!(id::check(&"a".repeat(MAX_BYTES + 1)), Err(Problem::TooLong(MAX_BYTES + 1)));
    assert_eq!(id::check(&"a".repeat(MAX_BYTES)), Ok(()));
    // NFC: a decomposed id is composed; ids are one without regard to case.
    assert_eq!(id::normalize("cafe\u{301}"), "café");
    assert_eq!(id::authored("cafe\u{301}"), Ok(("café".to_owned(), true)));
    assert_eq!(id::authored("café"), Ok(("café".to_owned(), false)));
    assert_eq!(id::fold("News"), id::fold("news"));
    assert_eq!(id::fold("ÉTÉ"), id::fold("été"));
}

#[test]
fn imported_ids_are_kept_when_they_can_be_and_otherwise_become_stable_reported_slugs() {
    assert_eq!(id::imported("a-story"), ("a-story".to_owned(), None));
    // As before this rule (the same slug the previous CLI wrote): URL guids
    // become their last segment and a hash.
    let (slug, note) = id::imported("https://news.example/articles/metro-linjiang-line-east-extension-opens");
    assert_eq!(slug, "metro-linjiang-line-east-extension-opens-e25f8a51");
    assert!(note.unwrap().contains("is published as `metro-linjiang-line-east-extension-opens-e25f8a51`"));
    for raw in ["con", "a.", &"x".repeat(5_000), "tag:news.example,2024:1", "?=#/"] {
        let (slug, note) = id::imported(raw);
        assert_eq!(id::check(&slug), Ok(()), "{raw} -> {slug}");
        assert!(note.is_some(), "{raw}");
        assert_eq!(id::imported(raw).0, slug, "stable");
    }
    let (composed, note) = id::imported("cafe\u{301}");
    assert_eq!(composed, "café");
    assert!(note.unwrap().contains("NFC"));
}

fn markdown(id_line: &str) -> String {
    format!("---\ntitle: 标题\ndate: 2024-01-24T19:41:00+08:00\n{id_line}\n---\n正文\n")
}

#[test]
fn markdown_ids_break_the_rule_at_their_line_and_are_never_renamed_later() {
    let read = |text: &str| read_markdown_with_warnings(Path::new("a.md"), text, &site(), &mut Vec::new());
    for (id_line, expected) in [
        ("id: con", "a.md:4: `id: con` cannot be an article id: `con` is a device name on Windows"),
        ("slug: LPT1.txt", "a.md:4: `slug: LPT1.txt` cannot be an article id: `LPT1` is a device name"),
        ("id: trailing.", "a.md:4: `id: trailing.` cannot be an article id: it starts or ends with `.`"),
        ("id: .env", "a.md:4: `id: .env` cannot be an article id: it starts or ends with `.`"),
    ] {
        let error = read(&markdown(id_line)).unwrap_err().to_string();
        assert!(error.starts_with(expected), "{error}");
    }
    let long = format!("id: {}", "长".repeat(70)); // 210 bytes
    let error = read(&markdown(&long)).unwrap_err().to_string();
    assert!(error.starts_with("a.md:4: ") && error.contains("210 bytes long; at most 200"), "{error}");

    // Scripts with combining marks are ids as they are.
    assert_eq!(read(&markdown("id: हिन्दी-समाचार")).unwrap().id, "हिन्दी-समाचार");
    assert_eq!(read(&markdown("id: ข่าวสาร")).unwrap().id, "ข่าวสาร");
    // A decomposed id (as macOS file names often are) is composed, and that is said.
    let mut warnings = Vec::new();
    let article =
        read_markdown_with_warnings(Path::new("a.md"), &markdown("id: cafe\u{301}"), &site(), &mut warnings).unwrap();
    assert_eq!(article.id, "café");
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].to_string().starts_with("a.md:4: the id is published in its composed (NFC) form `café`"));
}

#[test]
fn feed_ids_follow_the_same_rule_with_each_change_at_its_line() {
    let item = |guid: &str, minute: u32| {
        format!("<item><guid>{guid}</guid><pubDate>Wed, 24 Jan 2024 19:{minute:02}:00 +0800</pubDate></item>\n")
    };
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>t</title>\n{}{}{}{}{}</channel></rss>",
        item("News", 1),
        item("news", 2),
        item("con", 3),
        item("हिन्दी", 4),
        item("trailing.", 5)
    );
    let feed = read_feed(Path::new("f.xml"), rss.as_bytes(), &site()).unwrap();
    let ids: Vec<Result<&str, String>> =
        feed.articles.iter().map(|a| a.as_ref().map(|a| a.id.as_str()).map_err(ToString::to_string)).collect();
    assert_eq!(ids[0], Ok("News"));
    assert_eq!(
        ids[1],
        Err("f.xml:3: another item has the id `News`, the same as `news` without regard to case".to_owned())
    );
    assert!(ids[2].as_ref().unwrap().starts_with("con-"), "{:?}", ids[2]);
    assert_eq!(ids[3], Ok("हिन्दी"));
    assert!(ids[4].as_ref().unwrap().starts_with("trailing-"), "{:?}", ids[4]);
    let warnings: Vec<String> = feed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with("f.xml:4: the id `con` is published as `con-"), "{warnings:?}");
    assert!(warnings[1].starts_with("f.xml:6: the id `trailing.` is published as `trailing-"), "{warnings:?}");

    let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[
        {"id":"NUL","title":"a","date_published":"2024-01-24T19:41:00+08:00"},
        {"id":"nul-2","title":"b","date_published":"2024-01-24T19:42:00+08:00"}]}"#;
    let feed = read_feed(Path::new("f.json"), json.as_bytes(), &site()).unwrap();
    assert!(feed.articles[0].as_ref().unwrap().id.starts_with("NUL-"));
    assert_eq!(feed.articles[1].as_ref().unwrap().id, "nul-2");
    assert!(feed.warnings[0].to_string().starts_with("f.json: item 1: the id `NUL` is published as `NUL-"));
}

#[test]
fn fold_is_one_key_for_the_names_a_case_insensitive_file_system_merges() {
    for (a, b) in [("News", "nEWS"), ("ΟΔΟΣ", "οδοσ"), ("οδος", "ΟΔΟΣ"), ("ſtraße", "STRASSE"), ("ǅ", "ǆ"), ("Ω", "ω")]
    {
        assert_eq!(id::fold(a), id::fold(b), "{a} {b}");
    }
    for (a, b) in [("a", "b"), ("é", "e"), ("ss", "s")] {
        assert_ne!(id::fold(a), id::fold(b), "{a} {b}");
    }
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("article-widget-ids-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_build_publishes_ids_as_the_readers_give_them_and_refuses_case_twins_across_inputs() {
    let root = temp("build");
    let content = root.join("content");
    let out = root.join("out");
    fs::create_dir_all(&content).unwrap();
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("index.html"), include_str!("../fixtures/publish/shell.html")).unwrap();
    fs::write(content.join("site.yaml"), "title: t\n").unwrap();
    let article = |title: &str, id: Option<&str>| {
        let id = id.map(|id| format!("id: {id}\n")).unwrap_or_default();
        format!("---\ntitle: {title}\n{id}date: 2024-01-24T19:41:00+08:00\n---\n正文\n")
    };
    fs::write(content.join("News.md"), article("a", None)).unwrap();
    fs::write(content.join("news.md"), article("b", None)).unwrap();
    // One file on APFS and NTFS, though `to_lowercase` tells them apart.
    fs::write(content.join("ΟΔΟΣ.md"), article("e", None)).unwrap();
    fs::write(content.join("οδοσ.md"), article("f", None)).unwrap();
    fs::write(content.join("ſtraße.md"), article("g", None)).unwrap();
    fs::write(content.join("straße.md"), article("h", None)).unwrap();
    fs::write(content.join("hindi.md"), article("c", Some("हिन्दी-समाचार"))).unwrap();
    fs::write(content.join("thai.md"), article("d", Some("ข่าวสาร"))).unwrap();
    let feed = root.join("import.xml");
    fs::write(
        &feed,
        "<rss version=\"2.0\"><channel><title>t</title>\n\
         <item><guid>NEWS</guid><pubDate>Wed, 24 Jan 2024 19:41:00 +0800</pubDate></item>\n</channel></rss>",
    )
    .unwrap();
    let report = build(&BuildOptions {
        inputs: vec![content.clone(), feed.clone()],
        out: out.clone(),
        site_url: None,
        shell: None,
        routing: Routing::Path,
        page_items: 20,
        page_bytes: DEFAULT_PAGE_BYTES,
        changes: None,
        now: None,
        cache: None,
        sitemap_urls: article_widget::publish::DEFAULT_SITEMAP_URLS,
    })
    .unwrap();
    assert_eq!(report.articles, 5);
    let skipped: Vec<String> = report.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(skipped.len(), 4, "{skipped:?}");
    for twin in ["οδοσ.md", "straße.md"] {
        assert!(skipped.iter().any(|s| s.contains(twin) && s.contains("without regard to case")), "{skipped:?}");
    }
    assert!(skipped.iter().any(|s| s.contains("news.md") && s.contains("without regard to case")), "{skipped:?}");
    assert!(skipped.iter().any(|s| s.starts_with(&format!("{}:2:", feed.display()))), "{skipped:?}");
    // Combining marks are kept, not slugged away by the build.
    for id in ["News", "हिन्दी-समाचार", "ข่าวสาร"] {
        assert!(out.join("articles").join(id).join("index.html").is_file(), "{id}");
        assert!(out.join("items").join(format!("{id}.json")).is_file(), "{id}");
    }
    fs::remove_dir_all(root).unwrap();
}

/// `levels` nested namespaced extension elements in one item (RSS) or entry
/// (Atom), which the readers would build into a tree recursively.
fn deep_feed(atom: bool, levels: usize) -> String {
    let nest = format!("{}deep{}", "<x:e>".repeat(levels), "</x:e>".repeat(levels));
    if atom {
        format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:x=\"urn:x\"><title>t</title>\n<entry><id>a</id>\
             <updated>2024-01-24T19:41:00+08:00</updated><title>a</title>{nest}</entry></feed>"
        )
    } else {
        format!(
            "<rss version=\"2.0\" xmlns:x=\"urn:x\"><channel><title>t</title>\n<item><guid>a</guid>\
             <pubDate>Wed, 24 Jan 2024 19:41:00 +0800</pubDate>{nest}</item></channel></rss>"
        )
    }
}

#[test]
fn deeply_nested_extension_elements_are_an_error_at_their_line_not_a_stack_overflow() {
    for atom in [false, true] {
        let error = read_feed(Path::new("deep.xml"), deep_feed(atom, 200_000).as_bytes(), &site()).unwrap_err();
        assert!(error.to_string().starts_with("deep.xml:2: the elements here nest deeper than 256 levels"), "{error}");
        // Up to the limit it reads, on a test thread's small stack.
        let feed = read_feed(Path::new("ok.xml"), deep_feed(atom, 250).as_bytes(), &site()).unwrap();
        assert!(feed.articles[0].is_ok(), "{:?}", feed.articles[0]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever a feed uses as an id, what is published follows the rule,
    /// and is the same every time; an authored id is accepted only as the rule allows.
    #[test]
    fn every_imported_id_is_publishable_and_stable(raw in "\\PC{0,60}|[a-zA-Z.~_ /:?=#-]{0,30}|(con|NUL|com1|lpt9)[.a-z]{0,4}") {
        let (published, _) = id::imported(&raw);
        prop_assert_eq!(id::check(&published), Ok(()));
        prop_assert_eq!(id::imported(&raw).0, published);
        if let Ok((authored, _)) = id::authored(&raw) {
            prop_assert_eq!(id::check(&authored), Ok(()));
            prop_assert_eq!(&authored, &id::normalize(&raw));
        }
    }
}
