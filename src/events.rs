//! What the widget tells its host page: the `articlewidget:*` DOM events,
//! each variant's fields its `detail`. Plain data, so that the public
//! contract (`tests/contract.json`) is checked natively against it.

use serde::Serialize;

use crate::load::LoadError;

/// One event for the host page (dispatched by `src/embed` on the host
/// element, bubbling and composed). Serialized as its `detail`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum WidgetEvent {
    Ready { count: usize },
    Open { id: String, url: Option<String> },
    Error { kind: &'static str, message: String },
}

impl WidgetEvent {
    /// The DOM event's name.
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::Ready { .. } => "articlewidget:ready",
            WidgetEvent::Open { .. } => "articlewidget:open",
            WidgetEvent::Error { .. } => "articlewidget:error",
        }
    }

    /// `articlewidget:error` for a one-article widget (`article`) whose
    /// article is in neither the feed's pages nor its own document.
    pub fn not_found() -> Self {
        WidgetEvent::Error { kind: NOT_FOUND, message: "no article with this id in the feed".to_owned() }
    }

    /// `articlewidget:error` for a failed load.
    pub fn error(error: &LoadError) -> Self {
        WidgetEvent::Error { kind: error_kind(error), message: error.to_string() }
    }
}

/// `articlewidget:error`'s `kind` when a one-article widget's article is not there.
pub const NOT_FOUND: &str = "not_found";

/// `articlewidget:error`'s `kind`: one word per kind of failure.
pub fn error_kind(error: &LoadError) -> &'static str {
    match error {
        LoadError::NoFeedConfigured => "config",
        LoadError::Network(_) => "network",
        LoadError::Http { .. } => "http",
        LoadError::Timeout { .. } => "timeout",
        LoadError::TooLarge { .. } => "too_large",
        LoadError::Feed(_) => "feed",
    }
}
