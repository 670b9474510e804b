use std::borrow::Cow;
use std::cell::Cell;

use ego_tree::{NodeId, NodeRef};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, Attribute, QualName};
use scraper::{Html, HtmlTreeSink, Node};
use unicode_segmentation::UnicodeSegmentation;
use url::Url;

use crate::model::{to_blocks, Block, HtmlNode, Platform, RawJson};

/// Parsing natively: links resolved against the feed's URL (when known),
/// HTML parsed by html5ever (through `scraper`), as a browser would.
pub struct NativePlatform {
    feed_url: Option<Url>,
}

impl NativePlatform {
    /// `feed_url`: where the feed came from, for resolving relative links.
    pub fn new(feed_url: Option<&str>) -> Self {
        NativePlatform { feed_url: feed_url.and_then(|url| Url::parse(url).ok()) }
    }
}

impl Platform for NativePlatform {
    fn resolve(&self, reference: &str, base: Option<&str>) -> Option<String> {
        let base = match base {
            Some(base) => Url::parse(base).ok()?,
            None => self.feed_url.clone()?,
        };
        base.join(reference).ok().map(String::from)
    }

    fn html_to_blocks(&self, html: &str, base: Option<&str>) -> Option<Vec<Block>> {
        let resolve = |reference: &str| self.resolve(reference, base);
        let fragments = parse_fragments(html);
        Some(
            fragments
                .iter()
                .flat_map(|fragment| to_blocks(&Element { node: fragment.tree.root() }, &resolve))
                .collect(),
        )
    }
}

/// Natively a parsed document is a `serde_json::Value`: the wire shapes are
/// read from it by reference, so one value's error leaves the rest readable.
impl RawJson for serde_json::Value {
    fn decode<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        crate::model::decode(self)
    }

    fn number_text(number: f64) -> String {
        // serde_json writes 1e20 as "100000000000000000000.0"; JavaScript, and
        // so the browser build, as "100000000000000000000".
        let text = serde_json::Number::from_f64(number).map_or_else(String::new, |number| number.to_string());
        text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
    }
}

/// How deep html5ever may nest before the rest of the input is parsed as a
/// fragment of its own. Its tree builder walks the stack of open elements
/// for many tags (is there a `<p>` in scope?), so its time grows with the
/// square of the depth: 10,000 nested `<div>` took 13 s in a debug build, and
/// it never stops nesting. Browsers stop nesting at 512 too (Blink, WebKit);
/// an article nests a few dozen levels.
const PARSE_DEPTH: usize = 512;

/// How much of the input html5ever gets at a time, so that the guard can
/// step in soon after the tree gets too deep.
const PARSE_CHUNK: usize = 1024;

/// Parses `html` as `<body>` content: one fragment, or, where the tree gets
/// deeper than [`PARSE_DEPTH`], the rest parsed as the next fragment (the text
/// is kept, the nesting starts again). Each fragment costs at most
/// `PARSE_DEPTH` steps per node and holds at least `PARSE_DEPTH` tags, so the
/// whole is linear in the input.
fn parse_fragments(html: &str) -> Vec<Html> {
    let mut fragments = Vec::new();
    let mut rest = html;
    loop {
        let sink = DepthGuard { inner: HtmlTreeSink::new(Html::new_fragment()), too_deep: Cell::new(false) };
        let context = QualName::new(None, ns!(html), local_name!("body"));
        let mut parser = html5ever::driver::parse_fragment(sink, Default::default(), context, Vec::new(), false);
        while !rest.is_empty() && !parser.tokenizer.sink.sink.too_deep.get() {
            let piece = &rest[..chunk_end(rest)];
            parser.process(StrTendril::from(piece));
            rest = &rest[piece.len()..];
        }
        fragments.push(parser.finish());
        if rest.is_empty() {
            return fragments;
        }
    }
}

/// Where the next piece for the parser ends: about [`PARSE_CHUNK`] bytes on,
/// before a `<` where there is one, so that a split falls between tags.
fn chunk_end(text: &str) -> usize {
    if text.len() <= PARSE_CHUNK {
        return text.len();
    }
    let mut end = PARSE_CHUNK;
    while !text.is_char_boundary(end) {
        end += 1;
    }
    match text.as_bytes()[..end].iter().rposition(|&b| b == b'<') {
        Some(at) if at > 0 => at,
        _ => end,
    }
}

/// scraper's tree sink, noting when an element goes deeper than [`PARSE_DEPTH`].
struct DepthGuard {
    inner: HtmlTreeSink,
    too_deep: Cell<bool>,
}

impl DepthGuard {
    /// Notes whether a child of `parent` is too deep: counts at most
    /// `PARSE_DEPTH` ancestors, so shallow trees cost little.
    fn check(&self, parent: &NodeId) {
        let html = self.inner.0.borrow();
        let depth = html.tree.get(*parent).map_or(0, |node| node.ancestors().take(PARSE_DEPTH).count());
        if depth + 1 >= PARSE_DEPTH {
            self.too_deep.set(true);
        }
    }
}

impl TreeSink for DepthGuard {
    type Handle = NodeId;
    type Output = Html;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Html {
        self.inner.finish()
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.inner.create_element(name, attrs, flags)
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.check(parent);
        self.inner.append(parent, child)
    }
    fn append_based_on_parent_node(&self, element: &NodeId, prev_element: &NodeId, child: NodeOrText<NodeId>) {
        self.check(element);
        self.check(prev_element);
        self.inner.append_based_on_parent_node(element, prev_element, child)
    }
    fn append_doctype_to_document(&self, name: StrTendril, public_id: StrTendril, system_id: StrTendril) {
        self.inner.append_doctype_to_document(name, public_id, system_id)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.check(sibling);
        self.inner.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.check(new_parent);
        self.inner.reparent_children(node, new_parent)
    }
}

/// A node of html5ever's tree. The converter bounds how deep it walks;
/// html5ever nests as deep as the markup says.
struct Element<'a> {
    node: NodeRef<'a, Node>,
}

impl HtmlNode for Element<'_> {
    fn element_name(&self) -> Option<String> {
        self.node.value().as_element().map(|element| element.name().to_ascii_lowercase())
    }

    fn text(&self) -> Option<String> {
        self.node.value().as_text().map(|text| text.to_string())
    }

    fn attribute(&self, name: &str) -> Option<String> {
        self.node.value().as_element()?.attr(name).map(str::to_owned)
    }

    fn children(&self) -> Vec<Self> {
        self.node.children().map(|node| Element { node }).collect()
    }
}

/// See [`crate::model::GraphemeCut`].
pub fn grapheme_cut(text: &str, max: usize) -> Option<usize> {
    text.grapheme_indices(true).nth(max).map(|(cut, _)| cut)
}
