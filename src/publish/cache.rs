//! What a build keeps for the next one, so that publishing one article into a
//! large site reads and renders that article, not the archive: an index of
//! the Markdown inputs (each file's size, modification time and hash, and
//! what it gave: its id, date, feed item and warnings), the feed items
//! themselves (a spool file), a fingerprint of what each feed page and
//! sitemap was made from, and a stamp of every folder the build wrote into.
//!
//! It lives outside the output folder (by default in the user's cache
//! folder, `--cache` moves it), because a deploy uploads that folder and
//! `trunk build` wipes it. It is only ever a shortcut: a run uses it only
//! when it was made by the same CLI binary, with the same shell, settings and
//! options, for an output folder whose folders and manifest are exactly as
//! that run left them (the folder stamps: a file added, removed, renamed or
//! replaced by a link in a folder changes that folder's modification time).
//! Anything else, a missing or unreadable cache included, is a full build,
//! which writes a new one. A Markdown file is read again when its size or
//! modification time differs (or is too recent to trust, as Git does) and
//! re-rendered only when its bytes did change.

use std::collections::{BTreeSet, HashMap};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::{BuildError, IoAt};
use super::out::MANIFEST;

/// Bumped when what is kept changes meaning.
const FORMAT: u32 = 2;
/// The CLI's files in the cache folder all have this prefix; it leaves
/// anything else there alone (`--cache` may name a folder with other files).
const INDEX: &str = "article-widget-cache.index";
const INDEX_NEW: &str = "article-widget-cache.index.new";
const SPOOL_PREFIX: &str = "article-widget-cache.spool-";
/// The output folder the cache is for (its resolved path), so that caches
/// of output folders that are gone can be pruned.
const FOR: &str = "article-widget-cache.for";
/// Files changed this recently before the run that indexed them are read
/// again: a write in the same clock tick would leave the time as it was.
const RACY_NS: i128 = 2_000_000_000;

/// A hash: 128 bits of SHA-256.
pub(super) type Hash = [u8; 16];

pub(super) fn hash(parts: &[&[u8]]) -> Hash {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let mut hash = [0; 16];
    hash.copy_from_slice(&hasher.finalize()[..16]);
    hash
}

/// A file's or folder's identity and last change, as the file system keeps
/// them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    pub len: u64,
    pub modified_ns: i128,
    /// The inode's change time (ctime), which moves with every write and
    /// cannot be set back as the modification time can (`touch -d`).
    pub changed_ns: i128,
    pub inode: u64,
}

impl Stamp {
    pub fn of(metadata: &fs::Metadata) -> Stamp {
        let modified_ns = metadata
            .modified()
            .ok()
            .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |since| since.as_nanos() as i128);
        Stamp { len: metadata.len(), modified_ns, changed_ns: changed_ns(metadata), inode: inode(metadata) }
    }

    /// The later of its two times.
    fn latest_ns(&self) -> i128 {
        self.modified_ns.max(self.changed_ns)
    }

    /// Not followed through a link.
    pub fn read(path: &Path) -> Option<Stamp> {
        fs::symlink_metadata(path).ok().map(|metadata| Stamp::of(&metadata))
    }
}

#[cfg(unix)]
fn inode(metadata: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(metadata)
}

#[cfg(unix)]
fn changed_ns(metadata: &fs::Metadata) -> i128 {
    use std::os::unix::fs::MetadataExt;
    i128::from(metadata.ctime()) * 1_000_000_000 + i128::from(metadata.ctime_nsec())
}

#[cfg(not(unix))]
fn changed_ns(_: &fs::Metadata) -> i128 {
    0
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// What one Markdown file gave, the last time it was read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct SourceEntry {
    pub stamp: Stamp,
    pub hash: Hash,
    pub warnings: Vec<(Option<usize>, String)>,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) enum Outcome {
    Draft,
    Published(Published),
}

