fn main() {
    #[cfg(all(target_arch = "wasm32", feature = "spa"))]
    article_widget::start_spa();
}
