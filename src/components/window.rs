//! A long list renders only the cards near the viewport (a 10,000-article
//! feed would otherwise be 120,000 DOM nodes): padding above and below the
//! rendered cards stands for the rest, from their measured heights (or the
//! average of those measured). Effects do all the work, so native rendering
//! (SSR) gets the first cards, as a prerendered page should.
//!
//! The list can change under the window at any time ("Load more", a fresh
//! feed replacing a stored copy, shorter or longer, with new articles on
//! top): heights are kept by article id, and every window is fitted to the
//! list it is rendered with, so no index can point past the list.
//!
//! The app windows its lists; the embed renders every card. An embed's list
//! grows by `limit` cards a "Load more", so it is long only for a reader who
//! asks again and again, and the windowing would cost every partner page 3.5
//! KB of brotli for it.

#[cfg(any(not(target_arch = "wasm32"), feature = "spa"))]
pub use measured::Measured;
#[cfg(any(not(target_arch = "wasm32"), feature = "spa"))]
pub use windowed::use_window;

/// Lists up to this long render every card: they cost little, and the
/// browser's find-in-page sees them all.
pub const WINDOW_THRESHOLD: usize = 100;

/// The cards to render, `start..end`, and the padding that stands for the
/// cards before and after them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub before_px: f64,
    pub after_px: f64,
}

impl Window {
    pub fn all(count: usize) -> Window {
        Window { start: 0, end: count, before_px: 0.0, after_px: 0.0 }
    }

    /// Whether the list is windowed at all.
    pub fn is_partial(&self, count: usize) -> bool {
        self.start > 0 || self.end < count
    }
}

/// Every card of the list: the embed's window (see the module's notes).
#[cfg(all(target_arch = "wasm32", not(feature = "spa")))]
#[yew::hook]
pub fn use_window(
    _list: yew::NodeRef,
    _feed: &std::rc::Rc<crate::model::Feed>,
    count: usize,
    _focus: Option<usize>,
) -> Window {
    Window::all(count)
}

/// The window's arithmetic, apart from the DOM so that it is tested natively.
#[cfg(any(not(target_arch = "wasm32"), feature = "spa"))]
mod measured {
    use std::collections::HashMap;

    use super::Window;

    /// Cards rendered before anything is measured: enough for a tall screen.
    pub const INITIAL: usize = 30;
    /// How far beyond the viewport cards are rendered, so that Tab and a quick
    /// scroll always find the next card in place.
    pub const OVERSCAN_PX: f64 = 800.0;
    /// What a card is taken to measure before any has been measured.
    pub const ESTIMATE_PX: f64 = 120.0;

    /// The heights of the cards of one list, as far as they are measured,
    /// and how many cards a row holds (the grid layout). What was measured
    /// stays with its article (by id) when the list changes.
    #[derive(Debug, Default)]
    pub struct Measured {
        by_id: HashMap<String, f64>,
        /// The list's cards in order: `None` for one not measured yet.
        heights: Vec<Option<f64>>,
        columns: usize,
    }

    impl Measured {
        /// Follows the list to the articles `ids`, in order: from now on the
        /// window is one of this list.
        pub fn sync<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
            self.heights.clear();
            self.heights.extend(ids.into_iter().map(|id| self.by_id.get(id).copied()));
        }

        /// How many cards the list has.
        pub fn len(&self) -> usize {
            self.heights.len()
        }

        pub fn is_empty(&self) -> bool {
            self.heights.is_empty()
        }

        /// Records that the card at `index`, article `id`, measured `height`
        /// (in a grid, 0 for all but the last card of a row).
        pub fn record(&mut self, index: usize, id: &str, height: f64) {
            if !(height.is_finite() && height >= 0.0) {
                return;
            }
            if let Some(slot) = self.heights.get_mut(index) {
                *slot = Some(height);
            }
            match self.by_id.get_mut(id) {
                Some(known) => *known = height,
                None => {
                    self.by_id.insert(id.to_owned(), height);
                }
            }
        }

        /// How many cards a row holds (1 outside a grid).
        pub fn set_columns(&mut self, columns: usize) {
            self.columns = columns.max(1);
        }

