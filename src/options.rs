//! The embed's options, read from an element's attributes (or `data-*`
//! attributes, or the object given to `ArticleWidget.mount`): the object is
//! deserialized into [`OptionValues`], and [`WidgetOptions::parse`] applies
//! each option's rules. Plain Rust, tested natively. A bad value, or one of
//! the wrong type, never breaks the widget: it falls back to the default and is
//! reported as a warning.

use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::ui_text::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetOptions {
    /// The feed URL; the one required option. Without it the widget shows
    /// its error state.
    pub feed: Option<String>,
    /// One article's id: the widget shows that article alone (a card, or
    /// the full view with `open="inline"`) instead of the list.
    pub article: Option<String>,
    pub limit: usize,
    pub layout: Layout,
    pub theme: Theme,
    /// The UI language; `None` follows the feed's `language`.
    pub lang: Option<Lang>,
    pub open: OpenMode,
    pub show: CardParts,
    /// Replaces the default heading ("最新信息" / "Latest").
    pub heading: Option<String>,
    /// A CSS colour, already checked to be only a colour.
    pub accent: Option<String>,
    pub loading: Loading,
    pub timezone: TimeZone,
    /// How long one attempt to fetch the feed may take, 1–60 s.
    pub timeout_seconds: u32,
    pub storage: StorageMode,
    /// Re-check the feed every this many seconds ([`MIN_REFRESH_SECONDS`]
    /// to [`MAX_REFRESH_SECONDS`]); `None`: never (the embed's default).
    pub refresh: Option<u32>,
    /// Only articles with one of these tags (as written; compared by
    /// `model::tag_key`). Empty: every article.
    pub tags: Vec<String>,
}

/// Whether the widget keeps a copy of the feed in the partner origin's
/// `localStorage` (for an instant repeat visit and offline readers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StorageMode {
    /// A copy of each feed, all copies together at most 1 MiB.
    #[default]
    Local,
    /// Nothing is read from or written to storage: for partners who must ask
    /// readers' consent before anything is stored.
    None,
}

/// Whose clock times are shown on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TimeZone {
    /// As the publisher wrote them: "19:41" for a Shanghai article, anywhere.
    #[default]
    Publisher,
    /// The reader's own time zone.
    Local,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    List,
    Grid,
    Compact,
    Headlines,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    /// Follows `prefers-color-scheme`, live.
    Auto,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OpenMode {
    /// The full article inside the widget, with a way back.
    #[default]
    Inline,
    /// Go to the item's `url`.
    Link,
    /// Open the item's `url` in a new tab.
    NewTab,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Loading {
    /// Fetch only when the widget comes near the viewport.
    #[default]
    Lazy,
    Eager,
}

/// Which parts of a card are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CardParts {
    pub image: bool,
    pub summary: bool,
    pub date: bool,
    pub source: bool,
    /// The article's tags, on the meta line. Off unless asked for.
    pub tags: bool,
}

impl Default for CardParts {
    fn default() -> Self {
        CardParts { image: true, summary: true, date: true, source: true, tags: false }
    }
}

impl CardParts {
    /// The standalone app's cards (and the CLI's pages of them): the
    /// embed's defaults and the tags, each a link to its page.
    pub const APP: CardParts = CardParts { image: true, summary: true, date: true, source: true, tags: true };

    /// Whether a card has its meta line (date, source, tags).
    pub fn meta(&self) -> bool {
        self.date || self.source || self.tags
    }
}

pub const DEFAULT_LIMIT: usize = 10;
pub const MAX_LIMIT: usize = 100;

/// The attribute names, in the order the README documents them: the one
/// list. `scripts/embed-loader.mjs` writes it into `embed.js` (the attributes
/// the loader reads and observes); the wasm reads these own properties of the
/// options object; [`OptionValues`] has a field for each (tested).
pub const NAMES: [&str; 16] = [
    "feed", "article", "limit", "layout", "theme", "lang", "open", "show", "heading", "accent", "loading", "timezone",
    "timeout", "storage", "refresh", "tags",
];

/// The most tags a widget filters by, and the longest tag, in bytes.
pub const MAX_TAGS: usize = 10;
pub const MAX_TAG_BYTES: usize = 200;

pub const DEFAULT_TIMEOUT_SECONDS: u32 = 10;

