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
    /// What was expected instead, in German.
    pub expected: String,
}

impl RowError {
    pub fn new(
        file: &str,
        row: u64,
        column: &str,
        value: &str,
        expected: impl Into<String>,
    ) -> Self {
        RowError {
            file: file.to_owned(),
            row,
            column: column.to_owned(),
            value: shorten(value),
            expected: expected.into(),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, Zeile {}", self.file, self.row)?;
        if !self.column.is_empty() {
            write!(f, ", Spalte \"{}\"", self.column)?;
        }
        write!(f, ": Wert \"{}\" – erwartet {}", self.value, self.expected)
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

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Read { reason } => write!(f, "Datei kann nicht gelesen werden: {reason}"),
            FileError::Format { reason } => {
                write!(f, "Keine CSV- oder XLSX-Datei: {reason}")
            }
            FileError::NotXlsx => f.write_str(
                "Die Datei heißt .xlsx, ist aber keine Excel-Arbeitsmappe (vielleicht eine \
                 umbenannte Text- oder CSV-Datei). Bitte in Excel öffnen und als \
                 „Excel-Arbeitsmappe (*.xlsx)“ speichern oder mit der Endung .csv hochladen.",
            ),
            FileError::Xlsx { reason } => {
                write!(f, "XLSX-Datei kann nicht gelesen werden: {reason}")
            }
            FileError::SheetNotFound { sheet, available } => write!(
                f,
                "Tabellenblatt \"{sheet}\" nicht gefunden – vorhanden: {}",
                quoted_list(available)
            ),
            FileError::Empty => f.write_str("Die Datei ist leer (keine Kopfzeile gefunden)"),
            FileError::NoRows => f.write_str("Die Datei enthält nur die Kopfzeile, keine Daten"),
            FileError::UnknownColumn {
                column,
                position,
                allowed,
                belongs_to,
                suggestion,
            } => {
                write!(f, "Spalte \"{column}\" (Spalte {position}) ist unbekannt")?;
                if let Some(k) = belongs_to {
                    write!(f, " (sie gehört in die Datei „{k}“)")?;
                } else if let Some(s) = suggestion {
                    write!(f, " – meinten Sie {s}?")?;
                }
                write!(f, " – erlaubt sind: {}", allowed.join(", "))
            }
            FileError::MissingColumn { code, header_de } => write!(
                f,
                "Pflichtspalte \"{header_de}\" ({code}) fehlt"
            ),
            FileError::DuplicateColumn {
                column,
                first,
                second,
            } => write!(
                f,
                "Spalte \"{column}\" kommt doppelt vor (Spalten {first} und {second})"
            ),
            FileError::AgePair { present, missing } => write!(
                f,
                "Spalte \"{present}\" ist vorhanden, aber \"{missing}\" fehlt – ein Altersband braucht beide Grenzen"
            ),
        }
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

    /// One message per problem, for UIs that list them.
    pub fn messages(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .file_errors
            .iter()
            .map(|e| format!("{}: {e}", self.file))
            .chain(self.row_errors.iter().map(ToString::to_string))
            .collect();
        if self.truncated {
            out.push(format!(
                "… und weitere Fehler (nur die ersten {MAX_ROW_ERRORS} werden gezeigt)"
            ));
        }
        out
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
    pub(crate) fn push(&mut self, row: u64, column: &str, value: &str, expected: &str) {
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

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
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
        let e = RowError::new("a.csv", 2, "AGS", &"x".repeat(100), "y");
        assert_eq!(e.value.chars().count(), MAX_VALUE_CHARS + 1);
    }
}
