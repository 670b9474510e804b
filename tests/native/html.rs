//! Feed HTML → typed blocks, natively (html5ever through `scraper`): what
//! survives, what is unwrapped to text, what is dropped.

use article_widget::model::{Block, Block::*, Body, Feed, Image, Inline, Inline::*, Platform};
use article_widget::platform::{grapheme_cut, NativePlatform};

fn blocks(html: &str) -> Vec<Block> {
    NativePlatform::new(Some("https://news.example/feeds/main.json"))
        .html_to_blocks(html, Some("https://news.example/2024/01/story.html"))
        .unwrap()
}

fn check(html: &str, expected: Vec<Block>) {
    assert_eq!(blocks(html), expected, "for {html}");
}

fn text(s: &str) -> Inline {
    Text(s.to_owned())
}

#[test]
fn paragraphs_headings_lists_quotes() {
    check("<p>第一段</p><p>  第二段 </p>", vec![Paragraph(vec![text("第一段")]), Paragraph(vec![text("第二段")])]);
    check(
        "<h1>大标题</h1><h3>小标题</h3>",
        vec![Heading { level: 2, content: vec![text("大标题")] }, Heading { level: 3, content: vec![text("小标题")] }],
    );
    check(
        "<ul><li>一</li><li>二</li></ul><ol><li>甲</li></ol>",
        vec![
            List { ordered: false, items: vec![vec![text("一")], vec![text("二")]] },
            List { ordered: true, items: vec![vec![text("甲")]] },
        ],
    );
    check("<blockquote><p>引文</p></blockquote>", vec![Quote(vec![Paragraph(vec![text("引文")])])]);
    check(
        "前言<div>块</div>后记",
        vec![Paragraph(vec![text("前言")]), Paragraph(vec![text("块")]), Paragraph(vec![text("后记")])],
    );
    check("<pre>  code\n  more</pre><hr>", vec![Preformatted("  code\n  more".into()), Rule]);
}

#[test]
fn inline_emphasis_links_and_breaks() {
    check(
        r#"<p>一<em>强调</em>二<strong>加粗</strong><code>x&lt;y</code><br>三 <a href="/more">更多</a></p>"#,
        vec![Paragraph(vec![
            text("一"),
            Emphasis(vec![text("强调")]),
            text("二"),
            Strong(vec![text("加粗")]),
            Code("x<y".into()),
            Break,
            text("三 "),
            Link { href: "https://news.example/more".into(), content: vec![text("更多")] },
        ])],
    );
    check(
        r#"<p><a href="mailto:desk@news.example">来信</a></p>"#,
        vec![Paragraph(vec![Link { href: "mailto:desk@news.example".into(), content: vec![text("来信")] }])],
    );
    // A character straddling the seventh byte of "mailto…" once panicked.
    check(
        r#"<p><a href="mailtoé@x">信</a></p>"#,
        vec![Paragraph(vec![Link {
            href: "https://news.example/2024/01/mailto%C3%A9@x".into(),
            content: vec![text("信")],
        }])],
    );
    check(
        r#"<p><a href="detail.html">相对</a></p>"#,
        vec![Paragraph(vec![Link {
            href: "https://news.example/2024/01/detail.html".into(),
            content: vec![text("相对")],
        }])],
    );
}

#[test]
fn images_and_figures() {
    check(
        r#"<figure><img src="/img/a.jpg" alt=" 外滩 "><figcaption>夜色中的外滩</figcaption></figure>"#,
        vec![Figure {
            image: Image { src: "https://news.example/img/a.jpg".into(), alt: "外滩".into() },
            caption: vec![text("夜色中的外滩")],
        }],
    );
    // An image inside a paragraph (as WordPress writes them) splits it, or,
    // deeper inside (a linked image), follows it.
    let b = || Figure {
        image: Image { src: "https://news.example/2024/01/b.png".into(), alt: "图".into() },
        caption: vec![],
    };
    check(
        r#"<p>前<img src="b.png" alt="图">后</p>"#,
        vec![Paragraph(vec![text("前")]), b(), Paragraph(vec![text("后")])],
    );
    check(r#"<p><img src="b.png" alt="图"></p>"#, vec![b()]);
    check(
        r#"<p>前<a href="b.png"><img src="b.png" alt="图"></a>后</p><h2>题<img src="b.png" alt="图"></h2>"#,
        vec![Paragraph(vec![text("前后")]), b(), Heading { level: 2, content: vec![text("题")] }, b()],
    );
    check(
        r#"<img src="b.png">"#,
        vec![Figure {
            image: Image { src: "https://news.example/2024/01/b.png".into(), alt: String::new() },
            caption: vec![],
        }],
    );
}

#[test]
fn dangerous_things_are_dropped_and_unknown_things_unwrapped() {
    check(
        r#"<script>alert(1)</script><style>p{}</style><iframe src="https://x.example"></iframe><p>留下</p>"#,
        vec![Paragraph(vec![text("留下")])],
    );
    check(
        r#"<p onclick="alert(1)"><span style="color:red">红</span><font>字</font></p>"#,
        vec![Paragraph(vec![text("红字")])],
    );
    check(r#"<p><a href="javascript:alert(1)">点我</a></p>"#, vec![Paragraph(vec![text("点我")])]);
    check(r#"<p><a href=" java&#x09;script:alert(1)">点我</a></p>"#, vec![Paragraph(vec![text("点我")])]);
    check(r#"<img src="javascript:alert(1)"><img src="data:image/png;base64,AAAA">"#, vec![]);
    check(
        r#"<form action="https://x.example"><input value="x"><p>表单外</p></form><p>后</p>"#,
        vec![Paragraph(vec![text("后")])],
    );
    check(r#"<svg><script>alert(1)</script><text>svg 文本</text></svg><math><mi>x</mi></math>"#, vec![]);
}

#[test]
fn html_content_becomes_blocks_when_parsed_on_a_platform() {
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[
        {"id":"h","url":"https://news.example/h.html","content_html":"<p>正文<a href=\"x.html\">链接</a></p>","content_text":"纯文本"}]}"#;
    let feed = Feed::parse(json, &NativePlatform::new(Some("https://news.example/feed.json"))).unwrap();
    assert_eq!(
        feed.articles[0].body,
        Body::Blocks(vec![Paragraph(vec![
            text("正文"),
            Link { href: "https://news.example/x.html".into(), content: vec![text("链接")] }
        ])])
    );
    assert_eq!(feed.articles[0].excerpt(grapheme_cut).as_deref(), Some("正文链接"));
    // Without an HTML parser, the plain-text alternative is used.
    assert_eq!(Feed::from_json(json).unwrap().articles[0].body, Body::Paragraphs(vec!["纯文本".into()]));
}
