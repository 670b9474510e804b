use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::{self, Handover, InFlight, Update};
use crate::components::MoreProps;
use crate::feed_state::{self, recheck_delay_ms, FeedAction, FeedStatus};
use crate::load::{FetchPolicy, FetchState};
use crate::model::{tag_slug, Feed, LazyArticle, TagFilter};
use crate::platform::fold_tag;

/// The feed's state (a [`FeedStatus`], which it derefs to) and the verbs
/// to load it.
#[derive(Clone, PartialEq)]
pub struct FeedHandle {
    status: UseReducerHandle<FeedStatus>,
    retry: Callback<()>,
    load_more: Callback<()>,
    show_new: Callback<()>,
}

impl std::ops::Deref for FeedHandle {
    type Target = FeedStatus;

    fn deref(&self) -> &FeedStatus {
        &self.status
    }
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

    /// A callback that shows the new articles a re-check found: its first
    /// page becomes the list.
    pub fn show_new(&self) -> Callback<()> {
        self.show_new.clone()
    }
}

/// One reducer for the whole status, where a state hook per field would
/// instantiate Yew's state machinery for each field's type.
impl Reducible for FeedStatus {
    type Action = FeedAction;

    fn reduce(self: Rc<Self>, action: FeedAction) -> Rc<Self> {
        Rc::new(feed_state::reduce(Rc::unwrap_or_clone(self), action))
    }
}

type Dispatch = UseReducerDispatcher<FeedStatus>;

/// The pages of the feed: in one cell, for the same reason.
#[derive(Default)]
struct Pages {
    /// Pages already fetched, so a `next_url` that loops back ends the list.
    fetched: HashSet<String>,
    /// The next page's request, in flight.
    more_request: Option<InFlight>,
    /// The request for a tag's own feed, once the first page named it.
    tag_request: Option<InFlight>,
}

/// `feed` with only the filter's articles (all of them without one).
fn tagged(filter: Option<&Rc<TagFilter>>, feed: Feed) -> Feed {
    match filter {
        Some(filter) => feed.filtered(&|article: &LazyArticle| filter.matches(&article.tags, &fold_tag)),
        None => feed,
    }
}

/// The tag's own paged feed, when the filter has one tag and the first
/// page says where tags' feeds are (`_article.tag_feed_template`). Several
/// tags read the feed's own pages and filter them.
fn tag_feed(filter: Option<&Rc<TagFilter>>, first_page: &Feed) -> Option<String> {
    match filter?.keys() {
        [key] => first_page.tag_feed_url(&tag_slug(key)),
        _ => None,
    }
}

/// How [`use_feed`] loads its feed, besides where from and when.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeedLoad {
    pub policy: FetchPolicy,
    /// Show the last good copy from storage at once, and keep the fresh one.
    pub stored: bool,
    /// Check the first page again every this many seconds.
    pub refresh: Option<u32>,
    /// Keep only the articles with one of these tags.
    pub tags: Option<Rc<TagFilter>>,
}

