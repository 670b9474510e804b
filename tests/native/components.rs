//! Components rendered to HTML strings natively (Yew SSR). Effects do not run
//! here, so these check markup, not behaviour; the browser tests do the rest.

use std::rc::Rc;

use article_widget::components::*;
use article_widget::load::LoadError;
use article_widget::model::{Feed, FeedError, NotAFeed};
use yew::prelude::*;
use yew::LocalServerRenderer;

use crate::SAMPLE_FEED;

async fn render<C>(props: C::Properties) -> String
where
    C: BaseComponent,
{
    LocalServerRenderer::<C>::with_props(props).hydratable(false).render().await
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    html: Html,
}

/// Shows what a view function made.
#[component]
fn View(props: &ViewProps) -> Html {
    props.html.clone()
}

/// Renders the output of a view function, as its parent component would.
async fn render_view(html: Html) -> String {
    render::<View>(ViewProps { html }).await
}

fn sample() -> Rc<Feed> {
    Rc::new(Feed::from_json(SAMPLE_FEED).unwrap())
}

fn list_props(feed: Rc<Feed>) -> ArticleListProps {
    yew::props!(ArticleListProps {
        feed,
        href_for: Callback::from(|id: String| AttrValue::from(format!("/articles/{id}"))),
        on_open: Callback::noop(),
    })
}

