//! Sitemaps (sitemaps.org protocol 0.9): `sitemap.xml` lists every page;
//! beyond 50,000 pages (or 50 MB) it becomes an index of `sitemap1.xml`,
//! `sitemap2.xml`…, as the protocol requires.

use super::html::escape;

pub const MAX_URLS: usize = 50_000;
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
/// How many URLs a new sitemap file of the build takes: the rest, up to
/// [`MAX_URLS`], is room for articles imported later with old dates, which
/// join the file their date falls in.
pub const FILL_URLS: usize = MAX_URLS / 10 * 9;
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
    let mut sets: Vec<Vec<String>> = vec![Vec::new()];
    let mut len = URLSET_OPEN.len() + URLSET_CLOSE.len();
    for entry in entries {
        let xml = entry.xml();
        let current = sets.last_mut().expect("one set at least");
        if current.len() == max_urls || len + xml.len() > MAX_BYTES {
            sets.push(Vec::new());
            len = URLSET_OPEN.len() + URLSET_CLOSE.len();
        }
        len += xml.len();
        sets.last_mut().expect("one set at least").push(xml);
    }
    files(sets, url_of)
}

/// The sitemap files for `sets` of `<url>` elements, one file each (each
/// within the protocol's limits): `sitemap.xml` alone, or an index of
/// `sitemap1.xml`… as (file name, contents).
pub fn files(sets: Vec<Vec<String>>, url_of: impl Fn(&str) -> String) -> Vec<(String, String)> {
    let mut sets: Vec<String> =
        sets.into_iter().map(|urls| format!("{URLSET_OPEN}{}{URLSET_CLOSE}", urls.concat())).collect();
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
