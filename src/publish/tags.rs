//! Which tags get pages of their own: the articles of each tag (by
//! [`tag_key`]: `News` and `news` are one tag), the folder its pages go in
//! (`tags/<slug>/`, [`tag_slug`]) and the name they show.

use std::collections::btree_map::Entry as Slot;
use std::collections::BTreeMap;

use super::id;
use crate::model::{collapse_spaces, tag_key, tag_slug};
use crate::platform::fold_tag;

/// A tag as its pages name it: its spaces collapsed, in NFC, its case as
/// written. Two spellings of one key then differ only by case.
pub(super) fn display_name(tag: &str) -> String {
    id::normalize(&collapse_spaces(tag)).into_owned()
}

/// How many more bytes another spelling of a tag may take on a feed page
/// than `name`: spellings of one key differ only by case, which changes a
/// character's UTF-8 by at most 2 bytes (`k` and the Kelvin sign), and a
/// page names its tag twice (`title` and `_article.tag`).
pub(super) fn other_spellings_slack(name: &str) -> usize {
    4 * name.chars().count()
}

/// One tag with articles.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Tag {
    pub key: String,
    pub slug: String,
    /// As the newest article that carries it writes it.
    pub name: String,
    /// The articles that carry it, as positions in the list they came from
    /// (newest first there, so here too).
    pub articles: Vec<usize>,
}

/// Two tags whose slugs are one folder: only `kept` gets pages.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Clash {
    pub kept: String,
    pub dropped: String,
    pub slug: String,
}

/// The tags of articles listed newest first (`tags_of[i]` the tags of
/// article `i`), in the order of their keys. Of two keys whose slugs are
/// the same folder (also without regard to case, as some file systems
/// compare names), the first in that order gets pages and the other is a
/// [`Clash`]: a slug is taken from the key as it is, so only tags crafted
/// to clash do.
pub(super) fn group<'a>(tags_of: impl Iterator<Item = &'a [String]>) -> (Vec<Tag>, Vec<Clash>) {
    let mut by_key: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, tags) in tags_of.enumerate() {
        for tag in tags {
            let key = tag_key(tag, &fold_tag);
            if key.is_empty() {
                continue;
            }
            match by_key.entry(key) {
                Slot::Vacant(slot) => {
                    slot.insert((display_name(tag), vec![i]));
                }
                // The same article may carry one tag twice (`News`, `news`).
                Slot::Occupied(mut slot) if slot.get().1.last() != Some(&i) => slot.get_mut().1.push(i),
                Slot::Occupied(_) => {}
            }
        }
    }
    let mut folders: BTreeMap<String, String> = BTreeMap::new();
    let mut tags = Vec::with_capacity(by_key.len());
    let mut clashes = Vec::new();
    for (key, (name, articles)) in by_key {
        let slug = tag_slug(&key);
        match folders.entry(id::fold(&slug)) {
            Slot::Occupied(kept) => clashes.push(Clash { kept: kept.get().clone(), dropped: name, slug }),
            Slot::Vacant(slot) => {
                slot.insert(name.clone());
                tags.push(Tag { key, slug, name, articles });
            }
        }
    }
    (tags, clashes)
}
