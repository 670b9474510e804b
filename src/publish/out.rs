//! The output folder: what the build may write there, and what it may
//! delete. It deletes only files it wrote itself: every build lists the
//! files it wrote in [`MANIFEST`], and the next build deletes those of them
//! it does not write again (an article that was removed), nothing else. It
//! writes only where nothing is, or where it wrote before: a file in its
//! folders (`articles/`, `items/`, `feed/`, `archive/`, `tags/`) or in its place (`feed.json`,
//! `404.html`, the sitemaps) that it did not write stops the build before
//! anything is written. The manifest is kept up to date while the build
//! writes, so a build that stops half-way leaves nothing unaccounted for.
//! It never writes or deletes through a symbolic link below the output
//! folder: a link where it wrote before, or on the way there, is not its
//! own, and stops the build before anything is written. It never writes or
//! deletes anything under [`VERSIONED`] (`v/`), whatever a manifest says.
//!
//! A file whose bytes would not change is not written (its bytes and
//! modification time stay), so sync tools and CDNs see only real changes;
//! each build lists what it added, changed and removed ([`Changes`]).

use std::collections::{BTreeSet, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::error::{BuildError, IoAt};
use super::id;

/// The list of files the last build wrote, in the output folder: a header
/// line, then one JSON string a line, each a path relative to the folder.
pub const MANIFEST: &str = ".article-widget-manifest";
/// Feed items between the two passes of a build; deleted when it is done.
pub(super) const SPOOL: &str = ".article-widget-spool";
const MANIFEST_NEW: &str = ".article-widget-manifest.new";
/// Where the list of this build's changes goes unless `--changes` says.
pub const CHANGES: &str = ".article-widget-changes.json";
/// Each Markdown file's id and the redirects from earlier ids, for the next
/// run (see `build::write_redirects`).
pub const IDS: &str = ".article-widget-ids.json";
/// The files a run is about to write or delete, one JSON string a line,
/// each noted before it is touched and the list deleted when the run is
/// done: after a run that stopped half-way, the next run lists them as
/// changed (or removed) even where its bytes match, so a deploy driven by
/// the changes list still uploads what the stopped run rewrote.
pub const PENDING: &str = ".article-widget-pending";
/// Where each archive page begins, so the next run keeps the pages (see
/// `build::paginate`).
pub const PAGES: &str = ".article-widget-pages.json";
const MANIFEST_HEADER: &str = "# article-widget: the files the last build wrote (one JSON string a line); \
                               the next build deletes only those it does not write again";

/// The folders the build writes whole.
pub(super) const OWN_FOLDERS: &[&str] = &["articles", "items", "feed", "archive", "tags"];

/// The app build's folder of versioned loaders (`v/<x.y.z>/`, `v/<major>/`).
/// Older releases' folders stay in a deploy for good, because partners' pinned
/// snippets name them: the CLI never writes or deletes anything there.
pub(super) const VERSIONED: &str = "v";

/// Whether `relative` (with `/`) is [`VERSIONED`] or inside it, its first
/// part compared as [`id::fold`] compares names.
pub(super) fn is_versioned(relative: &str) -> bool {
    let first = relative.split('/').next().unwrap_or_default();
    // Only a one- to four-byte name can fold to `v`.
    first.len() <= 4 && id::fold(first) == VERSIONED
}

/// Whether `name` is a file the build writes at the top of the output.
pub(super) fn is_own_top_file(name: &str) -> bool {
    let name = id::fold(name);
    matches!(
        name.as_str(),
        "index.html"
            | "404.html"
            | "feed.json"
            | "rss.xml"
            | "atom.xml"
            | MANIFEST
            | SPOOL
            | CHANGES
            | IDS
            | PAGES
            | PENDING
    ) || is_sitemap(&name)
}

fn is_sitemap(name: &str) -> bool {
    name.strip_prefix("sitemap")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|number| number.bytes().all(|b| b.is_ascii_digit()))
}

/// Holds the output folder for this build alone (a lock on the folder
/// itself, which leaves no file behind and goes with the process): a second
/// build into it while one runs, such as a scheduled run that overlaps the
/// last, stops before it reads anything. `None` when there is no folder yet
/// or its file system has no locks.
pub(super) fn lock(out: &Path) -> Result<Option<File>, BuildError> {
    let Ok(folder) = File::open(out) else { return Ok(None) };
    match folder.try_lock() {
        Ok(()) => Ok(Some(folder)),
        Err(std::fs::TryLockError::WouldBlock) => Err(BuildError::Busy(out.to_owned())),
        Err(std::fs::TryLockError::Error(_)) => Ok(None),
    }
}

