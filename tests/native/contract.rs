//! The public contract, `tests/contract.json`, against the code, both ways:
//! every listed item must still exist (removing one is a breaking change,
//! for a major version only), and every public item must be listed (so the
//! contract stays complete). Items are read from the library where it has
//! them (`options::NAMES`, `events::WidgetEvent`, the feed's wire structs
//! through `Feed::decode`, the CLI binary itself); only what lives in
//! JavaScript, CSS or the wasm-only embed module is read from its source.
//! The browser side of the same contract is `tests/e2e/contract.test.mjs`.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use article_widget::events::{error_kind, WidgetEvent};
use article_widget::load::LoadError;
use article_widget::model::{Feed, FeedError, NotAFeed, RawJson};
use article_widget::options::{
    CardParts, Layout, Loading, OpenMode, OptionValues, StorageMode, Theme, TimeZone, WidgetOptions, NAMES,
};
use article_widget::platform::NativePlatform;
use article_widget::reserve;
use article_widget::route::Routing;
use article_widget::ui_text::Lang;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

const CONTRACT_PATH: &str = "tests/contract.json";

/// The top-level sections this test knows how to check. A new kind of
/// public item is a new section, and a check for it here (or, for what
/// only exists in a build, in `tests/e2e/contract.test.mjs`: `npm`, the
/// packed package's entries and exports).
const SECTIONS: [&str; 12] = [
    "$comment",
    "major",
    "element",
    "attributes",
    "js_api",
    "events",
    "error_kinds",
    "css",
    "feed_extension",
    "cli",
    "files",
    "npm",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn contract() -> Value {
    serde_json::from_str(&read(CONTRACT_PATH)).expect("tests/contract.json is JSON")
}

fn section<'a>(contract: &'a Value, pointer: &str) -> &'a Value {
    contract.pointer(pointer).unwrap_or_else(|| panic!("{CONTRACT_PATH} has no {pointer}"))
}

fn strings(value: &Value) -> BTreeSet<String> {
    let list = value.as_array().unwrap_or_else(|| panic!("a list of strings, not {value}"));
    list.iter().map(|item| item.as_str().unwrap_or_else(|| panic!("a string, not {item}")).to_owned()).collect()
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap_or_else(|| panic!("an object, not {value}")).keys().cloned().collect()
}

fn set<S: ToString>(items: impl IntoIterator<Item = S>) -> BTreeSet<String> {
    items.into_iter().map(|item| item.to_string()).collect()
}

/// The one comparison every check ends in: what the contract lists against
/// what the code has.
#[track_caller]
fn same(what: &str, listed: &BTreeSet<String>, found: &BTreeSet<String>) {
    let gone: Vec<_> = listed.difference(found).collect();
    let unlisted: Vec<_> = found.difference(listed).collect();
    assert!(
        gone.is_empty() && unlisted.is_empty(),
        "{what}: the code and {CONTRACT_PATH} disagree.\n  \
         listed but gone from the code (a breaking change: only a major version may remove it): {gone:?}\n  \
         in the code but not listed (add it to {CONTRACT_PATH} and CHANGELOG.md): {unlisted:?}"
    );
}

#[test]
fn the_contract_is_for_this_major() {
    let contract = contract();
    let listed = section(&contract, "/major").as_str().expect("major is a string");
    let cargo = env!("CARGO_PKG_VERSION_MAJOR");
    assert!(
        listed == cargo,
        "Cargo.toml's major is {cargo}, {CONTRACT_PATH} is for major {listed}: a new major rewrites the contract \
         (set \"major\", drop what the major removes, list what it renames) and says so in CHANGELOG.md"
    );
    let sections = keys(&contract);
    let unknown: Vec<_> = sections.iter().filter(|name| !SECTIONS.contains(&name.as_str())).collect();
    assert!(unknown.is_empty(), "sections without a check in tests/native/contract.rs: {unknown:?}");
}

#[test]
fn the_changelog_has_this_version() {
    let changelog = read("CHANGELOG.md");
    let version = env!("CARGO_PKG_VERSION");
    assert!(changelog.contains(&format!("## [{version}]")), "CHANGELOG.md has no `## [{version}]` section");
    assert!(changelog.contains(CONTRACT_PATH), "CHANGELOG.md names {CONTRACT_PATH}");
}

