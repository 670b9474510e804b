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
    #[error(transparent)]
    Feed(#[from] FeedError),
}
