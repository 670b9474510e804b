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

/// Every sentence a UI table can say, for checks over a whole table.
fn every_sentence(text: &article_widget::ui_text::Text) -> Vec<String> {
    use article_widget::load::LoadError;
    use article_widget::model::{Ago, FeedError, NotAFeed};
    let mut all: Vec<String> = [
        text.latest_heading,
        text.source_label,
        text.back_to_list,
        text.read_original,
        text.untitled,
        text.loading,
        text.empty,
        text.retry,
        text.visit_site,
        text.error_heading,
        text.not_found_heading,
        text.not_found_body,
        text.article_not_found_heading,
        text.article_not_found_body,
        text.html_body_pending,
        text.simplified_body,
        text.load_more,
        text.load_more_failed,
        text.stale_note,
    ]
    .map(str::to_owned)
    .into();
    all.push((text.skipped_items)(3));
    all.extend([Ago::JustNow, Ago::Minutes(5), Ago::Hours(2)].map(text.ago));
    let errors = [
        LoadError::NoFeedConfigured,
        LoadError::Network("x".into()),
        LoadError::Http { status: 404 },
        LoadError::Http { status: 503 },
        LoadError::Http { status: 403 },
        LoadError::Timeout { seconds: 8 },
        LoadError::TooLarge { limit_bytes: 5 << 20 },
        LoadError::Feed(FeedError::NotJson("x".into())),
        LoadError::Feed(FeedError::NotAFeed(NotAFeed::UnknownVersion("9".into()))),
        LoadError::Feed(FeedError::NotAFeed(NotAFeed::MissingItems)),
    ];
    all.extend(errors.iter().map(text.load_error));
    all
}

#[test]
fn traditional_chinese_is_its_own_wording_not_a_conversion() {
    use article_widget::ui_text::{EN, ZH_CN, ZH_HANT};
    let hant = every_sentence(&ZH_HANT);
    // Characters that exist only in Simplified script: none may appear.
    for sentence in &hant {
        let simplified: Vec<char> = sentence
            .chars()
            .filter(|c| "们这时来说个为发问题网络载页内连续过复杂显暂无请试务绝应数据该删链错误标读".contains(*c))
            .collect();
        assert!(simplified.is_empty(), "{sentence}: {simplified:?}");
    }
    // The regional vocabulary readers in Taiwan and Hong Kong expect, where a
    // character-by-character conversion of zh-CN would say otherwise
    // (加载 → 加載, 服务器 → 服務器, 信息源 → 信息源, 超时 → 超時, 纯文本 → 純文本).
    let joined = hant.concat();
    for word in ["載入", "伺服器", "資料來源", "逾時", "純文字", "連結", "儲存", "最新消息"] {
        assert!(joined.contains(word), "zh-Hant says {word} somewhere");
    }
    for word in ["加載", "服務器", "信息源", "超時", "純文本"] {
        assert!(!joined.contains(word), "zh-Hant never says {word}");
    }
    // Every table says every sentence (none left empty), each in its own words.
    for table in [&ZH_CN, &ZH_HANT, &EN] {
        assert!(every_sentence(table).iter().all(|s| !s.trim().is_empty()));
    }
    assert_ne!(every_sentence(&ZH_CN), hant);
}
