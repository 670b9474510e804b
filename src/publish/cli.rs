//! The command line: `article-widget-publish build …`. Exit status 0 when every
//! input was used, 2 when some were skipped (each is reported with its file
//! and line), 1 when nothing could be built.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::build::{
    build, default_cache_dir, prune_default_caches, BuildOptions, CacheUse, DEFAULT_PAGE_BYTES, DEFAULT_PAGE_ITEMS,
    DEFAULT_SITEMAP_URLS,
};
use crate::model::Timestamp;
use crate::route::Routing;

const USAGE: &str = "\
usage: article-widget-publish build <content folder or feed file>... [options]

Writes a static site into --out (Trunk's dist/, whose index.html is the app
shell): paged JSON Feeds (feed.json the newest articles, then archive pages
feed/<n>.json numbered from the oldest, feed/1.json, so that a new article
changes only feed.json and the newest archive page), one JSON document per
article (items/<id>.json), a prerendered page per article
(articles/<id>/index.html), the home page, 404.html, sitemap.xml,
robots.txt, and RSS 2.0 and Atom of the newest articles (rss.xml,
atom.xml). A folder holds Markdown articles with YAML front matter, a
site.yaml with the site's title, and assets (images) that are copied; a file
is an RSS, Atom or JSON Feed document to import.

An article whose id changes (in its file, or listed under `aliases:`)
leaves a page at its old address that sends readers and crawlers on.
Articles with `draft: true` are never published; an article dated in the
future is published by the first run after its date (run the command on a
schedule). A file whose bytes would not change is not written (its
modification time stays), so a re-run with nothing new writes no file of
the site.

It checks everything before it writes anything: content and output must be
separate folders; a symbolic link may not lead out of its content folder; an
asset may not take the name of a file it or the app build writes. It lists
what it wrote in DIR/.article-widget-manifest, and deletes only files listed
there that it does not write again (removed articles), never anything else.
Article ids follow one rule (see the README): ids that break it are refused
in Markdown and become slugs in imported feeds, each one reported.

options:
  --out DIR          where the site goes (default: dist)
  --site-url URL     the site's address, e.g. https://news.example/news/:
                     absolute links, sitemaps and og:url (without it, links
                     are root-relative and no sitemap is written)
  --shell FILE       the app shell (default: DIR/index.html)
  --routing hash     the app writes /#/articles/<id> URLs, for static hosts
                     that answer only the files they have (default: path)
  --page-items N     articles per feed page at most (default: 20)
  --page-bytes N     bytes per feed page at most (default: 102400)
  --now DATE-TIME    publish as if it were then (RFC 3339), to check a
                     schedule; articles dated later wait (default: now)
  --changes FILE     where the list of the files this run added, changed and
                     removed goes, as JSON, for a deploy that uploads and
                     purges only those (default: DIR/.article-widget-changes.json)
  --cache CACHEDIR   where a run keeps what the next needs to read and render
                     only what changed (default: article-widget/publish/ in
                     $XDG_CACHE_HOME or ~/.cache, one folder per output
                     folder); outside the output, so a deploy does not upload
                     it and `trunk build` does not wipe it
  --no-cache         neither use nor keep one: read and render everything

exit status: 0 all inputs used, 2 some skipped (listed), 1 failed";

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse(&args) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("article-widget-publish {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Build(options)) => run(&options),
        Err(error) => {
            eprintln!("article-widget-publish: {error}\n\n{USAGE}");
            ExitCode::from(1)
        }
    }
}

enum Command {
    Help,
    Version,
    Build(BuildOptions),
}

