//! Every reader and converter on the feed path is linear in its input
//! (issue 11: one paragraph of 300,000 `<br>` froze the page for seconds).
//! Each hostile shape is measured at two sizes 4× apart, and the larger may
//! cost at most 6× the smaller: quadratic work costs 16×. Two measures, so
//! that a busy machine cannot make a test flake:
//! - bytes allocated, counted by this binary's allocator: deterministic;
//! - CPU time of the test's own thread (not wall time), the median of
//!   several interleaved runs, measured again with more runs before failing.
//!
//! The converter's walk is also counted exactly, on a tree built in memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use article_widget::model::{excerpt, paragraphs, percent_decode, percent_encode, to_blocks, Block, Feed, HtmlNode};
use article_widget::model::{guarded_html_to_blocks, Inline, Platform};
use article_widget::platform::{grapheme_cut, NativePlatform};

/// Counts the bytes this thread allocates, for a deterministic work measure.
struct Counting;

thread_local! {
    static ALLOCATED: Cell<u64> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    let _ = ALLOCATED.try_with(|allocated| allocated.set(allocated.get() + bytes as u64));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// CPU time of the calling thread, in nanoseconds.
fn thread_cpu_nanos() -> u64 {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid timespec to write to.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "no thread CPU clock");
    now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64
}

fn allocated_by(run: &dyn Fn()) -> u64 {
    let before = ALLOCATED.with(Cell::get);
    run();
    ALLOCATED.with(Cell::get) - before
}

fn median(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    values[values.len() / 2]
}

/// Medians of `runs` runs of each, interleaved so that a slow spell hits both.
fn cpu_medians(small: &dyn Fn(), large: &dyn Fn(), runs: usize) -> (u64, u64) {
    let (mut smalls, mut larges) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        for (run, times) in [(small, &mut smalls), (large, &mut larges)] {
            let start = thread_cpu_nanos();
            run();
            times.push(thread_cpu_nanos() - start);
        }
    }
    (median(smalls).max(1), median(larges))
}

/// How much more a 4× larger input may cost.
const MAX_RATIO: f64 = 6.0;

/// Asserts that `run` on `make(4 * n)` costs at most [`MAX_RATIO`] times
/// what it costs on `make(n)`, in bytes allocated and in CPU time.
fn assert_linear<T>(shape: &str, n: usize, make: impl Fn(usize) -> T, run: impl Fn(&T)) {
    let (small, large) = (make(n), make(4 * n));
    let (run_small, run_large) = (|| run(&small), || run(&large));
    // Once each first: lazy statics and the allocator's pools warm up.
    let (bytes_small, bytes_large) = (allocated_by(&run_small), allocated_by(&run_large));
    let bytes_ratio = bytes_large as f64 / bytes_small.max(1) as f64;
    assert!(
        bytes_ratio <= MAX_RATIO,
        "{shape}: 4× the input allocated {bytes_ratio:.1}× the bytes ({bytes_small} → {bytes_large})"
    );
    let mut ratio = 0.0;
    for runs in [3, 7] {
        let (cpu_small, cpu_large) = cpu_medians(&run_small, &run_large, runs);
        ratio = cpu_large as f64 / cpu_small as f64;
        eprintln!("{shape}: n = {n}: {:.1} ms → {:.1} ms ({ratio:.1}×)", ms(cpu_small), ms(cpu_large));
        if ratio <= MAX_RATIO {
            return;
        }
    }
    panic!("{shape}: 4× the input cost {ratio:.1}× the CPU time");
}

fn ms(nanos: u64) -> f64 {
    nanos as f64 / 1e6
}

fn platform() -> NativePlatform {
    NativePlatform::new(Some("https://news.example/feeds/main.json"))
}

fn convert(html: &str) -> Vec<Block> {
    platform().html_to_blocks(html, Some("https://news.example/2024/01/story.html")).unwrap()
}

