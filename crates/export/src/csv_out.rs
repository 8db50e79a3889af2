//! The one CSV writer. Every CSV abbild hands out (downloads, CLI output, the survey's
//! response export) is written here, so the rule against spreadsheet formulas lives in one
//! place: a text cell that Excel or LibreOffice would run as a formula (it starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return, OWASP's list) gets a leading apostrophe. Plain
//! numbers such as `-1,58` and a lone `-` are left alone, so figures stay figures.

use crate::{CsvStyle, ExportError};
use std::borrow::Cow;
use std::io::Write;

/// A CSV writer in one of the two dialects, neutralising formula-like cells.
#[derive(Debug)]
pub struct CsvOut<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvOut<W> {
    /// Starts a CSV: German Excel gets the byte-order mark and semicolons. Rows may differ in
    /// length (the protection note is a row of one cell).
    pub fn new(mut out: W, style: CsvStyle) -> Result<Self, ExportError> {
        let german = style == CsvStyle::GermanExcel;
        if german {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let inner = csv::WriterBuilder::new()
            .delimiter(if german { b';' } else { b',' })
            .flexible(true)
            .from_writer(out);
        Ok(Self { inner })
    }

    /// Writes one row.
    pub fn record<I, S>(&mut self, cells: I) -> Result<(), ExportError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.inner.write_record(
            cells
                .into_iter()
                .map(|c| neutralise(c.as_ref()).into_owned()),
        )?;
        Ok(())
    }

    /// Flushes and hands back the underlying writer.
    pub fn finish(self) -> Result<W, ExportError> {
        self.inner
            .into_inner()
            .map_err(|e| ExportError::Io(e.into_error()))
    }
}

/// The cell as it may safely stand in a spreadsheet.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    // A lone sign or dash is text to every spreadsheet (and abbild's "no answer" mark).
    if risky && cell.chars().count() > 1 && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A signed decimal in either dialect (`-1.58`, `-1,58`, `+3`): a number, not a formula.
fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    body.chars().next().is_some_and(|c| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        for (raw, out) in [
            (
                "=HYPERLINK(\"http://evil.example/x\",\"klick\")",
                "'=HYPERLINK(\"http://evil.example/x\",\"klick\")",
            ),
            ("+1+2", "'+1+2"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-1,58", "-1,58"),
            ("-0.25", "-0.25"),
            ("+3", "+3"),
            ("-", "-"),
            ("Verwaltung", "Verwaltung"),
            ("", ""),
        ] {
            assert_eq!(neutralise(raw), out, "{raw:?}");
        }
    }

    #[test]
    fn german_style_has_bom_and_semicolons() {
        let mut w = CsvOut::new(Vec::new(), CsvStyle::GermanExcel).unwrap();
        w.record(["a", "=1"]).unwrap();
        let bytes = w.finish().unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "\u{feff}a;'=1\n");
    }
}
