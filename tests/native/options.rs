//! Embed options from attributes: defaults, every value, and bad values
//! falling back with a warning instead of breaking the widget.

use std::collections::HashMap;

use article_widget::options::*;
use article_widget::text::Lang;

fn parse(attributes: &[(&str, &str)]) -> Parsed {
    let map: HashMap<&str, &str> = attributes.iter().copied().collect();
    WidgetOptions::parse(|name| map.get(name).map(|v| v.to_string()))
}

#[test]
fn defaults() {
    let parsed = parse(&[("feed", "https://news.example/feed.json")]);
    assert!(parsed.warnings.is_empty());
    assert_eq!(
        parsed.options,
        WidgetOptions {
            feed: Some("https://news.example/feed.json".into()),
            limit: DEFAULT_LIMIT,
            layout: Layout::List,
            theme: Theme::Light,
            lang: None,
            open: OpenMode::Inline,
            show: CardParts::default(),
            heading: None,
            accent: None,
            loading: Loading::Lazy,
            timezone: TimeZone::Publisher,
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
            storage: StorageMode::Local,
        }
    );
}

#[test]
fn every_option_read() {
    let parsed = parse(&[
        ("feed", " /feed.json "),
        ("limit", "5"),
        ("layout", "GRID"),
        ("theme", "auto"),
        ("lang", "en-GB"),
        ("open", "new-tab"),
        ("show", "image, date"),
        ("heading", "头条"),
        ("accent", "#0a7"),
        ("loading", "eager"),
        ("timezone", "local"),
        ("timeout", "3"),
        ("storage", "None"),
    ]);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let o = parsed.options;
    assert_eq!(o.feed.as_deref(), Some("/feed.json"));
    assert_eq!(o.limit, 5);
    assert_eq!(o.layout, Layout::Grid);
    assert_eq!(o.theme, Theme::Auto);
    assert_eq!(o.lang, Some(Lang::En));
    assert_eq!(o.open, OpenMode::NewTab);
    assert_eq!(o.show, CardParts { image: true, summary: false, date: true, source: false });
    assert_eq!(o.heading.as_deref(), Some("头条"));
    assert_eq!(o.accent.as_deref(), Some("#0a7"));
    assert_eq!(o.loading, Loading::Eager);
    assert_eq!(o.timezone, TimeZone::Local);
    assert_eq!(o.timeout_seconds, 3);
    assert_eq!(o.storage, StorageMode::None);
}

#[test]
fn bad_values_fall_back_with_warnings() {
    let parsed = parse(&[
        ("feed", "/f.json"),
        ("limit", "0"),
        ("layout", "carousel"),
        ("theme", "pink"),
        ("lang", "fr"),
        ("open", "popup"),
        ("show", "image,video"),
        ("loading", "later"),
    ]);
    assert_eq!(parsed.warnings.len(), 7, "{:?}", parsed.warnings);
    assert_eq!(parsed.options, parse(&[("feed", "/f.json")]).options);
    assert_eq!(parse(&[("feed", "/f"), ("limit", "101")]).options.limit, DEFAULT_LIMIT);
    assert_eq!(parse(&[("feed", "/f"), ("limit", "-3")]).options.limit, DEFAULT_LIMIT);
}

#[test]
fn storage_fails_closed_any_value_but_local_stores_nothing() {
    let storage = |value: Option<&str>| {
        let mut pairs = vec![("feed", "/f")];
        pairs.extend(value.map(|v| ("storage", v)));
        let parsed = parse(&pairs);
        (parsed.options.storage, parsed.warnings.len())
    };
    assert_eq!(storage(None), (StorageMode::Local, 0));
    assert_eq!(storage(Some("local")), (StorageMode::Local, 0));
    assert_eq!(storage(Some(" LOCAL ")), (StorageMode::Local, 0));
    assert_eq!(storage(Some("none")), (StorageMode::None, 0));
    for refusal in ["off", "false", "no", "0", "session", "", "  ", "locale"] {
        assert_eq!(storage(Some(refusal)), (StorageMode::None, 1), "storage={refusal:?}");
    }
}

#[test]
fn a_missing_feed_is_reported_not_fatal() {
    let parsed = parse(&[("limit", "3")]);
    assert_eq!(parsed.options.feed, None);
    assert_eq!(parsed.options.limit, 3);
    assert_eq!(parsed.warnings, ["the `feed` attribute is missing"]);
    assert_eq!(parse(&[("feed", "  ")]).options.feed, None);
}

#[test]
fn accent_accepts_colours_only() {
    for colour in ["red", "#b5121b", "rgb(0, 128, 255)", "hsl(210 50% 40% / 0.8)", "oklch(60% 0.15 30)"] {
        assert_eq!(parse(&[("feed", "/f"), ("accent", colour)]).options.accent.as_deref(), Some(colour));
    }
    for hostile in [
        "red; background: url(https://evil.example/x.png)",
        "url(x)",
        "red}",
        "var(--x)",
        "expression(alert(1))\"",
        "red\\;",
    ] {
        let parsed = parse(&[("feed", "/f"), ("accent", hostile)]);
        assert_eq!(parsed.options.accent, None, "{hostile}");
        assert_eq!(parsed.warnings.len(), 1, "{hostile}");
    }
}

#[test]
fn show_none_hides_every_part() {
    let show = parse(&[("feed", "/f"), ("show", "none")]).options.show;
    assert!(!show.image && !show.summary && !show.date && !show.source);
}

#[test]
fn language_tags() {
    for (tag, lang) in
        [("zh-CN", Lang::ZhCn), ("zh-Hans", Lang::ZhCn), ("ZH", Lang::ZhCn), ("en", Lang::En), ("en_US", Lang::En)]
    {
        assert_eq!(Lang::from_tag(tag), Some(lang), "{tag}");
    }
    assert_eq!(Lang::from_tag("ja"), None);
    assert_eq!(Lang::from_tag(""), None);
}

#[test]
fn the_loader_gets_the_names_from_the_rust_list() {
    // scripts/embed-loader.mjs writes NAMES into embed.js, read from this
    // declaration's text.
    let loader = include_str!("../../www/embed.js");
    assert!(loader.contains("var NAMES = __NAMES__;"), "embed.js takes its option names from the build");
    let source = include_str!("../../src/options.rs");
    let declaration = format!("pub const NAMES: [&str; {}] = [", NAMES.len());
    let start = source.find(&declaration).expect("the declaration embed-loader.mjs reads") + declaration.len();
    let list = &source[start..start + source[start..].find("];").unwrap()];
    let names: Vec<&str> =
        list.split(',').map(|name| name.trim().trim_matches('"')).filter(|n| !n.is_empty()).collect();
    assert_eq!(names, NAMES);
}
