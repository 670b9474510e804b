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
    let end = url.bytes().position(|b| matches!(b, b':' | b'/' | b'?' | b'#'))?;
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

/// Percent-encodes everything in `text` but the URL-safe unreserved
/// characters (`A–Z a–z 0–9 - . _ ~`), so that any id can be one path segment.
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(b));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(b >> 4)]));
            encoded.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    encoded
}

/// Decodes `%XX` escapes; `None` when an escape is broken or the bytes are
/// not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = |c: u8| char::from(c).to_digit(16);
            decoded.push((value(hex[0])? * 16 + value(hex[1])?) as u8);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(decoded).ok()
}
