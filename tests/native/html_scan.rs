//! The pre-scan that keeps a too-complex body away from the HTML parsers
//! (`model::scan`), and the plain text such a body becomes.

use article_widget::model::{
    guarded_html_to_blocks, scan, strip_tags, Block, Body, Converted, Feed, Inline, Platform, Scan, MAX_ATTRIBUTES,
    MAX_TAGS,
};
use article_widget::platform::NativePlatform;
use proptest::prelude::*;

fn counts(html: &str) -> (usize, usize) {
    let Scan { tags, max_attributes } = scan(html);
    (tags, max_attributes)
}

fn attributes(html: &str) -> usize {
    scan(html).max_attributes
}

/// The most attributes html5ever gives any element of `html`.
fn parsed_attributes(html: &str) -> usize {
    let document = scraper::Html::parse_document(html);
    document
        .tree
        .values()
        .filter_map(|node| node.as_element())
        .map(|element| element.attrs().count())
        .max()
        .unwrap_or(0)
}

fn platform() -> NativePlatform {
    NativePlatform::new(Some("https://news.example/feeds/main.json"))
}

fn convert(html: &str) -> Converted {
    guarded_html_to_blocks(&platform(), html, Some("https://news.example/a.html")).unwrap()
}

/// Paragraphs of text alone, as a too-complex body becomes.
fn plain(paragraphs: &[&str]) -> Vec<Block> {
    paragraphs.iter().map(|text| Block::Paragraph(vec![Inline::Text((*text).to_owned())])).collect()
}

fn many_attributes(n: usize) -> String {
    let names: String = (0..n).map(|i| format!(" a{i}")).collect();
    format!("<p>Before</p><span{names}>Inside &amp; on</span><p>After</p>")
}

