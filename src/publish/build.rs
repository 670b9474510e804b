//! `article-widget-publish build`: articles in, a static site out.
//!
//! First everything is read that can be read whole and checked (the shell,
//! the settings, the feed files, the content folders with their links and
//! assets, the output folder and what the last build wrote there); nothing
//! is written before all of that holds. Then one pass over the articles
//! writes each one's own document and page as soon as it is read, and spools
//! its feed item to a file; only a small index entry per article stays in
//! memory. A second pass sorts the index (newest first) and writes the feed
//! pages (`feed.json` the newest, archive pages anchored at the oldest end,
//! see [`paginate`]), their prerendered list pages, each tag's own feed
//! pages and list page, the home page and the sitemaps from the spool. Last,
//! the files the previous build wrote and this one did not are deleted (see
//! [`super::out`]).

use std::collections::hash_map::Entry as Slot;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::address::Address;
use super::cache::{self, Cache, Found, Outcome, SourceEntry, Spooled};
use super::content::{self, Asset, Inputs, Source};
use super::error::IoAt;
use super::html::escape;
use super::id;
use super::input::{
    decode_text, read_feed, read_markdown_entry, read_site_config_with_warnings, FeedInput, InputError, SiteConfig,
};
use super::json_feed::{self, publish_links, FeedSite, List, WithBody};
use super::out::{self, Writer, OWN_FOLDERS, SPOOL};
use super::pages::{self, Shell, SiteInfo};
use super::sitemap::{self, Entry};
use super::syndication;
use super::tags::{self, Tag};
use crate::model::{percent_encode, tag_key, tag_slug, Article, Feed, LazyArticle, Timestamp};
use crate::platform::{fold_tag, NativePlatform};
use crate::route::{archive_feed, tag_feed, Route, Routing, Site};

pub use super::cache::{prune_default_caches, CacheUse};
pub use super::error::BuildError;
pub use super::out::{Changes, CHANGES, IDS, MANIFEST, PAGES, PENDING};

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
    /// Where the list of what this build added, changed and removed goes
    /// (JSON); `out/.article-widget-changes.json` by default.
    pub changes: Option<PathBuf>,
    /// The time to publish at, in Unix seconds: articles dated after it wait
    /// for a later run. `None` is the clock's time.
    pub now: Option<i64>,
    /// Where what a run keeps for the next goes ([`super::cache`]), so that
    /// the next reads and renders only what changed; `None` keeps nothing
    /// and every run is a full build. The CLI's default is
    /// [`default_cache_dir`].
    pub cache: Option<PathBuf>,
    /// How many URLs a new sitemap file takes (`sitemap::FILL_URLS`, which
    /// leaves room for back-dated imports under the protocol's 50,000).
    pub sitemap_urls: usize,
}

pub use super::sitemap::FILL_URLS as DEFAULT_SITEMAP_URLS;

/// The cache folder the CLI uses for `out` unless told otherwise: under the
/// user's cache folder, one per output folder.
pub fn default_cache_dir(out: &Path) -> Option<PathBuf> {
    cache::default_dir(&content::real_path(out).ok()?)
}

pub const DEFAULT_PAGE_ITEMS: usize = 20;
pub const DEFAULT_PAGE_BYTES: usize = 100 * 1024;

/// What a build did, for the summary the CLI prints.
#[derive(Debug)]
pub struct Report {
    pub articles: usize,
    /// Inputs (files or feed items) that could not be used.
    pub skipped: Vec<InputError>,
    pub warnings: Vec<InputError>,
    pub feed_pages: usize,
    /// Of every feed page, tags' included.
    pub largest_feed_page: usize,
    /// Articles too large for a feed page: their pages' items carry no body,
    /// their own documents do.
    pub bodies_only_in_own_document: usize,
    pub sitemaps: usize,
    pub assets: usize,
    /// Bytes of the files written (unchanged files are not written).
    pub bytes_written: u64,
    /// What this build added, changed and removed (removed: files the
    /// previous build wrote and this one did not, i.e. removed articles).
    pub changes: Changes,
    /// Where the changes list was written.
    pub changes_file: PathBuf,
    /// Articles marked `draft: true`, not published.
    pub drafts: usize,
    /// Articles dated in the future, not published yet: (id, date), soonest
    /// first. A run after that date publishes them.
    pub scheduled: Vec<(String, String)>,
    /// Pages at earlier ids' addresses that send readers on to the article.
    pub redirects: usize,
    /// Whether the last run's cache was used.
    pub cache: CacheUse,
    /// Markdown files found in the content folders.
    pub markdown_files: usize,
    /// Tags with pages of their own (`tags/<slug>/`), and their feed pages
    /// (not in `feed_pages`).
    pub tags: usize,
    pub tag_feed_pages: usize,
}

impl Default for Report {
    fn default() -> Report {
        Report {
            articles: 0,
            skipped: Vec::new(),
            warnings: Vec::new(),
            feed_pages: 0,
            largest_feed_page: 0,
            bodies_only_in_own_document: 0,
            sitemaps: 0,
            assets: 0,
            bytes_written: 0,
            changes: Changes::default(),
            changes_file: PathBuf::new(),
            drafts: 0,
            scheduled: Vec::new(),
            redirects: 0,
            cache: CacheUse::Off,
            markdown_files: 0,
            tags: 0,
            tag_feed_pages: 0,
        }
    }
}

/// One article as the second pass needs it.
struct Indexed {
    /// Seconds since 1970 of the publish date; undated articles sort last.
    published: i64,
    id: String,
    lastmod: Option<String>,
    /// As written; each tag with articles has a paged feed of its own.
    tags: Vec<String>,
    /// Its feed item in the spool.
    item: Spooled,
}

/// Builds the site. Nothing is written unless every input and the output
/// folder pass their checks (`prepare`); what the last build wrote and this
/// one did not is deleted at the end, nothing else.
pub fn build(options: &BuildOptions) -> Result<Report, BuildError> {
    match build_once(options) {
        // The run forgot the cache before writing: this one builds in full.
        Err(BuildError::CacheDamaged(_)) => build_once(options),
        result => result,
    }
}

fn build_once(options: &BuildOptions) -> Result<Report, BuildError> {
    let _alone = out::lock(&options.out)?;
    let mut report = Report::default();
    let (plan, cache) = prepare(options, &mut report)?;
    if let Some(cache) = &cache {
        cache.forget_last()?;
    }
    let mut writer = Writer::open(&options.out, &plan.previous)?;
    let mut cache = match cache {
        Some(cache) => cache,
        None => Cache::scratch(&options.out, SPOOL)?,
    };
    let (index, envelope_len, moved) = first_pass(options, &plan, &mut cache, &mut writer, &mut report)?;
    write_redirects(&plan, &index, moved, &mut writer, &mut report)?;
    let (first_page, archive, mut starts) =
        write_feed_pages(options, &plan, &index, envelope_len, &mut cache, &mut writer, &mut report)?;
    write_archive_pages(&plan, &archive, &mut cache, &mut writer)?;
    let tags = write_tag_pages(options, &plan, &index, &mut starts, &mut cache, &mut writer, &mut report)?;
    let (first, newest) = read_back(&plan, &first_page)?;
    write_home(&plan, first, &newest, &mut writer)?;
    write_syndication(&plan, &newest, &mut writer)?;
    copy_assets(&plan, &mut cache, &mut writer, &mut report)?;
    let sitemap = Sitemap { index: &index, archive: &archive.pages, tags: &tags, starts: &mut starts };
    write_sitemaps(options, &plan, sitemap, &mut cache, &mut writer, &mut report)?;
    let mut text = serde_json::to_string(&starts).expect("plain data serializes");
    text.push('\n');
    writer.bookkeeping(PAGES, text.as_bytes())?;
    report.bytes_written = writer.bytes;
    let folders = if cache.persists() { writer.folders() } else { Default::default() };
    report.changes = writer.finish(&plan.keep)?;
    report.changes_file = options.changes.clone().unwrap_or_else(|| options.out.join(CHANGES));
    write_changes(&report.changes, &report.changes_file)?;
    out::clear_pending(&options.out)?;
    let touched: Vec<&String> =
        report.changes.added.iter().chain(&report.changes.changed).chain(&report.changes.removed).collect();
    match (&options.cache, cache.save(&options.out, &folders, &touched)) {
        (_, Ok(())) => {}
        (Some(dir), Err(error)) => report.warnings.push(cache_warning(dir, &error)),
        (None, Err(error)) => return Err(error),
    }
    report.scheduled.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    Ok(report)
}

