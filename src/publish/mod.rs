//! The publishing CLI's library side, native only: from a folder of articles
//! to a static site. [`input`] reads what publishers write (Markdown with
//! front matter, RSS, Atom, JSON Feed) into [`crate::model::Article`]s, so
//! everything after it works on the one domain model the widget renders.

pub mod input;

pub use input::{
    decode_text, read_feed, read_markdown, read_markdown_with_warnings, read_site_config,
    read_site_config_with_warnings, FeedInput, InputError, SiteConfig,
};
