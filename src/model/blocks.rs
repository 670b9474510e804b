//! Rich article content as typed blocks that components render. Feed HTML
//! becomes these (see [`to_blocks`]); it never reaches a page as markup.
//!
//! The conversion walks any HTML tree through [`HtmlNode`], so the browser
//! (an inert `DOMParser` document) and native code (a spec-compliant parser)
//! share one set of rules: the elements listed here survive, their safe
//! attributes with them; every other element is unwrapped to its text, and
//! dangerous ones (`script`, `style`, `iframe`, forms…) are dropped whole.

use super::url::resolve_checked;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    Heading { level: u8, content: Vec<Inline> },
    List { ordered: bool, items: Vec<Vec<Inline>> },
    Quote(Vec<Block>),
    Figure { image: Image, caption: Vec<Inline> },
    Preformatted(String),
    Rule,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Code(String),
    Link { href: String, content: Vec<Inline> },
    Break,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// An `http(s)` URL.
    pub src: String,
    pub alt: String,
}

/// What the converter needs of an HTML tree node.
pub trait HtmlNode: Sized {
    /// The lower-case tag name of an element; `None` for text and others.
    fn element_name(&self) -> Option<String>;
    /// The text of a text node; `None` for elements and others.
    fn text(&self) -> Option<String>;
    fn attribute(&self, name: &str) -> Option<String>;
    fn children(&self) -> Vec<Self>;
}

/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "option",
    "head",
    "title",
    "meta",
    "link",
    "base",
    "svg",
    "math",
    "canvas",
    "audio",
    "video",
    "source",
    "track",
    "map",
    "area",
    "dialog",
    "portal",
    "param",
    "noembed",
    "noframes",
    "xmp",
    "plaintext",
];

/// Converts the children of `root` (a parsed document's `<body>`, or a
/// fragment) to blocks. Relative links and images are resolved with
/// `resolve`; anything that is not then `http(s)` (or `mailto:` for links) is
/// dropped, keeping a link's text.
///
/// The work is linear in the size of the tree, and the recursion at most
/// 128 levels deep whatever the parser nested (see `MAX_DEPTH`).
pub fn to_blocks<N: HtmlNode>(root: &N, resolve: &dyn Fn(&str) -> Option<String>) -> Vec<Block> {
    let mut converter = Converter { resolve, blocks: Vec::new(), inlines: Vec::new(), images: Vec::new() };
    for node in root.children() {
        converter.node(&Bounded { node, depth: 1 });
    }
    converter.finish()
}

/// How deep the conversion walks the tree. Parsers nest as deep as the
/// markup says (Blink stops at 512, html5ever never), and the conversion
/// recurses: below this depth, what remains is handed over flat, in document
/// order, so its text survives but the stack is bounded.
const MAX_DEPTH: usize = 128;

/// A node and its depth below the root.
struct Bounded<N> {
    node: N,
    /// `MAX_DEPTH + 1` for the flattened nodes, which have no children.
    depth: usize,
}

impl<N: HtmlNode> HtmlNode for Bounded<N> {
    fn element_name(&self) -> Option<String> {
        self.node.element_name()
    }

    fn text(&self) -> Option<String> {
        self.node.text()
    }

    fn attribute(&self, name: &str) -> Option<String> {
        self.node.attribute(name)
    }

    fn children(&self) -> Vec<Self> {
        match self.depth {
            depth if depth < MAX_DEPTH => {
                self.node.children().into_iter().map(|node| Bounded { node, depth: depth + 1 }).collect()
            }
            MAX_DEPTH => {
                // The descendants in document order, without the inside of
                // dropped elements (a `<script>`'s text is not content).
                let mut flat = Vec::new();
                let mut stack: Vec<N> = self.node.children();
                stack.reverse();
                while let Some(node) = stack.pop() {
                    if node.element_name().is_some_and(|name| DROPPED.contains(&name.as_str())) {
                        continue;
                    }
                    let mut children = node.children();
                    children.reverse();
                    stack.append(&mut children);
                    flat.push(Bounded { node, depth: MAX_DEPTH + 1 });
                }
                flat
            }
            _ => Vec::new(),
        }
    }
}

