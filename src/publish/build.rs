//! `article-widget build`: articles in, a static site out.
//!
//! One pass over the inputs writes each article's own document and page as
//! soon as it is read, and spools its feed item to a file; only a small
//! index entry per article stays in memory. A second pass sorts the index
//! (newest first) and writes the feed pages, the home page and the sitemaps
//! from the spool. Memory stays bounded by the index, not by the content.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::address::Address;
use super::input::{
    decode_text, read_feed, read_markdown_with_warnings, read_site_config_with_warnings, InputError, SiteConfig,
};
use super::json_feed::{self, publish_links, FeedSite, WithBody};
use super::pages::{self, Shell, SiteInfo};
use super::sitemap::{self, Entry};
use crate::model::{Article, Feed, LazyArticle};
use crate::platform::NativePlatform;
use crate::route::{Route, Routing, Site};

/// What to build, from the command line.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// Folders of Markdown articles (with `site.yaml` and assets such as
    /// images) and feed files (RSS, Atom, JSON Feed).
    pub inputs: Vec<PathBuf>,
    /// Where the site goes: Trunk's `dist/`, whose `index.html` is the app
    /// shell every page is written into.
    pub out: PathBuf,
    /// `https://news.example/news/`: absolute links, sitemaps and `og:url`.
    /// Without it links are root-relative and no sitemap is written.
    pub site_url: Option<String>,
    /// The app shell; `out/index.html` by default.
    pub shell: Option<PathBuf>,
    /// How the app writes its URLs: `Hash` for hosts that answer only the
    /// files they have. The pages themselves are files either way.
    pub routing: Routing,
    /// At most this many articles on a feed page.
    pub page_items: usize,
    /// At most this many bytes in a feed page.
    pub page_bytes: usize,
}

pub const DEFAULT_PAGE_ITEMS: usize = 20;
pub const DEFAULT_PAGE_BYTES: usize = 100 * 1024;

/// What a build did, for the summary the CLI prints.
#[derive(Debug, Default)]
pub struct Report {
    pub articles: usize,
    /// Inputs (files or feed items) that could not be used.
    pub skipped: Vec<InputError>,
    pub warnings: Vec<InputError>,
    pub feed_pages: usize,
    pub largest_feed_page: usize,
    /// Articles too large for a feed page: their pages' items carry no body,
    /// their own documents do.
    pub bodies_only_in_own_document: usize,
    pub sitemaps: usize,
    pub assets: usize,
    pub bytes_written: u64,
}

/// One article as the second pass needs it.
struct Indexed {
    /// Seconds since 1970 of the publish date; undated articles sort last.
    published: i64,
    id: String,
    lastmod: Option<String>,
    offset: u64,
    len: usize,
}

/// The folders and files this command owns inside `out`, emptied first so
/// that a removed article does not linger.
const OWNED: &[&str] = &["articles", "items", "feed"];

