//! Native benchmarks of the two costs a feed has before anything renders:
//! reading a ~250 KB JSON Feed into the model, and converting its HTML
//! bodies to typed blocks. `cargo bench --bench parse`.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    divan::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod benches {
    use article_widget::model::{Feed, Platform};
    use article_widget::platform::NativePlatform;

    const SAMPLE: &str = include_str!("../tests/fixtures/sample-feed.json");

    /// The sample's articles, cycled with ids of their own until the feed is
    /// about `bytes` long; with `html`, each body as `content_html` with some
    /// inline markup, as real feeds send it.
    fn feed(bytes: usize, html: bool) -> String {
        let sample: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
        let items = sample["items"].as_array().unwrap();
        let mut out = Vec::new();
        let mut size = 0;
        for i in 0.. {
            let mut item = items[i % items.len()].clone();
            item["id"] = format!("bench-{i}").into();
            if html {
                let text = item["content_text"].as_str().unwrap_or_default().to_owned();
                let body: String = text
                    .lines()
                    .map(|p| format!("<p>{}<strong>要点</strong><a href=\"/articles/{i}\">链接</a></p>", p))
                    .collect();
                item.as_object_mut().unwrap().remove("content_text");
                item["content_html"] = body.into();
            }
            size += item.to_string().len();
            out.push(item);
            if size >= bytes {
                break;
            }
        }
        let mut document = sample.clone();
        document["items"] = out.into();
        document.to_string()
    }

    #[divan::bench]
    fn parse_250_kb_text_feed(bencher: divan::Bencher) {
        let json = feed(250 * 1024, false);
        let platform = NativePlatform::new(Some("https://news.example/feed.json"));
        bencher
            .counter(divan::counter::BytesCount::new(json.len()))
            .bench(|| Feed::parse(divan::black_box(&json), &platform).unwrap());
    }

    #[divan::bench]
    fn parse_250_kb_html_feed(bencher: divan::Bencher) {
        let json = feed(250 * 1024, true);
        let platform = NativePlatform::new(Some("https://news.example/feed.json"));
        bencher
            .counter(divan::counter::BytesCount::new(json.len()))
            .bench(|| Feed::parse(divan::black_box(&json), &platform).unwrap());
    }

    #[divan::bench]
    fn html_to_blocks_of_250_kb(bencher: divan::Bencher) {
        let json = feed(250 * 1024, true);
        let document: serde_json::Value = serde_json::from_str(&json).unwrap();
        let bodies: Vec<String> = document["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["content_html"].as_str().unwrap().to_owned())
            .collect();
        let bytes: usize = bodies.iter().map(String::len).sum();
        let platform = NativePlatform::new(Some("https://news.example/feed.json"));
        bencher.counter(divan::counter::BytesCount::new(bytes)).bench(|| {
            for body in &bodies {
                divan::black_box(platform.html_to_blocks(divan::black_box(body), None));
            }
        });
    }
}