/// Every name the contract lists, for the prose that must mention it.
fn listed_names(contract: &Value) -> BTreeSet<String> {
    let mut names = keys(section(contract, "/attributes"));
    for pointer in ["/js_api/members", "/js_api/handle/methods", "/error_kinds", "/css/custom_properties", "/css/parts"]
    {
        names.extend(strings(section(contract, pointer)));
    }
    for (event, fields) in section(contract, "/events").as_object().expect("events is an object") {
        names.insert(event.clone());
        names.extend(strings(fields));
    }
    for pointer in ["/feed_extension/feed", "/feed_extension/item"] {
        names
            .extend(strings(section(contract, pointer)).iter().map(|path| path.rsplit('.').next().unwrap().to_owned()));
    }
    for pointer in ["/cli/commands", "/cli/global_flags", "/cli/build_flags", "/cli/build_switches"] {
        names.extend(strings(section(contract, pointer)));
    }
    // The npm package's entries and their exports, once it is listed.
    if let Some(exports) = contract.pointer("/npm/exports").and_then(Value::as_object) {
        for (entry, exported) in exports {
            names.insert(entry.clone());
            names.extend(strings(exported));
        }
    }
    for file in section(contract, "/files").as_array().expect("files is a list") {
        // `v/{version}/embed.js` is written `v/<version>/embed.js` in prose.
        let path = file["path"].as_str().expect("a path");
        names.insert(path.replace("{version}", "<version>").replace("{major}", "<major>"));
    }
    names
}

#[test]
fn the_changelog_states_the_whole_contract() {
    let changelog = read("CHANGELOG.md");
    let promise = &changelog[..changelog.find("## [Unreleased]").expect("CHANGELOG.md has an Unreleased section")];
    let missing: Vec<_> =
        listed_names(&contract()).into_iter().filter(|name| !promise.contains(name.as_str())).collect();
    assert!(missing.is_empty(), "CHANGELOG.md's compatibility promise does not name {missing:?}");
}

// ---- attributes ------------------------------------------------------------

fn parse(pairs: &[(&str, &str)]) -> (WidgetOptions, Vec<String>) {
    let object = Value::Object(pairs.iter().map(|(k, v)| ((*k).to_owned(), Value::from(*v))).collect());
    let parsed = WidgetOptions::parse(OptionValues::deserialize(object).expect("an options object reads"));
    (parsed.options, parsed.warnings)
}

/// `name=value` read without a warning: the options it gives.
#[track_caller]
fn accepted(name: &str, value: &str) -> WidgetOptions {
    let (options, warnings) = parse(&[("feed", "https://news.example/feed.json"), (name, value)]);
    assert!(warnings.is_empty(), "{name}=\"{value}\" is listed in {CONTRACT_PATH} but refused: {warnings:?}");
    options
}

#[test]
fn attributes_are_the_options() {
    let contract = contract();
    let attributes = section(&contract, "/attributes");
    same("attributes (options::NAMES)", &keys(attributes), &set(NAMES));

    // Each name is a field of the options object mount() takes: a value
    // given under it is read (a name the wasm ignored would stay Absent).
    for name in NAMES {
        let object = Value::Object([(name.to_owned(), Value::from("x"))].into_iter().collect());
        let values = OptionValues::deserialize(object).expect("an options object reads");
        assert_ne!(values, OptionValues::default(), "mount() ignores the option `{name}`");
    }

    // The README's attribute table documents each one.
    let readme = read("README.md");
    for name in keys(attributes) {
        assert!(readme.contains(&format!("| `{name}` |")), "README.md's attribute table has no row for `{name}`");
    }
}

