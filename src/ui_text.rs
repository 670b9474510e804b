//! Every string the UI itself says (as opposed to feed content), one table
//! per language. Components read it from context (`components::use_ui`).

use crate::load::LoadError;
use crate::model::{Ago, FeedError, NotAFeed};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    ZhCn,
    /// Traditional Chinese as readers in Taiwan, Hong Kong and Macao write it.
    ZhHant,
    En,
}

impl Lang {
    /// Reads a BCP 47 tag: `en…` is English; `zh…` is Traditional Chinese when
    /// its script says `Hant`, or, with no script, when its region is Taiwan,
    /// Hong Kong or Macao, and Simplified Chinese otherwise (`zh-Hans-HK` is
    /// Simplified: the script says what the reader reads).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        let mut subtags = tag.split(['-', '_']);
        match subtags.next().unwrap_or_default() {
            "zh" => {
                let mut traditional = false;
                for subtag in subtags {
                    match subtag {
                        "hant" => return Some(Lang::ZhHant),
                        "hans" => return Some(Lang::ZhCn),
                        "tw" | "hk" | "mo" => traditional = true,
                        _ => {}
                    }
                }
                Some(if traditional { Lang::ZhHant } else { Lang::ZhCn })
            }
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }

    pub fn text(self) -> &'static Text {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::ZhHant => &ZH_HANT,
            Lang::En => &EN,
        }
    }

    /// The words of the site's archive pages. A table apart from [`Text`]:
    /// only the app and the CLI have archive pages, and the embed's wasm,
    /// which never calls this, carries none of it.
    pub fn archive_text(self) -> &'static ArchiveText {
        match self {
            Lang::ZhCn => {
                &ArchiveText {
                    page: |n| format!("第 {n} 页"), older: "更早的信息", newer: "较新的信息", pages: "分页"
                }
            }
            Lang::ZhHant => {
                &ArchiveText {
                    page: |n| format!("第 {n} 頁"), older: "更早的消息", newer: "較新的消息", pages: "分頁"
                }
            }
            Lang::En => &ArchiveText { page: |n| format!("Page {n}"), older: "Older", newer: "Newer", pages: "Pages" },
        }
    }
}

/// The archive pages' words (see [`Lang::archive_text`]).
#[derive(Debug)]
pub struct ArchiveText {
    /// "第 3 页": after the list's heading, in the page's title.
    pub page: fn(usize) -> String,
    /// The link to the next older page.
    pub older: &'static str,
    /// The link to the next newer page (or the home page).
    pub newer: &'static str,
    /// The name of the links' `<nav>`.
    pub pages: &'static str,
}

/// One language's table. Adding a language is adding one of these (and a
/// `Lang` variant).
#[derive(Debug)]
pub struct Text {
    pub lang: Lang,
    pub latest_heading: &'static str,
    pub source_label: &'static str,
    pub back_to_list: &'static str,
    pub read_original: &'static str,
    pub untitled: &'static str,
    pub loading: &'static str,
    pub empty: &'static str,
    pub retry: &'static str,
    pub visit_site: &'static str,
    pub error_heading: &'static str,
    pub not_found_heading: &'static str,
    pub not_found_body: &'static str,
    pub article_not_found_heading: &'static str,
    pub article_not_found_body: &'static str,
    pub html_body_pending: &'static str,
    /// Above a body whose markup was too complex to show (its text stands).
    pub simplified_body: &'static str,
    /// Separates authors' names.
    pub list_separator: &'static str,
    pub load_more: &'static str,
    pub load_more_failed: &'static str,
    /// Shown above a stored copy when the fresh feed could not be had.
    pub stale_note: &'static str,
    /// "另有 2 条内容因格式有误未显示。"
    pub skipped_items: fn(usize) -> String,
    /// The banner over the heading when a re-check found new articles
    /// ("有 3 条新信息"); activating it shows them.
    pub new_articles: fn(usize) -> String,
    /// A sentence for the reader about what went wrong.
    pub load_error: fn(&LoadError) -> String,
    /// "3小时前": a time `minutes` ago, under a day.
    pub ago: fn(Ago) -> String,
}