/// Loads the feed at `url` under `policy` once `enabled` (a lazy widget
/// waits until it is near the viewport), again whenever `url` changes or
/// `retry` is called; `load_more` appends the next page. With `stored`, the
/// last good copy shows at once and a fresh one is kept for next time. Requests, and any
/// retry still waiting, are aborted when the component unmounts. The first
/// load takes the loader's request for `url` from `handover`, if there is one.
/// With `refresh` (seconds), the first page is checked again that often
/// while the page is visible ([`Poller`]). With `tags`, only articles with
/// one of them are kept, from the tag's own feed when the first page names
/// one (then that feed's pages are the list's), else from the feed's pages;
/// no stored copy is shown.
#[hook]
pub fn use_feed(url: Option<AttrValue>, enabled: bool, handover: &Handover, load: FeedLoad) -> FeedHandle {
    let FeedLoad { policy, stored, refresh, tags } = load;
    let status = use_reducer_eq(FeedStatus::default);
    let pages = use_mut_ref(Pages::default);
    {
        // A stored copy is for a first look; a retry or refresh of a feed
        // already on screen waits for the fresh one.
        let showing_loaded = matches!(status.state, FetchState::Loaded(_));
        let dispatch = status.dispatcher();
        let pages = pages.clone();
        let handover = handover.clone();
        // One effect for the load and the re-checks: each load starts them
        // over (an effect of their own cost the embed 0.6 KB brotli).
        let deps = (url, enabled, policy, stored, status.attempt, refresh, tags.clone());
        use_effect_with(deps, move |(url, enabled, policy, stored, _, refresh, tags)| {
            pages.borrow_mut().more_request.take();
            pages.borrow_mut().tag_request.take();
            let ended = pages.clone();
            let mut poller = None;
            let request = match url {
                _ if !enabled => {
                    dispatch.dispatch(FeedAction::Idle);
                    None
                }
                None => {
                    dispatch.dispatch(FeedAction::NoFeed);
                    None
                }
                Some(url) => {
                    pages.borrow_mut().fetched = HashSet::from([api::absolute_url(url)]);
                    dispatch.dispatch(FeedAction::Start);
                    let mut showing_stored = false;
                    let first_page = api::absolute_url(url);
                    let use_stored = *stored && !showing_loaded && tags.is_none();
                    let prefetched = handover.take_for(&first_page);
                    if let Some(period) = *refresh {
                        let started = Rc::new(Poller {
                            url: RefCell::new(first_page.clone()),
                            policy: *policy,
                            period,
                            dispatch: dispatch.clone(),
                            tags: tags.clone(),
                            state: RefCell::default(),
                        });
                        Poller::start(&started);
                        poller = Some(started);
                    }
                    let (policy, tags, own_poller) = (*policy, tags.clone(), poller.clone());
                    Some(api::load_feed(url.to_string(), policy, use_stored, prefetched, move |update| {
                        dispatch.dispatch(match update {
                            Update::Stored(feed) => {
                                showing_stored = true;
                                FeedAction::Stored(Rc::new(ended_if_seen(feed, &pages.borrow().fetched)))
                            }
                            Update::Fresh(feed) => {
                                if let Some(own) = tag_feed(tags.as_ref(), &feed) {
                                    load_tag_feed(
                                        own,
                                        feed,
                                        policy,
                                        &dispatch,
                                        &pages,
                                        tags.clone(),
                                        own_poller.as_deref(),
                                    );
                                    return;
                                }
                                // The fresh first page replaces a stored one: pages
                                // appended to (or still coming for) that copy go.
                                fresh_first_page(&pages, &first_page, feed, tags.as_ref())
                            }
                            // With a stored copy on screen, a failed refresh is a quiet note.
                            Update::Failed(error) if showing_stored => FeedAction::RefreshFailed(error),
                            Update::Failed(error) => FeedAction::Failed(error),
                        })
                    }))
                }
            };
            move || {
                drop(request);
                ended.borrow_mut().tag_request = None;
                if let Some(poller) = poller {
                    poller.stop();
                }
            }
        });
    }
    let retry = {
        let dispatch = status.dispatcher();
        Callback::from(move |()| dispatch.dispatch(FeedAction::Retry))
    };
    let show_new = {
        let (dispatch, pages) = (status.dispatcher(), pages.clone());
        Callback::from(move |()| {
            // The re-check's first page is the list now: the pages read
            // after the old one, and one still coming, are not its.
            let mut pages = pages.borrow_mut();
            pages.more_request = None;
            pages.fetched = HashSet::new();
            dispatch.dispatch(FeedAction::ShowNew);
        })
    };
    let load_more = {
        let (status, dispatch) = (status.clone(), status.dispatcher());
        Callback::from(move |()| start_next_page(&status, &dispatch, &pages, policy, tags.as_ref()))
    };
    FeedHandle { status, retry, load_more, show_new }
}

/// Checks the feed's first page again every `period` seconds, as the first
/// load fetches it (`cache: "no-cache"`: the browser revalidates its copy,
/// so an unchanged feed costs a 304, and no header needs a CORS preflight),
/// and dispatches what it finds ([`FeedAction::Checked`]). Nothing is sent
/// while the page is hidden; when it shows again, a check that fell due
/// meanwhile is made at once. A failed check (after its own retries) puts
/// the next one further off ([`recheck_delay_ms`]).
struct Poller {
    /// The first page: the feed's, or the tag's own once it is known.
    url: RefCell<String>,
    policy: FetchPolicy,
    period: u32,
    dispatch: Dispatch,
    tags: Option<Rc<TagFilter>>,
    state: RefCell<PollState>,
}

#[derive(Default)]
struct PollState {
    /// When the last check ended, or the polling started (`Date.now()`).
    last: f64,
    failures: u32,
    /// The timer armed for the next check (`setTimeout`'s id).
    timer: Option<i32>,
    request: Option<InFlight>,
    /// The one callback of both the timer and `visibilitychange`
    /// ([`Poller::poke`]), of the closure type the list's scroll listener
    /// has (`components::window`): no new glue in the wasm.
    poke: Option<Poke>,
}

/// Where the poller's callback is registered, and the callback.
type Poke = (web_sys::Window, web_sys::Document, Closure<dyn FnMut()>);

impl Poller {
    fn start(poller: &Rc<Poller>) {
        let again = Rc::clone(poller);
        let poke = Closure::<dyn FnMut()>::new(move || Poller::poke(&again));
        let mut state = poller.state.borrow_mut();
        state.last = js_sys::Date::now();
        if let Some(window) = web_sys::window() {
            if let Some(document) = window.document() {
                let _ = document.add_event_listener_with_callback(VISIBILITY, poke.as_ref().unchecked_ref());
                state.poke = Some((window, document, poke));
            }
        }
        drop(state);
        Poller::poke(poller);
    }