        /// What a card not measured yet is taken to measure.
        pub fn average(&self) -> f64 {
            let (sum, n) = self.heights.iter().flatten().fold((0.0, 0u32), |(s, n), h| (s + h, n + 1));
            if n == 0 {
                ESTIMATE_PX
            } else {
                sum / f64::from(n)
            }
        }

        /// Where each card starts, and (last) where the list ends: one more
        /// than the list has cards.
        pub fn offsets(&self) -> Vec<f64> {
            let average = self.average();
            let mut offsets = Vec::with_capacity(self.len() + 1);
            let mut at = 0.0;
            offsets.push(at);
            for height in &self.heights {
                at += height.unwrap_or(average);
                offsets.push(at);
            }
            offsets
        }

        /// Cards `start..end`, cut to the list, with the padding the heights
        /// known now give.
        pub fn padded(&self, start: usize, end: usize) -> Window {
            let offsets = self.offsets();
            let count = self.len();
            let end = end.min(count);
            let start = start.min(end);
            let at = |i: usize| offsets[i.min(count)];
            Window { start, end, before_px: at(start), after_px: at(count) - at(end) }
        }

        /// The window before anything is measured: the first cards, or those
        /// around `focus` (the card the reader came back to).
        pub fn initial(&self, focus: Option<usize>) -> Window {
            let start = focus.map_or(0, |i| i.saturating_sub(INITIAL / 2)).min(self.len().saturating_sub(1));
            let start = start / self.columns.max(1) * self.columns.max(1);
            self.padded(start, start.saturating_add(INITIAL))
        }

        /// `window`, made for this list or another, fitted to this one: the
        /// same cards where the list still has them, else as many at its end.
        pub fn fit(&self, window: Window) -> Window {
            let span = window.end.saturating_sub(window.start).max(1);
            let columns = self.columns.max(1);
            let start = window.start.min(self.len().saturating_sub(span)) / columns * columns;
            self.padded(start, start.saturating_add(span))
        }

        /// The window for a viewport from `top` to `bottom` in list coordinates.
        pub fn window(&self, top: f64, bottom: f64) -> Window {
            let offsets = self.offsets();
            let count = self.len();
            let at = |i: usize| offsets[i.min(count)];
            // Offsets only grow: the first card that reaches into the
            // overscan, and the first one below it.
            let start = (0..count).find(|&i| at(i + 1) >= top - OVERSCAN_PX).unwrap_or(count.saturating_sub(1));
            let end = (start..count).find(|&i| at(i) > bottom + OVERSCAN_PX).unwrap_or(count);
            // A grid row is rendered whole, so the columns never reflow.
            let columns = self.columns.max(1);
            let start = start / columns * columns;
            let end = end.div_ceil(columns).saturating_mul(columns);
            self.padded(start, end)
        }
    }
}

#[cfg(any(not(target_arch = "wasm32"), feature = "spa"))]
mod windowed {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use yew::prelude::*;

    use super::{Measured, Window, WINDOW_THRESHOLD};
    use crate::model::Feed;

    /// What the window keeps between renders (one cell: a hook per field would
    /// cost its own code in the wasm).
    #[derive(Default)]
    struct Refs {
        measured: Measured,
        /// The list `measured` follows: the feed, and how many of its
        /// articles are listed.
        list: Option<(Rc<Feed>, usize)>,
        /// Raised whenever the list changes: a window (or anchor) of an
        /// earlier list is fitted to this one before it is used.
        version: u32,
        /// The card the reader sees, and where, while the padding changes.
        anchor: Option<(usize, f64, u32)>,
        /// What is on screen now, for updates that come from scrolling.
        current: Option<Window>,
        /// Whether it is windowed.
        windowed: bool,
        /// After a change of the list, the cards that were on screen, where
        /// the new list has them (articles arriving above them move them
        /// down), and how far to scroll so that they stay where the reader
        /// saw them: until the window follows the scroll position again.
        moved: Option<(Window, f64)>,
        /// After the first render's effect.
        started: bool,
    }

