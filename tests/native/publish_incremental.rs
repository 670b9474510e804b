//! Incremental runs: a build with a cache (`BuildOptions::cache`) reads and
//! renders only the Markdown files that changed, and still writes exactly
//! what a full build writes. Each test drives two output folders through
//! the same steps, one with a cache and one without, and after every step
//! compares them file by file, and the changes lists.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use article_widget::publish::{build, BuildOptions, CacheUse, Report};

const SHELL: &str = include_str!("../fixtures/publish/shell.html");

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("article-widget-incremental-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Article `i`, an hour after article `i - 1`, in `site`.
fn article(site: &Path, i: usize, extra: &str, body: &str) {
    let (day, hour) = (1 + i / 24, i % 24);
    fs::write(
        site.join(format!("a{i:03}.md")),
        format!(
            "---\ntitle: 第 {i} 篇\nid: a{i:03}\ndate: 2024-03-{day:02}T{hour:02}:00:00+08:00\n{extra}---\n\n{body}\n"
        ),
    )
    .unwrap();
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_str().unwrap());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), files);
            } else {
                files.insert(name, fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, "", &mut files);
    files
}

/// A content folder, and two outputs: `cached` built with a cache in
/// `cache`, `full` without one.
struct Twin {
    content: PathBuf,
    cached: PathBuf,
    full: PathBuf,
    cache: PathBuf,
    now: Option<i64>,
}

impl Twin {
    fn new(name: &str) -> Twin {
        let root = temp(name);
        let twin = Twin {
            content: root.join("content"),
            cached: root.join("cached"),
            full: root.join("full"),
            cache: root.join("cache"),
            now: None,
        };
        for dir in [&twin.content, &twin.cached, &twin.full] {
            fs::create_dir_all(dir).unwrap();
        }
        fs::write(twin.cached.join("index.html"), SHELL).unwrap();
        fs::write(twin.full.join("index.html"), SHELL).unwrap();
        fs::write(twin.content.join("site.yaml"), "title: 测试站\nlanguage: zh-CN\n").unwrap();
        twin
    }

    fn options(&self, out: &Path, cache: Option<&Path>) -> BuildOptions {
        BuildOptions {
            page_items: 10,
            now: self.now,
            cache: cache.map(Path::to_owned),
            ..crate::publish::options(std::slice::from_ref(&self.content), out, Some("https://news.example/"))
        }
    }

    /// Builds both; checks that they wrote the same files and the same
    /// changes; returns the cached build's report.
    fn build(&self) -> Report {
        let (cached, full) = self.build_both();
        assert_eq!(cached.changes, full.changes, "the changes lists differ");
        cached
    }

    /// Builds both; checks that they wrote the same files.
    fn build_both(&self) -> (Report, Report) {
        let cached = build(&self.options(&self.cached, Some(&self.cache))).unwrap_or_else(|error| panic!("{error}"));
        let full = build(&self.options(&self.full, None)).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            (cached.articles, cached.drafts, &cached.scheduled, cached.skipped.len(), cached.warnings.len()),
            (full.articles, full.drafts, &full.scheduled, full.skipped.len(), full.warnings.len())
        );
        let (a, b) = (snapshot(&self.cached), snapshot(&self.full));
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "different files");
        // The changes lists: compared by `build`, where they must be the same.
        for (name, bytes) in a.iter().filter(|(name, _)| *name != article_widget::publish::CHANGES) {
            assert!(bytes == &b[name], "{name} differs between the cached and the full build");
        }
        (cached, full)
    }
}

/// The cache's verdict and how many Markdown files were read again.
fn read_again(report: &Report) -> usize {
    match report.cache {
        CacheUse::Used { read_again } => read_again,
        ref other => panic!("the cache was not used: {other:?}"),
    }
}

fn written(report: &Report) -> usize {
    report.changes.added.len() + report.changes.changed.len()
}

/// Sets a file's modification time `seconds` back, as if written then (the
/// cache reads again what changed just before the run that cached it).
fn age(path: &Path, seconds: u64) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(seconds)).unwrap();
}

fn age_all(dir: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            age(&entry.path(), 3600);
        }
    }
}

