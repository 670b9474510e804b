fn main() {
    #[cfg(target_arch = "wasm32")]
    article_widget::start_spa();
}