/// The run is done and its changes listed: the journal goes.
pub(super) fn clear_pending(out: &Path) -> Result<(), BuildError> {
    let path = out.join(PENDING);
    match fs::remove_file(&path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(BuildError::Io { path, source: error }),
        _ => Ok(()),
    }
}

/// The files the last build wrote, from its manifest (none without one).
pub(super) fn previous(out: &Path) -> Result<HashSet<String>, BuildError> {
    let path = out.join(MANIFEST);
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(source) => return Err(BuildError::Io { path, source }),
    };
    let mut files = HashSet::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.at(&path)?;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<String>(&line) {
            Ok(relative) if is_plain_relative(&relative) => {
                files.insert(relative);
            }
            _ => {
                return Err(BuildError::Manifest {
                    path,
                    message: format!(
                        "line {}: not a path inside the output folder, so this is not a list this command wrote: \
                         remove it only if you know what the folder holds",
                        n + 1
                    ),
                })
            }
        }
    }
    Ok(files)
}

/// `a/b.png`: relative, `/`-separated, nothing that climbs or hides.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\\', '\0'])
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && !Path::new(path).is_absolute()
}

/// Refuses an output folder where the build would write over, or inside,
/// what it did not write: files (or links) in its folders and its places that
/// `previous` does not list. `index.html` is the app shell that the home page
/// replaces, unless the shell was given elsewhere (`shell_is_index` false).
pub(super) fn check(out: &Path, previous: &HashSet<String>, shell_is_index: bool) -> Result<(), BuildError> {
    let not_ours = |path: PathBuf| BuildError::NotOurs { path, manifest: out.join(MANIFEST) };
    match fs::metadata(out) {
        Ok(metadata) if !metadata.is_dir() => {
            return Err(BuildError::Io { path: out.to_owned(), source: io::Error::other("not a folder") })
        }
        Ok(_) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(BuildError::Io { path: out.to_owned(), source }),
    }
    for folder in OWN_FOLDERS {
        let path = out.join(folder);
        match fs::symlink_metadata(&path) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(BuildError::Io { path, source }),
            Ok(metadata) if metadata.is_dir() => scan(&path, folder, previous, &not_ours)?,
            Ok(_) => return Err(not_ours(path)),
        }
    }
    // What it wrote before it writes again or deletes: through a link that
    // would be a file elsewhere (`out/pics -> ../shared`).
    let mut real = HashSet::new();
    for relative in
        previous.iter().map(String::as_str).chain([MANIFEST, SPOOL, MANIFEST_NEW, CHANGES, IDS, PAGES, PENDING])
    {
        if let Some(link) = link_on_the_way(out, relative, &mut real)? {
            return Err(BuildError::OutputLink(link));
        }
    }
    let entries = fs::read_dir(out).at(out)?;
    for entry in entries {
        let entry = entry.at(out)?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
        let ours = previous.contains(&name) && !entry.file_type().is_ok_and(|kind| kind.is_symlink());
        let replaced_shell = name == "index.html" && shell_is_index;
        let bookkeeping = [MANIFEST, SPOOL, CHANGES, IDS, PAGES, PENDING].contains(&name.as_str());
        if is_own_top_file(&name) && !bookkeeping && !ours && !replaced_shell {
            return Err(not_ours(entry.path()));
        }
    }
    Ok(())
}

/// The first symbolic link (or other non-folder) among the folders between
/// `out` and `relative`, or `relative` itself if it is a link; `None` when
/// every part there is a real folder or absent. `real` caches the folders
/// found real.
fn link_on_the_way(out: &Path, relative: &str, real: &mut HashSet<PathBuf>) -> Result<Option<PathBuf>, BuildError> {
    let mut path = out.to_owned();
    let mut parts = relative.split('/').peekable();
    while let Some(part) = parts.next() {
        path.push(part);
        let last = parts.peek().is_none();
        if !last && real.contains(&path) {
            continue;
        }
        match fs::symlink_metadata(&path) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(BuildError::Io { path, source }),
            Ok(metadata) if metadata.file_type().is_symlink() => return Ok(Some(path)),
            Ok(_) if last => return Ok(None),
            Ok(metadata) if metadata.is_dir() => {
                real.insert(path.clone());
            }
            Ok(_) => return Ok(Some(path)),
        }
    }
    Ok(None)
}