#[test]
fn every_kind_of_change_writes_what_a_full_build_writes() {
    let twin = Twin::new("kinds");
    for i in 0..35 {
        article(&twin.content, i, "", &format!("正文 {i}。"));
    }
    article(&twin.content, 40, "draft: true\n", "草稿。");
    fs::create_dir_all(twin.content.join("img")).unwrap();
    fs::write(twin.content.join("img/a.png"), b"png one").unwrap();
    age_all(&twin.content);

    let first = twin.build();
    assert_eq!(first.cache, CacheUse::Full("no cache from an earlier run"));
    assert_eq!(first.articles, 35);

    // Nothing changed: nothing read, nothing written.
    let unchanged = twin.build();
    assert_eq!((read_again(&unchanged), written(&unchanged)), (0, 0));

    // One new article: one file read; its two files, feed.json, the newest
    // archive page, the home page, sitemap and syndication written.
    article(&twin.content, 35, "", "新的。");
    let added = twin.build();
    assert_eq!(read_again(&added), 1);
    assert!(written(&added) <= 9, "{:?}", added.changes);

    // Edited in place, then the same bytes written again (a new time only).
    article(&twin.content, 3, "", "改过的正文。");
    assert_eq!(read_again(&twin.build()), 1);
    article(&twin.content, 3, "", "改过的正文。");
    age(&twin.content.join("a003.md"), 60);
    let touched = twin.build();
    assert_eq!((read_again(&touched), written(&touched)), (0, 0));

    // Removed; its id changed (a redirect); a draft published.
    fs::remove_file(twin.content.join("a010.md")).unwrap();
    assert_eq!(read_again(&twin.build()), 0);
    article(&twin.content, 11, "", "正文 11。");
    fs::write(
        twin.content.join("a011.md"),
        "---\ntitle: 第 11 篇\nid: a011-new\ndate: 2024-03-01T11:00:00+08:00\n---\n\n正文 11。\n",
    )
    .unwrap();
    let renamed = twin.build();
    assert_eq!(renamed.redirects, 1);
    article(&twin.content, 40, "", "不再是草稿。");
    twin.build();

    // A back-dated import changes an old archive page; a changed asset.
    fs::write(
        twin.content.join("old.md"),
        "---\ntitle: 旧闻\nid: old\ndate: 2024-02-01T08:00:00+08:00\n---\n\n旧闻。\n",
    )
    .unwrap();
    fs::write(twin.content.join("img/a.png"), b"png two").unwrap();
    let back_dated = twin.build();
    assert_eq!(read_again(&back_dated), 1);
    assert!(back_dated.changes.changed.contains(&"feed/1.json".to_owned()), "{:?}", back_dated.changes);
    assert!(back_dated.changes.changed.contains(&"img/a.png".to_owned()), "{:?}", back_dated.changes);
    assert_eq!(read_again(&twin.build()), 0);
}

#[test]
fn a_scheduled_article_is_published_when_its_time_comes() {
    let mut twin = Twin::new("scheduled");
    for i in 0..5 {
        article(&twin.content, i, "", "正文。");
    }
    fs::write(
        twin.content.join("later.md"),
        "---\ntitle: 以后\nid: later\ndate: 2030-01-01T08:00:00+08:00\n---\n\n以后。\n",
    )
    .unwrap();
    age_all(&twin.content);
    twin.build();
    assert_eq!(twin.build().scheduled.len(), 1);
    twin.now = Some(1_893_456_000 + 3600); // 2030-01-01T01:00:00Z, after its date
    let due = twin.build();
    assert!(due.scheduled.is_empty());
    assert!(due.changes.added.contains(&"articles/later/index.html".to_owned()), "{:?}", due.changes);
    // Back to an earlier time: held again, as a full build would.
    twin.now = Some(1_750_000_000); // 2025-06-15
    let held = twin.build();
    assert_eq!(held.scheduled.len(), 1);
}

#[test]
fn an_output_changed_by_hand_is_rebuilt_in_full() {
    let twin = Twin::new("tampered");
    for i in 0..25 {
        article(&twin.content, i, "", "正文。");
    }
    age_all(&twin.content);
    twin.build();
    for out in [&twin.cached, &twin.full] {
        fs::remove_file(out.join("articles/a005/index.html")).unwrap();
    }
    let rebuilt = twin.build();
    assert!(matches!(rebuilt.cache, CacheUse::Full(_)), "{:?}", rebuilt.cache);
    assert_eq!(rebuilt.changes.added, ["articles/a005/index.html"]);

    // A file put into the build's own folder is refused, as in a full build.
    fs::write(twin.cached.join("feed/stray.json"), "{}").unwrap();
    let refused = build(&twin.options(&twin.cached, Some(&twin.cache))).unwrap_err();
    assert!(refused.to_string().contains("stray.json"), "{refused}");
}

