//! The domain core of abbild.
//!
//! Everything in here is pure: no IO, no async, no SQL, no HTTP. Inputs arrive as already
//! validated newtypes (see [`dims`], [`answers`]); outputs leave only through the
//! disclosure gate in [`disclosure`].

pub mod access;
pub mod answers;
pub mod benchmark;
pub mod definition;
pub mod dims;
pub mod disclosure;
pub mod field;
pub mod paygrade;
pub mod pipeline;
pub mod plausibility;
pub mod projection;
pub mod records;
pub mod representation;
pub mod retention;
pub mod sdc;
pub mod stats;
pub mod survey;

pub use answers::{Answer, Answers, Item};
pub use definition::{Class, Definition};
pub use dims::{AgeBand, Ags, Dim, DimSet, Level, SegmentKey, Sex, Status, Wave, Year};
pub use field::{Field, FieldCatalog};

/// Error for a single outside value that does not parse into a domain newtype.
///
/// Carries the offending value and what was expected (a catalogue message, worded at the
/// edge in the reader's language), so that importers can wrap it with file, row and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub value: String,
    pub expected: abbild_i18n::Message,
}

impl ParseError {
    pub fn new(value: &str, expected: abbild_i18n::Message) -> Self {
        Self {
            value: value.to_owned(),
            expected,
        }
    }
}

impl abbild_i18n::Described for ParseError {
    fn message(&self) -> abbild_i18n::Message {
        abbild_i18n::Message::new("err-parse")
            .with("value", &self.value)
            .nested("expected", self.expected.clone())
    }
}
abbild_i18n::described_error!(ParseError);

/// "a, b or c" for a list of codes: what a value of a closed list is expected to be.
pub fn one_of(codes: &[&str]) -> abbild_i18n::Message {
    let (last, rest) = codes.split_last().unwrap_or((&"", &[]));
    abbild_i18n::Message::new("exp-one-of")
        .with("choices", rest.join(", "))
        .with("last", last)
}

/// Normalises a raw cell for alias lookup: trimmed, lower case, German umlauts folded.
///
/// Why: German Excel users write `Höherer Dienst`, `hoeher`, `HÖHER`; all mean the same.
pub fn fold(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for ch in raw.trim().chars() {
        match ch {
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            '\u{a0}' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}