/// A published article as the build's second pass needs it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct Published {
    pub id: String,
    pub published: i64,
    pub lastmod: Option<String>,
    pub aliases: Vec<String>,
    /// Its tags, as written.
    pub tags: Vec<String>,
    /// Its feed item was spooled without its body (too large for a page).
    pub bodiless: bool,
    pub item: Spooled,
}

/// A feed item in the spool.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct Spooled {
    pub offset: u64,
    pub len: usize,
    pub hash: Hash,
}

/// The index file (postcard: a compact binary form of serde's data model;
/// about 150 bytes an article).
#[derive(Serialize, Deserialize)]
struct Stored {
    header: Header,
    /// Each Markdown file (its resolved path) and what it gave.
    sources: Vec<(String, SourceEntry)>,
    /// Each output file made from inputs that a fingerprint stands for.
    made: Vec<(String, Hash)>,
    /// Each folder of the output (relative, `""` the output itself) as the
    /// run left it, or its absence.
    folders: Vec<(String, Option<Stamp>)>,
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    key: Hash,
    /// When the run that wrote this started.
    started_ns: i128,
    spool: String,
    spool_len: u64,
    manifest: Option<Stamp>,
}

/// The cache as this run uses it: what the last run left (if it may be
/// used), and what this run keeps for the next.
pub(super) struct Cache {
    dir: PathBuf,
    /// Whether the index is written for the next run; a build without a
    /// cache folder spools into the output folder and keeps nothing.
    persist: bool,
    key: Hash,
    started_ns: i128,
    /// The last run's, when it may be used.
    last: Option<Last>,
    spool_name: String,
    spool: BufWriter<File>,
    spool_len: u64,
    /// This run's, for the next.
    sources: Vec<(String, SourceEntry)>,
    made: HashMap<String, Hash>,
}

struct Last {
    racy_before: i128,
    sources: HashMap<String, SourceEntry>,
    made: HashMap<String, Hash>,
    /// As checked when the cache was opened.
    folders: HashMap<String, Option<Stamp>>,
}

/// Why the last run's cache is not used, for the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheUse {
    /// No cache asked for.
    Off,
    /// Used: the number of Markdown files read again.
    Used { read_again: usize },
    /// A full build, and why.
    Full(&'static str),
}