/// Every variant of each option's type, written out so that a new variant
/// fails to compile here until the contract lists a value for it.
fn every_variant() -> BTreeMap<&'static str, BTreeSet<String>> {
    let layouts = [Layout::List, Layout::Grid, Layout::Compact, Layout::Headlines];
    let themes = [Theme::Light, Theme::Dark, Theme::Auto];
    let langs = [Some(Lang::ZhCn), Some(Lang::ZhHant), Some(Lang::En)];
    let opens = [OpenMode::Inline, OpenMode::Link, OpenMode::NewTab];
    let loadings = [Loading::Lazy, Loading::Eager];
    let zones = [TimeZone::Publisher, TimeZone::Local];
    let storages = [StorageMode::Local, StorageMode::None];
    for layout in layouts {
        match layout {
            Layout::List | Layout::Grid | Layout::Compact | Layout::Headlines => {}
        }
    }
    for theme in themes {
        match theme {
            Theme::Light | Theme::Dark | Theme::Auto => {}
        }
    }
    for lang in langs.into_iter().flatten() {
        match lang {
            Lang::ZhCn | Lang::ZhHant | Lang::En => {}
        }
    }
    for open in opens {
        match open {
            OpenMode::Inline | OpenMode::Link | OpenMode::NewTab => {}
        }
    }
    for loading in loadings {
        match loading {
            Loading::Lazy | Loading::Eager => {}
        }
    }
    for zone in zones {
        match zone {
            TimeZone::Publisher | TimeZone::Local => {}
        }
    }
    for storage in storages {
        match storage {
            StorageMode::Local | StorageMode::None => {}
        }
    }
    // A new card part is a new field: this literal stops compiling.
    let CardParts { image: _, summary: _, date: _, source: _, tags: _ } = CardParts::default();
    let debug = |items: &[String]| items.iter().cloned().collect::<BTreeSet<_>>();
    BTreeMap::from([
        ("layout", debug(&layouts.map(|v| format!("{v:?}")))),
        ("theme", debug(&themes.map(|v| format!("{v:?}")))),
        ("lang", debug(&langs.map(|v| format!("{v:?}")))),
        ("open", debug(&opens.map(|v| format!("{v:?}")))),
        ("loading", debug(&loadings.map(|v| format!("{v:?}")))),
        ("timezone", debug(&zones.map(|v| format!("{v:?}")))),
        ("storage", debug(&storages.map(|v| format!("{v:?}")))),
        ("show", set(["image", "summary", "date", "source", "tags", "none"])),
    ])
}

/// The field of the options that `name` sets, as text.
fn field(options: &WidgetOptions, name: &str) -> String {
    match name {
        "layout" => format!("{:?}", options.layout),
        "theme" => format!("{:?}", options.theme),
        "lang" => format!("{:?}", options.lang),
        "open" => format!("{:?}", options.open),
        "loading" => format!("{:?}", options.loading),
        "timezone" => format!("{:?}", options.timezone),
        "storage" => format!("{:?}", options.storage),
        other => panic!("no typed field for `{other}`"),
    }
}

#[test]
fn attribute_values_are_accepted_and_complete() {
    let contract = contract();
    let variants = every_variant();
    for (name, spec) in section(&contract, "/attributes").as_object().expect("attributes is an object") {
        let kind = spec["kind"].as_str().unwrap_or_else(|| panic!("attributes.{name} has no kind"));
        match kind {
            "keyword" => {
                let values = strings(&spec["values"]);
                let reached = values.iter().map(|value| field(&accepted(name, value), name)).collect();
                let all = variants.get(name.as_str()).unwrap_or_else(|| panic!("no variants written out for {name}"));
                same(&format!("attributes.{name}.values (by the variant each selects)"), all, &reached);
            }
            "list" => {
                let values = strings(&spec["values"]);
                for value in &values {
                    accepted(name, value);
                }
                same(&format!("attributes.{name}.values"), &values, &variants[name.as_str()]);
                let parts = |value: &str| accepted(name, value).show;
                assert_eq!(
                    parts("none"),
                    CardParts { image: false, summary: false, date: false, source: false, tags: false }
                );
                assert_eq!(parts("image,summary,date,source"), CardParts::default());
            }
            "integer" => {
                let range = spec["range"].as_array().expect("an integer has a range");
                let (low, high) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
                accepted(name, &low.to_string());
                accepted(name, &high.to_string());
                for outside in [low - 1, high + 1] {
                    let (_, warnings) = parse(&[("feed", "/f"), (name, &outside.to_string())]);
                    assert!(!warnings.is_empty(), "{name}={outside} is accepted: the contract's range is {range:?}");
                }
            }
            "url" | "text" => {
                let options = accepted(name, "a value");
                assert!(format!("{options:?}").contains("a value"), "`{name}` is not read as text");
            }
            "color" => {
                assert_eq!(accepted(name, "#0b7a4b").accent.as_deref(), Some("#0b7a4b"));
            }
            other => panic!("attributes.{name}: unknown kind `{other}`"),
        }
    }
}

