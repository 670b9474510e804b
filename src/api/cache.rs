//! The last good copy of each feed, in `localStorage`, so that a repeat
//! visit renders at once and an offline reader still gets something. Small
//! and polite: namespaced keys, at most [`ENTRIES`] feeds of at most
//! [`MAX_CHARS`] each, oldest evicted first; any storage error is ignored.

use web_sys::Storage;

const PREFIX: &str = "article-widget:v1:";
const INDEX: &str = "article-widget:v1:index";
const ENTRIES: usize = 8;
const MAX_CHARS: usize = 512 * 1024;

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored copy of the feed at `url` (an absolute URL).
pub fn read(url: &str) -> Option<String> {
    storage()?.get_item(&format!("{PREFIX}{url}")).ok().flatten()
}

/// Stores `body` as the copy of the feed at `url`, if it is small enough.
pub fn write(url: &str, body: &str) {
    let Some(storage) = storage() else { return };
    if body.len() > MAX_CHARS {
        return;
    }
    let mut index: Vec<String> = storage
        .get_item(INDEX)
        .ok()
        .flatten()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .filter(js_sys::Array::is_array)
        .map(|keys| js_sys::Array::from(&keys).iter().filter_map(|key| key.as_string()).collect())
        .unwrap_or_default();
    index.retain(|known| known != url);
    index.push(url.to_owned());
    while index.len() > ENTRIES {
        let evicted = index.remove(0);
        let _ = storage.remove_item(&format!("{PREFIX}{evicted}"));
    }
    if storage.set_item(&format!("{PREFIX}{url}"), body).is_ok() {
        let keys: js_sys::Array = index.iter().map(|key| wasm_bindgen::JsValue::from_str(key)).collect();
        if let Ok(json) = js_sys::JSON::stringify(&keys) {
            let _ = storage.set_item(INDEX, &String::from(json));
        }
    }
}
