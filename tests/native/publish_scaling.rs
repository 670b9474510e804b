//! The CLI's importers are linear in their input: Markdown, RSS, Atom and
//! JSON Feed, with many items, long ids, long URLs, deep nesting, one huge
//! word. Timed, so written not to flake on a few noisy cores: the CPU time of
//! the test's own thread (other processes do not count), the median of
//! interleaved runs at a size and at 4× that size, and 4× the input may cost
//! at most 6× the time (quadratic work would cost 16×). Never absolute times.

use std::path::Path;
use std::time::Duration;

use article_widget::platform::NativePlatform;
use article_widget::publish::{read_feed, read_markdown};

const RUNS: usize = 5;
const MAX_RATIO: f64 = 6.0;

/// CPU time of the calling thread.
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid timespec to write to.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "no thread CPU clock");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Runs `read` on `make(n)` and `make(4 * n)`, interleaved, and checks the
/// ratio of the medians. Sizes are chosen so that even the small run takes
/// tens of milliseconds and allocates as the large one does (below a few
/// hundred kilobytes, allocator and page-fault noise swamps the work).
fn linear(what: &str, n: usize, make: impl Fn(usize) -> Vec<u8>, read: impl Fn(&[u8])) {
    let small = make(n);
    let large = make(4 * n);
    read(&small);
    let (mut small_times, mut large_times) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let start = thread_cpu_time();
        read(&small);
        small_times.push(thread_cpu_time() - start);
        let start = thread_cpu_time();
        read(&large);
        large_times.push(thread_cpu_time() - start);
    }
    let (small_time, large_time) = (median(small_times), median(large_times));
    let ratio = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-6);
    eprintln!("{what}: {} → {} bytes, {small_time:?} → {large_time:?} ({ratio:.1}×)", small.len(), large.len());
    assert!(
        ratio <= MAX_RATIO,
        "{what}: 4× the input ({} → {} bytes) took {ratio:.1}× as long ({small_time:?} → {large_time:?})",
        small.len(),
        large.len()
    );
}

fn site() -> NativePlatform {
    NativePlatform::new(Some("https://news.example/"))
}

fn markdown(front: &str, body: &str) -> Vec<u8> {
    format!("---\ntitle: 标题\ndate: 2024-01-24T19:41:00+08:00\n{front}---\n{body}\n").into_bytes()
}

#[test]
fn markdown_reading_is_linear() {
    let platform = site();
    let read = |bytes: &[u8]| {
        let _ = read_markdown(Path::new("a.md"), std::str::from_utf8(bytes).unwrap(), &platform);
    };
    linear("markdown: many paragraphs", 1_000, |n| markdown("", &"五个中心,重要使命。\n\n".repeat(n)), read);
    linear("markdown: many tags", 2_000, |n| markdown(&format!("tags: [{}]\n", "标签, ".repeat(n)), ""), read);
    linear("markdown: a long id (refused)", 200_000, |n| markdown(&format!("id: {}\n", "a".repeat(n)), ""), read);
    linear(
        "markdown: long URLs",
        200_000,
        |n| {
            let url = format!("https://news.example/{}", "a".repeat(n));
            markdown(&format!("image: {url}\n"), &format!("[链接]({url}) ![图]({url})"))
        },
        read,
    );
    linear("markdown: one huge word", 200_000, |n| markdown("", &"字".repeat(n)), read);
}

fn rss(channel_extra: &str, items: &str) -> Vec<u8> {
    format!("<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:x=\"urn:x\"><channel><title>t</title>{channel_extra}\n{items}</channel></rss>").into_bytes()
}

fn rss_item(guid: &str, body: &str) -> String {
    format!(
        "<item><guid>{guid}</guid><link>https://news.example/a</link><pubDate>Wed, 24 Jan 2024 19:41:00 +0800</pubDate>\
         <description><![CDATA[{body}]]></description></item>\n"
    )
}

fn atom(items: &str) -> Vec<u8> {
    format!("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:x=\"urn:x\"><title>t</title>\n{items}</feed>").into_bytes()
}

fn atom_entry(id: &str, body: &str) -> String {
    format!(
        "<entry><id>{id}</id><title>t</title><link href=\"https://news.example/a\"/>\
         <updated>2024-01-24T19:41:00+08:00</updated><content type=\"html\"><![CDATA[{body}]]></content></entry>\n"
    )
}

