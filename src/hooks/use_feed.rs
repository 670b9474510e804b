use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use yew::prelude::*;

use crate::api::{self, InFlight};
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

/// What [`use_feed`] shows, in one state: one reducer, where a state hook
/// per field would instantiate Yew's state machinery for each field's type.
#[derive(Clone, PartialEq)]
struct Status {
    state: FetchState<Rc<Feed>>,
    more: FetchState<()>,
    stale: Option<LoadError>,
    refreshing: bool,
    arrivals: u32,
    /// Raised by `retry`: each change fetches the feed again.
    attempt: u32,
}

impl Default for Status {
    fn default() -> Self {
        Status {
            state: FetchState::Loading,
            more: FetchState::Loaded(()),
            stale: None,
            refreshing: false,
            arrivals: 0,
            attempt: 0,
        }
    }
}

/// A change to [`Status`], applied in order with the others.
type Change = Box<dyn FnOnce(&mut Status)>;

impl Reducible for Status {
    type Action = Change;

    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        change(&mut next);
        Rc::new(next)
    }
}

type Update = UseReducerDispatcher<Status>;

/// The pages of the feed: in one cell, for the same reason.
#[derive(Default)]
struct Pages {
    /// Pages already fetched, so a `next_url` that loops back ends the list.
    fetched: HashSet<String>,
    /// The next page's request, in flight.
    more_request: Option<InFlight>,
}

fn change(update: &Update, change: impl FnOnce(&mut Status) + 'static) {
    update.dispatch(Box::new(change));
}

/// Loads the feed at `url` under `policy` once `enabled` (a lazy widget
/// waits until it is near the viewport), again whenever `url` changes or
/// `retry` is called; `load_more` appends the next page. With `stored`, the
/// last good copy shows at once and a fresh one is kept for next time. Requests, and any
/// retry still waiting, are aborted when the component unmounts.
#[hook]
pub fn use_feed(url: Option<AttrValue>, enabled: bool, policy: FetchPolicy, stored: bool) -> FeedHandle {
    let status = use_reducer_eq(Status::default);
    let pages = use_mut_ref(Pages::default);
    {
        // A stored copy is for a first look; a retry or refresh of a feed
        // already on screen waits for the fresh one.
        let showing_loaded = matches!(status.state, FetchState::Loaded(_));
        let update = status.dispatcher();
        let pages = pages.clone();
        use_effect_with((url, enabled, policy, stored, status.attempt), move |(url, enabled, policy, stored, _)| {
            pages.borrow_mut().more_request.take();
            let request = match url {
                _ if !enabled => {
                    change(&update, reset);
                    None
                }
                None => {
                    change(&update, |status| {
                        reset(status);
                        status.state = FetchState::Failed(LoadError::NoFeedConfigured);
                    });
                    None
                }
                Some(url) => {
                    pages.borrow_mut().fetched = HashSet::from([api::absolute_url(url)]);
                    change(&update, |status| {
                        reset(status);
                        status.state = FetchState::Loading;
                    });
                    let mut showing_stored = false;
                    let first_page = api::absolute_url(url);
                    let use_stored = *stored && !showing_loaded;
                    Some(api::load_feed(url.to_string(), *policy, use_stored, move |update_| match update_ {
                        api::Update::Stored(feed) => {
                            showing_stored = true;
                            let feed = Rc::new(ended_if_seen(feed, &pages.borrow().fetched));
                            change(&update, move |status| {
                                status.refreshing = true;
                                status.state = FetchState::Loaded(feed);
                                status.arrivals += 1;
                            });
                        }
                        api::Update::Fresh(feed) => {
                            // The fresh first page replaces a stored one: pages
                            // appended to (or still coming for) that copy go.
                            let feed = {
                                let mut pages = pages.borrow_mut();
                                pages.more_request = None;
                                pages.fetched = HashSet::from([first_page.clone()]);
                                Rc::new(ended_if_seen(feed, &pages.fetched))
                            };
                            change(&update, move |status| {
                                status.more = FetchState::Loaded(());
                                status.stale = None;
                                status.refreshing = false;
                                status.state = FetchState::Loaded(feed);
                                status.arrivals += 1;
                            });
                        }
                        // With a stored copy on screen, a failed refresh is a quiet note.
                        api::Update::Failed(error) if showing_stored => change(&update, move |status| {
                            status.refreshing = false;
                            status.stale = Some(error);
                        }),
                        api::Update::Failed(error) => {
                            change(&update, move |status| status.state = FetchState::Failed(error))
                        }
                    }))
                }
            };
            move || drop(request)
        });
    }
    let retry = {
        let update = status.dispatcher();
        Callback::from(move |()| change(&update, |status| status.attempt += 1))
    };
    let load_more = {
        let (status, update) = (status.clone(), status.dispatcher());
        Callback::from(move |()| start_next_page(&status, &update, &pages, policy))
    };
    FeedHandle {
        state: status.state.clone(),
        more: status.more.clone(),
        stale: status.stale.clone(),
        refreshing: status.refreshing,
        arrivals: status.arrivals,
        retry,
        load_more,
    }
}

/// What a new load starts from: no next page loading, no note.
fn reset(status: &mut Status) {
    status.more = FetchState::Loaded(());
    status.stale = None;
    status.refreshing = false;
}

fn start_next_page(
    status: &UseReducerHandle<Status>,
    update: &Update,
    pages: &Rc<RefCell<Pages>>,
    policy: FetchPolicy,
) {
    let FetchState::Loaded(current) = &status.state else { return };
    let Some(next) = current.next_url.clone() else { return };
    if matches!(status.more, FetchState::Loading) {
        return;
    }
    pages.borrow_mut().fetched.insert(next.clone());
    change(update, |status| status.more = FetchState::Loading);
    let (update, current, seen) = (update.clone(), current.clone(), pages.clone());
    let request = api::load_feed(next, policy, false, move |page| match page {
        api::Update::Fresh(page) | api::Update::Stored(page) => {
            let feed = Rc::new(ended_if_seen(current.with_next_page(page), &seen.borrow().fetched));
            change(&update, move |status| {
                status.state = FetchState::Loaded(feed);
                status.more = FetchState::Loaded(());
            });
        }
        api::Update::Failed(error) => change(&update, move |status| status.more = FetchState::Failed(error)),
    });
    pages.borrow_mut().more_request = Some(request);
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
