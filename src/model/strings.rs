/// Where the first `max` user-perceived characters (grapheme clusters) of a
/// text end, as a byte offset; `None` when the text has no more than `max`.
/// The platform provides it (`crate::platform::grapheme_cut`): the browser's
/// `Intl.Segmenter` in the wasm, which ships no Unicode tables.
pub type GraphemeCut = fn(&str, usize) -> Option<usize>;

/// Splits plain text into paragraphs: one per line (`\n`, `\r\n`, `\r`, or
/// the Unicode line and paragraph separators), with the indentation and
/// trailing space that publishers copy from print layouts (including the
/// ideographic space U+3000) trimmed, and blank lines dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    // A byte scan: a pattern of chars decodes every char of a long body.
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let mut push = |line: &str| {
        let line = line.trim();
        if !line.is_empty() {
            out.push(line.to_owned());
        }
    };
    while i < bytes.len() {
        let separator = match bytes[i] {
            b'\n' | b'\r' => 1,
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            0xE2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) => 3,
            _ => 0,
        };
        if separator > 0 {
            push(&text[start..i]);
            i += separator;
            start = i;
        } else {
            i += 1;
        }
    }
    push(&text[start..]);
    out
}

/// The first `max_graphemes` user-perceived characters of `text`, with an
/// ellipsis when cut: never inside an emoji, a flag or a letter with combining
/// marks. Chinese text gets the Chinese ellipsis "……", other text "…".
pub fn excerpt(text: &str, max_graphemes: usize, graphemes: GraphemeCut) -> String {
    let text = text.trim();
    match graphemes(text, max_graphemes).filter(|&cut| text.is_char_boundary(cut)) {
        None => text.to_owned(),
        Some(cut) => {
            let kept = text[..cut].trim_end();
            let ellipsis = if kept.chars().next_back().is_some_and(is_cjk) { "……" } else { "…" };
            format!("{kept}{ellipsis}")
        }
    }
}

/// Han ideographs, CJK punctuation, kana, Hangul and full-width forms.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Where `needle` first occurs in `text`, by a plain scan of the bytes (a
/// UTF-8 needle can only match at character boundaries). `str::find` and
/// friends bring a two-way searcher into the wasm; these needles are short.
pub(crate) fn find(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    text.as_bytes().windows(needle.len()).position(|window| window == needle.as_bytes())
}

pub(crate) fn contains(text: &str, needle: &str) -> bool {
    find(text, needle).is_some()
}

/// `text.replace(from, to)` for a non-empty `from`, through [`find`].
pub(crate) fn replace(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find(rest, from).filter(|_| !from.is_empty()) {
        out.push_str(&rest[..at]);
        out.push_str(to);
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}
