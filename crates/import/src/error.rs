//! Import errors, worded in German for the people who fix the files (HR, statistics offices).
//!
//! Every message names the file, and for cell problems the row (as the spreadsheet shows it:
//! header = row 1), the column (as written in the file), the offending value and what was
//! expected, so that the file can be corrected without reading code or documentation.

use std::fmt;

/// How many row errors are collected before reading stops: enough to see a pattern, few
/// enough that one systematically broken column does not flood the screen.
pub const MAX_ROW_ERRORS: usize = 50;

/// Longest value echoed back in a message; longer values are cut (a broken file can hold a
/// whole megabyte in one cell).
const MAX_VALUE_CHARS: usize = 60;

/// A bad cell (or a bad combination of cells) in one data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Display name of the file (the file name, or the upload's name).
    pub file: String,
    /// Row number as the spreadsheet shows it (header = row 1).
    pub row: u64,
    /// Column header as written in the file; empty when the problem concerns the whole row.
    pub column: String,
    /// The offending value (cut to a readable length).
    pub value: String,
    /// What was expected instead, worded in the reader's language when shown.
    pub expected: abbild_i18n::Message,
}

impl RowError {
    pub fn new(
        file: &str,
        row: u64,
        column: &str,
        value: &str,
        expected: abbild_i18n::Message,
    ) -> Self {
        RowError {
            file: file.to_owned(),
            row,
            column: column.to_owned(),
            value: shorten(value),
            expected,
        }
    }
}

/// The German text, from the catalogue (`localise.rs`): one wording for the command line and
/// the pages.
impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(&crate::localise::german()))
    }
}

/// A problem with the file as a whole: it cannot be read, or its header is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// The file could not be opened or read.
    Read { reason: String },
    /// Neither CSV nor XLSX (e.g. old binary `.xls`, ODS, a PDF).
    Format { reason: String },
    /// Named `.xlsx` but not an Excel workbook: usually a CSV or text file renamed.
    NotXlsx,
    /// The XLSX container or sheet XML is broken.
    Xlsx { reason: String },
    /// The requested sheet does not exist.
    SheetNotFound {
        sheet: String,
        available: Vec<String>,
    },
    /// No header row at all.
    Empty,
    /// A header but no data rows: storing an empty import would only hide a mistake.
    NoRows,
    /// A column header that is not part of this file kind.
    UnknownColumn {
        column: String,
        position: String,
        allowed: Vec<String>,
        /// Label of the file kind this column belongs to, if another (wrong file uploaded?).
        belongs_to: Option<String>,
        /// The allowed column the header most likely means (a typo such as `feld`, `Ebnee`).
        suggestion: Option<String>,
    },
    /// A required column is missing.
    MissingColumn { code: String, header_de: String },
    /// The same column appears twice (under the same or another accepted name).
    DuplicateColumn {
        column: String,
        first: String,
        second: String,
    },
    /// `age_from` without `age_to` or vice versa: a band needs both bounds.
    AgePair { present: String, missing: String },
}

/// The German text, from the catalogue (`localise.rs`).
impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(&crate::localise::german()))
    }
}

/// Why an import was refused. Nothing of the file may be stored when this is returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Display name of the file.
    pub file: String,
    /// Problems with the file as a whole (reading, format, header).
    pub file_errors: Vec<FileError>,
    /// Problems in data rows, in file order, at most [`MAX_ROW_ERRORS`].
    pub row_errors: Vec<RowError>,
    /// True if reading stopped early because there were more row errors than shown.
    pub truncated: bool,
}

impl ImportError {
    pub(crate) fn file(file: &str, e: FileError) -> Self {
        ImportError {
            file: file.to_owned(),
            file_errors: vec![e],
            row_errors: Vec::new(),
            truncated: false,
        }
    }

    /// One message per problem, in German (the command line).
    pub fn messages(&self) -> Vec<String> {
        self.messages_in(&crate::localise::german())
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.messages().join("\n"))
    }
}

impl std::error::Error for ImportError {}

/// Collects row errors up to the cap; tells the reader when to stop.
#[derive(Debug)]
pub(crate) struct Collector {
    pub(crate) file: String,
    pub(crate) rows: Vec<RowError>,
    pub(crate) truncated: bool,
}

impl Collector {
    pub(crate) fn new(file: &str) -> Self {
        Collector {
            file: file.to_owned(),
            rows: Vec::new(),
            truncated: false,
        }
    }

    /// Records an error; once the cap is exceeded only the `truncated` flag is set.
    pub(crate) fn push(
        &mut self,
        row: u64,
        column: &str,
        value: &str,
        expected: abbild_i18n::Message,
    ) {
        if self.rows.len() >= MAX_ROW_ERRORS {
            self.truncated = true;
        } else {
            self.rows
                .push(RowError::new(&self.file, row, column, value, expected));
        }
    }

    pub(crate) fn full(&self) -> bool {
        self.truncated
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

fn shorten(value: &str) -> String {
    match value.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}

/// Spreadsheet column name of a zero-based index: 0 → `A`, 26 → `AA`.
pub(crate) fn column_letter(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn long_values_are_cut() {
        let e = RowError::new(
            "a.csv",
            2,
            "AGS",
            &"x".repeat(100),
            abbild_i18n::Message::new("exp-ags"),
        );
        assert_eq!(e.value.chars().count(), MAX_VALUE_CHARS + 1);
    }
}