pub static ZH_CN: Text = Text {
    lang: Lang::ZhCn,
    latest_heading: "最新信息",
    source_label: "文章来源:",
    back_to_list: "返回列表",
    read_original: "阅读原文",
    untitled: "(无标题)",
    loading: "正在加载…",
    empty: "暂时还没有文章。",
    retry: "重试",
    visit_site: "前往网站",
    error_heading: "内容暂时无法显示",
    not_found_heading: "页面不存在",
    not_found_body: "您访问的页面不存在或已被移除。",
    article_not_found_heading: "找不到这篇文章",
    article_not_found_body: "这篇文章可能已被移除,或链接有误。",
    html_body_pending: "本文正文请在原文页面阅读。",
    simplified_body: "正文格式过于复杂，仅以纯文本显示。",
    list_separator: "、",
    load_more: "加载更多",
    load_more_failed: "更多内容加载失败,请重试。",
    stale_note: "暂时无法更新,显示的是之前保存的内容。",
    skipped_items: |count| format!("另有 {count} 条内容因格式有误未显示。"),
    new_articles: |count| format!("有 {count} 条新信息"),
    load_error: zh_cn_load_error,
    ago: |ago| match ago {
        Ago::JustNow => "刚刚".to_owned(),
        Ago::Minutes(n) => format!("{n}分钟前"),
        Ago::Hours(n) => format!("{n}小时前"),
    },
};

fn zh_cn_load_error(error: &LoadError) -> String {
    match error {
        LoadError::NoFeedConfigured => "页面没有指定信息源。".into(),
        LoadError::Network(_) => "网络连接失败,请检查网络后重试。".into(),
        LoadError::Http { status: 404 } => "信息源不存在(HTTP 404)。".into(),
        LoadError::Http { status } if *status >= 500 => {
            format!("服务器暂时出了问题(HTTP {status}),请稍后重试。")
        }
        LoadError::Http { status } => format!("服务器拒绝了请求(HTTP {status})。"),
        LoadError::Timeout { .. } => "信息源响应超时,请稍后重试。".into(),
        LoadError::TooLarge { limit_bytes } => format!("信息源过大(超过 {} MB)。", limit_bytes / (1024 * 1024)),
        LoadError::Feed(FeedError::NotJson(_)) => "信息源的内容不是有效的 JSON。".into(),
        LoadError::Feed(FeedError::NotAFeed(NotAFeed::UnknownVersion(v))) => {
            format!("信息源的版本“{v}”不受支持。")
        }
        LoadError::Feed(FeedError::NotAFeed(_)) => "信息源的内容不是 JSON Feed 格式。".into(),
    }
}

/// Worded as Taiwan's and Hong Kong's own sites word it (載入, 網路, 連結,
/// 伺服器, 資料來源, 逾時, 儲存, 純文字, full-width punctuation), not converted
/// character by character from the zh-CN table.
pub static ZH_HANT: Text = Text {
    lang: Lang::ZhHant,
    latest_heading: "最新消息",
    source_label: "文章來源：",
    back_to_list: "回到列表",
    read_original: "閱讀原文",
    untitled: "（無標題）",
    loading: "載入中…",
    empty: "目前還沒有文章。",
    retry: "再試一次",
    visit_site: "前往網站",
    error_heading: "內容暫時無法顯示",
    not_found_heading: "找不到網頁",
    not_found_body: "您要找的網頁不存在或已被移除。",
    article_not_found_heading: "找不到這篇文章",
    article_not_found_body: "這篇文章可能已被移除，或連結有誤。",
    html_body_pending: "本文內文請至原文網頁閱讀。",
    simplified_body: "內文格式過於複雜，僅以純文字顯示。",
    list_separator: "、",
    load_more: "載入更多",
    load_more_failed: "無法載入更多內容，請再試一次。",
    stale_note: "暫時無法更新，顯示的是先前儲存的內容。",
    skipped_items: |count| format!("另有 {count} 則內容因格式有誤未顯示。"),
    new_articles: |count| format!("有 {count} 則新消息"),
    load_error: zh_hant_load_error,
    ago: |ago| match ago {
        Ago::JustNow => "剛剛".to_owned(),
        Ago::Minutes(n) => format!("{n} 分鐘前"),
        Ago::Hours(n) => format!("{n} 小時前"),
    },
};

