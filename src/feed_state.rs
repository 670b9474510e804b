//! What a loaded feed looks like to the views, and every way it changes:
//! the state `hooks::use_feed` keeps, the actions it dispatches, and what
//! an article page shows. Pure, so the rules are tested natively; the hook
//! and the pages only fetch and dispatch.

use std::rc::Rc;

use crate::load::{FetchState, LoadError};
use crate::model::{Feed, LazyArticle};

/// The feed, its next page, and what the reader is told about them.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedStatus {
    pub state: FetchState<Rc<Feed>>,
    /// Loading the next page (`next_url`): `Loaded(())` when idle.
    pub more: FetchState<()>,
    /// Why the feed shown is a stored copy: the fresh one could not be had.
    pub stale: Option<LoadError>,
    /// A stored copy is shown and the fresh feed is still on its way.
    pub refreshing: bool,
    /// How many times a feed (stored or fresh) has arrived: an equal feed
    /// arriving again still counts.
    pub arrivals: u32,
    /// Raised by [`FeedAction::Retry`]: each change fetches the feed again.
    pub attempt: u32,
    /// A re-check's first page that has articles the list lacks, held back
    /// until the reader asks for them ([`FeedAction::ShowNew`]), so that
    /// nothing moves under the reader.
    pub pending: Option<Rc<Feed>>,
    /// How many of `pending`'s articles are new: the banner's number.
    pub new_articles: usize,
    /// Next pages appended to the first page.
    pub pages: u32,
}

impl Default for FeedStatus {
    fn default() -> Self {
        FeedStatus {
            state: FetchState::Loading,
            more: FetchState::Loaded(()),
            stale: None,
            refreshing: false,
            arrivals: 0,
            attempt: 0,
            pending: None,
            new_articles: 0,
            pages: 0,
        }
    }
}

impl FeedStatus {
    /// Whether the feed has a next page to fetch. Not while a stored copy
    /// awaits its refresh: the fresh first page decides what comes next.
    pub fn has_next_page(&self) -> bool {
        !self.refreshing && matches!(&self.state, FetchState::Loaded(feed) if feed.next_url.is_some())
    }

    /// Whether a filtered list reads the next page on its own: it has fewer
    /// than `want` articles, there is a next page, the last one did not
    /// fail, and fewer than `pages` were read since `asked_at` (the pages
    /// read when the reader last asked for more).
    pub fn reading_on(&self, want: usize, asked_at: usize, pages: usize) -> bool {
        let FetchState::Loaded(feed) = &self.state else { return false };
        feed.articles.len() < want
            && self.has_next_page()
            && !matches!(self.more, FetchState::Failed(_))
            && (self.pages as usize).saturating_sub(asked_at) < pages
    }

    /// Where focus goes when the new articles are shown: the top of the
    /// re-check's first page (the first new article, unless the only new
    /// ones were back-dated below it).
    pub fn first_new(&self) -> Option<String> {
        Some(self.pending.as_ref()?.articles.first()?.id.clone())
    }
}

/// Everything that happens to a [`FeedStatus`], in the order it can happen.
#[derive(Clone, Debug, PartialEq)]
pub enum FeedAction {
    /// Not loading (a lazy widget far from the viewport): whatever is shown
    /// stays, without a page loading or a note.
    Idle,
    /// There is no feed to load.
    NoFeed,
    /// A load starts.
    Start,
    /// The last good copy, from storage, while the network is asked.
    Stored(Rc<Feed>),
    /// The fresh first page: it replaces a stored copy and its pages.
    Fresh(Rc<Feed>),
    /// The load failed with nothing on screen.
    Failed(LoadError),
    /// The load failed with a stored copy on screen: a quiet note.
    RefreshFailed(LoadError),
    /// The next page is asked for.
    MoreLoading,
    /// The feed with the next page appended.
    MoreLoaded(Rc<Feed>),
    MoreFailed(LoadError),
    /// Fetch the feed again.
    Retry,
    /// A periodic re-check's first page (`refresh`): its new articles wait
    /// in [`FeedStatus::pending`]; without any, nothing changes. After a
    /// failed first load, it is the feed ([`FeedAction::Fresh`]).
    Checked(Rc<Feed>),
    /// The reader asked for the new articles: the re-check's first page is
    /// the list now, as a fresh load's would be.
    ShowNew,
}

/// The articles of `fresh` that `shown` lacks, in `fresh`'s order.
fn new_in<'a>(shown: &'a Feed, fresh: &'a Feed) -> impl Iterator<Item = &'a Rc<crate::model::LazyArticle>> {
    fresh.articles.iter().filter(|article| shown.article(&article.id).is_none())
}

/// When the next re-check is due, in ms, after `failures` failed checks in a
/// row: the period, doubled per failure up to eight times it (on top of each
/// check's own retries with backoff, `load::FetchPolicy`).
pub fn recheck_delay_ms(period_seconds: u32, failures: u32) -> u32 {
    period_seconds.saturating_mul(1000).saturating_mul(1 << failures.min(3))
}

