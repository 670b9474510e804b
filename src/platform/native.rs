use ego_tree::NodeRef;
use scraper::{Html, Node};
use unicode_segmentation::UnicodeSegmentation;
use url::Url;

use crate::model::{to_blocks, Block, HtmlNode, Platform};

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
        let fragment = Html::parse_fragment(html);
        let resolve = |reference: &str| self.resolve(reference, base);
        Some(to_blocks(&Element { node: fragment.tree.root() }, &resolve))
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
