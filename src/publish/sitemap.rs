//! Sitemaps (sitemaps.org protocol 0.9): `sitemap.xml` lists every page;
//! beyond 50,000 pages (or 50 MB) it becomes an index of `sitemap1.xml`,
//! `sitemap2.xml`…, as the protocol requires.

use super::html::escape;

pub const MAX_URLS: usize = 50_000;
const MAX_BYTES: usize = 50 * 1024 * 1024;
const URLSET_OPEN: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

/// One page: its absolute URL and when it last changed (RFC 3339).
pub struct Entry {
    pub loc: String,
    pub lastmod: Option<String>,
}

impl Entry {
    pub fn xml(&self) -> String {
        match &self.lastmod {
            Some(lastmod) => {
                format!("<url><loc>{}</loc><lastmod>{}</lastmod></url>\n", escape(&self.loc), escape(lastmod))
            }
            None => format!("<url><loc>{}</loc></url>\n", escape(&self.loc)),
        }
    }
}

/// The sitemap files for `entries`, as (file name, contents). `url_of`
/// gives a file's absolute URL, for the index.
pub fn sitemaps(entries: impl Iterator<Item = Entry>, url_of: impl Fn(&str) -> String) -> Vec<(String, String)> {
    sitemaps_of_at_most(MAX_URLS, entries, url_of)
}

/// [`sitemaps`] with at most `max_urls` URLs a file (tests use a small one).
/// Files are filled in order: entries added at the end change only the last
/// file (and the index when they start a new one).
pub fn sitemaps_of_at_most(
    max_urls: usize,
    entries: impl Iterator<Item = Entry>,
    url_of: impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    let max_urls = max_urls.clamp(1, MAX_URLS);
    let mut sets: Vec<String> = Vec::new();
    let mut current = String::from(URLSET_OPEN);
    let mut count = 0;
    for entry in entries {
        let xml = entry.xml();
        if count == max_urls || current.len() + xml.len() + URLSET_CLOSE.len() > MAX_BYTES {
            current.push_str(URLSET_CLOSE);
            sets.push(std::mem::replace(&mut current, String::from(URLSET_OPEN)));
            count = 0;
        }
        current.push_str(&xml);
        count += 1;
    }
    current.push_str(URLSET_CLOSE);
    sets.push(current);
    if sets.len() == 1 {
        return vec![("sitemap.xml".to_owned(), sets.remove(0))];
    }
    let mut files: Vec<(String, String)> =
        sets.into_iter().enumerate().map(|(i, set)| (format!("sitemap{}.xml", i + 1), set)).collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (name, _) in &files {
        index.push_str(&format!("<sitemap><loc>{}</loc></sitemap>\n", escape(&url_of(name))));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_owned(), index));
    files
}
