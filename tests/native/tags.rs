//! Tag keys and slugs: the rule the CLI writes `tags/<slug>/` by and the
//! widget asks for it by.

use article_widget::model::{tag_key, tag_slug, Feed, TagFilter, MAX_SLUG_BYTES};
use article_widget::platform::fold_tag;

fn key(tag: &str) -> String {
    tag_key(tag, &fold_tag)
}

fn slug(tag: &str) -> String {
    tag_slug(&key(tag))
}

#[test]
fn case_spaces_and_composition_do_not_make_two_tags() {
    assert_eq!(key("News"), "news");
    assert_eq!(key("  NEWS "), "news");
    assert_eq!(key("Shanghai\t \u{3000}Metro"), "shanghai metro");
    // "é" composed and decomposed, and Greek final sigma.
    assert_eq!(key("Caf\u{e9}"), key("Cafe\u{301}"));
    assert_eq!(key("ΟΔΟΣ"), "οδος");
    assert_eq!(key("经济"), "经济");
}

#[test]
fn plain_tags_are_their_own_slug() {
    assert_eq!(slug("News"), "news");
    assert_eq!(slug("经济"), "经济");
    assert_eq!(slug("上海-地铁"), "上海-地铁");
    assert_eq!(slug("covid_19"), "covid_19");
    assert_eq!(slug("Über"), "über");
}

#[test]
fn spaces_slashes_and_punctuation_become_dashes_and_a_hash() {
    let spaced = slug("Shanghai Metro");
    assert!(spaced.starts_with("shanghai-metro-"), "{spaced}");
    assert_eq!(spaced.len(), "shanghai-metro-".len() + 8);
    let slashed = slug("AC/DC");
    assert!(slashed.starts_with("ac-dc-"), "{slashed}");
    // Three tags that read alike stay three.
    let three = [slug("a b"), slug("a/b"), slug("a-b")];
    assert_eq!(three[2], "a-b");
    assert_ne!(three[0], three[1]);
    assert_ne!(three[0], three[2]);
    // The same in every build.
    assert_eq!(slug("a b"), slug("A  B"));
    assert_eq!(slug("上海 地铁"), slug("上海　地铁"));
    assert!(slug("上海 地铁").starts_with("上海-地铁-"));
}

#[test]
fn a_slug_is_a_safe_path_segment() {
    for tag in [".", "..", "%2e%2e", "../etc", "a\\b", "?#", "\u{202e}evil", "con", "LPT1", "", "   ", "\u{200b}"] {
        let slug = slug(tag);
        assert!(!slug.is_empty(), "{tag:?}");
        assert!(!slug.contains(['/', '\\', '.', '%', '?', '#', '\u{202e}', '\u{200b}']), "{tag:?} → {slug:?}");
        assert!(!matches!(slug.as_str(), "con" | "lpt1"), "{tag:?} → {slug:?}");
    }
    let long = "长".repeat(200);
    let slug = slug(&long);
    assert!(slug.len() <= MAX_SLUG_BYTES + 9, "{}", slug.len());
    assert_ne!(slug, tag_slug(&key(&"长".repeat(201))));
}

#[test]
fn a_filter_matches_any_of_its_tags_by_key() {
    let filter = TagFilter::new(&["News", " 经济 ", "news", ""], &fold_tag).unwrap();
    assert_eq!(filter.keys(), ["news", "经济"]);
    assert!(filter.matches(&["Sport".into(), "NEWS".into()], &fold_tag));
    assert!(filter.matches(&["经济".into()], &fold_tag));
    assert!(!filter.matches(&["Sport".into()], &fold_tag));
    assert!(!filter.matches(&[], &fold_tag));
    assert!(TagFilter::new(&["  ", ""], &fold_tag).is_none());
}

#[test]
fn a_feed_names_its_tag_feeds_and_its_tag() {
    let feed = Feed::from_json_resolving(
        r#"{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","tags":["经济"," ",3]}],
            "_article":{"tag_feed_template":"tags/{tag}/feed.json","tag":"经济"}}"#,
        |r| Some(format!("https://news.example/{r}")),
    )
    .unwrap();
    assert_eq!(feed.tag.as_deref(), Some("经济"));
    assert_eq!(
        feed.tag_feed_url("上海-地铁").unwrap(),
        "https://news.example/tags/%E4%B8%8A%E6%B5%B7-%E5%9C%B0%E9%93%81/feed.json"
    );
    assert_eq!(feed.articles[0].tags, ["经济"]);
    // A route may ask for `.` or `..`, which would be a step along the path.
    assert_eq!(feed.tag_feed_url(".."), None);
    assert_eq!(feed.tag_feed_url("."), None);
    // A template without its slot names nothing.
    let feed = Feed::from_json(
        r#"{"version":"https://jsonfeed.org/version/1.1","items":[],"_article":{"tag_feed_template":"tags.json"}}"#,
    )
    .unwrap();
    assert_eq!(feed.tag_feed_url("news"), None);
}

