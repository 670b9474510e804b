//! The only code that talks to the network.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use web_sys::{AbortController, AbortSignal};

use crate::load::LoadError;
use crate::model::Feed;
use crate::platform::BrowserPlatform;

/// A request under way. Dropping it aborts the request and guarantees its
/// callback never runs, so a view that went away is never updated.
#[must_use = "dropping an InFlight aborts its request"]
pub struct InFlight {
    controller: Option<AbortController>,
    cancelled: Rc<Cell<bool>>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.cancelled.set(true);
        if let Some(controller) = &self.controller {
            controller.abort();
        }
    }
}

/// Fetches and parses the feed at `url`, then calls `on_done` unless the
/// returned [`InFlight`] was dropped first.
pub fn load_feed(url: String, on_done: impl FnOnce(Result<Feed, LoadError>) + 'static) -> InFlight {
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    let cancelled = Rc::new(Cell::new(false));
    let cancelled_in_task = Rc::clone(&cancelled);
    wasm_bindgen_futures::spawn_local(async move {
        let result = fetch_feed(&url, signal.as_ref()).await;
        if !cancelled_in_task.get() {
            on_done(result);
        }
    });
    InFlight { controller, cancelled }
}

/// Fetches the feed at `url` (relative to the page) and parses it, resolving
/// the feed's relative links against the URL it was served from and turning
/// its HTML into safe blocks.
pub async fn fetch_feed(url: &str, signal: Option<&AbortSignal>) -> Result<Feed, LoadError> {
    let response = Request::get(url).abort_signal(signal).send().await.map_err(network_error)?;
    if !response.ok() {
        return Err(LoadError::Http { status: response.status() });
    }
    let body = response.text().await.map_err(network_error)?;
    let feed = Feed::parse(&body, &BrowserPlatform::new(response.url()))?;
    Ok(feed)
}

fn network_error(error: gloo_net::Error) -> LoadError {
    LoadError::Network(error.to_string())
}