struct Converter<'r> {
    resolve: &'r dyn Fn(&str) -> Option<String>,
    blocks: Vec<Block>,
    /// Loose inline content waiting to become a paragraph.
    inlines: Vec<Inline>,
    /// Images met inside inline content (`<p><a><img></a></p>`, common in
    /// WordPress), which become figures after the block they were in.
    images: Vec<Image>,
}

impl Converter<'_> {
    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }

    fn flush(&mut self) {
        let inlines = trim_inlines(std::mem::take(&mut self.inlines));
        if !inlines.is_empty() {
            self.blocks.push(Block::Paragraph(inlines));
        }
        self.figures();
    }

    /// The images met in the block just pushed, as figures of their own.
    fn figures(&mut self) {
        for image in std::mem::take(&mut self.images) {
            self.blocks.push(Block::Figure { image, caption: Vec::new() });
        }
    }

    /// Pushes a block, after the loose content before it.
    fn push_block(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
    }

    /// Pushes a block made from inline content (the handler flushed before
    /// making it), then the images met in making it.
    fn push_with_images(&mut self, block: Block) {
        self.blocks.push(block);
        self.figures();
    }

    fn children<N: HtmlNode>(&mut self, node: &N) {
        for child in node.children() {
            self.node(&child);
        }
    }

    fn node<N: HtmlNode>(&mut self, node: &N) {
        let Some(name) = node.element_name() else {
            if let Some(text) = node.text() {
                push_text(&mut self.inlines, &text);
            }
            return;
        };
        match name.as_str() {
            n if DROPPED.contains(&n) => {}
            "p" => {
                self.flush();
                // An image right inside a paragraph splits it where it stands.
                let mut run = Vec::new();
                for child in node.children() {
                    if child.element_name().as_deref() == Some("img") {
                        let content = trim_inlines(std::mem::take(&mut run));
                        if !content.is_empty() {
                            self.blocks.push(Block::Paragraph(content));
                        }
                        if let Some(image) = image_of(&child, self.resolve) {
                            self.blocks.push(Block::Figure { image, caption: Vec::new() });
                        }
                    } else {
                        self.inline_into(&child, &mut run);
                    }
                }
                let content = trim_inlines(run);
                if !content.is_empty() {
                    self.blocks.push(Block::Paragraph(content));
                }
                self.figures();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let content = trim_inlines(self.inline_children(node));
                if !content.is_empty() {
                    // The article's own title is the h1; content headings start at h2.
                    let level = (name.as_bytes()[1] - b'0').clamp(2, 6);
                    self.push_with_images(Block::Heading { level, content });
                }
            }
            "ul" | "ol" => {
                self.flush();
                let mut items = Vec::new();
                for child in node.children() {
                    let mut item = Vec::new();
                    if child.element_name().as_deref() == Some("li") {
                        self.inline_children_into(&child, &mut item);
                    } else {
                        self.inline_into(&child, &mut item);
                    }
                    let item = trim_inlines(item);
                    if !item.is_empty() {
                        items.push(item);
                    }
                }
                if !items.is_empty() {
                    self.push_with_images(Block::List { ordered: name == "ol", items });
                }
            }
            "blockquote" => {
                let inner = self.nested(node);
                if !inner.is_empty() {
                    self.push_block(Block::Quote(inner));
                }
            }
            "figure" => {
                self.flush();
                let image = find_image(node, self.resolve);
                let caption = node
                    .children()
                    .iter()
                    .find(|c| c.element_name().as_deref() == Some("figcaption"))
                    .map(|c| trim_inlines(self.inline_children(c)))
                    .unwrap_or_default();
                match image {
                    Some(image) => self.push_with_images(Block::Figure { image, caption }),
                    None if !caption.is_empty() => self.push_with_images(Block::Paragraph(caption)),
                    None => self.figures(),
                }
            }
            "img" => {
                if let Some(image) = image_of(node, self.resolve) {
                    self.push_block(Block::Figure { image, caption: Vec::new() });
                }
            }
            "pre" => {
                let text = text_of(node);
                if !text.trim().is_empty() {
                    self.push_block(Block::Preformatted(text.trim_end().to_owned()));
                }
            }
            "hr" => self.push_block(Block::Rule),
            "br" => self.inlines.push(Inline::Break),
            // Block containers: their content becomes blocks of its own.
            "div" | "section" | "article" | "main" | "header" | "footer" | "aside" | "nav" | "body" | "html"
            | "center" | "details" | "summary" | "table" | "thead" | "tbody" | "tfoot" | "tr" | "dl" | "figcaption"
            | "address" | "hgroup" | "picture" => {
                self.flush();
                self.children(node);
                self.flush();
            }
            "li" | "dt" | "dd" | "td" | "th" | "caption" => {
                self.flush();
                self.children(node);
                self.flush();
            }
            _ => {
                let mut inlines = std::mem::take(&mut self.inlines);
                self.inline_into(node, &mut inlines);
                self.inlines = inlines;
            }
        }
    }

    /// Converts a blockquote's (or similar) content on its own.
    fn nested<N: HtmlNode>(&mut self, node: &N) -> Vec<Block> {
        let mut inner =
            Converter { resolve: self.resolve, blocks: Vec::new(), inlines: Vec::new(), images: Vec::new() };
        inner.children(node);
        inner.finish()
    }

    fn inline_children<N: HtmlNode>(&mut self, node: &N) -> Vec<Inline> {
        let mut out = Vec::new();
        self.inline_children_into(node, &mut out);
        out
    }

    fn inline_children_into<N: HtmlNode>(&mut self, node: &N, out: &mut Vec<Inline>) {
        for child in node.children() {
            self.inline_into(&child, out);
        }
    }

    /// Appends the inline content of a node to `out` (appending, not
    /// returning: each inline is moved once, however deep it sits); block-level
    /// content inside inline context is flattened to its text, so nothing is
    /// lost.
    fn inline_into<N: HtmlNode>(&mut self, node: &N, out: &mut Vec<Inline>) {
        let Some(name) = node.element_name() else {
            if let Some(text) = node.text() {
                push_text(out, &text);
            }
            return;
        };
        match name.as_str() {
            n if DROPPED.contains(&n) => {}
            "br" => out.push(Inline::Break),
            "em" | "i" | "cite" | "dfn" | "var" => self.wrapped(node, Inline::Emphasis, out),
            "strong" | "b" => self.wrapped(node, Inline::Strong, out),
            "code" | "kbd" | "samp" | "tt" => {
                let mut text = String::new();
                text_into(node, &mut text);
                if !text.is_empty() {
                    out.push(Inline::Code(text));
                }
            }
            "a" => {
                let content = self.inline_children(node);
                match node.attribute("href").and_then(|href| link_href(&href, self.resolve)) {
                    Some(href) if !content.is_empty() => out.push(Inline::Link { href, content }),
                    _ => extend_inlines(out, content),
                }
            }
            "img" => self.images.extend(image_of(node, self.resolve)),
            _ => self.inline_children_into(node, out),
        }
    }

    fn wrapped<N: HtmlNode>(&mut self, node: &N, make: fn(Vec<Inline>) -> Inline, out: &mut Vec<Inline>) {
        let content = self.inline_children(node);
        if !content.is_empty() {
            out.push(make(content));
        }
    }
}

