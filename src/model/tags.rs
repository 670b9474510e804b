//! Tags: when two are one ([`tag_key`]), and the path segment a tag's own
//! pages live under ([`tag_slug`]). The publishing CLI writes
//! `tags/<slug>/feed.json` and the widget asks for it, so both compute the
//! slug here. The case fold and NFC come from where the code runs (natively
//! `icu_normalizer` and `str::to_lowercase`, in the browser `normalize` and
//! `toLowerCase`, which follow the same Unicode rules), passed in as `fold`.

/// The longest slug, in bytes, before its hash: file names may have 255.
pub const MAX_SLUG_BYTES: usize = 80;

/// Turns text into NFC lower case.
pub type Fold<'a> = &'a dyn Fn(&str) -> String;

/// What makes two tags one: trimmed, inner runs of whitespace made one
/// space, NFC, lower case. `News`, ` news ` and `NEWS` are one tag.
pub fn tag_key(tag: &str, fold: Fold) -> String {
    fold(&collapse_spaces(tag))
}

/// `tag` trimmed, each run of whitespace inside it one space.
pub fn collapse_spaces(tag: &str) -> String {
    let mut collapsed = String::with_capacity(tag.len());
    for word in tag.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// The path segment of the tag whose key is `key` (see [`tag_key`]): the key
/// itself when it is made only of letters and digits of any script, `-` and
/// `_`, and is not a name Windows reserves; otherwise what is left of it
/// (every run of spaces, `/`, `.`, `%` and other ASCII punctuation one `-`),
/// then `-` and eight hex digits of a hash of the whole key, so that `a b`,
/// `a/b` and `a-b` stay three tags. The same key gives the same slug in every
/// build, without knowing the other tags.
pub fn tag_slug(key: &str) -> String {
    let mut slug = String::with_capacity(key.len());
    let mut exact = true;
    for c in key.chars() {
        let kept = if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '-' || c == '_'
        } else {
            !(c.is_whitespace() || c.is_control() || is_invisible(c))
        };
        if !kept {
            exact = false;
            if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        } else if slug.len() + c.len_utf8() > MAX_SLUG_BYTES {
            exact = false;
            break;
        } else {
            slug.push(c);
        }
    }
    if exact && !slug.is_empty() && !is_reserved(&slug) {
        return slug;
    }
    let mut stem = slug.trim_end_matches('-').to_owned();
    if stem.is_empty() {
        stem.push_str("tag");
    }
    stem.push('-');
    // Eight hex digits by hand: `{:08x}` would bring the formatter's
    // padding into the wasm.
    let hash = fnv1a(key);
    for shift in (0..8).rev() {
        stem.push(char::from(b"0123456789abcdef"[(hash >> (shift * 4)) as usize & 0xf]));
    }
    stem
}

/// Format and bidirectional controls, zero-width characters and the
/// specials: nothing a reader could see in a URL.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff0}'..='\u{ffff}')
}

/// Names Windows keeps for devices, which no folder may have (`COM¹` too).
fn is_reserved(slug: &str) -> bool {
    let lower = slug.to_ascii_lowercase();
    matches!(lower.as_str(), "con" | "prn" | "aux" | "nul")
        || ((lower.starts_with("com") || lower.starts_with("lpt"))
            && matches!(&lower[3..], "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"))
}

/// 32-bit FNV-1a: small, and the same on every platform.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193))
}

/// The tags a widget shows (any of them), as keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagFilter {
    keys: Vec<String>,
}

impl TagFilter {
    /// The filter for `tags`; `None` when none is left after trimming.
    pub fn new<S: AsRef<str>>(tags: &[S], fold: Fold) -> Option<TagFilter> {
        let mut keys: Vec<String> = Vec::new();
        for tag in tags {
            let key = tag_key(tag.as_ref(), fold);
            if !key.is_empty() && !keys.contains(&key) {
                keys.push(key);
            }
        }
        (!keys.is_empty()).then_some(TagFilter { keys })
    }

    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// Whether an article with `tags` is one of the filter's.
    pub fn matches(&self, tags: &[String], fold: Fold) -> bool {
        tags.iter().any(|tag| self.keys.contains(&tag_key(tag, fold)))
    }
}
