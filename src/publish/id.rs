//! The one rule for the ids the CLI publishes. An id is a file name
//! (`items/<id>.json`, `articles/<id>/index.html`) on whatever file system
//! the site is built or served from, and one URL path segment, so it must
//! mean the same file everywhere:
//!
//! - letters and digits of any script, combining marks (Devanagari, Thai…)
//!   after the first character, and `-`, `.`, `_`, `~`;
//! - in Unicode NFC (a decomposed id is composed, and that is reported);
//! - not starting or ending with `.` (hidden files; Windows drops a trailing
//!   dot);
//! - not a name Windows reserves (`con`, `prn`, `aux`, `nul`, `com0`–`com9`,
//!   `lpt0`–`lpt9`, in any case, with or without an extension);
//! - at most [`MAX_BYTES`] bytes of UTF-8;
//! - unique without regard to case ([`fold`]): `News` and `news` would be
//!   one file on a case-insensitive file system.
//!
//! Ids that authors choose (Markdown) must follow it, or the article is
//! refused; ids of imported feed items that do not (a guid that is a URL,
//! say) become a slug of their own, stable across builds, and that is
//! reported. The widget itself accepts any id a feed uses: this rule is
//! only for what the CLI writes as files.

use std::borrow::Cow;
use std::fmt;

use icu_normalizer::ComposingNormalizerBorrowed;
use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};
use icu_properties::CodePointMapData;

/// The longest id, in bytes: a file name may have 255, and `.json` follows.
pub const MAX_BYTES: usize = 200;

/// Why an id cannot be published as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Empty,
    Character(char),
    LeadingMark(char),
    Dot,
    Reserved(String),
    TooLong(usize),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty => write!(f, "it is empty"),
            Problem::Character(c) => write!(
                f,
                "`{}` (U+{:04X}) is not allowed: use letters and digits of any script, combining marks, `-`, `.`, \
                 `_` and `~`",
                c.escape_debug(),
                u32::from(*c)
            ),
            Problem::LeadingMark(c) => {
                write!(
                    f,
                    "it starts with the combining mark U+{:04X}, which has nothing to combine with",
                    u32::from(*c)
                )
            }
            Problem::Dot => write!(f, "it starts or ends with `.`"),
            Problem::Reserved(name) => write!(f, "`{name}` is a device name on Windows (no file can have it)"),
            Problem::TooLong(bytes) => write!(f, "it is {bytes} bytes long; at most {MAX_BYTES}"),
        }
    }
}

/// `id` in Unicode NFC.
pub fn normalize(id: &str) -> Cow<'_, str> {
    ComposingNormalizerBorrowed::new_nfc().normalize(id)
}

/// Whether `id` (already in NFC) can be published as it is.
pub fn check(id: &str) -> Result<(), Problem> {
    let mut chars = id.chars();
    let Some(first) = chars.next() else { return Err(Problem::Empty) };
    if is_mark(first) {
        return Err(Problem::LeadingMark(first));
    }
    if let Some(bad) = id.chars().find(|&c| !(c.is_alphanumeric() || is_mark(c) || matches!(c, '-' | '.' | '_' | '~')))
    {
        return Err(Problem::Character(bad));
    }
    if id.starts_with('.') || id.ends_with('.') {
        return Err(Problem::Dot);
    }
    let stem = id.split('.').next().unwrap_or(id);
    if is_reserved(stem) {
        return Err(Problem::Reserved(stem.to_owned()));
    }
    if id.len() > MAX_BYTES {
        return Err(Problem::TooLong(id.len()));
    }
    Ok(())
}

/// What two published names (ids, asset paths) must not share: the name
/// without regard to case, as case-insensitive file systems (APFS, NTFS)
/// compare. Each character is upper-cased, then lower-cased, without
/// context, so `Σ`, `σ` and final `ς` are one, as are `ſ` and `s`, and `ß`
/// and `ss`; that merges a few names a file system keeps apart, never the
/// other way. (`to_lowercase` alone keeps `ΟΔΟΣ` → `οδος` and `οδοσ` apart.)
pub fn fold(name: &str) -> String {
    // ASCII folds to its lower case and is in NFC already: most names, at a
    // fraction of the cost.
    if name.is_ascii() {
        return name.to_ascii_lowercase();
    }
    let folded: String = name.chars().flat_map(char::to_uppercase).flat_map(char::to_lowercase).collect();
    normalize(&folded).into_owned()
}

/// An id chosen by an author: published as written (in NFC), or refused.
/// `Ok((id, true))` when composing it changed it, which the reader reports.
pub fn authored(raw: &str) -> Result<(String, bool), Problem> {
    let id = normalize(raw);
    check(&id)?;
    let changed = matches!(id, Cow::Owned(_));
    Ok((id.into_owned(), changed))
}

/// An id from an imported feed, as it is published, and what became of it
/// when that is not the id itself (for the reader to report).
pub fn imported(raw: &str) -> (String, Option<String>) {
    let id = normalize(raw);
    match check(&id) {
        Ok(()) if matches!(id, Cow::Borrowed(_)) => (raw.to_owned(), None),
        Ok(()) => {
            let id = id.into_owned();
            let note = format!("the id `{raw}` is published in its composed (NFC) form `{id}`");
            (id, Some(note))
        }
        Err(problem) => {
            let slug = slug(raw);
            let note = format!("the id `{}` is published as `{slug}`: {problem}", shorten(raw));
            (slug, Some(note))
        }
    }
}

/// A slug for an id that cannot be a file name: the readable end of it (the
/// last segment of a URL), and a hash of the whole, so it is the same in
/// every build and on every machine.
fn slug(raw: &str) -> String {
    let readable: String = raw
        .rsplit(['/', '?', '=', '#'])
        .find(|part| !part.is_empty())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .take(40)
        .collect();
    let slug = if readable.is_empty() {
        format!("item-{:016x}", fnv1a(raw))
    } else {
        normalize(&format!("{readable}-{:08x}", fnv1a(raw) as u32)).into_owned()
    };
    if check(&slug).is_ok() {
        slug
    } else {
        format!("item-{:016x}", fnv1a(raw))
    }
}

/// Combining marks (General Category M), which many scripts need inside
/// words and `char::is_alphanumeric` does not count.
fn is_mark(c: char) -> bool {
    GeneralCategoryGroup::Mark.contains(CodePointMapData::<GeneralCategory>::new().get(c))
}

fn is_reserved(stem: &str) -> bool {
    let stem = stem.to_lowercase();
    match stem.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        _ => {
            let Some(rest) = stem.strip_prefix("com").or_else(|| stem.strip_prefix("lpt")) else { return false };
            matches!(rest, "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³")
        }
    }
}

/// FNV-1a: a stable hash for naming, the same on every machine and build.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// A long id cut for a message.
fn shorten(id: &str) -> Cow<'_, str> {
    match id.char_indices().nth(120) {
        Some((end, _)) => Cow::Owned(format!("{}…", &id[..end])),
        None => Cow::Borrowed(id),
    }
}
