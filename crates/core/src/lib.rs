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
/// Carries the offending value and a German/English description of what was expected, so
/// that importers can wrap it with file, row and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?}: erwartet {expected}")]
pub struct ParseError {
    pub value: String,
    pub expected: String,
}

impl ParseError {
    pub fn new(value: &str, expected: impl Into<String>) -> Self {
        Self {
            value: value.to_owned(),
            expected: expected.into(),
        }
    }
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