pub fn build(options: &BuildOptions) -> Result<Report, String> {
    let shell_path = options.shell.clone().unwrap_or_else(|| options.out.join("index.html"));
    let shell_html = fs::read_to_string(&shell_path).map_err(|error| {
        format!(
            "{}: {error}: the app shell is missing; run `trunk build --release` first (it writes it) or pass --shell",
            shell_path.display()
        )
    })?;
    let shell = Shell::parse(&shell_html).map_err(|error| format!("{}: {error}", shell_path.display()))?;
    let base_path = base_href(&shell_html).unwrap_or_else(|| "/".to_owned());
    let address = Address::new(options.site_url.as_deref(), &base_path)?;
    if address.base_path() != Site::new(&base_path, Routing::Path).base() {
        return Err(format!(
            "--site-url is served under {} but the app was built for {base_path} (trunk build --public-url): \
             they must be the same path",
            address.base_path()
        ));
    }
    let mut shell = shell.with_meta("article-widget:feed", &address.file("feed.json"));
    if options.routing == Routing::Hash {
        shell = shell.with_meta("article-widget:routing", "hash");
    }
    let platform = NativePlatform::new(Some(&address.resolution_base()));
    let mut report = Report::default();

    let mut site = None;
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let mut feed_files = Vec::new();
    for input in &options.inputs {
        if input.is_dir() {
            let settings = input.join("site.yaml");
            if site.is_none() && settings.is_file() {
                let text = fs::read_to_string(&settings).map_err(|error| format!("{}: {error}", settings.display()))?;
                let config = read_site_config_with_warnings(&settings, &text, &mut report.warnings)
                    .map_err(|error| error.to_string())?;
                site = Some(config);
            }
            walk(input, input, &mut markdown, &mut assets).map_err(|error| format!("{}: {error}", input.display()))?;
        } else if input.is_file() {
            feed_files.push(input.clone());
        } else {
            return Err(format!("{}: no such folder or file", input.display()));
        }
    }

    // Feed files are read whole (a feed is one document); Markdown files one
    // at a time, each written out before the next is read.
    let mut feeds = Vec::new();
    let mut feed_settings = None;
    for path in &feed_files {
        let bytes = fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
        match read_feed(path, &bytes, &platform) {
            Ok(input) => {
                if feed_settings.is_none() {
                    feed_settings = input.title.clone().map(|title| SiteConfig {
                        title,
                        description: None,
                        language: input.language.clone(),
                        disclaimer: input.disclaimer.clone(),
                    });
                }
                feeds.push((path, input));
            }
            Err(error) => report.skipped.push(error),
        }
    }
    let config = site.or(feed_settings).ok_or_else(|| {
        "no site settings: put a site.yaml (title, description, language, disclaimer) in the content folder".to_owned()
    })?;
    let feed_site = FeedSite {
        title: &config.title,
        description: config.description.as_deref(),
        language: config.language.as_deref(),
        disclaimer: config.disclaimer.as_deref(),
        address: &address,
    };
    let page_site = SiteInfo {
        title: &config.title,
        description: config.description.as_deref(),
        language: config.language.as_deref(),
        address: &address,
    };

    clear_owned(&options.out)?;
    let spool_path = options.out.join(".article-widget-spool");
    let spool = File::create(&spool_path).map_err(|error| format!("{}: {error}", spool_path.display()))?;
    let longest_page_url = address.file("feed/000000000.json");
    let mut pass = FirstPass {
        options,
        config: &config,
        feed_site: &feed_site,
        page_site: &page_site,
        shell: &shell,
        envelope_len: json_feed::document(&feed_site, longest_page_url.clone(), Some(longest_page_url), &[]).len(),
        spool: BufWriter::new(spool),
        spooled: 0,
        index: Vec::new(),
        ids: HashSet::new(),
        report: &mut report,
    };
    for path in &markdown {
        let result = fs::read(path)
            .map_err(|error| InputError { file: path.clone(), line: None, message: error.to_string() })
            .and_then(|bytes| {
                let text = decode_text(path, &bytes)?;
                read_markdown_with_warnings(path, text, &platform, &mut pass.report.warnings)
            });
        pass.accept(result, path)?;
    }
    for (path, input) in feeds {
        for result in input.articles {
            pass.accept(result, path)?;
        }
    }
    pass.spool.flush().map_err(|error| format!("{}: {error}", spool_path.display()))?;
    let FirstPass { mut index, envelope_len, spool, .. } = pass;
    drop(spool);

    // Newest first; the same date in id order, so builds are reproducible.
    index.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.id.cmp(&b.id)));
    let pages = paginate(&index, envelope_len, options.page_items, options.page_bytes);
    let mut spool = File::open(&spool_path).map_err(|error| format!("{}: {error}", spool_path.display()))?;
    let page_file = |n: usize| if n == 1 { "feed.json".to_owned() } else { format!("feed/{n}.json") };
    let mut first_page = String::new();
    for (n, page) in pages.iter().enumerate() {
        let mut items = Vec::with_capacity(page.len());
        for entry in page.iter().map(|&i| &index[i]) {
            let mut item = vec![0; entry.len];
            spool
                .seek(SeekFrom::Start(entry.offset))
                .and_then(|_| spool.read_exact(&mut item))
                .map_err(|error| format!("{}: {error}", spool_path.display()))?;
            items.push(String::from_utf8(item).map_err(|error| error.to_string())?);
        }
        let items: Vec<&str> = items.iter().map(String::as_str).collect();
        let next = (n + 1 < pages.len()).then(|| address.file(&page_file(n + 2)));
        let document = json_feed::document(&feed_site, address.file(&page_file(n + 1)), next, &items);
        report.largest_feed_page = report.largest_feed_page.max(document.len());
        report.bytes_written += write(&options.out.join(page_file(n + 1)), document.as_bytes())?;
        if n == 0 {
            first_page = document;
        }
    }
    report.feed_pages = pages.len();
    drop(spool);
    fs::remove_file(&spool_path).map_err(|error| format!("{}: {error}", spool_path.display()))?;

    // The home page shows the first feed page, read back as the app reads it.
    let mut first = Feed::parse(&first_page, &platform)
        .map_err(|error| format!("the first feed page does not read back: {error}"))?;
    first.articles = first
        .articles
        .iter()
        .map(|article| Rc::new(LazyArticle::ready(publish_links(Article::clone(article), &address))))
        .collect();
    let home = pages::home_page(&shell, &page_site, Rc::new(first));
    report.bytes_written += write(&options.out.join("index.html"), home.as_bytes())?;
    report.bytes_written += write(&options.out.join("404.html"), pages::not_found_page(&shell, &page_site).as_bytes())?;

    for (from, relative) in &assets {
        let to = options.out.join(relative);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|error| format!("{}: {error}", parent.display()))?;
        }
        report.bytes_written += fs::copy(from, &to).map_err(|error| format!("{}: {error}", from.display()))?;
    }
    report.assets = assets.len();

    if address.is_absolute() {
        let home = Entry { loc: address.page(&Route::Home), lastmod: index.first().and_then(|e| e.lastmod.clone()) };
        let articles = index
            .iter()
            .map(|e| Entry { loc: address.page(&Route::Article { id: e.id.clone() }), lastmod: e.lastmod.clone() });
        let files = sitemap::sitemaps(std::iter::once(home).chain(articles), |name| address.file(name));
        report.sitemaps = files.len();
        for (name, contents) in &files {
            report.bytes_written += write(&options.out.join(name), contents.as_bytes())?;
        }
        let robots = options.out.join("robots.txt");
        if !robots.exists() {
            let text = format!("User-agent: *\nAllow: /\nSitemap: {}\n", address.file("sitemap.xml"));
            report.bytes_written += write(&robots, text.as_bytes())?;
        }
    } else {
        report.warnings.push(InputError {
            file: options.out.clone(),
            line: None,
            message:
                "no --site-url: links are root-relative and no sitemap.xml is written (sitemaps need absolute URLs)"
                    .into(),
        });
    }
    Ok(report)
}

