//! The state of anything loaded over the network, and why loading failed.

use thiserror::Error;

use crate::model::{contains, FeedError};

/// Every async state the UI shows has a name.
#[derive(Clone, Debug, PartialEq)]
pub enum FetchState<T> {
    Loading,
    Loaded(T),
    Failed(LoadError),
}

/// Why a feed could not be shown. `Clone + PartialEq` so it can be a prop;
/// `components::ErrorView` is the one place that renders it.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LoadError {
    #[error("the page names no feed to load")]
    NoFeedConfigured,
    #[error("the network request failed: {0}")]
    Network(String),
    #[error("the server answered HTTP {status}")]
    Http { status: u16 },
    #[error("no answer within {seconds} s")]
    Timeout { seconds: u32 },
    #[error("the feed is larger than {limit_bytes} bytes")]
    TooLarge { limit_bytes: usize },
    #[error(transparent)]
    Feed(#[from] FeedError),
}

/// How a feed is fetched: a time limit per attempt, a size cap, and retries
/// with exponential backoff for failures that may pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchPolicy {
    pub timeout_ms: u32,
    /// Retries after the first attempt.
    pub retries: u32,
    /// The first retry waits about this long; each next one twice as long.
    pub backoff_ms: u32,
    /// A `Retry-After` longer than this ends the retries instead.
    pub max_retry_after_ms: u32,
    pub max_bytes: usize,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            timeout_ms: 10_000,
            retries: 3,
            backoff_ms: 500,
            max_retry_after_ms: 30_000,
            max_bytes: 5 * 1024 * 1024,
        }
    }
}

impl FetchPolicy {
    /// Whether another attempt may succeed: network failures, timeouts, 408,
    /// 429 and 5xx. Other 4xx and bad documents will not change by asking again.
    pub fn retryable(error: &LoadError) -> bool {
        match error {
            LoadError::Network(_) | LoadError::Timeout { .. } => true,
            LoadError::Http { status } => matches!(status, 408 | 429 | 500..=599),
            LoadError::NoFeedConfigured | LoadError::TooLarge { .. } | LoadError::Feed(_) => false,
        }
    }

    /// How long to wait before retry `attempt` (0 for the first retry): the
    /// server's `Retry-After` when it sent one, else `backoff_ms · 2^attempt`
    /// with equal jitter (half fixed, half random, from `random` in [0, 1)) so
    /// that many widgets do not retry in step. `None`: do not retry.
    pub fn delay_ms(&self, attempt: u32, retry_after_ms: Option<u32>, random: f64) -> Option<u32> {
        if attempt >= self.retries {
            return None;
        }
        if let Some(retry_after) = retry_after_ms {
            return (retry_after <= self.max_retry_after_ms).then_some(retry_after);
        }
        let full = self.backoff_ms.saturating_mul(1 << attempt.min(16));
        let half = full / 2;
        Some(half + (f64::from(full - half) * random.clamp(0.0, 1.0)) as u32)
    }
}

/// A `Retry-After` given in seconds, in milliseconds. (The HTTP-date form
/// needs a clock; the network code reads that one.)
pub fn retry_after_seconds(value: &str) -> Option<u32> {
    value.trim().parse::<u32>().ok().map(|seconds| seconds.saturating_mul(1000))
}

/// The `rel="next"` target of an HTTP `Link` header (how WordPress pages).
pub fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|link| {
        let (target, params) = link.trim().split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        params
            .split(';')
            .filter_map(|param| param.trim().strip_prefix("rel="))
            .any(|rel| rel.trim_matches('"').split_whitespace().any(|r| r.eq_ignore_ascii_case("next")))
            .then(|| target.to_owned())
    })
}

/// How much of the partner origin's `localStorage` the stored copies of
/// feeds may take in all, index included, counted as browsers count their
/// quota: UTF-16 code units of keys and values (512 Ki units, 1 MiB).
pub const STORAGE_BUDGET_UNITS: usize = 512 * 1024;

/// A stored copy of a feed and where it came from, so that it is restored
/// only as what was fetched: its links resolved against the URL the answer
/// came from (after redirects), read as the same kind of document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredCopy<'a> {
    /// The absolute URL asked for: the copy's key.
    pub requested: &'a str,
    /// The URL the answer came from.
    pub url: &'a str,
    /// A WordPress posts page rather than a JSON Feed.
    pub wordpress: bool,
    pub body: &'a str,
}