#[test]
fn element_and_data_forms_are_the_loaders() {
    let contract = contract();
    let tag = section(&contract, "/element/tag").as_str().unwrap();
    let marker = section(&contract, "/element/data_marker").as_str().unwrap();
    let prefix = section(&contract, "/element/data_prefix").as_str().unwrap();
    // The loader is JavaScript: its own source is the only place to read
    // (tests/e2e/contract.test.mjs checks what it does).
    let loader = read("www/embed.js");
    let quoted = |text: &str| [format!("'{text}'"), format!("\"{text}\"")].iter().any(|q| loader.contains(q.as_str()));
    assert!(quoted(tag), "www/embed.js no longer names the element `{tag}`");
    assert!(quoted(&format!("[{marker}]")), "www/embed.js no longer finds `[{marker}]`");
    // An attribute read under the prefix: `getAttribute('data-' + name)`.
    let data_form = [
        format!("getAttribute('{prefix}' + "),
        format!("getAttribute(\"{prefix}\" + "),
        format!("getAttribute(`{prefix}${{"),
    ];
    assert!(
        data_form.iter().any(|form| loader.contains(form.as_str())),
        "www/embed.js no longer reads `{prefix}<name>`"
    );
    assert!(loader.contains("var NAMES = __NAMES__;"), "www/embed.js takes its names from options::NAMES");
    // embed.css reserves the space for both forms.
    let css = reserve::embed_css();
    assert!(css.contains(tag) && css.contains(&format!("[{marker}]")), "embed.css reserves both forms");
}

// ---- JS API ----------------------------------------------------------------

/// The plain keys of the first object literal after `after` in `text`:
/// `{ a: …, b, [SYMBOL]: … }` → a, b (computed keys and spreads are not names).
fn object_keys(text: &str, after: &str) -> BTreeSet<String> {
    let start = text.find(after).unwrap_or_else(|| panic!("`{after}` not found"));
    let start = start + text[start..].find('{').expect("an object literal follows") + 1;
    let end = start + text[start..].find('}').expect("the object literal ends");
    text[start..end]
        .split(',')
        .map(|entry| entry.split_once(':').map_or(entry, |(key, _)| key).trim())
        .filter(|key| !key.is_empty() && !key.starts_with('[') && !key.starts_with("..."))
        .map(|key| key.trim_matches(['\'', '"']).to_owned())
        .collect()
}

#[test]
fn js_api_members_are_the_loaders() {
    let contract = contract();
    let global = section(&contract, "/js_api/global").as_str().unwrap();
    let loader = read("www/embed.js");
    let found = object_keys(&loader, &format!("window.{global} = "));
    same(
        "js_api.members (window.ArticleWidget in www/embed.js)",
        &strings(section(&contract, "/js_api/members")),
        &found,
    );
    let readme = read("README.md");
    for member in &found {
        assert!(readme.contains(&format!("{global}.{member}")), "README.md does not show `{global}.{member}`");
    }
}

/// The JS names of `#[wasm_bindgen] impl WidgetHandle`'s public functions:
/// (methods, getters). The embed module builds only for wasm32, so its
/// source is read; the browser test checks the built handle.
fn handle_members() -> (BTreeSet<String>, BTreeSet<String>) {
    let source = read("src/embed/mod.rs");
    let start = source.find("#[wasm_bindgen]\nimpl WidgetHandle {").expect("src/embed/mod.rs exports WidgetHandle");
    let block = &source[start..];
    let block = &block[..block.find("\n}\n").expect("the impl block ends")];
    let (mut methods, mut getters) = (BTreeSet::new(), BTreeSet::new());
    let mut attributes = String::new();
    for line in block.lines().skip(2).map(str::trim) {
        if line.starts_with("#[") {
            attributes.push_str(line);
        } else if let Some(rest) = line.strip_prefix("pub fn ") {
            let name = rest.split(['(', '<']).next().unwrap().to_owned();
            assert!(!attributes.contains("js_name"), "WidgetHandle::{name} is renamed for JS: read its js_name here");
            if attributes.contains("getter") {
                getters.insert(name);
            } else {
                methods.insert(name);
            }
            attributes.clear();
        } else if !line.starts_with("///") {
            attributes.clear();
        }
    }
    (methods, getters)
}

