use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType, Url};

use crate::model::{to_blocks, Block, HtmlNode, Platform};

/// Parsing in the browser: links resolved with `URL` against the URL the feed
/// came from; HTML parsed into an inert document (`DOMParser` runs no script
/// and loads nothing), then converted to blocks.
pub struct BrowserPlatform {
    feed_url: String,
    parser: Option<DomParser>,
}

impl BrowserPlatform {
    pub fn new(feed_url: String) -> Self {
        BrowserPlatform { feed_url, parser: DomParser::new().ok() }
    }
}

impl Platform for BrowserPlatform {
    fn resolve(&self, reference: &str, base: Option<&str>) -> Option<String> {
        Url::new_with_base(reference, base.unwrap_or(&self.feed_url)).ok().map(|url| url.href())
    }

    fn html_to_blocks(&self, html: &str, base: Option<&str>) -> Option<Vec<Block>> {
        let document = self.parser.as_ref()?.parse_from_string(html, SupportedType::TextHtml).ok()?;
        let body = document.body()?;
        let resolve = |reference: &str| self.resolve(reference, base);
        Some(to_blocks(&DomNode(body.into()), &resolve))
    }
}

struct DomNode(Node);

impl HtmlNode for DomNode {
    fn element_name(&self) -> Option<String> {
        self.0.dyn_ref::<Element>().map(|element| element.local_name().to_ascii_lowercase())
    }

    fn text(&self) -> Option<String> {
        (self.0.node_type() == Node::TEXT_NODE).then(|| self.0.node_value()).flatten()
    }

    fn attribute(&self, name: &str) -> Option<String> {
        self.0.dyn_ref::<Element>()?.get_attribute(name)
    }

    fn children(&self) -> Vec<Self> {
        let list = self.0.child_nodes();
        (0..list.length()).filter_map(|i| list.item(i)).map(DomNode).collect()
    }
}
