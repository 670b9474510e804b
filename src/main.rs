//! The standalone app (the `spa` feature, in the wasm): it starts on a page
//! with `<meta name="article-widget:feed">`. The publishing CLI is its own
//! binary, `src/bin/publish.rs`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    article_widget::start_spa();
}
