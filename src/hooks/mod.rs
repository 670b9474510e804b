//! Hooks that connect components to `api`.

mod use_document_title;
mod use_feed;

pub use use_document_title::use_document_title;
pub use use_feed::{use_feed, FeedHandle};