/// The changes list, for a deploy script: `{"added": [...], "changed": [...],
/// "removed": [...]}`, paths relative to the output folder. Replaced whole
/// (written aside, then renamed), never through a symbolic link.
fn write_changes(changes: &Changes, path: &Path) -> Result<(), BuildError> {
    if fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink()) {
        return Err(BuildError::OutputLink(path.to_owned()));
    }
    let mut text = serde_json::to_string_pretty(changes).expect("strings serialize");
    text.push('\n');
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".new");
    fs::write(&temporary, text).at(Path::new(&temporary))?;
    fs::rename(&temporary, path).at(path)
}

/// The feed files read, each with its path.
type FeedFiles = Vec<(PathBuf, FeedInput)>;

/// Everything read and checked before the first file is written.
struct Plan {
    shell: Shell,
    address: Address,
    platform: NativePlatform,
    config: SiteConfig,
    inputs: Inputs,
    /// The feed files read, with their paths.
    feeds: FeedFiles,
    /// What the last build wrote in the output folder.
    previous: HashSet<String>,
    /// Inputs inside the output folder (the shell), never deleted.
    keep: Vec<PathBuf>,
}

fn prepare(options: &BuildOptions, report: &mut Report) -> Result<(Plan, Option<Cache>), BuildError> {
    let shell = read_shell(options)?;
    let platform = NativePlatform::new(Some(&shell.address.resolution_base()));
    let inputs = content::find(&options.inputs, &options.out)?;
    let site = read_site_settings(&inputs, report)?;
    let (feeds, feed_settings) = read_feeds(&inputs, &platform, report)?;
    let config = match site.or(feed_settings) {
        Some(config) => config,
        // The feed that would have named the site could not be read: say why.
        None if !report.skipped.is_empty() => return Err(BuildError::Input(report.skipped.remove(0))),
        None => return Err(BuildError::NoSettings),
    };

    let out_real = content::real_path(&options.out).at(&options.out)?;
    let shell_real = content::real_path(&shell.path).at(&shell.path)?;
    let shell_is_index = shell_real == out_real.join("index.html");
    let previous = out::previous(&options.out)?;
    let cache = match &options.cache {
        Some(dir) => {
            let dir_real = content::real_path(dir).ok();
            let inside = |folder: &PathBuf| {
                content::real_path(folder).is_ok_and(|real| dir_real.as_ref().is_some_and(|dir| dir.starts_with(real)))
            };
            if inside(&options.out) || options.inputs.iter().any(inside) {
                return Err(BuildError::CacheInside(dir.clone()));
            }
            // A cache that cannot be kept (a read-only home folder) costs only speed.
            match Cache::open(dir, cache_key(options, &shell, &config), &options.out) {
                Ok((cache, why)) => {
                    report.cache = match why {
                        Some(why) => CacheUse::Full(why),
                        None => CacheUse::Used { read_again: 0 },
                    };
                    Some(cache)
                }
                Err(error) => {
                    report.warnings.push(cache_warning(dir, &error));
                    None
                }
            }
        }
        None => None,
    };
    // The cache vouches that the output's folders are as the last run, which
    // passed this check, left them.
    if !cache.as_ref().is_some_and(Cache::in_use) {
        out::check(&options.out, &previous, shell_is_index)?;
    }
    check_assets(&inputs.assets, &options.out, &previous, &shell.files, &mut report.warnings)?;
    let ReadShell { shell, address, .. } = shell;
    Ok((Plan { shell, address, platform, config, inputs, feeds, previous, keep: vec![shell_real] }, cache))
}

fn cache_warning(dir: &Path, error: &BuildError) -> InputError {
    InputError {
        file: dir.to_owned(),
        line: None,
        message: format!("the cache could not be used or kept ({error}): the next run builds in full"),
    }
}

/// What the output depends on besides the content: the CLI itself (a new
/// build of it may render differently), the shell, the settings and the
/// options.
fn cache_key(options: &BuildOptions, shell: &ReadShell, config: &SiteConfig) -> cache::Hash {
    let exe = std::env::current_exe().ok().and_then(|path| cache::Stamp::read(&path));
    let described = format!(
        "{} {exe:?} {:?} {:?} {config:?} {:?} {:?} {} {}",
        env!("CARGO_PKG_VERSION"),
        shell.shell,
        shell.address,
        options.site_url,
        options.routing,
        options.page_items,
        options.page_bytes,
    );
    cache::hash(&[described.as_bytes()])
}

/// The app shell as the build needs it.
struct ReadShell {
    path: PathBuf,
    /// With the feed's address (and hash routing) in its meta tags.
    shell: Shell,
    address: Address,
    /// The files it loads ([`shell_files`]), which no asset may replace.
    files: HashSet<String>,
}

/// Reads the shell, and the base path Trunk wrote into it, which must be
/// the path `--site-url` is served under.
fn read_shell(options: &BuildOptions) -> Result<ReadShell, BuildError> {
    let path = options.shell.clone().unwrap_or_else(|| options.out.join("index.html"));
    let html = fs::read_to_string(&path).map_err(|source| BuildError::NoShell { path: path.clone(), source })?;
    let shell = Shell::parse(&html).map_err(|message| BuildError::Shell { path: path.clone(), message })?;
    let base_path = base_href(&html).unwrap_or_else(|| "/".to_owned());
    let address = Address::new(options.site_url.as_deref(), &base_path).map_err(BuildError::Address)?;
    if address.base_path() != Site::new(&base_path, Routing::Path).base() {
        return Err(BuildError::Address(format!(
            "--site-url is served under {} but the app was built for {base_path} (trunk build --public-url): \
             they must be the same path",
            address.base_path()
        )));
    }
    let files = shell_files(&shell.page("", ""), address.base_path());
    let mut shell = shell.with_meta("article-widget:feed", &address.file("feed.json"));
    if options.routing == Routing::Hash {
        shell = shell.with_meta("article-widget:routing", "hash");
    }
    Ok(ReadShell { path, shell, address, files })
}

/// The content's `site.yaml`, if it has one.
fn read_site_settings(inputs: &Inputs, report: &mut Report) -> Result<Option<SiteConfig>, BuildError> {
    let Some(Source { real, shown }) = &inputs.settings else {
        return Ok(None);
    };
    let text = fs::read_to_string(real).at(shown)?;
    Ok(Some(read_site_config_with_warnings(shown, &text, &mut report.warnings)?))
}

/// The feed files, read whole (a feed is one document; Markdown files are
/// read one at a time, each written out before the next), and the site
/// settings the first of them that has a title gives. A feed that is not
/// one is skipped.
fn read_feeds(
    inputs: &Inputs,
    platform: &NativePlatform,
    report: &mut Report,
) -> Result<(FeedFiles, Option<SiteConfig>), BuildError> {
    let mut feeds = Vec::new();
    let mut settings = None;
    for path in &inputs.feeds {
        let bytes = fs::read(path).at(path)?;
        match read_feed(path, &bytes, platform) {
            Ok(mut input) => {
                if settings.is_none() {
                    settings = input.title.clone().map(|title| SiteConfig {
                        title,
                        description: None,
                        language: input.language.clone(),
                        disclaimer: input.disclaimer.clone(),
                    });
                }
                report.warnings.append(&mut input.warnings);
                feeds.push((path.clone(), input));
            }
            Err(error) => report.skipped.push(error),
        }
    }
    Ok((feeds, settings))
}