#[test]
fn new_settings_or_options_mean_a_full_build() {
    let twin = Twin::new("settings");
    for i in 0..12 {
        article(&twin.content, i, "", "正文。");
    }
    age_all(&twin.content);
    twin.build();
    fs::write(twin.content.join("site.yaml"), "title: 新站名\nlanguage: zh-CN\n").unwrap();
    let renamed = twin.build();
    assert!(matches!(renamed.cache, CacheUse::Full(_)), "{:?}", renamed.cache);
    assert!(renamed.changes.changed.len() > 20, "every page names the site");
    assert_eq!(read_again(&twin.build()), 0);
}

#[test]
fn the_cache_may_not_be_inside_the_output_or_the_content() {
    let twin = Twin::new("inside");
    article(&twin.content, 0, "", "正文。");
    for cache in [twin.cached.join("cache"), twin.content.join(".cache")] {
        let error = build(&twin.options(&twin.cached, Some(&cache))).unwrap_err();
        assert!(error.to_string().contains("outside the output and the content"), "{error}");
        assert!(!cache.exists());
    }
}

#[test]
fn a_damaged_cache_costs_a_full_build_not_a_wrong_one() {
    let twin = Twin::new("damaged");
    for i in 0..12 {
        article(&twin.content, i, "", "正文。");
    }
    age_all(&twin.content);
    twin.build();
    let index = twin.cache.join("article-widget-cache.index");
    let mut bytes = fs::read(&index).unwrap();
    bytes.truncate(bytes.len() / 2);
    fs::write(&index, bytes).unwrap();
    article(&twin.content, 12, "", "新的。");
    let report = twin.build();
    assert!(matches!(report.cache, CacheUse::Full(_)), "{:?}", report.cache);
    assert_eq!(read_again(&twin.build()), 0);
}

#[test]
fn a_cache_that_cannot_be_kept_costs_a_warning_not_the_build() {
    let twin = Twin::new("unusable");
    article(&twin.content, 0, "", "正文。");
    let blocked = twin.cache.with_extension("file");
    fs::write(&blocked, "not a folder").unwrap();
    let report = build(&twin.options(&twin.cached, Some(&blocked.join("cache")))).unwrap();
    assert_eq!(report.articles, 1);
    assert!(
        report.warnings.iter().any(|warning| warning.to_string().contains("could not be used")),
        "{:?}",
        report.warnings
    );
    assert!(twin.cached.join("articles/a000/index.html").exists());
}

// Adversarial review (aw-review): each of these fails on d20c253.

/// An article without `id:` takes its id from the name it is found under;
/// a link's name is not its target's. Renaming the link renames the article.
#[cfg(unix)]
#[test]
fn renaming_a_link_to_an_article_renames_the_article() {
    let twin = Twin::new("review-link-rename");
    for i in 0..3 {
        article(&twin.content, i, "", "正文。");
    }
    fs::create_dir_all(twin.content.join(".src")).unwrap();
    fs::write(twin.content.join(".src/story.md"), "---\ntitle: 链接\ndate: 2024-03-05T08:00:00+08:00\n---\n\n正文。\n")
        .unwrap();
    std::os::unix::fs::symlink(".src/story.md", twin.content.join("hello.md")).unwrap();
    age_all(&twin.content);
    age(&twin.content.join(".src/story.md"), 3600);
    twin.build();
    fs::rename(twin.content.join("hello.md"), twin.content.join("world.md")).unwrap();
    twin.build();
}

/// One file under two names (a link beside it) is two articles in a full
/// build; the cache, keyed by the resolved path, must not merge them.
#[cfg(unix)]
#[test]
fn one_file_under_two_names_stays_two_articles() {
    let twin = Twin::new("review-two-names");
    for i in 0..3 {
        article(&twin.content, i, "", "正文。");
    }
    fs::write(twin.content.join("post.md"), "---\ntitle: 两个名字\ndate: 2024-03-05T08:00:00+08:00\n---\n\n正文。\n")
        .unwrap();
    std::os::unix::fs::symlink("post.md", twin.content.join("zlink.md")).unwrap();
    age_all(&twin.content);
    twin.build();
    twin.build();
}

