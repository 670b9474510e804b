//! A linear look at HTML before any parser gets it. Blink's `DOMParser` and
//! html5ever both do work growing with the square of some input shapes
//! (nesting walks the stack of open elements per tag; html5ever checks each
//! attribute against the earlier ones of its tag), inside the parser, before
//! the converter sees a tree. A body with more tags or attributes per tag
//! than any article needs is not parsed as markup: its text is kept as plain
//! paragraphs ([`guarded_html_to_blocks`]), the same rule in the widget and
//! in the CLI.

use super::blocks::Block;
use super::feed::Platform;

/// More `<` than this and a body is too complex: every tag, comment or
/// stray `<` counts, an upper bound on the tokens that cost a parser a walk
/// of its stack.
pub const MAX_TAGS: usize = 4096;
/// More attributes than this on one tag and a body is too complex.
pub const MAX_ATTRIBUTES: usize = 256;

/// What [`scan`] found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// The number of `<` characters.
    pub tags: usize,
    /// The most attributes any tag could have, however a parser reads it.
    pub max_attributes: usize,
}

impl Scan {
    pub fn too_complex(&self) -> bool {
        self.tags > MAX_TAGS || self.max_attributes > MAX_ATTRIBUTES
    }
}

/// The tokenizer's states inside a tag, from the `<` on.
#[derive(Clone, Copy)]
enum Tag {
    Open,
    EndOpen,
    Name,
    BeforeAttrName,
    AttrName,
    AfterAttrName,
    BeforeValue,
    DoubleQuoted,
    SingleQuoted,
    Unquoted,
    AfterQuoted,
    SelfClosing,
}

const STATES: usize = 12;

fn is_space(byte: u8) -> bool {
    // CR too: the parsers' input stream turns it into LF first.
    matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// One byte in a tag, as the HTML tokenizer takes it: the next state (`None`
/// when the tag ends or was no tag) and whether an attribute began.
fn step(state: Tag, byte: u8) -> Option<(Tag, bool)> {
    use Tag::*;
    Some(match (state, byte) {
        (Open, b'/') => (EndOpen, false),
        (Open | EndOpen, byte) if byte.is_ascii_alphabetic() => (Name, false),
        // `<!`, `<?`, `</>` and the rest are comments or text.
        (Open | EndOpen, _) => return None,
        (Name | BeforeAttrName | AttrName | AfterAttrName | Unquoted | AfterQuoted | SelfClosing, b'>') => return None,
        (BeforeValue, b'>') => return None,
        (Name | AttrName | AfterQuoted, b'/') | (BeforeAttrName | AfterAttrName, b'/') => (SelfClosing, false),
        (Name | Unquoted | AfterQuoted, byte) if is_space(byte) => (BeforeAttrName, false),
        (Name, _) => (Name, false),
        (BeforeAttrName | AfterAttrName | BeforeValue, byte) if is_space(byte) => (state, false),
        (AttrName, byte) if is_space(byte) => (AfterAttrName, false),
        (AttrName | AfterAttrName, b'=') => (BeforeValue, false),
        // A name may start with `=` (an error) and hold `"`, `'` or `<`.
        (BeforeAttrName | AfterAttrName, _) => (AttrName, true),
        (AttrName, _) => (AttrName, false),
        (BeforeValue, b'"') => (DoubleQuoted, false),
        (BeforeValue, b'\'') => (SingleQuoted, false),
        (BeforeValue | Unquoted, _) => (Unquoted, false),
        (DoubleQuoted, b'"') | (SingleQuoted, b'\'') => (AfterQuoted, false),
        (DoubleQuoted | SingleQuoted, _) => (state, false),
        // Without the space between attributes (an error), or a `/` not
        // before `>`: the byte is taken again before an attribute name.
        (AfterQuoted | SelfClosing, byte) => return step(BeforeAttrName, byte),
    })
}

/// Counts, in one pass, the `<` of `html` and the most attributes on one
/// tag. A parser may read a `<` as a tag or not, depending on where it is
/// (text, a comment, a `<script>`, an attribute's value, CDATA in SVG): a
/// scan that followed one reading could be led to skip a tag the parser sees.
/// So every `<` starts a reading of its own as a tag, and the readings run
/// side by side; two in the same state at the same byte go on alike, so only
/// the one with more attributes is kept: at most 12 readings at a time, the
/// work linear. Never fewer attributes than a parser reads, sometimes more
/// (a `<` in a comment, followed by many words before a `>`).
pub fn scan(html: &str) -> Scan {
    let bytes = html.as_bytes();
    let mut scan = Scan::default();
    // The most attributes of a reading in each state; `None`: no reading.
    let mut readings: [Option<usize>; STATES] = [None; STATES];
    let mut next: [Option<usize>; STATES];
    let mut live = false;
    let mut i = 0;
    while i < bytes.len() {
        if !live {
            // Nothing to follow until the next `<`.
            match bytes[i..].iter().position(|&byte| byte == b'<') {
                Some(at) => i += at,
                None => break,
            }
        }
        let byte = bytes[i];
        next = [None; STATES];
        live = false;
        for (index, reading) in readings.iter().enumerate() {
            let Some(count) = *reading else { continue };
            if let Some((state, attribute)) = step(STATE_OF[index], byte) {
                let count = count + usize::from(attribute);
                scan.max_attributes = scan.max_attributes.max(count);
                let slot = &mut next[state as usize];
                *slot = Some(slot.map_or(count, |other| other.max(count)));
                live = true;
            }
        }
        if byte == b'<' {
            scan.tags += 1;
            let slot = &mut next[Tag::Open as usize];
            *slot = Some(slot.unwrap_or(0));
            live = true;
        }
        readings = next;
        i += 1;
    }
    scan
}

const STATE_OF: [Tag; STATES] = [
    Tag::Open,
    Tag::EndOpen,
    Tag::Name,
    Tag::BeforeAttrName,
    Tag::AttrName,
    Tag::AfterAttrName,
    Tag::BeforeValue,
    Tag::DoubleQuoted,
    Tag::SingleQuoted,
    Tag::Unquoted,
    Tag::AfterQuoted,
    Tag::SelfClosing,
];

/// HTML converted for reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Converted {
    Blocks(Vec<Block>),
    /// The body was too complex to parse as markup (see [`scan`]): its
    /// text, paragraphs of text alone.
    PlainText(Vec<Block>),
}

