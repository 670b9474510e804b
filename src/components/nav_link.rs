use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    pub href: AttrValue,
    /// Fired instead of following the link on a plain left click.
    pub on_navigate: Callback<()>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A real link (it can be opened in a new tab, copied, crawled) whose plain
/// clicks are handed to the parent, which navigates without a page load.
#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let onclick = {
        let on_navigate = props.on_navigate.clone();
        Callback::from(move |event: MouseEvent| {
            let modified =
                event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
            if event.button() == 0 && !modified {
                event.prevent_default();
                on_navigate.emit(());
            }
        })
    };
    html! {
        <a class={props.class.clone()} href={&props.href} {onclick}>{ props.children.clone() }</a>
    }
}
