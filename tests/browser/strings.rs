//! Excerpts in the browser cut where `Intl.Segmenter` says a user-perceived
//! character ends: the same answers as the native Unicode tables.

use article_widget::model::excerpt;
use article_widget::platform::grapheme_cut;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn excerpts_cut_between_grapheme_clusters() {
    for (text, max, expected) in [
        ("短文", 5, "短文"),
        ("一二三四五六", 5, "一二三四五……"),
        ("abc def ghi", 4, "abc…"),
        ("一二三四五", 5, "一二三四五"),
        ("家👨‍👩‍👧‍👦好", 2, "家👨‍👩‍👧‍👦…"),
        ("🇨🇳🇨🇳🇨🇳", 2, "🇨🇳🇨🇳…"),
        ("cafe\u{301} au lait", 4, "cafe\u{301}…"),
        ("𠀀𠀁𠀂", 2, "𠀀𠀁……"),
    ] {
        assert_eq!(excerpt(text, max, grapheme_cut), expected, "{text:?} to {max}");
    }
}