/// Refuses an asset that would replace a file the build or the app build
/// writes: the build's own files and folders, the widget's files (its
/// loader, `embed.css`, `integrity.json`, the versioned loaders' `v/`), the
/// files the shell loads, any file already in the output that the last
/// build did not write; and two assets with one name, or a file where
/// another has a folder. Names are compared without regard to case
/// ([`id::fold`]), as some file systems do. Warns of assets a browser runs.
fn check_assets(
    assets: &[Asset],
    out: &Path,
    previous: &HashSet<String>,
    shell_files: &HashSet<String>,
    warnings: &mut Vec<InputError>,
) -> Result<(), BuildError> {
    let folders = asset_folders(assets);
    let mut seen: HashMap<String, &Path> = HashMap::new();
    let mut checked_folders = HashSet::new();
    for asset in assets {
        let relative = asset.relative.as_str();
        let folded = id::fold(relative);
        let clash =
            |reason: String| BuildError::Clash { asset: asset.from.shown.clone(), output: relative.to_owned(), reason };
        if let Some(reason) = reserved(&folded, shell_files) {
            return Err(clash(reason));
        }
        if let Some(other) = seen.insert(folded.clone(), &asset.from.shown) {
            return Err(clash(format!("is also in {} (one name, two files)", other.display())));
        }
        if let Some(other) = folders.get(&folded) {
            return Err(clash(format!(
                "is a file, and {} needs a folder of that name for {}",
                other.from.shown.display(),
                other.relative
            )));
        }
        if is_active(&folded) {
            warnings.push(InputError {
                file: asset.from.shown.clone(),
                line: None,
                message: format!(
                    "copied to {relative}: a browser runs the script in it on the site's own origin; serve it with a \
                     sandboxing Content-Security-Policy (see the nginx recipe) or move it elsewhere"
                ),
            });
        }
        if let Some(reason) = taken_in_output(out, relative, previous, &mut checked_folders) {
            return Err(clash(reason));
        }
    }
    Ok(())
}

/// Every folder the assets are in, folded, with one asset in it.
fn asset_folders(assets: &[Asset]) -> HashMap<String, &Asset> {
    let mut folders = HashMap::new();
    for asset in assets {
        let folded = id::fold(&asset.relative);
        let mut end = folded.len();
        while let Some(slash) = folded[..end].rfind('/') {
            folders.entry(folded[..slash].to_owned()).or_insert(asset);
            end = slash;
        }
    }
    folders
}

/// Why a (folded) asset name belongs to the build or the app build.
fn reserved(folded: &str, shell_files: &HashSet<String>) -> Option<String> {
    let first = folded.split('/').next().unwrap_or_default();
    if OWN_FOLDERS.contains(&first) {
        Some(format!("is in or is `{first}/`, a folder the build writes"))
    } else if out::is_own_top_file(first) {
        Some("is a file the build writes, or in a folder of that name".into())
    } else if first == out::VERSIONED {
        Some("is in or is `v/`, the folder of the widget's versioned loaders, which every release keeps".into())
    } else if folded == "embed.js" {
        Some("is the widget's loader, which every partner page runs".into())
    } else if folded == "embed.css" || folded == "integrity.json" {
        Some("is a file of the widget's that partner pages load or pin".into())
    } else if shell_files.contains(folded) {
        Some("is a file the app shell loads".into())
    } else {
        None
    }
}

/// Why an asset cannot be copied to `relative` in the output folder: a file
/// the last build did not write is there, or a folder on the way is not a
/// folder (a link would take the copy elsewhere). `checked` holds the
/// folders already checked.
fn taken_in_output(
    out: &Path,
    relative: &str,
    previous: &HashSet<String>,
    checked: &mut HashSet<PathBuf>,
) -> Option<String> {
    let target = out.join(relative);
    if fs::symlink_metadata(&target).is_ok() && !previous.contains(relative) {
        return Some(format!(
            "is already in the output folder ({}), and the build did not write it there",
            target.display()
        ));
    }
    let mut folder = Path::new(relative).parent();
    while let Some(dir) = folder.filter(|dir| !dir.as_os_str().is_empty()) {
        if !checked.insert(dir.to_owned()) {
            break;
        }
        if fs::symlink_metadata(out.join(dir)).is_ok_and(|metadata| !metadata.is_dir()) {
            return Some(format!("would be written through {}, which is not a folder", out.join(dir).display()));
        }
        folder = dir.parent();
    }
    None
}

/// Pages and scripts: a browser runs what they hold on the site's origin.
fn is_active(folded: &str) -> bool {
    let extension = folded.rsplit_once('.').map_or("", |(_, extension)| extension);
    matches!(extension, "html" | "htm" | "xhtml" | "js" | "mjs")
}

/// The files of the site that the shell loads (`src` and `href` values and
/// the paths its inline scripts name), relative to the base path, folded
/// ([`id::fold`]).
fn shell_files(html: &str, base_path: &str) -> HashSet<String> {
    let document = scraper::Html::parse_document(html);
    let mut files = HashSet::new();
    let mut add = |value: &str| {
        let value = value.split(['?', '#']).next().unwrap_or_default();
        if value.contains(':') || value.starts_with("//") {
            return;
        }
        let relative = match value.strip_prefix(base_path) {
            Some(relative) => relative,
            None if value.starts_with('/') => return,
            None => value.trim_start_matches("./"),
        };
        if !relative.is_empty() {
            files.insert(id::fold(relative));
        }
    };
    let selector = scraper::Selector::parse("[src], [href], script").expect("a valid selector");
    for element in document.select(&selector) {
        for name in ["src", "href"] {
            if let Some(value) = element.value().attr(name) {
                add(value);
            }
        }
        if element.value().name() == "script" {
            let text: String = element.text().collect();
            for quoted in text.split(['\'', '"', '`']).skip(1).step_by(2) {
                if !quoted.contains(char::is_whitespace) && quoted.contains('.') {
                    add(quoted);
                }
            }
        }
    }
    files
}

/// Every article written out as it is read: its document and its page; its
/// feed item spooled. Returns the index and the bytes of a feed page without
/// items.
fn first_pass(
    options: &BuildOptions,
    plan: &Plan,
    cache: &mut Cache,
    writer: &mut Writer,
    report: &mut Report,
) -> Result<(Vec<Indexed>, usize, Moved), BuildError> {
    let feed_site = feed_site(plan);
    let page_site = page_site(plan);
    let longest_page_url = plan.address.file("feed/000000000.json");
    let mut pass = FirstPass {
        options,
        config: &plan.config,
        feed_site: &feed_site,
        page_site: &page_site,
        shell: &plan.shell,
        envelope_len: json_feed::document(
            &feed_site,
            longest_page_url.clone(),
            Some(longest_page_url),
            Some(&List::Site),
            &[],
        )
        .len(),
        tag_envelopes: HashMap::new(),
        cache,
        index: Vec::new(),
        ids: HashMap::new(),
        now: options.now.unwrap_or_else(|| {
            let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            since_epoch.map_or(0, |elapsed| elapsed.as_secs() as i64)
        }),
        writer,
        report,
    };
    let mut moved = Moved::default();
    let mut read_again = 0;
    pass.report.markdown_files = plan.inputs.markdown.len();
    for source in &plan.inputs.markdown {
        let path = &source.shown;
        let found = pass.cache.source(&source.shown, &source.real);
        let found = match found {
            Ok(Found::Kept(entry)) if pass.accept_kept(source, &entry, &mut moved)? => {
                pass.cache.keep_source(&source.shown, entry);
                continue;
            }
            other => other,
        };
        read_again += 1;
        let (bytes, stamp, hash) = match found {
            Ok(Found::Read { bytes, stamp, hash }) => (bytes, stamp, hash),
            // Kept but no longer valid as it was (its date has not come, its
            // files are gone): read it as new.
            Ok(Found::Kept(entry)) => match fs::read(&source.real) {
                Ok(bytes) => (bytes, entry.stamp, entry.hash),
                Err(error) => {
                    pass.report.skipped.push(InputError { file: path.clone(), line: None, message: error.to_string() });
                    continue;
                }
            },
            Err(error) => {
                pass.report.skipped.push(InputError { file: path.clone(), line: None, message: error.to_string() });
                continue;
            }
        };
        let mut warnings = Vec::new();
        let result =
            decode_text(path, &bytes).and_then(|text| read_markdown_entry(path, text, &plan.platform, &mut warnings));
        let warned: Vec<(Option<usize>, String)> =
            warnings.iter().map(|warning| (warning.line, warning.message.clone())).collect();
        pass.report.warnings.extend(warnings);
        let outcome = match result {
            Ok(read) if read.draft => {
                pass.report.drafts += 1;
                Some(Outcome::Draft)
            }
            Ok(read) => {
                let id = read.article.id.clone();
                match pass.accept(Ok(read.article), path, None)? {
                    Some(published) => {
                        moved.aliases.extend(read.aliases.iter().map(|alias| (alias.clone(), id.clone())));
                        moved.sources.insert(source.real.to_string_lossy().into_owned(), id);
                        Some(Outcome::Published(cache::Published { aliases: read.aliases, ..published }))
                    }
                    None => None,
                }
            }
            Err(error) => {
                pass.accept(Err(error), path, None)?;
                None
            }
        };
        // Skipped, held for a later date or clashing: read again next time.
        if let Some(outcome) = outcome {
            pass.cache.keep_source(&source.shown, SourceEntry { stamp, hash, warnings: warned, outcome });
        }
    }
    if let CacheUse::Used { read_again: count } = &mut pass.report.cache {
        *count = read_again;
    }
    for (path, input) in &plan.feeds {
        for (result, line) in input.articles.iter().zip(&input.lines) {
            pass.accept(result.clone(), path, *line)?;
        }
    }
    let FirstPass { mut index, envelope_len, .. } = pass;
    // Newest first; the same date in id order, so builds are reproducible.
    index.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.id.cmp(&b.id)));
    Ok((index, envelope_len, moved))
}