/// An in-place edit that keeps the size, its time then set back (`touch -d`,
/// `cp -p`, an unpacked archive): the change time (ctime) still moved.
#[test]
fn an_edit_that_keeps_size_and_time_is_still_read() {
    let twin = Twin::new("review-mtime");
    for i in 0..12 {
        article(&twin.content, i, "", "正文 AAAA。");
    }
    age_all(&twin.content);
    twin.build();
    let path = twin.content.join("a005.md");
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let text = fs::read_to_string(&path).unwrap().replace("AAAA", "BBBB");
    fs::write(&path, text).unwrap();
    fs::File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
    twin.build();
}

/// A spool damaged without changing its length (a flipped byte) must cost
/// a full build, not publish the damaged item (each item's hash is kept).
#[test]
fn a_damaged_spool_costs_a_full_build_not_a_wrong_one() {
    let twin = Twin::new("review-spool");
    for i in 0..25 {
        article(&twin.content, i, "", &format!("正文 {i:03}。"));
    }
    age_all(&twin.content);
    twin.build();
    let spool = fs::read_dir(&twin.cache)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.file_name().unwrap().to_str().unwrap().starts_with("article-widget-cache.spool-"))
        .unwrap();
    let text = fs::read_to_string(&spool).unwrap().replace("正文 001", "正文 999");
    fs::write(&spool, text).unwrap();
    // An article removed from the same (oldest) archive page: the page is made again from the spool.
    fs::remove_file(twin.content.join("a002.md")).unwrap();
    twin.build();
}

/// `--cache DIR` names a folder that may hold other files: the CLI must not
/// replace or delete what it did not write there.
#[test]
fn the_cache_folder_keeps_files_the_cli_did_not_write() {
    let twin = Twin::new("review-cache-folder");
    article(&twin.content, 0, "", "正文。");
    fs::create_dir_all(&twin.cache).unwrap();
    fs::write(twin.cache.join("index"), "my notes\n").unwrap();
    fs::write(twin.cache.join("spool-plan.txt"), "keep me\n").unwrap();
    twin.build();
    assert_eq!(fs::read_to_string(twin.cache.join("index")).ok().as_deref(), Some("my notes\n"));
    assert_eq!(fs::read_to_string(twin.cache.join("spool-plan.txt")).ok().as_deref(), Some("keep me\n"));
}

/// A run that stops half-way (killed, a full disk, a file too large) has
/// rewritten some files in place; the last run's cache must not vouch for
/// them. Here the run is stopped by a file size limit; the publisher then
/// puts the content back as it was (`git checkout`).
#[cfg(unix)]
#[test]
fn a_run_that_stops_half_way_leaves_no_cache_that_vouches_for_its_files() {
    let twin = Twin::new("review-interrupted");
    for i in 0..30 {
        article(&twin.content, i, "", "正文。");
    }
    age_all(&twin.content);
    twin.build();
    let (first, second) = (twin.content.join("a000.md"), twin.content.join("a001.md"));
    let (first_bytes, second_bytes) = (fs::read(&first).unwrap(), fs::read(&second).unwrap());
    article(&twin.content, 0, "", "改过的正文。");
    article(&twin.content, 1, "", &"大".repeat(100_000));
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 50; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_article-widget-publish"))
        .arg("build")
        .arg(&twin.content)
        .arg("--out")
        .arg(&twin.cached)
        .arg("--cache")
        .arg(&twin.cache)
        .args(["--site-url", "https://news.example/", "--page-items", "10"])
        .status()
        .unwrap();
    assert!(!status.success(), "the run was to stop half-way");
    fs::write(&first, first_bytes).unwrap();
    fs::write(&second, second_bytes).unwrap();
    let (cached, full) = twin.build_both();
    assert!(matches!(cached.cache, CacheUse::Full(_)), "{:?}", cached.cache);
    // The deploy learns of what the stopped run rewrote, though the bytes are
    // back as they were: listed as changed.
    assert!(full.changes.changed.is_empty(), "{:?}", full.changes);
    assert!(cached.changes.changed.contains(&"items/a000.json".to_owned()), "{:?}", cached.changes);
    assert!(!twin.cached.join(out_pending()).exists());
    twin.build();
}

fn out_pending() -> &'static str {
    article_widget::publish::PENDING
}

#[test]
fn a_second_build_into_the_same_folder_waits_for_none_and_stops() {
    let twin = Twin::new("busy");
    article(&twin.content, 0, "", "正文。");
    twin.build();
    let before = snapshot(&twin.cached);
    let held = fs::File::open(&twin.cached).unwrap();
    held.lock().unwrap();
    let error = build(&twin.options(&twin.cached, Some(&twin.cache))).unwrap_err();
    assert!(error.to_string().contains("another build is writing into this folder"), "{error}");
    assert_eq!(snapshot(&twin.cached), before, "a stopped build changes nothing");
    drop(held);
    article(&twin.content, 1, "", "正文。");
    twin.build();
}

