//! Embed options from attributes: defaults, every value, and bad values
//! falling back with a warning instead of breaking the widget. The options
//! object is read through serde (here from JSON, in the wasm with
//! serde-wasm-bindgen), so values of the wrong type are tested here too.

use article_widget::options::*;
use article_widget::ui_text::Lang;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::{json, Value};

/// Attributes as the loader passes them: an object of strings.
fn parse(attributes: &[(&str, &str)]) -> Parsed {
    parse_json(Value::Object(attributes.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect()))
}

/// An options object as a `mount()` caller may write it.
fn parse_json(object: Value) -> Parsed {
    WidgetOptions::parse(OptionValues::deserialize(object).expect("every object reads"))
}

#[test]
fn defaults() {
    let parsed = parse(&[("feed", "https://news.example/feed.json")]);
    assert!(parsed.warnings.is_empty());
    assert_eq!(
        parsed.options,
        WidgetOptions {
            feed: Some("https://news.example/feed.json".into()),
            article: None,
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
            refresh: None,
            tags: Vec::new(),
        }
    );
}

#[test]
fn every_option_read() {
    let parsed = parse(&[
        ("feed", " /feed.json "),
        ("article", " 2026-12-03-上海 "),
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
        ("refresh", "120"),
    ]);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let o = parsed.options;
    assert_eq!(o.feed.as_deref(), Some("/feed.json"));
    assert_eq!(o.article.as_deref(), Some("2026-12-03-上海"));
    assert_eq!(o.limit, 5);
    assert_eq!(o.layout, Layout::Grid);
    assert_eq!(o.theme, Theme::Auto);
    assert_eq!(o.lang, Some(Lang::En));
    assert_eq!(o.open, OpenMode::NewTab);
    assert_eq!(o.show, CardParts { image: true, summary: false, date: true, source: false, tags: false });
    assert_eq!(o.heading.as_deref(), Some("头条"));
    assert_eq!(o.accent.as_deref(), Some("#0a7"));
    assert_eq!(o.loading, Loading::Eager);
    assert_eq!(o.timezone, TimeZone::Local);
    assert_eq!(o.timeout_seconds, 3);
    assert_eq!(o.storage, StorageMode::None);
    assert_eq!(o.refresh, Some(120));
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
    for (tag, lang) in [
        ("zh-CN", Lang::ZhCn),
        ("zh-Hans", Lang::ZhCn),
        ("ZH", Lang::ZhCn),
        ("zh-SG", Lang::ZhCn),
        ("zh-TW", Lang::ZhHant),
        ("zh-HK", Lang::ZhHant),
        ("zh_mo", Lang::ZhHant),
        ("zh-Hant", Lang::ZhHant),
        ("zh-Hant-CN", Lang::ZhHant),
        ("zh-Hans-HK", Lang::ZhCn),
        ("zh-hant-tw", Lang::ZhHant),
        ("en", Lang::En),
        ("en_US", Lang::En),
    ] {
        assert_eq!(Lang::from_tag(tag), Some(lang), "{tag}");
    }
    assert_eq!(Lang::from_tag("ja"), None);
    assert_eq!(Lang::from_tag(""), None);
}

#[test]
fn values_of_other_types_from_mount() {
    // Whole numbers and lists are what an attribute would say.
    let parsed = parse_json(json!({
        "feed": "/f", "limit": 5, "timeout": 3, "show": ["image", 3, ["date"], {"x": "summary"}, "source"],
        "heading": null,
    }));
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.options.limit, 5);
    assert_eq!(parsed.options.timeout_seconds, 3);
    assert_eq!(parsed.options.show, CardParts { image: true, summary: false, date: false, source: true, tags: false });
    assert_eq!(parsed.options.heading, None);
    // A value of the wrong type costs its own option, with a warning, never the others.
    let parsed = parse_json(json!({
        "feed": "/f", "limit": true, "layout": {"grid": true}, "theme": 2.5, "heading": false, "lang": "en",
        "accent": [], "open": "link",
    }));
    assert_eq!(
        parsed.warnings,
        [
            "ignored limit: not a string, a whole number or a list",
            "ignored layout: not a string, a whole number or a list",
            "ignored theme: not a string, a whole number or a list",
            "ignored heading: not a string, a whole number or a list",
        ]
    );
    let o = parsed.options;
    assert_eq!(
        (o.limit, o.layout, o.theme, o.heading, o.accent),
        (DEFAULT_LIMIT, Layout::List, Theme::Light, None, None)
    );
    assert_eq!((o.feed.as_deref(), o.lang, o.open), (Some("/f"), Some(Lang::En), OpenMode::Link));
    assert_eq!(parse_json(json!({"feed": "/f", "limit": 2.0})).options.limit, DEFAULT_LIMIT);
    // Nothing given: every option's default.
    assert_eq!(parse_json(json!({})).options, WidgetOptions::parse(OptionValues::default()).options);
}

#[test]
fn storage_false_or_null_refuses_and_other_types_fail_closed() {
    let storage = |value: Value| {
        let parsed = parse_json(json!({"feed": "/f", "storage": value}));
        (parsed.options.storage, parsed.warnings.len())
    };
    assert_eq!(storage(json!(false)), (StorageMode::None, 0));
    assert_eq!(storage(json!(null)), (StorageMode::None, 0));
    assert_eq!(storage(json!(true)), (StorageMode::None, 1));
    assert_eq!(storage(json!({"local": true})), (StorageMode::None, 1));
    assert_eq!(storage(json!(["local"])), (StorageMode::Local, 0));
    assert_eq!(parse_json(json!({"feed": "/f"})).options.storage, StorageMode::Local);
}

