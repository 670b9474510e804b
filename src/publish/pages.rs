//! Prerendered pages: the app's own shell (Trunk's `index.html`, with its
//! scripts and styles) around the same Yew components the app renders,
//! rendered to HTML natively (Yew SSR), with what search engines and link
//! previews read in the `<head>`. The page is readable with JavaScript off;
//! with it on, the app takes over (see `app::start_spa`).

use std::rc::Rc;

use serde_json::{json, Map, Value};
use yew::prelude::*;
use yew::LocalServerRenderer;

use super::address::Address;
use super::html::escape;
use crate::components::{not_found, pager, ArticleList, ArticleView, Clock, PageLink, TagLinks, Ui};
use crate::model::{Article, Feed, LazyArticle};
use crate::options::CardParts;
use crate::platform::grapheme_cut;
use crate::route::{archive_feed, tag_route, Route};
use crate::ui_text::Lang;

const HEAD_OPEN: &str = "<!--aw:head ";
const HEAD_CLOSE: &str = "<!--/aw:head-->";
const APP_EMPTY: &str = "<div id=\"app\"></div>";
/// `data-prerendered` until the app takes the page over (tests wait for that).
const PAGE_OPEN: &str = "<div id=\"app\" data-prerendered><!--aw:page-->";
const PAGE_CLOSE: &str = "<!--/aw:page--></div>";

/// The app's `index.html`, as Trunk wrote it, to wrap pages in.
#[derive(Clone, Debug)]
pub struct Shell {
    /// Up to the `<title>` element.
    head_start: String,
    /// The shell's own title, for pages that are only the shell.
    title: String,
    /// From after the `<title>` element up to the app's element.
    middle: String,
    /// After the app's element.
    end: String,
}

impl Shell {
    /// Reads a shell, or a page this module wrote from one (so that running
    /// the CLI again over its own output finds the shell it started from).
    pub fn parse(html: &str) -> Result<Shell, String> {
        let restored;
        let html = if html.contains(PAGE_OPEN) {
            restored = restore(html)?;
            &restored
        } else {
            html
        };
        let title_start = html.find("<title>").ok_or("the shell has no <title>")?;
        let title_end = html[title_start..].find("</title>").ok_or("the shell's <title> is not closed")? + title_start;
        let app = html.find(APP_EMPTY).ok_or("the shell has no empty <div id=\"app\"></div> for the page")?;
        if app < title_end {
            return Err("the shell's <div id=\"app\"> comes before its <title>".into());
        }
        Ok(Shell {
            head_start: html[..title_start].to_owned(),
            title: html[title_start + "<title>".len()..title_end].to_owned(),
            middle: html[title_end + "</title>".len()..app].to_owned(),
            end: html[app + APP_EMPTY.len()..].to_owned(),
        })
    }

    /// The shell with `<meta name="{name}" content="{content}">` (in place
    /// of the shell's own, if it has one): `article-widget:feed` names the
    /// feed this site publishes, `article-widget:routing` the routing.
    pub fn with_meta(mut self, name: &str, content: &str) -> Shell {
        let tag = format!("<meta name=\"{name}\" content=\"{}\" />", escape(content));
        let opening = format!("<meta name=\"{name}\"");
        let replaced = [&mut self.head_start, &mut self.middle].into_iter().any(|part| {
            let Some(start) = part.find(&opening) else { return false };
            let Some(end) = part[start..].find('>') else { return false };
            part.replace_range(start..start + end + 1, &tag);
            true
        });
        if !replaced {
            self.middle.insert_str(0, &tag);
        }
        self
    }

    /// A page: `head` (its `<title>` and the rest) in place of the shell's
    /// title, `body` inside the app's element.
    pub fn page(&self, head: &str, body: &str) -> String {
        format!(
            "{}{HEAD_OPEN}{}-->{head}{HEAD_CLOSE}{}{PAGE_OPEN}{body}{PAGE_CLOSE}{}",
            self.head_start,
            escape(&self.title).replace("--", "&#45;&#45;"),
            self.middle,
            self.end
        )
    }
}