#[test]
fn rss_and_atom_reading_is_linear() {
    let platform = site();
    let read = |bytes: &[u8]| {
        let _ = read_feed(Path::new("f.xml"), bytes, &platform);
    };
    for (kind, make_item) in [("rss", rss_item as fn(&str, &str) -> String), ("atom", atom_entry)] {
        let document = |items: String| if kind == "rss" { rss("", &items) } else { atom(&items) };
        linear(
            &format!("{kind}: many items"),
            300,
            |n| document((0..n).map(|i| make_item(&format!("g{i}"), "<p>正文</p>")).collect()),
            read,
        );
        linear(
            &format!("{kind}: many items after a large header (the line of each)"),
            150,
            |n| {
                let items: String = (0..n).map(|i| make_item(&format!("g{i}"), "x")).collect();
                if kind == "rss" {
                    rss(&format!("<description>{}</description>", "说明\n".repeat(n * 100)), &items)
                } else {
                    atom(&format!("<subtitle>{}</subtitle>\n{items}", "说明\n".repeat(n * 100)))
                }
            },
            read,
        );
        linear(
            &format!("{kind}: long ids that become slugs"),
            200_000,
            |n| document(make_item(&format!("https://news.example/{}", "a/".repeat(n)), "x")),
            read,
        );
        linear(
            &format!("{kind}: long URLs"),
            200_000,
            |n| {
                let url = format!("https://news.example/{}", "a".repeat(n));
                document(make_item("g", &format!("<a href=\"{url}\">链接</a><img src=\"{url}\">")))
            },
            read,
        );
        linear(&format!("{kind}: one huge word"), 200_000, |n| document(make_item("g", &"字".repeat(n))), read);
        linear(
            &format!("{kind}: deep extension elements in many items"),
            40,
            |n| {
                let nest = format!("{}x{}", "<x:e>".repeat(200), "</x:e>".repeat(200));
                let items: String = (0..n)
                    .map(|i| {
                        make_item(&format!("g{i}"), "x").replacen("<guid>", &format!("{nest}<guid>"), 1).replacen(
                            "<id>",
                            &format!("{nest}<id>"),
                            1,
                        )
                    })
                    .collect();
                document(items)
            },
            read,
        );
        linear(
            &format!("{kind}: nesting past the limit (refused)"),
            200_000,
            |n| document(make_item("g", "x").replacen("</", &format!("{}</", "<x:e>".repeat(n)), 1)),
            read,
        );
    }
}

#[test]
fn json_feed_reading_is_linear() {
    let platform = site();
    let read = |bytes: &[u8]| {
        let _ = read_feed(Path::new("f.json"), bytes, &platform);
    };
    let document = |items: Vec<serde_json::Value>| {
        serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": items})
            .to_string()
            .into_bytes()
    };
    let item = |id: String, html: String| serde_json::json!({"id": id, "title": "t", "content_html": html, "date_published": "2024-01-24T19:41:00+08:00"});
    linear(
        "json: many items",
        300,
        |n| document((0..n).map(|i| item(format!("g{i}"), "<p>正文</p>".into())).collect()),
        read,
    );
    linear(
        "json: long ids that become slugs",
        200_000,
        |n| document(vec![item(format!("https://news.example/{}", "a/".repeat(n)), "x".into())]),
        read,
    );
    linear(
        "json: long URLs",
        200_000,
        |n| {
            let url = format!("https://news.example/{}", "a".repeat(n));
            document(vec![item("g".into(), format!("<a href=\"{url}\">链接</a><img src=\"{url}\">"))])
        },
        read,
    );
    linear("json: one huge word", 200_000, |n| document(vec![item("g".into(), "字".repeat(n))]), read);
    linear(
        "json: deep JSON (refused)",
        200_000,
        |n| {
            format!(
                "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\",\"items\":[{}]}}",
                "[".repeat(n)
            )
            .into_bytes()
        },
        read,
    );
}

/// Deeply nested HTML in a body, in every importer: html5ever nests without
/// end, and its open-element stack walks are quadratic in depth, so past 512
/// levels the native platform parses the rest as a fragment of its own
/// (src/platform/native.rs). The sizes start past that depth.
#[test]
fn deep_html_in_every_importer_is_linear() {
    let platform = site();
    let read_md = |bytes: &[u8]| {
        let _ = read_markdown(Path::new("a.md"), std::str::from_utf8(bytes).unwrap(), &platform);
    };
    let read = |bytes: &[u8]| {
        let _ = read_feed(Path::new("f"), bytes, &platform);
    };
    let deep = |n: usize| format!("{}深处", "<div><b>".repeat(n));
    linear("markdown: deep quotes", 1000, |n| markdown("", &format!("{}引用", "> ".repeat(n))), read_md);
    linear(
        "markdown: deep lists",
        1000,
        |n| markdown("", &(0..n).map(|i| format!("{}- 项\n", "  ".repeat(i))).collect::<String>()),
        read_md,
    );
    linear("markdown: deep HTML", 1000, |n| markdown("", &deep(n)), read_md);
    linear("rss: deep HTML content", 1000, |n| rss("", &rss_item("g", &deep(n))), read);
    linear("atom: deep HTML content", 1000, |n| atom(&atom_entry("g", &deep(n))), read);
    linear(
        "json: deep HTML content",
        1000,
        |n| {
            let item = serde_json::json!({"id": "g", "title": "t", "content_html": deep(n), "date_published": "2024-01-24T19:41:00+08:00"});
            serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [item]})
                .to_string()
                .into_bytes()
        },
        read,
    );
}