/// A JSON Feed with `items`, each a JSON object's members.
fn feed_of(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.map(|members| format!("{{{members}}}")).collect();
    format!(r#"{{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{}]}}"#, items.join(","))
}

fn parse(json: &str) -> Feed {
    Feed::parse(json, &platform()).unwrap()
}

/// The issue's case: a paragraph of 300,000 `<br>` (1.2 MB) took seconds,
/// in the converter (the parser is timed below, on smaller sizes: html5ever
/// in a debug build takes a second for it).
#[test]
fn many_breaks() {
    let paragraph = |breaks: usize, text: Option<&'static str>| {
        let mut tree = Tree { nodes: Vec::new() };
        let root = tree.add(None, None, None);
        let p = tree.add(Some("p"), None, Some(root));
        for _ in 0..breaks {
            tree.add(Some("br"), None, Some(p));
        }
        if let Some(text) = text {
            tree.add(None, Some(text), Some(p));
            for _ in 0..breaks {
                tree.add(Some("br"), None, Some(p));
            }
        }
        tree
    };
    let convert_tree = |tree: &Tree| to_blocks(&tree.root(), &|url| Some(url.to_owned()));
    assert_linear("<p> of <br>", 75_000, |n| paragraph(n, None), |tree| assert!(convert_tree(tree).is_empty()));
    assert_linear(
        "<br> around text",
        75_000,
        |n| paragraph(n, Some("字")),
        |tree| {
            assert_eq!(convert_tree(tree), vec![Block::Paragraph(vec![Inline::Text("字".into())])]);
        },
    );
    assert_linear(
        "parsed <p> of <br>",
        5_000,
        |n| format!("<p>{}</p>", "<br>".repeat(n)),
        |html| {
            assert!(convert(html).is_empty());
        },
    );
    assert_linear(
        "parsed <br> around text",
        5_000,
        |n| format!("{0}文{0}<p>{0}字{0}</p>", "<br>".repeat(n)),
        |html| assert_eq!(convert(html).len(), 2),
    );
}

/// Deep nesting of inline and block elements the parser nests cheaply; the
/// converter walks 128 levels and hands over the rest flat.
#[test]
fn deep_nesting() {
    for (shape, open) in [("<em>", "<em>"), ("<span>", "<span>"), ("<q><small>", "<q>x<small>")] {
        assert_linear(
            shape,
            2_500,
            |n| format!("{}深处", open.repeat(n)),
            |html| {
                let blocks = convert(html);
                assert!(format!("{blocks:?}").contains("深处"));
            },
        );
    }
}

/// Shapes that html5ever nests at a cost growing with the depth (it walks its
/// stack of open elements for them): 10,000 nested `<div>` took 13 s. Where
/// the tree passes 512 levels, the rest is parsed as a fragment of its own.
#[test]
fn deep_nesting_the_parser_walks() {
    for (shape, open) in [("<div>", "<div>字"), ("<ul><li>", "<ul><li>字"), ("<a><b>", "<a href=/x>字<b>")] {
        assert_linear(
            shape,
            2_500,
            |n| open.repeat(n),
            |html| {
                let text = format!("{:?}", convert(html));
                assert_eq!(text.matches('字').count(), html.matches('字').count(), "{shape}: {text:.200}");
            },
        );
    }
    // Text below the depth the converter walks (128) survives, flattened,
    // and past the parser's limit.
    let text = |depth: usize| format!("{:?}", convert(&format!("{}深处", "<div>".repeat(depth))));
    assert!(text(400).contains("深处"));
    assert!(text(20_000).contains("深处"));
}