/// Puts a written page back into the shell it came from. Each marker is
/// looked for after the one before it, so a page whose markers are missing,
/// repeated or out of order is an error, never a slice out of bounds.
fn restore(page: &str) -> Result<String, String> {
    let broken = || {
        "a page written by this command has lost its markers (or has them out of order): \
         give the app's own index.html with --shell, or run `trunk build` again"
            .to_owned()
    };
    let after = |from: usize, marker: &str| page[from..].find(marker).map(|at| from + at).ok_or_else(broken);
    let head = after(0, HEAD_OPEN)?;
    let title_end = after(head + HEAD_OPEN.len(), "-->")?;
    let head_end = after(title_end, HEAD_CLOSE)?;
    let body = after(head_end + HEAD_CLOSE.len(), PAGE_OPEN)?;
    let body_end = after(body + PAGE_OPEN.len(), PAGE_CLOSE)?;
    let title = unescape(&page[head + HEAD_OPEN.len()..title_end].replace("&#45;", "-"));
    Ok(format!(
        "{}<title>{}</title>{}{APP_EMPTY}{}",
        &page[..head],
        escape(&title),
        &page[head_end + HEAD_CLOSE.len()..body],
        &page[body_end + PAGE_CLOSE.len()..]
    ))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// What every page needs to know about the site.
pub struct SiteInfo<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: Option<&'a str>,
    pub address: &'a Address,
}

impl SiteInfo<'_> {
    fn lang(&self) -> Lang {
        self.language.and_then(Lang::from_tag).unwrap_or_default()
    }

    /// `<link rel="alternate">` to the feed, on every page.
    fn feed_link(&self) -> String {
        format!(
            "<link rel=\"alternate\" type=\"application/feed+json\" title=\"{}\" href=\"{}\">",
            escape(self.title),
            escape(&self.address.file("feed.json"))
        )
    }
}

/// The page of one article.
pub fn article_page(shell: &Shell, site: &SiteInfo, article: &Rc<LazyArticle>) -> String {
    let address = site.address;
    let url = address.page(&Route::Article { id: article.id.clone() });
    let headline = article.headline(grapheme_cut).unwrap_or_else(|| site.lang().text().untitled.to_owned());
    let description = article.excerpt(grapheme_cut);
    let mut head = vec![
        format!("<title>{} · {}</title>", escape(&headline), escape(site.title)),
        format!("<link rel=\"canonical\" href=\"{}\">", escape(&url)),
        site.feed_link(),
        meta_property("og:type", "article"),
        meta_property("og:title", &headline),
        meta_property("og:site_name", site.title),
    ];
    if let Some(description) = &description {
        head.push(format!("<meta name=\"description\" content=\"{}\">", escape(description)));
        head.push(meta_property("og:description", description));
    }
    if address.is_absolute() {
        head.push(meta_property("og:url", &url));
    }
    if let Some(image) = &article.image {
        head.push(meta_property("og:image", image));
    }
    if let Some(locale) = article.language.as_deref().or(site.language) {
        head.push(meta_property("og:locale", &locale.replace('-', "_")));
    }
    if let Some(published) = &article.published {
        head.push(meta_property("article:published_time", published.rfc3339()));
    }
    if let Some(modified) = &article.modified {
        head.push(meta_property("article:modified_time", modified.rfc3339()));
    }
    for tag in &article.tags {
        head.push(meta_property("article:tag", tag));
    }
    head.push(format!(
        "<script type=\"application/ld+json\">{}</script>",
        script_json(&news_article(site, article, &url))
    ));

    let props =
        ArticlePageProps { ui: site_ui(site), article: article.clone(), home: address.page(&Route::Home).into() };
    shell.page(&head.join(""), &render::<ArticlePageView>(props))
}