impl Converted {
    pub fn into_blocks(self) -> Vec<Block> {
        match self {
            Converted::Blocks(blocks) | Converted::PlainText(blocks) => blocks,
        }
    }
}

/// Every caller's way to HTML blocks: [`Platform::html_to_blocks`] for what
/// passes the [`scan`], plain text for the rest. `None` without an HTML
/// parser.
pub fn guarded_html_to_blocks(platform: &dyn Platform, html: &str, base: Option<&str>) -> Option<Converted> {
    if !scan(html).too_complex() {
        return platform.html_to_blocks(html, base).map(Converted::Blocks);
    }
    // Text and flat `<p>`s, which any parser reads in linear time; it still
    // decodes the character references.
    platform.html_to_blocks(&strip_tags(html), base).map(Converted::PlainText)
}

/// Elements that start or end a paragraph of the text.
const BLOCK_LEVEL: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "ul",
    "ol",
    "dl",
    "dd",
    "dt",
    "figure",
    "figcaption",
    "hr",
    "aside",
    "nav",
    "main",
];

/// Elements whose content is no text of the article (the converter drops
/// them whole): skipped up to their end tag.
const SKIPPED: &[&str] = &[
    "script", "style", "template", "noscript", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "svg",
    "math",
];

/// `html` without its tags, comments and skipped elements, a `<p>` at each
/// block-level tag; a `<` that is text becomes `&lt;`, so no other `<` is
/// left. One pass (each skip searches forward from where it is).
pub fn strip_tags(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while i < bytes.len() {
        let Some(at) = bytes[i..].iter().position(|&byte| byte == b'<') else {
            out.push_str(&html[i..]);
            break;
        };
        out.push_str(&html[i..i + at]);
        i += at;
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            i += comment_length(rest);
        } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") || (rest.starts_with(b"</") && !alpha_at(rest, 2))
        {
            // Bogus comments (a doctype, CDATA, `</3`…) end at the first `>`.
            i += rest.iter().position(|&byte| byte == b'>').map_or(rest.len(), |at| at + 1);
        } else if alpha_at(rest, 1) || rest.starts_with(b"</") {
            let end_tag = rest[1] == b'/';
            let name = &rest[1 + usize::from(end_tag)..];
            let name = &name
                [..name.iter().position(|&byte| is_space(byte) || byte == b'/' || byte == b'>').unwrap_or(name.len())];
            i += tag_length(rest);
            let is = |names: &[&str]| names.iter().any(|known| known.as_bytes().eq_ignore_ascii_case(name));
            if is(BLOCK_LEVEL) {
                if !out.ends_with("<p>") {
                    out.push_str("<p>");
                }
            } else if !end_tag && is(SKIPPED) {
                i += skipped_length(&bytes[i..], name);
            }
        } else {
            out.push_str("&lt;");
            i += 1;
        }
    }
    out
}

fn alpha_at(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_some_and(u8::is_ascii_alphabetic)
}

/// The length of the comment at the start of `bytes` (`<!--…`), to its
/// `-->` or `--!>` (`<!-->` and `<!--->` end at once), or to the end.
fn comment_length(bytes: &[u8]) -> usize {
    if bytes[4..].starts_with(b">") {
        return 5;
    }
    if bytes[4..].starts_with(b"->") {
        return 6;
    }
    let mut i = 4;
    while i + 2 < bytes.len() {
        if bytes[i] == b'-' && bytes[i + 1] == b'-' {
            if bytes[i + 2] == b'>' {
                return i + 3;
            }
            if bytes[i + 2..].starts_with(b"!>") {
                return i + 4;
            }
        }
        i += 1;
    }
    bytes.len()
}

/// The length of the tag at the start of `bytes`, to its `>` outside quoted
/// values, or to the end.
fn tag_length(bytes: &[u8]) -> usize {
    let mut state = Tag::Open;
    for (i, &byte) in bytes.iter().enumerate().skip(1) {
        match step(state, byte) {
            Some((next, _)) => state = next,
            None => return i + 1,
        }
    }
    bytes.len()
}

/// How far the content of a skipped element runs: to its end tag `</name`
/// (any case) followed by a space, `/` or `>`, which is left to be read.
fn skipped_length(bytes: &[u8], name: &[u8]) -> usize {
    let mut i = 0;
    while let Some(at) = bytes[i..].windows(2).position(|pair| pair == b"</") {
        i += at;
        let after = i + 2 + name.len();
        if bytes.len() >= after
            && bytes[i + 2..after].eq_ignore_ascii_case(name)
            && bytes.get(after).is_none_or(|&byte| is_space(byte) || byte == b'/' || byte == b'>')
        {
            return i;
        }
        i += 2;
    }
    bytes.len()
}