impl Cache {
    /// Opens the cache in `dir` for a build whose inputs other than the
    /// content hash to `key`. The last run's part is used only when the
    /// output folder's manifest and folders are as that run left them.
    pub fn open(dir: &Path, key: Hash, out: &Path) -> Result<(Cache, Option<&'static str>), BuildError> {
        fs::create_dir_all(dir).at(dir)?;
        if let Ok(out_real) = fs::canonicalize(out) {
            let text = out_real.to_string_lossy();
            if fs::read_to_string(dir.join(FOR)).ok().as_deref() != Some(text.as_ref()) {
                fs::write(dir.join(FOR), text.as_bytes()).at(&dir.join(FOR))?;
            }
        }
        let started_ns = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_nanos() as i128);
        let (last, spool_name, spool_len, why) = match Cache::read_last(dir, &key, out) {
            Ok(last) => last,
            Err(why) => (None, String::new(), 0, Some(why)),
        };
        let (spool_name, spool, spool_len) = if last.is_some() {
            let path = dir.join(&spool_name);
            let file = OpenOptions::new().append(true).open(&path).at(&path)?;
            (spool_name, file, spool_len)
        } else {
            // A new spool beside the old one: the old index stays whole until
            // the new one replaces it.
            let name = format!("{SPOOL_PREFIX}{started_ns}");
            let path = dir.join(&name);
            (name, File::create(&path).at(&path)?, 0)
        };
        let cache = Cache {
            dir: dir.to_owned(),
            persist: true,
            key,
            started_ns,
            last,
            spool_name,
            spool: BufWriter::new(spool),
            spool_len,
            sources: Vec::new(),
            made: HashMap::new(),
        };
        Ok((cache, why))
    }

    /// No cache: the spool is `name` in `out`, deleted when the build is done.
    pub fn scratch(out: &Path, name: &str) -> Result<Cache, BuildError> {
        let path = out.join(name);
        Ok(Cache {
            dir: out.to_owned(),
            persist: false,
            key: [0; 16],
            started_ns: 0,
            last: None,
            spool_name: name.to_owned(),
            spool: BufWriter::new(File::create(&path).at(&path)?),
            spool_len: 0,
            sources: Vec::new(),
            made: HashMap::new(),
        })
    }

    #[allow(clippy::type_complexity)]
    fn read_last(
        dir: &Path,
        key: &Hash,
        out: &Path,
    ) -> Result<(Option<Last>, String, u64, Option<&'static str>), &'static str> {
        let bytes = fs::read(dir.join(INDEX)).map_err(|_| "no cache from an earlier run")?;
        let stored: Stored = postcard::from_bytes(&bytes).map_err(|_| "the cache could not be read")?;
        drop(bytes);
        let Stored { header, sources, made, folders } = stored;
        if header.format != FORMAT || header.key != *key {
            return Err("the CLI, the shell, the settings or the options changed");
        }
        let moved = "the output folder is not as the last cached run left it";
        if header.manifest != Stamp::read(&out.join(MANIFEST)) {
            return Err(moved);
        }
        if !fs::metadata(dir.join(&header.spool)).is_ok_and(|metadata| metadata.len() == header.spool_len) {
            return Err("the cache could not be read");
        }
        if !folders.iter().all(|(relative, stamp)| Stamp::read(&out.join(relative)) == *stamp) {
            return Err(moved);
        }
        let last = Last {
            racy_before: header.started_ns - RACY_NS,
            sources: sources.into_iter().collect(),
            made: made.into_iter().collect(),
            folders: folders.into_iter().collect(),
        };
        Ok((Some(last), header.spool, header.spool_len, None))
    }

    /// Takes the last run's index off the disk (this run has it in memory)
    /// before the first file is written: a run that stops half-way leaves no
    /// index that vouches for files it may have rewritten, so the next run
    /// builds in full.
    pub fn forget_last(&self) -> Result<(), BuildError> {
        let path = self.dir.join(INDEX);
        match fs::remove_file(&path) {
            Err(error) if error.kind() != io::ErrorKind::NotFound && self.persist => {
                Err(BuildError::Io { path, source: error })
            }
            _ => Ok(()),
        }
    }

    /// Whether this run keeps anything for the next.
    pub fn persists(&self) -> bool {
        self.persist
    }

    /// Whether the last run's cache is used.
    pub fn in_use(&self) -> bool {
        self.last.is_some()
    }

    /// What the last run kept of the Markdown file at `real` (whose
    /// metadata is `metadata`), if its bytes are the same. Reads the file
    /// only when its size or time changed; returns the bytes read then.
    pub fn source(&mut self, shown: &Path, real: &Path) -> io::Result<Found> {
        let metadata = fs::metadata(real)?;
        let stamp = Stamp::of(&metadata);
        let Some(last) = &mut self.last else { return Cache::read(real, stamp) };
        let Some(entry) = last.sources.remove(shown.to_string_lossy().as_ref()) else {
            return Cache::read(real, stamp);
        };
        if entry.stamp == stamp && stamp.latest_ns() < last.racy_before {
            return Ok(Found::Kept(entry));
        }
        match Cache::read(real, stamp)? {
            Found::Read { hash, .. } if hash == entry.hash => Ok(Found::Kept(SourceEntry { stamp, ..entry })),
            read => Ok(read),
        }
    }

    fn read(real: &Path, stamp: Stamp) -> io::Result<Found> {
        let bytes = fs::read(real)?;
        let hash = hash(&[&bytes]);
        Ok(Found::Read { bytes, stamp, hash })
    }

    /// Keeps what a Markdown file gave for the next run.
    pub fn keep_source(&mut self, shown: &Path, entry: SourceEntry) {
        self.sources.push((shown.to_string_lossy().into_owned(), entry));
    }

    /// Spools a feed item.
    pub fn spool(&mut self, item: &[u8]) -> Result<Spooled, BuildError> {
        let path = self.dir.join(&self.spool_name);
        self.spool.write_all(item).at(&path)?;
        let spooled = Spooled { offset: self.spool_len, len: item.len(), hash: hash(&[item]) };
        self.spool_len += item.len() as u64;
        Ok(spooled)
    }

    /// A reader of the spooled items.
    pub fn reader(&mut self) -> Result<SpoolReader, BuildError> {
        let path = self.dir.join(&self.spool_name);
        self.spool.flush().at(&path)?;
        Ok(SpoolReader { file: File::open(&path).at(&path)?, path })
    }

    /// Whether the output file `relative` was made from what `fingerprint`
    /// stands for by the last run; notes it for the next either way.
    pub fn made_same(&mut self, relative: &str, fingerprint: Hash) -> bool {
        let same = self.last.as_ref().is_some_and(|last| last.made.get(relative) == Some(&fingerprint));
        self.made.insert(relative.to_owned(), fingerprint);
        same
    }

    /// Writes the index for the next run: the sources, what was made, and
    /// the stamps of the output's folders (`folders`, relative) and
    /// manifest as this run left them. Only the folders of the files this
    /// run `touched` (added, changed or removed) and the output itself are
    /// looked at again; the others are as they were checked when the cache
    /// was opened. The spool is rewritten without the
    /// items no entry names once those are more than half of it.
    pub fn save(mut self, out: &Path, folders: &BTreeSet<String>, touched: &[&String]) -> Result<(), BuildError> {
        let spool_path = self.dir.join(&self.spool_name);
        self.spool.flush().at(&spool_path)?;
        drop(self.spool);
        if !self.persist {
            return fs::remove_file(&spool_path).at(&spool_path);
        }
        let live: u64 = self.sources.iter().map(|(_, entry)| entry.spooled_len()).sum();
        let mut spool_name = self.spool_name.clone();
        let mut spool_len = self.spool_len;
        if spool_len > 2 * live + (1 << 20) {
            spool_name = format!("{SPOOL_PREFIX}{}", self.started_ns);
            spool_len = compact(&self.dir, &self.spool_name, &spool_name, &mut self.sources)?;
        }
        let path = self.dir.join(INDEX_NEW);
        let header = Header {
            format: FORMAT,
            key: self.key,
            started_ns: self.started_ns,
            spool: spool_name.clone(),
            spool_len,
            manifest: Stamp::read(&out.join(MANIFEST)),
        };
        let mut made: Vec<_> = self.made.into_iter().collect();
        made.sort();
        let mut looked_at = HashMap::new();
        if let Some(last) = self.last.take() {
            looked_at = last.folders;
            looked_at.remove("");
            for file in touched {
                let mut path = file.as_str();
                while let Some((parent, _)) = path.rsplit_once('/') {
                    looked_at.remove(parent);
                    path = parent;
                }
            }
        }
        let folders = folders
            .iter()
            .map(|folder| match looked_at.get(folder) {
                Some(stamp) => (folder.clone(), *stamp),
                None => (folder.clone(), Stamp::read(&out.join(folder))),
            })
            .collect();
        let stored = Stored { header, sources: self.sources, made, folders };
        let file = BufWriter::new(File::create(&path).at(&path)?);
        let file = postcard::to_io(&stored, file)
            .map_err(|error| BuildError::Io { path: path.clone(), source: io::Error::other(error) })?;
        file.into_inner().map_err(|error| error.into_error()).at(&path)?;
        fs::rename(&path, self.dir.join(INDEX)).at(&path)?;
        // Spools no index names any more.
        for entry in fs::read_dir(&self.dir).at(&self.dir)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours =
                name.strip_prefix(SPOOL_PREFIX).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if ours && name != spool_name {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(())
    }
}

impl SourceEntry {
    fn spooled_len(&self) -> u64 {
        match &self.outcome {
            Outcome::Published(published) => published.item.len as u64,
            Outcome::Draft => 0,
        }
    }
}

/// Copies the items `sources` name into a new spool, in their order, and
/// points them there. Returns its length.
fn compact(dir: &Path, from: &str, to: &str, sources: &mut [(String, SourceEntry)]) -> Result<u64, BuildError> {
    let from_path = dir.join(from);
    let to_path = dir.join(to);
    let mut reader = SpoolReader { file: File::open(&from_path).at(&from_path)?, path: from_path };
    let mut writer = BufWriter::new(File::create(&to_path).at(&to_path)?);
    let mut len = 0;
    for (_, entry) in sources {
        if let Outcome::Published(published) = &mut entry.outcome {
            let item = reader.read(published.item.offset, published.item.len)?;
            writer.write_all(&item).at(&to_path)?;
            published.item.offset = len;
            len += item.len() as u64;
        }
    }
    writer.into_inner().map_err(|error| error.into_error()).at(&to_path)?;
    Ok(len)
}

/// What [`Cache::source`] found.
pub(super) enum Found {
    /// The same bytes as last time: what they gave then.
    Kept(SourceEntry),
    /// New or changed: the bytes, to be read.
    Read { bytes: Vec<u8>, stamp: Stamp, hash: Hash },
}

pub(super) struct SpoolReader {
    file: File,
    path: PathBuf,
}

impl SpoolReader {
    /// An item as it was spooled, checked against its hash: a damaged spool
    /// is [`BuildError::CacheDamaged`], which `build` answers with a full build.
    pub fn read_item(&mut self, item: &Spooled) -> Result<String, BuildError> {
        let bytes = self.read(item.offset, item.len)?;
        if hash(&[&bytes]) != item.hash {
            return Err(BuildError::CacheDamaged(self.path.clone()));
        }
        String::from_utf8(bytes).map_err(|_| BuildError::CacheDamaged(self.path.clone()))
    }

    pub fn read(&mut self, offset: u64, len: usize) -> Result<Vec<u8>, BuildError> {
        let mut item = vec![0; len];
        self.file.seek(SeekFrom::Start(offset)).and_then(|_| self.file.read_exact(&mut item)).at(&self.path)?;
        Ok(item)
    }
}

/// The default cache folder for an output folder: one per output folder (by
/// its resolved path) under `$XDG_CACHE_HOME` or `~/.cache`.
pub fn default_dir(out_real: &Path) -> Option<PathBuf> {
    let name: String =
        hash(&[out_real.to_string_lossy().as_bytes()]).iter().map(|byte| format!("{byte:02x}")).collect();
    Some(default_base()?.join(name))
}

fn default_base() -> Option<PathBuf> {
    let base =
        std::env::var_os("XDG_CACHE_HOME").filter(|value| !value.is_empty()).map(PathBuf::from).or_else(|| {
            std::env::var_os("HOME").filter(|value| !value.is_empty()).map(|home| Path::new(&home).join(".cache"))
        })?;
    Some(base.join("article-widget").join("publish"))
}

/// Deletes the default caches of output folders that no longer exist (a
/// temporary output, a moved site): each only its `article-widget-cache.*`
/// files, and its folder if that leaves it empty. Returns how many.
pub fn prune_default_caches() -> usize {
    let Some(base) = default_base() else { return 0 };
    let Ok(entries) = fs::read_dir(&base) else { return 0 };
    let mut pruned = 0;
    for entry in entries.flatten() {
        let dir = entry.path();
        let Ok(out) = fs::read_to_string(dir.join(FOR)) else { continue };
        if out.is_empty() || fs::symlink_metadata(&out).is_ok() {
            continue;
        }
        for file in fs::read_dir(&dir).into_iter().flatten().flatten() {
            if file.file_name().to_string_lossy().starts_with("article-widget-cache.") {
                let _ = fs::remove_file(file.path());
            }
        }
        let _ = fs::remove_dir(&dir);
        pruned += 1;
    }
    pruned
}