const COPY_MAGIC: &str = "article-widget copy 2";

impl<'a> StoredCopy<'a> {
    /// The text stored; `None` for a URL that a line break would make ambiguous
    /// (serialized URLs never hold one).
    pub fn encode(&self) -> Option<String> {
        let plain = |url: &str| !contains(url, "\n");
        let kind = if self.wordpress { "wordpress" } else { "feed" };
        (plain(self.requested) && plain(self.url))
            .then(|| format!("{COPY_MAGIC}\n{}\n{}\n{kind}\n{}", self.requested, self.url, self.body))
    }

    /// The copy in `text`, if it is one and is the copy of `requested`.
    pub fn decode(text: &'a str, requested: &str) -> Option<StoredCopy<'a>> {
        let (magic, rest) = text.split_once('\n')?;
        let (stored_for, rest) = rest.split_once('\n')?;
        let (url, rest) = rest.split_once('\n')?;
        let (kind, body) = rest.split_once('\n')?;
        let wordpress = match kind {
            "wordpress" => true,
            "feed" => false,
            _ => return None,
        };
        (magic == COPY_MAGIC && stored_for == requested).then_some(StoredCopy {
            requested: stored_for,
            url,
            wordpress,
            body,
        })
    }
}

/// Which copies are stored, oldest first, with their sizes (UTF-16 units of
/// key and value): kept under one key, so that making room reads no copy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoreIndex {
    pub entries: Vec<(String, usize)>,
}

impl StoreIndex {
    /// Reads an index written by [`StoreIndex::encode`]; lines that are not
    /// `size url` are dropped.
    pub fn decode(text: &str) -> StoreIndex {
        let entries = text
            .split('\n')
            .filter_map(|line| {
                let (size, url) = line.split_once(' ')?;
                Some((url.to_owned(), size.parse().ok()?))
            })
            .collect();
        StoreIndex { entries }
    }

    pub fn encode(&self) -> String {
        let lines: Vec<String> = self.entries.iter().map(|(url, size)| format!("{size} {url}")).collect();
        lines.join("\n")
    }

    /// Makes room for a copy of `url` taking `size` units, replacing its
    /// older copy: the oldest copies go until every copy and the index (as
    /// encoded, plus `overhead` for its key) fit in `budget`. A copy larger
    /// than half the budget is not stored (and its older copy goes too).
    /// Returns whether to store it, and the URLs whose copies to remove.
    pub fn admit(&mut self, url: &str, size: usize, budget: usize, overhead: usize) -> (bool, Vec<String>) {
        let mut removed = Vec::new();
        let before = self.entries.len();
        self.entries.retain(|(known, _)| known != url);
        let store = size <= budget / 2 && !contains(url, "\n");
        if store {
            self.entries.push((url.to_owned(), size));
        } else if self.entries.len() < before {
            removed.push(url.to_owned());
        }
        // Evicting the oldest until the rest fits keeps the longest run of
        // newest copies that fits (always the newest one).
        let mut total = overhead;
        let keep = self.entries.iter().rev().take_while(|entry| {
            total = total.saturating_add(Self::entry_units(entry));
            total <= budget
        });
        let evicted = self.entries.len() - keep.count().max(1).min(self.entries.len());
        removed.extend(self.entries.drain(..evicted).map(|(url, _)| url));
        (store, removed)
    }

    /// Drops `url` (its copy could not be written).
    pub fn forget(&mut self, url: &str) {
        self.entries.retain(|(known, _)| known != url);
    }

    /// Every copy and the index itself (an upper bound: bytes, not units).
    pub fn units(&self, overhead: usize) -> usize {
        // Saturating: the index is the host origin's to write, whatever it says.
        self.entries.iter().fold(overhead, |sum, entry| sum.saturating_add(Self::entry_units(entry)))
    }

    /// A copy and its line in the index.
    fn entry_units((url, size): &(String, usize)) -> usize {
        size.saturating_add(url.len() + size.checked_ilog10().unwrap_or(0) as usize + 3)
    }
}