/// Every file below one of the build's own folders must be one it wrote.
fn scan(
    dir: &Path,
    relative: &str,
    previous: &HashSet<String>,
    not_ours: &dyn Fn(PathBuf) -> BuildError,
) -> Result<(), BuildError> {
    for entry in fs::read_dir(dir).at(dir)? {
        let entry = entry.at(dir)?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { return Err(not_ours(path)) };
        let child = format!("{relative}/{name}");
        let kind = entry.file_type().at(dir)?;
        if kind.is_dir() {
            scan(&path, &child, previous, not_ours)?;
        } else if kind.is_symlink() || !previous.contains(&child) {
            return Err(not_ours(path));
        }
    }
    Ok(())
}

/// What one build did to the output folder, file by file (paths relative to
/// it, sorted): what a deploy uploads (`added`, `changed`) and purges from a
/// CDN (`changed`, `removed`). Files written with the same bytes as before
/// are only counted.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    #[serde(skip)]
    pub unchanged: usize,
}

/// Writes the output, and keeps the manifest.
pub(super) struct Writer<'a> {
    out: PathBuf,
    /// What the last build wrote: already in the manifest.
    previous: &'a HashSet<String>,
    manifest: BufWriter<File>,
    written: HashSet<String>,
    /// What a run that stopped half-way was about to touch ([`PENDING`]).
    pending_before: HashSet<String>,
    journal: BufWriter<File>,
    /// Whether a file the last build did not write was added to the manifest.
    appended: bool,
    /// Folders below `out` known to be real folders, not links.
    real: HashSet<PathBuf>,
    changes: Changes,
    /// Bytes actually written (unchanged files cost none).
    pub bytes: u64,
}

/// Whether the file at `path` holds exactly `len` bytes equal to what
/// `same` reads; anything else (absent, another kind, unreadable) is a change.
fn holds(path: &Path, len: u64, same: impl FnOnce(&[u8]) -> bool) -> bool {
    compare(path, len, same) == Existing::Same
}

/// What is at a path a file is about to be written to.
#[derive(PartialEq)]
enum Existing {
    Absent,
    Same,
    Different,
}

/// One look at `path` (`len` and `same` as in [`holds`]): whether a write
/// there adds a file, changes one, or can be left out.
fn compare(path: &Path, len: u64, same: impl FnOnce(&[u8]) -> bool) -> Existing {
    match fs::symlink_metadata(path) {
        Err(_) => Existing::Absent,
        Ok(metadata) if metadata.is_file() && metadata.len() == len && fs::read(path).is_ok_and(|old| same(&old)) => {
            Existing::Same
        }
        Ok(_) => Existing::Different,
    }
}