fn parse(args: &[String]) -> Result<Command, String> {
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => return Ok(Command::Help),
        Some("-V" | "--version") => return Ok(Command::Version),
        Some("build") => {}
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    let mut options = BuildOptions {
        inputs: Vec::new(),
        out: PathBuf::from("dist"),
        site_url: None,
        shell: None,
        routing: Routing::Path,
        page_items: DEFAULT_PAGE_ITEMS,
        page_bytes: DEFAULT_PAGE_BYTES,
        changes: None,
        now: None,
        cache: None,
        sitemap_urls: DEFAULT_SITEMAP_URLS,
    };
    let mut cache = Some(None);
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("{arg} needs a value"));
        let number = |text: String| {
            text.parse::<usize>().ok().filter(|&n| n > 0).ok_or(format!("{arg} {text}: a positive number"))
        };
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--out" => options.out = PathBuf::from(value()?),
            "--site-url" => options.site_url = Some(value()?),
            "--shell" => options.shell = Some(PathBuf::from(value()?)),
            "--routing" => {
                let name = value()?;
                options.routing = Routing::from_name(&name).ok_or(format!("--routing {name}: path or hash"))?;
            }
            "--page-items" => options.page_items = number(value()?)?,
            "--page-bytes" => options.page_bytes = number(value()?)?,
            "--changes" => options.changes = Some(PathBuf::from(value()?)),
            "--cache" => cache = Some(Some(PathBuf::from(value()?))),
            "--no-cache" => cache = None,
            "--now" => {
                let text = value()?;
                let at = Timestamp::parse(&text)
                    .map_err(|_| format!("--now {text}: an RFC 3339 date-time, e.g. 2024-01-25T08:00:00+08:00"))?;
                options.now = Some(at.unix_seconds());
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            input => options.inputs.push(PathBuf::from(input)),
        }
    }
    if options.inputs.is_empty() {
        return Err("build needs at least one content folder or feed file".into());
    }
    options.cache = cache.and_then(|dir| dir.or_else(|| default_cache_dir(&options.out)));
    Ok(Command::Build(options))
}

fn run(options: &BuildOptions) -> ExitCode {
    let started = Instant::now();
    let report = match build(options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("article-widget-publish: {error}");
            return ExitCode::from(1);
        }
    };
    // Default caches of outputs that are gone (temporary folders) go.
    if options.cache.is_some() && options.cache == default_cache_dir(&options.out) {
        prune_default_caches();
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for skipped in &report.skipped {
        eprintln!("skipped: {skipped}");
    }
    let tags = match report.tags {
        0 => String::new(),
        n => format!(
            ", {n} tag{} with {} feed page{} of their own",
            plural(n),
            report.tag_feed_pages,
            plural(report.tag_feed_pages)
        ),
    };
    println!(
        "{} articles -> {}: {} feed page{}{tags} (largest {:.1} KB), {} sitemap file{}, {} asset{}, {:.1} MB in {:.1} s",
        report.articles,
        options.out.display(),
        report.feed_pages,
        plural(report.feed_pages),
        report.largest_feed_page as f64 / 1024.0,
        report.sitemaps,
        plural(report.sitemaps),
        report.assets,
        plural(report.assets),
        report.bytes_written as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64()
    );
    let changes = &report.changes;
    println!(
        "changes: {} added, {} changed, {} removed, {} unchanged (list in {})",
        changes.added.len(),
        changes.changed.len(),
        changes.removed.len(),
        changes.unchanged,
        report.changes_file.display()
    );
    match &report.cache {
        CacheUse::Off => {}
        CacheUse::Used { read_again } => println!(
            "incremental: {read_again} of {} Markdown file{} read again, the rest from the cache",
            report.markdown_files,
            plural(report.markdown_files)
        ),
        CacheUse::Full(why) => println!("full build ({why}); the next run reads only what changed"),
    }
    if report.redirects > 0 {
        println!(
            "{} earlier address{} redirect{} to where the article is now",
            report.redirects,
            if report.redirects == 1 { "" } else { "es" },
            if report.redirects == 1 { "s" } else { "" }
        );
    }
    if report.drafts > 0 || !report.scheduled.is_empty() {
        println!(
            "held back: {} draft{}, {} scheduled{}",
            report.drafts,
            plural(report.drafts),
            report.scheduled.len(),
            report
                .scheduled
                .first()
                .map_or(String::new(), |(id, at)| format!(" (next: {id} at {at}; a run after that publishes it)"))
        );
    }
    if options.site_url.is_none() {
        println!("without --site-url: links are root-relative, and no sitemap is written (it needs absolute URLs)");
    }
    if report.bodies_only_in_own_document > 0 {
        println!(
            "{} article{} too large for a feed page: their feed items carry no body (their own documents do)",
            report.bodies_only_in_own_document,
            plural(report.bodies_only_in_own_document)
        );
    }
    if report.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("{} input{} skipped", report.skipped.len(), plural(report.skipped.len()));
        ExitCode::from(2)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
