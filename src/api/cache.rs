//! The last good copy of each feed, in `localStorage`, so that a repeat
//! visit renders at once and an offline reader still gets something. Small
//! and polite: namespaced keys, all copies together within
//! [`STORAGE_BUDGET_UNITS`] (1 MiB), oldest evicted first; a full quota or
//! any other storage error is ignored (the widget then just stores nothing).
//! A copy records the URL it was asked for and where the answer came from
//! (see [`StoredCopy`]); the partner may turn storage off (`storage="none"`).

use web_sys::Storage;

use crate::load::{StoreIndex, StoredCopy, STORAGE_BUDGET_UNITS};

const PREFIX: &str = "article-widget:v2:";
const INDEX: &str = "article-widget:v2:index";
const OLD_PREFIX: &str = "article-widget:v1:";

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored text for the feed at `url` (an absolute URL); read it with
/// [`StoredCopy::decode`].
pub fn read(url: &str) -> Option<String> {
    storage()?.get_item(&format!("{PREFIX}{url}")).ok().flatten()
}

/// Stores `copy`, making room by evicting the oldest copies.
pub fn write(copy: &StoredCopy) {
    let Some(storage) = storage() else { return };
    let Some(text) = copy.encode() else { return };
    let key = format!("{PREFIX}{}", copy.requested);
    let size = key.encode_utf16().count() + text.encode_utf16().count();
    let mut index = StoreIndex::decode(&storage.get_item(INDEX).ok().flatten().unwrap_or_default());
    // Whatever the index does not count goes: every copy an earlier version
    // kept (up to 4 MB), and copies whose index entry was lost (a forged or
    // rewritten index, another tab). Keys are collected first: removing
    // while counting up would skip some.
    let mut stale = Vec::new();
    for i in 0..storage.length().unwrap_or(0) {
        if let Ok(Some(name)) = storage.key(i) {
            let listed = |url: &str| index.entries.iter().any(|(listed, _)| listed == url);
            if name.starts_with(OLD_PREFIX)
                || name.strip_prefix(PREFIX).is_some_and(|url| name != INDEX && !listed(url))
            {
                stale.push(name);
            }
        }
    }
    for name in stale {
        let _ = storage.remove_item(&name);
    }
    let (store, removed) = index.admit(copy.requested, size, STORAGE_BUDGET_UNITS, INDEX.len());
    for url in removed {
        let _ = storage.remove_item(&format!("{PREFIX}{url}"));
    }
    // `setItem` throws QuotaExceededError when the origin's quota is full
    // (the host's own data, say); web-sys hands that back as an `Err`.
    if store && storage.set_item(&key, &text).is_err() {
        // The older copy under this key would be left uncounted.
        let _ = storage.remove_item(&key);
        index.forget(copy.requested);
    }
    if storage.set_item(INDEX, &index.encode()).is_err() {
        // An index that cannot be written would let copies go uncounted.
        for (url, _) in &index.entries {
            let _ = storage.remove_item(&format!("{PREFIX}{url}"));
        }
    }
}
