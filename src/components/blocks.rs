use yew::prelude::*;

use crate::model::{Block, Image, Inline};

/// Renders converted article content. Everything here is a typed element
/// with checked attributes; feed HTML itself never reaches the page.
pub fn render_blocks(blocks: &[Block]) -> Html {
    blocks.iter().map(block).collect()
}

fn block(block: &Block) -> Html {
    match block {
        Block::Paragraph(content) => html! { <p dir="auto">{ inlines(content) }</p> },
        Block::Heading { level, content } => {
            let tag = format!("h{level}");
            html! { <@{tag} class="aw-article__subheading" dir="auto">{ inlines(content) }</@> }
        }
        Block::List { ordered: true, items } => {
            html! { <ol>{ for items.iter().map(|item| html! { <li dir="auto">{ inlines(item) }</li> }) }</ol> }
        }
        Block::List { ordered: false, items } => {
            html! { <ul>{ for items.iter().map(|item| html! { <li dir="auto">{ inlines(item) }</li> }) }</ul> }
        }
        Block::Quote(inner) => html! { <blockquote>{ render_blocks(inner) }</blockquote> },
        Block::Figure { image, caption } => html! {
            <figure class="aw-article__figure">
                { img(image) }
                if !caption.is_empty() {
                    <figcaption dir="auto">{ inlines(caption) }</figcaption>
                }
            </figure>
        },
        Block::Preformatted(text) => html! { <pre>{ text }</pre> },
        Block::Rule => html! { <hr /> },
    }
}

fn img(image: &Image) -> Html {
    html! { <img src={image.src.clone()} alt={image.alt.clone()} loading="lazy" decoding="async" referrerpolicy="no-referrer" /> }
}

fn inlines(content: &[Inline]) -> Html {
    content.iter().map(inline).collect()
}

fn inline(inline: &Inline) -> Html {
    match inline {
        Inline::Text(text) => html! { { text } },
        Inline::Emphasis(content) => html! { <em>{ inlines(content) }</em> },
        Inline::Strong(content) => html! { <strong>{ inlines(content) }</strong> },
        Inline::Code(text) => html! { <code>{ text }</code> },
        Inline::Link { href, content } => html! {
            <a href={href.clone()} rel="noopener noreferrer" target="_blank">{ inlines(content) }</a>
        },
        Inline::Break => html! { <br /> },
    }
}
