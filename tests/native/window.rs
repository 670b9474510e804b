//! The windowed list's arithmetic while the list changes under it: "Load
//! more" (grow), a fresh feed replacing a stored copy (longer, shorter, new
//! articles on top), a focus past the end, no cards at all, a grid. Nothing
//! may panic, every window lies within the list it is fitted to, and what was
//! measured stays with its article.

use article_widget::components::{Measured, Window};
use proptest::prelude::*;

/// The ids `prefix0..prefix{n}`.
fn ids(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}{i}")).collect()
}

fn synced(list: &[String]) -> Measured {
    let mut measured = Measured::default();
    measured.sync(list.iter().map(String::as_str));
    measured
}

/// Measures every card of `list` at `height`, as rendering them all would.
fn measure_all(measured: &mut Measured, list: &[String], height: f64) {
    for (i, id) in list.iter().enumerate() {
        measured.record(i, id, height);
    }
}

/// The window is inside the list, its padding finite and not negative.
fn assert_within(window: Window, len: usize) {
    assert!(window.start <= window.end && window.end <= len, "{window:?} in a list of {len}");
    assert!(window.before_px.is_finite() && window.before_px >= 0.0, "{window:?}");
    assert!(window.after_px.is_finite() && window.after_px >= -1e-6, "{window:?}");
}

/// Where the list ends (its full height).
fn total(measured: &Measured) -> f64 {
    *measured.offsets().last().unwrap()
}

/// The window at the very end of the list, as scrolling there asks for it.
fn at_end(measured: &Measured) -> Window {
    let end = total(measured);
    measured.window(end - 900.0, end)
}

#[test]
fn a_list_that_grows_page_by_page_keeps_a_window_at_its_end() {
    let mut measured = Measured::default();
    let mut shown = Window::all(0);
    for pages in 1..=5 {
        let list = ids("a", 0..60 * pages);
        measured.sync(list.iter().map(String::as_str));
        // The window of the shorter list, as the last render had it.
        if pages > 1 {
            assert_eq!(measured.fit(shown), measured.padded(shown.start, shown.end));
        }
        assert_within(measured.padded(shown.start, shown.end), list.len());
        measure_all(&mut measured, &list[..list.len().min(50)], 100.0);
        shown = at_end(&measured);
        assert_within(shown, list.len());
        assert_eq!(shown.end, list.len(), "page {pages}: the end shows the last card");
        assert!(shown.start < shown.end);
        assert!(shown.after_px.abs() < 1e-6);
    }
}

#[test]
fn a_window_of_a_longer_list_is_fitted_to_a_shorter_one() {
    // Scrolled to the end of 300, then the list has 150 (a shorter copy).
    let long = ids("a", 0..300);
    let mut measured = synced(&long);
    measure_all(&mut measured, &long, 100.0);
    let shown = at_end(&measured);
    assert_eq!(shown.end, 300);
    let short = ids("a", 0..150);
    measured.sync(short.iter().map(String::as_str));
    let fitted = measured.fit(shown);
    assert_within(fitted, 150);
    assert_eq!(fitted.end, 150);
    assert_eq!(fitted.end - fitted.start, shown.end - shown.start, "as many cards, at the end");
    assert_eq!(fitted.before_px, fitted.start as f64 * 100.0);
    // Asking for the old range directly cuts it to the list.
    let padded = measured.padded(shown.start, shown.end);
    assert_within(padded, 150);
    assert_eq!((padded.start, padded.end), (150, 150));
    assert_within(measured.padded(usize::MAX, usize::MAX), 150);
    assert_within(measured.window(1e9, 1e9 + 900.0), 150);
}

