//! A long list renders only the cards near the viewport (a 10,000-article
//! feed would otherwise be 120,000 DOM nodes): padding above and below the
//! rendered cards stands for the rest, from their measured heights (or the
//! average of those measured). Effects do all the work, so native rendering
//! (SSR) gets the first cards, as a prerendered page should.
//!
//! The app windows its lists; the embed renders every card. An embed's list
//! grows by `limit` cards a "Load more", so it is long only for a reader who
//! asks again and again, and the windowing would cost every partner page 3.5
//! KB of brotli for it.

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
pub fn use_window(_list: yew::NodeRef, count: usize, _focus: Option<usize>) -> Window {
    Window::all(count)
}

#[cfg(any(not(target_arch = "wasm32"), feature = "spa"))]
mod windowed {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use yew::prelude::*;

    use super::{Window, WINDOW_THRESHOLD};

    /// Cards rendered before anything is measured: enough for a tall screen.
    const INITIAL: usize = 30;
    /// How far beyond the viewport cards are rendered, so that Tab and a quick
    /// scroll always find the next card in place.
    const OVERSCAN_PX: f64 = 800.0;
    /// What a card is taken to measure before any has been measured.
    const ESTIMATE_PX: f64 = 120.0;

    /// Heights of the cards measured so far (0 = not yet), and how many cards a
    /// row holds (the grid layout).
    #[derive(Default)]
    struct Measured {
        heights: Vec<f64>,
        columns: usize,
    }

    impl Measured {
        fn average(&self) -> f64 {
            let (sum, n) = self.heights.iter().filter(|h| **h > 0.0).fold((0.0, 0), |(s, n), h| (s + h, n + 1));
            if n == 0 {
                ESTIMATE_PX
            } else {
                sum / f64::from(n)
            }
        }

        /// Where each card starts, and (last) where the list ends.
        fn offsets(&self, count: usize) -> Vec<f64> {
            let average = self.average();
            let mut offsets = Vec::with_capacity(count + 1);
            offsets.push(0.0);
            for i in 0..count {
                let height = self.heights.get(i).copied().filter(|h| *h > 0.0).unwrap_or(average);
                offsets.push(offsets[i] + height);
            }
            offsets
        }

        /// Cards `start..end` with the padding the heights known now give.
        fn padded(&self, count: usize, start: usize, end: usize) -> Window {
            let offsets = self.offsets(count);
            Window { start, end, before_px: offsets[start], after_px: offsets[count] - offsets[end] }
        }

        /// The window for a viewport from `top` to `bottom` in list coordinates.
        fn window(&self, count: usize, top: f64, bottom: f64) -> Window {
            let offsets = self.offsets(count);
            let start = (0..count).find(|&i| offsets[i + 1] >= top - OVERSCAN_PX).unwrap_or(count.saturating_sub(1));
            let end = (start..count).find(|&i| offsets[i] > bottom + OVERSCAN_PX).unwrap_or(count);
            // A grid row is rendered whole, so the columns never reflow.
            let columns = self.columns.max(1);
            let start = start / columns * columns;
            let end = end.div_ceil(columns).saturating_mul(columns).clamp(start, count);
            Window { start, end, before_px: offsets[start], after_px: offsets[count] - offsets[end] }
        }
    }

    /// What the window keeps between renders (one cell: a hook per field would
    /// cost its own code in the wasm).
    struct Refs {
        measured: Measured,
        /// The card the reader sees, and where, while the padding changes.
        anchor: Option<(usize, f64)>,
        /// What is on screen now, for updates that come from scrolling.
        current: Window,
        /// Before the first render's effect.
        first: bool,
    }

    /// The window of a list of `count` cards rendered in `list` (the `<ul>`).
    /// `focus`: a card that must be in it (the one the reader came back to).
    ///
    /// Measuring a card can change the padding that stands for the cards
    /// before it; the window is then rendered again as it was, with the new
    /// padding and the scroll position moved so that what the reader sees stays
    /// put, and only after that moved to follow the scroll position.
    #[hook]
    pub fn use_window(list: NodeRef, count: usize, focus: Option<usize>) -> Window {
        let enabled = count > WINDOW_THRESHOLD;
        let initial = move || {
            let start = focus.map_or(0, |i| i.saturating_sub(INITIAL / 2)).min(count.saturating_sub(1));
            let end = (start + INITIAL).min(count);
            let before_px = start as f64 * ESTIMATE_PX;
            Window { start, end, before_px, after_px: (count - end) as f64 * ESTIMATE_PX }
        };
        let window = use_state_eq(initial);
        let shown = if window.end <= count { *window } else { initial() };
        let refs = use_mut_ref(|| Refs { measured: Measured::default(), anchor: None, current: shown, first: true });
        refs.borrow_mut().current = shown;
        let update = {
            let (list, refs, window) = (list.clone(), refs.clone(), window.setter());
            Rc::new(move || {
                let Some(element) = list.cast::<web_sys::Element>() else { return };
                let Some(browser) = web_sys::window() else { return };
                let mut refs = refs.borrow_mut();
                let shown = refs.current;
                let padded = refs.measured.padded(count, shown.start, shown.end);
                if (padded.before_px - shown.before_px).abs() > 0.5 {
                    refs.anchor = first_visible(&element, shown.start);
                    window.set(padded);
                    return;
                }
                let height = browser.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0);
                // The viewport in the list's own coordinates.
                let top = -element.get_bounding_client_rect().top();
                window.set(refs.measured.window(count, top, top + height));
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
                    let first = std::mem::replace(&mut refs.first, false);
                    if enabled {
                        if let Some((index, was)) = refs.anchor.take() {
                            keep_in_place(&list, index.saturating_sub(shown.start), was);
                        }
                        measure(&list, &mut refs.measured, count, shown.start);
                    }
                    first
                };
                if enabled && !(first && focus.is_some()) {
                    update();
                }
            });
        }
        // Scrolling and resizing move the window, once a frame at most.
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
            (rect.bottom() > 0.0).then_some((start + i as usize, rect.top()))
        })
    }

    /// Scrolls so that the `position`-th rendered card is back at `was`.
    fn keep_in_place(list: &NodeRef, position: usize, was: f64) {
        let Some(element) = list.cast::<web_sys::Element>() else { return };
        let Some(card) = element.children().item(position as u32) else { return };
        let moved = card.get_bounding_client_rect().top() - was;
        if moved.abs() > 0.5 {
            if let Some(browser) = web_sys::window() {
                browser.scroll_by_with_x_and_y(0.0, moved);
            }
        }
    }

    /// Records the heights of the rendered cards: the distance from each card's
    /// top to the next's (in a grid, a row's height falls to its last card).
    fn measure(list: &NodeRef, measured: &mut Measured, count: usize, start: usize) {
        let Some(element) = list.cast::<web_sys::Element>() else { return };
        measured.heights.resize(count, 0.0);
        let children = element.children();
        let tops: Vec<(f64, f64)> = (0..children.length())
            .filter_map(|i| children.item(i))
            .map(|child| {
                let rect = child.get_bounding_client_rect();
                (rect.top(), rect.bottom())
            })
            .collect();
        // A hidden list (under an open article) measures nothing.
        if tops.last().is_none_or(|(top, bottom)| bottom - top <= 0.0) {
            return;
        }
        for (i, pair) in tops.windows(2).enumerate() {
            if let Some(slot) = measured.heights.get_mut(start + i) {
                *slot = pair[1].0 - pair[0].0;
            }
        }
        measured.columns = tops.iter().take_while(|(top, _)| (top - tops[0].0).abs() < 1.0).count().max(1);
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
