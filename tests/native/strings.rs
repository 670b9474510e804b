use article_widget::model::{excerpt, paragraphs};
use article_widget::platform::grapheme_cut;

#[test]
fn paragraphs_trim_print_indentation_and_drop_blank_lines() {
    let text = "第一段\n  第二段\r\n\u{3000}\u{3000}第三段\n\n   \n\t第四段  \r第五段\u{2029}第六段\u{2028}第七段";
    assert_eq!(paragraphs(text), ["第一段", "第二段", "第三段", "第四段", "第五段", "第六段", "第七段"]);
    assert!(paragraphs(" \n ").is_empty());
}

#[test]
fn excerpt_cuts_by_grapheme_with_a_fitting_ellipsis() {
    assert_eq!(excerpt("短文", 5, grapheme_cut), "短文");
    assert_eq!(excerpt("一二三四五六", 5, grapheme_cut), "一二三四五……");
    assert_eq!(excerpt("abc def ghi", 4, grapheme_cut), "abc…");
    assert_eq!(excerpt("一二三四五", 5, grapheme_cut), "一二三四五");
    // A family emoji (one grapheme of seven code points) is kept whole or not at all.
    assert_eq!(excerpt("家👨‍👩‍👧‍👦好", 2, grapheme_cut), "家👨‍👩‍👧‍👦…");
    // A flag is two regional indicators; "é" here is e + a combining accent.
    assert_eq!(excerpt("🇨🇳🇨🇳🇨🇳", 2, grapheme_cut), "🇨🇳🇨🇳…");
    assert_eq!(excerpt("cafe\u{301} au lait", 4, grapheme_cut), "cafe\u{301}…");
    // Astral Han characters (a UTF-16 surrogate pair in the browser) count once.
    assert_eq!(excerpt("𠀀𠀁𠀂", 2, grapheme_cut), "𠀀𠀁……");
}
