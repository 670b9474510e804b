//! Every string the UI itself says (as opposed to feed content), in one place.

pub const LATEST_HEADING: &str = "最新信息";
pub const SOURCE_LABEL: &str = "文章来源:";
pub const BACK_TO_LIST: &str = "返回列表";
pub const READ_ORIGINAL: &str = "阅读原文";
pub const UNTITLED: &str = "(无标题)";
pub const LOADING: &str = "正在加载…";
pub const EMPTY: &str = "暂时还没有文章。";
pub const RETRY: &str = "重试";
pub const VISIT_SITE: &str = "前往网站";
pub const ERROR_HEADING: &str = "内容暂时无法显示";
pub const NOT_FOUND_HEADING: &str = "页面不存在";
pub const NOT_FOUND_BODY: &str = "您访问的页面不存在或已被移除。";
pub const ARTICLE_NOT_FOUND_HEADING: &str = "找不到这篇文章";
pub const ARTICLE_NOT_FOUND_BODY: &str = "这篇文章可能已被移除,或链接有误。";
pub const HTML_BODY_PENDING: &str = "本文正文请在原文页面阅读。";

/// "另有 2 条内容因格式有误未显示。"
pub fn skipped_items(count: usize) -> String {
    format!("另有 {count} 条内容因格式有误未显示。")
}

/// A sentence for the reader about what went wrong.
pub fn load_error(error: &crate::load::LoadError) -> String {
    use crate::load::LoadError;
    use crate::model::{FeedError, NotAFeed};
    match error {
        LoadError::NoFeedConfigured => "页面没有指定信息源。".into(),
        LoadError::Network(_) => "网络连接失败,请检查网络后重试。".into(),
        LoadError::Http { status: 404 } => "信息源不存在(HTTP 404)。".into(),
        LoadError::Http { status } if *status >= 500 => {
            format!("服务器暂时出了问题(HTTP {status}),请稍后重试。")
        }
        LoadError::Http { status } => format!("服务器拒绝了请求(HTTP {status})。"),
        LoadError::Feed(FeedError::NotJson(_)) => "信息源的内容不是有效的 JSON。".into(),
        LoadError::Feed(FeedError::NotAFeed(NotAFeed::UnknownVersion(v))) => {
            format!("信息源的版本“{v}”不受支持。")
        }
        LoadError::Feed(FeedError::NotAFeed(_)) => "信息源的内容不是 JSON Feed 格式。".into(),
    }
}
