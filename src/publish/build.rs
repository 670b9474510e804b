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
//! see [`paginate`]), their prerendered list pages, the home page and the sitemaps from the spool. Last, the files the
//! previous build wrote and this one did not are deleted (see [`super::out`]).

use std::collections::hash_map::Entry as Slot;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{self, File};
use std::hash::{Hash, Hasher};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::address::Address;
use super::content::{self, Asset, Inputs, Source};
use super::error::IoAt;
use super::html::escape;
use super::id;
use super::input::{
    decode_text, read_feed, read_markdown_entry, read_site_config_with_warnings, FeedInput, InputError, SiteConfig,
};
use super::json_feed::{self, publish_links, FeedSite, WithBody};
use super::out::{self, Writer, OWN_FOLDERS, SPOOL};
use super::pages::{self, Shell, SiteInfo};
use super::sitemap::{self, Entry};
use super::syndication;
use crate::model::{Article, Feed, LazyArticle};
use crate::platform::NativePlatform;
use crate::route::{archive_feed, Route, Routing, Site};

pub use super::error::BuildError;
pub use super::out::{Changes, CHANGES, IDS, MANIFEST};

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

/// Builds the site. Nothing is written unless every input and the output
/// folder pass their checks (`prepare`); what the last build wrote and this
/// one did not is deleted at the end, nothing else.
pub fn build(options: &BuildOptions) -> Result<Report, BuildError> {
    let mut report = Report::default();
    let plan = prepare(options, &mut report)?;
    let mut writer = Writer::open(&options.out, &plan.previous)?;
    let (index, envelope_len, moved) = first_pass(options, &plan, &mut writer, &mut report)?;
    write_redirects(&plan, &index, moved, &mut writer, &mut report)?;
    let first_page = write_feed_pages(options, &plan, &index, envelope_len, &mut writer, &mut report)?;
    let archive = write_archive_pages(&plan, report.feed_pages - 1, &mut writer)?;
    let (first, newest) = read_back(&plan, &first_page)?;
    write_home(&plan, first, &newest, &mut writer)?;
    write_syndication(&plan, &newest, &mut writer)?;
    copy_assets(&plan, &mut writer, &mut report)?;
    write_sitemaps(&plan, &index, &archive, &mut writer, &mut report)?;
    report.bytes_written = writer.bytes;
    report.changes = writer.finish(&plan.keep)?;
    report.changes_file = options.changes.clone().unwrap_or_else(|| options.out.join(CHANGES));
    write_changes(&report.changes, &report.changes_file)?;
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

fn prepare(options: &BuildOptions, report: &mut Report) -> Result<Plan, BuildError> {
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
    out::check(&options.out, &previous, shell_is_index)?;
    check_assets(&inputs.assets, &options.out, &previous, &shell.files, &mut report.warnings)?;
    let ReadShell { shell, address, .. } = shell;
    Ok(Plan { shell, address, platform, config, inputs, feeds, previous, keep: vec![shell_real] })
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
    writer: &mut Writer,
    report: &mut Report,
) -> Result<(Vec<Indexed>, usize, Moved), BuildError> {
    let feed_site = feed_site(plan);
    let page_site = page_site(plan);
    let spool_path = writer.path(SPOOL);
    let spool = File::create(&spool_path).at(&spool_path)?;
    let longest_page_url = plan.address.file("feed/000000000.json");
    let mut pass = FirstPass {
        options,
        config: &plan.config,
        feed_site: &feed_site,
        page_site: &page_site,
        shell: &plan.shell,
        envelope_len: json_feed::document(&feed_site, longest_page_url.clone(), Some(longest_page_url), &[]).len(),
        spool: BufWriter::new(spool),
        spooled: 0,
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
    for source in &plan.inputs.markdown {
        let path = &source.shown;
        let result = fs::read(&source.real)
            .map_err(|error| InputError { file: path.clone(), line: None, message: error.to_string() })
            .and_then(|bytes| {
                let text = decode_text(path, &bytes)?;
                read_markdown_entry(path, text, &plan.platform, &mut pass.report.warnings)
            });
        match result {
            Ok(read) if read.draft => pass.report.drafts += 1,
            Ok(read) => {
                let published = pass.index.len();
                let id = read.article.id.clone();
                pass.accept(Ok(read.article), path, None)?;
                if pass.index.len() > published {
                    moved.aliases.extend(read.aliases.into_iter().map(|alias| (alias, id.clone())));
                    moved.sources.insert(source.real.to_string_lossy().into_owned(), id);
                }
            }
            Err(error) => pass.accept(Err(error), path, None)?,
        }
    }
    for (path, input) in &plan.feeds {
        for (result, line) in input.articles.iter().zip(&input.lines) {
            pass.accept(result.clone(), path, *line)?;
        }
    }
    pass.spool.flush().at(&spool_path)?;
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
    let mut redirects = before.redirects;
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

/// The feed pages from the spool (then deleted): `feed.json`, the newest
/// articles, and the archive pages `feed/1.json` (the oldest) … `feed/<n>.json`
/// ([`paginate`]). Returns `feed.json`.
fn write_feed_pages(
    options: &BuildOptions,
    plan: &Plan,
    index: &[Indexed],
    envelope_len: usize,
    writer: &mut Writer,
    report: &mut Report,
) -> Result<String, BuildError> {
    let feed_site = feed_site(plan);
    let address = &plan.address;
    let paging = paginate(index, envelope_len, options.page_items, options.page_bytes);
    let spool_path = writer.path(SPOOL);
    let mut spool = File::open(&spool_path).at(&spool_path)?;
    let mut read_items = |page: &[usize]| -> Result<Vec<String>, BuildError> {
        let mut items = Vec::with_capacity(page.len());
        for entry in page.iter().map(|&i| &index[i]) {
            let mut item = vec![0; entry.len];
            spool.seek(SeekFrom::Start(entry.offset)).and_then(|_| spool.read_exact(&mut item)).at(&spool_path)?;
            items.push(String::from_utf8(item).map_err(|error| BuildError::Io {
                path: spool_path.clone(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, error),
            })?);
        }
        Ok(items)
    };
    let mut largest = 0;
    let mut write_page = |name: &str, next: Option<usize>, items: Vec<String>| -> Result<String, BuildError> {
        let items: Vec<&str> = items.iter().map(String::as_str).collect();
        let next = next.map(|n| address.file(&archive_file(n)));
        let document = json_feed::document(&feed_site, address.file(name), next, &items);
        largest = largest.max(document.len());
        writer.write(name, document.as_bytes())?;
        Ok(document)
    };
    let first_page = write_page("feed.json", paging.first_next, read_items(&paging.first)?)?;
    for (n, page) in paging.archive.iter().enumerate() {
        // Page n + 1 goes on to page n, the next older one; page 1 ends the list.
        write_page(&archive_file(n + 1), (n > 0).then_some(n), read_items(page)?)?;
    }
    report.largest_feed_page = largest;
    report.feed_pages = 1 + paging.archive.len();
    drop(spool);
    fs::remove_file(&spool_path).at(&spool_path)?;
    Ok(first_page)
}

/// Archive page `n` (1 is the oldest).
fn archive_file(n: usize) -> String {
    archive_feed(n)
}

/// An archive page as the sitemap lists it.
#[derive(Debug, PartialEq)]
struct ArchivePage {
    /// Its items: the sitemap lists the page after its newest article.
    items: usize,
    /// The latest date (modified, else published) of its articles.
    lastmod: Option<String>,
}

/// The prerendered list page of each archive page, `archive/<n>/index.html`
/// ([`pages::archive_page`]), from the feed pages just written (one at a
/// time, read back as the app reads them), oldest first.
///
/// Almost every page is the same as last time, and reading them all back and
/// rendering them again was a quarter of an unchanged run (20,000 articles:
/// 2.7 s against 2.1 s), so each list page ends with a stamp of what it was
/// made from ([`archive_stamp`]): its feed page's bytes, whether it is the
/// newest, the shell, the site's settings and this program. A page whose
/// stamp matches is kept as it is, unread. (A new build of the CLI stamps,
/// and so rewrites, every list page once.)
fn write_archive_pages(plan: &Plan, pages: usize, writer: &mut Writer) -> Result<Vec<ArchivePage>, BuildError> {
    let page_site = page_site(plan);
    let made_by = made_by(plan);
    let mut written = Vec::with_capacity(pages);
    for n in 1..=pages {
        let path = writer.path(&archive_file(n));
        let text = fs::read_to_string(&path).at(&path)?;
        let html_file = format!("{}/index.html", Site::relative_path(&Route::Archive { page: n }));
        let key = made_by.as_ref().map(|made_by| {
            let mut hasher = std::hash::DefaultHasher::new();
            (made_by, n == pages, &text).hash(&mut hasher);
            format!("{:016x}", hasher.finish())
        });
        let kept = key.as_ref().and_then(|key| {
            let old = fs::read(writer.path(&html_file)).ok()?;
            let page = read_archive_stamp(&old, key)?;
            Some((old, page))
        });
        if let Some((old, page)) = kept {
            writer.write(&html_file, &old)?;
            written.push(page);
            continue;
        }
        let mut feed = Feed::parse(&text, &plan.platform).map_err(|error| BuildError::ReadBack(error.to_string()))?;
        let items = feed.articles.len() + feed.skipped.len();
        feed.articles = feed
            .articles
            .iter()
            .map(|article| Rc::new(LazyArticle::ready(publish_links(Article::clone(article), &plan.address))))
            .collect();
        let lastmod = feed
            .articles
            .iter()
            .filter_map(|article| article.modified.as_ref().or(article.published.as_ref()))
            .max_by_key(|date| date.unix_seconds())
            .map(|date| date.rfc3339().to_owned());
        let page = ArchivePage { items, lastmod };
        let mut html = pages::archive_page(&plan.shell, &page_site, n, n == pages, Rc::new(feed));
        if let Some(key) = &key {
            html.push_str(&archive_stamp(key, &page));
        }
        writer.write(&html_file, html.as_bytes())?;
        written.push(page);
    }
    Ok(written)
}

const STAMP_OPEN: &str = "<!--aw:archive ";

/// What every archive list page is made from besides its own feed page: the
/// shell, the site's settings and addresses, and this program (its size and
/// time: a rebuilt CLI may render differently). `None` when the program
/// cannot be told apart, and then every page is rendered.
fn made_by(plan: &Plan) -> Option<String> {
    let program = std::env::current_exe().and_then(fs::metadata).ok()?;
    let modified = program.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    let site = page_site(plan);
    Some(format!(
        "{} {} {}\n{:?} {:?} {:?} {:?}\n{}",
        env!("CARGO_PKG_VERSION"),
        program.len(),
        modified.as_nanos(),
        site.title,
        site.description,
        site.language,
        plan.address,
        plan.shell.page("", "")
    ))
}

/// The last line of an archive list page: `key` (what it was made from) and
/// what the sitemap needs of the page. An HTML comment after the document,
/// which browsers ignore.
fn archive_stamp(key: &str, page: &ArchivePage) -> String {
    format!("{STAMP_OPEN}{key} {} {}-->\n", page.items, page.lastmod.as_deref().unwrap_or("-"))
}

/// The page a stamped list page `html` stands for, if it was made from `key`.
fn read_archive_stamp(html: &[u8], key: &str) -> Option<ArchivePage> {
    let html = std::str::from_utf8(html).ok()?;
    let line = html.strip_suffix("-->\n")?;
    let stamp = &line[line.rfind(STAMP_OPEN)? + STAMP_OPEN.len()..];
    let mut parts = stamp.split(' ');
    if parts.next()? != key {
        return None;
    }
    let items = parts.next()?.parse().ok()?;
    let lastmod = match parts.next()? {
        "-" => None,
        date => Some(date.to_owned()),
    };
    parts.next().is_none().then_some(ArchivePage { items, lastmod })
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
fn copy_assets(plan: &Plan, writer: &mut Writer, report: &mut Report) -> Result<(), BuildError> {
    for asset in &plan.inputs.assets {
        writer.copy(&asset.from.real, &asset.relative)?;
    }
    report.assets = plan.inputs.assets.len();
    Ok(())
}

/// Sitemaps and `robots.txt` (unless the content has its own, or the output
/// one the build did not write), which need absolute URLs.
fn write_sitemaps(
    plan: &Plan,
    index: &[Indexed],
    archive: &[ArchivePage],
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
    // Oldest first, each archive page after its newest article, and the home
    // page (whose lastmod is the newest article's) last: a new article changes
    // only the last sitemap file (and the index when it starts a new one),
    // the earlier files keep their bytes.
    let home = Entry { loc: address.page(&Route::Home), lastmod: index.first().and_then(|e| e.lastmod.clone()) };
    let mut page_ends = archive
        .iter()
        .scan(0, |end, page| {
            *end += page.items;
            Some(*end)
        })
        .zip(archive.iter().enumerate())
        .peekable();
    let entries = index.iter().rev().enumerate().flat_map(|(i, e)| {
        let article = Entry { loc: address.page(&Route::Article { id: e.id.clone() }), lastmod: e.lastmod.clone() };
        let page = page_ends.next_if(|(end, _)| *end == i + 1).map(|(_, (n, page))| Entry {
            loc: address.page(&Route::Archive { page: n + 1 }),
            lastmod: page.lastmod.clone(),
        });
        std::iter::once(article).chain(page)
    });
    let files = sitemap::sitemaps(entries.chain(std::iter::once(home)), |name| address.file(name));
    report.sitemaps = files.len();
    for (name, contents) in &files {
        writer.write(name, contents.as_bytes())?;
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

/// Pages the sorted articles (newest first). `feed.json` is cut from the
/// newest end; the archive pages are cut from the oldest end, so that a new
/// article changes only the newest archive page (or starts the next one) and
/// a page once full keeps its articles and its bytes. Both are cut the same
/// way: at most `items` articles and `bytes` bytes (`envelope_len` is a page
/// without items, with the longest URLs, so a page's number never moves a
/// cut); an article larger than a page on its own gets a page of its own (its
/// item was spooled without its body, so that still fits). `feed.json` may
/// repeat some articles of the newest archive page: the reader drops an
/// article it already has (`Feed::with_next_page`).
fn paginate(index: &[Indexed], envelope_len: usize, items: usize, bytes: usize) -> Paging {
    let items = items.max(1);
    let first =
        cut(0..index.len().min(items), index, envelope_len, items, bytes).into_iter().next().unwrap_or_default();
    if first.len() == index.len() {
        return Paging { first, first_next: None, archive: Vec::new() };
    }
    let mut archive = cut((0..index.len()).rev(), index, envelope_len, items, bytes);
    for page in &mut archive {
        page.reverse();
    }
    // The archive page that holds the article after feed.json's last: the
    // oldest-first position of article `first.len()` falls in one page.
    let after = index.len() - 1 - first.len();
    let mut start = 0;
    let mut first_next = None;
    for (n, page) in archive.iter().enumerate() {
        if after < start + page.len() {
            first_next = Some(n + 1);
            break;
        }
        start += page.len();
    }
    Paging { first, first_next, archive }
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
struct FirstPass<'a, 'w> {
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
    fn accept(
        &mut self,
        result: Result<Article, InputError>,
        from: &Path,
        line: Option<usize>,
    ) -> Result<(), BuildError> {
        let skip = |message: String| InputError { file: from.to_owned(), line, message };
        let article = match result {
            Ok(article) => article,
            Err(error) => {
                self.report.skipped.push(error);
                return Ok(());
            }
        };
        if let Some(published) = article.published.as_ref().filter(|date| date.unix_seconds() > self.now) {
            self.report.scheduled.push((article.id, published.rfc3339().to_owned()));
            return Ok(());
        }
        if let Err(problem) = id::check(&article.id) {
            self.report.skipped.push(skip(format!("`{}` cannot be published as an id: {problem}", article.id)));
            return Ok(());
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
                Ok(())
            }
            Slot::Vacant(slot) => {
                slot.insert((article.id.clone(), from.to_owned()));
                self.write(article)
            }
        }
    }

    /// Writes the article's own document and page, and spools its feed item.
    fn write(&mut self, article: Article) -> Result<(), BuildError> {
        let address = self.feed_site.address;
        let article = with_site_defaults(article, self.config);
        // The `url` an article comes with is where it first appeared; in our
        // feeds its `url` is its page here.
        let external_url = article.url.as_deref().map(|url| address.publish(url));
        let mut article = publish_links(article, address);
        article.url = Some(address.page(&Route::Article { id: article.id.clone() }));

        let full = json_feed::item(self.feed_site, &article, external_url.as_deref(), WithBody::Yes);
        let own_url = address.file(&Address::item_path(&article.id));
        let document = json_feed::document(self.feed_site, own_url, None, &[&full]);
        self.writer.write(&format!("items/{}.json", article.id), document.as_bytes())?;
        let article = Rc::new(LazyArticle::ready(article));
        let page = pages::article_page(self.shell, self.page_site, &article);
        self.writer.write(&format!("articles/{}/index.html", article.id), page.as_bytes())?;

        let for_pages = if self.envelope_len + full.len() <= self.options.page_bytes {
            full
        } else {
            self.report.bodies_only_in_own_document += 1;
            json_feed::item(self.feed_site, &article, external_url.as_deref(), WithBody::No)
        };
        let spool_path = self.writer.path(SPOOL);
        self.spool.write_all(for_pages.as_bytes()).at(&spool_path)?;
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

/// The `href` of the shell's `<base>`, which Trunk writes from `--public-url`.
fn base_href(html: &str) -> Option<String> {
    let start = html.find("<base ")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let href = tag.find("href=\"")? + "href=\"".len();
    Some(tag[href..href + tag[href..].find('"')?].to_owned())
}
