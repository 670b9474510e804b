use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use yew::prelude::*;

use crate::api::{self, InFlight, Update};
use crate::components::MoreProps;
use crate::load::{FetchPolicy, FetchState, LoadError};
use crate::model::Feed;

/// The feed's state, its next page's, and the verbs to load them.
#[derive(Clone, PartialEq)]
pub struct FeedHandle {
    pub state: FetchState<Rc<Feed>>,
    /// Loading the next page (`next_url`): `Loaded(())` when idle.
    pub more: FetchState<()>,
    /// Why the feed shown is a stored copy: the fresh one could not be had.
    pub stale: Option<LoadError>,
    /// A stored copy is shown and the fresh feed is still on its way.
    pub refreshing: bool,
    /// How many times a feed (stored, fresh, or with another page) has
    /// arrived: an equal feed arriving again still counts.
    pub arrivals: u32,
    retry: Callback<()>,
    load_more: Callback<()>,
}

impl FeedHandle {
    /// A callback that fetches the feed again (the error view's retry button).
    pub fn retry(&self) -> Callback<()> {
        self.retry.clone()
    }

    /// A callback that fetches the next page and appends it.
    pub fn load_more(&self) -> Callback<()> {
        self.load_more.clone()
    }

    /// Whether the feed has a next page to fetch. Not while a stored copy
    /// awaits its refresh: the fresh first page decides what comes next.
    pub fn has_next_page(&self) -> bool {
        !self.refreshing && matches!(&self.state, FetchState::Loaded(feed) if feed.next_url.is_some())
    }
}

/// Loads the feed at `url` under `policy` once `enabled` (a lazy widget
/// waits until it is near the viewport), again whenever `url` changes or
/// `retry` is called; `load_more` appends the next page. With `stored`, the
/// last good copy shows at once and a fresh one is kept for next time. Requests, and any
/// retry still waiting, are aborted when the component unmounts.
#[hook]
pub fn use_feed(url: Option<AttrValue>, enabled: bool, policy: FetchPolicy, stored: bool) -> FeedHandle {
    let state = use_state_eq(|| FetchState::Loading);
    let more = use_state_eq(|| FetchState::Loaded(()));
    let stale = use_state_eq(|| None::<LoadError>);
    let refreshing = use_state_eq(|| false);
    let arrivals = use_state_eq(|| 0_u32);
    let arrival_count = use_mut_ref(|| 0_u32);
    let attempt = use_state_eq(|| 0_u32);
    // Pages already fetched, so a `next_url` that loops back ends the list.
    let fetched = use_mut_ref(HashSet::<String>::new);
    let more_request = use_mut_ref(|| None::<InFlight>);
    {
        let current = state.clone();
        let state = state.setter();
        let more = more.setter();
        let stale = stale.setter();
        let refreshing = refreshing.setter();
        let arrived = (arrivals.setter(), arrival_count.clone());
        let fetched = fetched.clone();
        let more_request = more_request.clone();
        let more_request_in_load = more_request.clone();
        use_effect_with((url, enabled, policy, stored, *attempt), move |(url, enabled, policy, stored, _)| {
            more_request.borrow_mut().take();
            more.set(FetchState::Loaded(()));
            stale.set(None);
            refreshing.set(false);
            let request = match url {
                _ if !enabled => None,
                None => {
                    state.set(FetchState::Failed(LoadError::NoFeedConfigured));
                    None
                }
                Some(url) => {
                    *fetched.borrow_mut() = HashSet::from([api::absolute_url(url)]);
                    state.set(FetchState::Loading);
                    let mut showing_stored = false;
                    let first_page = api::absolute_url(url);
                    let more_in_load = more.clone();
                    let more_request_in_load = more_request_in_load.clone();
                    // A stored copy is for a first look; a retry or refresh of a
                    // feed already on screen waits for the fresh one.
                    let use_stored = *stored && !matches!(*current, FetchState::Loaded(_));
                    let (arrivals, count) = arrived.clone();
                    let arrive = move || {
                        *count.borrow_mut() += 1;
                        arrivals.set(*count.borrow());
                    };
                    Some(api::load_feed(url.to_string(), *policy, use_stored, move |update| match update {
                        Update::Stored(feed) => {
                            showing_stored = true;
                            refreshing.set(true);
                            state.set(FetchState::Loaded(Rc::new(ended_if_seen(feed, &fetched.borrow()))));
                            arrive();
                        }
                        Update::Fresh(feed) => {
                            // The fresh first page replaces a stored one: pages
                            // appended to (or still coming for) that copy go.
                            more_request_in_load.borrow_mut().take();
                            more_in_load.set(FetchState::Loaded(()));
                            *fetched.borrow_mut() = HashSet::from([first_page.clone()]);
                            stale.set(None);
                            refreshing.set(false);
                            state.set(FetchState::Loaded(Rc::new(ended_if_seen(feed, &fetched.borrow()))));
                            arrive();
                        }
                        // With a stored copy on screen, a failed refresh is a quiet note.
                        Update::Failed(error) if showing_stored => {
                            refreshing.set(false);
                            stale.set(Some(error));
                        }
                        Update::Failed(error) => state.set(FetchState::Failed(error)),
                    }))
                }
            };
            move || drop(request)
        });
    }
    let retry = use_callback(attempt.clone(), |(), attempt| attempt.set(**attempt + 1));
    let load_more = {
        let (state, more) = (state.clone(), more.clone());
        Callback::from(move |()| start_next_page(&state, &more, &fetched, &more_request, policy))
    };
    FeedHandle {
        state: (*state).clone(),
        more: (*more).clone(),
        stale: (*stale).clone(),
        refreshing: *refreshing,
        arrivals: *arrivals,
        retry,
        load_more,
    }
}