/// Where articles' ids came from, kept between runs in [`IDS`] (the CLI's
/// bookkeeping, beside the manifest): each Markdown file's id, and the
/// redirects from ids articles had before.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Moved {
    /// A Markdown file's real path → the id it was published under.
    sources: BTreeMap<String, String>,
    /// An earlier id → the id its article has now.
    redirects: BTreeMap<String, String>,
    /// This run's `aliases:` (old id, id), folded into `redirects`.
    #[serde(skip)]
    aliases: Vec<(String, String)>,
}

/// The ids index of the last run, or an empty one (a missing or unreadable
/// index costs only the redirects it would have given).
fn read_moved(out: &Path) -> Moved {
    fs::read(out.join(IDS)).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
}

/// A page at each earlier id's address that sends the reader (and crawlers,
/// by its canonical link) to the article's address now: for ids the
/// publisher changed in a Markdown file (found by the ids index of the last
/// run) or listed under `aliases:`. Redirects stay from run to run, follow an
/// article through later changes, and go when their article goes or another
/// article takes the old id. Then the ids index for the next run.
fn write_redirects(
    plan: &Plan,
    index: &[Indexed],
    mut moved: Moved,
    writer: &mut Writer,
    report: &mut Report,
) -> Result<(), BuildError> {
    let before = read_moved(writer.out());
    let current: HashSet<String> = index.iter().map(|entry| id::fold(&entry.id)).collect();
    let mut redirects = before.redirects.clone();
    for (source, old) in &before.sources {
        if let Some(now) = moved.sources.get(source).filter(|now| *now != old) {
            redirects.insert(old.clone(), now.clone());
        }
    }
    redirects.extend(std::mem::take(&mut moved.aliases));
    let mut kept = BTreeMap::new();
    for (old, next) in &redirects {
        // Follow a chain of renames (a → b, then b → c) to where the article is now.
        let mut target = next;
        for _ in 0..redirects.len() {
            match redirects.get(target) {
                Some(further) if !current.contains(&id::fold(target)) => target = further,
                _ => break,
            }
        }
        if !current.contains(&id::fold(old)) && current.contains(&id::fold(target)) && id::check(old).is_ok() {
            kept.insert(old.clone(), target.clone());
        }
    }
    let lang = plan.config.language.as_deref().unwrap_or("zh-CN");
    for (old, now) in &kept {
        let url = plan.address.page(&Route::Article { id: now.clone() });
        let page = format!(
            "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"robots\" content=\"noindex\"><link rel=\"canonical\" href=\"{url}\">\
             <meta http-equiv=\"refresh\" content=\"0; url={url}\"><title>{title}</title></head>\
             <body><p><a href=\"{url}\">{url}</a></p></body></html>\n",
            lang = escape(lang),
            url = escape(&url),
            title = escape(&plan.config.title),
        );
        writer.write(&format!("articles/{old}/index.html"), page.as_bytes())?;
    }
    report.redirects = kept.len();
    if moved.sources == before.sources && kept == before.redirects && fs::metadata(writer.out().join(IDS)).is_ok() {
        return Ok(());
    }
    moved.redirects = kept;
    let mut text = serde_json::to_string_pretty(&moved).expect("strings serialize");
    text.push('\n');
    writer.bookkeeping(IDS, text.as_bytes())
}

fn feed_site(plan: &Plan) -> FeedSite<'_> {
    FeedSite {
        title: &plan.config.title,
        description: plan.config.description.as_deref(),
        language: plan.config.language.as_deref(),
        disclaimer: plan.config.disclaimer.as_deref(),
        address: &plan.address,
    }
}

fn page_site(plan: &Plan) -> SiteInfo<'_> {
    SiteInfo {
        title: &plan.config.title,
        description: plan.config.description.as_deref(),
        language: plan.config.language.as_deref(),
        address: &plan.address,
    }
}

/// The feed pages from the spool: `feed.json`, the newest articles, and the
/// archive pages `feed/1.json` (the oldest) … `feed/<n>.json` ([`paginate`]).
/// An archive page made from the same items as last time is kept as it is,
/// unread. Returns `feed.json`.
fn write_feed_pages(
    options: &BuildOptions,
    plan: &Plan,
    index: &[Indexed],
    envelope_len: usize,
    cache: &mut Cache,
    writer: &mut Writer,
    report: &mut Report,
) -> Result<(String, Archive, PageStarts), BuildError> {
    let mut starts = read_page_starts(writer.out(), options.page_items, options.page_bytes);
    let mut feeds = FeedWriter::new(options, plan, cache, writer)?;
    // feed.json is read back for the home page: always made.
    let site = feeds.write(&FeedFolder::site(), index, envelope_len, &starts.starts, false)?;
    starts.starts = site.starts;
    report.largest_feed_page = feeds.largest;
    report.feed_pages = feeds.pages;
    Ok((site.first.expect("feed.json is always made"), site.archive, starts))
}

/// Where one paged feed's files are: the site's (`feed.json`,
/// `feed/<n>.json`) or a tag's (`tags/<slug>/feed.json`,
/// `tags/<slug>/feed/<n>.json`).
struct FeedFolder<'a> {
    /// Relative to the output, with its `/` (`""` for the site's), as on disk.
    on_disk: String,
    /// The same in URLs (percent-encoded).
    in_urls: String,
    list: List<'a>,
}

impl FeedFolder<'_> {
    fn site() -> FeedFolder<'static> {
        FeedFolder { on_disk: String::new(), in_urls: String::new(), list: List::Site }
    }

    fn of_tag(tag: &Tag) -> FeedFolder<'_> {
        FeedFolder::tag(&tag.name, &tag.slug)
    }

    fn tag<'a>(name: &'a str, slug: &'a str) -> FeedFolder<'a> {
        let folder = |slug: &str| tag_feed(slug).trim_end_matches("feed.json").to_owned();
        FeedFolder { on_disk: folder(slug), in_urls: folder(&percent_encode(slug)), list: List::Tag { name, slug } }
    }

    /// The file of page `n`: `0` the first (`feed.json`), else archive page
    /// `n` (1 the oldest).
    fn file(&self, n: usize) -> String {
        format!("{}{}", self.on_disk, Self::name(n))
    }

    fn url(&self, address: &Address, n: usize) -> String {
        address.file(&format!("{}{}", self.in_urls, Self::name(n)))
    }

    fn name(n: usize) -> String {
        if n == 0 {
            "feed.json".to_owned()
        } else {
            archive_file(n)
        }
    }

    /// The bytes of one of its pages without items, with the longest URLs:
    /// what [`paginate`] cuts with.
    fn envelope_len(&self, site: &FeedSite) -> usize {
        let longest = site.address.file(&format!("{}feed/000000000.json", self.in_urls));
        json_feed::document(site, longest.clone(), Some(longest), Some(&self.list), &[]).len()
    }
}

