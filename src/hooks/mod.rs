//! Hooks that connect components to `api`.

mod use_document_title;
mod use_feed;
mod use_near_viewport;

pub use use_document_title::use_document_title;
pub use use_feed::{more_props, use_feed, FeedHandle, FeedLoad};
pub use use_near_viewport::use_near_viewport;
