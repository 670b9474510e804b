//! The reserved height (`src/reserve.rs`): the rule's numbers, and the CSS
//! the build ships from it (`www/embed.css`, and the shadow root's copy).

use article_widget::options::MAX_LIMIT;
use article_widget::reserve::{self, card_em, embed_css, reserved, shadow_css, Parts, LAYOUTS};

const ALL: Parts = Parts { image: true, summary: true, meta: true };

/// `www/embed.css` is what `reserve::embed_css` writes; run with
/// `UPDATE_EMBED_CSS=1` after changing the rule.
#[test]
fn embed_css_is_written_by_the_rule() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/embed.css");
    if std::env::var_os("UPDATE_EMBED_CSS").is_some() {
        std::fs::write(path, embed_css()).unwrap();
    }
    let shipped = std::fs::read_to_string(path).unwrap();
    assert!(shipped == embed_css(), "www/embed.css is stale: UPDATE_EMBED_CSS=1 cargo test --test native reserve");
}

#[test]
fn every_limit_has_its_rule_on_both_element_forms() {
    assert_eq!(reserve::MAX_LIMIT, MAX_LIMIT);
    let css = embed_css();
    for n in 1..=MAX_LIMIT {
        let rule = format!(
            ":is(article-widget,[data-article-widget]):is([data-limit=\"{n}\"],[limit=\"{n}\"]){{--aw-r-n:{n};--aw-r-n2:{}}}",
            n.div_ceil(2)
        );
        assert_eq!(css.matches(&rule).count(), 1, "{rule}");
    }
    assert!(css.starts_with("/*") && css.contains("\narticle-widget,[data-article-widget]{display:block;"));
    // Small: it is on the partner's critical path (about 0.8 KB brotli).
    assert!(css.len() < 16_000, "{} bytes", css.len());
}

/// Every rule of `embed.css` selects only the widget's two element forms:
/// a partner's own `[data-limit]` or `[show]` elements are never matched.
/// Where the widget cannot run, the reservation goes.
#[test]
fn embed_css_selects_only_the_widget() {
    let css = embed_css();
    for line in css.lines().skip(1) {
        let selectors = line.split('{').next().unwrap();
        let scoped = selectors == "article-widget,[data-article-widget]"
            || selectors.starts_with(":is(article-widget,[data-article-widget])")
            || line.starts_with("@media (scripting:none){:is(article-widget,[data-article-widget]){min-height:0}}");
        assert!(scoped, "{line}");
    }
    assert!(css.contains("\n:is(article-widget,[data-article-widget])[data-aw-off]{min-height:0}\n"));
}

/// The page's rule and the shadow root's are the same text but for the
/// unit (`em` inside; the element's `--aw-font-size` outside), so the
/// height does not change when the widget mounts.
#[test]
fn page_and_shadow_root_share_the_rule() {
    let page = embed_css();
    let shadow = shadow_css();
    let body = |css: &str, selector: &str| {
        let start = css.find(selector).unwrap_or_else(|| panic!("{selector}")) + selector.len();
        css[start..start + css[start..].find('}').unwrap()].to_owned()
    };
    let page_root = body(&page, "article-widget,[data-article-widget]{");
    let shadow_root = body(&shadow, ".aw-widget{");
    assert!(page_root.ends_with(shadow_root.trim_start_matches("--aw-r-u:1em;")), "{page_root}\n{shadow_root}");
    for layout in &LAYOUTS[1..] {
        let name = layout.name;
        assert_eq!(
            body(&page, &format!(":is([data-layout={name} i],[layout={name} i]){{")),
            body(&shadow, &format!(".aw-widget[data-layout=\"{name}\"]{{"))
        );
    }
}

#[test]
fn heights_follow_limit_layout_and_show() {
    let list = &LAYOUTS[0];
    let grid = &LAYOUTS[1];
    // A list card: padding, two title lines, two summary lines, the meta line.
    let card = 1.8 + 2.0 * 1.05 * 1.45 + 0.25 + 2.0 * 0.92 * 1.6 + 0.25 + 0.82 * 1.6;
    assert!((card_em(list, ALL) - card).abs() < 1e-9);
    let (em, px) = reserved(list, ALL, 5);
    assert!((em - (reserve::FRAME_EM + 5.0 * card)).abs() < 1e-9);
    assert_eq!(px, 4.0);
    // Without text beside it, a list card is as tall as its thumbnail.
    let image_only = Parts { image: true, summary: false, meta: false };
    assert!((card_em(list, image_only) - (1.8 + 8.5 * 9.0 / 16.0)).abs() < 1e-9);
    // The grid: two columns, rows of cards with a gap between them.
    let (five, _) = reserved(grid, ALL, 5);
    let (six, _) = reserved(grid, ALL, 6);
    assert!((five - six).abs() < 1e-9);
    assert!((five - (reserve::FRAME_EM + 3.0 * card_em(grid, ALL) + 2.0)).abs() < 1e-9);
    // More shown parts never make a card shorter.
    for layout in &LAYOUTS {
        assert!(card_em(layout, ALL) >= card_em(layout, Parts { image: false, summary: false, meta: false }));
    }
}
