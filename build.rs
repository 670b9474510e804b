//! Minifies `www/widget.css` into `$OUT_DIR/widget.min.css`, with the
//! reserved-height rule (`src/reserve.rs`) after it, which the embed adopts
//! in each shadow root: comments and white space cost wasm bytes on
//! every partner page. Only what cannot change the meaning goes: comments,
//! runs of white space, white space next to `{ } ; , >` and after `:`, never
//! inside a string.

use std::{env, fs, path::Path};

// The reserved-height rule, also in the library (`article_widget::reserve`).
#[allow(dead_code)]
#[path = "src/reserve.rs"]
mod reserve;

fn main() {
    let source = "www/widget.css";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=src/reserve.rs");
    let css = fs::read_to_string(source).expect("www/widget.css is readable");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.min.css");
    // The embed's sheet: the widget's CSS and, for its root, the height rule.
    fs::write(out, minify(&css) + &reserve::shadow_css()).expect("OUT_DIR is writable");
}

fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    let tight = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>');
    // After a colon white space never matters; before one it may (`a :hover`).
    let tight_after = |c: char| tight(c) || c == ':';
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
                pending_space = true;
            }
            '"' | '\'' => {
                if pending_space && !out.ends_with(tight_after) && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
                while let Some(inner) = chars.next() {
                    out.push(inner);
                    if inner == '\\' {
                        out.extend(chars.next());
                    } else if inner == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => pending_space = true,
            c => {
                if pending_space && !tight(c) && !out.ends_with(tight_after) && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                // `0.5em` is `.5em`: a zero alone before a decimal point.
                if c == '.'
                    && out.ends_with('0')
                    && !out[..out.len() - 1]
                        .ends_with(|p: char| p.is_ascii_alphanumeric() || p == '.' || p == '-' || p == '_')
                {
                    out.pop();
                }
                out.push(c);
            }
        }
    }
    out
}
