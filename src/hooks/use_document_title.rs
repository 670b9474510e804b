use yew::prelude::*;

/// Keeps `document.title` equal to `title` while the component is shown.
#[hook]
pub fn use_document_title(title: String) {
    use_effect_with(title, |title| {
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(title);
        }
    });
}
