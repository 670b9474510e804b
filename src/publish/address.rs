//! Where the published site lives: every URL the CLI writes comes from here,
//! built on [`crate::route::Site`], the same rules the SPA routes by.

use url::Url;

use crate::model::percent_encode;
use crate::route::{tag_feed, Route, Routing, Site};

/// Stands for the origin while resolving links of a site published without
/// `--site-url`; it never reaches the output.
const PLACEHOLDER_ORIGIN: &str = "https://site.invalid";

#[derive(Clone, Debug)]
pub struct Address {
    /// `https://news.example`, or `None`: links are root-relative.
    origin: Option<String>,
    site: Site,
}

impl Address {
    /// From `--site-url` (absolute, `https://news.example/news/`), or without
    /// one, root-relative links under `base_path`.
    pub fn new(site_url: Option<&str>, base_path: &str) -> Result<Address, String> {
        match site_url {
            Some(raw) => {
                let url = Url::parse(raw).map_err(|error| format!("--site-url {raw}: {error}"))?;
                if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
                    return Err(format!("--site-url {raw}: an http(s) URL with a host, such as https://news.example/"));
                }
                let origin = url.origin().ascii_serialization();
                Ok(Address { origin: Some(origin), site: Site::new(url.path(), Routing::Path) })
            }
            None => Ok(Address { origin: None, site: Site::new(base_path, Routing::Path) }),
        }
    }

    /// Whether links are absolute (a `--site-url` was given): sitemaps and
    /// `og:url` need that.
    pub fn is_absolute(&self) -> bool {
        self.origin.is_some()
    }

    pub fn base_path(&self) -> &str {
        self.site.base()
    }

    /// The URL of a page of the app.
    pub fn page(&self, route: &Route) -> String {
        format!("{}{}", self.origin(), self.site.href(route))
    }

    /// The URL of a file of the site: `path` is relative to the base.
    pub fn file(&self, path: &str) -> String {
        format!("{}{}{}", self.origin(), self.site.base(), path)
    }

    /// The file of article `id`'s own document, relative to the base.
    pub fn item_path(id: &str) -> String {
        format!("items/{}.json", percent_encode(id))
    }

    /// The file of the first page of the feed of the tag whose slug is
    /// `slug`, relative to the base ([`crate::route::tag_feed`]).
    pub fn tag_feed_path(slug: &str) -> String {
        tag_feed(&percent_encode(slug))
    }

    /// What content links resolve against: the site's root.
    pub fn resolution_base(&self) -> String {
        format!("{}{}", self.origin.as_deref().unwrap_or(PLACEHOLDER_ORIGIN), self.site.base())
    }

    /// A link resolved against [`Address::resolution_base`], as it is written
    /// out: root-relative when the site has no origin.
    pub fn publish(&self, resolved: &str) -> String {
        match &self.origin {
            Some(_) => resolved.to_owned(),
            None => resolved.strip_prefix(PLACEHOLDER_ORIGIN).unwrap_or(resolved).to_owned(),
        }
    }

    fn origin(&self) -> &str {
        self.origin.as_deref().unwrap_or("")
    }
}
