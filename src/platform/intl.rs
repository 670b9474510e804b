//! The browser's `Intl`, so that no time-zone database ships in the wasm.

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

/// "2024-01-24 06:41": a Unix time on the reader's clock (the browser's time
/// zone), in the same shape as the publisher's times.
pub fn local_time(unix_seconds: i64) -> String {
    let date = Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
    let options = Object::new();
    for (key, value) in [
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        let _ = Reflect::set(&options, &key.into(), &value.into());
    }
    let parts = Intl::DateTimeFormat::new(&Array::of1(&"en-US".into()), &options).format_to_parts(&date);
    let part = |name: &str| -> String {
        parts
            .iter()
            .find(|p| Reflect::get(p, &"type".into()).ok().and_then(|t| t.as_string()).as_deref() == Some(name))
            .and_then(|p| Reflect::get(&p, &"value".into()).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    format!("{}-{}-{} {}:{}", part("year"), part("month"), part("day"), part("hour"), part("minute"))
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    (Date::now() / 1000.0) as i64
}

/// The browser's preferred language (`navigator.language`).
pub fn browser_language() -> Option<String> {
    web_sys::window()?.navigator().language()
}
