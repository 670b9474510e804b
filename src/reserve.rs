//! The embedded widget's height, known before any of it loads: the one rule.
//!
//! Every part of the widget's box has a fixed height in `em` (the heading is
//! one line, each card a fixed box with clamped lines and a fixed thumbnail,
//! the footer one row), so its height follows from the options alone:
//! `limit`, `layout` and `show` (the heading is always one line, the grid
//! always two columns). The rule is written as CSS over custom properties,
//! twice from the same text: `embed_css` for the partner's page (the element
//! before and after it is defined, its inputs mapped from its attributes;
//! written to `www/embed.css`, checked by a native test) and `shadow_css`
//! inside the shadow root, where the inputs (`--aw-r-n`, `-n2`, `-s`, `-m`,
//! `-i`) are inherited from the element and the layout's constants follow
//! the parsed layout. Without `embed.css` the inputs are missing, the rule
//! does not apply and the widget takes its natural height. Plain `std`, so
//! `build.rs` includes it too.

/// One layout's fixed heights, in the widget's `em`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    pub name: &'static str,
    /// A card's vertical padding, both sides.
    pub pad: f64,
    /// The title's lines.
    pub title: f64,
    /// The summary with the gap above it (0: the layout shows none).
    pub summary: f64,
    /// The date and source line with the gap above it.
    pub meta: f64,
    /// A thumbnail beside the text (its height).
    pub side_thumb: f64,
    /// A thumbnail above the text, with the gap below it.
    pub top_thumb: f64,
    /// Cards per row.
    pub columns: usize,
    /// The gap between rows of cards.
    pub row_gap: f64,
}

/// Title lines at 1.45 line height, summary and meta lines at 1.6, as
/// `www/widget.css` sets them (font sizes 1.05/0.98/0.95, 0.92, 0.82 em).
pub const LAYOUTS: [Metrics; 4] = [
    Metrics {
        name: "list",
        pad: 1.8,
        title: 2.0 * 1.05 * 1.45,
        summary: 0.25 + 2.0 * 0.92 * 1.6,
        meta: 0.25 + 0.82 * 1.6,
        side_thumb: 8.5 * 9.0 / 16.0,
        top_thumb: 0.0,
        columns: 1,
        row_gap: 0.0,
    },
    Metrics {
        name: "grid",
        pad: 0.0,
        title: 2.0 * 1.05 * 1.45,
        summary: 0.25 + 2.0 * 0.92 * 1.6,
        meta: 0.25 + 0.82 * 1.6,
        side_thumb: 0.0,
        top_thumb: 7.0 + 0.25,
        columns: 2,
        row_gap: 1.0,
    },
    Metrics {
        name: "compact",
        pad: 1.0,
        title: 2.0 * 0.98 * 1.45,
        summary: 0.25 + 0.92 * 1.6,
        meta: 0.25 + 0.82 * 1.6,
        side_thumb: 5.0 * 9.0 / 16.0,
        top_thumb: 0.0,
        columns: 1,
        row_gap: 0.0,
    },
    Metrics {
        name: "headlines",
        pad: 0.8,
        title: 0.95 * 1.45,
        summary: 0.0,
        meta: 0.25 + 0.82 * 1.6,
        side_thumb: 0.0,
        top_thumb: 0.0,
        columns: 1,
        row_gap: 0.0,
    },
];

/// What surrounds the cards, in `em`: the widget's padding (1 + 1), the
/// heading (1.25 em text: 1.4 line, 0.5 padding, 0.5 margin) and the footer
/// row ("Load more", notes, later a new-articles banner).
pub const FRAME_EM: f64 = 2.0 + 1.25 * (1.4 + 0.5 + 0.5) + FOOT_EM;
/// The footer row's height.
pub const FOOT_EM: f64 = 3.25;
/// The widget's border (1 + 1) and the heading's rule (2).
pub const FRAME_PX: f64 = 4.0;

/// Which card parts the `show` option keeps, as far as heights go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts {
    pub image: bool,
    pub summary: bool,
    /// The date or the source.
    pub meta: bool,
}

/// The height one card is given, in `em`.
pub fn card_em(layout: &Metrics, parts: Parts) -> f64 {
    let (image, summary, meta) = (flag(parts.image), flag(parts.summary), flag(parts.meta));
    let text = layout.title + summary * layout.summary + meta * layout.meta;
    layout.pad + text.max(image * layout.side_thumb) + image * layout.top_thumb
}

/// The widget's reserved height as `(em, px)`, for `limit` cards: what
/// `embed_css` and `shadow_css` compute in the browser.
pub fn reserved(layout: &Metrics, parts: Parts, limit: usize) -> (f64, f64) {
    let rows = limit.div_ceil(layout.columns) as f64;
    let cards = rows * card_em(layout, parts) + (rows - 1.0) * layout.row_gap;
    (FRAME_EM + cards, FRAME_PX)
}

fn flag(on: bool) -> f64 {
    if on {
        1.0
    } else {
        0.0
    }
}

