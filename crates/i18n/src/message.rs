//! Messages as values: a catalogue key and its arguments. Errors of every layer carry one and
//! the edge (a page, the API, the command line) renders it in the reader's language, so no
//! layer below the edge writes a sentence in one language.

use crate::{I18n, Lang, Tr};
use fluent_bundle::{FluentArgs, FluentValue};
use std::fmt;

/// A catalogue key with its arguments; an argument is plain text (a value from the input, a
/// number, a code) or another message (the cause, worded in the same language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Arg {
    Text(String),
    /// A count: Fluent chooses the plural form by it (`{ $n -> [one] … *[other] … }`).
    Count(u64),
    Nested(Message),
    /// Several messages, rendered one after the other, separated by "; ".
    List(Vec<Message>),
}

impl Message {
    pub fn new(key: &'static str) -> Self {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// Adds a text argument (anything with a `Display`: a value, a code, a count).
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Adds a count, for messages whose wording depends on the number (plural forms).
    #[must_use]
    pub fn count(mut self, name: &'static str, n: u64) -> Self {
        self.args.push((name, Arg::Count(n)));
        self
    }

    /// Adds a message argument, rendered in the same language as this one.
    #[must_use]
    pub fn nested(mut self, name: &'static str, message: Message) -> Self {
        self.args.push((name, Arg::Nested(message)));
        self
    }

    /// Adds several messages as one argument, separated by "; " (all problems of one file).
    #[must_use]
    pub fn joined(mut self, name: &'static str, messages: Vec<Message>) -> Self {
        self.args.push((name, Arg::List(messages)));
        self
    }

    /// The catalogue key (for tests and for callers that branch on the kind of message).
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The message in the translator's language.
    pub fn render(&self, tr: &Tr) -> String {
        let mut args = FluentArgs::new();
        for (n, a) in &self.args {
            let v = match a {
                Arg::Text(s) => FluentValue::from(s.clone()),
                Arg::Count(c) => FluentValue::from(*c),
                Arg::Nested(m) => FluentValue::from(m.render(tr)),
                Arg::List(ms) => FluentValue::from(
                    ms.iter()
                        .map(|m| m.render(tr))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            args.set(*n, v);
        }
        tr.format(self.key, Some(&args))
    }
}

/// German, the language of the command line and the logs.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&german()))
    }
}

/// The German translator of the process.
pub fn german() -> Tr {
    Tr::new(I18n::global(), Lang::De)
}

/// An error whose words come from the catalogue: `message()` is the value the edge renders.
pub trait Described {
    fn message(&self) -> Message;
}

/// `Display` (German) and `std::error::Error` for an error type that implements [`Described`],
/// so that its sentences live in the catalogue only.
#[macro_export]
macro_rules! described_error {
    ($t:ty) => {
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&$crate::Described::message(self), f)
            }
        }
        impl ::std::error::Error for $t {}
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_messages_render_in_the_outer_language() {
        let inner = Message::new("err-sdc-k-too-small").with("k", 2);
        let m = Message::new("err-with-file")
            .with("file", "a.toml")
            .nested("cause", inner);
        let en = m.render(&Tr::new(I18n::global(), Lang::En));
        assert_eq!(en, "a.toml: Threshold k = 2 is too small (at least 3)");
        assert_eq!(
            m.to_string(),
            "a.toml: Schwelle k = 2 ist zu klein (mindestens 3)"
        );
        assert_eq!(m.key(), "err-with-file");
    }
}