#[test]
fn handle_methods_are_the_wasm_exports() {
    let contract = contract();
    let (methods, getters) = handle_members();
    same(
        "js_api.handle.methods (WidgetHandle in src/embed/mod.rs)",
        &strings(section(&contract, "/js_api/handle/methods")),
        &methods,
    );
    let not_promised = keys(section(&contract, "/js_api/handle/not_promised"));
    let unlisted: Vec<_> = getters.difference(&not_promised).collect();
    assert!(unlisted.is_empty(), "WidgetHandle getters neither promised nor listed as not_promised: {unlisted:?}");
    let readme = read("README.md");
    for method in &methods {
        assert!(readme.contains(&format!("handle.{method}(")), "README.md does not show `handle.{method}()`");
    }
}

// ---- events ----------------------------------------------------------------

/// One event of each kind. The match makes a new variant fail to compile
/// here until it has an example (and so a place in the contract).
fn every_event() -> Vec<WidgetEvent> {
    let events = vec![
        WidgetEvent::Ready { count: 3 },
        WidgetEvent::Open { id: "a".into(), url: None },
        WidgetEvent::error(&LoadError::NoFeedConfigured),
    ];
    for event in &events {
        match event {
            WidgetEvent::Ready { .. } | WidgetEvent::Open { .. } | WidgetEvent::Error { .. } => {}
        }
    }
    events
}

#[test]
fn events_and_their_details() {
    let contract = contract();
    let listed = section(&contract, "/events").as_object().expect("events is an object");
    let mut found = BTreeMap::new();
    for event in every_event() {
        // The detail as the embed serializes it (missing values as null).
        let detail = serde_json::to_value(&event).expect("a detail serializes");
        found.insert(event.name().to_owned(), keys(&detail));
    }
    same("events", &listed.keys().cloned().collect(), &set(found.keys()));
    for (name, fields) in &found {
        same(&format!("events.{name} detail fields"), &strings(&listed[name]), fields);
    }
    let readme = read("README.md");
    for name in found.keys() {
        assert!(readme.contains(&format!("`{name}`")), "README.md's events table has no `{name}`");
    }
}

/// One load error of each kind; a new variant fails to compile here.
fn every_load_error() -> Vec<LoadError> {
    let errors = vec![
        LoadError::NoFeedConfigured,
        LoadError::Network("refused".into()),
        LoadError::Http { status: 500 },
        LoadError::Timeout { seconds: 10 },
        LoadError::TooLarge { limit_bytes: 1 },
        LoadError::Feed(FeedError::NotAFeed(NotAFeed::MissingVersion)),
    ];
    for error in &errors {
        match error {
            LoadError::NoFeedConfigured
            | LoadError::Network(_)
            | LoadError::Http { .. }
            | LoadError::Timeout { .. }
            | LoadError::TooLarge { .. }
            | LoadError::Feed(_) => {}
        }
    }
    errors
}

#[test]
fn error_kinds() {
    let contract = contract();
    let mut found = set(every_load_error().iter().map(error_kind));
    // A one-article widget whose article is not there (no `LoadError`).
    let WidgetEvent::Error { kind, .. } = WidgetEvent::not_found() else { panic!("not_found is an error") };
    found.insert(kind.to_owned());
    same("error_kinds (articlewidget:error's kind)", &strings(section(&contract, "/error_kinds")), &found);
    let readme = read("README.md");
    for kind in &found {
        assert!(readme.contains(&format!("`{kind}`")), "README.md does not name the error kind `{kind}`");
    }
}

// ---- CSS -------------------------------------------------------------------