fn zh_hant_load_error(error: &LoadError) -> String {
    match error {
        LoadError::NoFeedConfigured => "網頁沒有指定資料來源。".into(),
        LoadError::Network(_) => "連線失敗，請檢查連線後再試一次。".into(),
        LoadError::Http { status: 404 } => "找不到資料來源（HTTP 404）。".into(),
        LoadError::Http { status } if *status >= 500 => {
            format!("伺服器暫時發生問題（HTTP {status}），請稍後再試。")
        }
        LoadError::Http { status } => format!("伺服器拒絕了要求（HTTP {status}）。"),
        LoadError::Timeout { .. } => "資料來源回應逾時，請稍後再試。".into(),
        LoadError::TooLarge { limit_bytes } => format!("資料來源過大（超過 {} MB）。", limit_bytes / (1024 * 1024)),
        LoadError::Feed(FeedError::NotJson(_)) => "資料來源的內容不是有效的 JSON。".into(),
        LoadError::Feed(FeedError::NotAFeed(NotAFeed::UnknownVersion(v))) => {
            format!("不支援資料來源的版本「{v}」。")
        }
        LoadError::Feed(FeedError::NotAFeed(_)) => "資料來源的內容不是 JSON Feed 格式。".into(),
    }
}

pub static EN: Text = Text {
    lang: Lang::En,
    latest_heading: "Latest",
    source_label: "Source: ",
    back_to_list: "Back to the list",
    read_original: "Read the original",
    untitled: "(untitled)",
    loading: "Loading…",
    empty: "No articles yet.",
    retry: "Try again",
    visit_site: "Go to the site",
    error_heading: "This content cannot be shown right now",
    not_found_heading: "Page not found",
    not_found_body: "The page you asked for does not exist or has been removed.",
    article_not_found_heading: "Article not found",
    article_not_found_body: "This article may have been removed, or the link is wrong.",
    html_body_pending: "Read this article on the original page.",
    simplified_body: "This article's formatting was too complex to show, so it is shown as plain text.",
    list_separator: ", ",
    load_more: "Load more",
    load_more_failed: "More articles could not be loaded. Try again.",
    stale_note: "Could not update: showing a copy saved earlier.",
    skipped_items: |count| match count {
        1 => "1 more item could not be shown: it is malformed.".to_owned(),
        _ => format!("{count} more items could not be shown: they are malformed."),
    },
    new_articles: |count| match count {
        1 => "1 new article".to_owned(),
        _ => format!("{count} new articles"),
    },
    load_error: en_load_error,
    ago: |ago| match ago {
        Ago::JustNow => "just now".to_owned(),
        Ago::Minutes(1) => "1 minute ago".to_owned(),
        Ago::Minutes(n) => format!("{n} minutes ago"),
        Ago::Hours(1) => "1 hour ago".to_owned(),
        Ago::Hours(n) => format!("{n} hours ago"),
    },
};

fn en_load_error(error: &LoadError) -> String {
    match error {
        LoadError::NoFeedConfigured => "The page names no feed.".into(),
        LoadError::Network(_) => "The network request failed. Check the connection and try again.".into(),
        LoadError::Http { status: 404 } => "The feed does not exist (HTTP 404).".into(),
        LoadError::Http { status } if *status >= 500 => {
            format!("The server has a problem (HTTP {status}). Try again later.")
        }
        LoadError::Http { status } => format!("The server refused the request (HTTP {status})."),
        LoadError::Timeout { .. } => "The feed took too long to answer. Try again later.".into(),
        LoadError::TooLarge { limit_bytes } => {
            format!("The feed is too large (over {} MB).", limit_bytes / (1024 * 1024))
        }
        LoadError::Feed(FeedError::NotJson(_)) => "The feed is not valid JSON.".into(),
        LoadError::Feed(FeedError::NotAFeed(NotAFeed::UnknownVersion(v))) => {
            format!("The feed's version “{v}” is not supported.")
        }
        LoadError::Feed(FeedError::NotAFeed(_)) => "The feed is not a JSON Feed.".into(),
    }
}
