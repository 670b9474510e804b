/// Splits plain text into paragraphs: one per line (`\n`, `\r\n`, `\r`, or
/// the Unicode line and paragraph separators), with the indentation and
/// trailing space that publishers copy from print layouts (including the
/// ideographic space U+3000) trimmed, and blank lines dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The first `max_chars` characters of `text`, with an ellipsis when cut.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max_chars) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
    }
}
