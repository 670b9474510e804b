use thiserror::Error;

/// Why a whole document could not be used as a feed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum FeedError {
    #[error("the document is not valid JSON: {0}")]
    NotJson(String),
    #[error("the document is not a JSON Feed: {0}")]
    NotAFeed(NotAFeed),
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum NotAFeed {
    #[error("it has no `version`")]
    MissingVersion,
    #[error("`{0}` is not a JSON Feed version")]
    UnknownVersion(String),
    #[error("it has no `items` array")]
    MissingItems,
    #[error("{0}")]
    Malformed(String),
}

/// An item the feed carried but the widget cannot show. The feed as a whole
/// still loads; the UI counts these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedItem {
    /// Position in the feed's `items` array, from 0.
    pub index: usize,
    pub reason: SkipReason,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SkipReason {
    #[error("the item has no `id`")]
    MissingId,
    #[error("the item's `id` is neither a string nor a number")]
    InvalidId,
    #[error("another item already has the id `{0}`")]
    DuplicateId(String),
    #[error("the item is malformed: {0}")]
    Malformed(String),
}
