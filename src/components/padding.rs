//! The padding a windowed list stands for its unrendered cards with, set
//! through the CSSOM (`element.style`) after each render rather than as a
//! `style` attribute: the site's Content-Security-Policy has no
//! `'unsafe-inline'` for styles, and browsers drop `style` attributes under
//! it, from markup and from `setAttribute` alike. SSR writes no padding (a
//! prerendered page shows its first cards and no empty space after them).
//!
//! The hook must come before `use_window` in the component: Yew runs effects
//! in the order their hooks were declared, and the window's effect measures
//! the cards, and keeps the reader's place, with this padding in place.

#[cfg(any(not(target_arch = "wasm32"), feature = "spa"))]
pub use applied::use_padding;

/// The embed renders every card (see `window`), so it never pads.
#[cfg(all(target_arch = "wasm32", not(feature = "spa")))]
pub struct Padding;

#[cfg(all(target_arch = "wasm32", not(feature = "spa")))]
impl Padding {
    pub fn set(&self, _padding: Option<(String, String)>) {}
}

#[cfg(all(target_arch = "wasm32", not(feature = "spa")))]
#[yew::hook]
pub fn use_padding(_list: yew::NodeRef) -> Padding {
    Padding
}

#[cfg(any(not(target_arch = "wasm32"), feature = "spa"))]
mod applied {
    use std::cell::RefCell;
    use std::rc::Rc;

    use yew::prelude::*;

    /// The padding for the next effect: top and bottom as CSS lengths, or
    /// none for a list rendered whole.
    pub struct Padding(Rc<RefCell<Option<(String, String)>>>);

    impl Padding {
        pub fn set(&self, padding: Option<(String, String)>) {
            *self.0.borrow_mut() = padding;
        }
    }

    /// Pads `list` (the `<ul>`) as last `set` in the render.
    #[hook]
    pub fn use_padding(list: NodeRef) -> Padding {
        let padding = use_mut_ref(|| None::<(String, String)>);
        {
            let padding = padding.clone();
            use_effect(move || {
                let Some(element) = list.cast::<web_sys::HtmlElement>() else { return };
                let style = element.style();
                // Setting a property to the value it has is no change, so
                // this costs nothing on renders that do not move the window.
                let _ = match padding.borrow().as_ref() {
                    Some((top, bottom)) => style
                        .set_property("padding-top", top.as_str())
                        .and_then(|()| style.set_property("padding-bottom", bottom.as_str()))
                        // The window keeps the reader's place itself; the
                        // browser's own scroll anchoring would move it twice.
                        .and_then(|()| style.set_property("overflow-anchor", "none")),
                    None => style.set_property("padding", "").and_then(|()| style.set_property("overflow-anchor", "")),
                };
            });
        }
        Padding(padding)
    }
}