    /// Checks now if a check is due, else arms the timer for when it is;
    /// nothing while the page is hidden or a check is under way.
    fn poke(poller: &Rc<Poller>) {
        let mut state = poller.state.borrow_mut();
        let Some((window, document, poke)) = &state.poke else { return };
        if let Some(timer) = state.timer {
            window.clear_timeout_with_handle(timer);
        }
        let wait = state.last + f64::from(recheck_delay_ms(poller.period, state.failures)) - js_sys::Date::now();
        state.timer = if document.hidden() || state.request.is_some() {
            None
        } else if wait > 0.0 {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(poke.as_ref().unchecked_ref(), wait as i32)
                .ok()
        } else {
            drop(state);
            Poller::check(poller);
            return;
        };
    }

    fn check(poller: &Rc<Poller>) {
        let done = Rc::clone(poller);
        let url = poller.url.borrow().clone();
        let request = api::load_feed(url, poller.policy, false, None, move |update| {
            {
                let mut state = done.state.borrow_mut();
                state.request = None;
                state.last = js_sys::Date::now();
                state.failures = match update {
                    Update::Failed(_) => state.failures + 1,
                    Update::Fresh(_) | Update::Stored(_) => 0,
                };
            }
            if let Update::Fresh(feed) = update {
                done.dispatch.dispatch(FeedAction::Checked(Rc::new(tagged(done.tags.as_ref(), feed))));
            }
            Poller::poke(&done);
        });
        poller.state.borrow_mut().request = Some(request);
    }

    /// Ends the polling (and the cycle of `Rc`s its callback holds).
    fn stop(&self) {
        let mut state = self.state.borrow_mut();
        state.request = None;
        if let Some((window, document, poke)) = state.poke.take() {
            if let Some(timer) = state.timer.take() {
                window.clear_timeout_with_handle(timer);
            }
            let _ = document.remove_event_listener_with_callback(VISIBILITY, poke.as_ref().unchecked_ref());
        }
    }
}

const VISIBILITY: &str = "visibilitychange";

/// Loads the tag's own feed at `url` as the list's first page. A tag the
/// site has no feed for (404, 410) has no articles: the feed's first page,
/// filtered, ends the list.
fn load_tag_feed(
    url: String,
    first_page: Feed,
    policy: FetchPolicy,
    dispatch: &Dispatch,
    pages: &Rc<RefCell<Pages>>,
    tags: Option<Rc<TagFilter>>,
    poller: Option<&Poller>,
) {
    if let Some(poller) = poller {
        poller.url.replace(url.clone());
    }
    let (dispatch, seen) = (dispatch.clone(), pages.clone());
    let own = url.clone();
    let request = api::load_feed(url, policy, false, None, move |update| {
        let action = match update {
            Update::Fresh(feed) | Update::Stored(feed) => fresh_first_page(&seen, &own, feed, tags.as_ref()),
            Update::Failed(crate::load::LoadError::Http { status: 404 | 410 }) => {
                let mut feed = tagged(tags.as_ref(), first_page.clone());
                feed.next_url = None;
                FeedAction::Fresh(Rc::new(feed))
            }
            Update::Failed(error) => FeedAction::Failed(error),
        };
        dispatch.dispatch(action);
    });
    pages.borrow_mut().tag_request = Some(request);
}

/// `feed` as the list's first page, fetched from `url`: the pages read
/// after an earlier first page, and one still coming, are not its.
fn fresh_first_page(pages: &RefCell<Pages>, url: &str, feed: Feed, tags: Option<&Rc<TagFilter>>) -> FeedAction {
    let mut pages = pages.borrow_mut();
    pages.more_request = None;
    pages.fetched = HashSet::from([url.to_owned()]);
    FeedAction::Fresh(Rc::new(ended_if_seen(tagged(tags, feed), &pages.fetched)))
}

fn start_next_page(
    status: &FeedStatus,
    dispatch: &Dispatch,
    pages: &Rc<RefCell<Pages>>,
    policy: FetchPolicy,
    tags: Option<&Rc<TagFilter>>,
) {
    let FetchState::Loaded(current) = &status.state else { return };
    let Some(next) = current.next_url.clone() else { return };
    if matches!(status.more, FetchState::Loading) {
        return;
    }
    pages.borrow_mut().fetched.insert(next.clone());
    dispatch.dispatch(FeedAction::MoreLoading);
    let (dispatch, current, seen, tags) = (dispatch.clone(), current.clone(), pages.clone(), tags.cloned());
    let request = api::load_feed(next, policy, false, None, move |page| {
        dispatch.dispatch(match page {
            Update::Fresh(page) | Update::Stored(page) => {
                let page = tagged(tags.as_ref(), page);
                FeedAction::MoreLoaded(Rc::new(ended_if_seen(current.with_next_page(page), &seen.borrow().fetched)))
            }
            Update::Failed(error) => FeedAction::MoreFailed(error),
        })
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