/// One layout's constants as declarations.
fn constants(layout: &Metrics) -> String {
    format!(
        "--aw-r-p:{};--aw-r-t:{};--aw-r-sb:{};--aw-r-mb:{};--aw-r-ts:{};--aw-r-ta:{};--aw-r-rows:var({});--aw-r-g:{}",
        num(layout.pad),
        num(layout.title),
        num(layout.summary),
        num(layout.meta),
        num(layout.side_thumb),
        num(layout.top_thumb),
        if layout.columns == 2 { "--aw-r-n2" } else { "--aw-r-n" },
        num(layout.row_gap),
    )
}

/// The rule itself, over the inputs and a layout's constants; `--aw-r-u` is
/// the widget's `em`.
fn formula() -> String {
    format!(
        "--aw-r-card:calc(var(--aw-r-p) + max(var(--aw-r-t) + var(--aw-r-s) * var(--aw-r-sb) + var(--aw-r-m) * \
         var(--aw-r-mb), var(--aw-r-i) * var(--aw-r-ts)) + var(--aw-r-i) * var(--aw-r-ta));\
         --aw-r-h:calc(({} + var(--aw-r-rows) * var(--aw-r-card) + (var(--aw-r-rows) - 1) * var(--aw-r-g)) * \
         var(--aw-r-u) + {}px);min-height:var(--aw-r-h)",
        num(FRAME_EM),
        num(FRAME_PX)
    )
}

/// CSS numbers: at most four decimals, no trailing zeros.
fn num(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Attribute selectors for one option on both element forms, scoped to the
/// widget's elements so that no other element of the partner's page matches.
/// When an element carries both forms the later rule wins here while the
/// loader takes the plain attribute: the wasm then sets the inputs from the
/// options it parsed (`embed::widget`), so the cards still fit.
fn on_attr(name: &str, test: &str) -> String {
    format!("{WIDGET}:is([data-{name}{test}],[{name}{test}])")
}

/// Both forms of the widget's element.
const WIDGET: &str = ":is(article-widget,[data-article-widget])";

/// `www/embed.css`: the partner page's reservation, for `<article-widget>`
/// and `[data-article-widget]`, before and after the element is defined.
pub fn embed_css() -> String {
    let mut css = String::from(
        "/* article-widget embed.css: reserves each widget's height before it loads (no layout shift). \
         Written by src/reserve.rs; do not edit. */\n",
    );
    css += &format!(
        "article-widget,[data-article-widget]{{display:block;--aw-r-u:var(--aw-font-size,16px);\
         --aw-r-n:10;--aw-r-n2:5;--aw-r-s:1;--aw-r-m:1;--aw-r-i:1;{};{}}}\n",
        constants(&LAYOUTS[0]),
        formula()
    );
    // Without JavaScript, or once the loader has given up on a widget
    // (`data-aw-off`), only the fallback content is left: no empty box.
    css += &format!("@media (scripting:none){{{WIDGET}{{min-height:0}}}}\n{WIDGET}[data-aw-off]{{min-height:0}}\n");
    css += &format!("{}{{--aw-r-s:0;--aw-r-m:0;--aw-r-i:0}}\n", on_attr("show", ""));
    css += &format!("{}{{--aw-r-s:1}}\n", on_attr("show", "*=summary i"));
    css += &format!(
        "{},{},{}{{--aw-r-m:1}}\n",
        on_attr("show", "*=date i"),
        on_attr("show", "*=source i"),
        on_attr("show", "*=tags i")
    );
    css += &format!("{}{{--aw-r-i:1}}\n", on_attr("show", "*=image i"));
    for layout in &LAYOUTS[1..] {
        css += &format!("{}{{{}}}\n", on_attr("layout", &format!("={} i", layout.name)), constants(layout));
    }
    for n in 1..=MAX_LIMIT {
        css += &format!("{}{{--aw-r-n:{n};--aw-r-n2:{}}}\n", on_attr("limit", &format!("=\"{n}\"")), n.div_ceil(2));
    }
    // One article shown as a card (`article` with `open` a link): one card,
    // whatever `limit` says. Shown whole (`open="inline"`), it keeps the box
    // of `limit` cards.
    css += &format!(
        "{}:is([data-open=link i],[open=link i],[data-open=new-tab i],[open=new-tab i]){{--aw-r-n:1;--aw-r-n2:1}}\n",
        on_attr("article", "")
    );
    css
}

/// The same rule inside the shadow root, on the widget's root (`data-layout`
/// is the parsed layout; the inputs come from `inputs`).
pub fn shadow_css() -> String {
    let mut css = format!(".aw-widget{{--aw-r-u:1em;{};{}}}", constants(&LAYOUTS[0]), formula());
    for layout in &LAYOUTS[1..] {
        css += &format!(".aw-widget[data-layout=\"{}\"]{{{}}}", layout.name, constants(layout));
    }
    css
}

/// `options::MAX_LIMIT`, which `build.rs` cannot name (tested equal).
pub const MAX_LIMIT: usize = 100;