    /// The window of the list of the first `count` articles of `feed`,
    /// rendered in `list` (the `<ul>`). `focus`: a card that must be in it
    /// (the one the reader came back to).
    ///
    /// Measuring a card can change the padding that stands for the cards
    /// before it; the window is then rendered again as it was, with the new
    /// padding and the scroll position moved so that what the reader sees stays
    /// put, and only after that moved to follow the scroll position.
    #[hook]
    pub fn use_window(list: NodeRef, feed: &Rc<Feed>, count: usize, focus: Option<usize>) -> Window {
        let count = count.min(feed.articles.len());
        let enabled = count > WINDOW_THRESHOLD;
        let refs = use_mut_ref(Refs::default);
        {
            let mut refs = refs.borrow_mut();
            let same = matches!(&refs.list, Some((known, n)) if Rc::ptr_eq(known, feed) && *n == count);
            if !same {
                // The first card rendered, unless it is the list's first (a
                // reader at the top sees what arrives there).
                let kept = match (&refs.list, refs.current) {
                    (Some((old, _)), Some(current)) if refs.windowed && current.start > 0 => old
                        .articles
                        .get(current.start)
                        .and_then(|first| feed.articles.iter().take(count).position(|article| article.id == first.id))
                        .map(|start| (start, current)),
                    _ => None,
                };
                refs.measured.sync(feed.articles.iter().take(count).map(|article| article.id.as_str()));
                refs.list = Some((Rc::clone(feed), count));
                refs.version = refs.version.wrapping_add(1);
                refs.moved = kept.map(|(start, current)| {
                    let moved =
                        refs.measured.fit(Window { start, end: start + (current.end - current.start), ..current });
                    (moved, moved.before_px - current.before_px)
                });
            }
        }
        let window = use_state_eq(|| {
            let refs = refs.borrow();
            (refs.measured.initial(focus), refs.version)
        });
        let shown = {
            let mut refs = refs.borrow_mut();
            let (state, version) = *window;
            let shown = match refs.moved {
                _ if version == refs.version => state,
                Some((moved, _)) => moved,
                None => refs.measured.fit(state),
            };
            refs.current = Some(shown);
            refs.windowed = enabled;
            shown
        };
        let update = {
            let (list, refs, window) = (list.clone(), refs.clone(), window.setter());
            Rc::new(move || {
                let Some(element) = list.cast::<web_sys::Element>() else { return };
                let Some(browser) = web_sys::window() else { return };
                let mut refs = refs.borrow_mut();
                let Some(shown) = refs.current else { return };
                let version = refs.version;
                let padded = refs.measured.padded(shown.start, shown.end);
                if (padded.before_px - shown.before_px).abs() > 0.5 {
                    refs.anchor = first_visible(&element, shown.start).map(|(index, top)| (index, top, version));
                    window.set((padded, version));
                    return;
                }
                let height = browser.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0);
                // The viewport in the list's own coordinates.
                let top = -element.get_bounding_client_rect().top();
                window.set((refs.measured.window(top, top + height), version));
            })
        };

