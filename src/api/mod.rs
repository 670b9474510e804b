//! The only code that talks to the network (and keeps the copies it got).

mod cache;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_net::http::{Request, Response};
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader, RequestCache, TextDecodeOptions, TextDecoder};

use crate::load::{next_link, retry_after_seconds, FetchPolicy, LoadError, StoredCopy};
use crate::model::{Feed, Format};
use crate::platform::{own_property, BrowserPlatform};

/// A load under way. Dropping it aborts the request in flight, cancels any
/// retry still waiting, and guarantees the callback never runs, so a view
/// that went away is never updated and nothing is fetched for it afterwards.
#[must_use = "dropping an InFlight aborts its request"]
pub struct InFlight {
    cancel: Rc<Cancel>,
}

/// How a load is called off: what an [`InFlight`] shares with its task.
#[derive(Default)]
struct Cancel {
    cancelled: Cell<bool>,
    /// The controller of the attempt in flight, if any.
    controller: RefCell<Option<AbortController>>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.cancel.cancelled.set(true);
        if let Some(controller) = self.cancel.controller.borrow().as_ref() {
            controller.abort();
        }
    }
}

/// A first request that `embed.js` started for a widget before the wasm
/// ran: the loader only calls `fetch` with the request this module would
/// make (`cache: "no-cache"`, no other option), and hands over the promise
/// of its response and its `AbortController`. Everything after (the time
/// limit, counted from the loader's start, the size cap, retries, errors,
/// the abort) is this module's, as for a request of its own.
pub struct Prefetched {
    /// The absolute URL the loader asked for.
    url: String,
    response: js_sys::Promise,
    controller: AbortController,
    /// When the loader called `fetch` (`performance.now()`).
    started: f64,
}

/// The loader's first request for one widget, until the widget's first load
/// takes it ([`Handover::take_for`]) or it is abandoned. Equal only to itself.
#[derive(Clone, Default)]
pub struct Handover(Rc<RefCell<Option<Prefetched>>>);

impl PartialEq for Handover {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Handover {
    /// The loader's request for `url` (absolute), started at `started`
    /// (`performance.now()`); without all of it, there is none.
    pub fn new(
        url: Option<String>,
        response: Option<js_sys::Promise>,
        controller: Option<AbortController>,
        started: f64,
    ) -> Handover {
        let prefetched = match (url, response, controller) {
            (Some(url), Some(response), Some(controller)) => Some(Prefetched { url, response, controller, started }),
            _ => None,
        };
        Handover(Rc::new(RefCell::new(prefetched)))
    }

    /// The request, if it is still here and was for `url` (absolute); one
    /// for another URL is aborted. Either way it is gone afterwards.
    pub fn take_for(&self, url: &str) -> Option<Prefetched> {
        let prefetched = self.0.borrow_mut().take()?;
        if prefetched.url == url {
            Some(prefetched)
        } else {
            prefetched.controller.abort();
            None
        }
    }