/// Appends inlines, merging neighbouring text.
fn extend_inlines(out: &mut Vec<Inline>, more: Vec<Inline>) {
    for inline in more {
        match inline {
            Inline::Text(text) => push_text(out, &text),
            other => out.push(other),
        }
    }
}

/// Appends text, folding HTML white space runs into one space.
fn push_text(out: &mut Vec<Inline>, text: &str) {
    let mut folded = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            space = true;
        } else {
            if space {
                folded.push(' ');
                space = false;
            }
            folded.push(c);
        }
    }
    if space {
        folded.push(' ');
    }
    if folded.is_empty() {
        return;
    }
    if let Some(Inline::Text(last)) = out.last_mut() {
        if last.ends_with(' ') && folded.starts_with(' ') {
            folded.remove(0);
        }
        last.push_str(&folded);
    } else {
        out.push(Inline::Text(folded));
    }
}

/// Drops leading and trailing white space and breaks from a run of inlines.
fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    // One drain, not a `remove(0)` per break: a paragraph of 300,000 `<br>`
    // took seconds that way.
    let leading = inlines.iter().take_while(|inline| matches!(inline, Inline::Break)).count();
    inlines.drain(..leading);
    while matches!(inlines.last(), Some(Inline::Break)) {
        inlines.pop();
    }
    if let Some(Inline::Text(first)) = inlines.first_mut() {
        *first = first.trim_start().to_owned();
    }
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        *last = last.trim_end().to_owned();
    }
    inlines.retain(|inline| !matches!(inline, Inline::Text(t) if t.is_empty()));
    inlines
}