/// Every `--aw-*` custom property a stylesheet reads with `var()`.
fn custom_properties_read(css: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = css;
    while let Some(at) = rest.find("var(--aw-") {
        let name = &rest[at + 4..];
        let end = name.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(name.len());
        found.insert(name[..end].to_owned());
        rest = &name[end..];
    }
    found
}

#[test]
fn css_custom_properties() {
    let contract = contract();
    let internal = strings(section(&contract, "/css/internal_prefixes"));
    // The widget's sheet (in the shadow root) and the page's embed.css, with
    // the reserved-height rules both carry.
    let sheets = [read("www/widget.css"), read("www/embed.css"), reserve::shadow_css(), reserve::embed_css()];
    let found: BTreeSet<_> = sheets
        .iter()
        .flat_map(|css| custom_properties_read(css))
        .filter(|name| !internal.iter().any(|prefix| name.starts_with(prefix.as_str())))
        .collect();
    assert!(!found.is_empty(), "no custom property found: has the CSS moved?");
    same(
        "css.custom_properties (var(--aw-…) in www/widget.css, www/embed.css)",
        &strings(section(&contract, "/css/custom_properties")),
        &found,
    );
    let readme = read("README.md");
    for name in &found {
        assert!(readme.contains(&format!("`{name}`")), "README.md does not document `{name}`");
    }
}

fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The `part` names the widget's markup gives (`part="a b"` or
/// `part={"a"}` in `html!`, or a `"part"` attribute set from code).
fn parts_in_code() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_sources(&root().join("src"), &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let mut rest = source.as_str();
        while let Some(at) = rest.find("part=").or_else(|| rest.find("\"part\"")) {
            let before = rest[..at].chars().next_back();
            let after = &rest[at..];
            rest = &after[1..];
            if after.starts_with("part=") && before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-') {
                continue; // `data-part=`, `some_part=`: not the attribute
            }
            let value =
                after.strip_prefix("part=").map(|v| v.trim_start_matches('{')).and_then(|v| v.strip_prefix('"'));
            let value = value.and_then(|v| v.split_once('"')).map(|(v, _)| v);
            let value = value.unwrap_or_else(|| {
                panic!("{}: a `part` whose names this test cannot read; list them by hand", file.display())
            });
            found.extend(value.split_whitespace().map(str::to_owned));
        }
    }
    found
}

#[test]
fn css_parts() {
    let contract = contract();
    let found = parts_in_code();
    same("css.parts (part= in src/)", &strings(section(&contract, "/css/parts")), &found);
    let readme = read("README.md");
    for part in &found {
        assert!(readme.contains(&format!("| `{part}` |")), "README.md's table of parts has no `{part}`");
    }
}

// ---- the `_article` feed extension -------------------------------------------

/// A struct's field names as serde sees them, by where they were met.
type Shapes = RefCell<BTreeMap<String, Vec<&'static str>>>;

thread_local! {
    static SHAPES: Shapes = const { RefCell::new(BTreeMap::new()) };
}

/// A JSON document for `Feed::decode` that, each time the reader decodes a
/// wire type from it, also walks that type's shape and records every
/// struct's fields (serde hands them to `deserialize_struct`), by the path
/// of field names from the type's root.
#[derive(Clone, Debug)]
struct Recording(Value);

impl<'de> Deserialize<'de> for Recording {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Recording)
    }
}

impl RawJson for Recording {
    fn decode<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        let root = std::any::type_name::<T>().split('<').next().unwrap().rsplit("::").next().unwrap().to_owned();
        let _ = T::deserialize(Shape { path: root });
        self.0.decode()
    }
    fn number_text(number: f64) -> String {
        Value::number_text(number)
    }
}

#[derive(Debug)]
struct ShapeError;
impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("shape")
    }
}
impl std::error::Error for ShapeError {}
impl de::Error for ShapeError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        ShapeError
    }
}

/// A deserializer with no data: it offers each struct every field, each
/// list one element, and a string wherever anything would do.
struct Shape {
    path: String,
}

