//! Typed fields out of a YAML map, each error at the line of its key.

use std::path::Path;

use super::yaml::{Entry, Node, Value};
use super::InputError;
use crate::model::{resolve_checked, Author, Platform, Source, Timestamp};

/// The keys of one YAML map, taken one by one; what is left at the end is
/// unknown to the reader.
pub(super) struct Fields<'p> {
    path: &'p Path,
    /// Prefix for keys in messages: `source.` inside `source:`.
    prefix: String,
    entries: Vec<Entry>,
}

/// A value and the line of its key.
pub(super) struct Located<T> {
    pub value: T,
    pub line: usize,
}

impl<'p> Fields<'p> {
    pub fn new(path: &'p Path, node: Node, what: &str) -> Result<Self, InputError> {
        match node.value {
            Value::Map(entries) => Ok(Fields { path, prefix: String::new(), entries }),
            Value::Null => Ok(Fields { path, prefix: String::new(), entries: Vec::new() }),
            _ => Err(InputError::at(path, node.line, format!("{what} must be `key: value` lines"))),
        }
    }

    fn nested(&self, entry: Entry) -> Result<Fields<'p>, InputError> {
        let prefix = format!("{}{}.", self.prefix, entry.key);
        match entry.node.value {
            Value::Map(entries) => Ok(Fields { path: self.path, prefix, entries }),
            _ => Err(self.error(entry.line, format!("`{}{}` must be `key: value` lines", self.prefix, entry.key))),
        }
    }

    pub fn error(&self, line: usize, message: impl Into<String>) -> InputError {
        InputError::at(self.path, line, message)
    }

    pub fn name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// The entry for `key`, or for its synonym `other`; both is an error.
    pub fn take(&mut self, key: &str, other: Option<&str>) -> Result<Option<Entry>, InputError> {
        let mut take = |key: &str| self.entries.iter().position(|e| e.key == key).map(|i| self.entries.remove(i));
        let first = take(key);
        let second = other.and_then(take);
        match (first, second) {
            (Some(a), Some(b)) => {
                let (earlier, later) = if a.line <= b.line { (a, b) } else { (b, a) };
                Err(self.error(
                    later.line,
                    format!(
                        "`{}` and `{}` (line {}) are the same field: keep one",
                        self.name(&later.key),
                        self.name(&earlier.key),
                        earlier.line
                    ),
                ))
            }
            (entry, None) | (None, entry) => Ok(entry),
        }
    }

    /// Plain text (trimmed; empty counts as absent).
    pub fn text(&mut self, key: &str, other: Option<&str>) -> Result<Option<Located<String>>, InputError> {
        let Some(entry) = self.take(key, other)? else { return Ok(None) };
        let line = entry.line;
        Ok(self.text_of(&entry.key, entry.node)?.map(|value| Located { value, line }))
    }

    /// Like [`Fields::text`], but a missing or empty value is an error at
    /// `missing_line`.
    pub fn required_text(
        &mut self,
        key: &str,
        other: Option<&str>,
        missing_line: usize,
    ) -> Result<Located<String>, InputError> {
        let Some(entry) = self.take(key, other)? else {
            return Err(self.error(missing_line, format!("`{}:` is missing", self.name(key))));
        };
        let line = entry.line;
        match self.text_of(&entry.key, entry.node)? {
            Some(value) => Ok(Located { value, line }),
            None => Err(self.error(line, format!("`{}:` is empty", self.name(&entry.key)))),
        }
    }

    fn text_of(&self, key: &str, node: Node) -> Result<Option<String>, InputError> {
        match node.value {
            Value::Null => Ok(None),
            Value::Text(text) => {
                let trimmed = text.trim();
                Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
            }
            Value::List(_) | Value::Map(_) => Err(self.error(node.line, format!("`{}` must be text", self.name(key)))),
        }
    }

    /// A list of text, or one text as a list of one.
    pub fn text_list(&mut self, key: &str) -> Result<Vec<String>, InputError> {
        let Some(entry) = self.take(key, None)? else { return Ok(Vec::new()) };
        self.list_of_text(&entry.key, entry.node)
    }

    /// [`Fields::text_list`] of an entry already taken.
    pub fn list_of_text(&self, key: &str, node: Node) -> Result<Vec<String>, InputError> {
        let items = match node.value {
            Value::List(items) => items,
            value => vec![Node { line: node.line, value }],
        };
        let mut texts = Vec::new();
        for item in items {
            texts.extend(self.text_of(key, item)?);
        }
        Ok(texts)
    }

    /// `true` or `false` (also `yes`/`no`, any case); absent is `false`.
    pub fn flag(&mut self, key: &str) -> Result<bool, InputError> {
        let Some(entry) = self.take(key, None)? else { return Ok(false) };
        let (line, key) = (entry.line, entry.key.clone());
        match self.text_of(&key, entry.node)?.map(|text| text.to_ascii_lowercase()).as_deref() {
            None | Some("false" | "no") => Ok(false),
            Some("true" | "yes") => Ok(true),
            Some(other) => Err(self.error(line, format!("`{}` must be true or false, not `{other}`", self.name(&key)))),
        }
    }

    /// An RFC 3339 date-time, which must carry its UTC offset.
    pub fn timestamp(&mut self, key: &str, other: Option<&str>) -> Result<Option<Located<Timestamp>>, InputError> {
        let Some(entry) = self.take(key, other)? else { return Ok(None) };
        let (line, key) = (entry.line, entry.key.clone());
        let Some(raw) = self.text_of(&key, entry.node)? else { return Ok(None) };
        self.parse_timestamp(&key, &raw, line).map(|value| Some(Located { value, line }))
    }

    pub fn parse_timestamp(&self, key: &str, raw: &str, line: usize) -> Result<Timestamp, InputError> {
        let key = self.name(key);
        Timestamp::parse(raw).map_err(|_| {
            let example = "2024-01-24T19:41:00+08:00";
            let message = if Timestamp::parse(&format!("{raw}Z")).is_ok() {
                let fixed = format!("{}+08:00", raw.trim().replacen(' ', "T", 1));
                format!(
                    "`{key}: {raw}` has no UTC offset, so the time is ambiguous: write it with the publisher's \
                     offset, e.g. `{fixed}`"
                )
            } else if Timestamp::parse(&format!("{raw}T00:00:00Z")).is_ok() {
                format!("`{key}: {raw}` has no time and no UTC offset: write e.g. `{raw}T19:41:00+08:00`")
            } else {
                format!("`{key}: {raw}` is not an RFC 3339 date-time with a UTC offset, such as `{example}`")
            };
            self.error(line, message)
        })
    }

    /// A link, resolved against the site and checked like every link of the
    /// model: `http(s)` only.
    pub fn link(&mut self, key: &str, platform: &dyn Platform) -> Result<Option<String>, InputError> {
        let Some(Located { value, line }) = self.text(key, None)? else { return Ok(None) };
        self.check_link(key, &value, line, platform).map(Some)
    }

    fn check_link(&self, key: &str, raw: &str, line: usize, platform: &dyn Platform) -> Result<String, InputError> {
        resolve_checked(raw, &|reference| platform.resolve(reference, None)).ok_or_else(|| {
            self.error(
                line,
                format!("`{}: {raw}` is not an http(s) URL or a path relative to the site", self.name(key)),
            )
        })
    }

    /// `source`: a name, or `{name, url}`.
    pub fn source(&mut self, key: &str, platform: &dyn Platform, warnings: &mut Vec<InputError>) -> SourceResult {
        let Some(entry) = self.take(key, None)? else { return Ok(None) };
        let line = entry.line;
        if matches!(entry.node.value, Value::Map(_)) {
            let mut fields = self.nested(entry)?;
            let name = fields.required_text("name", None, line)?.value;
            let url = fields.link("url", platform)?;
            warnings.extend(fields.unknown_keys());
            return Ok(Some(Source { name, url }));
        }
        Ok(self.text_of(&entry.key, entry.node)?.map(|name| Source { name, url: None }))
    }

    /// `author` or `authors`: a name, `{name, url}`, or a list of either.
    pub fn authors(&mut self, platform: &dyn Platform, warnings: &mut Vec<InputError>) -> AuthorsResult {
        let Some(entry) = self.take("authors", Some("author"))? else { return Ok(Vec::new()) };
        let key = entry.key.clone();
        let items = match entry.node.value {
            Value::List(items) => items,
            value => vec![Node { line: entry.node.line, value }],
        };
        let mut authors = Vec::new();
        for item in items {
            let line = item.line;
            match item.value {
                Value::Map(_) => {
                    let mut fields = self.nested(Entry { key: key.clone(), line, node: item })?;
                    let name = fields.text("name", None)?.map(|name| name.value);
                    let url = fields.link("url", platform)?;
                    if name.is_none() && url.is_none() {
                        return Err(self.error(line, format!("`{}` needs a `name` or a `url`", self.name(&key))));
                    }
                    warnings.extend(fields.unknown_keys());
                    authors.push(Author { name, url });
                }
                value => {
                    if let Some(name) = self.text_of(&key, Node { line, value })? {
                        authors.push(Author { name: Some(name), url: None });
                    }
                }
            }
        }
        Ok(authors)
    }

    /// `language` (or `lang`): a BCP 47 language tag.
    pub fn language(&mut self) -> Result<Option<String>, InputError> {
        let Some(Located { value, line }) = self.text("language", Some("lang"))? else { return Ok(None) };
        if is_language_tag(&value) {
            Ok(Some(value))
        } else {
            Err(self.error(line, format!("`{value}` is not a language tag such as `zh-CN` or `en`")))
        }
    }

    /// Warnings for the keys nobody took.
    pub fn unknown_keys(self) -> Vec<InputError> {
        self.entries
            .iter()
            .map(|entry| self.error(entry.line, format!("unknown key `{}` (ignored)", self.name(&entry.key))))
            .collect()
    }
}

/// BCP 47 in shape: letters, digits and hyphens, starting with a letter.
fn is_language_tag(tag: &str) -> bool {
    tag.len() <= 35
        && tag.starts_with(|c: char| c.is_ascii_alphabetic())
        && tag.split('-').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
}

type SourceResult = Result<Option<Source>, InputError>;
type AuthorsResult = Result<Vec<Author>, InputError>;