/// Empties what this command owns in `out`, so that a removed article does
/// not linger: its folders, and the sitemaps.
fn clear_owned(out: &Path) -> Result<(), String> {
    // With `--shell`, the output folder may be a new one rather than Trunk's `dist/`.
    fs::create_dir_all(out).map_err(|error| format!("{}: {error}", out.display()))?;
    for dir in OWNED {
        let path = out.join(dir);
        if path.exists() {
            fs::remove_dir_all(&path).map_err(|error| format!("{}: {error}", path.display()))?;
        }
    }
    for entry in fs::read_dir(out).map_err(|error| format!("{}: {error}", out.display()))? {
        let path = entry.map_err(|error| error.to_string())?.path();
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        if name.starts_with("sitemap") && name.ends_with(".xml") {
            fs::remove_file(&path).map_err(|error| format!("{}: {error}", path.display()))?;
        }
    }
    Ok(())
}

/// Groups the sorted articles into feed pages of at most `items` articles
/// and `bytes` bytes; an article larger than a page on its own gets a page
/// of its own (its item was spooled without its body, so that still fits).
fn paginate(index: &[Indexed], envelope_len: usize, items: usize, bytes: usize) -> Vec<Vec<usize>> {
    let mut pages: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut current_len = 0;
    for (i, entry) in index.iter().enumerate() {
        if !current.is_empty() && (current.len() == items || envelope_len + current_len + 1 + entry.len > bytes) {
            pages.push(std::mem::take(&mut current));
            current_len = 0;
        }
        current_len += entry.len + usize::from(!current.is_empty());
        current.push(i);
    }
    if !current.is_empty() || pages.is_empty() {
        pages.push(current);
    }
    pages
}

/// The first pass: every article written out as it is read.
struct FirstPass<'a> {
    options: &'a BuildOptions,
    config: &'a SiteConfig,
    feed_site: &'a FeedSite<'a>,
    page_site: &'a SiteInfo<'a>,
    shell: &'a Shell,
    /// The bytes of a feed page without items (with the longest URLs).
    envelope_len: usize,
    spool: BufWriter<File>,
    spooled: u64,
    index: Vec<Indexed>,
    ids: HashSet<String>,
    report: &'a mut Report,
}