/// One word of a megabyte, as a paragraph, a title, an excerpt, a text body.
#[test]
fn one_huge_word() {
    assert_linear(
        "huge word",
        250_000,
        |n| "字".repeat(n),
        |word| {
            let blocks = convert(&format!("<p><em>{word}</em></p>"));
            assert_eq!(blocks.len(), 1);
            assert!(excerpt(word, 80, grapheme_cut).ends_with('…'));
            assert_eq!(paragraphs(word).len(), 1);
        },
    );
    assert_linear(
        "huge word in a feed",
        250_000,
        |n| feed_of(std::iter::once(format!(r#""id":"1","title":"{0}","content_text":"{0}""#, "字".repeat(n)))),
        |json| {
            let feed = parse(json);
            assert!(feed.articles[0].excerpt(grapheme_cut).is_some());
        },
    );
}

/// Many sibling elements, many paragraphs of text.
#[test]
fn many_tags() {
    assert_linear(
        "sibling <span>",
        5_000,
        |n| "<span>x</span> ".repeat(n),
        |html| {
            assert_eq!(convert(html).len(), 1);
        },
    );
    assert_linear("unclosed <p>", 5_000, |n| "<p>段".repeat(n), |html| assert_eq!(convert(html).len(), html.len() / 6));
    assert_linear(
        "<li>",
        5_000,
        |n| format!("<ul>{}</ul>", "<li>项</li>".repeat(n)),
        |html| {
            assert!(matches!(&convert(html)[..], [Block::List { items, .. }] if items.len() * 12 == html.len() - 9));
        },
    );
    assert_linear(
        "lines of text",
        50_000,
        |n| "一行\n".repeat(n),
        |text| assert_eq!(paragraphs(text).len(), text.len() / 7),
    );
}

#[test]
fn many_items_and_tags() {
    assert_linear(
        "items",
        1_000,
        |n| feed_of((0..n).map(|i| format!(r#""id":"{i}","title":"标题{i}","content_html":"<p>正文{i}</p>""#))),
        |json| {
            let feed = parse(json);
            assert_eq!(
                feed.articles.len() * 2,
                feed.articles.len() + feed.articles.iter().filter(|a| a.title.is_some()).count()
            );
        },
    );
    assert_linear(
        "duplicate ids",
        5_000,
        |n| feed_of((0..n).map(|_| r#""id":"same""#.to_owned())),
        |json| assert_eq!(parse(json).articles.len(), 1),
    );
    assert_linear(
        "tags of an item",
        20_000,
        |n| {
            let tags: Vec<String> = (0..n).map(|i| format!("\"标签{i}\"")).collect();
            feed_of(std::iter::once(format!(r#""id":"1","tags":[{}]"#, tags.join(","))))
        },
        |json| assert!(parse(json).articles[0].tags.len() >= 20_000),
    );
}

/// Ids and URLs of a megabyte: checked, resolved, encoded, decoded.
#[test]
fn long_ids_and_urls() {
    assert_linear(
        "long id",
        100_000,
        |n| {
            let id = "编号/".repeat(n);
            let json = feed_of(std::iter::once(format!(r#""id":"{id}""#)));
            (id, json)
        },
        |(id, json)| {
            let feed = parse(json).with_item_url_template("https://news.example/items/{id}.json");
            let url = feed.item_url(id).unwrap();
            let encoded = &url["https://news.example/items/".len()..url.len() - ".json".len()];
            assert_eq!(percent_decode(encoded).as_deref(), Some(id.as_str()));
            assert_eq!(percent_encode(id), encoded);
            assert!(feed.article(id).is_some());
        },
    );
    assert_linear(
        "long URLs",
        25_000,
        |n| {
            let path = "路径/".repeat(n);
            feed_of(std::iter::once(format!(
                r#""id":"1","url":"/{path}","image":"https://news.example/{path}","content_html":"<a href='/{path}'>链接</a><img src='{path}'>""#
            )))
        },
        |json| {
            let feed = parse(json);
            let article = &feed.articles[0];
            assert!(article.url.as_ref().is_some_and(|url| url.len() > 100_000));
            assert!(matches!(&article.body, article_widget::model::Body::Blocks(blocks) if blocks.len() == 2));
        },
    );
    assert_linear(
        "a template full of {id}",
        100_000,
        |n| format!("https://news.example/{}", "{id}".repeat(n)),
        |template| {
            let feed = parse(&feed_of(std::iter::empty())).with_item_url_template(template);
            assert!(feed.item_url("x").is_some_and(|url| url.len() < template.len()));
        },
    );
}

/// A tree built in memory, so that the converter's own work is counted
/// exactly, without a parser: how many nodes it is handed.
struct Tree {
    nodes: Vec<TreeNode>,
}

struct TreeNode {
    name: Option<&'static str>,
    text: Option<&'static str>,
    children: Vec<usize>,
}

impl Tree {
    fn add(&mut self, name: Option<&'static str>, text: Option<&'static str>, parent: Option<usize>) -> usize {
        self.nodes.push(TreeNode { name, text, children: Vec::new() });
        let id = self.nodes.len() - 1;
        if let Some(parent) = parent {
            self.nodes[parent].children.push(id);
        }
        id
    }

    fn root(&self) -> TreeRef<'_> {
        TreeRef { tree: self, id: 0 }
    }
}

thread_local! {
    /// Nodes handed to the converter, by `children()`, and questions asked.
    static VISITS: Cell<u64> = const { Cell::new(0) };
}

fn visit(count: usize) {
    VISITS.with(|visits| visits.set(visits.get() + count as u64));
}

struct TreeRef<'a> {
    tree: &'a Tree,
    id: usize,
}

impl HtmlNode for TreeRef<'_> {
    fn element_name(&self) -> Option<String> {
        visit(1);
        self.tree.nodes[self.id].name.map(str::to_owned)
    }

    fn text(&self) -> Option<String> {
        visit(1);
        self.tree.nodes[self.id].text.map(str::to_owned)
    }

    fn attribute(&self, _name: &str) -> Option<String> {
        visit(1);
        Some("https://news.example/a".to_owned())
    }

    fn children(&self) -> Vec<Self> {
        let children = &self.tree.nodes[self.id].children;
        visit(children.len());
        children.iter().map(|&id| TreeRef { tree: self.tree, id }).collect()
    }
}

/// Node visits per node of the tree, for a converter walking `tree`.
fn visits_per_node(tree: &Tree) -> f64 {
    VISITS.with(|visits| visits.set(0));
    let blocks = to_blocks(&tree.root(), &|url| Some(url.to_owned()));
    assert!(!blocks.is_empty());
    VISITS.with(Cell::get) as f64 / tree.nodes.len() as f64
}

/// `depth` levels of `names` (cycling), with text at every level.
fn nested(names: &[&'static str], depth: usize) -> Tree {
    let mut tree = Tree { nodes: Vec::new() };
    let mut parent = tree.add(None, None, None);
    for level in 0..depth {
        tree.add(None, Some("字"), Some(parent));
        parent = tree.add(Some(names[level % names.len()]), None, Some(parent));
    }
    tree.add(None, Some("底"), Some(parent));
    tree
}

/// Whatever the nesting, each node is looked at a bounded number of times:
/// no subtree is walked again per level (the counts are exact, so the bound
/// is tight and the test deterministic).
#[test]
fn the_walk_is_linear_in_any_nesting() {
    let shapes: [&[&'static str]; 6] = [
        &["div"],
        &["em", "strong"],
        &["blockquote"],
        &["figure", "figcaption"],
        &["ul", "li", "p", "a", "code"],
        &["pre", "span"],
    ];
    for names in shapes {
        let (small, large) = (visits_per_node(&nested(names, 10_000)), visits_per_node(&nested(names, 40_000)));
        assert!(small < 12.0 && large <= small * 1.01, "{names:?}: {small:.2} → {large:.2} visits a node");
        // The deepest text survives, flattened.
        let blocks = to_blocks(&nested(names, 1_000).root(), &|url| Some(url.to_owned()));
        assert!(format!("{blocks:?}").contains('底'), "{names:?}: {blocks:?}");
    }
    let mut wide = Tree { nodes: Vec::new() };
    let p = wide.add(Some("p"), None, None);
    let root = wide.add(None, None, None);
    wide.nodes[root].children.push(p);
    for _ in 0..300_000 {
        wide.add(Some("br"), None, Some(p));
    }
    wide.add(None, Some("字"), Some(p));
    let blocks = to_blocks(&TreeRef { tree: &wide, id: root }, &|url| Some(url.to_owned()));
    assert_eq!(blocks, vec![Block::Paragraph(vec![Inline::Text("字".into())])]);
}

/// Through the guard every caller uses (`model::guarded_html_to_blocks`).
fn convert_guarded(html: &str) -> Vec<Block> {
    guarded_html_to_blocks(&platform(), html, Some("https://news.example/2024/01/story.html")).unwrap().into_blocks()
}

/// html5ever checks each attribute of a tag against the ones before it:
/// 20,000 attributes on one tag took 19.6 s. The scan turns such a body into
/// text before html5ever sees it.
#[test]
fn many_attributes_on_one_tag() {
    assert_linear(
        "attributes",
        20_000,
        |n| format!("<p{}>属性</p>", (0..n).map(|i| format!(" a{i}=\"{i}\"")).collect::<String>()),
        |html| assert!(format!("{:?}", convert_guarded(html)).contains("属性")),
    );
}

/// Shapes on which Blink's parser is quadratic, guarded here as in the
/// browser: the text is kept, the work linear.
#[test]
fn nested_tables_and_fonts_through_the_guard() {
    for (shape, unit) in [("<table><tr><td>", "<table><tr><td>t{i} "), ("<font a=i>", "<font a=\"{i}\">f{i} ")] {
        assert_linear(
            shape,
            20_000,
            |n| (0..n).map(|i| unit.replace("{i}", &i.to_string())).collect::<String>() + "深处",
            |html| {
                let blocks = convert_guarded(html);
                let text = article_widget::model::plain_text(&blocks, "\n");
                assert!(text.contains("深处") && text.contains("1999"), "{shape}");
            },
        );
    }
}