#[test]
fn ordinary_markup() {
    assert_eq!(counts(""), (0, 0));
    assert_eq!(counts("plain text, no tags"), (0, 0));
    assert_eq!(counts(r#"<p>Hello <a href="x" title='y'>z</a> <img src=a.png alt="">.</p>"#), (5, 2));
    assert_eq!(counts("<br/><hr /><img src=a.png/>"), (3, 1));
    assert_eq!(counts("<DIV CLASS=a ID=b>x</DIV>"), (2, 2));
    // End tags have attributes too, to the tokenizer (then dropped).
    assert_eq!(attributes("</p a b c>"), 3);
}

#[test]
fn quoted_values_hold_angle_brackets() {
    assert_eq!(attributes(r#"<a title="x > y" href=z>"#), 2);
    assert_eq!(attributes(r#"<a title='x > y' href=z data-q="">"#), 3);
    // A `<` in a value also starts a reading of its own: more, never fewer.
    assert_eq!(counts(r#"<a title="x <b c d e">t</a>"#), (3, 3));
    assert_eq!(attributes(r#"<a title="1 < 2" href=z>"#), 2);
}

#[test]
fn comments_of_every_ending() {
    // Inside a comment the parser sees no tag; the scan counts it anyway.
    assert_eq!(attributes("<!-- <div a b c> -->"), 3);
    // These end at once, and what follows is a tag.
    assert_eq!(attributes("<!--><div a b c>"), 3);
    assert_eq!(attributes("<!---><div a b c>"), 3);
    assert_eq!(attributes("<!-- x --!><div a b c d>"), 4);
    assert_eq!(attributes("<!-- x --><div a b c d e>"), 5);
    // `-- >` does not end a comment, but a tag after it still counts.
    assert_eq!(attributes("<!-- -- > <i a b> -->"), 2);
}

#[test]
fn bogus_comments_doctypes_and_cdata() {
    assert_eq!(attributes("<!DOCTYPE html><p a b>"), 2);
    assert_eq!(attributes("<?xml version='1.0'?><p a b c>"), 3);
    assert_eq!(attributes("</3 a b><p a>"), 1);
    assert_eq!(attributes("<![CDATA[ x ]]><p a b>"), 2);
    // In SVG, CDATA runs to `]]>` past a `>` and a `<!--`: a scan that
    // took one reading of that would miss the `<div>` the parser sees.
    let html = "<svg><![CDATA[ > <!-- ]]></svg><div a b c d e f> -->";
    assert_eq!(attributes(html), 6);
    assert_eq!(parsed_attributes(html), 6);
}

#[test]
fn raw_text_cannot_hide_a_tag() {
    // The script's text looks like an open quote, or a comment, to a scan
    // that does not know it is script; the parser ends it at `</script>`.
    for html in [
        r#"<script><x a="</script><div a b c d e f>"></script>"#,
        "<script> <!-- </script><div a b c d e f> --> ",
        "<textarea><!--</textarea><div a b c d e f>-->",
        "<style>'</style><div a b c d e f>'",
        "<title><x a='</title><div a b c d e f>'",
    ] {
        assert!(parsed_attributes(html) == 6, "{html}");
        assert!(attributes(html) >= 6, "{html}: {:?}", scan(html));
    }
}

#[test]
fn evasions_count_at_least_what_the_parser_keeps() {
    for (html, at_least) in [
        (r#"<div a"b c d>"#, 3),
        ("<div a= b c>", 2),
        ("<div =a b>", 2),
        ("<div a=b=c d>", 2),
        ("<div a='b'c d>", 3),
        ("<div a=\"b\"/c/d>", 3),
        ("<div a<b c>", 2),
        ("<div/a/b/c>", 3),
        ("<div\na\tb\rc\x0cd>", 4),
        (r#"<div a="x b c d"#, 1),
        (r#"<div a="x> <div b c d e">"#, 4),
    ] {
        let count = attributes(html);
        assert!(count >= at_least, "{html}: {count}");
        assert!(count >= parsed_attributes(html), "{html}: {count} < {}", parsed_attributes(html));
    }
}

#[test]
fn every_angle_bracket_is_a_tag() {
    assert_eq!(scan("a < b, <!-- c --> <? d ?> </e>").tags, 4);
    let breaks = |n: usize| "<br>".repeat(n);
    assert!(!scan(&breaks(MAX_TAGS)).too_complex());
    assert!(scan(&breaks(MAX_TAGS + 1)).too_complex());
    assert!(!scan(&many_attributes(MAX_ATTRIBUTES)).too_complex());
    assert!(scan(&many_attributes(MAX_ATTRIBUTES + 1)).too_complex());
}

proptest! {
    /// Whatever the parser makes of a string of tag-ish pieces, no element
    /// gets more attributes than the scan counted.
    #[test]
    fn never_fewer_attributes_than_html5ever(pieces in proptest::collection::vec(prop_oneof![
        Just("<div"), Just("<p "), Just("</p"), Just("<"), Just(">"), Just("/"), Just(" "), Just("\n"),
        Just("a"), Just("b"), Just("="), Just("\""), Just("'"), Just("!"), Just("?"), Just("-"),
        Just("<!--"), Just("-->"), Just("--!>"), Just("<![CDATA["), Just("]]>"), Just("<svg>"), Just("<math>"),
        Just("<script>"), Just("</script>"), Just("<style>"), Just("</style>"), Just("<textarea>"),
        Just("</textarea>"), Just("<title>"), Just("</title>"), Just("<noscript>"), Just("<plaintext>"),
        Just("<xmp>"), Just("<iframe>"), Just("<template>"), Just("<table>"), Just("<select>"),
    ], 0..40)) {
        let html: String = pieces.concat();
        let parsed = parsed_attributes(&html);
        prop_assert!(attributes(&html) >= parsed, "{:?}: scan {} < parsed {}", html, attributes(&html), parsed);
        // The plain-text path never panics and leaves no `<` but its own `<p>`.
        prop_assert!(!strip_tags(&html).replace("<p>", "").contains('<'), "{:?}", html);
    }
}

#[test]
fn a_normal_body_is_converted_as_before() {
    let html = r#"<p>Fish &amp; <em>chips</em></p><ul><li>one</li></ul>"#;
    assert_eq!(
        convert(html),
        Converted::Blocks(platform().html_to_blocks(html, Some("https://news.example/a.html")).unwrap())
    );
}

#[test]
fn a_too_complex_body_keeps_its_text_as_paragraphs() {
    let html = many_attributes(MAX_ATTRIBUTES + 1)
        + "<script>bad()</script><!-- hidden --><style>p{}</style>x &lt; y &#x263A; &copy a < b<p><p>c"
        + "<br>line <b>two</b><div>three<br/>four</div>  \n  ";
    assert_eq!(
        convert(&html),
        Converted::PlainText(plain(&[
            "Before",
            "Inside & on",
            "After",
            "x < y ☺ © a < b",
            "c",
            "line two",
            "three",
            "four"
        ]))
    );
    // No `<` reaches the parser but flat paragraphs.
    assert!(!strip_tags(&html).replace("<p>", "").contains('<'));
}

#[test]
fn too_many_tags_keep_their_text() {
    let html = "<span>word</span> ".repeat(MAX_TAGS);
    let Converted::PlainText(blocks) = convert(&html) else { panic!("not plain text") };
    let [Block::Paragraph(inlines)] = &blocks[..] else { panic!("{blocks:?}") };
    let [Inline::Text(text)] = &inlines[..] else { panic!("{inlines:?}") };
    assert_eq!(text.matches("word").count(), MAX_TAGS);
}

#[test]
fn stripping_follows_comments_and_skips_dropped_elements() {
    assert_eq!(strip_tags("a<!-->b<!--->c<!-- x -->d<!-- y --!>e<!-- z"), "abcde");
    assert_eq!(strip_tags("a<!x>b<?y>c</3>d<![CDATA[e]]>f</>g"), "abcdfg");
    assert_eq!(strip_tags(r#"a<i title="<b>">b</i>"#), "ab");
    assert_eq!(strip_tags("a<SCRIPT>x</b></Script >b<textarea>t</textarea>"), "ab");
    assert_eq!(strip_tags("a<P>b</p><Br/><li>c<hr>"), "a<p>b<p>c<p>");
    assert_eq!(strip_tags("a<script>never closed"), "a");
    assert_eq!(strip_tags("1 < 2 <3"), "1 &lt; 2 &lt;3");
}

#[test]
fn a_feed_item_too_complex_is_simplified() {
    let item = |html: &str| {
        let json = serde_json::json!({
            "version": "https://jsonfeed.org/version/1.1",
            "items": [{"id": "x", "title": "T", "content_html": html}],
        })
        .to_string();
        Feed::parse(&json, &platform()).unwrap().articles[0].body.clone()
    };
    assert!(matches!(item("<p>ok</p>"), Body::Blocks(_)));
    let deep = "<div>".repeat(MAX_TAGS + 1) + "deep text";
    assert_eq!(item(&deep), Body::Simplified(plain(&["deep text"])));
}
