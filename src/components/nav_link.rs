use yew::prelude::*;

/// What a click on a [`NavLink`] does besides telling the parent.
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

#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    pub href: AttrValue,
    /// Fired on every plain left click, whatever the mode.
    pub on_navigate: Callback<()>,
    #[prop_or_default]
    pub mode: NavMode,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
    #[prop_or_default]
    pub node_ref: NodeRef,
}

/// A real link (it can be opened in a new tab, copied, crawled) whose plain
/// clicks are reported to the parent and, when intercepted, handled by it
/// without a page load.
#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let onclick = {
        let on_navigate = props.on_navigate.clone();
        let mode = props.mode;
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
    let (target, rel) = match props.mode {
        NavMode::NewTab => (Some("_blank"), Some("noopener noreferrer")),
        NavMode::Intercept | NavMode::Follow => (None, None),
    };
    html! {
        <a ref={props.node_ref.clone()} class={props.class.clone()} href={&props.href} {target} {rel} {onclick}>{ props.children.clone() }</a>
    }
}