impl<'a> Writer<'a> {
    /// Starts writing into `out` (created if need be). Until the build is
    /// done the manifest lists what the last build wrote and what this one
    /// has written so far.
    pub fn open(out: &Path, previous: &'a HashSet<String>) -> Result<Writer<'a>, BuildError> {
        fs::create_dir_all(out).at(out)?;
        let mut real = HashSet::new();
        if let Some(link) = link_on_the_way(out, MANIFEST, &mut real)? {
            return Err(BuildError::OutputLink(link));
        }
        let path = out.join(MANIFEST);
        let file = OpenOptions::new().create(true).append(true).open(&path).at(&path)?;
        let mut manifest = BufWriter::new(file);
        if previous.is_empty() {
            writeln!(manifest, "{MANIFEST_HEADER}").at(&path)?;
        }
        let journal_path = out.join(PENDING);
        let pending_before = fs::read_to_string(&journal_path)
            .map(|text| text.lines().filter_map(|line| serde_json::from_str::<String>(line).ok()).collect())
            .unwrap_or_default();
        if let Some(link) = link_on_the_way(out, PENDING, &mut real)? {
            return Err(BuildError::OutputLink(link));
        }
        let journal = OpenOptions::new().create(true).append(true).open(&journal_path).at(&journal_path)?;
        Ok(Writer {
            pending_before,
            journal: BufWriter::new(journal),
            out: out.to_owned(),
            previous,
            manifest,
            written: HashSet::new(),
            appended: false,
            real,
            changes: Changes::default(),
            bytes: 0,
        })
    }

    pub fn out(&self) -> &Path {
        &self.out
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.out.join(relative)
    }

    pub fn has_written(&self, relative: &str) -> bool {
        self.written.contains(relative)
    }

    /// Writes `contents` to `relative` (with `/`), creating its folders,
    /// unless the file already holds exactly these bytes.
    pub fn write(&mut self, relative: &str, contents: &[u8]) -> Result<(), BuildError> {
        let path = self.prepare(relative)?;
        if !self.record(relative, compare(&path, contents.len() as u64, |old| old == contents)) {
            return Ok(());
        }
        self.note(relative)?;
        fs::write(&path, contents).at(&path)?;
        self.bytes += contents.len() as u64;
        Ok(())
    }

    /// Whether the last build wrote `relative`.
    pub fn wrote_before(&self, relative: &str) -> bool {
        self.previous.contains(relative)
    }

    /// Keeps `relative` as the last build left it, without looking: for a
    /// file made from the same inputs, when the build's cache vouches that
    /// the output is as that build left it. False (and nothing done) for a
    /// file the last build did not write.
    pub fn keep(&mut self, relative: &str) -> bool {
        if !self.previous.contains(relative) || is_versioned(relative) || self.pending_before.contains(relative) {
            return false;
        }
        if self.written.insert(relative.to_owned()) {
            self.changes.unchanged += 1;
        }
        true
    }

    /// Every folder this build wrote into (relative, `""` the output
    /// itself), and the build's own folders, for the cache's stamps.
    pub fn folders(&self) -> BTreeSet<String> {
        let mut folders: BTreeSet<String> = OWN_FOLDERS.iter().map(|folder| (*folder).to_owned()).collect();
        folders.insert(String::new());
        for file in &self.written {
            let mut path = file.as_str();
            while let Some((parent, _)) = path.rsplit_once('/') {
                if !folders.insert(parent.to_owned()) {
                    break;
                }
                path = parent;
            }
        }
        folders
    }

    /// Copies the file `from` to `relative`, unless it holds the same bytes.
    pub fn copy(&mut self, from: &Path, relative: &str) -> Result<(), BuildError> {
        let path = self.prepare(relative)?;
        let len = fs::metadata(from).at(from)?.len();
        if !self.record(relative, compare(&path, len, |old| fs::read(from).is_ok_and(|new| new == old))) {
            return Ok(());
        }
        self.note(relative)?;
        self.bytes += fs::copy(from, &path).at(from)?;
        Ok(())
    }

    /// Writes one of the CLI's own files at the top of the output (not part
    /// of the site, not in the manifest, not in the changes list), unless it
    /// holds these bytes already; never through a link.
    pub fn bookkeeping(&mut self, name: &str, contents: &[u8]) -> Result<(), BuildError> {
        let path = self.out.join(name);
        match fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => return Err(BuildError::OutputLink(path)),
            _ if holds(&path, contents.len() as u64, |old| old == contents) => return Ok(()),
            _ => {}
        }
        fs::write(&path, contents).at(&path)
    }

    /// Notes whether `relative` is added, changed or unchanged; whether to write it.
    fn record(&mut self, relative: &str, existing: Existing) -> bool {
        let list = match existing {
            // What a stopped run rewrote is still news to the deploy.
            Existing::Same if self.pending_before.contains(relative) => {
                self.changes.changed.push(relative.to_owned());
                return false;
            }
            Existing::Same => {
                self.changes.unchanged += 1;
                return false;
            }
            Existing::Absent => &mut self.changes.added,
            Existing::Different => &mut self.changes.changed,
        };
        list.push(relative.to_owned());
        true
    }

    /// Notes in the journal that `relative` is about to change.
    fn note(&mut self, relative: &str) -> Result<(), BuildError> {
        let path = self.out.join(PENDING);
        let line = serde_json::to_string(relative).expect("a string serializes");
        writeln!(self.journal, "{line}").and_then(|_| self.journal.flush()).at(&path)
    }

