//! The app's router: the route the address bar shows, kept in step with the
//! browser's history. The URL rules themselves are [`crate::route::Site`]'s.

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::route::{Route, Site};

/// The current route and the verbs to change it, from [`Router`].
#[derive(Clone, PartialEq)]
pub struct RouterHandle {
    site: Rc<Site>,
    route: Route,
    navigate: Callback<Route>,
}

impl RouterHandle {
    pub fn route(&self) -> &Route {
        &self.route
    }

    /// The link to `route`, for an `href`.
    pub fn href(&self, route: &Route) -> AttrValue {
        self.site.href(route).into()
    }

    /// Goes to `route` without loading a page, as a new history entry.
    pub fn push(&self, route: Route) {
        self.navigate.emit(route);
    }
}

#[derive(Properties, PartialEq)]
pub struct RouterProps {
    pub site: Rc<Site>,
    #[prop_or_default]
    pub children: Html,
}

/// Provides a [`RouterHandle`] to everything inside it.
#[component]
pub fn Router(props: &RouterProps) -> Html {
    let route = use_state_eq(|| current_route(&props.site));
    {
        // Back, forward, and a fragment edited by hand.
        let route = route.setter();
        use_effect_with(props.site.clone(), move |site| {
            let listeners = web_sys::window().map(|window| {
                let listen = |event: &'static str| {
                    let (site, route) = (site.clone(), route.clone());
                    EventListener::new(&window, event, move |_| route.set(current_route(&site)))
                };
                (listen("popstate"), listen("hashchange"))
            });
            move || drop(listeners)
        });
    }
    let navigate = {
        let (site, route) = (props.site.clone(), route.setter());
        Callback::from(move |next: Route| {
            if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
                let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&site.href(&next)));
            }
            route.set(next);
        })
    };
    let handle = RouterHandle { site: props.site.clone(), route: (*route).clone(), navigate };
    html! { <ContextProvider<RouterHandle> context={handle}>{ props.children.clone() }</ContextProvider<RouterHandle>> }
}

/// The router of the [`Router`] this is rendered in.
#[hook]
pub fn use_router() -> RouterHandle {
    use_context::<RouterHandle>().expect("rendered inside a Router")
}

fn current_route(site: &Site) -> Route {
    let Some(location) = web_sys::window().map(|window| window.location()) else {
        return Route::Home;
    };
    site.route(&location.pathname().unwrap_or_default(), &location.hash().unwrap_or_default())
}