fn text_of<N: HtmlNode>(node: &N) -> String {
    let mut text = String::new();
    text_into(node, &mut text);
    text
}

/// Appends the text of a node to `out` (one buffer for the whole subtree).
fn text_into<N: HtmlNode>(node: &N, out: &mut String) {
    if let Some(text) = node.text() {
        out.push_str(&text);
        return;
    }
    if node.element_name().is_some_and(|n| DROPPED.contains(&n.as_str())) {
        return;
    }
    for child in node.children() {
        text_into(&child, out);
    }
}

fn find_image<N: HtmlNode>(node: &N, resolve: &dyn Fn(&str) -> Option<String>) -> Option<Image> {
    for child in node.children() {
        match child.element_name().as_deref() {
            Some("img") => return image_of(&child, resolve),
            Some("figcaption") => {}
            Some(name) if !DROPPED.contains(&name) => {
                if let Some(image) = find_image(&child, resolve) {
                    return Some(image);
                }
            }
            _ => {}
        }
    }
    None
}

fn image_of<N: HtmlNode>(node: &N, resolve: &dyn Fn(&str) -> Option<String>) -> Option<Image> {
    let src = resolve_checked(&node.attribute("src")?, resolve)?;
    // An image must load from the web, even where links may stay relative.
    if !(src.starts_with("http://") || src.starts_with("https://")) {
        return None;
    }
    let alt = node.attribute("alt").map(|alt| alt.trim().to_owned()).unwrap_or_default();
    Some(Image { src, alt })
}

/// A link target: `http(s)` after resolution, or `mailto:`.
fn link_href(raw: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    // Bytes, not `&str`: a character may straddle the seventh byte.
    if trimmed.len() > 7
        && trimmed.as_bytes()[..7].eq_ignore_ascii_case(b"mailto:")
        && !trimmed.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r' | b'<' | b'>' | b'"'))
    {
        return Some(trimmed.to_owned());
    }
    resolve_checked(raw, resolve)
}

/// The text of the first paragraph (or heading, list item…) with any text.
pub fn first_text(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|block| {
        let text = match block {
            Block::Paragraph(content) | Block::Heading { content, .. } => inline_text(content),
            Block::List { items, .. } => items.first().map(|item| inline_text(item)).unwrap_or_default(),
            Block::Quote(inner) => first_text(inner).unwrap_or_default(),
            Block::Figure { caption, .. } => inline_text(caption),
            Block::Preformatted(text) => text.clone(),
            Block::Rule => String::new(),
        };
        (!text.trim().is_empty()).then(|| text.trim().to_owned())
    })
}

/// All the text of `blocks`, one block's after another's with `separator`
/// between them (`" "` for a title, `"\n"` for a description).
pub fn plain_text(blocks: &[Block], separator: &str) -> String {
    let mut parts = Vec::new();
    text_parts(blocks, &mut parts);
    parts.retain(|part| !part.trim().is_empty());
    parts.join(separator)
}

/// Each block's text, a quote's blocks in place of the quote: joined once at
/// the end rather than once per level of quoting.
fn text_parts(blocks: &[Block], parts: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Paragraph(content) | Block::Heading { content, .. } | Block::Figure { caption: content, .. } => {
                parts.push(inline_text(content))
            }
            Block::List { items, .. } => parts.extend(items.iter().map(|item| inline_text(item))),
            Block::Quote(inner) => text_parts(inner, parts),
            Block::Preformatted(text) => parts.push(text.clone()),
            Block::Rule => {}
        }
    }
}

fn inline_text(inlines: &[Inline]) -> String {
    let mut text = String::new();
    inline_text_into(inlines, &mut text);
    text
}

fn inline_text_into(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::Emphasis(content) | Inline::Strong(content) | Inline::Link { content, .. } => {
                inline_text_into(content, out)
            }
            Inline::Break => out.push(' '),
        }
    }
}
