//! In the browser, the standalone app; natively, the publishing CLI.

#[cfg(target_arch = "wasm32")]
fn main() {
    #[cfg(feature = "spa")]
    article_widget::start_spa();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    article_widget::publish::cli::main()
}
