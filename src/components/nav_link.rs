use yew::prelude::*;

/// What a click on a [`nav_link`] does besides telling the parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NavMode {
    /// A plain left click is handed to the parent, which navigates in place.
    #[default]
    Intercept,
    /// The browser follows the link.
    Follow,
    /// The browser opens the link in a new tab.
    NewTab,
}

/// A real link (it can be opened in a new tab, copied, crawled) whose plain
/// clicks are reported through `on_navigate` and, when intercepted, handled
/// there without a page load.
pub fn nav_link(
    href: &AttrValue,
    mode: NavMode,
    class: &'static str,
    on_navigate: &Callback<()>,
    node_ref: NodeRef,
    children: Html,
) -> Html {
    let onclick = {
        let on_navigate = on_navigate.clone();
        Callback::from(move |event: MouseEvent| {
            let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
            if event.button() == 0 && !modified {
                if mode == NavMode::Intercept {
                    event.prevent_default();
                }
                on_navigate.emit(());
            }
        })
    };
    let (target, rel) = match mode {
        NavMode::NewTab => (Some("_blank"), Some("noopener noreferrer")),
        NavMode::Intercept | NavMode::Follow => (None, None),
    };
    let link = html! { <a ref={node_ref} {onclick}>{ children }</a> };
    super::with_attributes(
        link,
        &["href", "target", "rel", "class"],
        vec![
            Some(href.clone()),
            target.map(AttrValue::Static),
            rel.map(AttrValue::Static),
            Some(AttrValue::Static(class)),
        ],
    )
}