    /// Records `relative` in the manifest before it is written, and makes
    /// its folders, each a real folder: `check` refused links where the
    /// build wrote before; this refuses any that appeared since.
    fn prepare(&mut self, relative: &str) -> Result<PathBuf, BuildError> {
        if is_versioned(relative) {
            // `check_assets` refuses such content first; this is the last guard.
            let path = self.out.join(relative);
            return Err(BuildError::Io { path, source: io::Error::other("the build never writes under `v/`") });
        }
        // What the last build wrote is in the manifest already: an unchanged
        // build leaves the manifest as it was.
        if self.written.insert(relative.to_owned()) && !self.previous.contains(relative) {
            let manifest = self.out.join(MANIFEST);
            self.appended = true;
            let line = serde_json::to_string(relative).expect("a string serializes");
            writeln!(self.manifest, "{line}").at(&manifest)?;
        }
        let mut path = self.out.clone();
        let mut parts = relative.split('/').peekable();
        while let Some(part) = parts.next() {
            path.push(part);
            if parts.peek().is_none() {
                break;
            }
            if self.real.contains(&path) {
                continue;
            }
            match fs::symlink_metadata(&path) {
                Ok(metadata) if metadata.is_dir() => {}
                Ok(_) => return Err(BuildError::OutputLink(path)),
                Err(error) if error.kind() == io::ErrorKind::NotFound => {
                    fs::create_dir(&path).at(&path)?;
                }
                Err(source) => return Err(BuildError::Io { path, source }),
            }
            self.real.insert(path.clone());
        }
        if fs::symlink_metadata(&path).is_ok_and(|metadata| metadata.file_type().is_symlink()) {
            return Err(BuildError::OutputLink(path));
        }
        Ok(path)
    }

    /// Deletes what the last build wrote and this one did not (never a file
    /// in `keep`, the inputs, nor anything under `v/`), then the folders that
    /// leaves empty, and writes the manifest of this build (unless it is the
    /// same). Returns what this build changed.
    pub fn finish(mut self, keep: &[PathBuf]) -> Result<Changes, BuildError> {
        let manifest_path = self.out.join(MANIFEST);
        self.manifest.flush().at(&manifest_path)?;
        let previous = self.previous;
        let mut stale: Vec<&String> =
            previous.iter().filter(|file| !self.written.contains(*file) && !is_versioned(file)).collect();
        stale.sort();
        // None through a link, checked before any is deleted.
        for relative in &stale {
            if let Some(link) = link_on_the_way(&self.out, relative, &mut self.real)? {
                return Err(BuildError::OutputLink(link));
            }
        }
        for relative in stale {
            let path = self.out.join(relative);
            let Ok(metadata) = fs::symlink_metadata(&path) else {
                // Deleted by a run that stopped before it listed the deletion.
                if self.pending_before.contains(relative) {
                    self.changes.removed.push(relative.clone());
                }
                continue;
            };
            if metadata.is_dir() || fs::canonicalize(&path).is_ok_and(|real| keep.contains(&real)) {
                continue;
            }
            self.note(relative)?;
            fs::remove_file(&path).at(&path)?;
            self.changes.removed.push(relative.clone());
            // Folders this build wrote into, emptied: `articles/<id>/`.
            let mut parent = path.parent();
            while let Some(dir) = parent.filter(|dir| *dir != self.out && dir.starts_with(&self.out)) {
                if fs::remove_dir(dir).is_err() {
                    break;
                }
                parent = dir.parent();
            }
        }
        drop(self.manifest);
        // Replaced whenever the output changed, also with the same text: a
        // new file is a new stamp, so no cache of an earlier run vouches for
        // this output (`super::cache`).
        let output_changed =
            !(self.changes.added.is_empty() && self.changes.changed.is_empty() && self.changes.removed.is_empty());
        // Nothing appended and as many files as before: the same list.
        let same_files = !self.appended && self.written.len() == previous.len();
        if output_changed || !same_files {
            let mut files: Vec<&String> = self.written.iter().collect();
            files.sort();
            let mut text = format!("{MANIFEST_HEADER}\n");
            for file in files {
                text.push_str(&serde_json::to_string(file).expect("a string serializes"));
                text.push('\n');
            }
            if output_changed || !holds(&manifest_path, text.len() as u64, |old| old == text.as_bytes()) {
                let temporary = self.out.join(MANIFEST_NEW);
                fs::write(&temporary, text).at(&temporary)?;
                fs::rename(&temporary, &manifest_path).at(&manifest_path)?;
            }
        }
        let mut changes = self.changes;
        changes.added.sort();
        changes.changed.sort();
        Ok(changes)
    }
}
