use std::rc::Rc;

use yew::prelude::*;

use crate::api;
use crate::load::{FetchPolicy, FetchState, LoadError};
use crate::model::Feed;

/// The feed's state and a way to load it again.
#[derive(Clone, PartialEq)]
pub struct FeedHandle {
    pub state: FetchState<Rc<Feed>>,
    retry: Callback<()>,
}

impl FeedHandle {
    /// A callback that fetches the feed again (the error view's retry button).
    pub fn retry(&self) -> Callback<()> {
        self.retry.clone()
    }
}

/// Loads the feed at `url` under `policy` once `enabled` (a lazy widget
/// waits until it is near the viewport), again whenever `url` changes or
/// `retry` is called. The request, and any retry still waiting, is aborted
/// when the component unmounts.
#[hook]
pub fn use_feed(url: Option<AttrValue>, enabled: bool, policy: FetchPolicy) -> FeedHandle {
    let state = use_state_eq(|| FetchState::Loading);
    let attempt = use_state_eq(|| 0_u32);
    {
        let state = state.setter();
        use_effect_with((url, enabled, policy, *attempt), move |(url, enabled, policy, _)| {
            let request = match url {
                _ if !enabled => None,
                None => {
                    state.set(FetchState::Failed(LoadError::NoFeedConfigured));
                    None
                }
                Some(url) => {
                    state.set(FetchState::Loading);
                    Some(api::load_feed(url.to_string(), *policy, move |result| {
                        state.set(match result {
                            Ok(feed) => FetchState::Loaded(Rc::new(feed)),
                            Err(error) => FetchState::Failed(error),
                        })
                    }))
                }
            };
            move || drop(request)
        });
    }
    let retry = use_callback(attempt.clone(), |(), attempt| attempt.set(**attempt + 1));
    FeedHandle { state: (*state).clone(), retry }
}
