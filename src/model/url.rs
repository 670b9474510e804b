/// A URL from a feed, checked before it may become an `href` or `src`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// An absolute `http:` or `https:` URL.
    Absolute(String),
    /// A reference with no scheme, to be resolved against the feed's URL.
    Relative(String),
}

impl LinkTarget {
    pub fn as_str(&self) -> &str {
        match self {
            LinkTarget::Absolute(url) | LinkTarget::Relative(url) => url,
        }
    }
}

/// Accepts `http:`/`https:` URLs and scheme-less references; rejects every
/// other scheme (`javascript:`, `data:`, …).
///
/// The input is first normalised the way browsers read an `href` (the WHATWG
/// URL parser): leading and trailing C0 controls and spaces are stripped and
/// tabs and newlines removed, so `" java\tscript:…"` is seen as the
/// `javascript:` URL it would become.
pub fn safe_link(raw: &str) -> Option<LinkTarget> {
    let normalised: String =
        raw.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if normalised.is_empty() {
        return None;
    }
    match scheme_of(&normalised) {
        None => Some(LinkTarget::Relative(normalised)),
        Some(scheme) if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") => {
            Some(LinkTarget::Absolute(normalised))
        }
        Some(_) => None,
    }
}

/// The scheme of an absolute URL (RFC 3986: a letter, then letters, digits,
/// `+`, `-` or `.`, before the first `:`), or `None` for a relative reference.
fn scheme_of(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    let scheme = &url[..end];
    let is_scheme = url[end..].starts_with(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Anything else before a colon (`"a b:"`, `":x"`) still must not slip
    // through as relative when a browser might read a scheme into it.
    if is_scheme || url[end..].starts_with(':') {
        Some(scheme)
    } else {
        None
    }
}

/// A feed link made ready for an `href` or `src`: checked, then resolved
/// with `resolve` (which also puts absolute URLs in canonical form, as the
/// browser's `URL` does: `https:\\host\x` becomes `https://host/x`), then
/// checked again, since the resolver answers for a base we do not control.
/// A relative link that `resolve` leaves alone stays relative.
pub(crate) fn resolve_checked(raw: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let target = safe_link(raw)?;
    let resolved = resolve(target.as_str())?;
    match (safe_link(&resolved)?, target) {
        (LinkTarget::Absolute(url), _) => Some(url),
        (LinkTarget::Relative(url), LinkTarget::Relative(relative)) if url == relative => Some(url),
        (LinkTarget::Relative(_), _) => None,
    }
}
