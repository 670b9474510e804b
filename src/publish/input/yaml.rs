//! YAML (front matter, the site settings) read into a small tree in which
//! every node knows its line in the file.
//!
//! The tree is built from the parser's events rather than by a YAML library's
//! own loader so that it can stay small and safe: scalars are kept as the
//! text the author wrote (`title: 2024` is the title "2024", and dates are
//! never reinterpreted), aliases are refused (no "billion laughs"), and
//! nesting is capped, so no input can exhaust the stack or the memory.

use std::collections::HashMap;
use std::path::Path;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::InputError;

/// Deeper than any settings file needs; bounds recursion over the tree.
const MAX_DEPTH: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Node {
    /// The line (from 1) in the file where the node starts.
    pub line: usize,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Value {
    /// `~`, `null` or nothing at all.
    Null,
    Text(String),
    List(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    pub key: String,
    /// The key's line.
    pub line: usize,
    pub node: Node,
}

enum Frame {
    List { line: usize, items: Vec<Node> },
    Map { line: usize, entries: Vec<Entry>, key: Option<(String, usize)>, seen: HashMap<String, usize> },
}

/// Parses `yaml`, whose first line is line `first_line` of `path`. An empty
/// document is an empty map.
pub(super) fn parse(path: &Path, yaml: &str, first_line: usize) -> Result<Node, InputError> {
    let line_in_file = |line: usize| line + first_line - 1;
    let error = |line: usize, message: String| InputError::at(path, line_in_file(line), message);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    for event in Parser::new_from_str(yaml) {
        let (event, span) =
            event.map_err(|e| error(e.marker().line(), format!("this is not valid YAML: {}", e.info())))?;
        let line = span.start.line();
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => continue,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(error(line, "a second YAML document starts here; there must be one".into()));
                }
                continue;
            }
            Event::Alias(_) => {
                return Err(error(line, "YAML aliases (`*name`) are not supported here: write the value out".into()))
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if stack.len() >= MAX_DEPTH => {
                return Err(error(line, format!("this nests deeper than {MAX_DEPTH} levels")));
            }
            Event::SequenceStart(..) => {
                stack.push(Frame::List { line, items: Vec::new() });
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Map { line, entries: Vec::new(), key: None, seen: HashMap::new() });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::List { line, items }) => Node { line, value: Value::List(items) },
                Some(Frame::Map { line, entries, .. }) => Node { line, value: Value::Map(entries) },
                None => continue,
            },
            Event::Scalar(text, style, _anchor, _tag) => {
                let null = style == ScalarStyle::Plain && matches!(&*text, "" | "~" | "null" | "Null" | "NULL");
                Node { line, value: if null { Value::Null } else { Value::Text(text.into_owned()) } }
            }
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::List { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, seen, .. }) => match key.take() {
                Some((key, line)) => entries.push(Entry { key, line, node }),
                None => {
                    let Value::Text(name) = node.value else {
                        return Err(error(node.line, "a key must be plain text".into()));
                    };
                    if let Some(first) = seen.insert(name.clone(), node.line) {
                        return Err(error(
                            node.line,
                            format!("`{name}` is set twice (first on line {})", line_in_file(first)),
                        ));
                    }
                    *key = Some((name, node.line));
                }
            },
        }
    }
    let mut root = root.unwrap_or(Node { line: 1, value: Value::Map(Vec::new()) });
    fix_lines(&mut root, &line_in_file);
    Ok(root)
}

/// Turns lines within the YAML into lines of the file.
fn fix_lines(node: &mut Node, line_in_file: &impl Fn(usize) -> usize) {
    node.line = line_in_file(node.line);
    match &mut node.value {
        Value::Null | Value::Text(_) => {}
        Value::List(items) => items.iter_mut().for_each(|item| fix_lines(item, line_in_file)),
        Value::Map(entries) => entries.iter_mut().for_each(|entry| {
            entry.line = line_in_file(entry.line);
            fix_lines(&mut entry.node, line_in_file);
        }),
    }
}
