use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::prelude::*;

/// How close to the viewport a lazy widget starts loading.
const MARGIN: &str = "200px";

/// Whether `node` has come within [`MARGIN`] of the viewport (and stays true
/// once it has). `eager` skips the wait.
#[hook]
pub fn use_near_viewport(node: NodeRef, eager: bool) -> bool {
    let near = use_state_eq(|| eager);
    {
        let near = near.clone();
        use_effect_with((node, eager), move |(node, eager)| {
            let mut observer = None;
            if *eager {
                near.set(true);
            } else if let Some(element) = node.cast::<web_sys::Element>() {
                let setter = near.setter();
                let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                    let any_near = entries
                        .iter()
                        .any(|entry| entry.unchecked_into::<IntersectionObserverEntry>().is_intersecting());
                    if any_near {
                        setter.set(true);
                    }
                });
                let init = IntersectionObserverInit::new();
                init.set_root_margin(MARGIN);
                if let Ok(created) = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init) {
                    created.observe(&element);
                    observer = Some((created, callback));
                } else {
                    // Without IntersectionObserver, load at once.
                    near.set(true);
                }
            }
            move || {
                if let Some((observer, _callback)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    *near
}
