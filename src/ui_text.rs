//! Every string the UI itself says (as opposed to feed content), one table
//! per language. Components read it from context (`components::use_ui`).

use crate::load::LoadError;
use crate::model::{Ago, FeedError, NotAFeed};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

impl Lang {
    /// Reads a BCP 47 tag: any `zh…` is Chinese, any `en…` English.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        match primary {
            "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn text(self) -> &'static Text {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }
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