impl<'de> Deserializer<'de> for Shape {
    type Error = ShapeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_str("")
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_some(self)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_seq(OneElement(Some(self)))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        // A recursive wire type would be walked for ever: stop deep down.
        if self.path.matches('.').count() > 16 {
            return Err(ShapeError);
        }
        SHAPES.with(|shapes| shapes.borrow_mut().insert(self.path.clone(), fields.to_vec()));
        visitor.visit_map(Fields { path: self.path, fields: fields.iter() })
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_unit()
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit unit_struct
        tuple tuple_struct map enum identifier
    }
}

struct OneElement(Option<Shape>);

impl<'de> SeqAccess<'de> for OneElement {
    type Error = ShapeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, ShapeError> {
        self.0.take().map(|shape| seed.deserialize(shape)).transpose()
    }
}

struct Fields {
    path: String,
    fields: std::slice::Iter<'static, &'static str>,
}

impl<'de> MapAccess<'de> for Fields {
    type Error = ShapeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ShapeError> {
        let Some(field) = self.fields.as_slice().first() else { return Ok(None) };
        seed.deserialize(de::value::StrDeserializer::new(field)).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ShapeError> {
        let field = self.fields.next().expect("a value follows its key");
        seed.deserialize(Shape { path: format!("{}.{field}", self.path) })
    }
}

/// The fields under `<root>._article`, as dotted paths below it.
fn extension_fields(shapes: &BTreeMap<String, Vec<&'static str>>, root: &str, key: &str) -> BTreeSet<String> {
    let prefix = format!("{root}.{key}");
    let mut found = BTreeSet::new();
    for (path, fields) in shapes {
        if let Some(below) = path.strip_prefix(&prefix).filter(|below| below.is_empty() || below.starts_with('.')) {
            let below = below.trim_start_matches('.');
            for field in fields {
                found.insert(if below.is_empty() { (*field).to_owned() } else { format!("{below}.{field}") });
            }
        }
    }
    found
}

#[test]
fn feed_extension_fields() {
    let contract = contract();
    let key = section(&contract, "/feed_extension/key").as_str().unwrap();
    let document = Recording(serde_json::from_str(crate::SAMPLE_FEED).unwrap());
    let feed = Feed::decode(&document, &NativePlatform::new(Some("https://news.example/feed.json")));
    assert!(feed.is_ok_and(|feed| !feed.articles.is_empty()), "the sample feed reads");
    let shapes = SHAPES.with(|shapes| shapes.borrow().clone());
    let feed_level = extension_fields(&shapes, "WireFeed", key);
    let item_level = extension_fields(&shapes, "WireItem", key);
    assert!(!feed_level.is_empty() && !item_level.is_empty(), "the wire types were not met: {:?}", shapes.keys());
    same("feed_extension.feed (src/model/wire.rs)", &strings(section(&contract, "/feed_extension/feed")), &feed_level);
    same("feed_extension.item (src/model/wire.rs)", &strings(section(&contract, "/feed_extension/item")), &item_level);
}

// ---- the publishing CLI --------------------------------------------------------

fn cli(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_article-widget-publish")).args(args).output().expect("the CLI runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8 output");
    (output.status.code().expect("an exit status"), text(output.stdout), text(output.stderr))
}

/// The quoted literals in `text` that look like flags (`-h`, `--out`).
fn flag_literals(text: &str) -> BTreeSet<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|literal| {
            let name = literal.trim_start_matches('-');
            literal.starts_with('-') && !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn cli_commands_and_flags() {
    let contract = contract();
    let commands = strings(section(&contract, "/cli/commands"));
    let global = strings(section(&contract, "/cli/global_flags"));
    let build = strings(section(&contract, "/cli/build_flags"));
    let switches = strings(section(&contract, "/cli/build_switches"));

    // What is listed still works.
    let (status, usage, _) = cli(&["--help"]);
    assert_eq!(status, 0);
    for flag in &global {
        let (status, stdout, stderr) = cli(&[flag]);
        assert_eq!(status, 0, "`{flag}` is refused: {stderr}");
        assert!(
            stdout == usage || stdout.trim() == format!("article-widget-publish {}", env!("CARGO_PKG_VERSION")),
            "`{flag}` printed {stdout:?}"
        );
    }
    for command in &commands {
        let (_, stdout, stderr) = cli(&[command]);
        assert!(!stderr.contains("unknown command"), "`{command}` is refused: {stderr}");
        assert!(stdout.starts_with("usage:") || stderr.contains(command), "`{command}`: {stdout} {stderr}");
    }
    for flag in &build {
        let (status, _, stderr) = cli(&["build", flag]);
        assert_eq!(status, 1);
        assert!(
            stderr.starts_with(&format!("article-widget-publish: {flag} needs a value")),
            "`build {flag}`: {stderr}"
        );
    }
    for switch in &switches {
        let (status, _, stderr) = cli(&["build", switch]);
        assert_eq!(status, 1);
        assert!(stderr.contains("needs at least one"), "`build {switch}` is refused: {stderr}");
    }
    for value in strings(section(&contract, "/cli/routing_values")) {
        let (_, _, stderr) = cli(&["build", "--routing", &value]);
        assert!(stderr.contains("needs at least one"), "`--routing {value}` is refused: {stderr}");
        assert!(Routing::from_name(&value).is_some());
    }
    for routing in [Routing::Path, Routing::Hash] {
        match routing {
            Routing::Path | Routing::Hash => {} // a new variant: list its name in cli.routing_values
        }
    }
    let statuses =
        usage.lines().find(|line| line.starts_with("exit status:")).expect("the usage explains exit statuses");
    for status in section(&contract, "/cli/exit_status").as_array().unwrap() {
        assert!(
            format!("{statuses} ").contains(&format!(" {status} ")),
            "the usage does not explain exit status {status}"
        );
    }

    // And what exists is listed: the flags the usage names, and every flag
    // and command the parser matches on (its source: the CLI's match arms).
    let mut flags_in_usage = BTreeSet::new();
    for word in usage.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')' || c == ':') {
        if word.starts_with("--") && word.len() > 2 {
            flags_in_usage.insert(word.trim_end_matches('.').to_owned());
        }
    }
    let all_flags: BTreeSet<_> = global.union(&build).chain(&switches).cloned().collect();
    let unlisted: Vec<_> = flags_in_usage.difference(&all_flags).collect();
    assert!(unlisted.is_empty(), "`--help` names flags {CONTRACT_PATH} does not list: {unlisted:?}");
    let source = read("src/publish/cli.rs");
    let parser = &source[source.find("fn parse(").expect("cli.rs has fn parse")..];
    same("cli flags (the parser's match arms)", &all_flags, &flag_literals(parser));
    let dispatch = &parser[..parser.find("let mut options").expect("the command match ends before the options")];
    let found_commands: BTreeSet<_> = dispatch
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|literal| !literal.is_empty() && literal.chars().all(|c| c.is_ascii_lowercase()))
        .map(str::to_owned)
        .collect();
    same("cli.commands (the parser's first match)", &commands, &found_commands);
}

