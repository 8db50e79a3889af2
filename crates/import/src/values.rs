//! Cell value helpers: counts, and a tiny memo that spares the alias lookups of the core
//! parsers on millions of rows.

use abbild_core::ParseError;
use abbild_i18n::Message;

/// What a count column expects, shared by all count columns.
fn count_expected() -> Message {
    Message::new("exp-count")
}

/// Parses a non-negative count: `12`, `12.0`, `12,0`, `12,00`.
///
/// Why so strict about separators: `1.234` is 1234 to a German and 1.234 to everyone else,
/// and a count of persons read wrong by a factor of 1000 would silently wreck a benchmark.
/// So exactly three digits after a separator are refused as ambiguous; other fractional
/// parts must be zeros (Excel's `12,0`).
pub(crate) fn parse_count(raw: &str) -> Result<u64, ParseError> {
    let t = raw.trim();
    let (int, frac) = match t.find(['.', ',']) {
        Some(p) => (&t[..p], Some(&t[p + 1..])),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) {
        let expected = if t.starts_with('-') {
            Message::new("exp-count-negative")
        } else {
            count_expected()
        };
        return Err(ParseError::new(raw, expected));
    }
    if let Some(frac) = frac {
        if !digits(frac) {
            return Err(ParseError::new(raw, count_expected()));
        }
        if frac.len() == 3 {
            return Err(ParseError::new(raw, Message::new("exp-count-ambiguous")));
        }
        if frac.bytes().any(|b| b != b'0') {
            return Err(ParseError::new(raw, Message::new("exp-count-fraction")));
        }
    }
    int.parse::<u64>()
        .map_err(|_| ParseError::new(raw, Message::new("exp-count-too-large")))
}

/// Parses a count that must fit into `u32` (staff headcount per segment).
pub(crate) fn parse_count_u32(raw: &str) -> Result<u32, ParseError> {
    let v = parse_count(raw)?;
    u32::try_from(v).map_err(|_| ParseError::new(raw, Message::new("exp-count-u32")))
}

/// Remembers the parse result of the last few distinct cell texts of one column.
///
/// Segment columns have a handful of distinct values, but the core parsers fold every
/// value (allocating) and scan alias lists; with this memo a 3-million-row file parses each
/// distinct spelling once. High-cardinality columns simply stop being cached when full.
#[derive(Debug)]
pub(crate) struct Memo<T: Copy> {
    entries: Vec<(Box<str>, T)>,
    last: usize,
}

impl<T: Copy> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            entries: Vec::new(),
            last: 0,
        }
    }
}

const MEMO_CAP: usize = 48;

impl<T: Copy> Memo<T> {
    pub(crate) fn get(
        &mut self,
        raw: &str,
        parse: impl FnOnce(&str) -> Result<T, ParseError>,
    ) -> Result<T, ParseError> {
        if let Some((k, v)) = self.entries.get(self.last) {
            if **k == *raw {
                return Ok(*v);
            }
        }
        if let Some(i) = self.entries.iter().position(|(k, _)| **k == *raw) {
            self.last = i;
            return Ok(self.entries[i].1);
        }
        let v = parse(raw)?;
        if self.entries.len() < MEMO_CAP {
            self.last = self.entries.len();
            self.entries.push((raw.into(), v));
        }
        Ok(v)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        for (raw, v) in [
            ("12", 12),
            (" 12 ", 12),
            ("12.0", 12),
            ("12,0", 12),
            ("0", 0),
        ] {
            assert_eq!(parse_count(raw).unwrap(), v, "{raw}");
        }
        assert_eq!(parse_count("12,00").unwrap(), 12);
        for raw in [
            "", "-1", "1.234", "1.000", "12.5", "1e3", "12,", "abc", "+3", ",5",
        ] {
            assert!(parse_count(raw).is_err(), "{raw}");
        }
        assert!(parse_count("1.234")
            .unwrap_err()
            .to_string()
            .contains("mehrdeutig"));
        assert!(parse_count_u32("4294967296").is_err());
    }

    #[test]
    fn memo_caches_only_successes() {
        let mut m: Memo<u8> = Memo::default();
        let mut calls = 0;
        for raw in ["a", "a", "b", "a", "x"] {
            let _ = m.get(raw, |s| {
                calls += 1;
                if s == "x" {
                    Err(ParseError::new(s, abbild_core::one_of(&["a", "b"])))
                } else {
                    Ok(s.as_bytes()[0])
                }
            });
        }
        assert_eq!(calls, 3);
        assert!(m
            .get("x", |s| Err(ParseError::new(
                s,
                Message::new("exp-question")
            )))
            .is_err());
    }
}