#[tokio::test]
async fn list_shows_heading_and_every_card() {
    let feed = sample();
    let html = render::<ArticleList>(list_props(feed.clone())).await;
    assert!(
        html.contains(r#"<h2 id="aw-list-heading" part="heading" class="aw-list__heading">最新信息</h2>"#),
        "{html}"
    );
    assert_eq!(html.matches(r#"<li part="card" class="aw-card">"#).count(), feed.articles.len());
    assert!(html.contains(
        r#"href="/articles/shanghai-five-centres-2024-01-24" class="aw-card__link">聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流</a>"#
    ));
    assert!(html.contains(r#"<time datetime="2024-01-24T19:41:00+08:00">2024-01-24 19:41</time>"#));
    assert!(html.contains(r#"<span class="aw-card__source">上观新闻</span>"#));
    assert!(!html.contains("aw-list__skipped"));
}

#[tokio::test]
async fn card_shows_a_thumbnail_only_when_there_is_an_image() {
    let feed = sample();
    let with = feed.articles.iter().find(|a| a.image.is_some()).unwrap().clone();
    let without = feed.articles.iter().find(|a| a.image.is_none()).unwrap().clone();
    let card = |article| yew::props!(ArticleCardProps { article, href: "/x", on_open: Callback::noop() });
    let html = render::<ArticleCard>(card(with.clone())).await;
    let image = with.image.as_deref().unwrap();
    assert!(
        html.contains(&format!(r#"<img part="thumbnail" src="{image}" alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" class="aw-card__thumb">"#)),
        "{html}"
    );
    let html = render::<ArticleCard>(card(without)).await;
    assert!(!html.contains("<img"), "{html}");
}

#[tokio::test]
async fn list_counts_skipped_items_and_shows_empty_state() {
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[{"title":"无 id"},{"id":null}]}"#;
    let html = render::<ArticleList>(list_props(Rc::new(Feed::from_json(json).unwrap()))).await;
    assert!(html.contains("暂时还没有文章。"), "{html}");
    assert!(html.contains("另有 2 条内容因格式有误未显示。"), "{html}");
}

#[tokio::test]
async fn article_view_shows_the_seed_article() {
    let feed = sample();
    let html = render::<ArticleView>(yew::props!(ArticleViewProps {
        article: feed.articles[0].clone(),
        back_href: "/",
        on_back: Callback::noop(),
    }))
    .await;
    assert!(html.contains(
        r#"<h1 part="article-title" tabindex="-1" lang="zh-CN" dir="auto" class="aw-article__title">聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流</h1>"#
    ), "{html}");
    assert!(html.contains(r#"<time datetime="2024-01-24T19:41:00+08:00">2024-01-24 19:41</time>"#));
    assert!(html.contains(r#"<div part="body" lang="zh-CN" class="aw-article__body"><p dir="auto">市委书记陈吉宁今天下午在参加市政协十四届二次会议"#), "{html}");
    assert_eq!(html.matches(r#"<p dir="auto">陈吉宁指出"#).count(), 4);
    assert!(html.contains(r#"<p part="source" class="aw-article__source">文章来源:<bdi>上观新闻</bdi></p>"#), "{html}");
    assert!(html.contains(
        r#"<p part="disclaimer" lang="zh-CN" class="aw-article__disclaimer">免责申明: 本站部分内容转载自国内知名媒体,如有侵权请联系客服删除。</p>"#
    ));
    assert!(html.contains(r#"<a part="back" href="/" class="aw-back">← 返回列表</a>"#), "{html}");
}

#[tokio::test]
async fn article_view_links_the_source_when_it_has_a_url() {
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[
        {"id":"a","title":"T","_article":{"source":{"name":"上观新闻","url":"https://www.jfdaily.example/"}}}]}"#;
    let feed = Feed::from_json(json).unwrap();
    let html = render::<ArticleView>(yew::props!(ArticleViewProps {
        article: feed.articles[0].clone(),
        back_href: "/",
        on_back: Callback::noop(),
    }))
    .await;
    assert!(
        html.contains(
            r#"文章来源:<a href="https://www.jfdaily.example/" rel="noopener noreferrer"><bdi>上观新闻</bdi></a>"#
        ),
        "{html}"
    );
}

#[tokio::test]
async fn feed_content_is_text_never_markup() {
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[
        {"id":"x","title":"<img src=x onerror=alert(1)>","content_text":"<script>alert(1)</script>",
         "content_html":"<script>alert(2)</script>","url":"javascript:alert(3)"}]}"#;
    let feed = Feed::from_json(json).unwrap();
    let html = render::<ArticleView>(yew::props!(ArticleViewProps {
        article: feed.articles[0].clone(),
        back_href: "/",
        on_back: Callback::noop(),
    }))
    .await;
    assert!(!html.contains("<script>") && !html.contains("<img src=x"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
}

#[tokio::test]
async fn html_only_articles_show_the_summary_and_a_link() {
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[
        {"id":"h","title":"T","summary":"一句话摘要","content_html":"<p>正文</p>","url":"https://news.example/h"}]}"#;
    let feed = Feed::from_json(json).unwrap();
    let html = render::<ArticleView>(yew::props!(ArticleViewProps {
        article: feed.articles[0].clone(),
        back_href: "/",
        on_back: Callback::noop(),
    }))
    .await;
    assert!(html.contains("<p>一句话摘要</p>"), "{html}");
    assert!(
        html.contains(
            r#"href="https://news.example/h" rel="noopener noreferrer" class="aw-article__original">阅读原文</a>"#
        ),
        "{html}"
    );
    assert!(!html.contains("正文"), "{html}");
}

#[tokio::test]
async fn error_view_says_what_went_wrong_and_offers_a_way_out() {
    let cases = [
        (LoadError::Http { status: 500 }, "服务器暂时出了问题(HTTP 500),请稍后重试。"),
        (LoadError::Http { status: 404 }, "信息源不存在(HTTP 404)。"),
        (LoadError::Network("TypeError: Failed to fetch".into()), "网络连接失败,请检查网络后重试。"),
        (LoadError::Feed(FeedError::NotJson("EOF".into())), "信息源的内容不是有效的 JSON。"),
        (LoadError::Feed(FeedError::NotAFeed(NotAFeed::MissingVersion)), "信息源的内容不是 JSON Feed 格式。"),
        (LoadError::NoFeedConfigured, "页面没有指定信息源。"),
    ];
    for (error, message) in cases {
        let site = AttrValue::from("https://news.example/");
        let html = render_view(error_view(&Ui::default(), &error, &Callback::noop(), Some(&site))).await;
        assert!(html.contains(r#"<section part="error" role="alert" aria-live="polite" class="aw-error">"#), "{html}");
        assert!(html.contains(message), "{error:?}: {html}");
        assert!(html.contains(r#"<button type="button" class="aw-button">重试</button>"#), "{html}");
        assert!(html.contains(r#"<a href="https://news.example/" class="aw-error__site">前往网站</a>"#), "{html}");
    }
}

#[tokio::test]
async fn skeleton_and_not_found() {
    let html = render_view(list_skeleton(&Ui::default(), 4)).await;
    assert!(html.contains(r#"aria-busy="true""#));
    assert_eq!(html.matches("aw-skeleton__card").count(), 4);
    let html = render_view(not_found(&Ui::default(), false, &AttrValue::Static("/"), &Callback::noop())).await;
    assert!(html.contains("<h1>页面不存在</h1>"), "{html}");
}

#[derive(Properties, PartialEq)]
struct InLanguageProps {
    lang: article_widget::ui_text::Lang,
    feed: Rc<Feed>,
    #[prop_or_default]
    mode: NavMode,
    #[prop_or_default]
    limit: Option<usize>,
}

/// An `ArticleList` under a language context, as the embed renders it.
#[component]
fn ListInLanguage(props: &InLanguageProps) -> Html {
    html! {
        <ContextProvider<Ui> context={Ui { lang: props.lang, clock: Clock::default() }}>
            <ArticleList
                feed={props.feed.clone()}
                href_for={Callback::from(|id: String| AttrValue::from(format!("https://news.example/{id}")))}
                on_open={Callback::noop()}
                mode={props.mode}
                limit={props.limit}
            />
        </ContextProvider<Ui>>
    }
}

#[tokio::test]
async fn list_speaks_english_and_honours_limit_and_new_tabs() {
    let html = render::<ListInLanguage>(InLanguageProps {
        lang: article_widget::ui_text::Lang::En,
        feed: sample(),
        mode: NavMode::NewTab,
        limit: Some(3),
    })
    .await;
    assert!(html.contains(">Latest</h2>"), "{html}");
    assert!(html.contains(r#"<section aria-labelledby="aw-list-heading" class="aw-list">"#), "{html}");
    assert_eq!(html.matches(r#"<li part="card" class="aw-card">"#).count(), 3);
    assert_eq!(html.matches(r#"target="_blank" rel="noopener noreferrer""#).count(), 3, "{html}");
}

#[tokio::test]
async fn times_read_relatively_under_a_day_and_as_the_publisher_wrote_them_after() {
    use article_widget::ui_text::Lang;
    let at = article_widget::model::Timestamp::parse("2024-01-24T19:41:00+08:00").unwrap();
    let three_hours_later = Some(1_706_096_460 + 3 * 3600 + 59);
    let cases = [
        (
            Lang::ZhCn,
            three_hours_later,
            "<time datetime=\"2024-01-24T19:41:00+08:00\" title=\"2024-01-24 19:41\">3小时前</time>",
        ),
        (
            Lang::En,
            three_hours_later,
            "<time datetime=\"2024-01-24T19:41:00+08:00\" title=\"2024-01-24 19:41\">3 hours ago</time>",
        ),
        (
            Lang::ZhCn,
            Some(1_706_096_460 + 86_400),
            "<time datetime=\"2024-01-24T19:41:00+08:00\">2024-01-24 19:41</time>",
        ),
        (Lang::ZhCn, None, "<time datetime=\"2024-01-24T19:41:00+08:00\">2024-01-24 19:41</time>"),
    ];
    for (lang, now, expected) in cases {
        let html = render_view(time(&at, &Ui { lang, clock: Clock { now, local: None } })).await;
        assert_eq!(html, expected);
    }
    // With a reader's-clock formatter, absolute times come from it.
    fn new_york(unix: i64) -> String {
        format!("NY {}", unix)
    }
    let html =
        render_view(time(&at, &Ui { lang: Lang::ZhCn, clock: Clock { now: None, local: Some(new_york) } })).await;
    assert_eq!(html, "<time datetime=\"2024-01-24T19:41:00+08:00\">NY 1706096460</time>");
}

#[test]
fn clocks_are_equal_when_they_show_the_same() {
    fn reader(unix: i64) -> String {
        format!("R {unix}")
    }
    fn other_reader(unix: i64) -> String {
        format!("O {unix}")
    }
    let clock = |now, local| Clock { now, local };
    assert_eq!(clock(Some(1), Some(reader as fn(i64) -> String)), clock(Some(1), Some(other_reader)));
    assert_eq!(clock(None, None), Clock::default());
    assert_ne!(clock(Some(1), Some(reader as fn(i64) -> String)), clock(Some(1), None));
    assert_ne!(clock(Some(1), None), clock(Some(2), None));
}

#[tokio::test]
async fn load_more_shows_when_there_is_more_and_says_when_it_is_busy() {
    let mut props = list_props(sample());
    props.more = MoreProps { available: true, ..MoreProps::default() };
    let html = render::<ArticleList>(props).await;
    assert!(
        html.contains(r#"<button type="button" part="load-more" class="aw-button aw-button--quiet">加载更多</button>"#),
        "{html}"
    );
    let mut props = list_props(sample());
    props.more = MoreProps {
        available: true,
        loading: true,
        error: Some(LoadError::Http { status: 503 }),
        on_load_more: Callback::noop(),
    };
    let html = render::<ArticleList>(props).await;
    assert!(html.contains("更多内容加载失败,请重试。"), "{html}");
    // Busy: disabled, and saying so to screen readers.
    assert!(
        html.contains(
            r#"<button type="button" part="load-more" aria-busy="true" disabled="disabled" class="aw-button aw-button--quiet">正在加载…</button>"#
        ),
        "{html}"
    );
    assert!(!render::<ArticleList>(list_props(sample())).await.contains("aw-list__more"));
}

#[tokio::test]
async fn a_long_list_renders_its_first_cards_and_tells_screen_readers_how_many_there_are() {
    let items: Vec<String> = (0..150)
        .map(|i| format!(r#"{{"id":"a{i}","title":"第 {i} 篇","date_published":"2024-01-24T19:41:00+08:00"}}"#))
        .collect();
    let json = format!(r#"{{"version":"https://jsonfeed.org/version/1.1","items":[{}]}}"#, items.join(","));
    let html = render::<ArticleList>(list_props(Rc::new(Feed::from_json(&json).unwrap()))).await;
    assert_eq!(html.matches("<li ").count(), 30, "{html}");
    assert!(html.contains(r#"aria-posinset="1" aria-setsize="150""#), "{html}");
    assert!(html.contains(r#"aria-posinset="30" aria-setsize="150""#), "{html}");
    // The padding for the rest is set in the browser through the CSSOM: a
    // `style` attribute would need 'unsafe-inline' in the site's CSP.
    assert!(!html.contains("style="), "{html}");
    // Up to the threshold every card is there, without positions.
    let short: Vec<String> = items.into_iter().take(WINDOW_THRESHOLD).collect();
    let json = format!(r#"{{"version":"https://jsonfeed.org/version/1.1","items":[{}]}}"#, short.join(","));
    let html = render::<ArticleList>(list_props(Rc::new(Feed::from_json(&json).unwrap()))).await;
    assert_eq!(html.matches(r#"<li part="card" class="aw-card">"#).count(), WINDOW_THRESHOLD);
    assert!(!html.contains("aria-setsize"));
}

/// One referrer policy for every image the widget loads: card thumbnails, the
/// lead image and images in the content alike send no `Referer`.
#[tokio::test]
async fn every_image_sends_no_referrer() {
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[
        {"id":"a","title":"T","image":"https://img.example/lead.png","summary":"S",
         "content_html":"<p>x<img src=\"https://img.example/inline.png\" alt=\"i\"></p><figure><img src=\"https://img.example/fig.png\"><figcaption>c</figcaption></figure>"}]}"#;
    let platform = article_widget::platform::NativePlatform::new(Some("https://news.example/feed.json"));
    let feed = Rc::new(Feed::parse(json, &platform).unwrap());
    let list = render::<ArticleList>(list_props(feed.clone())).await;
    let card = render::<ArticleCard>(yew::props!(ArticleCardProps {
        article: feed.articles[0].clone(),
        href: "/x",
        on_open: Callback::noop(),
    }))
    .await;
    let view = render::<ArticleView>(yew::props!(ArticleViewProps {
        article: feed.articles[0].clone(),
        back_href: "/",
        on_back: Callback::noop(),
    }))
    .await;
    let article_widget::model::Body::Blocks(content) = &feed.articles[0].body else {
        panic!("content_html was converted")
    };
    let blocks = render_view(render_blocks(content)).await;
    for (html, images) in [(&list, 1), (&card, 1), (&view, 3), (&blocks, 2)] {
        let tags: Vec<&str> = html.split("<img").skip(1).map(|rest| &rest[..rest.find('>').unwrap()]).collect();
        assert_eq!(tags.len(), images, "{html}");
        for tag in tags {
            assert!(tag.contains(r#" referrerpolicy="no-referrer""#), "<img{tag}> in {html}");
        }
    }
}

#[tokio::test]
async fn a_body_too_complex_to_parse_is_shown_as_text_with_a_notice() {
    let platform = article_widget::platform::NativePlatform::new(Some("https://news.example/feed.json"));
    let view = |html: String| {
        let json = serde_json::json!({
            "version": "https://jsonfeed.org/version/1.1",
            "items": [{"id": "x", "title": "T", "content_html": html}],
        })
        .to_string();
        let feed = Feed::parse(&json, &platform).unwrap();
        render::<ArticleView>(yew::props!(ArticleViewProps {
            article: feed.articles[0].clone(),
            back_href: "/",
            on_back: Callback::noop(),
        }))
    };
    let notice = r#"<p role="note" class="aw-article__notice">正文格式过于复杂，仅以纯文本显示。</p>"#;
    let deep = view("<div>".repeat(article_widget::model::MAX_TAGS + 1) + "深处的正文").await;
    assert!(deep.contains(notice), "{deep}");
    assert!(deep.contains(r#"<p dir="auto">深处的正文</p>"#), "{deep}");
    let normal = view("<div><p>普通的正文</p></div>".to_owned()).await;
    assert!(normal.contains("普通的正文") && !normal.contains("aw-article__notice"), "{normal}");
}

#[tokio::test]
async fn list_speaks_traditional_chinese_in_its_own_words() {
    let html = render::<ListInLanguage>(InLanguageProps {
        lang: article_widget::ui_text::Lang::ZhHant,
        feed: sample(),
        mode: NavMode::NewTab,
        limit: Some(3),
    })
    .await;
    assert!(html.contains(">最新消息</h2>"), "{html}");
    assert!(!html.contains("最新信息"), "{html}");
}

#[tokio::test]
async fn a_card_shows_its_tags_as_text_or_as_links_to_their_pages() {
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"T",
        "tags":["上海 地铁","<img src=x onerror=alert(1)>"]}]}"#;
    let feed = Feed::from_json(json).unwrap();
    let article = feed.articles[0].clone();
    let show = article_widget::options::CardParts { tags: true, ..Default::default() };
    let card = |tag_links| {
        yew::props!(ArticleCardProps {
            article: article.clone(),
            href: "/x",
            on_open: Callback::noop(),
            show,
            tag_links
        })
    };
    let html = render::<ArticleCard>(card(None)).await;
    assert!(html.contains(r#"<span part="tags" dir="auto" class="aw-card__tags">"#), "{html}");
    assert!(html.contains(r#"<a class="aw-card__tag">上海 地铁</a>"#), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "a tag is text: {html}");
    assert!(!html.contains("<img"), "{html}");
    let href =
        Callback::from(|tag: String| AttrValue::from(format!("/tags/{}", article_widget::model::percent_encode(&tag))));
    let html = render::<ArticleCard>(card(Some(TagLinks { href, on_go: Callback::noop() }))).await;
    assert!(
        html.contains(r#"<a href="/tags/%E4%B8%8A%E6%B5%B7%20%E5%9C%B0%E9%93%81" class="aw-card__tag">上海 地铁</a>"#),
        "{html}"
    );
    // Without `tags` in `show`, no tags.
    let html = render::<ArticleCard>(yew::props!(ArticleCardProps {
        article: article.clone(),
        href: "/x",
        on_open: Callback::noop()
    }))
    .await;
    assert!(!html.contains("aw-card__tags"), "{html}");
}

/// A feed may give an item thousands of tags (5,000 on each of 20 items:
/// 50,000 nodes in ten cards, 1.7 s more before `ready` in Chromium). The
/// meta line shows a few and clips the rest, so a card has the first ten.
#[tokio::test]
async fn a_card_shows_at_most_ten_tags() {
    let tags: Vec<String> = (0..1000).map(|i| format!("\"t{i}\"")).collect();
    let json = format!(
        r#"{{"version":"https://jsonfeed.org/version/1.1","items":[{{"id":"1","title":"T","tags":[{}]}}]}}"#,
        tags.join(",")
    );
    let feed = Feed::from_json(&json).unwrap();
    let show = article_widget::options::CardParts { tags: true, ..Default::default() };
    let html = render::<ArticleCard>(yew::props!(ArticleCardProps {
        article: feed.articles[0].clone(),
        href: "/x",
        on_open: Callback::noop(),
        show
    }))
    .await;
    assert_eq!(html.matches(r#"class="aw-card__tag""#).count(), 10, "{html}");
    assert!(html.contains(">t9</a>") && !html.contains(">t10</a>"), "{html}");
}