#[test]
fn a_stored_copy_shorter_than_the_fresh_feed() {
    // The stored 120 are shown and measured; the fresh 300 has 30 new
    // articles on top, then the 120, then older ones.
    let stored = ids("a", 0..120);
    let mut measured = synced(&stored);
    for (i, id) in stored.iter().enumerate() {
        measured.record(i, id, 100.0 + i as f64);
    }
    let shown = at_end(&measured);
    assert_eq!(shown.end, 120);
    let fresh: Vec<String> =
        ids("new", 0..30).into_iter().chain(stored.iter().cloned()).chain(ids("b", 0..150)).collect();
    measured.sync(fresh.iter().map(String::as_str));
    assert_eq!(measured.len(), 300);
    let fitted = measured.fit(shown);
    assert_within(fitted, 300);
    assert_eq!((fitted.start, fitted.end), (shown.start, shown.end));
    let end = at_end(&measured);
    assert_within(end, 300);
    assert_eq!(end.end, 300);
    // The stored articles keep their heights at their new places; the rest
    // are taken at the average.
    let offsets = measured.offsets();
    for i in 30..150 {
        assert_eq!(offsets[i + 1] - offsets[i], 100.0 + (i - 30) as f64, "card {i}");
    }
    assert!((offsets[30] - 30.0 * measured.average()).abs() < 1e-6);
    // And the other way round, the same window asked of the shorter copy.
    measured.sync(stored.iter().map(String::as_str));
    assert_within(measured.padded(end.start, end.end), 120);
    assert_within(measured.fit(end), 120);
}

#[test]
fn articles_arriving_on_top_keep_what_was_measured_by_id() {
    let old = ids("a", 0..200);
    let mut measured = synced(&old);
    // Card a{i} measured 100 + i px.
    for (i, id) in old.iter().enumerate() {
        measured.record(i, id, 100.0 + i as f64);
    }
    let before = measured.padded(10, 20);
    let new: Vec<String> = ids("new", 0..7).into_iter().chain(old.iter().cloned()).collect();
    measured.sync(new.iter().map(String::as_str));
    let average = measured.average();
    let moved = measured.padded(17, 27);
    assert_eq!((moved.start, moved.end), (17, 27));
    // The same cards, 7 unmeasured ones (taken at the average) further down.
    assert!((moved.before_px - (before.before_px + 7.0 * average)).abs() < 1e-6, "{moved:?} {before:?}");
    assert!((moved.after_px - before.after_px).abs() < 1e-6);
    let offsets = measured.offsets();
    for i in 0..200 {
        assert_eq!(offsets[i + 8] - offsets[i + 7], 100.0 + i as f64, "a{i}");
    }
    // An article that left the list and came back is still known.
    measured.sync(ids("a", 100..200).iter().map(String::as_str));
    assert_eq!(measured.offsets()[1], 200.0);
}

#[test]
fn a_focus_past_the_end_shows_the_last_cards() {
    let list = ids("a", 0..120);
    let measured = synced(&list);
    for focus in [119, 120, 500, usize::MAX] {
        let window = measured.initial(Some(focus));
        assert_within(window, 120);
        assert!(window.start < window.end && window.end == 120, "focus {focus}: {window:?}");
    }
    let window = measured.initial(Some(60));
    assert!(window.start <= 60 && 60 < window.end, "{window:?}");
    assert_eq!(measured.initial(None).start, 0);
}

#[test]
fn no_cards_at_all() {
    let measured = synced(&[]);
    assert!(measured.is_empty());
    assert_eq!(measured.offsets(), vec![0.0]);
    let empty = Window { start: 0, end: 0, before_px: 0.0, after_px: 0.0 };
    assert_eq!(measured.window(0.0, 900.0), empty);
    assert_eq!(measured.window(-1e9, f64::NAN), empty);
    assert_eq!(measured.padded(3, 40), empty);
    assert_eq!(measured.initial(Some(7)), empty);
    assert_eq!(measured.fit(Window { start: 280, end: 300, before_px: 1.0, after_px: 2.0 }), empty);
}

