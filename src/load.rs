//! The state of anything loaded over the network, and why loading failed.

use thiserror::Error;

use crate::model::FeedError;

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
