//! The publishing CLI, `article-widget-publish build …` (native only; see
//! `publish::cli`).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    article_widget::publish::cli::main()
}

// The CLI exists only natively; this lets `cargo clippy --all-targets
// --target wasm32-unknown-unknown` build every binary.
#[cfg(target_arch = "wasm32")]
fn main() {}