/// The status after `action`.
pub fn reduce(mut status: FeedStatus, action: FeedAction) -> FeedStatus {
    // A new load starts with no page loading and no note.
    let reset = |status: &mut FeedStatus| {
        status.more = FetchState::Loaded(());
        status.stale = None;
        status.refreshing = false;
        status.pending = None;
        status.new_articles = 0;
    };
    // Two actions are another's: a check after a failed first load (nothing
    // to hold back: the feed shows, in the embed's reserved box), and the
    // new articles asked for (the re-check's page is the list now, as after
    // `refresh()`; focus goes to its top). Not by calling `reduce` again:
    // recursion would keep it from being inlined into the hook (wasm bytes).
    let action = match action {
        FeedAction::Checked(fresh) if matches!(status.state, FetchState::Failed(_)) => FeedAction::Fresh(fresh),
        FeedAction::ShowNew => match status.pending.take() {
            Some(fresh) => FeedAction::Fresh(fresh),
            None => return status,
        },
        action => action,
    };
    match action {
        FeedAction::Idle => reset(&mut status),
        FeedAction::NoFeed => {
            reset(&mut status);
            status.state = FetchState::Failed(LoadError::NoFeedConfigured);
        }
        FeedAction::Start => {
            reset(&mut status);
            status.state = FetchState::Loading;
        }
        FeedAction::Stored(feed) => {
            status.pages = 0;
            status.refreshing = true;
            status.state = FetchState::Loaded(feed);
            status.arrivals += 1;
        }
        FeedAction::Fresh(feed) => {
            reset(&mut status);
            status.pages = 0;
            status.state = FetchState::Loaded(feed);
            status.arrivals += 1;
        }
        FeedAction::Failed(error) => status.state = FetchState::Failed(error),
        FeedAction::RefreshFailed(error) => {
            status.refreshing = false;
            status.stale = Some(error);
        }
        FeedAction::MoreLoading => status.more = FetchState::Loading,
        FeedAction::MoreLoaded(feed) => {
            status.pages += 1;
            status.state = FetchState::Loaded(feed);
            status.more = FetchState::Loaded(());
        }
        FeedAction::MoreFailed(error) => status.more = FetchState::Failed(error),
        FeedAction::Retry => status.attempt += 1,
        FeedAction::Checked(fresh) => {
            if let FetchState::Loaded(shown) = &status.state {
                let new = new_in(shown, &fresh).count();
                if new > 0 {
                    status.new_articles = new;
                    status.pending = Some(fresh);
                }
            }
        }
        // Made a `Fresh` above.
        FeedAction::ShowNew => {}
    }
    status
}

/// What an article page shows.
#[derive(Clone, Debug, PartialEq)]
pub enum ArticleShown {
    Article(Rc<LazyArticle>),
    /// A skeleton: the article may still come.
    Waiting,
    /// Why the article could not be had, and what trying again means.
    Failed(LoadError, Retry),
    /// The feed and the article's document are known, and it is in neither.
    Missing,
}

/// What "try again" does on an article page that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Fetch the feed again.
    Feed,
    /// Fetch the article's own document again.
    Document,
    /// Fetch the next page again.
    NextPage,
}

/// What an article page knows about the article it is asked for.
#[derive(Clone, Copy, Debug)]
pub struct ArticleSources<'a> {
    pub feed: &'a FeedStatus,
    /// The article, from the loaded pages or its own document.
    pub article: Option<&'a Rc<LazyArticle>>,
    /// The article's own document, when the loaded pages lack it and the
    /// feed says where such documents are (`Feed::item_url`).
    pub document: Option<&'a FetchState<Rc<Feed>>>,
}

impl ArticleSources<'_> {
    /// Whether to read on through the feed's next pages for the article:
    /// the loaded pages lack it, and the feed names no document for it.
    pub fn scanning(&self) -> bool {
        self.scanning_within(u32::MAX)
    }

    /// [`Self::scanning`], reading at most `pages` next pages.
    pub fn scanning_within(&self, pages: u32) -> bool {
        let feed = self.feed;
        feed.pages < pages
            && matches!(feed.state, FetchState::Loaded(_))
            && self.article.is_none()
            && self.document.is_none()
            && feed.has_next_page()
            && !matches!(feed.more, FetchState::Failed(_))
    }

    pub fn shown(&self) -> ArticleShown {
        self.shown_within(u32::MAX)
    }

    /// What is shown when at most `pages` next pages are read for the
    /// article: past them, it is missing.
    pub fn shown_within(&self, pages: u32) -> ArticleShown {
        let feed = self.feed;
        if let Some(article) = self.article {
            return ArticleShown::Article(article.clone());
        }
        match (&feed.state, self.document, &feed.more) {
            (FetchState::Loading, ..) => ArticleShown::Waiting,
            (FetchState::Failed(error), ..) => ArticleShown::Failed(error.clone(), Retry::Feed),
            (FetchState::Loaded(_), Some(document), _) => match document {
                FetchState::Loading => ArticleShown::Waiting,
                // Gone, or not in its own document: there is no such article.
                FetchState::Failed(LoadError::Http { status: 404 | 410 }) | FetchState::Loaded(_) => {
                    ArticleShown::Missing
                }
                FetchState::Failed(error) => ArticleShown::Failed(error.clone(), Retry::Document),
            },
            (FetchState::Loaded(_), None, _) if self.scanning_within(pages) || feed.refreshing => ArticleShown::Waiting,
            (FetchState::Loaded(_), None, FetchState::Loading) => ArticleShown::Waiting,
            // A next page failed while looking: say so, and let the reader try again.
            (FetchState::Loaded(_), None, FetchState::Failed(error)) => {
                ArticleShown::Failed(error.clone(), Retry::NextPage)
            }
            (FetchState::Loaded(_), None, FetchState::Loaded(())) => ArticleShown::Missing,
        }
    }
}