/// The field names a derived struct asks a deserializer for.
struct FieldNames;

impl<'de> Deserializer<'de> for FieldNames {
    type Error = de::value::Error;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom(fields.join(" ")))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[test]
fn every_name_is_an_option_and_the_loader_gets_them_from_the_rust_list() {
    // The wasm reads the options object's own properties named in NAMES into
    // OptionValues: each name must be a field, and each field a name.
    let fields = OptionValues::deserialize(FieldNames).unwrap_err().to_string();
    assert_eq!(fields, NAMES.join(" "));
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

#[test]
fn refresh_is_off_by_default_and_kept_within_a_minute_and_a_day() {
    let refresh = |value: &str| {
        let parsed = parse(&[("feed", "/f"), ("refresh", value)]);
        (parsed.options.refresh, parsed.warnings.len())
    };
    assert_eq!(parse(&[("feed", "/f")]).options.refresh, None);
    let rows: [(&str, Option<u32>, usize); 11] = [
        ("300", Some(300), 0),
        (" 60 ", Some(MIN_REFRESH_SECONDS), 0),
        ("86400", Some(MAX_REFRESH_SECONDS), 0),
        ("off", None, 0),
        ("OFF", None, 0),
        ("0", None, 0),
        ("", None, 0),
        // Too often for a partner's server, or longer than a day: refused.
        ("59", None, 1),
        ("86401", None, 1),
        ("5m", None, 1),
        ("-60", None, 1),
    ];
    for (value, period, warnings) in rows {
        assert_eq!(refresh(value), (period, warnings), "refresh={value:?}");
    }
    // A number from mount(), as JavaScript gives it.
    assert_eq!(parse_json(json!({"feed": "/f", "refresh": 120})).options.refresh, Some(120));
    assert_eq!(parse_json(json!({"feed": "/f", "refresh": 1.5})).warnings.len(), 1);
    // The app's meta tag reads the same way.
    assert_eq!(refresh_period("300"), Some(Some(300)));
    assert_eq!(refresh_period("off"), Some(None));
    assert_eq!(refresh_period("30"), None);
    assert_eq!(refresh_period("soon"), None);
    assert_eq!(APP_REFRESH_SECONDS, 300);
}

/// `article`: any id a feed may use, taken as given (trimmed, as every text
/// option); one longer than any id, or not text, is ignored with a warning
/// and the widget shows its list.
#[test]
fn article_takes_any_id_and_refuses_what_cannot_be_one() {
    let article = |value: Value| {
        let parsed = parse_json(json!({ "feed": "/f.json", "article": value }));
        (parsed.options.article, parsed.warnings.len())
    };
    for id in ["42", "上海 新闻", "a/b?c#d", "../../etc", "<img src=x onerror=alert(1)>", "ß.Ω~_-"] {
        assert_eq!(article(json!(id)), (Some(id.to_owned()), 0), "{id}");
    }
    assert_eq!(article(json!(42)), (Some("42".to_owned()), 0), "a number, as JavaScript writes it");
    assert_eq!(article(json!("")), (None, 0));
    assert_eq!(article(json!("   ")), (None, 0));
    assert_eq!(article(Value::Null), (None, 0));
    assert_eq!(article(json!({ "id": "x" })), (None, 1));
    assert_eq!(article(json!(true)), (None, 1));
    assert_eq!(article(json!("字".repeat(341))), (Some("字".repeat(341)), 0), "1,023 bytes");
    assert_eq!(article(json!("x".repeat(MAX_ARTICLE_ID + 1))), (None, 1));
    // The attribute form reads the same.
    let parsed = parse(&[("feed", "/f.json"), ("data-ignored", "1"), ("article", "a b")]);
    assert_eq!(parsed.options.article.as_deref(), Some("a b"));
}

/// The wasm reads the options object name by name into `from_list`, in the
/// order of NAMES: each place is the option of that name.
#[test]
fn from_list_takes_the_options_in_the_order_of_names() {
    for (at, name) in NAMES.iter().enumerate() {
        let mut list: [OptionValue; NAMES.len()] = Default::default();
        list[at] = OptionValue::Text("v".into());
        let object = Value::Object([((*name).to_owned(), json!("v"))].into_iter().collect());
        assert_eq!(OptionValues::from_list(list), OptionValues::deserialize(object).unwrap(), "{name}");
    }
}

#[test]
fn tags_are_a_list_parted_by_commas() {
    let tags = |value: &str| parse(&[("feed", "/f"), ("tags", value)]);
    assert_eq!(tags("经济, Shanghai Metro ,AC/DC").options.tags, ["经济", "Shanghai Metro", "AC/DC"]);
    assert_eq!(tags("经济，科技").options.tags, ["经济", "科技"]);
    assert_eq!(tags(" , ").options.tags, Vec::<String>::new());
    let many = tags(&(0..12).map(|n| format!("t{n}")).collect::<Vec<_>>().join(","));
    assert_eq!(many.options.tags.len(), 10);
    // One warning for each tag left out, naming it.
    assert_eq!(many.warnings.len(), 2);
    assert!(many.warnings[1].contains("\"t11\""), "{:?}", many.warnings);
    let long = tags(&format!("ok,{}", "长".repeat(70)));
    assert_eq!(long.options.tags, ["ok"]);
    assert_eq!(long.warnings.len(), 1);
    assert!(tags("a").warnings.is_empty());
    assert!(parse(&[("feed", "/f"), ("show", "date,tags")]).options.show.tags);
    // From mount(): a list.
    let listed = parse_json(json!({"feed": "/f", "tags": ["上海 地铁", 3, "News"]}));
    assert_eq!(listed.options.tags, ["上海 地铁", "News"]);
}
