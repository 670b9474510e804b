//! Reading articles into the model. Every body goes through the widget's one
//! safe HTML-to-blocks conversion and every URL through the model's link
//! checks, so a published site shows exactly what the widget would.
//!
//! A problem is an [`InputError`] that names its file and, where it can, its
//! line; one bad article or feed item costs that article, never the others.

mod feed;
mod fields;
mod markdown;
mod site;
mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

pub use feed::{read_feed, FeedInput};
pub use markdown::{read_markdown, read_markdown_entry, read_markdown_with_warnings, Markdown};
pub use site::{read_site_config, read_site_config_with_warnings, SiteConfig};

/// Where and why an input could not be used: shown as `path:line: message`
/// (or `path: message` when the line is not known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub file: PathBuf,
    /// From 1.
    pub line: Option<usize>,
    pub message: String,
}

impl InputError {
    pub(crate) fn at(file: &Path, line: usize, message: impl Into<String>) -> Self {
        InputError { file: file.to_owned(), line: Some(line), message: message.into() }
    }

    pub(crate) fn in_file(file: &Path, message: impl Into<String>) -> Self {
        InputError { file: file.to_owned(), line: None, message: message.into() }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// A file's bytes as text, or an error at the line of the first byte that is
/// not UTF-8 (what every reader here expects; a leading byte-order mark is
/// kept and ignored later).
pub fn decode_text<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        InputError::at(path, line_of(valid, valid.len()), "the file is not UTF-8 text")
    })
}

/// The lines of a file, for many lookups: where each line starts, found in
/// one pass; each lookup is a binary search (a large import asks for the line
/// of every item).
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(bytes: &[u8]) -> Lines {
        let mut starts = vec![0];
        starts.extend(bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The line (from 1) of byte `offset`.
    pub(crate) fn of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

/// The line (from 1) of byte `offset` in `bytes`, for one lookup.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}