/// One paged feed as written.
struct PagedFeed {
    /// Its first page, when it was made rather than kept.
    first: Option<String>,
    /// What its first page was made from.
    first_made_of: cache::Hash,
    archive: Archive,
    /// Where its archive pages begin, for the next run.
    starts: Vec<Start>,
    /// Its first page's articles (positions in the index it was made from).
    first_articles: Vec<usize>,
}

/// Writes paged feeds from the spool.
struct FeedWriter<'a, 'w> {
    feed_site: FeedSite<'a>,
    page_items: usize,
    page_bytes: usize,
    spool: cache::SpoolReader,
    cache: &'a mut Cache,
    writer: &'a mut Writer<'w>,
    /// The bytes of the largest page written or kept, and how many.
    largest: usize,
    pages: usize,
}

impl<'a, 'w> FeedWriter<'a, 'w> {
    fn new(
        options: &BuildOptions,
        plan: &'a Plan,
        cache: &'a mut Cache,
        writer: &'a mut Writer<'w>,
    ) -> Result<FeedWriter<'a, 'w>, BuildError> {
        Ok(FeedWriter {
            feed_site: feed_site(plan),
            page_items: options.page_items,
            page_bytes: options.page_bytes,
            spool: cache.reader()?,
            cache,
            writer,
            largest: 0,
            pages: 0,
        })
    }

    /// Pages `index` (newest first; [`paginate`], with the archive pages
    /// the last run began at `kept`) into `folder`. A page made from the same
    /// items as last time is kept as it is, unread; the first page only when
    /// `keep_first`.
    fn write(
        &mut self,
        folder: &FeedFolder,
        index: &[Indexed],
        envelope_len: usize,
        kept: &[Start],
        keep_first: bool,
    ) -> Result<PagedFeed, BuildError> {
        let (paging, starts) = paginate(index, envelope_len, self.page_items, self.page_bytes, kept);
        let (first, first_made_of) = self.page(folder, 0, paging.first_next, &paging.first, index, keep_first)?;
        let mut made_of = Vec::with_capacity(paging.archive.len());
        for (n, archive_page) in paging.archive.iter().enumerate() {
            // Page n + 1 goes on to page n, the next older one; page 1 ends the list.
            made_of.push(self.page(folder, n + 1, (n > 0).then_some(n), archive_page, index, true)?.1);
        }
        self.pages += 1 + paging.archive.len();
        let archive = Archive { pages: paging.archive, made_of };
        Ok(PagedFeed { first, first_made_of, archive, starts, first_articles: paging.first })
    }

    /// Writes page `n` of `folder` (0 the first), unless it is kept; returns
    /// it when written, and what it is made from.
    fn page(
        &mut self,
        folder: &FeedFolder,
        n: usize,
        next: Option<usize>,
        page: &[usize],
        index: &[Indexed],
        keep: bool,
    ) -> Result<(Option<String>, cache::Hash), BuildError> {
        let name = folder.file(n);
        let address = self.feed_site.address;
        let next = next.map(|n| folder.url(address, n));
        let hashes: Vec<&[u8]> = page.iter().map(|&i| index[i].item.hash.as_slice()).collect();
        let tag = match folder.list {
            List::Tag { name, .. } => name,
            List::Site => "",
        };
        let made_of = cache::hash(&[
            name.as_bytes(),
            next.as_deref().unwrap_or_default().as_bytes(),
            tag.as_bytes(),
            &hashes.concat(),
        ]);
        if self.cache.made_same(&name, made_of) && keep && self.writer.keep(&name) {
            let len = fs::metadata(self.writer.path(&name)).map_or(0, |metadata| metadata.len() as usize);
            self.largest = self.largest.max(len);
            return Ok((None, made_of));
        }
        let mut items = Vec::with_capacity(page.len());
        for entry in page.iter().map(|&i| &index[i]) {
            items.push(self.spool.read_item(&entry.item)?);
        }
        let items: Vec<&str> = items.iter().map(String::as_str).collect();
        let document = json_feed::document(&self.feed_site, folder.url(address, n), next, Some(&folder.list), &items);
        self.largest = self.largest.max(document.len());
        self.writer.write(&name, document.as_bytes())?;
        Ok((Some(document), made_of))
    }
}

/// A tag's page as the sitemap lists it.
struct TagListed {
    slug: String,
    /// Its newest article (a position in the index): the sitemap lists the
    /// page beside it.
    newest: usize,
    lastmod: Option<String>,
}

/// Each tag's own paged feed (`tags/<slug>/feed.json`, then
/// `tags/<slug>/feed/<n>.json`, cut as the site's are, their starts kept per
/// tag) and its prerendered page `tags/<slug>/index.html`, the first page's
/// articles as the home page lists them. Two tags whose slugs are one folder
/// are warned of; the first keeps it ([`tags::group`]).
fn write_tag_pages(
    options: &BuildOptions,
    plan: &Plan,
    index: &[Indexed],
    starts: &mut PageStarts,
    cache: &mut Cache,
    writer: &mut Writer,
    report: &mut Report,
) -> Result<Vec<TagListed>, BuildError> {
    let (tags, clashes) = tags::group(index.iter().map(|entry| entry.tags.as_slice()));
    for clash in clashes {
        report.warnings.push(InputError {
            file: writer.out().to_owned(),
            line: None,
            message: format!(
                "the tags `{}` and `{}` would have one folder, tags/{}/: only `{}` gets pages of its own",
                clash.kept, clash.dropped, clash.slug, clash.kept
            ),
        });
    }
    let page_site = page_site(plan);
    let mut feeds = FeedWriter::new(options, plan, cache, writer)?;
    let mut kept_starts = std::mem::take(&mut starts.tag_starts);
    let mut listed = Vec::with_capacity(tags.len());
    for tag in &tags {
        let folder = FeedFolder::of_tag(tag);
        // The tag's articles as an index of their own, its items the site's.
        let tag_index: Vec<Indexed> = tag
            .articles
            .iter()
            .map(|&i| {
                let entry = &index[i];
                Indexed {
                    published: entry.published,
                    id: entry.id.clone(),
                    lastmod: entry.lastmod.clone(),
                    tags: Vec::new(),
                    item: entry.item.clone(),
                }
            })
            .collect();
        let kept = kept_starts.remove(&tag.key).unwrap_or_default();
        let envelope_len = folder.envelope_len(&feeds.feed_site);
        let paged = feeds.write(&folder, &tag_index, envelope_len, &kept, true)?;
        if !paged.starts.is_empty() {
            starts.tag_starts.insert(tag.key.clone(), paged.starts);
        }

        let html_file = format!("{}index.html", folder.on_disk);
        let made_of = cache::hash(&[&paged.first_made_of]);
        if !(feeds.cache.made_same(&html_file, made_of) && feeds.writer.keep(&html_file)) {
            let first = match paged.first {
                Some(document) => document,
                None => {
                    let path = feeds.writer.path(&folder.file(0));
                    fs::read_to_string(&path).at(&path)?
                }
            };
            let feed = read_list_page(plan, &first)?;
            let html = pages::tag_page(&plan.shell, &page_site, &tag.name, &tag.slug, Rc::new(feed));
            feeds.writer.write(&html_file, html.as_bytes())?;
        }
        let lastmod = newest_lastmod(paged.first_articles.iter().map(|&i| &tag_index[i]));
        listed.push(TagListed { slug: tag.slug.clone(), newest: tag.articles[0], lastmod });
    }
    report.tags = tags.len();
    report.tag_feed_pages = feeds.pages;
    report.largest_feed_page = report.largest_feed_page.max(feeds.largest);
    Ok(listed)
}