#[test]
fn a_grid_renders_whole_rows() {
    let list = ids("a", 0..301);
    let mut measured = synced(&list);
    measured.set_columns(3);
    // A row's height falls to its last card: 0, 0, 240.
    for (i, id) in list.iter().enumerate().take(150) {
        measured.record(i, id, if i % 3 == 2 { 240.0 } else { 0.0 });
    }
    let offsets = measured.offsets();
    assert_eq!(offsets[3], 240.0, "a measured row is as tall as it is, not three cards");
    assert_eq!(offsets[150], 50.0 * 240.0);
    for top in [0.0, 3000.0, 12_345.0, 20_000.0, 1e9] {
        let window = measured.window(top, top + 900.0);
        assert_within(window, 301);
        assert_eq!(window.start % 3, 0, "{window:?}");
        assert!(window.end.is_multiple_of(3) || window.end == 301, "{window:?}");
    }
    // A list that grows by a card that does not fill a row.
    let grown = ids("a", 0..302);
    measured.sync(grown.iter().map(String::as_str));
    let end = at_end(&measured);
    assert_within(end, 302);
    assert_eq!((end.start % 3, end.end), (0, 302));
    let fitted = measured.fit(Window { start: 301, end: 400, before_px: 0.0, after_px: 0.0 });
    assert_within(fitted, 302);
    assert_eq!(fitted.start % 3, 0);
}

/// One change a reader's session can make to the list or the window.
#[derive(Clone, Debug)]
enum Step {
    /// The list becomes `len` articles: the first `top` new, then the old
    /// ones from `skip` on, then new ones again.
    List {
        top: usize,
        skip: usize,
        len: usize,
    },
    /// Cards `start..start+n` are rendered and measured.
    Measure {
        start: usize,
        n: usize,
        height: f64,
    },
    Columns(usize),
    /// The reader scrolls to `top`.
    Scroll(f64),
    /// A window of some earlier list is rendered.
    Stale {
        start: usize,
        end: usize,
    },
    Focus(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0usize..40, 0usize..100, 0usize..400).prop_map(|(top, skip, len)| Step::List { top, skip, len }),
        (0usize..450, 0usize..40, prop_oneof![0.0..400.0, Just(0.0), Just(f64::NAN), Just(-5.0), Just(f64::INFINITY)])
            .prop_map(|(start, n, height)| Step::Measure { start, n, height }),
        (0usize..5).prop_map(Step::Columns),
        prop_oneof![-1e4..1e6, Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)].prop_map(Step::Scroll),
        (0usize..500, 0usize..500).prop_map(|(start, end)| Step::Stale { start, end }),
        (0usize..500).prop_map(Step::Focus),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever a session does, no step panics, every window is within the
    /// list, and each card's height is what was last measured for its id.
    #[test]
    fn any_session_keeps_the_window_within_the_list(steps in prop::collection::vec(step(), 1..40)) {
        let mut measured = Measured::default();
        let mut list: Vec<String> = Vec::new();
        let mut known = std::collections::HashMap::<String, f64>::new();
        let mut fresh = 0;
        for step in steps {
            match step {
                Step::List { top, skip, len } => {
                    let mut next: Vec<String> = (0..top).map(|_| { fresh += 1; format!("n{fresh}") }).collect();
                    next.extend(list.iter().skip(skip).cloned());
                    while next.len() < len {
                        fresh += 1;
                        next.push(format!("n{fresh}"));
                    }
                    next.truncate(len);
                    list = next;
                    measured.sync(list.iter().map(String::as_str));
                }
                Step::Measure { start, n, height } => {
                    for i in start..start + n {
                        let id = list.get(i).cloned().unwrap_or_else(|| format!("gone{i}"));
                        measured.record(i, &id, height);
                        if height.is_finite() && height >= 0.0 && i < list.len() {
                            known.insert(id, height);
                        }
                    }
                }
                Step::Columns(n) => measured.set_columns(n),
                Step::Scroll(top) => assert_within(measured.window(top, top + 900.0), list.len()),
                Step::Stale { start, end } => {
                    assert_within(measured.padded(start, end), list.len());
                    assert_within(measured.fit(Window { start, end, before_px: 0.0, after_px: 0.0 }), list.len());
                }
                Step::Focus(i) => assert_within(measured.initial(Some(i)), list.len()),
            }
            prop_assert_eq!(measured.len(), list.len());
            let offsets = measured.offsets();
            prop_assert_eq!(offsets.len(), list.len() + 1);
            let average = measured.average();
            for (i, id) in list.iter().enumerate() {
                let height = known.get(id).copied().unwrap_or(average);
                prop_assert!((offsets[i + 1] - offsets[i] - height).abs() < 1e-6, "card {} ({}): {:?}", i, id, offsets);
            }
        }
    }
}