/// The prerendered lists (home, archive and tag pages) show each card's tags
/// as links to their pages, as the app does, so readers without JavaScript
/// and crawlers reach every tag's page.
#[test]
fn prerendered_cards_link_their_tags() {
    let (root, content, out) = crate::publish::empty_site("tag-links", "home");
    std::fs::write(
        content.join("a.md"),
        "---\ntitle: 甲\nid: a\ndate: 2024-03-01T10:00:00+08:00\ntags: [上海 地铁, News]\n---\n\n正文。\n",
    )
    .unwrap();
    crate::publish::build_ok(&crate::publish::options(&[content], &out, Some("https://news.example/")));
    let metro = format!("https://news.example/tags/{}", article_widget::model::percent_encode(&slug("上海 地铁")));
    for page in ["index.html", "tags/news/index.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(&format!(r#"<a href="{metro}" class="aw-card__tag">上海 地铁</a>"#)), "{page}: {html}");
        assert!(html.contains(r#"<a href="https://news.example/tags/news" class="aw-card__tag">News</a>"#), "{page}");
    }
    std::fs::remove_dir_all(&root).unwrap();
}

/// Some letters with a mark exist composed only in lower case (ẘ, ǰ, ẖ, ΐ):
/// the capital and its mark lower-case to the pair, which composes to that
/// letter, so a tag written in capitals is the tag written small.
#[test]
fn a_capital_and_its_mark_are_the_small_letter_that_has_it() {
    for (capital, small) in
        [("W\u{30a}", "\u{1e98}"), ("J\u{30c}", "\u{1f0}"), ("H\u{331}", "\u{1e96}"), ("\u{3aa}\u{301}", "\u{390}")]
    {
        assert_eq!(key(capital), small, "{capital:?}");
        assert_eq!(slug(capital), slug(small), "{capital:?}");
    }
}

/// The texts the folds are compared on: every character alone, and (for the
/// first two planes, where every cased letter is) after a capital, between
/// a capital and Σ (final sigma looks at both sides) and after Σ.
fn fold_cases() -> Vec<String> {
    let every = (0..=0x10ffff_u32).filter_map(char::from_u32);
    let mut cases: Vec<String> = every.clone().map(String::from).collect();
    for c in every.take_while(|&c| c < '\u{20000}') {
        cases.push(format!("W{c}"));
        cases.push(format!("Α{c}Σ"));
        cases.push(format!("ΑΣ{c}"));
    }
    cases
}

/// A key is its own key: the CLI keys tags the widget has keyed already
/// (the feed's `tag`, the app's links).
#[test]
fn a_key_keys_to_itself() {
    let moved: Vec<(String, String)> = fold_cases()
        .into_iter()
        .map(|case| key(&case))
        .filter_map(|once| Some((once.clone(), key(&once))).filter(|(once, twice)| once != twice))
        .take(20)
        .collect();
    assert!(moved.is_empty(), "{moved:?}");
}

/// The widget folds with the browser's `normalize` and `toLowerCase`, the
/// CLI with ICU and Rust's `to_lowercase`: where they differ, the widget asks
/// for a tag's feed at a folder the CLI did not write. Compared with Node's
/// (V8 and ICU, as in Chromium; tests/e2e/tags.test.mjs compares Node's
/// with Chromium's on the same texts).
#[test]
fn the_native_fold_is_the_javascript_one() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let cases = fold_cases();
    // `platform::fold_tag` in the wasm, written again.
    let script = "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
        process.stdout.write(JSON.stringify(cases.map((s) => s.normalize('NFC').toLowerCase().normalize('NFC'))));";
    let mut node = Command::new("node")
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs (the end-to-end tests need it too)");
    let input = serde_json::to_vec(&cases).unwrap();
    let mut stdin = node.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = node.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success());
    let folded: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(folded.len(), cases.len());
    let differ: Vec<_> = cases
        .iter()
        .zip(&folded)
        .filter(|(case, js)| fold_tag(case) != **js)
        .map(|(case, js)| {
            (
                case.escape_unicode().to_string(),
                fold_tag(case).escape_unicode().to_string(),
                js.escape_unicode().to_string(),
            )
        })
        .take(20)
        .collect();
    assert!(differ.is_empty(), "(text, native, JavaScript): {differ:?}");
}

/// Windows also reserves COM and LPT with a superscript digit (`COM¹`), and
/// the Arabic letter mark is a bidirectional control like U+200F.
#[test]
fn superscript_device_names_and_the_arabic_letter_mark_are_not_slugs() {
    for tag in ["COM¹", "lpt²", "Com³", "خبر\u{61c}"] {
        let slug = slug(tag);
        assert!(slug.len() > tag.len() && !slug.contains('\u{61c}'), "{tag:?} → {slug:?}");
    }
    assert_eq!(slug("com10"), "com10");
    assert_eq!(slug("خبر"), "خبر");
}

/// A feed's `tag_feed_template` is a link like any other: only http(s), so a
/// hostile feed cannot make the widget load `javascript:` or `data:`.
#[test]
fn a_tag_feed_template_is_only_http() {
    let url = |template: &str| {
        let json = format!(
            r#"{{"version":"https://jsonfeed.org/version/1.1","items":[],"_article":{{"tag_feed_template":"{template}"}}}}"#
        );
        Feed::from_json_resolving(&json, |r| Some(r.to_owned())).unwrap().tag_feed_url("news")
    };
    for template in ["javascript:alert(1)//{tag}", "data:application/json,{tag}", "file:///etc/{tag}"] {
        assert_eq!(url(template), None, "{template}");
    }
    assert_eq!(url("https://cdn.example/t/{tag}.json").as_deref(), Some("https://cdn.example/t/news.json"));
}