impl FirstPass<'_> {
    /// Takes one input's article, or records why there is none.
    fn accept(&mut self, result: Result<Article, InputError>, from: &Path) -> Result<(), String> {
        match result.and_then(|article| checked_id(article, from)) {
            Ok(article) if !self.ids.insert(article.id.clone()) => self.report.skipped.push(InputError {
                file: from.to_owned(),
                line: None,
                message: format!("another article already has the id `{}`", article.id),
            }),
            Ok(article) => self.write(article)?,
            Err(error) => self.report.skipped.push(error),
        }
        Ok(())
    }

    /// Writes the article's own document and page, and spools its feed item.
    fn write(&mut self, article: Article) -> Result<(), String> {
        let address = self.feed_site.address;
        let out = &self.options.out;
        let article = with_site_defaults(article, self.config);
        // The `url` an article comes with is where it first appeared; in our
        // feeds its `url` is its page here.
        let external_url = article.url.as_deref().map(|url| address.publish(url));
        let mut article = publish_links(article, address);
        article.url = Some(address.page(&Route::Article { id: article.id.clone() }));

        let full = json_feed::item(self.feed_site, &article, external_url.as_deref(), WithBody::Yes);
        let own_url = address.file(&Address::item_path(&article.id));
        let document = json_feed::document(self.feed_site, own_url, None, &[&full]);
        self.report.bytes_written +=
            write(&out.join("items").join(format!("{}.json", article.id)), document.as_bytes())?;
        let article = Rc::new(LazyArticle::ready(article));
        let page = pages::article_page(self.shell, self.page_site, &article);
        self.report.bytes_written +=
            write(&out.join("articles").join(&article.id).join("index.html"), page.as_bytes())?;

        let for_pages = if self.envelope_len + full.len() <= self.options.page_bytes {
            full
        } else {
            self.report.bodies_only_in_own_document += 1;
            json_feed::item(self.feed_site, &article, external_url.as_deref(), WithBody::No)
        };
        self.spool.write_all(for_pages.as_bytes()).map_err(|error| error.to_string())?;
        self.index.push(Indexed {
            published: article.published.as_ref().map_or(i64::MIN, |t| t.unix_seconds()),
            id: article.id.clone(),
            lastmod: article.modified.as_ref().or(article.published.as_ref()).map(|t| t.rfc3339().to_owned()),
            offset: self.spooled,
            len: for_pages.len(),
        });
        self.spooled += for_pages.len() as u64;
        self.report.articles += 1;
        Ok(())
    }
}

/// Fills in what an article leaves to the site: its language and disclaimer.
fn with_site_defaults(mut article: Article, site: &SiteConfig) -> Article {
    if article.language.is_none() {
        article.language = site.language.clone();
    }
    if article.disclaimer.is_none() {
        article.disclaimer = site.disclaimer.clone();
    }
    article
}

/// An article whose id can be a file name and a URL path segment. Ids from
/// feed files that cannot (a guid that is a URL) are replaced by a slug of
/// their own, stable across builds.
fn checked_id(mut article: Article, from: &Path) -> Result<Article, InputError> {
    if !is_path_safe(&article.id) {
        let original = std::mem::take(&mut article.id);
        let readable: String = original
            .rsplit(['/', '?', '=', '#'])
            .find(|part| !part.is_empty())
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .take(40)
            .collect();
        article.id = if readable.is_empty() {
            format!("item-{:016x}", fnv1a(&original))
        } else {
            format!("{readable}-{:08x}", fnv1a(&original) as u32)
        };
        if !is_path_safe(&article.id) {
            return Err(InputError {
                file: from.to_owned(),
                line: None,
                message: format!("`{original}` cannot be an id"),
            });
        }
    }
    Ok(article)
}

/// The rule Markdown ids follow too: letters and digits of any script and
/// `-._~`, not `.` or `..`; at most 200 bytes, so it can be a file name.
fn is_path_safe(id: &str) -> bool {
    !id.is_empty()
        && id != "."
        && id != ".."
        && id.len() <= 200
        && id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
}

/// FNV-1a: a stable hash for naming, the same on every machine and build.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// Markdown files and assets below `dir`, in name order.
fn walk(
    root: &Path,
    dir: &Path,
    markdown: &mut Vec<PathBuf>,
    assets: &mut Vec<(PathBuf, PathBuf)>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            walk(root, &path, markdown, assets)?;
        } else if name.ends_with(".md") || name.ends_with(".markdown") {
            markdown.push(path);
        } else if !(dir == root && name == "site.yaml") {
            let relative = path.strip_prefix(root).map_or_else(|_| PathBuf::from(&*name), Path::to_path_buf);
            assets.push((path, relative));
        }
    }
    Ok(())
}

/// The `href` of the shell's `<base>`, which Trunk writes from `--public-url`.
fn base_href(html: &str) -> Option<String> {
    let start = html.find("<base ")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let href = tag.find("href=\"")? + "href=\"".len();
    Some(tag[href..href + tag[href..].find('"')?].to_owned())
}

fn write(path: &Path, contents: &[u8]) -> Result<u64, String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|error| format!("{}: {error}", parent.display()))?;
    }
    fs::write(path, contents).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(contents.len() as u64)
}