/// The shortest `refresh` period.
pub const MIN_REFRESH_SECONDS: u32 = 60;
/// The longest `refresh` period (a day).
pub const MAX_REFRESH_SECONDS: u32 = 86_400;
/// The standalone app's period when its page names none
/// (`<meta name="article-widget:refresh">`).
pub const APP_REFRESH_SECONDS: u32 = 300;

/// A `refresh` value: `off` or `0` is never (`Some(None)`), whole seconds
/// from [`MIN_REFRESH_SECONDS`] to [`MAX_REFRESH_SECONDS`] a period;
/// anything else is `None` (not a value it takes).
pub fn refresh_period(value: &str) -> Option<Option<u32>> {
    match value.parse::<u32>() {
        _ if value.eq_ignore_ascii_case("off") => Some(None),
        Ok(0) => Some(None),
        Ok(seconds) => (MIN_REFRESH_SECONDS..=MAX_REFRESH_SECONDS).contains(&seconds).then_some(Some(seconds)),
        Err(_) => None,
    }
}

/// The longest `article` id taken, in bytes.
pub const MAX_ARTICLE_ID: usize = 1024;

/// Options plus what was wrong with the values given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub options: WidgetOptions,
    pub warnings: Vec<String>,
}

/// The options object as `ArticleWidget.mount()` and `update()` take it (the
/// loader makes one from the element's attributes, all strings), one field
/// per name in [`NAMES`]. Unknown keys are ignored; a missing one is
/// [`OptionValue::Absent`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct OptionValues {
    pub feed: OptionValue,
    pub article: OptionValue,
    pub limit: OptionValue,
    pub layout: OptionValue,
    pub theme: OptionValue,
    pub lang: OptionValue,
    pub open: OptionValue,
    pub show: OptionValue,
    pub heading: OptionValue,
    pub accent: OptionValue,
    pub loading: OptionValue,
    pub timezone: OptionValue,
    pub timeout: OptionValue,
    pub storage: OptionValue,
    pub refresh: OptionValue,
    pub tags: OptionValue,
}

impl OptionValues {
    /// The values in the order of [`NAMES`]: how the wasm reads the options
    /// object (each own property by its name), without the derived
    /// deserializer's matching of field names, which costs the embed bytes.
    pub fn from_list(values: [OptionValue; NAMES.len()]) -> OptionValues {
        let [feed, article, limit, layout, theme, lang, open, show, heading, accent, loading, timezone, timeout, storage, refresh, tags] =
            values;
        OptionValues {
            feed,
            article,
            limit,
            layout,
            theme,
            lang,
            open,
            show,
            heading,
            accent,
            loading,
            timezone,
            timeout,
            storage,
            refresh,
            tags,
        }
    }
}

/// One option's value as given, before the option's own rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum OptionValue {
    /// Not given (or `undefined`).
    #[default]
    Absent,
    /// `null`: no value, except that `storage: null` refuses storage.
    Null,
    /// A string; a whole number, written as JavaScript writes it; a list's
    /// string elements joined with commas, as an attribute would list them.
    Text(String),
    /// `false` refuses storage; otherwise a boolean is of the wrong type.
    Bool(bool),
    /// Of no type an option takes (an object, a fractional number).
    Other,
}

impl<'de> Deserialize<'de> for OptionValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Leniency per option: a value of the wrong type costs that option
        // (its default, with a warning), never the others.
        Ok(deserializer.deserialize_any(ValueVisitor).unwrap_or(OptionValue::Other))
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = OptionValue;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an option value")
    }
    fn visit_str<E>(self, value: &str) -> Result<OptionValue, E> {
        Ok(OptionValue::Text(value.to_owned()))
    }
    fn visit_string<E>(self, value: String) -> Result<OptionValue, E> {
        Ok(OptionValue::Text(value))
    }
    fn visit_i64<E>(self, value: i64) -> Result<OptionValue, E> {
        Ok(OptionValue::Text(value.to_string()))
    }
    fn visit_u64<E>(self, value: u64) -> Result<OptionValue, E> {
        Ok(OptionValue::Text(value.to_string()))
    }
    fn visit_f64<E>(self, _: f64) -> Result<OptionValue, E> {
        // Not written out: Rust's float printing would cost the wasm bytes,
        // and no option takes a fraction.
        Ok(OptionValue::Other)
    }
    fn visit_bool<E>(self, value: bool) -> Result<OptionValue, E> {
        Ok(OptionValue::Bool(value))
    }
    fn visit_unit<E>(self) -> Result<OptionValue, E> {
        Ok(OptionValue::Null)
    }
    fn visit_none<E>(self) -> Result<OptionValue, E> {
        Ok(OptionValue::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut list: A) -> Result<OptionValue, A::Error> {
        let mut parts = Vec::new();
        while let Some(ListElement(part)) = list.next_element()? {
            parts.extend(part);
        }
        Ok(OptionValue::Text(parts.join(",")))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OptionValue, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(OptionValue::Other)
    }
}

