//! Why a build could not be done, each reason with the path it concerns.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::input::InputError;

/// Why a build could not be done; nothing is written for any of these but
/// [`BuildError::Io`], [`BuildError::ReadBack`] and a late [`BuildError::OutputLink`].
#[derive(Debug, Error)]
pub enum BuildError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "{}: {source}: the app shell is missing; run `trunk build --release` first (it writes it) or pass --shell",
        path.display()
    )]
    NoShell { path: PathBuf, source: std::io::Error },
    #[error("{}: {message}", path.display())]
    Shell { path: PathBuf, message: String },
    #[error("{0}")]
    Address(String),
    #[error("no site settings: put a site.yaml (title, description, language, disclaimer) in the content folder")]
    NoSettings,
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{}: no such folder or file", .0.display())]
    Missing(PathBuf),
    #[error(
        "{} {how} {}: content and output must be separate folders (the build replaces and deletes files in \
         the output, and would read them back as content)",
        input.display(),
        out.display()
    )]
    Overlap { input: PathBuf, out: PathBuf, how: &'static str },
    /// The cache folder is inside the output or a content folder, where a
    /// deploy would upload it or the build read it.
    #[error("--cache {}: the cache must be outside the output and the content folders", .0.display())]
    CacheInside(PathBuf),
    /// Another build is writing into the output folder.
    #[error("{}: another build is writing into this folder; run again when it is done", .0.display())]
    Busy(PathBuf),
    /// An item in the cache's spool is not what was spooled.
    #[error("{}: the cache is damaged", .0.display())]
    CacheDamaged(PathBuf),
    /// A link that leads out of the content folder, or nowhere; a pipe.
    #[error("{}: {message}", path.display())]
    Link { path: PathBuf, message: String },
    #[error("{}: `{output}` {reason}: rename or move it", asset.display())]
    Clash { asset: PathBuf, output: String, reason: String },
    #[error(
        "{}: the build writes here, but this file was not written by it (it is not listed in {}): move it away, or \
         publish into a fresh copy of the app build",
        path.display(),
        manifest.display()
    )]
    NotOurs { path: PathBuf, manifest: PathBuf },
    /// A symbolic link (or a file) where the build writes or deletes, or
    /// where it needs a folder on the way there.
    #[error(
        "{}: a symbolic link, or a file where a folder should be, where the build writes or deletes: it never \
         writes or deletes through a link (that would change files outside the output folder); replace it with a \
         real folder or file, or publish into a fresh copy of the app build",
        .0.display()
    )]
    OutputLink(PathBuf),
    #[error("{}: {message}", path.display())]
    Manifest { path: PathBuf, message: String },
    #[error("the first feed page does not read back: {0}")]
    ReadBack(String),
}

/// `fs::write(&path, text).at(&path)?`: an IO error with the path it
/// happened at (the path is copied only when there is an error).
pub(super) trait IoAt<T> {
    fn at(self, path: &Path) -> Result<T, BuildError>;
}

impl<T> IoAt<T> for std::io::Result<T> {
    fn at(self, path: &Path) -> Result<T, BuildError> {
        self.map_err(|source| BuildError::Io { path: path.to_owned(), source })
    }
}
