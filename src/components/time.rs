use yew::prelude::*;

use super::Ui;
use crate::model::Timestamp;

/// How times are shown, provided by whoever renders the components (the SPA,
/// the embed). Without one, times read as the publisher wrote them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    /// The current time in Unix seconds, for "3小时前"; `None` shows dates only.
    pub now: Option<i64>,
    /// Formats a Unix time in the reader's time zone (`timezone="local"`);
    /// `None` shows the publisher's own wall-clock time.
    pub local: Option<fn(i64) -> String>,
}

/// Clocks are equal when they show the same: the same "now", and both or
/// neither on the reader's time zone. Which function formats it is not
/// compared: a renderer has one (the browser's `Intl`), and a function's
/// address is no identity (one function may have two, two may share one).
impl PartialEq for Clock {
    fn eq(&self, other: &Self) -> bool {
        self.now == other.now && self.local.is_some() == other.local.is_some()
    }
}

/// A `<time>` whose `datetime` is always the full RFC 3339 value: relative
/// under a day old, else "2024-01-24 19:41" in the publisher's (or, if asked,
/// the reader's) time zone.
pub fn time(at: &Timestamp, ui: &Ui) -> Html {
    let absolute = match ui.clock.local {
        Some(local) => local(at.unix_seconds()),
        None => at.publisher_local().to_string(),
    };
    match ui.clock.now.and_then(|now| at.ago(now)) {
        Some(ago) => {
            html! { <time datetime={at.rfc3339().to_owned()} title={absolute}>{ (ui.text().ago)(ago) }</time> }
        }
        None => html! { <time datetime={at.rfc3339().to_owned()}>{ absolute }</time> },
    }
}