        // After each render: keep the anchored card where it was, measure the
        // cards on screen, then check that they still cover the viewport. Not
        // after the first render when a card is to take focus: focusing it
        // scrolls it into view, and that scroll moves the window there.
        {
            let (list, refs, update) = (list.clone(), refs.clone(), update.clone());
            use_effect(move || {
                let first = {
                    let mut refs = refs.borrow_mut();
                    let first = !std::mem::replace(&mut refs.started, true);
                    if enabled {
                        if let Some((index, was, version)) = refs.anchor.take() {
                            if version == refs.version {
                                keep_in_place(&list, index.saturating_sub(shown.start), was);
                            }
                        }
                        if let Some((_, by)) = refs.moved.take().filter(|(_, by)| by.abs() > 0.5) {
                            if let Some(browser) = web_sys::window() {
                                browser.scroll_by_with_x_and_y(0.0, by);
                            }
                        }
                        measure(&list, &mut refs, shown.start);
                    }
                    first
                };
                if enabled && !(first && focus.is_some()) {
                    update();
                }
            });
        }
        // Scrolling and resizing move the window, once a frame at most. The
        // update reads the list from `refs`: it outlives the render it was
        // made in.
        {
            use_effect_with(enabled, move |enabled| {
                let listeners = enabled.then(|| listen(update)).flatten();
                move || drop(listeners)
            });
        }
        if enabled {
            shown
        } else {
            Window::all(count)
        }
    }

    /// The first rendered card that reaches into the viewport: its index and
    /// its top, in viewport coordinates.
    fn first_visible(list: &web_sys::Element, start: usize) -> Option<(usize, f64)> {
        let children = list.children();
        (0..children.length()).find_map(|i| {
            let rect = children.item(i)?.get_bounding_client_rect();
            (rect.bottom() > 0.0).then_some((start.saturating_add(i as usize), rect.top()))
        })
    }

    /// Scrolls so that the `position`-th rendered card is back at `was`.
    fn keep_in_place(list: &NodeRef, position: usize, was: f64) {
        let Some(element) = list.cast::<web_sys::Element>() else { return };
        let Some(card) = u32::try_from(position).ok().and_then(|position| element.children().item(position)) else {
            return;
        };
        let moved = card.get_bounding_client_rect().top() - was;
        if moved.abs() > 0.5 {
            if let Some(browser) = web_sys::window() {
                browser.scroll_by_with_x_and_y(0.0, moved);
            }
        }
    }

    /// Records the heights of the rendered cards, `start` on: the distance
    /// from each card's top to the next's (in a grid, a row's height falls to
    /// its last card).
    fn measure(list: &NodeRef, refs: &mut Refs, start: usize) {
        let Some(element) = list.cast::<web_sys::Element>() else { return };
        let Some((feed, _)) = &refs.list else { return };
        let children = element.children();
        let tops: Vec<(f64, f64)> = (0..children.length())
            .filter_map(|i| children.item(i))
            .map(|child| {
                let rect = child.get_bounding_client_rect();
                (rect.top(), rect.bottom())
            })
            .collect();
        // A hidden list (under an open article) measures nothing.
        let (Some(first), Some(last)) = (tops.first(), tops.last()) else { return };
        if last.1 - last.0 <= 0.0 {
            return;
        }
        for (i, pair) in tops.windows(2).enumerate() {
            let index = start.saturating_add(i);
            if let Some(article) = feed.articles.get(index) {
                refs.measured.record(index, &article.id, pair[1].0 - pair[0].0);
            }
        }
        refs.measured.set_columns(tops.iter().take_while(|(top, _)| (top - first.0).abs() < 1.0).count());
    }

    /// The callback a frame calls, kept alive while a frame may be requested.
    type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;

    /// Calls `update` at most once a frame while the page scrolls or resizes.
    fn listen(update: Rc<dyn Fn()>) -> Option<impl Drop> {
        let browser = web_sys::window()?;
        let pending = Rc::new(Cell::new(false));
        let frame: FrameCallback = Rc::new(RefCell::new(None));
        let requested = Rc::new(Cell::new(None::<i32>));
        let on_frame = {
            let (pending, requested, update) = (pending.clone(), requested.clone(), update.clone());
            Closure::<dyn FnMut()>::new(move || {
                pending.set(false);
                requested.set(None);
                update();
            })
        };
        *frame.borrow_mut() = Some(on_frame);
        let schedule = {
            let (browser, frame, requested) = (browser.clone(), frame.clone(), requested.clone());
            Closure::<dyn FnMut()>::new(move || {
                if !pending.replace(true) {
                    if let Some(callback) = frame.borrow().as_ref() {
                        requested.set(browser.request_animation_frame(callback.as_ref().unchecked_ref()).ok());
                    }
                }
            })
        };
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(true);
        for event in ["scroll", "resize"] {
            let _ = browser.add_event_listener_with_callback_and_add_event_listener_options(
                event,
                schedule.as_ref().unchecked_ref(),
                &options,
            );
        }
        Some(Listeners { browser, schedule, requested, _frame: frame })
    }

    struct Listeners {
        browser: web_sys::Window,
        schedule: Closure<dyn FnMut()>,
        /// A frame still to come, cancelled with the listeners: its callback is
        /// dropped with them.
        requested: Rc<Cell<Option<i32>>>,
        _frame: FrameCallback,
    }

    impl Drop for Listeners {
        fn drop(&mut self) {
            for event in ["scroll", "resize"] {
                let _ = self.browser.remove_event_listener_with_callback(event, self.schedule.as_ref().unchecked_ref());
            }
            if let Some(id) = self.requested.take() {
                let _ = self.browser.cancel_animation_frame(id);
            }
        }
    }
}
