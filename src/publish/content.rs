//! What a build reads, found and checked before anything is written: the
//! content folders (Markdown, `site.yaml`, assets) and feed files.
//!
//! A symbolic link is followed only to a file or folder inside the content
//! folder it is in; one that leads out of it, nowhere, or back into a folder
//! that holds it is refused, as is anything that is neither a file nor a
//! folder (a pipe would block the build). Content and output must be
//! separate folders: the build replaces and deletes files in the output.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::error::{BuildError, IoAt};

/// Everything a build reads.
#[derive(Debug, Default)]
pub(super) struct Inputs {
    /// Markdown articles, each folder's in name order.
    pub markdown: Vec<Source>,
    pub assets: Vec<Asset>,
    /// The first content folder's `site.yaml`.
    pub settings: Option<Source>,
    pub feeds: Vec<PathBuf>,
}

/// A file found in a content folder.
#[derive(Debug)]
pub(super) struct Source {
    /// Where it is read from: resolved, and checked to be inside the
    /// content folder, so a link is not followed a second time when read.
    pub real: PathBuf,
    /// As the publisher knows it (through the links), for messages.
    pub shown: PathBuf,
}

/// A file copied as it is, to `relative` (with `/`) in the output.
#[derive(Debug)]
pub(super) struct Asset {
    pub from: Source,
    pub relative: String,
}

/// Finds and checks the inputs. `out` is the output folder (which need not
/// exist yet).
pub(super) fn find(inputs: &[PathBuf], out: &Path) -> Result<Inputs, BuildError> {
    let out_real = real_path(out).at(out)?;
    let mut found = Inputs::default();
    for input in inputs {
        let real = fs::canonicalize(input).map_err(|source| match source.kind() {
            io::ErrorKind::NotFound => BuildError::Missing(input.clone()),
            _ => BuildError::Io { path: input.clone(), source },
        })?;
        let overlap = |how| BuildError::Overlap { input: input.clone(), out: out.to_owned(), how };
        let metadata = fs::metadata(&real).at(input)?;
        if metadata.is_dir() {
            if real == out_real {
                return Err(overlap("is the output folder"));
            }
            if out_real.starts_with(&real) {
                return Err(overlap("holds the output folder"));
            }
            if real.starts_with(&out_real) {
                return Err(overlap("is inside the output folder"));
            }
            let mut walk = Walk {
                root: &real,
                shown_root: input,
                found: &mut found,
                ancestors: vec![real.clone()],
                visits: HashMap::new(),
            };
            walk.dir(&real, input, "")?;
            // The walk has refused a `site.yaml` that links out of the folder.
            let settings = real.join("site.yaml");
            if found.settings.is_none() && fs::metadata(&settings).is_ok_and(|m| m.is_file()) {
                let settings = fs::canonicalize(&settings).at(&settings)?;
                found.settings = Some(Source { real: settings, shown: input.join("site.yaml") });
            }
        } else if metadata.is_file() {
            if real.starts_with(&out_real) {
                return Err(overlap("is inside the output folder"));
            }
            found.feeds.push(input.clone());
        } else {
            return Err(BuildError::Link { path: input.clone(), message: not_a_file().into() });
        }
    }
    Ok(found)
}

struct Walk<'a> {
    /// The content folder, resolved.
    root: &'a Path,
    /// As it was given, for messages and paths read later.
    shown_root: &'a Path,
    found: &'a mut Inputs,
    /// The resolved folders being walked, so that a link back to one of them
    /// is found (it would loop).
    ancestors: Vec<PathBuf>,
    /// How often each folder was walked: links to links to one folder could
    /// otherwise multiply the walk exponentially.
    visits: HashMap<PathBuf, usize>,
}

/// A folder reached through more links than this is refused.
const MAX_VISITS: usize = 8;

impl Walk<'_> {
    /// Walks `real` (resolved), shown as `shown`, at `relative` in the output.
    fn dir(&mut self, real: &Path, shown: &Path, relative: &str) -> Result<(), BuildError> {
        let mut entries: Vec<_> = fs::read_dir(real).at(shown)?.collect::<Result<_, _>>().at(shown)?;
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let shown_path = shown.join(entry.file_name());
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                return Err(BuildError::Link {
                    path: shown_path,
                    message: "the name is not UTF-8, so no URL can name it: rename it".into(),
                });
            };
            if name.starts_with('.') {
                continue;
            }
            let (target, kind) = self.follow(&entry, &shown_path)?;
            let child = if relative.is_empty() { name.clone() } else { format!("{relative}/{name}") };
            if kind.is_dir() {
                let visits = self.visits.entry(target.clone()).or_default();
                *visits += 1;
                if *visits > MAX_VISITS {
                    return Err(BuildError::Link {
                        path: shown_path,
                        message: format!(
                            "{} is reached through links more than {MAX_VISITS} times: refused",
                            target.display()
                        ),
                    });
                }
                self.ancestors.push(target.clone());
                self.dir(&target, &shown_path, &child)?;
                self.ancestors.pop();
            } else if !kind.is_file() {
                return Err(BuildError::Link { path: shown_path, message: not_a_file().into() });
            } else if name.ends_with(".md") || name.ends_with(".markdown") {
                self.found.markdown.push(Source { real: target, shown: shown_path });
            } else if !(relative.is_empty() && name == "site.yaml") {
                self.found.assets.push(Asset { from: Source { real: target, shown: shown_path }, relative: child });
            }
        }
        Ok(())
    }

    /// The entry's path and kind, through a symbolic link, which may lead
    /// only to a file or folder inside the content folder that does not
    /// hold it (that would loop).
    fn follow(&self, entry: &fs::DirEntry, shown_path: &Path) -> Result<(PathBuf, fs::FileType), BuildError> {
        let kind = entry.file_type().at(shown_path)?;
        if !kind.is_symlink() {
            return Ok((entry.path(), kind));
        }
        let refuse = |message: String| BuildError::Link { path: shown_path.to_owned(), message };
        let target = fs::canonicalize(entry.path())
            .map_err(|error| refuse(format!("a symbolic link that leads nowhere ({error})")))?;
        if !target.starts_with(self.root) {
            return Err(refuse(format!(
                "a symbolic link to {}, outside the content folder {}: refused (copy what it should publish into \
                 the content folder)",
                target.display(),
                self.shown_root.display()
            )));
        }
        if self.ancestors.contains(&target) {
            return Err(refuse(format!(
                "a symbolic link to {}, a folder that holds it: it would loop",
                target.display()
            )));
        }
        let kind = fs::metadata(&target).at(shown_path)?.file_type();
        Ok((target, kind))
    }
}

fn not_a_file() -> &'static str {
    "neither a file nor a folder (a pipe, socket or device): refused"
}

/// `path` resolved (links, `..`), also when it does not exist yet: its
/// nearest existing ancestor resolved, and the rest as written.
pub(super) fn real_path(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() { path.to_owned() } else { std::env::current_dir()?.join(path) };
    let mut missing = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        match fs::canonicalize(existing) {
            Ok(mut real) => {
                for part in missing.iter().rev() {
                    match part {
                        Component::ParentDir => {
                            real.pop();
                        }
                        Component::Normal(name) => real.push(name),
                        _ => {}
                    }
                }
                return Ok(real);
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                let Some(parent) = existing.parent() else { return Err(error) };
                missing.extend(existing.components().next_back());
                existing = parent;
            }
            Err(error) => return Err(error),
        }
    }
}