/// A list's element: its text if it is a string; anything else is skipped.
struct ListElement(Option<String>);

impl<'de> Deserialize<'de> for ListElement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Element;
        impl<'de> Visitor<'de> for Element {
            type Value = ListElement;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a list element")
            }
            fn visit_str<E>(self, value: &str) -> Result<ListElement, E> {
                Ok(ListElement(Some(value.to_owned())))
            }
            fn visit_string<E>(self, value: String) -> Result<ListElement, E> {
                Ok(ListElement(Some(value)))
            }
            fn visit_i64<E>(self, _: i64) -> Result<ListElement, E> {
                Ok(ListElement(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<ListElement, E> {
                Ok(ListElement(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<ListElement, E> {
                Ok(ListElement(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<ListElement, E> {
                Ok(ListElement(None))
            }
            fn visit_unit<E>(self) -> Result<ListElement, E> {
                Ok(ListElement(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut list: A) -> Result<ListElement, A::Error> {
                while list.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ListElement(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListElement, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ListElement(None))
            }
        }
        deserializer.deserialize_any(Element)
    }
}

/// Turns given values into text, noting what was of the wrong type.
struct Reader {
    warnings: Vec<String>,
}

impl Reader {
    /// The value as text, trimmed; `None` when absent, empty or of the wrong
    /// type (with a warning).
    fn text(&mut self, name: &str, value: OptionValue) -> Option<String> {
        match value {
            OptionValue::Text(text) => Some(text.trim().to_owned()).filter(|text| !text.is_empty()),
            OptionValue::Absent | OptionValue::Null => None,
            OptionValue::Bool(_) | OptionValue::Other => {
                self.warnings.push(format!("ignored {name}: not a string, a whole number or a list"));
                None
            }
        }
    }

    /// The value, lowercased, if `accept` takes it; else `None`, with a warning.
    fn choose(&mut self, name: &str, value: OptionValue, accept: &dyn Fn(&str) -> bool) -> Option<String> {
        let raw = self.text(name, value)?;
        if accept(&raw.to_ascii_lowercase()) {
            Some(raw.to_ascii_lowercase())
        } else {
            self.warnings.push(format!("ignored {name}=\"{raw}\""));
            None
        }
    }
}

impl WidgetOptions {
    /// Applies each option's rules to the values given.
    pub fn parse(given: OptionValues) -> Parsed {
        let OptionValues {
            feed,
            article,
            limit,
            layout,
            theme,
            lang,
            open,
            show,
            heading,
            accent,
            loading,
            timezone,
            timeout,
            storage,
            refresh,
            tags,
        } = given;
        let mut read = Reader { warnings: Vec::new() };
        let feed = read.text("feed", feed);
        if feed.is_none() {
            read.warnings.push("the `feed` attribute is missing".to_owned());
        }

        // Any id a feed may use (CJK, spaces, slashes): compared as given and
        // percent-encoded into the feed's `item_url_template`; a value longer
        // than any id is refused.
        let article = match read.text("article", article) {
            Some(id) if id.len() > MAX_ARTICLE_ID => {
                read.warnings.push("ignored article: longer than 1024 bytes".to_owned());
                None
            }
            id => id,
        };

        let limit = read
            .choose("limit", limit, &|v| v.parse::<usize>().is_ok_and(|n| (1..=MAX_LIMIT).contains(&n)))
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_LIMIT);
        let layout =
            match read.choose("layout", layout, &|v| matches!(v, "list" | "grid" | "compact" | "headlines")).as_deref()
            {
                Some("grid") => Layout::Grid,
                Some("compact") => Layout::Compact,
                Some("headlines") => Layout::Headlines,
                _ => Layout::List,
            };
        let theme = match read.choose("theme", theme, &|v| matches!(v, "light" | "dark" | "auto")).as_deref() {
            Some("dark") => Theme::Dark,
            Some("auto") => Theme::Auto,
            _ => Theme::Light,
        };
        let lang = read.choose("lang", lang, &|v| Lang::from_tag(v).is_some()).and_then(|v| Lang::from_tag(&v));
        let open = match read.choose("open", open, &|v| matches!(v, "inline" | "link" | "new-tab")).as_deref() {
            Some("link") => OpenMode::Link,
            Some("new-tab") => OpenMode::NewTab,
            _ => OpenMode::Inline,
        };
        let show =
            read.choose("show", show, &|v| parse_parts(v).is_some()).and_then(|v| parse_parts(&v)).unwrap_or_default();
        let loading = match read.choose("loading", loading, &|v| matches!(v, "lazy" | "eager")).as_deref() {
            Some("eager") => Loading::Eager,
            _ => Loading::Lazy,
        };
        let timezone = match read.choose("timezone", timezone, &|v| matches!(v, "publisher" | "local")).as_deref() {
            Some("local") => TimeZone::Local,
            _ => TimeZone::Publisher,
        };
        let timeout_seconds = read
            .choose("timeout", timeout, &|v| v.parse::<u32>().is_ok_and(|n| (1..=60).contains(&n)))
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_TIMEOUT_SECONDS);
        // Fails closed: the partner may be honouring a reader's refusal of
        // storage, so any value but `local` (`off`, `false`, a typo) is `none`.
        let storage = match storage {
            OptionValue::Absent => StorageMode::Local,
            // `storage: false` (or null) is a refusal, not a missing option.
            OptionValue::Null | OptionValue::Bool(false) => StorageMode::None,
            OptionValue::Text(text) => match text.trim().to_ascii_lowercase() {
                v if v == "local" => StorageMode::Local,
                v => {
                    if v != "none" {
                        read.warnings.push(format!("storage=\"{v}\" taken as storage=\"none\""));
                    }
                    StorageMode::None
                }
            },
            OptionValue::Bool(true) | OptionValue::Other => {
                read.warnings.push("storage: not a string, taken as storage=\"none\"".to_owned());
                StorageMode::None
            }
        };
        // Less than a minute would be a partner's server's load, not news:
        // refused like any value out of range.
        let refresh = read
            .choose("refresh", refresh, &|v| refresh_period(v).is_some())
            .and_then(|v| refresh_period(&v).flatten());
        let accent = match read.text("accent", accent) {
            Some(accent) if is_css_colour(&accent) => Some(accent),
            Some(accent) => {
                read.warnings.push(format!("ignored accent=\"{accent}\""));
                None
            }
            None => None,
        };
        let heading = read.text("heading", heading);
        // Commas (ASCII or full-width) part the tags, as a list's elements
        // arrive joined by commas; a tag may hold spaces, CJK and slashes.
        let list = read.text("tags", tags).unwrap_or_default();
        let mut tags = Vec::new();
        for tag in list.split([',', '，']).map(str::trim) {
            if tag.len() > MAX_TAG_BYTES || tags.len() == MAX_TAGS {
                read.warnings.push(format!("ignored tag \"{tag}\": longer than 200 bytes, or past the tenth"));
            } else if !tag.is_empty() {
                tags.push(tag.to_owned());
            }
        }

        Parsed {
            options: WidgetOptions {
                feed,
                article,
                limit,
                layout,
                theme,
                lang,
                open,
                show,
                heading,
                accent,
                loading,
                timezone,
                timeout_seconds,
                storage,
                refresh,
                tags,
            },
            warnings: read.warnings,
        }
    }
}

/// `"image,summary"` (commas or spaces) → those parts only; `"none"` → none.
fn parse_parts(list: &str) -> Option<CardParts> {
    let mut parts = CardParts { image: false, summary: false, date: false, source: false, tags: false };
    for part in list.split([',', ' ']).filter(|p| !p.is_empty()) {
        match part {
            "image" => parts.image = true,
            "summary" => parts.summary = true,
            "date" => parts.date = true,
            "source" => parts.source = true,
            "tags" => parts.tags = true,
            "none" => {}
            _ => return None,
        }
    }
    Some(parts)
}

/// A value that can only be a colour in a `style` attribute: a hex colour, a
/// colour name, or a colour function, with nothing that could end the
/// declaration or load a resource.
fn is_css_colour(value: &str) -> bool {
    let allowed =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '#' | '(' | ')' | ',' | '.' | '%' | ' ' | '/' | '-' | '+');
    value.len() <= 64
        && value.chars().all(allowed)
        && !crate::model::contains(&value.to_ascii_lowercase(), "url")
        && !crate::model::contains(&value.to_ascii_lowercase(), "var")
}
