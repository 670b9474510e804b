//! HTML the publishing CLI writes by hand: the `content_html` of its feeds
//! (from the same typed blocks the widget renders, so what it publishes is
//! exactly what the widget would show) and escaping for the pages' `<head>`.

use crate::model::{Block, Image, Inline};

/// `text` safe as HTML text and as a double-quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Serializes converted content back to HTML. Only the elements and
/// attributes the block conversion keeps can appear, every text is escaped,
/// and converting the result again gives the same blocks.
pub fn blocks_to_html(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        write_block(&mut out, block);
    }
    out
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph(content) => wrap(out, "p", content),
        Block::Heading { level, content } => wrap(out, &format!("h{}", level.clamp(&2, &6)), content),
        Block::List { ordered, items } => {
            let tag = if *ordered { "ol" } else { "ul" };
            out.push_str(&format!("<{tag}>"));
            for item in items {
                wrap(out, "li", item);
            }
            out.push_str(&format!("</{tag}>"));
        }
        Block::Quote(inner) => {
            out.push_str("<blockquote>");
            for block in inner {
                write_block(out, block);
            }
            out.push_str("</blockquote>");
        }
        Block::Figure { image: Image { src, alt }, caption } => {
            out.push_str(&format!("<figure><img src=\"{}\" alt=\"{}\">", escape(src), escape(alt)));
            if !caption.is_empty() {
                wrap(out, "figcaption", caption);
            }
            out.push_str("</figure>");
        }
        // A parser drops a newline right after `<pre>`, so one that belongs
        // to the text gets another before it (as HTML's own serializer does).
        Block::Preformatted(text) => {
            let lead = if text.starts_with('\n') { "\n" } else { "" };
            out.push_str(&format!("<pre>{lead}{}</pre>", escape(text)))
        }
        Block::Rule => out.push_str("<hr>"),
    }
}

fn wrap(out: &mut String, tag: &str, content: &[Inline]) {
    out.push_str(&format!("<{tag}>"));
    write_inlines(out, content);
    out.push_str(&format!("</{tag}>"));
}

fn write_inlines(out: &mut String, content: &[Inline]) {
    for inline in content {
        match inline {
            Inline::Text(text) => out.push_str(&escape(text)),
            Inline::Emphasis(content) => wrap(out, "em", content),
            Inline::Strong(content) => wrap(out, "strong", content),
            Inline::Code(text) => out.push_str(&format!("<code>{}</code>", escape(text))),
            Inline::Link { href, content } => {
                out.push_str(&format!("<a href=\"{}\">", escape(href)));
                write_inlines(out, content);
                out.push_str("</a>");
            }
            Inline::Break => out.push_str("<br>"),
        }
    }
}
