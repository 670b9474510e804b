use std::cell::RefCell;
use std::rc::Rc;

use article_widget::components::*;
use article_widget::load::LoadError;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, MouseEvent, MouseEventInit};
use yew::prelude::*;

use crate::common::*;

fn list_props(on_open: Callback<String>) -> ArticleListProps {
    yew::props!(ArticleListProps {
        feed: Rc::new(sample_feed()),
        href_for: Callback::from(|id: String| AttrValue::from(format!("/articles/{id}"))),
        on_open,
    })
}

#[wasm_bindgen_test]
async fn list_mounts_every_card_from_the_fixture() {
    let (handle, root) = mount::<ArticleList>(list_props(Callback::noop())).await;
    assert_eq!(text(&root, "h2"), "最新信息");
    let cards = all(&root, "li.aw-card");
    assert_eq!(cards.len(), 15);
    assert_eq!(text(&cards[0], ".aw-card__title"), "聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流");
    assert_eq!(one(&cards[0], "time").get_attribute("datetime").unwrap(), "2024-01-24T19:41:00+08:00");
    assert_eq!(text(&cards[0], "time"), "2024-01-24 19:41");
    assert!(all(&root, "img.aw-card__thumb").len() >= 3);
    handle.destroy();
    yew::scheduler::flush().await;
    assert_eq!(root.child_element_count(), 0);
}

/// Clicks `link` with `init`, and tells whether the widget prevented the
/// default. The test page itself never navigates: a document listener,
/// after the widget's, prevents the default for it.
async fn click_and_see_if_prevented(link: &Element, init: &MouseEventInit) -> bool {
    let prevented_by_widget = Rc::new(RefCell::new(None));
    let record = {
        let prevented_by_widget = prevented_by_widget.clone();
        Closure::<dyn Fn(MouseEvent)>::new(move |event: MouseEvent| {
            *prevented_by_widget.borrow_mut() = Some(event.default_prevented());
            event.prevent_default();
        })
    };
    document().add_event_listener_with_callback("click", record.as_ref().unchecked_ref()).unwrap();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = MouseEvent::new_with_mouse_event_init_dict("click", init).unwrap();
    link.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
    document().remove_event_listener_with_callback("click", record.as_ref().unchecked_ref()).unwrap();
    let prevented = prevented_by_widget.borrow().expect("the click reached the document");
    prevented
}

#[wasm_bindgen_test]
async fn a_plain_click_on_a_card_is_handed_up_not_followed() {
    let opened = Rc::new(RefCell::new(Vec::new()));
    let on_open = {
        let opened = opened.clone();
        Callback::from(move |id| opened.borrow_mut().push(id))
    };
    let (handle, root) = mount::<ArticleList>(list_props(on_open)).await;
    let link = one(&root, "li.aw-card:nth-child(2) a");
    assert!(click_and_see_if_prevented(&link, &MouseEventInit::new()).await);
    assert_eq!(*opened.borrow(), ["metro-linjiang-line-east-extension-opens"]);
    handle.destroy();
}

#[wasm_bindgen_test]
async fn a_modified_click_is_left_to_the_browser() {
    let opened = Rc::new(RefCell::new(0));
    let on_open = {
        let opened = opened.clone();
        Callback::from(move |_| *opened.borrow_mut() += 1)
    };
    let (handle, root) = mount::<ArticleList>(list_props(on_open)).await;
    let init = MouseEventInit::new();
    init.set_ctrl_key(true);
    assert!(!click_and_see_if_prevented(&one(&root, "li.aw-card a"), &init).await);
    assert_eq!(*opened.borrow(), 0);
    handle.destroy();
}

#[wasm_bindgen_test]
async fn in_link_mode_a_click_is_reported_and_followed() {
    let opened = Rc::new(RefCell::new(0));
    let on_open = {
        let opened = opened.clone();
        Callback::from(move |_| *opened.borrow_mut() += 1)
    };
    let mut props = list_props(on_open);
    props.mode = NavMode::Follow;
    let (handle, root) = mount::<ArticleList>(props).await;
    assert!(!click_and_see_if_prevented(&one(&root, "li.aw-card a"), &MouseEventInit::new()).await);
    assert_eq!(*opened.borrow(), 1);
    handle.destroy();
}

#[wasm_bindgen_test]
async fn article_view_renders_the_seed_and_goes_back() {
    let feed = sample_feed();
    let backs = Rc::new(RefCell::new(0));
    let on_back = {
        let backs = backs.clone();
        Callback::from(move |()| *backs.borrow_mut() += 1)
    };
    let (handle, root) = mount::<ArticleView>(yew::props!(ArticleViewProps {
        article: feed.articles[0].clone(),
        back_href: "/",
        on_back,
    }))
    .await;
    assert_eq!(text(&root, "h1"), "聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流");
    let paragraphs = all(&root, ".aw-article__body p");
    assert_eq!(paragraphs.len(), 8);
    assert!(paragraphs[0].text_content().unwrap().starts_with("市委书记陈吉宁今天下午"));
    assert_eq!(text(&root, ".aw-article__source"), "文章来源:上观新闻");
    click(&one(&root, "a.aw-back")).await;
    assert_eq!(*backs.borrow(), 1);
    handle.destroy();
}

#[derive(Properties, PartialEq)]
struct ErrorProps {
    on_retry: Callback<()>,
}

#[component]
fn Error503(props: &ErrorProps) -> Html {
    error_view(&Ui::default(), &LoadError::Http { status: 503 }, &props.on_retry, None)
}

#[wasm_bindgen_test]
async fn error_view_retry_button_calls_back() {
    let retries = Rc::new(RefCell::new(0));
    let on_retry = {
        let retries = retries.clone();
        Callback::from(move |()| *retries.borrow_mut() += 1)
    };
    let (handle, root) = mount::<Error503>(ErrorProps { on_retry }).await;
    assert_eq!(text(&root, ".aw-error__message"), "服务器暂时出了问题(HTTP 503),请稍后重试。");
    click(&one(&root, "button")).await;
    click(&one(&root, "button")).await;
    assert_eq!(*retries.borrow(), 2);
    handle.destroy();
}