    /// Aborts the request if no load took it (the widget went away first).
    pub fn abandon(&self) {
        if let Some(prefetched) = self.0.borrow_mut().take() {
            prefetched.controller.abort();
        }
    }
}

/// What a load has to report, in order: perhaps a stored copy at once, then
/// the fresh feed or why there is none.
#[derive(Debug)]
pub enum Update {
    /// The last good copy, from storage, while the network is asked.
    Stored(Feed),
    Fresh(Feed),
    Failed(LoadError),
}

/// Fetches and parses the feed at `url` under `policy`, reporting to
/// `on_update` unless the returned [`InFlight`] was dropped first. With
/// `stored`, a stored copy is reported first and a fresh one is stored.
/// With `prefetched` (for this `url`), that request is the first attempt.
pub fn load_feed(
    url: String,
    policy: FetchPolicy,
    stored: bool,
    prefetched: Option<Prefetched>,
    on_update: impl FnMut(Update) + 'static,
) -> InFlight {
    load(url, policy, stored, prefetched, Box::new(on_update))
}

/// [`load_feed`], compiled once rather than once per callback type.
fn load(
    url: String,
    policy: FetchPolicy,
    stored: bool,
    mut prefetched: Option<Prefetched>,
    mut on_update: Box<dyn FnMut(Update)>,
) -> InFlight {
    let cancel = Rc::new(Cancel::default());
    // Dropped before the task starts, the load aborts the loader's request too.
    cancel.controller.replace(prefetched.as_ref().map(|p| p.controller.clone()));
    let task = Rc::clone(&cancel);
    wasm_bindgen_futures::spawn_local(async move {
        // The task starts a tick later: it may already have been dropped.
        if task.cancelled.get() {
            return;
        }
        let key = absolute_url(&url);
        if stored {
            if let Some(feed) = cache::read(&key).and_then(|text| restore(&text, &key)) {
                on_update(Update::Stored(feed));
            }
            if task.cancelled.get() {
                return;
            }
        }
        let result = fetch_with_retries(&url, policy, &task, prefetched.take()).await;
        if task.cancelled.get() {
            return;
        }
        on_update(match result {
            Ok(Fetched { feed, body, url }) => {
                if stored {
                    let wordpress = feed.format == Format::WordPress;
                    cache::write(&StoredCopy { requested: &key, url: &url, wordpress, body: &body });
                }
                Update::Fresh(feed)
            }
            Err(error) => Update::Failed(error),
        });
    });
    InFlight { cancel }
}

/// Fetches the feed once, with the default policy's time and size limits
/// and no retries.
pub async fn fetch_feed(url: &str) -> Result<Feed, LoadError> {
    let policy = FetchPolicy { retries: 0, ..FetchPolicy::default() };
    fetch_with_retries(url, policy, &Cancel::default(), None).await.map(|fetched| fetched.feed)
}

/// A stored copy, read as the kind of document it was when fetched, its
/// links resolved against the URL it came from.
fn restore(text: &str, requested: &str) -> Option<Feed> {
    let copy = StoredCopy::decode(text, requested)?;
    let feed = BrowserPlatform::new(copy.url.to_owned()).parse_feed(copy.body).ok()?;
    ((feed.format == Format::WordPress) == copy.wordpress).then(|| with_wordpress_paging(feed, copy.url, None))
}

/// A feed, the text it was parsed from, and the URL it came from.
struct Fetched {
    feed: Feed,
    body: String,
    url: String,
}

async fn fetch_with_retries(
    url: &str,
    policy: FetchPolicy,
    cancel: &Cancel,
    mut prefetched: Option<Prefetched>,
) -> Result<Fetched, LoadError> {
    let mut attempt = 0;
    loop {
        let (result, retry_after_ms) = fetch_once(url, &policy, cancel, prefetched.take()).await;
        let error = match result {
            Ok(feed) => return Ok(feed),
            Err(error) => error,
        };
        let delay = FetchPolicy::retryable(&error)
            .then(|| policy.delay_ms(attempt, retry_after_ms, js_sys::Math::random()))
            .flatten();
        match delay {
            Some(delay) if !cancel.cancelled.get() => TimeoutFuture::new(delay).await,
            _ => return Err(error),
        }
        if cancel.cancelled.get() {
            return Err(error);
        }
        attempt += 1;
    }
}

/// One attempt (the loader's request, if `prefetched`): the result, and the
/// server's `Retry-After` in milliseconds.
async fn fetch_once(
    url: &str,
    policy: &FetchPolicy,
    cancel: &Cancel,
    prefetched: Option<Prefetched>,
) -> (Result<Fetched, LoadError>, Option<u32>) {
    if cancel.cancelled.get() {
        if let Some(prefetched) = prefetched {
            prefetched.controller.abort();
        }
        return (Err(LoadError::Network("cancelled".into())), None);
    }
    let (controller, limit_ms) = match &prefetched {
        // The loader's request has run since `started`: that counts too.
        Some(prefetched) => {
            let elapsed = web_sys::window()
                .and_then(|window| window.performance())
                .map_or(0.0, |performance| performance.now() - prefetched.started);
            // At least half the limit from the handover: a module that
            // loaded slowly must not turn a request under way into a
            // timeout and a second request.
            let left = policy.timeout_ms.saturating_sub(elapsed.max(0.0) as u32);
            (Some(prefetched.controller.clone()), left.max(policy.timeout_ms / 2))
        }
        None => (AbortController::new().ok(), policy.timeout_ms),
    };
    cancel.controller.replace(controller.clone());
    let timed_out = Rc::new(Cell::new(false));
    // The limit covers the whole attempt, body included; dropping the timer
    // at the end of this function disarms it.
    let _timer = controller.clone().map(|controller| {
        let timed_out = Rc::clone(&timed_out);
        Timeout::new(limit_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    });
    let failed = |message: String| {
        if timed_out.get() {
            LoadError::Timeout { seconds: policy.timeout_ms.div_ceil(1000) }
        } else {
            LoadError::Network(message)
        }
    };

    // `no-cache`: the browser's HTTP cache revalidates with the server's
    // ETag / Last-Modified, without headers that would need a CORS preflight.
    // `www/embed.js` starts a widget's first request with the same options
    // (see [`Prefetched`]).
    let response = match prefetched {
        Some(prefetched) => JsFuture::from(prefetched.response)
            .await
            .map(|raw| Response::from(raw.unchecked_into::<web_sys::Response>()))
            .map_err(|error| message(&error)),
        None => Request::get(url)
            .cache(RequestCache::NoCache)
            .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref())
            .send()
            .await
            .map_err(|error| error.to_string()),
    };
    let response = match response {
        Ok(response) => response,
        Err(error) => return (Err(failed(error)), None),
    };
    if !response.ok() {
        return (Err(LoadError::Http { status: response.status() }), retry_after(&response));
    }
    let too_large = LoadError::TooLarge { limit_bytes: policy.max_bytes };
    let declared = header(&response, "content-length").and_then(|length| length.trim().parse::<usize>().ok());
    if declared.is_some_and(|length| length > policy.max_bytes) {
        return (Err(too_large), None);
    }
    let body = match read_capped(&response, policy.max_bytes, controller.as_ref()).await {
        Ok(Some(body)) => body,
        Ok(None) => return (Err(too_large), None),
        Err(_) => return (Err(failed("the connection broke while reading the body".into())), None),
    };
    let url = response.url();
    let link = header(&response, "link");
    let feed = decode(&body, url.clone());
    (feed.map(|feed| Fetched { feed: with_wordpress_paging(feed, &url, link), body, url }), None)
}

/// A failed request's reason as `String(error)` words it: "TypeError: Failed to fetch".
fn message(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => error.to_string().into(),
        None => error.as_string().unwrap_or_default(),
    }
}

fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name)
}

/// The body as text, read as it arrives and given up (`None`) once it is
/// longer than `max_bytes`: a body without a `Content-Length`, or with a
/// false one, cannot fill the page's memory. Decoded as `Response.text()`
/// does (UTF-8, a BOM dropped, bad bytes replaced).
async fn read_capped(
    response: &Response,
    max_bytes: usize,
    controller: Option<&AbortController>,
) -> Result<Option<String>, JsValue> {
    let mut text = String::new();
    let Some(stream) = response.body() else { return Ok(Some(text)) };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let decoder = TextDecoder::new()?;
    let options = TextDecodeOptions::new();
    options.set_stream(true);
    let (done, value) = (JsValue::from_str("done"), JsValue::from_str("value"));
    let mut length = 0;
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if own_property(&chunk, &done).is_some_and(|done| done.is_truthy()) {
            break;
        }
        let Some(bytes) = own_property(&chunk, &value) else { continue };
        let bytes: js_sys::Uint8Array = bytes.unchecked_into();
        length += bytes.byte_length() as usize;
        if length > max_bytes {
            // Aborting the request closes the connection; the rest is never read.
            if let Some(controller) = controller {
                controller.abort();
            }
            return Ok(None);
        }
        text.push_str(&decoder.decode_with_js_u8_array_and_options(&bytes, &options)?);
    }
    text.push_str(&decoder.decode()?);
    Ok(Some(text))
}

/// WordPress pages with `Link: <…>; rel="next"`, and serves one post at the
/// posts URL plus `/{id}`: both go where JSON Feed keeps them.
fn with_wordpress_paging(mut feed: Feed, base: &str, link: Option<String>) -> Feed {
    if feed.format != Format::WordPress {
        return feed;
    }
    feed.next_url = link
        .and_then(|header| next_link(&header))
        .and_then(|next| web_sys::Url::new_with_base(&next, base).ok())
        .map(|url| url.href())
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"));
    match web_sys::Url::new(base) {
        Ok(url) if !url.pathname().ends_with(|c: char| c.is_ascii_digit()) => {
            let template = format!("{}{}/{{id}}{}", url.origin(), url.pathname().trim_end_matches('/'), url.search());
            feed.with_item_url_template(&template)
        }
        _ => feed,
    }
}

/// `url` made absolute against the page's base URL, as `fetch` reads it.
pub fn absolute_url(url: &str) -> String {
    web_sys::window()
        .and_then(|window| window.document()?.base_uri().ok().flatten())
        .and_then(|base| web_sys::Url::new_with_base(url, &base).ok())
        .map_or_else(|| url.to_owned(), |url| url.href())
}

/// `Retry-After` as seconds or as an HTTP date, in milliseconds from now.
fn retry_after(response: &Response) -> Option<u32> {
    let value = header(response, "retry-after")?;
    retry_after_seconds(&value).or_else(|| {
        let at = js_sys::Date::parse(value.trim());
        let wait = at - js_sys::Date::now();
        (wait.is_finite()).then(|| wait.clamp(0.0, f64::from(u32::MAX)) as u32)
    })
}

/// Parses a fetched feed, recorded as the User Timing measure
/// `article-widget:decode` for the host's performance tools (and our benchmarks).
fn decode(body: &str, url: String) -> Result<Feed, LoadError> {
    const START: &str = "article-widget:decode-start";
    let performance = web_sys::window().and_then(|window| window.performance());
    if let Some(performance) = &performance {
        let _ = performance.mark(START);
    }
    let feed = BrowserPlatform::new(url).parse_feed(body).map_err(LoadError::from);
    if let Some(performance) = &performance {
        let _ = performance.measure_with_start_mark("article-widget:decode", START);
    }
    feed
}