// ---- public files ------------------------------------------------------------

#[test]
fn public_files_have_their_sources() {
    let contract = contract();
    for file in section(&contract, "/files").as_array().expect("files is a list") {
        let path = file["path"].as_str().expect("each file has a path");
        if let Some(from) = file.get("from").and_then(Value::as_str) {
            assert!(root().join(from).is_file(), "{path}: its source {from} is gone");
        }
    }
}

/// The npm package's typed attributes (`npm/index.d.ts`,
/// `ArticleWidgetAttributes`, what JSX and Vue templates type-check against)
/// are exactly the options: a new option without its type, or a type for an
/// option that is gone, fails here rather than in a partner's build.
#[test]
fn the_packages_typed_attributes_are_the_options() {
    let types = read("npm/index.d.ts");
    let start =
        types.find("export interface ArticleWidgetAttributes {").expect("ArticleWidgetAttributes in npm/index.d.ts");
    let body = &types[start..start + types[start..].find("\n}").expect("the interface ends")];
    let typed: BTreeSet<String> = body
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("/**") && !line.starts_with('*') && !line.starts_with("export"))
        .filter_map(|line| line.split([':', '?']).next())
        .filter(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        .map(str::to_owned)
        .collect();
    same("npm/index.d.ts ArticleWidgetAttributes", &set(NAMES), &typed);
}