/// The archive pages as written: each page's articles (positions in the
/// index, newest first), and what each was made from.
struct Archive {
    pages: Vec<Vec<usize>>,
    made_of: Vec<cache::Hash>,
}

/// What the sitemaps list, and where their files began last time.
struct Sitemap<'a> {
    index: &'a [Indexed],
    archive: &'a [Vec<usize>],
    tags: &'a [TagListed],
    starts: &'a mut PageStarts,
}

/// Archive page `n` (1 is the oldest).
fn archive_file(n: usize) -> String {
    archive_feed(n)
}

/// The prerendered list page of each archive page, `archive/<n>/index.html`
/// ([`pages::archive_page`]), from its feed page read back as the app reads
/// it. A list page made from the same feed page as last time (and still the
/// newest or not, as then) is kept as it is, unread.
fn write_archive_pages(
    plan: &Plan,
    archive: &Archive,
    cache: &mut Cache,
    writer: &mut Writer,
) -> Result<(), BuildError> {
    let page_site = page_site(plan);
    let pages = archive.pages.len();
    for (n, made_of) in (1..=pages).zip(&archive.made_of) {
        let html_file = format!("{}/index.html", Site::relative_path(&Route::Archive { page: n }));
        if cache.made_same(&html_file, cache::hash(&[made_of, &[u8::from(n == pages)]])) && writer.keep(&html_file) {
            continue;
        }
        let path = writer.path(&archive_file(n));
        let feed = read_list_page(plan, &fs::read_to_string(&path).at(&path)?)?;
        let html = pages::archive_page(&plan.shell, &page_site, n, n == pages, Rc::new(feed));
        writer.write(&html_file, html.as_bytes())?;
    }
    Ok(())
}

/// A feed page read back as the app reads it, its links as published, for
/// the list page that shows it.
fn read_list_page(plan: &Plan, text: &str) -> Result<Feed, BuildError> {
    let mut feed = Feed::parse(text, &plan.platform).map_err(|error| BuildError::ReadBack(error.to_string()))?;
    feed.articles = feed
        .articles
        .iter()
        .map(|article| Rc::new(LazyArticle::ready(publish_links(Article::clone(article), &plan.address))))
        .collect();
    Ok(feed)
}

/// The latest `lastmod` of `entries`: when a list of them last changed.
fn newest_lastmod<'a>(entries: impl Iterator<Item = &'a Indexed>) -> Option<String> {
    entries
        .filter_map(|entry| entry.lastmod.as_deref())
        .max_by_key(|date| Timestamp::parse(date).map_or(i64::MIN, |date| date.unix_seconds()))
        .map(str::to_owned)
}

/// `feed.json` read back as the app reads it, its links as published: what
/// the home page and the RSS and Atom feeds show, read once for all three.
fn read_back(plan: &Plan, first_page: &str) -> Result<(Feed, Vec<Article>), BuildError> {
    let feed = Feed::parse(first_page, &plan.platform).map_err(|error| BuildError::ReadBack(error.to_string()))?;
    let articles = feed.articles.iter().map(|article| publish_links(Article::clone(article), &plan.address)).collect();
    Ok((feed, articles))
}

/// `rss.xml` and `atom.xml`: the first page's articles, for feed readers.
/// They need absolute URLs, so a site without `--site-url` has none.
fn write_syndication(plan: &Plan, articles: &[Article], writer: &mut Writer) -> Result<(), BuildError> {
    if !plan.address.is_absolute() {
        return Ok(());
    }
    let site = syndication::Site {
        title: &plan.config.title,
        description: plan.config.description.as_deref(),
        language: plan.config.language.as_deref(),
        address: &plan.address,
    };
    writer.write(syndication::RSS_FILE, syndication::rss(&site, articles).as_bytes())?;
    writer.write(syndication::ATOM_FILE, syndication::atom(&site, articles).as_bytes())
}

/// The home page shows the first feed page; and the page for addresses the
/// site does not have.
fn write_home(plan: &Plan, mut first: Feed, articles: &[Article], writer: &mut Writer) -> Result<(), BuildError> {
    let page_site = page_site(plan);
    first.articles = articles.iter().map(|article| Rc::new(LazyArticle::ready(article.clone()))).collect();
    writer.write("index.html", pages::home_page(&plan.shell, &page_site, Rc::new(first)).as_bytes())?;
    writer.write("404.html", pages::not_found_page(&plan.shell, &page_site).as_bytes())
}

/// The content's assets (images), checked by [`check_assets`].
/// One unchanged since the last run (by its size, time and identity) is kept
/// as it is, unread.
fn copy_assets(plan: &Plan, cache: &mut Cache, writer: &mut Writer, report: &mut Report) -> Result<(), BuildError> {
    for asset in &plan.inputs.assets {
        let stamp = fs::metadata(&asset.from.real).at(&asset.from.shown)?;
        let made_of = format!("{:?} {}", cache::Stamp::of(&stamp), asset.from.real.display());
        if cache.made_same(&asset.relative, cache::hash(&[made_of.as_bytes()])) && writer.keep(&asset.relative) {
            continue;
        }
        writer.copy(&asset.from.real, &asset.relative)?;
    }
    report.assets = plan.inputs.assets.len();
    Ok(())
}

/// Sitemaps and `robots.txt` (unless the content has its own, or the output
/// one the build did not write), which need absolute URLs.
fn write_sitemaps(
    options: &BuildOptions,
    plan: &Plan,
    Sitemap { index, archive, tags, starts }: Sitemap,
    cache: &mut Cache,
    writer: &mut Writer,
    report: &mut Report,
) -> Result<(), BuildError> {
    let address = &plan.address;
    if !address.is_absolute() {
        report.warnings.push(InputError {
            file: writer.out().to_owned(),
            line: None,
            message:
                "no --site-url: links are root-relative and no sitemap.xml, rss.xml or atom.xml is written (they need absolute URLs)"
                    .into(),
        });
        return Ok(());
    }
    // Oldest first, each archive list page after its newest article, and the
    // home page (whose lastmod is the newest article's) last: a new article
    // changes only the last sitemap file (and the index when it starts a new
    // one), the earlier files keep their bytes, as the archive pages do
    // (`stable_groups`); a new file takes `FILL_URLS`, leaving room for
    // articles imported later with old dates.
    let entry =
        |e: &Indexed| Entry { loc: address.page(&Route::Article { id: e.id.clone() }), lastmod: e.lastmod.clone() };
    let fill = options.sitemap_urls.clamp(1, sitemap::MAX_URLS);
    let mut xml: Vec<String> = index.iter().map(|e| entry(e).xml()).collect();
    for (n, page) in archive.iter().enumerate() {
        let Some(&newest) = page.first() else { continue };
        let lastmod = newest_lastmod(page.iter().map(|&i| &index[i]));
        xml[newest].push_str(&Entry { loc: address.page(&Route::Archive { page: n + 1 }), lastmod }.xml());
    }
    // A tag's page beside its newest article: an older article's file
    // changes only when a tag's newest is there.
    for tag in tags {
        let listed = Entry { loc: address.page(&Route::Tag { slug: tag.slug.clone() }), lastmod: tag.lastmod.clone() };
        xml[tag.newest].push_str(&listed.xml());
    }
    let file_len = |group: &[usize]| group.iter().map(|&i| xml[i].len()).sum::<usize>();
    let groups = stable_groups(
        index,
        &starts.sitemap_starts,
        |group| group.len() > sitemap::MAX_URLS.min(fill * 10 / 9) || file_len(group) > sitemap::MAX_BYTES / 2,
        |rest| {
            let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
            for i in rest {
                let current = groups.last_mut().expect("one group at least");
                if current.len() == fill || file_len(current) + xml[i].len() > sitemap::MAX_BYTES / 2 {
                    groups.push(Vec::new());
                }
                groups.last_mut().expect("one group at least").push(i);
            }
            groups
        },
    );
    starts.sitemap_starts = starts_of(index, groups.iter().map(Vec::as_slice), &starts.sitemap_starts);
    let home = Entry { loc: address.page(&Route::Home), lastmod: index.first().and_then(|e| e.lastmod.clone()) };
    let mut sets: Vec<Vec<String>> =
        groups.into_iter().map(|group| group.into_iter().map(|i| std::mem::take(&mut xml[i])).collect()).collect();
    sets.last_mut().expect("one group at least").push(home.xml());
    let files = sitemap::files(sets, |name| address.file(name));
    report.sitemaps = files.len();
    for (name, contents) in &files {
        // Kept unread when the same: a large site's sitemaps are most of its bytes but for the articles'.
        if !(cache.made_same(name, cache::hash(&[contents.as_bytes()])) && writer.keep(name)) {
            writer.write(name, contents.as_bytes())?;
        }
    }
    let robots_ours = plan.previous.contains("robots.txt") && !writer.has_written("robots.txt");
    // `symlink_metadata`: a link that leads nowhere is there, and not ours.
    if robots_ours || fs::symlink_metadata(writer.path("robots.txt")).is_err() {
        let text = format!("User-agent: *\nAllow: /\nSitemap: {}\n", address.file("sitemap.xml"));
        writer.write("robots.txt", text.as_bytes())?;
    }
    Ok(())
}