#[test]
fn default_caches_of_outputs_that_are_gone_are_pruned() {
    let twin = Twin::new("prune");
    article(&twin.content, 0, "", "正文。");
    let home = twin.cache.join("home");
    let cli = |out: &Path| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_article-widget-publish"))
            .arg("build")
            .arg(&twin.content)
            .arg("--out")
            .arg(out)
            .env("XDG_CACHE_HOME", &home)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    };
    let caches = || fs::read_dir(home.join("article-widget/publish")).unwrap().count();
    let temporary = twin.cache.join("temporary-output");
    fs::create_dir_all(&temporary).unwrap();
    fs::write(temporary.join("index.html"), SHELL).unwrap();
    cli(&temporary);
    cli(&twin.cached);
    assert_eq!(caches(), 2);
    fs::remove_dir_all(&temporary).unwrap();
    cli(&twin.cached);
    assert_eq!(caches(), 1, "the cache of the output that is gone goes");
}

/// `tags: [...]` front matter.
fn tags(tags: &[&str]) -> String {
    let quoted: Vec<String> = tags.iter().map(|tag| serde_json::to_string(tag).unwrap()).collect();
    format!("tags: [{}]\n", quoted.join(", "))
}

fn tag_files(paths: &[String]) -> Vec<&str> {
    paths.iter().map(String::as_str).filter(|path| path.starts_with("tags/")).collect()
}

#[test]
fn tag_pages_change_as_a_full_build_changes_them() {
    let twin = Twin::new("tags");
    let spellings = ["News", "news", "交通", "上海 地铁", "AC/DC"];
    for i in 0..35 {
        let mine = [spellings[i % 5], spellings[(i * 3 + 2) % 5]];
        article(&twin.content, i, &tags(&mine), &format!("正文 {i}。"));
    }
    age_all(&twin.content);
    let first = twin.build();
    assert_eq!(first.tags, 4, "News and news are one tag");

    let unchanged = twin.build();
    assert_eq!((read_again(&unchanged), written(&unchanged)), (0, 0));

    // One new article in one tag: that tag's newest pages, no other tag's.
    article(&twin.content, 35, &tags(&["交通"]), "新的。");
    let added = twin.build();
    let mut tag_written = tag_files(&added.changes.added);
    tag_written.extend(tag_files(&added.changes.changed));
    assert_eq!(tag_written, ["tags/交通/feed.json", "tags/交通/feed/2.json", "tags/交通/index.html"]);
    assert!(written(&added) <= 13, "{:?}", added.changes);

    // A tag added to an old article, one renamed, one dropped; the newest
    // article of a tag writes it in another case (its name changes).
    article(&twin.content, 2, &tags(&["交通", "地铁"]), "正文 2。");
    twin.build();
    article(&twin.content, 35, &tags(&["交通运输"]), "新的。");
    twin.build();
    for i in (4..35).step_by(5) {
        article(&twin.content, i, &tags(&["News"]), &format!("正文 {i}。"));
    }
    let dropped = twin.build();
    assert!(dropped.changes.removed.iter().any(|path| path.starts_with("tags/")), "{:?}", dropped.changes);
    article(&twin.content, 34, &tags(&["NEWS"]), "正文 34。");
    let renamed = twin.build();
    assert!(
        tag_files(&renamed.changes.changed).iter().filter(|path| path.starts_with("tags/news/")).count() > 2,
        "every page of the tag names it: {:?}",
        renamed.changes
    );

    // Removed articles, and a back-dated import with a tag.
    fs::remove_file(twin.content.join("a010.md")).unwrap();
    fs::remove_file(twin.content.join("a011.md")).unwrap();
    twin.build();
    fs::write(
        twin.content.join("old.md"),
        format!("---\ntitle: 旧闻\nid: old\ndate: 2024-02-01T08:00:00+08:00\n{}---\n\n旧闻。\n", tags(&["交通"])),
    )
    .unwrap();
    let back_dated = twin.build();
    assert_eq!(tag_files(&back_dated.changes.changed), ["tags/交通/feed/1.json"], "the tag's oldest page only");
    let again = twin.build();
    assert_eq!((read_again(&again), written(&again)), (0, 0));
}
