//! Reusable views. Props in, callbacks out; nothing here fetches or knows
//! about routes, so the SPA, the embed and native tests share them.

mod article_card;
mod article_list;
mod article_view;
mod blocks;
mod nav_link;
mod states;
mod time;

pub use article_card::{ArticleCard, ArticleCardProps};
pub use article_list::{ArticleList, ArticleListProps, MoreProps};
pub use article_view::{ArticleView, ArticleViewProps};
pub use blocks::render_blocks;
pub use nav_link::{NavLink, NavLinkProps, NavMode};
pub use states::{
    ArticleSkeleton, EmptyState, ErrorView, ErrorViewProps, ListSkeleton, ListSkeletonProps, NotFound, NotFoundProps,
};
pub use time::{Clock, Time, TimeProps};