/// The home page: the list of the feed's first page, and a link on to the
/// archive page its `next_url` names (where the app offers "加载更多").
pub fn home_page(shell: &Shell, site: &SiteInfo, first_page: Rc<Feed>) -> String {
    let address = site.address;
    let latest = site.lang().text().latest_heading;
    let older = first_page.next_url.as_deref().and_then(|url| archive_number_of(address, url));
    let mut head = vec![
        format!("<title>{} · {}</title>", escape(latest), escape(site.title)),
        format!("<link rel=\"canonical\" href=\"{}\">", escape(&address.page(&Route::Home))),
        site.feed_link(),
    ];
    head.extend(older.map(|page| page_rel("next", address, page)));
    head.extend(site_meta(site, site.title, &Route::Home));
    let props = ListPageProps {
        ui: site_ui(site),
        feed: first_page,
        site_title: site.title.into(),
        heading: None,
        href_for: article_href(address),
        tag_links: tag_links(address),
        newer: None,
        older: older.map(|page| archive_href(address, page)),
    };
    shell.page(&head.join(""), &render::<ListPageView>(props))
}

/// Archive page `page` (1 is the oldest): the articles of `feed/<page>.json`
/// as the home page lists them, and links to the next newer page (the home
/// page after the newest, `newest`) and the next older one. Nothing in it
/// depends on newer articles, so a full page keeps its bytes; only the
/// newest page's "newer" link changes, once a newer page starts.
pub fn archive_page(shell: &Shell, site: &SiteInfo, page: usize, newest: bool, feed: Rc<Feed>) -> String {
    let address = site.address;
    let heading = format!("{} · {}", site.lang().text().latest_heading, (site.lang().archive_text().page)(page));
    let route = Route::Archive { page };
    let newer = if newest { Route::Home } else { Route::Archive { page: page + 1 } };
    let older = (page > 1).then(|| page - 1);
    let mut head = vec![
        format!("<title>{} · {}</title>", escape(&heading), escape(site.title)),
        format!("<link rel=\"canonical\" href=\"{}\">", escape(&address.page(&route))),
        site.feed_link(),
        format!("<link rel=\"prev\" href=\"{}\">", escape(&address.page(&newer))),
    ];
    head.extend(older.map(|page| page_rel("next", address, page)));
    head.extend(site_meta(site, site.title, &route));
    let props = ListPageProps {
        ui: site_ui(site),
        feed,
        site_title: site.title.into(),
        heading: Some(heading.into()),
        href_for: article_href(address),
        tag_links: tag_links(address),
        newer: Some(address.page(&newer).into()),
        older: older.map(|page| archive_href(address, page)),
    };
    shell.page(&head.join(""), &render::<ListPageView>(props))
}

/// The page of one tag: the articles of the first page of its own feed
/// (`tags/<slug>/feed.json`) as the home page lists them, under its name.
pub fn tag_page(shell: &Shell, site: &SiteInfo, name: &str, slug: &str, feed: Rc<Feed>) -> String {
    let address = site.address;
    let route = Route::Tag { slug: slug.to_owned() };
    let title = format!("{name} · {}", site.title);
    let mut head = vec![
        format!("<title>{}</title>", escape(&title)),
        format!("<link rel=\"canonical\" href=\"{}\">", escape(&address.page(&route))),
        site.feed_link(),
        format!(
            "<link rel=\"alternate\" type=\"application/feed+json\" title=\"{}\" href=\"{}\">",
            escape(&format!("{} · {name}", site.title)),
            escape(&address.file(&Address::tag_feed_path(slug)))
        ),
    ];
    head.extend(site_meta(site, &title, &route));
    let props = ListPageProps {
        ui: site_ui(site),
        feed,
        site_title: site.title.into(),
        heading: Some(AttrValue::from(name.to_owned())),
        href_for: article_href(address),
        tag_links: tag_links(address),
        newer: None,
        older: None,
    };
    shell.page(&head.join(""), &render::<ListPageView>(props))
}

/// The `og:` and description tags of a list page called `title`.
fn site_meta(site: &SiteInfo, title: &str, route: &Route) -> Vec<String> {
    let mut head = vec![
        meta_property("og:type", "website"),
        meta_property("og:title", title),
        meta_property("og:site_name", site.title),
    ];
    if let Some(description) = site.description {
        head.push(format!("<meta name=\"description\" content=\"{}\">", escape(description)));
        head.push(meta_property("og:description", description));
    }
    if site.address.is_absolute() {
        head.push(meta_property("og:url", &site.address.page(route)));
    }
    head
}

