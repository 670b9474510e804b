use yew::AttrValue;
use yew_router::Routable;

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    /// yew-router percent-encodes and decodes `id`, so any feed id works.
    #[at("/articles/:id")]
    Article { id: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    pub fn href(&self) -> AttrValue {
        self.to_path().into()
    }
}
