//! Pay grade → Qualifikationsebene (SPEC §2): `EG 9b`, `A 11`, `S 8a` become levels.
//!
//! The default follows the usual equivalence of TVöD Entgeltgruppen, Besoldungsgruppen and
//! the S-Tabelle (Sozial- und Erziehungsdienst). Installations may override it.

use crate::dims::Level;

/// Pay table of a grade code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Eg,
    A,
    S,
}

/// Parses `EG 9b`, `E9b`, `A 11`, `A11`, `S 8a`, `B 2`, … into a level, or `None` if the
/// text is not a pay-grade code.
pub fn level_of(raw: &str) -> Option<Level> {
    let t: String = raw
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let (table, rest) = if let Some(r) = t.strip_prefix("eg") {
        (Table::Eg, r)
    } else if let Some(r) = t.strip_prefix('e') {
        (Table::Eg, r)
    } else if let Some(r) = t.strip_prefix('a') {
        (Table::A, r)
    } else if let Some(r) = t.strip_prefix('s') {
        (Table::S, r)
    } else if t.starts_with('b') || t.starts_with('r') || t.starts_with('w') {
        let num = &t[1..];
        return (!num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()))
            .then_some(Level::Hoeher);
    } else {
        return None;
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let suffix = &rest[digits.len()..];
    if !matches!(suffix, "" | "a" | "b" | "ue") {
        return None;
    }
    let n: u8 = digits.parse().ok()?;
    // Position within a grade: `9a` < `9b`; used where the split runs through a number.
    let upper_half = suffix == "b";
    Some(match table {
        Table::Eg => match n {
            1..=4 => Level::Einfach,
            5..=8 => Level::Mittel,
            9 if !upper_half => Level::Mittel,
            9..=12 => Level::Gehoben,
            13..=15 => Level::Hoeher,
            _ => return None,
        },
        Table::A => match n {
            2..=5 => Level::Einfach,
            6..=8 => Level::Mittel,
            9..=12 => Level::Gehoben,
            13..=16 => Level::Hoeher,
            _ => return None,
        },
        Table::S => match n {
            2..=3 => Level::Einfach,
            4..=7 => Level::Mittel,
            8 if !upper_half => Level::Mittel,
            8..=18 => Level::Gehoben,
            _ => return None,
        },
    })
}

/// Parses a level cell: a level code or label, or else a pay-grade code.
pub fn parse_level(raw: &str) -> Result<Level, crate::ParseError> {
    Level::parse(raw).or_else(|e| level_of(raw).ok_or(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        assert_eq!(level_of("EG 9b"), Some(Level::Gehoben));
        assert_eq!(level_of("EG 9a"), Some(Level::Mittel));
        assert_eq!(level_of("A 11"), Some(Level::Gehoben));
        assert_eq!(level_of("S 8a"), Some(Level::Mittel));
        assert_eq!(level_of("S 11b"), Some(Level::Gehoben));
        assert_eq!(level_of("E 13"), Some(Level::Hoeher));
        assert_eq!(level_of("EG 3"), Some(Level::Einfach));
        assert_eq!(level_of("B 3"), Some(Level::Hoeher));
        assert_eq!(level_of("gehoben"), None);
        assert_eq!(level_of("EG 99"), None);
    }
}