/// `<link rel="next">` (or `prev`) to archive page `page`.
fn page_rel(rel: &str, address: &Address, page: usize) -> String {
    format!("<link rel=\"{rel}\" href=\"{}\">", escape(&address.page(&Route::Archive { page })))
}

fn archive_href(address: &Address, page: usize) -> AttrValue {
    address.page(&Route::Archive { page }).into()
}

fn tag_links(address: &Address) -> TagLinks {
    let address = address.clone();
    TagLinks {
        href: Callback::from(move |tag: String| AttrValue::from(address.page(&tag_route(&tag)))),
        on_go: Callback::noop(),
    }
}

fn article_href(address: &Address) -> Callback<String, AttrValue> {
    let address = address.clone();
    Callback::from(move |id| AttrValue::from(address.page(&Route::Article { id })))
}

/// The number of the archive page at `url` (as [`archive_feed`] names it
/// under `address`), if it is one. `url` may be resolved against
/// [`Address::resolution_base`], as the feed read back has it.
fn archive_number_of(address: &Address, url: &str) -> Option<usize> {
    let url = address.publish(url);
    let prefix = address.file(&archive_feed(1));
    let prefix = prefix.strip_suffix("1.json")?;
    let number: usize = url.as_str().strip_prefix(prefix)?.strip_suffix(".json")?.parse().ok()?;
    (url == address.file(&archive_feed(number))).then_some(number)
}

/// The page for addresses the site does not have (served with a 404).
pub fn not_found_page(shell: &Shell, site: &SiteInfo) -> String {
    let text = site.lang().text();
    let head = format!(
        "<title>{} · {}</title><meta name=\"robots\" content=\"noindex\">{}",
        escape(text.not_found_heading),
        escape(site.title),
        site.feed_link()
    );
    let props = NotFoundPageProps { ui: site_ui(site), home: site.address.page(&Route::Home).into() };
    shell.page(&head, &render::<NotFoundPageView>(props))
}

/// schema.org `NewsArticle`, from the same article the page shows.
pub fn news_article(site: &SiteInfo, article: &Article, url: &str) -> Value {
    let mut data = Map::new();
    data.insert("@context".into(), json!("https://schema.org"));
    data.insert("@type".into(), json!("NewsArticle"));
    data.insert("mainEntityOfPage".into(), json!(url));
    data.insert("url".into(), json!(url));
    if let Some(headline) = article.headline(grapheme_cut) {
        data.insert("headline".into(), json!(headline));
    }
    if let Some(description) = article.excerpt(grapheme_cut) {
        data.insert("description".into(), json!(description));
    }
    if let Some(published) = &article.published {
        data.insert("datePublished".into(), json!(published.rfc3339()));
        let modified = article.modified.as_ref().unwrap_or(published);
        data.insert("dateModified".into(), json!(modified.rfc3339()));
    }
    if let Some(image) = &article.image {
        data.insert("image".into(), json!([image]));
    }
    let authors: Vec<Value> = article
        .authors
        .iter()
        .filter_map(|author| {
            let mut person = Map::new();
            person.insert("@type".into(), json!("Person"));
            person.insert("name".into(), json!(author.name.as_ref()?));
            if let Some(url) = &author.url {
                person.insert("url".into(), json!(url));
            }
            Some(Value::Object(person))
        })
        .collect();
    if !authors.is_empty() {
        data.insert("author".into(), Value::Array(authors));
    }
    let mut publisher = Map::new();
    publisher.insert("@type".into(), json!("Organization"));
    publisher.insert("name".into(), json!(site.title));
    publisher.insert("url".into(), json!(site.address.page(&Route::Home)));
    data.insert("publisher".into(), Value::Object(publisher));
    if let Some(source) = &article.source {
        let mut organization = Map::new();
        organization.insert("@type".into(), json!("Organization"));
        organization.insert("name".into(), json!(source.name));
        if let Some(url) = &source.url {
            organization.insert("url".into(), json!(url));
        }
        data.insert("sourceOrganization".into(), Value::Object(organization));
    }
    if let Some(language) = article.language.as_deref().or(site.language) {
        data.insert("inLanguage".into(), json!(language));
    }
    if !article.tags.is_empty() {
        data.insert("keywords".into(), json!(article.tags.join(", ")));
    }
    Value::Object(data)
}