fn start_next_page(
    state: &UseStateHandle<FetchState<Rc<Feed>>>,
    more: &UseStateHandle<FetchState<()>>,
    fetched: &Rc<RefCell<HashSet<String>>>,
    more_request: &Rc<RefCell<Option<InFlight>>>,
    policy: FetchPolicy,
) {
    let FetchState::Loaded(current) = &**state else { return };
    let Some(next) = current.next_url.clone() else { return };
    if matches!(**more, FetchState::Loading) {
        return;
    }
    fetched.borrow_mut().insert(next.clone());
    more.set(FetchState::Loading);
    let (state, more, current, seen) = (state.setter(), more.setter(), current.clone(), fetched.clone());
    let request = api::load_feed(next, policy, false, move |update| match update {
        Update::Fresh(page) | Update::Stored(page) => {
            state.set(FetchState::Loaded(Rc::new(ended_if_seen(current.with_next_page(page), &seen.borrow()))));
            more.set(FetchState::Loaded(()));
        }
        Update::Failed(error) => more.set(FetchState::Failed(error)),
    });
    *more_request.borrow_mut() = Some(request);
}

/// The list's "Load more" control for `feed`. `show_held_back`: when the
/// list holds back articles it has already loaded (a widget's `limit`), the
/// callback that shows more of them; otherwise "Load more" fetches the next
/// page, if there is one.
pub fn more_props(feed: &FeedHandle, show_held_back: Option<Callback<()>>) -> MoreProps {
    let available = show_held_back.is_some() || feed.has_next_page();
    MoreProps {
        available,
        loading: matches!(feed.more, FetchState::Loading),
        error: match &feed.more {
            FetchState::Failed(error) => Some(error.clone()),
            FetchState::Loading | FetchState::Loaded(()) => None,
        },
        on_load_more: show_held_back.unwrap_or_else(|| feed.load_more()),
    }
}

/// A feed whose `next_url` points at a page already fetched has no next page.
fn ended_if_seen(mut feed: Feed, fetched: &HashSet<String>) -> Feed {
    if feed.next_url.as_ref().is_some_and(|next| fetched.contains(next)) {
        feed.next_url = None;
    }
    feed
}
