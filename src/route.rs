//! The standalone site's addresses: which page a URL shows, and the URL of
//! each page, under the site's base path (`/` or a sub-path such as `/news/`)
//! with path or hash routing. Pure, so that the SPA and the publishing CLI
//! (prerendered pages, sitemaps, feed links) agree on every URL.

use crate::model::{percent_decode, percent_encode};

/// A page of the standalone app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Article {
        id: String,
    },
    /// Archive page `page` of the list (1 is the oldest), the prerendered
    /// twin of the feed's archive page [`archive_feed`]`(page)`.
    Archive {
        page: usize,
    },
    /// The articles of one tag, by the tag's slug (`model::tag_slug`),
    /// newest first: the prerendered twin of the tag's feed [`tag_feed`].
    Tag {
        slug: String,
    },
    NotFound,
}

/// The file of archive page `page` of the feed (1 is the oldest), relative
/// to the folder of `feed.json`: the CLI writes it there and the app reads it
/// from there, so both agree on which page a number is.
pub fn archive_feed(page: usize) -> String {
    format!("feed/{page}.json")
}

/// The file of the first page of tag `slug`'s own feed, relative to the
/// folder of `feed.json`, as it is named on disk (in a URL the slug is
/// percent-encoded). Its next pages are `tags/<slug>/feed/<n>.json`.
pub fn tag_feed(slug: &str) -> String {
    format!("{TAGS}{slug}/feed.json")
}

/// The page of the tag `tag` as an article writes it (its slug:
/// `model::tag_slug` of its `model::tag_key`).
pub fn tag_route(tag: &str) -> Route {
    Route::Tag { slug: crate::model::tag_slug(&crate::model::tag_key(tag, &crate::platform::fold_tag)) }
}

/// How the app writes its URLs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Routing {
    /// `/news/articles/<id>`: needs a server that answers every such path
    /// (a prerendered page, or the app's shell).
    #[default]
    Path,
    /// `/news/#/articles/<id>`: for static hosts that answer only the files
    /// they have.
    Hash,
}

impl Routing {
    /// Reads `<meta name="article-widget:routing" content="hash">`.
    pub fn from_name(name: &str) -> Option<Routing> {
        match name.trim().to_ascii_lowercase().as_str() {
            "path" | "history" => Some(Routing::Path),
            "hash" => Some(Routing::Hash),
            _ => None,
        }
    }
}

/// Where the site lives and how it routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// The base path: starts and ends with `/`.
    base: String,
    routing: Routing,
}

impl Default for Site {
    fn default() -> Self {
        Site::new("/", Routing::Path)
    }
}

const ARTICLES: &str = "articles/";
const ARCHIVE: &str = "archive/";
const TAGS: &str = "tags/";

impl Site {
    /// `base_path` is the path the app is served under (`/`, `/news/`); a
    /// missing slash at either end is added.
    pub fn new(base_path: &str, routing: Routing) -> Site {
        let trimmed = base_path.trim().trim_matches('/');
        let base = if trimmed.is_empty() { "/".to_owned() } else { format!("/{trimmed}/") };
        Site { base, routing }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn routing(&self) -> Routing {
        self.routing
    }

    /// The path of `route` relative to the base, as a file on disk would be
    /// named: `""` for the home page, `articles/<percent-encoded id>`,
    /// `archive/<n>`.
    pub fn relative_path(route: &Route) -> String {
        match route {
            Route::Home => String::new(),
            Route::Article { id } => format!("{ARTICLES}{}", percent_encode(id)),
            Route::Archive { page } => format!("{ARCHIVE}{page}"),
            Route::Tag { slug } => format!("{TAGS}{}", percent_encode(slug)),
            Route::NotFound => "404".to_owned(),
        }
    }

    /// The URL of `route` from the origin: `/news/articles/a%20b`, or with
    /// hash routing `/news/#/articles/a%20b`.
    pub fn href(&self, route: &Route) -> String {
        match (self.routing, route) {
            (_, Route::Home) => self.base.clone(),
            (Routing::Path, route) => format!("{}{}", self.base, Self::relative_path(route)),
            (Routing::Hash, route) => format!("{}#/{}", self.base, Self::relative_path(route)),
        }
    }

    /// The page a location shows. A fragment that starts with `#/` is the
    /// route (hash routing; a link written either way works with both);
    /// otherwise the path under the base is. Trailing slashes and an
    /// explicit `index.html` are allowed, as static hosts produce them.
    pub fn route(&self, path: &str, hash: &str) -> Route {
        if let Some(inner) = hash.strip_prefix("#/") {
            return Self::route_of_relative(inner);
        }
        match path.strip_prefix(&self.base).or_else(|| (path == self.base.trim_end_matches('/')).then_some("")) {
            Some(relative) => Self::route_of_relative(relative),
            None => Route::NotFound,
        }
    }

    fn route_of_relative(relative: &str) -> Route {
        let relative = relative.split(['?', '#']).next().unwrap_or_default();
        let relative = relative.strip_suffix("index.html").unwrap_or(relative);
        let relative = relative.strip_suffix('/').unwrap_or(relative);
        if relative.is_empty() {
            return Route::Home;
        }
        if let Some(number) = relative.strip_prefix(ARCHIVE) {
            return archive_number(number).map_or(Route::NotFound, |page| Route::Archive { page });
        }
        if let Some(encoded) = relative.strip_prefix(TAGS) {
            // No slug is `.` or `..` (`model::tag_slug`), which a URL would read as steps.
            return match segment(encoded) {
                Some(slug) if slug != "." && slug != ".." => Route::Tag { slug },
                _ => Route::NotFound,
            };
        }
        match relative.strip_prefix(ARTICLES).and_then(segment) {
            Some(id) => Route::Article { id },
            None => Route::NotFound,
        }
    }
}

/// One percent-encoded path segment, decoded: not empty, no `/`.
fn segment(encoded: &str) -> Option<String> {
    if encoded.is_empty() || crate::model::contains(encoded, "/") {
        return None;
    }
    percent_decode(encoded).filter(|text| !text.is_empty())
}

/// A page number as the CLI writes it: decimal digits, no leading zero, at
/// least 1, so each page has one address.
fn archive_number(text: &str) -> Option<usize> {
    let digits = text.as_bytes();
    if digits.is_empty() || digits[0] == b'0' || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    text.parse().ok()
}
