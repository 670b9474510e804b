//! The partner-page widget: a module whose exports (`mount` and the widget
//! handle) `embed.js` calls; it starts nothing by itself.
fn main() {
    #[cfg(target_arch = "wasm32")]
    article_widget::embed::link();
}