/// How the feed is paged, as positions in the index (newest first).
struct Paging {
    /// `feed.json`: the newest articles, as many as fit one page.
    first: Vec<usize>,
    /// The archive page `feed.json`'s `next_url` names: the one that holds
    /// the article after its last (none when `feed.json` holds them all).
    first_next: Option<usize>,
    /// The archive pages, oldest first (page 1 is `archive[0]`), each newest
    /// first inside; empty when `feed.json` holds every article.
    archive: Vec<Vec<usize>>,
}

/// Where each archive page begins, kept between runs in [`PAGES`] (the
/// CLI's bookkeeping, beside the manifest), so that a page keeps its
/// articles when an older one is removed or imported: each page's oldest
/// article's date and id, oldest page first, for the limits they were cut
/// with.
/// Sitemap files likewise.
#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct PageStarts {
    page_items: usize,
    page_bytes: usize,
    starts: Vec<(i64, String)>,
    #[serde(default)]
    sitemap_starts: Vec<(i64, String)>,
    /// Each tag's archive pages' (by its key), as `starts`.
    #[serde(default)]
    tag_starts: BTreeMap<String, Vec<Start>>,
}

/// Where a group of articles begins: its oldest article's place.
type Start = (i64, String);

/// An article's place, oldest first: the index's order (newest first, the
/// same date in id order) reversed.
fn place(published: i64, id: &str) -> (i64, std::cmp::Reverse<&str>) {
    (published, std::cmp::Reverse(id))
}

/// The page and sitemap starts of the last run; its page starts only if
/// they were cut with these limits.
fn read_page_starts(out: &Path, items: usize, bytes: usize) -> PageStarts {
    let mut kept: PageStarts =
        fs::read(out.join(PAGES)).ok().and_then(|text| serde_json::from_slice(&text).ok()).unwrap_or_default();
    if (kept.page_items, kept.page_bytes) != (items, bytes) {
        kept.starts.clear();
        kept.tag_starts.clear();
    }
    PageStarts { page_items: items, page_bytes: bytes, ..kept }
}

/// Groups the articles, oldest first (each group oldest first inside), as
/// the last run grouped them: group k holds the articles from kept start k
/// to kept start k + 1 (the first also those older), so a removed article
/// leaves its group one shorter, maybe empty, an article imported with an
/// old date joins the group its date falls in, and the groups after keep
/// theirs. The articles from the last kept start on are cut afresh
/// (`cut_rest`), as is everything from the first group that has become
/// `overfull`. Kept starts out of order, or more of them than articles, are
/// not what a run wrote: all is cut afresh then.
fn stable_groups(
    index: &[Indexed],
    kept: &[Start],
    overfull: impl Fn(&[usize]) -> bool,
    cut_rest: impl FnOnce(Vec<usize>) -> Vec<Vec<usize>>,
) -> Vec<Vec<usize>> {
    let in_order = kept.windows(2).all(|pair| place(pair[0].0, &pair[0].1) < place(pair[1].0, &pair[1].1));
    let kept = if in_order && kept.len() <= index.len() { kept } else { &[] };
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); kept.len().saturating_sub(1)];
    let mut oldest_first = (0..index.len()).rev().peekable();
    for (group, next_start) in groups.iter_mut().zip(kept.iter().skip(1)) {
        let next_start = place(next_start.0, &next_start.1);
        while let Some(&i) = oldest_first.peek().filter(|&&i| place(index[i].published, &index[i].id) < next_start) {
            group.push(i);
            oldest_first.next();
        }
    }
    let rest: Vec<usize> = match groups.iter().position(|group| overfull(group)) {
        Some(n) => groups.drain(n..).flatten().chain(oldest_first).collect(),
        None => oldest_first.collect(),
    };
    // Groups emptied at the newest end go; their numbers come next.
    while groups.last().is_some_and(Vec::is_empty) {
        groups.pop();
    }
    groups.extend(cut_rest(rest));
    groups
}

/// Where each group (oldest first inside) begins, to keep it next time; an
/// emptied group keeps its start (an empty newest group, which has none, is
/// only the end).
fn starts_of<'g>(index: &[Indexed], groups: impl Iterator<Item = &'g [usize]>, kept: &[Start]) -> Vec<Start> {
    groups
        .enumerate()
        .filter_map(|(n, group)| match group.first() {
            Some(&oldest) => Some((index[oldest].published, index[oldest].id.clone())),
            None => kept.get(n).cloned(),
        })
        .collect()
}

/// Pages the sorted articles (newest first). `feed.json` is cut from the
/// newest end; the archive pages from the oldest end, so that a new article
/// changes only the newest archive page (or starts the next one). Both are
/// cut the same way: at most `items` articles and `bytes` bytes
/// (`envelope_len` is a page without items, with the longest URLs, so a
/// page's number never moves a cut); an article larger than a page on its own
/// gets a page of its own (its item was spooled without its body, so that
/// still fits). `feed.json` may repeat some articles of the newest archive
/// page: the reader drops an article it already has (`Feed::with_next_page`).
///
/// The archive pages the last run cut (`kept`, their starts) stay as they
/// were but for what changed inside them: a removed article leaves its page
/// one shorter (maybe empty), an article imported with an old date joins the
/// page its date falls in, and the pages after keep their articles and their
/// bytes. Only the newest page is cut again. A kept page that has grown past
/// twice `items` or past `bytes` is cut again, with every page after it.
fn paginate(
    index: &[Indexed],
    envelope_len: usize,
    items: usize,
    bytes: usize,
    kept: &[Start],
) -> (Paging, Vec<Start>) {
    let items = items.max(1);
    let first =
        cut(0..index.len().min(items), index, envelope_len, items, bytes).into_iter().next().unwrap_or_default();
    if first.len() == index.len() {
        return (Paging { first, first_next: None, archive: Vec::new() }, Vec::new());
    }
    let page_len = |page: &[usize]| envelope_len + page.iter().map(|&i| index[i].item.len + 1).sum::<usize>();
    let mut archive = stable_groups(
        index,
        kept,
        |page| page.len() > 2 * items || (page.len() > 1 && page_len(page) > bytes),
        |rest| {
            cut(rest.into_iter(), index, envelope_len, items, bytes)
                .into_iter()
                .filter(|page| !page.is_empty())
                .collect()
        },
    );
    let starts = starts_of(index, archive.iter().map(Vec::as_slice), kept);
    for page in &mut archive {
        page.reverse();
    }
    // The archive page that holds the article after feed.json's last.
    let after = index[first.len()].id.as_str();
    let first_next = archive.iter().position(|page| page.iter().any(|&i| index[i].id == after)).map(|n| n + 1);
    (Paging { first, first_next, archive }, starts)
}

