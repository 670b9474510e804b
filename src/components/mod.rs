//! Reusable views. Props in, callbacks out; nothing here fetches or knows
//! about routes, so the SPA, the embed and native tests share them. Views
//! with their own state or effects are components; the rest are functions.

mod article_card;
mod article_list;
mod article_view;
mod blocks;
mod nav_link;
mod states;
mod time;
mod window;

use yew::prelude::*;

pub use article_card::{ArticleCard, ArticleCardProps};
pub use article_list::{ArticleList, ArticleListProps, MoreProps};
pub use article_view::{ArticleView, ArticleViewProps};
pub use blocks::render_blocks;
pub use nav_link::{back_link, card_link, pager, tag_link, NavMode, PageLink, TagLinks};
pub use states::{article_skeleton, empty_state, error_view, list_skeleton, not_found};
pub use time::{time, Clock};
#[cfg(any(not(target_arch = "wasm32"), feature = "spa"))]
pub use window::Measured;
pub use window::{Window, WINDOW_THRESHOLD};

use crate::ui_text::{Lang, Text};

/// What every view needs from whoever renders it (the SPA, the embed): the
/// language the UI speaks and the clock times are shown by. One context.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Ui {
    pub lang: Lang,
    pub clock: Clock,
}

impl Ui {
    pub fn text(&self) -> &'static Text {
        self.lang.text()
    }
}

/// The [`Ui`] an ancestor provided (`ContextProvider<Ui>`); Chinese and the
/// publisher's times without one.
#[hook]
pub fn use_ui() -> Ui {
    use_context::<Ui>().unwrap_or_default()
}