/// JSON inside `<script>`: `<` is escaped, so no `</script>` or `<!--` in
/// any string can end or bend the element.
fn script_json(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

fn meta_property(property: &str, content: &str) -> String {
    format!("<meta property=\"{property}\" content=\"{}\">", escape(content))
}

/// Times read as the publisher wrote them: a page is written once, and "3
/// hours ago" would soon be wrong. The app shows relative times once it runs.
fn site_ui(site: &SiteInfo) -> Ui {
    Ui { lang: site.lang(), clock: Clock { now: None, local: None } }
}

thread_local! {
    static RUNTIME: tokio::runtime::Runtime =
        tokio::runtime::Builder::new_current_thread().build().expect("a current-thread runtime starts");
}

fn render<C: BaseComponent>(props: C::Properties) -> String {
    RUNTIME.with(|runtime| runtime.block_on(LocalServerRenderer::<C>::with_props(props).hydratable(false).render()))
}

// The pages as the app renders them (src/app/pages.rs), with no router and
// no feed to fetch: the same components inside the same `<main>`.

#[derive(Properties, PartialEq)]
struct ArticlePageProps {
    ui: Ui,
    article: Rc<LazyArticle>,
    home: AttrValue,
}

#[component]
fn ArticlePageView(props: &ArticlePageProps) -> Html {
    html! {
        <ContextProvider<Ui> context={props.ui}>
            <main class="aw-app aw-root" lang={props.ui.lang.tag()}>
                <ArticleView article={props.article.clone()} back_href={props.home.clone()} on_back={Callback::noop()} />
            </main>
        </ContextProvider<Ui>>
    }
}

#[derive(Properties, PartialEq)]
struct ListPageProps {
    ui: Ui,
    feed: Rc<Feed>,
    site_title: AttrValue,
    /// The list's heading, when not "最新信息".
    heading: Option<AttrValue>,
    href_for: Callback<String, AttrValue>,
    /// The link of a tag's page, as the app's cards have them.
    tag_links: TagLinks,
    /// The links to the next newer and the next older page.
    newer: Option<AttrValue>,
    older: Option<AttrValue>,
}

#[component]
fn ListPageView(props: &ListPageProps) -> Html {
    let link = |href: &Option<AttrValue>| href.clone().map(|href| PageLink { href, on_go: Callback::noop() });
    let pager = (props.newer.is_some() || props.older.is_some())
        .then(|| pager(props.ui.lang, link(&props.newer), link(&props.older)));
    html! {
        <ContextProvider<Ui> context={props.ui}>
            <main class="aw-app aw-root" lang={props.ui.lang.tag()}>
                <h1 class="aw-visually-hidden">{ props.site_title.clone() }</h1>
                <ArticleList
                    feed={props.feed.clone()}
                    heading={props.heading.clone()}
                    href_for={props.href_for.clone()}
                    on_open={Callback::noop()}
                    show={CardParts::APP}
                    tag_links={Some(props.tag_links.clone())}
                />
                { pager }
            </main>
        </ContextProvider<Ui>>
    }
}

#[derive(Properties, PartialEq)]
struct NotFoundPageProps {
    ui: Ui,
    home: AttrValue,
}

#[component]
fn NotFoundPageView(props: &NotFoundPageProps) -> Html {
    html! {
        <ContextProvider<Ui> context={props.ui}>
            <main class="aw-app aw-root" lang={props.ui.lang.tag()}>
                { not_found(&props.ui, false, &props.home, &Callback::noop()) }
            </main>
        </ContextProvider<Ui>>
    }
}