/// Cuts `order` greedily into pages of at most `items` articles and `bytes`
/// bytes. Always at least one page, maybe empty.
fn cut(
    order: impl Iterator<Item = usize>,
    index: &[Indexed],
    envelope_len: usize,
    items: usize,
    bytes: usize,
) -> Vec<Vec<usize>> {
    let mut pages: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut current_len = 0;
    for i in order {
        let entry = &index[i];
        if !current.is_empty() && (current.len() == items || envelope_len + current_len + 1 + entry.item.len > bytes) {
            pages.push(std::mem::take(&mut current));
            current_len = 0;
        }
        current_len += entry.item.len + usize::from(!current.is_empty());
        current.push(i);
    }
    if !current.is_empty() || pages.is_empty() {
        pages.push(current);
    }
    pages
}

/// The first pass: every article written out as it is read.
struct FirstPass<'a, 'w> {
    options: &'a BuildOptions,
    config: &'a SiteConfig,
    feed_site: &'a FeedSite<'a>,
    page_site: &'a SiteInfo<'a>,
    shell: &'a Shell,
    /// The bytes of a feed page without items (with the longest URLs).
    envelope_len: usize,
    /// The same for each tag's feed, by the tag as written.
    tag_envelopes: HashMap<String, usize>,
    cache: &'a mut Cache,
    index: Vec<Indexed>,
    /// Each id so far without regard to case ([`id::fold`]): the id and
    /// where it came from.
    ids: HashMap<String, (String, PathBuf)>,
    /// Unix seconds: articles dated after it are not published yet.
    now: i64,
    writer: &'a mut Writer<'w>,
    report: &'a mut Report,
}

impl FirstPass<'_, '_> {
    /// Takes one input's article, or records why there is none. The readers
    /// gave it an id by the id rule; a second article with the same id, or
    /// one that differs only in case (one file on some file systems), is
    /// skipped.
    /// What it was written as, when it was.
    fn accept(
        &mut self,
        result: Result<Article, InputError>,
        from: &Path,
        line: Option<usize>,
    ) -> Result<Option<cache::Published>, BuildError> {
        let skip = |message: String| InputError { file: from.to_owned(), line, message };
        let article = match result {
            Ok(article) => article,
            Err(error) => {
                self.report.skipped.push(error);
                return Ok(None);
            }
        };
        if let Some(published) = article.published.as_ref().filter(|date| date.unix_seconds() > self.now) {
            self.report.scheduled.push((article.id, published.rfc3339().to_owned()));
            return Ok(None);
        }
        if let Err(problem) = id::check(&article.id) {
            self.report.skipped.push(skip(format!("`{}` cannot be published as an id: {problem}", article.id)));
            return Ok(None);
        }
        match self.ids.entry(id::fold(&article.id)) {
            Slot::Occupied(seen) => {
                let (first, file) = seen.get();
                let message = if *first == article.id {
                    format!("another article already has the id `{first}` ({})", file.display())
                } else {
                    format!(
                        "another article has the id `{first}` ({}), the same as `{}` without regard to case (one file \
                         on case-insensitive file systems)",
                        file.display(),
                        article.id
                    )
                };
                self.report.skipped.push(skip(message));
                Ok(None)
            }
            Slot::Vacant(slot) => {
                slot.insert((article.id.clone(), from.to_owned()));
                self.write(article).map(Some)
            }
        }
    }

    /// Takes what a Markdown file gave last time, unchanged since, when it
    /// still stands as it was: its date has come, no earlier input took its
    /// id, and its files are where the last run wrote them. False when it
    /// does not (nothing is done; the file is read again).
    fn accept_kept(&mut self, source: &Source, entry: &SourceEntry, moved: &mut Moved) -> Result<bool, BuildError> {
        if let Outcome::Published(published) = &entry.outcome {
            let files = [format!("items/{}.json", published.id), format!("articles/{}/index.html", published.id)];
            if published.published > self.now
                || self.ids.contains_key(&id::fold(&published.id))
                || !files.iter().all(|file| self.writer.wrote_before(file))
            {
                return Ok(false);
            }
            for file in &files {
                self.writer.keep(file);
            }
            self.ids.insert(id::fold(&published.id), (published.id.clone(), source.shown.clone()));
            self.index.push(Indexed {
                published: published.published,
                id: published.id.clone(),
                lastmod: published.lastmod.clone(),
                tags: published.tags.clone(),
                item: published.item.clone(),
            });
            self.report.articles += 1;
            self.report.bodies_only_in_own_document += usize::from(published.bodiless);
            moved.aliases.extend(published.aliases.iter().map(|alias| (alias.clone(), published.id.clone())));
            moved.sources.insert(source.real.to_string_lossy().into_owned(), published.id.clone());
        } else {
            self.report.drafts += 1;
        }
        let file = &source.shown;
        self.report.warnings.extend(entry.warnings.iter().map(|(line, message)| InputError {
            file: file.clone(),
            line: *line,
            message: message.clone(),
        }));
        Ok(true)
    }

    /// Writes the article's own document and page, and spools its feed item.
    fn write(&mut self, article: Article) -> Result<cache::Published, BuildError> {
        let address = self.feed_site.address;
        let article = with_site_defaults(article, self.config);
        // The `url` an article comes with is where it first appeared; in our
        // feeds its `url` is its page here.
        let external_url = article.url.as_deref().map(|url| address.publish(url));
        let mut article = publish_links(article, address);
        article.url = Some(address.page(&Route::Article { id: article.id.clone() }));

        let full = json_feed::item(self.feed_site, &article, external_url.as_deref(), WithBody::Yes);
        let own_url = address.file(&Address::item_path(&article.id));
        let document = json_feed::document(self.feed_site, own_url, None, None, &[&full]);
        self.writer.write(&format!("items/{}.json", article.id), document.as_bytes())?;
        let article = Rc::new(LazyArticle::ready(article));
        let page = pages::article_page(self.shell, self.page_site, &article);
        self.writer.write(&format!("articles/{}/index.html", article.id), page.as_bytes())?;

        // A page of one of its tags' feeds says more around its items.
        let mut envelope_len = self.envelope_len;
        for tag in &article.tags {
            let feed_site = self.feed_site;
            // The tag's feed names it as its newest article spells it, which
            // may be a longer spelling than this article's.
            let tag_envelope_len = *self.tag_envelopes.entry(tag.clone()).or_insert_with(|| {
                let (name, slug) = (tags::display_name(tag), tag_slug(&tag_key(tag, &fold_tag)));
                FeedFolder::tag(&name, &slug).envelope_len(feed_site) + tags::other_spellings_slack(&name)
            });
            envelope_len = envelope_len.max(tag_envelope_len);
        }
        let bodiless = envelope_len + full.len() > self.options.page_bytes;
        let for_pages = if bodiless {
            self.report.bodies_only_in_own_document += 1;
            json_feed::item(self.feed_site, &article, external_url.as_deref(), WithBody::No)
        } else {
            full
        };
        let item = self.cache.spool(for_pages.as_bytes())?;
        let indexed = Indexed {
            published: article.published.as_ref().map_or(i64::MIN, |t| t.unix_seconds()),
            id: article.id.clone(),
            lastmod: article.modified.as_ref().or(article.published.as_ref()).map(|t| t.rfc3339().to_owned()),
            tags: article.tags.clone(),
            item,
        };
        self.report.articles += 1;
        let published = cache::Published {
            id: indexed.id.clone(),
            published: indexed.published,
            lastmod: indexed.lastmod.clone(),
            aliases: Vec::new(),
            tags: indexed.tags.clone(),
            bodiless,
            item: indexed.item.clone(),
        };
        self.index.push(indexed);
        Ok(published)
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

/// The `href` of the shell's `<base>`, which Trunk writes from `--public-url`.
fn base_href(html: &str) -> Option<String> {
    let start = html.find("<base ")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let href = tag.find("href=\"")? + "href=\"".len();
    Some(tag[href..href + tag[href..].find('"')?].to_owned())
}
