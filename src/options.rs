//! The embed's options, read from an element's attributes (or `data-*`
//! attributes, or the object given to `ArticleWidget.mount`). Plain Rust,
//! tested natively. A bad value never breaks the widget: it falls back to the
//! default and is reported as a warning.

use crate::ui_text::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetOptions {
    /// The feed URL; the one required option. Without it the widget shows
    /// its error state.
    pub feed: Option<String>,
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
}

impl Default for CardParts {
    fn default() -> Self {
        CardParts { image: true, summary: true, date: true, source: true }
    }
}

pub const DEFAULT_LIMIT: usize = 10;
pub const MAX_LIMIT: usize = 100;

/// The attribute names, in the order the README documents them.
pub const NAMES: [&str; 13] = [
    "feed", "limit", "layout", "theme", "lang", "open", "show", "heading", "accent", "loading", "timezone", "timeout",
    "storage",
];

pub const DEFAULT_TIMEOUT_SECONDS: u32 = 10;

/// Options plus what was wrong with the values given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub options: WidgetOptions,
    pub warnings: Vec<String>,
}

impl WidgetOptions {
    /// Reads options through `get`, which answers an option's value by name.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Parsed {
        let value = |name: &str| get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let mut warnings = Vec::new();
        let feed = value("feed");
        if feed.is_none() {
            warnings.push("the `feed` attribute is missing".to_owned());
        }
        let mut choose = |name: &str, parse: &dyn Fn(&str) -> bool| -> Option<String> {
            let raw = value(name)?;
            if parse(&raw.to_ascii_lowercase()) {
                Some(raw.to_ascii_lowercase())
            } else {
                warnings.push(format!("ignored {name}=\"{raw}\""));
                None
            }
        };

        let limit = choose("limit", &|v| v.parse::<usize>().is_ok_and(|n| (1..=MAX_LIMIT).contains(&n)))
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_LIMIT);
        let layout = match choose("layout", &|v| matches!(v, "list" | "grid" | "compact" | "headlines")).as_deref() {
            Some("grid") => Layout::Grid,
            Some("compact") => Layout::Compact,
            Some("headlines") => Layout::Headlines,
            _ => Layout::List,
        };
        let theme = match choose("theme", &|v| matches!(v, "light" | "dark" | "auto")).as_deref() {
            Some("dark") => Theme::Dark,
            Some("auto") => Theme::Auto,
            _ => Theme::Light,
        };
        let lang = choose("lang", &|v| Lang::from_tag(v).is_some()).and_then(|v| Lang::from_tag(&v));
        let open = match choose("open", &|v| matches!(v, "inline" | "link" | "new-tab")).as_deref() {
            Some("link") => OpenMode::Link,
            Some("new-tab") => OpenMode::NewTab,
            _ => OpenMode::Inline,
        };
        let show = choose("show", &|v| parse_parts(v).is_some()).and_then(|v| parse_parts(&v)).unwrap_or_default();
        let loading = match choose("loading", &|v| matches!(v, "lazy" | "eager")).as_deref() {
            Some("eager") => Loading::Eager,
            _ => Loading::Lazy,
        };
        let timezone = match choose("timezone", &|v| matches!(v, "publisher" | "local")).as_deref() {
            Some("local") => TimeZone::Local,
            _ => TimeZone::Publisher,
        };
        let timeout_seconds = choose("timeout", &|v| v.parse::<u32>().is_ok_and(|n| (1..=60).contains(&n)))
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_TIMEOUT_SECONDS);
        // Fails closed: the partner may be honouring a reader's refusal of
        // storage, so any value but `local` (`off`, `false`, a typo) is `none`.
        let storage = match get("storage").map(|v| v.trim().to_ascii_lowercase()) {
            None => StorageMode::Local,
            Some(v) if v == "local" => StorageMode::Local,
            Some(v) => {
                if v != "none" {
                    warnings.push(format!("storage=\"{v}\" taken as storage=\"none\""));
                }
                StorageMode::None
            }
        };
        let accent = match value("accent") {
            Some(accent) if is_css_colour(&accent) => Some(accent),
            Some(accent) => {
                warnings.push(format!("ignored accent=\"{accent}\""));
                None
            }
            None => None,
        };

        Parsed {
            options: WidgetOptions {
                feed,
                limit,
                layout,
                theme,
                lang,
                open,
                show,
                heading: value("heading"),
                accent,
                loading,
                timezone,
                timeout_seconds,
                storage,
            },
            warnings,
        }
    }
}

/// `"image,summary"` (commas or spaces) → those parts only; `"none"` → none.
fn parse_parts(list: &str) -> Option<CardParts> {
    let mut parts = CardParts { image: false, summary: false, date: false, source: false };
    for part in list.split([',', ' ']).filter(|p| !p.is_empty()) {
        match part {
            "image" => parts.image = true,
            "summary" => parts.summary = true,
            "date" => parts.date = true,
            "source" => parts.source = true,
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
